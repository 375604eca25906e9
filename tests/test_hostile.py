"""Hostile and broken submissions (tests/hostile/): a clean verdict or a clean exit 2, fast.

Every file of the corpus is listed in `tests/hostile/expected.yaml` with its exit code, a
fragment of the message and some item verdicts. Files too big to commit, and paths that
are not files at all, are built here at test time (`generated` in expected.yaml).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app
from grader.yamlsafe import MAX_FILE_BYTES
from tests.conftest import ANSWERS, ROOT

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict[str, Any] = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
PWNED = Path("/tmp/grader_hostile_pwned")  # what the injection strings would create if run
TIME_LIMIT = 2.0


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Import everything once (sympy included), so each case is timed on its own."""
    CliRunner().invoke(app, ["check", str(ANSWERS / "perfect.yaml")])


def _squash(text: str) -> str:
    return "".join(text.split())


def _run(runner: CliRunner, path: Path | str, *extra: str) -> tuple[Any, float]:
    start = time.perf_counter()
    result = runner.invoke(app, ["check", str(path), "--lang", "en", *extra])
    return result, time.perf_counter() - start


def _check(runner: CliRunner, path: Path | str, expected: dict[str, Any],
           prefix: str) -> None:
    """Run `check` (text, then JSON when items are listed) and compare with `expected`."""
    result, took = _run(runner, path)
    output = result.output.replace(prefix, "")
    assert "Traceback" not in output and "internal error" not in output, output[:2000]
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code == expected["exit"], output[:2000]
    assert took < TIME_LIMIT, f"took {took:.2f} s"
    if "message" in expected:
        assert _squash(expected["message"]) in _squash(output), output[:2000]
    for fragment in expected.get("absent", ()):
        assert _squash(fragment) not in _squash(output)
    if expected.get("items"):
        result, took = _run(runner, path, "--format", "json")
        assert result.exit_code == expected["exit"]
        assert took < TIME_LIMIT, f"took {took:.2f} s (json)"
        verdicts = {i["path"]: i["verdict"]
                    for q in json.loads(result.output)["questions"] for i in q["items"]}
        for item, verdict in expected["items"].items():
            assert verdicts.get(item) == verdict, (item, verdicts.get(item))
    assert not PWNED.exists(), "student text was executed"


def test_corpus_and_expectations_agree() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir()} - {"expected.yaml"}
    assert on_disk == set(EXPECTED["files"])


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_hostile_file(runner: CliRunner, name: str) -> None:
    _check(runner, HOSTILE / name, EXPECTED["files"][name], str(HOSTILE) + os.sep)


# ----------------------------------------------------------------------------- generated

_HEAD = "assignment: ch3\nstudent: {id: '2023999', name: hostile}\nanswers:\n"


def _big_50mb(tmp: Path) -> Path:
    path = tmp / "big_50mb.yaml"
    line = b"  - 'padding padding padding padding padding padding padding'\n"
    with path.open("wb") as handle:
        handle.write(_HEAD.encode() + b"  network_counts:\n")
        handle.write(line * (50_000_000 // len(line)))
    return path


def _just_over(tmp: Path) -> Path:
    path = tmp / "just_over_limit.yaml"
    body = _HEAD + "  rcnn_family: '"
    path.write_bytes((body + "x" * (MAX_FILE_BYTES - len(body) - 1) + "'\n").encode())
    assert path.stat().st_size == MAX_FILE_BYTES + 1
    return path


def _field(name: str, where: str, filler: str, size: int = 1 << 20) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_text(_HEAD + where + "'" + filler * (size // len(filler)) + "'\n",
                        encoding="utf-8")
        return path
    return build


def _directory(tmp: Path) -> Path:
    (tmp / "x.yaml").mkdir()
    return tmp / "x.yaml"


def _symlink(name: str, target: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        if not hasattr(os, "symlink"):
            pytest.skip("no symlinks on this platform")
        (tmp / name).symlink_to(tmp / target)
        return tmp / name
    return build


def _fifo(tmp: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    os.mkfifo(tmp / "fifo.yaml")
    return tmp / "fifo.yaml"


def _dev_null(tmp: Path) -> Path:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    return Path("/dev/null")


def _locked(tmp: Path) -> Path:
    path = tmp / "locked.yaml"
    path.write_text("assignment: ch3\n", encoding="utf-8")
    path.chmod(0)
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        return path
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    pytest.skip("file permissions are not enforced here (running as root?)")


GENERATED: dict[str, Callable[[Path], Path]] = {
    # 50 MB of valid YAML: refused from its size, never read.
    "big_50mb.yaml": _big_50mb,
    # One byte over the limit.
    "just_over_limit.yaml": _just_over,
    # A 1 MiB value: an unparsed item, and the message does not echo it.
    "field_1mb.yaml": _field("field_1mb.yaml", "  network_counts:\n    alexnet:\n      params: ",
                             "1"),
    # A 1 MiB formula.
    "formula_1mb.yaml": _field("formula_1mb.yaml", "  lstm_gates:\n    forget_gate: ",
                               "\\sigma(W h_{t-1}) + "),
    # A 1 MiB essay: pre-read for the TA like any other.
    "essay_1mb.yaml": _field("essay_1mb.yaml", "  rcnn_family: ", "选择性搜索 RoI 池化 RPN "),
    # A directory whose name looks like a submission.
    "x.yaml (a directory)": _directory,
    # A symlink to itself.
    "loop.yaml (a symlink loop)": _symlink("loop.yaml", "loop.yaml"),
    # A symlink to nothing.
    "dangling.yaml (a broken symlink)": _symlink("dangling.yaml", "nowhere.yaml"),
    # A named pipe: opening it for reading must not wait for a writer.
    "fifo.yaml (a named pipe)": _fifo,
    # A device.
    "/dev/null": _dev_null,
    # Unreadable permissions (skipped where they are not enforced, e.g. as root).
    "locked.yaml (mode 000)": _locked,
}


def test_every_generated_case_is_expected() -> None:
    assert set(GENERATED) == set(EXPECTED["generated"])


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_case(runner: CliRunner, tmp_path: Path, name: str) -> None:
    path = GENERATED[name](tmp_path)
    expected = EXPECTED["generated"][name]
    if name == "fifo.yaml (a named pipe)":
        # In a subprocess: if the pipe were opened blocking, this would hang, not fail.
        _check_subprocess(path, expected)
        return
    _check(runner, path, expected, str(tmp_path) + os.sep)
    if expected.get("items"):
        result, _ = _run(runner, path, "--format", "json")
        for q in json.loads(result.output)["questions"]:
            for item in q["items"]:
                for diagnosis in item["diagnoses"]:
                    assert len(diagnosis["message"]) < 1000   # the input is not echoed


def _check_subprocess(path: Path, expected: dict[str, Any]) -> None:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "check", str(path), "--lang", "en"],
                          capture_output=True, text=True, timeout=30, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    took = time.perf_counter() - start
    assert proc.returncode == expected["exit"], proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert _squash(expected["message"]) in _squash(
        (proc.stdout + proc.stderr).replace(str(path.parent) + os.sep, ""))
    assert took < 10, f"took {took:.2f} s"


def test_the_console_script_refuses_a_50mb_file_quickly(tmp_path: Path) -> None:
    """End to end, as a TA runs it: a cold process, the real file, no traceback."""
    _check_subprocess(_big_50mb(tmp_path), EXPECTED["generated"]["big_50mb.yaml"])
