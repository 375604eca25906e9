"""TA overrides: parsing with file:line errors, checking against the rubric, applying."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.errors import InputError
from grader.overrides import (
    Override,
    apply_overrides,
    check_overrides,
    overridable_items,
    parse_overrides_text,
)
from grader.report import Verdict
from grader.rubric import find_rubric
from tests.conftest import ANSWERS
from tests.helpers import grade_file, item

RUBRIC = find_rubric("ch3")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # A misspelt field, located at its key.
        ('- {student: "1", item: forward_ops.alexnet.mults, scor: 1}\n',
         "o.yaml:1:51: unknown field 'scor'; did you mean 'score'?"),
        # No score at all.
        ('- {student: "1", item: forward_ops.alexnet.mults}\n',
         "o.yaml:1:3: the override has no score"),
        # A score that is not a number.
        ('- {student: "1", item: forward_ops.alexnet.mults, score: lots}\n',
         "o.yaml:1:58: cannot read the score 'lots'"),
        # The same student and item twice.
        ('- {student: "1", item: forward_ops.alexnet.mults, score: 1}\n'
         '- {student: "1", item: forward_ops.alexnet.mults, score: 0}\n',
         "o.yaml:2:3: student '1', item 'forward_ops.alexnet.mults' is overridden twice "
         "(first on line 1)"),
        # Not a list.
        ("student: 1\n", "o.yaml:1:1: unknown key 'student'"),
        # A list of strings.
        ("- 2023001\n", "o.yaml:1:3: an override must be a mapping"),
    ],
)
def test_parse_errors_name_file_line_column(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_overrides_text(text, "o.yaml")
    assert caught.value.describe().startswith(message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plain list, a fraction as the score, a comment.
        ('- {student: "1", item: rcnn_family, score: 9/2, comment: 清楚}\n',
         [Override("1", "rcnn_family", 4.5, "清楚", "o.yaml", 1, 3)]),
        # A mapping with `overrides:`; no comment.
        ('overrides:\n  - {student: "2", item: forward_ops.alexnet.adds, score: 1}\n',
         [Override("2", "forward_ops.alexnet.adds", 1, "", "o.yaml", 2, 5)]),
    ],
)
def test_parse(text: str, expected: list[Override]) -> None:
    assert list(parse_overrides_text(text, "o.yaml")) == expected


@pytest.mark.parametrize(
    ("path", "score", "message"),
    [
        # One letter off: did you mean.
        ("network_counts.alexnet.parms", 1,
         "o.yaml:4:3: unknown item 'network_counts.alexnet.parms' in rubric 'ch3'; "
         "did you mean 'network_counts.alexnet.params'?"),
        # A question with several items cannot be overridden as a whole.
        ("network_counts", 1, "o.yaml:4:3: unknown item 'network_counts'"),
        # More than the item is worth (2 points).
        ("network_counts.alexnet.params", 3,
         "o.yaml:4:3: score 3 is more than the 2 points of 'network_counts.alexnet.params'"),
    ],
)
def test_check_against_the_rubric(path: str, score: float, message: str) -> None:
    o = Override("1", path, score, "", "o.yaml", 4, 3)
    with pytest.raises(InputError) as caught:
        check_overrides([o], RUBRIC)
    assert caught.value.describe().startswith(message)


def test_overridable_items() -> None:
    items = overridable_items(RUBRIC)
    assert items["network_counts.alexnet.params"] == 2
    assert items["rcnn_family"] == 5  # an essay: its question id
    assert "network_counts" not in items


def test_apply_makes_new_frozen_models() -> None:
    report = grade_file(ANSWERS / "seed_000.yaml")  # AlexNet params: bias_omitted, 1 of 2
    before = report.model_dump()
    o = Override("seed-000", "network_counts.alexnet.params", 2, "偏置已在草稿中写出", "o.yaml", 1)
    new = apply_overrides(report, [o])
    assert report.model_dump() == before  # untouched
    changed = item(new, "network_counts.alexnet.params")
    assert (changed.score, changed.verdict) == (2, Verdict.CORRECT)
    assert [d.code for d in changed.diagnoses][:3] == ["ta_override", "automatic_result",
                                                       "bias_omitted"]
    assert changed.diagnoses[0].message("zh") == "助教改分：2/2。偏置已在草稿中写出"
    assert changed.diagnoses[1].message("en") == "automatic grading gave: partial, 1/2"
    assert new.score == report.score + 1
    with pytest.raises(Exception):  # frozen  # noqa: B017
        changed.score = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("override", "score", "verdict"),
    [
        # An essay by its question id: graded by the TA.
        (Override("seed-000", "rcnn_family", 4.5, "RPN 讲得清楚"), 4.5, Verdict.PARTIAL),
        # Zero points.
        (Override("seed-000", "network_counts.alexnet.neurons", 0, "抄袭"), 0, Verdict.INCORRECT),
        # Another student: nothing changes.
        (Override("2023999", "network_counts.alexnet.neurons", 0, ""), None, None),
    ],
)
def test_apply_cases(override: Override, score: float | None, verdict: Verdict | None) -> None:
    report = grade_file(ANSWERS / "seed_000.yaml")
    new = apply_overrides(report, [override])
    if score is None:
        assert new is report
        return
    changed = item(new, "rcnn_family" if override.item == "rcnn_family" else override.item)
    assert (changed.score, changed.verdict) == (score, verdict)


def _csv(out: Path) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig")))
    return {r["file"]: r for r in rows}


def test_batch_applies_overrides_and_reruns_identically(tmp_path: Path,
                                                        runner: CliRunner) -> None:
    root = tmp_path / "class"
    root.mkdir()
    for name in ("seed_000.yaml", "seed_001.yaml"):
        (root / name).write_text((ANSWERS / name).read_text(encoding="utf-8"), encoding="utf-8")
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "# TA decisions after the review meeting\n"
        '- {student: seed-000, item: network_counts.alexnet.params, score: 2, '
        "comment: 偏置已在草稿中写出}\n"
        "- {student: seed-000, item: rcnn_family, score: 4}\n"
        '- {student: "2023999", item: rcnn_family, score: 1}\n',
        encoding="utf-8")
    plain, first, second = tmp_path / "plain", tmp_path / "first", tmp_path / "second"
    for out, extra in ((plain, []), (first, ["--overrides", str(overrides)]),
                       (second, ["--overrides", str(overrides)])):
        result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--jobs", "1",
                                     "--lang", "en", *extra])
        assert result.exit_code == 0, result.output
    before, after = _csv(plain)["seed_000.yaml"], _csv(first)["seed_000.yaml"]
    automatic = json.loads((plain / "reports" / "seed-000.json").read_text(encoding="utf-8"))
    auto = {i["path"]: i["score"] for q in automatic["questions"] for i in q["items"]}
    assert auto["network_counts.alexnet.params"] == 1  # bias_omitted: half of 2
    assert float(after["total"]) == pytest.approx(
        float(before["total"]) + (2 - 1) + (4 - auto["rcnn_family"]))
    assert float(after["rcnn_family"]) == 4
    assert after["overrides"] == "network_counts.alexnet.params;rcnn_family"
    assert _csv(first)["seed_001.yaml"] == _csv(plain)["seed_001.yaml"]
    report = json.loads((first / "reports" / "seed-000.json").read_text(encoding="utf-8"))
    assert report["score"] == float(after["total"])
    params = next(i for q in report["questions"] for i in q["items"]
                  if i["path"] == "network_counts.alexnet.params")
    assert params["diagnoses"][0] == {"code": "ta_override",
                                      "message": "TA override: 2/2. 偏置已在草稿中写出"}
    md = (first / "reports" / "seed-000.md").read_text(encoding="utf-8")
    assert "\\[ta\\_override\\] TA override: 2/2." in md  # escaped: inert Markdown
    summary = json.loads((first / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"] == {"applied": 2, "ambiguous": [], "unmatched": [
        {"student": "2023999", "item": "rcnn_family",
         "where": "overrides.yaml:4"}]}
    # Re-running gives the same bytes (overrides survive a re-run; nothing accumulates).
    for name in ("grades.csv", "summary.json", "report.html", "reports/seed-000.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_an_override_on_a_shared_id_is_applied_to_no_one(tmp_path: Path,
                                                        runner: CliRunner) -> None:
    # Two submissions carry the same student id: the TA must say which file is meant.
    root = tmp_path / "class"
    root.mkdir()
    text = (ANSWERS / "seed_000.yaml").read_text(encoding="utf-8")
    for name in ("bob.yaml", "dave.yaml"):
        (root / name).write_text(text, encoding="utf-8")
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("- {student: seed-000, item: rcnn_family, score: 4}\n"
                         "- {student: dave, item: rcnn_family, score: 5}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--jobs", "1",
                                 "--lang", "en", "--overrides", str(overrides)])
    assert result.exit_code == 0, result.output
    assert "not applied: several submissions carry that id" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"]["applied"] == 1
    assert [o["student"] for o in summary["overrides"]["ambiguous"]] == ["seed-000"]
    rows = _csv(out)
    assert rows["dave.yaml"]["rcnn_family"] == "5"   # named by its file: applied
    assert rows["bob.yaml"]["rcnn_family"] != "4"    # the shared id: not applied
