"""One rule for the language and the reveal setting of every command (grader/settings.py)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from grader.settings import resolve_lang, resolve_reveal

ROOT = Path(__file__).parents[1]


@dataclass(frozen=True)
class _Rubric:
    lang: str | None
    reveal: bool


@pytest.mark.parametrize(
    ("explicit", "rubric", "env", "expected"),
    [
        ("en", _Rubric("zh", False), None, "en"),    # --lang wins over the rubric
        (None, _Rubric("en", False), "zh", "en"),    # the rubric wins over the environment
        (None, _Rubric(None, False), "en_US", "en"),  # a rubric without lang: the environment
        (None, None, "en_GB.UTF-8", "en"),           # no rubric (reference, explain)
        (None, None, None, "zh"),                    # nothing said: Chinese
        (None, None, "fr_FR", "zh"),                 # a language we do not speak: Chinese
    ],
)
def test_language_rule(monkeypatch: pytest.MonkeyPatch, explicit: str | None,
                       rubric: _Rubric | None, env: str | None, expected: str) -> None:
    for name in ("GRADER_LANG", "LC_ALL", "LANG"):
        monkeypatch.delenv(name, raising=False)
    if env:
        monkeypatch.setenv("LANG", env)
    assert resolve_lang(explicit, rubric) == expected


@pytest.mark.parametrize(
    ("explicit", "rubric", "expected"),
    [
        (True, _Rubric("zh", False), True),    # --reveal wins
        (False, _Rubric("zh", True), False),   # --no-reveal wins
        (None, _Rubric("zh", True), True),     # the rubric's policy
        (None, None, False),                   # nothing said: expected values hidden
    ],
)
def test_reveal_rule(explicit: bool | None, rubric: _Rubric | None, expected: bool) -> None:
    assert resolve_reveal(explicit, rubric) is expected


def test_no_command_resolves_the_language_its_own_way() -> None:
    """Only grader/settings.py calls `default_lang`: every command goes through the rule."""
    callers = []
    for path in sorted((ROOT / "grader").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "default_lang"):
                callers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(callers)) == ["grader/settings.py"]
