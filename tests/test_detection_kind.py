"""Kinds `detection_metrics` and `iou`: expected values, diagnoses, credit and rubric errors."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.engine import grade
from grader.errors import RubricError
from grader.report import ItemResult, Report, Verdict
from grader.rubric import Rubric, find_rubric, load_rubric
from grader.submission import load_submission, parse_submission, read_document

ROOT = Path(__file__).resolve().parent.parent

# Table 3.7 as in rubrics/ch3.yaml, for rubric variants written into tmp_path.
TABLE_3_7 = """\
        - {id: "3", confidence: "0.92", positive: true}
        - {id: "7", confidence: "0.78", positive: true}
        - {id: "11", confidence: "0.69", positive: false}
        - {id: "20", confidence: "0.52", positive: true}
        - {id: "9", confidence: "0.47", positive: false}
        - {id: "17", confidence: "0.45", positive: false}
        - {id: "12", confidence: "0.43", positive: false}
        - {id: "1", confidence: "0.35", positive: false}
        - {id: "14", confidence: "0.35", positive: true}
        - {id: "19", confidence: "0.32", positive: false}
"""


def detection_rubric(tmp_path: Path, params: str, *, name: str = "det.yaml",
                     detections: str = TABLE_3_7) -> Rubric:
    """A one-question rubric (id `det`, 2 points per item) with the given extra params."""
    text = dedent("""\
        id: det
        title: {zh: 检测, en: detection}
        questions:
          - id: detection_metrics
            kind: detection_metrics
            title: {zh: 表 3.7, en: Table 3.7}
            points: 2
            params:
        """) + "".join(f"      {line}\n" for line in dedent(params).splitlines()) \
        + "      detections:\n" + detections
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_rubric(path)


def grade_answers(rubric: Rubric, answers: str) -> Report:
    """Grade a submission whose `answers:` block is `answers` (YAML, indented by 2)."""
    text = f"assignment: {rubric.id}\nanswers:\n" + "".join(
        f"  {line}\n" for line in dedent(answers).splitlines())
    doc = read_document(text=text, name="submission.yaml")
    return grade(rubric, parse_submission(doc, rubric))


def item(report: Report, path: str) -> ItemResult:
    return next(i for i in report.items() if i.path == path)


def codes(result: ItemResult) -> list[str]:
    return [d.code for d in result.diagnoses]


@pytest.fixture(scope="module")
def ch3() -> Rubric:
    return find_rubric("ch3")


# ----------------------------------------------------------------------------- seeds


def test_seed_001_detection_answers_are_correct() -> None:
    submission, rubric = load_submission(ROOT / "answers" / "seed_001.yaml")
    report = grade(rubric, submission)
    q = next(q for q in report.questions if q.id == "detection_metrics")
    got = [(i.path, i.submitted, i.expected, i.verdict, i.score, codes(i)) for i in q.items]
    assert got == [
        ("detection_metrics.precision", "4/(4 + 6) = 0.4", "0.4 (2/5)", Verdict.CORRECT, 2, []),
        ("detection_metrics.recall", "4/25 = 0.16", "0.16 (4/25)", Verdict.CORRECT, 2, []),
        # "≈ 0.128" is 23/180 = 0.12777… to the 3 significant figures given.
        ("detection_metrics.ap", "≈ 0.128", "0.127778 (23/180)", Verdict.CORRECT, 2,
         ["rounding"]),
    ]
    assert (q.score, q.max_score) == (6, 6)
    assert item(report, "detection_metrics.ap").diagnoses[0].message("en") == (
        "an approximation, correct to the 3 significant figures given")


def test_perfect_submission_detection_answers_are_correct() -> None:
    submission, rubric = load_submission(ROOT / "answers" / "perfect.yaml")
    report = grade(rubric, submission)
    q = next(q for q in report.questions if q.id == "detection_metrics")
    assert [(i.verdict, i.diagnoses) for i in q.items] == [(Verdict.CORRECT, ())] * 3


# ----------------------------------------------------------------------------- ch3 cases


@pytest.mark.parametrize(
    ("metric", "submitted", "verdict", "score", "expected_codes"),
    [
        # exact forms of the right values
        ("precision", "0.4", Verdict.CORRECT, 2, []),
        ("precision", "40%", Verdict.CORRECT, 2, []),
        ("precision", "4/10", Verdict.CORRECT, 2, []),
        ("recall", "4/25", Verdict.CORRECT, 2, []),
        ("ap", "(1 + 1 + 3/4 + 4/9)/25", Verdict.CORRECT, 2, []),
        ("ap", "23/180", Verdict.CORRECT, 2, []),
        # approximations at the precision given
        ("ap", "0.1278", Verdict.CORRECT, 2, ["rounding"]),
        ("ap", "0.13", Verdict.CORRECT, 2, ["rounding"]),  # 2 sig figs = min_sig_figs
        ("ap", "0.1", Verdict.PARTIAL, 1, ["rounding"]),   # 1 sig fig: too imprecise
        # other AP conventions, distinct on Table 3.7
        ("ap", "7/44", Verdict.PARTIAL, 1, ["ap_convention"]),          # VOC2007 11-point
        ("ap", "0.159", Verdict.PARTIAL, 1, ["ap_convention", "rounding"]),
        ("ap", "124/909", Verdict.PARTIAL, 1, ["ap_convention"]),       # COCO 101-point
        ("ap", "≈ 0.1364", Verdict.PARTIAL, 1, ["ap_convention", "rounding"]),
        # recall over the 4 positives kept instead of M = 25
        ("recall", "4/4", Verdict.PARTIAL, 1, ["recall_denominator"]),
        ("recall", "100%", Verdict.PARTIAL, 1, ["recall_denominator"]),
        # AP divided by the 4 positives kept instead of M = 25: (1+1+3/4+4/9)/4
        ("ap", "(1 + 1 + 3/4 + 4/9)/4", Verdict.PARTIAL, 1, ["recall_denominator"]),
        # ... and under COCO as well: two mistakes, the least generous credit
        ("ap", "2911/3636", Verdict.PARTIAL, 1, ["ap_convention", "recall_denominator"]),
        # precision and recall swapped
        ("precision", "4/25", Verdict.PARTIAL, 1, ["precision_recall_swapped"]),
        ("precision", "0.16", Verdict.PARTIAL, 1, ["precision_recall_swapped"]),
        ("recall", "0.4", Verdict.PARTIAL, 1, ["precision_recall_swapped"]),
        # right working, wrong last step
        ("precision", "4/(4 + 6) = 0.5", Verdict.PARTIAL, 1, ["arithmetic_slip"]),
        # nothing explains it
        ("precision", "0.5", Verdict.INCORRECT, 0, ["unexplained"]),
        ("ap", "0.5", Verdict.INCORRECT, 0, ["unexplained"]),
        # unreadable
        ("recall", "about a sixth", Verdict.UNPARSED, 0, ["unparsed"]),
        ("ap", "0.12.8", Verdict.UNPARSED, 0, ["unparsed"]),
    ],
)
def test_ch3_item(ch3: Rubric, metric: str, submitted: str, verdict: Verdict, score: float,
                  expected_codes: list[str]) -> None:
    report = grade_answers(ch3, f"detection_metrics: {{{metric}: {submitted!r}}}")
    result = item(report, f"detection_metrics.{metric}")
    assert (result.verdict, result.score, codes(result)) == (verdict, score, expected_codes)
    assert result.max_score == 2


@pytest.mark.parametrize(
    ("submitted", "convention", "en", "zh"),
    [
        # VOC2007 11-point, named in both languages
        ("7/44", "voc2007_11pt",
         "matches the AP under another convention, PASCAL VOC2007 11-point AP; this question "
         "uses textbook AP (interpolated precision at each hit / M)",
         "与另一种 AP 算法（PASCAL VOC2007 11 点插值 AP）的结果一致；"
         "本题采用的是教材算法（各正例处的最大精度之和除以 M）"),
        # COCO 101-point
        ("124/909", "coco_101pt",
         "matches the AP under another convention, COCO 101-point AP; this question "
         "uses textbook AP (interpolated precision at each hit / M)",
         "与另一种 AP 算法（COCO 101 点插值 AP）的结果一致；"
         "本题采用的是教材算法（各正例处的最大精度之和除以 M）"),
    ],
)
def test_ap_convention_is_named(ch3: Rubric, submitted: str, convention: str, en: str,
                                zh: str) -> None:
    report = grade_answers(ch3, f"detection_metrics: {{ap: {submitted!r}}}")
    diag = item(report, "detection_metrics.ap").diagnoses[0]
    assert diag.params["convention"] == convention
    assert (diag.message("en"), diag.message("zh")) == (en, zh)


def test_recall_denominator_message(ch3: Rubric) -> None:
    report = grade_answers(ch3, "detection_metrics: {recall: 4/4}")
    diag = item(report, "detection_metrics.recall").diagnoses[0]
    assert diag.message("en") == (
        "divides by 4, the true positives among the kept detections, instead of by M = 25, "
        "the number of all ground-truth objects; recall = TP / M also counts the objects "
        "the detector missed")


def test_missing_values(ch3: Rubric) -> None:
    report = grade_answers(ch3, "detection_metrics: {precision: 0.4}")
    got = [(i.path, i.verdict, i.score, i.expected) for i in report.questions[2].items]
    assert got == [
        ("detection_metrics.precision", Verdict.CORRECT, 2, "0.4 (2/5)"),
        ("detection_metrics.recall", Verdict.MISSING, 0, "0.16 (4/25)"),
        ("detection_metrics.ap", Verdict.MISSING, 0, "0.127778 (23/180)"),
    ]


def test_absent_question_is_missing_everywhere(ch3: Rubric) -> None:
    report = grade_answers(ch3, "acceleration: faster")
    q = next(q for q in report.questions if q.id == "detection_metrics")
    assert [(i.verdict, i.score, i.max_score) for i in q.items] == [(Verdict.MISSING, 0, 2)] * 3


def test_unknown_answer_field_is_reported_and_the_rest_graded(ch3: Rubric) -> None:
    report = grade_answers(ch3, "detection_metrics: {recal: 4/25, precision: 4/10}")
    assert [(u.path, u.suggestion) for u in report.unknown_fields] == [
        ("answers.detection_metrics.recal", "answers.detection_metrics.recall")]
    assert item(report, "detection_metrics.precision").verdict.value == "correct"
    assert not report.all_correct()   # exit 1: the student must look


# ----------------------------------------------------------------------------- rubric variants


@pytest.fixture()
def at_threshold(tmp_path: Path) -> Rubric:
    """Threshold 0.35: ids 1 and 14 sit exactly at it; the whole table holds 7 positives."""
    return detection_rubric(tmp_path, """\
        threshold: "0.35"
        ground_truth: 25
        table_positives: 7
        ap_convention: textbook
        accepted_ap_conventions: [voc2007_11pt]
        """)


@pytest.mark.parametrize(
    ("metric", "submitted", "verdict", "score", "expected_codes"),
    [
        # the rubric's own values: ≥ 0.35 keeps 9 rows, 4 of them positive
        ("precision", "4/9", Verdict.CORRECT, 2, []),
        ("recall", "4/25", Verdict.CORRECT, 2, []),
        ("ap", "23/180", Verdict.CORRECT, 2, []),
        # > 0.35 drops ids 1 and 14: 3/7, 3/25, AP (1 + 1 + 3/4)/25
        ("precision", "3/7", Verdict.PARTIAL, 1, ["threshold_exclusive"]),
        ("recall", "3/25", Verdict.PARTIAL, 1, ["threshold_exclusive"]),
        ("ap", "11/100", Verdict.PARTIAL, 1, ["threshold_exclusive"]),
        # COCO with > instead of ≥
        ("ap", "12/101", Verdict.PARTIAL, 1, ["ap_convention", "threshold_exclusive"]),
        # recall over the 7 positives of the whole table (table_positives), not M
        ("recall", "4/7", Verdict.PARTIAL, 1, ["recall_denominator"]),
        # recall over the 4 kept positives
        ("recall", "1", Verdict.PARTIAL, 1, ["recall_denominator"]),
        # AP over the 7 table positives
        ("ap", "115/252", Verdict.PARTIAL, 1, ["recall_denominator"]),
        # VOC2007 is accepted by this rubric: full credit, said by name
        ("ap", "7/44", Verdict.ACCEPTED_VARIANT, 2, ["ap_convention"]),
        # COCO is not
        ("ap", "124/909", Verdict.PARTIAL, 1, ["ap_convention"]),
    ],
)
def test_rubric_variant_item(at_threshold: Rubric, metric: str, submitted: str,
                             verdict: Verdict, score: float, expected_codes: list[str]) -> None:
    report = grade_answers(at_threshold, f"detection_metrics: {{{metric}: {submitted!r}}}")
    result = item(report, f"detection_metrics.{metric}")
    assert (result.verdict, result.score, codes(result)) == (verdict, score, expected_codes)


def test_threshold_exclusive_message(at_threshold: Rubric) -> None:
    report = grade_answers(at_threshold, "detection_metrics: {precision: 3/7}")
    diag = item(report, "detection_metrics.precision").diagnoses[0]
    assert diag.message("en") == (
        "matches keeping only the detections with confidence > 0.35; the question keeps "
        "confidence ≥ 0.35, so the detection(s) at exactly 0.35 (id 1, 14) must be kept")
    assert diag.key == "detection.threshold_exclusive"


def test_accepted_convention_message(at_threshold: Rubric) -> None:
    report = grade_answers(at_threshold, "detection_metrics: {ap: 7/44}")
    diag = item(report, "detection_metrics.ap").diagnoses[0]
    assert diag.message("en") == (
        "computed as PASCAL VOC2007 11-point AP, a convention this question also accepts "
        "(the reference is textbook AP (interpolated precision at each hit / M))")


def test_inclusive_answer_to_an_exclusive_question(tmp_path: Path) -> None:
    # The reverse: the rubric says ">" and the student kept the rows at the threshold.
    rubric = detection_rubric(tmp_path, """\
        threshold: 0.35
        inclusive: false
        ground_truth: 25
        """)
    report = grade_answers(rubric, "detection_metrics: {precision: 4/9, recall: 3/25}")
    precision = item(report, "detection_metrics.precision")
    assert (precision.verdict, precision.expected, codes(precision)) == (
        Verdict.PARTIAL, "0.428571 (3/7)", ["threshold_exclusive"])
    assert precision.diagnoses[0].key == "detection.threshold_inclusive"
    assert item(report, "detection_metrics.recall").verdict is Verdict.CORRECT


def test_coinciding_conventions_are_simply_correct(tmp_path: Path) -> None:
    # On Table 3.7 VOC2010 all-point = textbook = non-interpolated = 23/180: no diagnosis.
    rubric = detection_rubric(tmp_path, """\
        threshold: "0.3"
        ground_truth: 25
        ap_convention: voc2010_all_point
        """)
    report = grade_answers(rubric, "detection_metrics: {ap: '(1 + 1 + 3/4 + 4/9)/25'}")
    result = item(report, "detection_metrics.ap")
    assert (result.verdict, result.diagnoses) == (Verdict.CORRECT, ())


def test_coco_reference_diagnoses_the_textbook_value(tmp_path: Path) -> None:
    rubric = detection_rubric(tmp_path, """\
        threshold: "0.3"
        ground_truth: 25
        ap_convention: coco_101pt
        """)
    report = grade_answers(rubric, "detection_metrics: {ap: 23/180}")
    result = item(report, "detection_metrics.ap")
    assert (result.verdict, result.expected, codes(result)) == (
        Verdict.PARTIAL, "0.136414 (124/909)", ["ap_convention"])
    # The first convention giving 23/180 in the enum's order is named.
    assert result.diagnoses[0].params["convention"] == "textbook"


def test_rubric_credit_overrides(tmp_path: Path) -> None:
    # The rubric's table overrides the defaults of grader.codes code by code; a code it
    # leaves out keeps its default (recall_denominator: half the points).
    rubric = detection_rubric(tmp_path, """\
        threshold: "0.3"
        ground_truth: 25
        credit: {rounding: 1.0, ap_convention: 0.25, precision_recall_swapped: 0}
        """)
    report = grade_answers(rubric,
                           "detection_metrics: {precision: 0.16, ap: 7/44, recall: 4/4}")
    assert [(i.verdict, i.score) for i in report.items()] == [
        (Verdict.INCORRECT, 0), (Verdict.PARTIAL, 1), (Verdict.PARTIAL, 0.5)]


def test_rubric_credit_names_only_known_codes(tmp_path: Path) -> None:
    with pytest.raises(RubricError,
                       match="unknown diagnosis code 'ap_conventoin' in credit; did you mean"):
        detection_rubric(tmp_path, """\
            threshold: "0.3"
            ground_truth: 25
            credit: {ap_conventoin: 0.25}
            """)


# ----------------------------------------------------------------------------- rubric errors


@pytest.mark.parametrize(
    ("params", "line", "message"),
    [
        # M = 0: recall and AP undefined
        ("threshold: '0.3'\nground_truth: 0\n", 10,
         "ground_truth (M, the number of ground-truth objects) must be at least 1, got 0"),
        # negative M
        ("threshold: '0.3'\nground_truth: -3\n", 10, "must be at least 1, got -3"),
        # more positives than ground-truth objects
        ("threshold: '0.3'\nground_truth: 3\n", 9,
         "4 detections are true positives but ground_truth (M) is only 3"),
        # unknown convention
        ("threshold: '0.3'\nground_truth: 25\nap_convention: voc2012\n", 11, "ap_convention"),
        # a threshold that is not a number
        ("threshold: high\nground_truth: 25\n", 9, "threshold must be a number"),
        # table_positives below the positives listed
        ("threshold: '0.3'\nground_truth: 25\ntable_positives: 2\n", 9,
         "table_positives must lie between the 4 positives listed and ground_truth = 25"),
    ],
)
def test_bad_rubric_params(tmp_path: Path, params: str, line: int, message: str) -> None:
    with pytest.raises(RubricError) as info:
        detection_rubric(tmp_path, params)
    err = info.value
    assert (err.file, err.line) == (str(tmp_path / "det.yaml"), line)
    assert message in err.message


def test_duplicate_detection_ids_refused(tmp_path: Path) -> None:
    dupes = TABLE_3_7 + '        - {id: "3", confidence: "0.31", positive: false}\n'
    with pytest.raises(RubricError, match="detection ids must be unique; repeated: 3"):
        detection_rubric(tmp_path, "threshold: '0.3'\nground_truth: 25\n", detections=dupes)


def test_float_confidences_are_exact(tmp_path: Path) -> None:
    # Unquoted YAML floats are read by their decimal text: 0.35 is 7/20, not a binary float.
    floats = TABLE_3_7.replace('confidence: "', "confidence: ").replace('", positive',
                                                                        ", positive")
    rubric = detection_rubric(tmp_path, "threshold: 0.35\nground_truth: 25\n", detections=floats)
    report = grade_answers(rubric, "detection_metrics: {precision: 4/9}")
    assert item(report, "detection_metrics.precision").verdict is Verdict.CORRECT


# ----------------------------------------------------------------------------- CLI exit codes


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        # all three right
        ("{precision: 0.4, recall: 4/25, ap: '≈ 0.128'}", 0),
        # one partial
        ("{precision: 0.4, recall: 4/25, ap: 7/44}", 1),
        # one missing
        ("{precision: 0.4, recall: 4/25}", 1),
    ],
)
def test_check_exit_codes(tmp_path: Path, answers: str, code: int) -> None:
    detection_rubric(tmp_path, "threshold: '0.3'\nground_truth: 25\n")
    sub = tmp_path / "sub.yaml"
    sub.write_text(f"assignment: det\nanswers:\n  detection_metrics: {answers}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(sub), "--rubric", str(tmp_path / "det.yaml")])
    assert result.exit_code == code, result.output


def test_check_exit_2_on_bad_rubric(tmp_path: Path) -> None:
    path = tmp_path / "det.yaml"
    with pytest.raises(RubricError):
        detection_rubric(tmp_path, "threshold: '0.3'\nground_truth: 0\n")
    sub = tmp_path / "sub.yaml"
    sub.write_text("assignment: det\nanswers: {}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(sub), "--rubric", str(path)])
    assert result.exit_code == 2
    assert f"{path}:10:21" in result.stderr
    assert "must be at least 1, got 0" in result.stderr


# ----------------------------------------------------------------------------- iou

IOU_RUBRIC = """\
id: boxes
title: {zh: 交并比, en: IoU}
questions:
  - id: iou
    kind: iou
    title: {zh: IoU, en: IoU}
    points: 1
    params:
      pairs:
        box_pair_1: {a: [0, 0, 4, 4], b: [2, 2, 6, 6]}
        box_pair_2: {a: [0, 0, 4, 2], b: [2, 0, 8, 3], format: xyxy}
        box_pair_3: {a: [0, 0, 2, 2], b: [1, 1, 1, 1], format: xywh}
