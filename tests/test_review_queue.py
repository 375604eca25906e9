"""The review queue (issue 16): items awaiting a TA are counted and listed, their suggested
points kept apart from the confirmed ones, and written as a sheet the TA fills in and
passes back with --overrides."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app

ANSWERS = Path(__file__).resolve().parent.parent / "answers"


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    root = tmp_path / "class"
    root.mkdir()
    for name in ("perfect.yaml", "seed_000.yaml", "seed_001.yaml"):
        (root / name).write_text((ANSWERS / name).read_text(encoding="utf-8"),
                                 encoding="utf-8")
    return root


def _rows(out: Path) -> dict[str, dict[str, str]]:
    text = (out / "grades.csv").read_text(encoding="utf-8-sig")
    return {r["file"]: r for r in csv.DictReader(io.StringIO(text))}


def test_the_queue_is_counted_listed_and_kept_apart(runner: CliRunner, klass: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(klass), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    queue = summary["needs_review"]
    rows = _rows(out)
    for file, row in rows.items():
        mine = [q for q in queue if q["file"] == file]
        assert int(row["needs_review"]) == len(mine)
        provisional = sum(q["suggested_score"] for q in mine)
        assert float(row["provisional"]) == pytest.approx(provisional)
        assert float(row["confirmed"]) + float(row["provisional"]) == \
            pytest.approx(float(row["total"]))
    assert summary["provisional_points"] == pytest.approx(
        sum(q["suggested_score"] for q in queue))
    # perfect.yaml: seven essays and three programming exercises await a TA
    assert rows["perfect.yaml"]["needs_review"] == "10"
    essay = next(q for q in queue if q["file"] == "seed_000.yaml"
                 and q["item"] == "gan_training")
    assert set(essay) == {"student_id", "file", "item", "suggested_score", "max_score",
                          "missing_concepts", "missing_labels"}
    assert (essay["suggested_score"], essay["max_score"], essay["missing_concepts"]) == \
        (3, 5, ["alternating", "minimax", "equilibrium"])
    assert "items await a TA" in result.output


def test_the_review_sheet_round_trip(runner: CliRunner, klass: Path, tmp_path: Path) -> None:
    out, sheet = tmp_path / "out", tmp_path / "review.yaml"
    first = runner.invoke(app, ["batch", str(klass), "--out", str(out), "--lang", "zh",
                                "--review-sheet", str(sheet)])
    assert first.exit_code == 0, first.output
    entries = yaml.safe_load(sheet.read_text(encoding="utf-8"))["overrides"]
    queue = json.loads((out / "summary.json").read_text(encoding="utf-8"))["needs_review"]
    assert len(entries) == len(queue)
    assert [(e["item"], e["score"]) for e in entries] == \
        [(q["item"], q["suggested_score"]) for q in queue]
    assert sheet.read_text(encoding="utf-8").startswith("# 待助教复核的题目，已填入建议分。")
    # the TA confirms every item: the queue empties, nothing is provisional any more
    second = runner.invoke(app, ["batch", str(klass), "--out", str(out), "--lang", "zh",
                                 "--overrides", str(sheet)])
    assert second.exit_code == 0, second.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["needs_review"] == [] and summary["provisional_points"] == 0
    assert summary["overrides"]["applied"] == len(entries)
    assert all(r["needs_review"] == "0" and r["provisional"] == "0"
               for r in _rows(out).values())


def test_the_review_sheet_is_never_written_over(runner: CliRunner, klass: Path,
                                                tmp_path: Path) -> None:
    sheet = tmp_path / "review.yaml"
    sheet.write_text("# my edits\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(klass), "--out", str(tmp_path / "out"),
                                 "--lang", "en", "--review-sheet", str(sheet)])
    assert result.exit_code == 2
    assert "already exists: the review sheet is never written over" in result.output
    assert sheet.read_text(encoding="utf-8") == "# my edits\n"
