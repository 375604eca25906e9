"""The message catalogue and the code registry agree with the code that uses them:
every key used exists, no key is dead, every diagnosis code has its row."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from grader.codes import CODES, FAMILIES
from grader.i18n import catalogue, t

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for package in ("grader", "reference") for p in (ROOT / package).rglob("*.py")
                 if "messages" not in p.parts)

def _literals() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def _keys_used() -> set[tuple[str, str]]:
    """(file, key) of every literal passed as a message key: `t("key", ...)`, `key="..."`,
    and a `diag("code", "key")` / `Note("code", "key")` second argument."""
    used: set[tuple[str, str]] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = node.args
            if name == "t" and args and isinstance(args[0], ast.Constant):
                used.add((path.name, str(args[0].value)))
            if name in ("diag", "Note", "Diag", "FormulaDiagnosis") and len(args) > 1 \
                    and isinstance(args[1], ast.Constant):
                used.add((path.name, str(args[1].value)))
            for kw in node.keywords:
                if kw.arg in ("key", "message") and isinstance(kw.value, ast.Constant) \
                        and isinstance(kw.value.value, str) and "." in kw.value.value:
                    used.add((path.name, kw.value.value))
    return used


_FILE_SUFFIXES = (".zip", ".html", ".json", ".csv", ".md", ".yaml", ".yml", ".py", ".txt")


def test_every_key_used_exists() -> None:
    missing = sorted((f, k) for f, k in _keys_used() if k not in catalogue())
    assert missing == []
    # Literals anywhere that look like a key of a catalogue topic (a key passed through a
    # table or a positional argument) exist too.
    prefixes = {k.split(".")[0] + "." for k in catalogue() if "." in k}
    looks_like_key = {s for s in _literals() if s.startswith(tuple(prefixes)) and " " not in s
                      and not s.endswith(_FILE_SUFFIXES) and s.count(".") >= 1
                      and not s.endswith(".") and s.replace(".", "").replace("_", "").isalnum()}
    assert sorted(looks_like_key - set(catalogue())) == []


def test_no_key_is_dead() -> None:
    literals = _literals()
    dead = sorted(k for k in catalogue() if k not in literals)
    assert dead == []


def test_a_missing_key_raises_in_tests() -> None:
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        t("no.such.key", "en")


def test_the_finder_sees_keys() -> None:
    # The scan is not vacuous: well-known keys are found where they are used.
    used = {k for _, k in _keys_used()}
    assert {"counts.copied_from", "formula.time_index", "report.total"} <= used
    assert "verdict.correct" in _literals()


@pytest.mark.parametrize("name", sorted(CODES))
def test_every_code_row_is_complete(name: str) -> None:
    row = CODES[name]
    assert row.family in FAMILIES
    for text in (row.summary, row.example, row.fix):
        assert text.zh.strip() and text.en.strip()
    assert 0.0 <= row.credit <= 1.0


def test_every_code_emitted_has_a_row() -> None:
    # Every `code="..."` literal in the code names a registered code.
    emitted: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                        emitted.add(str(kw.value.value))
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("diag", "Note", "Diag") and node.args \
                        and isinstance(node.args[0], ast.Constant):
                    emitted.add(str(node.args[0].value))
    assert emitted, "the scan found no codes"
    assert sorted(emitted - set(CODES)) == []
