"""Several files of one student (issue 16, `--attempts`): by default the latest counts (its
own `submitted_at`, else the file's time), `best` keeps the highest total, `all` keeps every
file; the others are listed, never counted."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app

ANSWERS = Path(__file__).resolve().parent.parent / "answers"


def _attempt(root: Path, name: str, source: str, submitted_at: str | None,
             mtime: int) -> None:
    data = yaml.safe_load((ANSWERS / source).read_text(encoding="utf-8"))
    data["student"] = {"id": "2023042", "name": "王小明"}
    if submitted_at is not None:
        data["submitted_at"] = submitted_at
    path = root / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    os.utime(path, (mtime, mtime))


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    root = tmp_path / "class"
    root.mkdir()
    # the perfect attempt was handed in first; the later one has mistakes
    _attempt(root, "first.yaml", "perfect.yaml", "2026-11-01T10:00:00+08:00", 2_000_000_000)
    _attempt(root, "second.yaml", "seed_001.yaml", "2026-11-02T09:00:00+08:00", 1_000_000_000)
    return root


@pytest.mark.parametrize(
    ("extra", "counted", "superseded"),
    [
        # latest by submitted_at (the file times say the opposite)
        ([], ["second.yaml"], [{"file": "first.yaml", "student_id": "2023042",
                                "kept": "second.yaml"}]),
        # the best total
        (["--attempts", "best"], ["first.yaml"],
         [{"file": "second.yaml", "student_id": "2023042", "kept": "first.yaml"}]),
        # every file counted, the duplicate id flagged
        (["--attempts", "all"], ["first.yaml", "second.yaml"], []),
    ],
)
def test_which_attempt_counts(runner: CliRunner, klass: Path, tmp_path: Path,
                              extra: list[str], counted: list[str],
                              superseded: list[dict[str, str]]) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(klass), "--out", str(out), "--lang", "en",
                                 *extra])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["superseded"] == superseded
    assert sorted(summary["reports"]) == counted
    assert summary["files"] == 2 and summary["graded"] == len(counted)
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO(
        (out / "grades.csv").read_text(encoding="utf-8-sig")))}
    for x in superseded:
        assert rows[x["file"]]["total"] == ""
        assert rows[x["file"]]["error"] == \
            f"superseded by {x['kept']} (another attempt of the same student)"


def test_without_submitted_at_the_file_time_decides(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "class"
    root.mkdir()
    _attempt(root, "a.yaml", "perfect.yaml", None, 1_000_000_000)
    _attempt(root, "b.yaml", "seed_001.yaml", None, 2_000_000_000)   # modified later
    out = tmp_path / "out"
    assert runner.invoke(app, ["batch", str(root), "--out", str(out)]).exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [s["file"] for s in summary["superseded"]] == ["a.yaml"]


def test_an_unknown_mode_is_refused(runner: CliRunner, klass: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(klass), "--out", str(tmp_path / "o"),
                                 "--lang", "en", "--attempts", "first"])
    assert result.exit_code == 2
    assert "--attempts must be latest, best or all (not first)" in result.output


def test_submitted_at_is_part_of_a_submission(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text("assignment: ch3\nsubmitted_at: 2026-11-02T09:00:00+08:00\n"
                    "answers: {detection_metrics: {precision: 0.4}}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 1 and "unknown key" not in result.output