"""


@pytest.fixture()
def iou_rubric(tmp_path: Path) -> Rubric:
    path = tmp_path / "boxes.yaml"
    path.write_text(IOU_RUBRIC, encoding="utf-8")
    return load_rubric(path)


@pytest.mark.parametrize(
    ("pair", "submitted", "verdict", "score", "variant"),
    [
        # pair 1: intersection 4, areas 16 and 16, union 28: IoU 1/7
        ("box_pair_1", "1/7", Verdict.CORRECT, 1, None),
        ("box_pair_1", "4/(16 + 16 - 4)", Verdict.CORRECT, 1, None),
        ("box_pair_1", "0.143", Verdict.CORRECT, 1, "rounding"),
        ("box_pair_1", "4/16", Verdict.PARTIAL, 0.5, "min_area"),      # over the smaller box
        ("box_pair_1", "4/32", Verdict.PARTIAL, 0.5, "sum_areas"),     # overlap counted twice
        ("box_pair_1", "4", Verdict.PARTIAL, 0.5, "intersection_only"),
        # +1 pixel widths (old VOC devkit): 9 / (25 + 25 - 9), accepted
        ("box_pair_1", "9/41", Verdict.ACCEPTED_VARIANT, 1, "pixel_inclusive"),
        ("box_pair_1", "0.4", Verdict.INCORRECT, 0, None),
        ("box_pair_1", "one seventh", Verdict.UNPARSED, 0, None),
        # pair 2: intersection 2×2 = 4, areas 8 and 18, union 22: IoU 2/11
        ("box_pair_2", "2/11", Verdict.CORRECT, 1, None),
        ("box_pair_2", "4/8", Verdict.PARTIAL, 0.5, "min_area"),       # smaller box = A
        ("box_pair_2", "4/18", Verdict.PARTIAL, 0.5, "box_b"),         # B alone
        ("box_pair_2", "4/26", Verdict.PARTIAL, 0.5, "sum_areas"),
        # pair 3 (xywh): B = [1,1,1,1] lies inside A = [0,0,2,2]: intersection 1, union 4: 1/4
        ("box_pair_3", "1/4", Verdict.CORRECT, 1, None),
        ("box_pair_3", "1/5", Verdict.PARTIAL, 0.5, "sum_areas"),
        ("box_pair_3", "1", Verdict.PARTIAL, 0.5, "min_area"),
    ],
)
def test_iou_item(iou_rubric: Rubric, pair: str, submitted: str, verdict: Verdict,
                  score: float, variant: str | None) -> None:
    report = grade_answers(iou_rubric, f"iou: {{{pair}: {submitted!r}}}")
    result = item(report, f"iou.{pair}")
    assert (result.verdict, result.score) == (verdict, score)
    if variant == "rounding":
        assert codes(result) == ["rounding"]
    elif variant is not None:
        assert codes(result) == ["iou_formula"]
        assert result.diagnoses[0].params["variant"] == variant
    elif verdict is Verdict.UNPARSED:
        assert codes(result) == ["unparsed"]
    elif verdict is Verdict.INCORRECT:
        assert codes(result) == ["unexplained"]  # no known formula: said plainly
    else:
        assert codes(result) == []


def test_iou_messages(iou_rubric: Rubric) -> None:
    report = grade_answers(iou_rubric, "iou: {box_pair_1: 4/32, box_pair_2: 4/18}")
    sum_areas = item(report, "iou.box_pair_1").diagnoses[0]
    one_box = item(report, "iou.box_pair_2").diagnoses[0]
    assert sum_areas.message("zh") == (
        "用交集面积除以两框面积之和，没有减去交集（交集被算了两次）；"
        "并集面积 = 面积(A) + 面积(B) − 交集面积")
    assert one_box.message("en") == (
        "divides the intersection by the area of box B alone; IoU divides it by the union "
        "of both boxes")


def test_iou_missing_and_expected(iou_rubric: Rubric) -> None:
    report = grade_answers(iou_rubric, "iou: {box_pair_1: 1/7}")
    assert [(i.path, i.verdict, i.expected) for i in report.items()] == [
        ("iou.box_pair_1", Verdict.CORRECT, "0.142857 (1/7)"),
        ("iou.box_pair_2", Verdict.MISSING, "0.181818 (2/11)"),
        ("iou.box_pair_3", Verdict.MISSING, "0.25 (1/4)"),
    ]


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        # x2 < x1
        ("p: {a: [4, 0, 0, 4], b: [0, 0, 1, 1]}", "is not a valid xyxy box"),
        # three coordinates
        ("p: {a: [0, 0, 4], b: [0, 0, 1, 1]}", "at least 4 items"),
        # both boxes empty
        ("p: {a: [0, 0, 0, 0], b: [1, 1, 1, 1]}", "both boxes have zero area"),
        # unknown format
        ("p: {a: [0, 0, 1, 1], b: [0, 0, 1, 1], format: cxcywh}", "format"),
    ],
)
def test_iou_bad_rubric(tmp_path: Path, pairs: str, message: str) -> None:
    text = IOU_RUBRIC.split("      pairs:\n")[0] + f"      pairs:\n        {pairs}\n"
    path = tmp_path / "boxes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(path)
    assert info.value.line == 10
    assert message in info.value.message


@pytest.mark.parametrize(
    ("answers", "path", "verdict", "expected_codes"),
    [
        # AP written as the recall again: a repeat, not the VOC2007 11-point AP (0.159).
        ({"precision": "0.4", "recall": "0.16", "ap": "0.16"}, "ap", Verdict.INCORRECT,
         ["copied_from"]),
        # The precision written twice: nothing was swapped.
        ({"precision": "0.4", "recall": "0.4"}, "recall", Verdict.INCORRECT, ["copied_from"]),
        # Both exchanged: swapped, with its partial credit.
        ({"precision": "0.16", "recall": "0.4"}, "recall", Verdict.PARTIAL,
         ["precision_recall_swapped"]),
    ],
)
def test_answers_repeated_across_metrics(ch3: Rubric, answers: dict[str, str], path: str,
                                         verdict: Verdict, expected_codes: list[str]) -> None:
    fields = "\n".join(f"    {k}: '{v}'" for k, v in answers.items())
    report = grade_answers(ch3, f"  detection_metrics:\n{fields}\n")
    found = item(report, f"detection_metrics.{path}")
    assert (found.verdict, codes(found)) == (verdict, expected_codes)
