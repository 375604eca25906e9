"""`grader table`: the ranked Table 3.7 a student should build, and AP under every convention."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner, Result

from grader.cli import app
from grader.render_detection import decimal_text, ratio_text

ENV = {"COLUMNS": "100", "NO_COLOR": "1"}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["table", *args], env=ENV)


def lines(result: Result) -> list[str]:
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_text_table_en() -> None:
    result = run("--lang", "en")
    assert result.exit_code == 0, result.output
    out = lines(result)
    assert out[:4] == [
        "Table 3.7: precision, recall and AP at confidence threshold 0.3",
        "Detections with confidence ≥ 0.3, ranked; M = 25 ground-truth objects",
        "rank   id   confidence   label   TP   FP   precision      recall        "
        "interpolated precision",
        "─" * 94,
    ]
    rows = out[4:14]
    assert rows[0] == ("   1    3         0.92     1      1    0   1              "
                       "1/25 = 0.04   1")
    assert rows[2] == ("   3   11         0.69     0      2    1   2/3 ≈ 0.6667   "
                       "2/25 = 0.08   1")
    # ids 1 and 14 tie at 0.35 and keep the table's order: 1 (false) first
    assert rows[7:] == [
        "   8    1         0.35     0      3    5   3/8 = 0.375    3/25 = 0.12   3/4 = 0.75",
        "   9   14         0.35     1      4    5   4/9 ≈ 0.4444   4/25 = 0.16   4/9 ≈ 0.4444",
        "  10   19         0.32     0      4    6   2/5 = 0.4      4/25 = 0.16   4/9 ≈ 0.4444",
    ]
    assert out[14] == ("At confidence ≥ 0.3: precision = TP / kept = 4/10 = 2/5 = 0.4; "
                       "recall = TP / M = 4/25 = 0.16")
    assert out[16:] == [
        "AP under each convention",
        "convention                                             fraction    decimal   status",
        "─" * 88,
        "textbook AP (interpolated precision at each hit / M)     23/180   0.127778   ← reference",
        "PASCAL VOC2007 11-point AP                                 7/44   0.159091",
        "PASCAL VOC2010 all-point AP                              23/180   0.127778   accepted",
        "COCO 101-point AP                                       124/909   0.136414",
        "non-interpolated AP (scikit-learn style)                 23/180   0.127778",
    ]


def test_text_table_zh() -> None:
    result = run("detection_metrics", "--rubric", "ch3", "--lang", "zh")
    assert result.exit_code == 0, result.output
    out = lines(result)
    assert out[0] == "表 3.7：置信度阈值 0.3 时的精度、召回率与 AP"
    assert "   9     14     0.35    1      4    5   4/9 ≈ 0.4444   4/25 = 0.16   4/9 ≈ 0.4444" \
        in out
    assert "置信度 ≥ 0.3 时：精度 = TP / 保留数 = 4/10 = 2/5 = 0.4；召回率 = TP / M = 4/25 = 0.16" \
        in out
    assert "教材算法（各正例处的最大精度之和除以 M）    23/180   0.127778   ← 参考算法" in out


def test_json_holds_exact_fractions() -> None:
    result = run("--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("rubric", "question", "threshold", "inclusive",
                                 "ground_truth", "precision", "recall")} == {
        "rubric": "ch3", "question": "detection_metrics", "threshold": "0.3",
        "inclusive": True, "ground_truth": 25, "precision": "2/5", "recall": "4/25"}
    assert len(data["rows"]) == 10
    assert data["rows"][8] == {
        "rank": 9, "id": "14", "confidence": "0.35", "positive": True, "tp": 4, "fp": 5,
        "precision": "4/9", "recall": "4/25", "interpolated_precision": "4/9"}
    assert [r["interpolated_precision"] for r in data["rows"]] == [
        "1", "1", "1", "3/4", "3/4", "3/4", "3/4", "3/4", "4/9", "4/9"]
    assert [(a["convention"], a["value"], a["decimal"], a["reference"], a["accepted"])
            for a in data["ap"]] == [
        ("textbook", "23/180", 0.127778, True, True),
        ("voc2007_11pt", "7/44", 0.159091, False, False),
        ("voc2010_all_point", "23/180", 0.127778, False, True),
        ("coco_101pt", "124/909", 0.136414, False, False),
        ("non_interpolated", "23/180", 0.127778, False, False),
    ]
    # every fraction string reads back exactly
    assert sum(Fraction(r["interpolated_precision"]) for r in data["rows"]
               if r["positive"]) / 25 == Fraction(23, 180)


def test_custom_rubric_exclusive_threshold(tmp_path: Path) -> None:
    # "> 0.35" drops the two rows at exactly 0.35.
    rubric = tmp_path / "r.yaml"
    rubric.write_text(dedent("""\
        id: r
        title: {zh: 检测, en: detection}
        questions:
          - id: det
            kind: detection_metrics
            title: {zh: 检测表, en: Detections}
            params:
              threshold: "0.35"
              inclusive: false
              ground_truth: 5
              ap_convention: coco_101pt
              detections:
                - {id: a, confidence: "0.9", positive: true}
                - {id: b, confidence: "0.35", positive: true}
                - {id: c, confidence: "0.5", positive: false}
        """), encoding="utf-8")
    result = run("--rubric", str(rubric), "--lang", "en")
    assert result.exit_code == 0, result.output
    out = lines(result)
    assert out[1] == "Detections with confidence > 0.35, ranked; M = 5 ground-truth objects"
    assert [line.split()[1] for line in out[4:6]] == ["a", "c"]
    assert out[6] == ("At confidence > 0.35: precision = TP / kept = 1/2 = 0.5; "
                      "recall = TP / M = 1/5 = 0.2")
    assert any(line.startswith("COCO 101-point AP") and line.endswith("← reference")
               for line in out)


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        # unknown question id, with a suggestion
        (["detection_metric", "--lang", "en"],
         "rubric ch3 has no question 'detection_metric'; did you mean 'detection_metrics'?"),
        # a question of another kind
        (["network_counts", "--lang", "en"],
         "question network_counts of rubric ch3 is a network_counts question, not "
         "detection_metrics; detection questions: detection_metrics"),
        # unknown rubric
        (["--rubric", "ch9"], "no rubric 'ch9'"),
    ],
)
def test_errors_exit_2(args: list[str], stderr: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert stderr in result.stderr
    assert result.stdout == ""


def test_rubric_without_detection_question(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(dedent("""\
        id: r
        title: {zh: 题, en: q}
        questions:
          - {id: essay, kind: short_answer, title: {zh: 题, en: q}}
        """), encoding="utf-8")
    result = run("--rubric", str(rubric), "--lang", "en")
    assert result.exit_code == 2
    assert "rubric r has no detection_metrics question" in result.stderr


def test_bad_rubric_names_file_and_line(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(dedent("""\
        id: r
        title: {zh: 题, en: q}
        questions:
          - id: det
            kind: detection_metrics
            title: {zh: 题, en: q}
            params:
              threshold: "0.3"
              ground_truth: 0
              detections: [{id: a, confidence: "0.9", positive: false}]
        """), encoding="utf-8")
    result = run("--rubric", str(rubric))
    assert result.exit_code == 2
    assert f"{rubric}:9:" in result.stderr
    assert "ground_truth (M, the number of ground-truth objects) must be at least 1" \
        in result.stderr


@pytest.mark.parametrize(
    ("value", "decimal", "ratio"),
    [
        (Fraction(1), "1", "1"),                       # whole numbers stay whole
        (Fraction(3, 4), "0.75", "3/4 = 0.75"),        # terminating: exact
        (Fraction(2, 3), "0.6667", "2/3 ≈ 0.6667"),    # rounded half up
        (Fraction(1, 25), "0.04", "1/25 = 0.04"),
        (Fraction(1, 3200), "0.0003", "1/3200 ≈ 0.0003"),  # more than 4 decimals: rounded
        (Fraction(0), "0", "0"),
    ],
)
def test_cell_formats(value: Fraction, decimal: str, ratio: str) -> None:
    assert (decimal_text(value), ratio_text(value)) == (decimal, ratio)
