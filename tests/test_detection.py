"""Detection metrics of Table 3.7: ranking, precision/recall, AP conventions, IoU, matching."""

from __future__ import annotations

import random
from fractions import Fraction as F
from itertools import combinations

import pytest
from sklearn.metrics import average_precision_score

from reference.detection import (
    APConvention,
    Detection,
    DetectionError,
    all_conventions,
    average_precision,
    iou,
    match_detections,
    mean_average_precision,
    precision_recall_at,
    rank,
    ranked_table,
)

# Table 3.7 as transcribed in seed 001: the ten detections with confidence >= 0.3.
TABLE_3_7 = tuple(
    Detection(ident, F(conf), positive)
    for ident, conf, positive in [
        ("3", "0.92", True),
        ("7", "0.78", True),
        ("11", "0.69", False),
        ("20", "0.52", True),
        ("9", "0.47", False),
        ("17", "0.45", False),
        ("12", "0.43", False),
        ("1", "0.35", False),
        ("14", "0.35", True),
        ("19", "0.32", False),
    ]
)
M = 25
THRESHOLD = F("0.3")

# Table 3.7 plus three SYNTHETIC positives below 0.3 (ids 5, 10, 18 are true positives per
# seed 001; their confidences are invented here only to sit under the threshold).
TABLE_WITH_LOW_ROWS = (
    *TABLE_3_7,
    Detection("5", F("0.2"), True),
    Detection("10", F("0.1"), True),
    Detection("18", F("0.05"), True),
)


def dets(labels: str, confidences: list[F] | None = None) -> tuple[Detection, ...]:
    """Detections from a label string like "PNNP", confidences descending by default."""
    n = len(labels)
    confs = confidences or [F(n - i, n + 1) for i in range(n)]
    return tuple(
        Detection(str(i), c, ch == "P") for i, (ch, c) in enumerate(zip(labels, confs, strict=True))
    )


# ---------------------------------------------------------------- Table 3.7, the homework


def test_table_3_7_precision_recall() -> None:
    assert precision_recall_at(TABLE_3_7, M, THRESHOLD) == (F(2, 5), F(4, 25))


def test_table_3_7_textbook_ap_is_seed_001s_formula() -> None:
    # (1 + 1 + 3/4 + 4/9) / 25 = (72 + 27 + 16)/36 / 25 = 115/900 = 23/180 ≈ 0.1278
    expected = (1 + 1 + F(3, 4) + F(4, 9)) / 25
    assert expected == F(23, 180)
    assert average_precision(TABLE_3_7, M, APConvention.TEXTBOOK, THRESHOLD) == expected


def test_table_3_7_ranked_table() -> None:
    rows = ranked_table(TABLE_3_7, M)
    assert [r.detection.id for r in rows] == [
        "3", "7", "11", "20", "9", "17", "12", "1", "14", "19"]
    assert [r.tp for r in rows] == [1, 2, 2, 3, 3, 3, 3, 3, 4, 4]
    assert [r.fp for r in rows] == [0, 0, 1, 1, 2, 3, 4, 5, 5, 6]
    assert [r.precision for r in rows] == [
        1, 1, F(2, 3), F(3, 4), F(3, 5), F(1, 2), F(3, 7), F(3, 8), F(4, 9), F(2, 5)]
    assert [r.recall * 25 for r in rows] == [1, 2, 2, 3, 3, 3, 3, 3, 4, 4]
    # rank 3 (a false positive at recall 2/25) still sees rank 2's precision 1
    assert [r.interpolated_precision for r in rows] == [
        1, 1, 1, F(3, 4), F(3, 4), F(3, 4), F(3, 4), F(3, 4), F(4, 9), F(4, 9)]


# Hand working on Table 3.7 (recalls after the hits: 1/25, 2/25, 3/25, 4/25 = 0.04 .. 0.16;
# precision at the hits 1, 1, 3/4, 4/9, already non-increasing):
TABLE_3_7_AP = {
    # (1 + 1 + 3/4 + 4/9) / 25 = 115/900
    APConvention.TEXTBOOK: F(23, 180),
    # r = 0: max precision overall = 1; r = 0.1: ranks with recall >= 0.1 are 3/25 and 4/25,
    # max precision 3/4; r = 0.2 .. 1.0: never reached, 0. (1 + 3/4) / 11 = 7/44 ≈ 0.1591
    APConvention.VOC2007_11PT: F(7, 44),
    # rectangles at the four recall steps of 1/25: (1 + 1 + 3/4 + 4/9) / 25, the sentinel
    # step from 4/25 to 1 has precision 0. Same as the textbook (identical definitions).
    APConvention.VOC2010_ALL_POINT: F(23, 180),
    # levels k/100: k = 0..8 → 1 (9 points), k = 9..12 → 3/4 (4 points, 3),
    # k = 13..16 → 4/9 (4 points, 16/9), k >= 17 → 0. (9 + 3 + 16/9) / 101 = 124/909 ≈ 0.1364
    APConvention.COCO_101PT: F(124, 909),
    # Σ ΔR·P = (1 + 1 + 3/4 + 4/9) / 25: raw precision at every hit already equals the
    # interpolated one, so interpolation changes nothing on this table.
    APConvention.NON_INTERPOLATED: F(23, 180),
}


@pytest.mark.parametrize("convention", list(APConvention))
def test_table_3_7_each_convention(convention: APConvention) -> None:
    assert average_precision(TABLE_3_7, M, convention, THRESHOLD) == TABLE_3_7_AP[convention]


def test_table_3_7_which_conventions_are_distinct() -> None:
    values = all_conventions(TABLE_3_7, M, THRESHOLD)
    assert values == TABLE_3_7_AP
    # textbook, VOC2010 all-point and non-interpolated coincide on Table 3.7 (see above);
    # the three distinguishable values are pairwise distinct.
    same = {APConvention.TEXTBOOK, APConvention.VOC2010_ALL_POINT, APConvention.NON_INTERPOLATED}
    assert len({values[c] for c in same}) == 1
    distinct = [values[APConvention.TEXTBOOK], values[APConvention.VOC2007_11PT],
                values[APConvention.COCO_101PT]]
    for a, b in combinations(distinct, 2):
        assert a != b


def test_low_rows_are_cut_by_the_threshold() -> None:
    assert all_conventions(TABLE_WITH_LOW_ROWS, M, THRESHOLD) == TABLE_3_7_AP
    assert precision_recall_at(TABLE_WITH_LOW_ROWS, M, THRESHOLD) == (F(2, 5), F(4, 25))


@pytest.mark.parametrize(
    ("m", "expected"),
    [
        (25, (F(2, 5), F(4, 25))),  # the textbook: all 25 ground-truth objects
        (7, (F(2, 5), F(4, 7))),  # wrong: the 7 positives of the full 20-row table
        (4, (F(2, 5), F(1))),  # wrong: only the 4 positives among the ten kept
    ],
)
def test_recall_denominator(m: int, expected: tuple[F, F]) -> None:
    assert precision_recall_at(TABLE_3_7, m, THRESHOLD) == expected


@pytest.mark.parametrize(
    ("inclusive", "pr", "ap"),
    [
        # >= 0.35 keeps ids 1 and 14: 9 rows, 4 hits; AP as the textbook's
        (True, (F(4, 9), F(4, 25)), F(23, 180)),
        # > 0.35 drops them: 7 rows, 3 hits; AP (1 + 1 + 3/4) / 25 = 11/100
        (False, (F(3, 7), F(3, 25)), F(11, 100)),
    ],
)
def test_threshold_exactly_at_a_confidence(
    inclusive: bool, pr: tuple[F, F], ap: F
) -> None:
    at = F("0.35")
    assert precision_recall_at(TABLE_3_7, M, at, inclusive=inclusive) == pr
    assert average_precision(TABLE_3_7, M, APConvention.TEXTBOOK, at, inclusive) == ap


def test_threshold_0_3_inclusive_and_exclusive_agree_on_table_3_7() -> None:
    # no detection sits exactly at 0.3 (the lowest kept is 0.32)
    assert precision_recall_at(TABLE_3_7, M, THRESHOLD, inclusive=False) == (F(2, 5), F(4, 25))


# ---------------------------------------------------------------- ties


def test_rank_keeps_table_order_among_ties() -> None:
    ranked = rank(reversed(TABLE_3_7))
    # reversed input: 14 now comes before 1 at 0.35, and the stable sort keeps it there
    assert [d.id for d in ranked][7:9] == ["14", "1"]
    assert [d.id for d in rank(TABLE_3_7)][7:9] == ["1", "14"]


@pytest.mark.parametrize(
    ("tie_rule", "order", "ap"),
    [
        # table order: 1 (false) before 14 (true), 14 at rank 9 with precision 4/9
        ("table", ["1", "14"], F(23, 180)),
        # pessimistic: the same on this table
        ("positives_last", ["1", "14"], F(23, 180)),
        # optimistic: 14 at rank 8 with precision 4/8; (1 + 1 + 3/4 + 1/2) / 25 = 13/100
        ("positives_first", ["14", "1"], F(13, 100)),
    ],
)
def test_tie_rules(tie_rule: str, order: list[str], ap: F) -> None:
    assert [d.id for d in rank(TABLE_3_7, tie_rule)][7:9] == order  # type: ignore[arg-type]
    got = average_precision(TABLE_3_7, M, APConvention.TEXTBOOK, tie_rule=tie_rule)  # type: ignore[arg-type]
    assert got == ap


def test_positives_last_ignores_input_order() -> None:
    ranked = rank(reversed(TABLE_3_7), "positives_last")
    assert [d.id for d in ranked][7:9] == ["1", "14"]


def test_ties_are_not_merged_unlike_sklearn() -> None:
    # a hit and a miss at the same confidence, hit listed first: per-row AP = 1 · 1/1 = 1;
    # scikit-learn merges the tie into one threshold (precision 1/2) and reports 1/2.
    tied = (Detection("a", F(1, 2), True), Detection("b", F(1, 2), False))
    assert average_precision(tied, 1, APConvention.NON_INTERPOLATED) == 1
    assert average_precision_score([1, 0], [0.5, 0.5]) == pytest.approx(0.5)


# ---------------------------------------------------------------- conventions on other data


# Labels P N N P P N, M = 4 (one object never detected).
# rank:      1    2    3    4    5    6
# precision: 1   1/2  1/3  1/2  3/5  1/2
# recall:   1/4  1/4  1/4  1/2  3/4  3/4
# envelope:  1   3/5  3/5  3/5  3/5  1/2
SAWTOOTH = dets("PNNPPN")
SAWTOOTH_AP = {
    # interpolated precision at the hits 1, 3/5, 3/5: (1 + 3/5 + 3/5) / 4 = 11/20
    APConvention.TEXTBOOK: F(11, 20),
    # r = 0, .1, .2 → 1 (recall 1/4 reaches them); r = .3 .. .7 → 3/5 (5 points);
    # r = .8 .. 1 → 0. (3 + 3) / 11 = 6/11
    APConvention.VOC2007_11PT: F(6, 11),
    # mrec 0 1/4 1/2 3/4 1, mpre after the envelope at the steps 1, 3/5, 3/5, 0:
    # 1/4 · (1 + 3/5 + 3/5) + 1/4 · 0 = 11/20
    APConvention.VOC2010_ALL_POINT: F(11, 20),
    # k = 0..25 → 1 (26 points), k = 26..75 → 3/5 (50 points, 30), k = 76..100 → 0.
    # (26 + 30) / 101 = 56/101
    APConvention.COCO_101PT: F(56, 101),
    # raw precision at the hits 1, 1/2, 3/5: (1 + 1/2 + 3/5) / 4 = 21/40
    APConvention.NON_INTERPOLATED: F(21, 40),
}


@pytest.mark.parametrize("convention", list(APConvention))
def test_sawtooth_hand_worked(convention: APConvention) -> None:
    assert average_precision(SAWTOOTH, 4, convention) == SAWTOOTH_AP[convention]


def test_sawtooth_separates_all_but_the_identical_pair() -> None:
    values = all_conventions(SAWTOOTH, 4)
    assert values[APConvention.TEXTBOOK] == values[APConvention.VOC2010_ALL_POINT]
    rest = [v for c, v in values.items() if c is not APConvention.VOC2010_ALL_POINT]
    for a, b in combinations(rest, 2):
        assert a != b


@pytest.mark.parametrize(
    ("labels", "m", "expected"),
    [
        # three hits, M = 3: a perfect detector
        ("PPP", 3, {c: F(1) for c in APConvention}),
        # three hits, M = 5: recall stops at 3/5; 11-point reaches r = 0..0.6 (7 points),
        # 101-point reaches k = 0..60 (61 points), the others 3 · 1 / 5
        ("PPP", 5, {
            APConvention.TEXTBOOK: F(3, 5),
            APConvention.VOC2007_11PT: F(7, 11),
            APConvention.VOC2010_ALL_POINT: F(3, 5),
            APConvention.COCO_101PT: F(61, 101),
            APConvention.NON_INTERPOLATED: F(3, 5),
        }),
        # only misses: nothing recalled
        ("NNN", 2, {c: F(0) for c in APConvention}),
        # no detections at all
        ("", 2, {c: F(0) for c in APConvention}),
        # miss then hit, M = 1: precision 1/2 at recall 1 everywhere (11 and 101 points too)
        ("NP", 1, {c: F(1, 2) for c in APConvention}),
    ],
)
def test_small_cases(labels: str, m: int, expected: dict[APConvention, F]) -> None:
    assert all_conventions(dets(labels), m) == expected


def test_no_detection_above_threshold() -> None:
    assert precision_recall_at(TABLE_3_7, M, F("0.95")) == (F(0), F(0))
    assert all_conventions(TABLE_3_7, M, F("0.95")) == {c: F(0) for c in APConvention}
    assert ranked_table(TABLE_3_7, M, threshold=F("0.95")) == ()


@pytest.mark.parametrize("seed", range(8))
def test_textbook_equals_voc2010_all_point(seed: int) -> None:
    # the two are the same definition computed two ways; random data, random M >= hits
    rng = random.Random(seed)
    labels = "".join(rng.choice("PN") for _ in range(rng.randint(1, 30)))
    m = labels.count("P") + rng.randint(0, 5) or 1
    assert average_precision(dets(labels), m, APConvention.TEXTBOOK) == average_precision(
        dets(labels), m, APConvention.VOC2010_ALL_POINT
    )


@pytest.mark.parametrize("seed", range(10))
def test_non_interpolated_matches_sklearn(seed: int) -> None:
    # every object detected (M = number of hits) and distinct confidences: sklearn's
    # average_precision_score is the same number
    rng = random.Random(1000 + seed)
    n = rng.randint(2, 40)
    confs = [F(k, 1000) for k in rng.sample(range(1, 1000), n)]
    labels = [rng.random() < 0.4 for _ in range(n)]
    labels[rng.randrange(n)] = True
    detections = [
        Detection(str(i), c, y) for i, (c, y) in enumerate(zip(confs, labels, strict=True))]
    ours = average_precision(detections, sum(labels), APConvention.NON_INTERPOLATED)
    theirs = average_precision_score([int(y) for y in labels], [float(c) for c in confs])
    assert abs(float(ours) - theirs) < 1e-12


def test_mean_average_precision() -> None:
    per_class = {"person": (TABLE_3_7, M), "car": (dets("PPP"), 3)}
    # (23/180 + 1) / 2 = 203/360
    assert mean_average_precision(per_class, APConvention.TEXTBOOK) == F(203, 360)
    # threshold 1/2: Table 3.7 keeps ids 3, 7, 11, 20 → (1 + 1 + 3/4) / 25 = 11/100; the car
    # scores 3/4, 2/4, 1/4 keep two hits → 2/3; mean (33/300 + 200/300) / 2 = 233/600
    assert mean_average_precision(per_class, "textbook", F(1, 2)) == F(233, 600)


def test_convention_labels() -> None:
    for c in APConvention:
        assert c.description and c.label_en and c.label_zh
        assert c.label("zh") == c.label_zh and c.label("en") == c.label_en
    assert APConvention("coco_101pt") is APConvention.COCO_101PT
    assert average_precision(TABLE_3_7, M, "voc2007_11pt") == F(7, 44)


def test_textual_confidence_is_exact() -> None:
    assert Detection("1", "0.35", 1) == Detection("1", F(7, 20), True)  # type: ignore[arg-type]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # M = 0
        (lambda: average_precision(TABLE_3_7, 0), "M must be a positive number"),
        # negative M
        (lambda: precision_recall_at(TABLE_3_7, -3, THRESHOLD), "M must be a positive number"),
        # non-integer M
        (lambda: ranked_table(TABLE_3_7, 2.5), "M must be a positive number"),  # type: ignore[arg-type]
        # 4 hits but M = 3
        (lambda: average_precision(TABLE_3_7, 3), "4 true positives .* only M = 3"),
        # 7 hits in the longer table, M = 4, even though the threshold keeps only 4
        (lambda: precision_recall_at(TABLE_WITH_LOW_ROWS, 4, THRESHOLD), "7 true positives"),
        # negative confidence
        (lambda: Detection("x", F(-1, 10), True), "must not be negative"),
        # unparsable confidence
        (lambda: Detection("x", "high", True), "must be a number"),  # type: ignore[arg-type]
        # label that is not 0/1
        (lambda: Detection("x", F(1, 2), 2), "true/false or 1/0"),  # type: ignore[arg-type]
        # unknown convention
        (lambda: average_precision(TABLE_3_7, M, "voc2012"), "unknown AP convention"),
        # unknown tie rule
        (lambda: rank(TABLE_3_7, "random"), "unknown tie rule"),  # type: ignore[arg-type]
        # empty mAP
        (lambda: mean_average_precision({}), "at least one class"),
        # class name in an mAP error
        (lambda: mean_average_precision({"dog": (TABLE_3_7, 0)}), "class 'dog'"),
    ],
)
def test_errors(call: object, message: str) -> None:
    with pytest.raises(DetectionError, match=message):
        call()  # type: ignore[operator]


def test_detection_error_is_a_value_error() -> None:
    assert issubclass(DetectionError, ValueError)


# ---------------------------------------------------------------- IoU


@pytest.mark.parametrize(
    ("a", "b", "fmt", "expected"),
    [
        # identical boxes
        ((0, 0, 2, 2), (0, 0, 2, 2), "xyxy", F(1)),
        # disjoint boxes
        ((0, 0, 1, 1), (5, 5, 6, 6), "xyxy", F(0)),
        # boxes sharing only an edge
        ((0, 0, 1, 1), (1, 0, 2, 1), "xyxy", F(0)),
        # half of each overlaps: intersection 2, union 4 + 4 - 2 = 6
        ((0, 0, 2, 2), (1, 0, 3, 2), "xyxy", F(1, 3)),
        # the same pair as (x, y, w, h)
        ((0, 0, 2, 2), (1, 0, 2, 2), "xywh", F(1, 3)),
        # one box inside the other: 4 / 16
        ((0, 0, 4, 4), (1, 1, 3, 3), "xyxy", F(1, 4)),
        # Fraction coordinates: intersection 1/8, union 3/8
        ((F(0), F(0), F(1, 2), F(1, 2)), (F(1, 4), F(0), F(3, 4), F(1, 2)), "xyxy", F(1, 3)),
        # textual coordinates, exact: intersection 0.1 · 0.2, union 0.04 + 0.04 - 0.02
        (("0", "0", "0.2", "0.2"), ("0.1", "0", "0.3", "0.2"), "xyxy", F(1, 3)),
        # a zero-area box against a real one
        ((1, 1, 1, 1), (0, 0, 2, 2), "xyxy", F(0)),
    ],
)
def test_iou(a: tuple[object, ...], b: tuple[object, ...], fmt: str, expected: F) -> None:
    assert iou(a, b, fmt) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "fmt", "message"),
    [
        # both boxes degenerate: the union is empty
        ((1, 1, 1, 1), (1, 1, 1, 1), "xyxy", "zero area"),
        # x2 < x1
        ((2, 0, 1, 1), (0, 0, 1, 1), "xyxy", "not a valid xyxy box"),
        # negative width
        ((0, 0, -1, 1), (0, 0, 1, 1), "xywh", "not a valid xywh box"),
        # three coordinates
        ((0, 0, 1), (0, 0, 1, 1), "xyxy", "4 coordinates"),
        # a non-number
        ((0, 0, "wide", 1), (0, 0, 1, 1), "xyxy", "must be a number"),
        # an unknown format
        ((0, 0, 1, 1), (0, 0, 1, 1), "cxcywh", "unknown box format"),
    ],
)
def test_iou_errors(a: tuple[object, ...], b: tuple[object, ...], fmt: str, message: str) -> None:
    with pytest.raises(DetectionError, match=message):
        iou(a, b, fmt)  # type: ignore[arg-type]


# ---------------------------------------------------------------- matching

GT_AB = [(0, 0, 10, 10), (20, 20, 30, 30)]


def test_matching_duplicate_becomes_false_positive() -> None:
    matched = match_detections(
        [
            ("dup", F("0.8"), (1, 0, 11, 10)),  # IoU 9/11 with A, but A goes to the 0.9 one
            ("a", F("0.9"), (0, 0, 10, 10)),  # exactly A: true positive
            ("b", F("0.7"), (20, 20, 30, 30)),  # exactly B: true positive
            ("far", F("0.6"), (50, 50, 60, 60)),  # overlaps nothing: false positive
        ],
        GT_AB,
    )
    assert [(d.id, d.positive) for d in matched] == [
        ("dup", False), ("a", True), ("b", True), ("far", False)]
    assert matched[0].confidence == F(4, 5)
    # ranked a, dup, b, far; M = 2, precision at the hits 1 and 2/3 → (1 + 2/3) / 2 = 5/6
    assert average_precision(matched, 2) == F(5, 6)


# G1 = (0,0,10,10), G2 = (5,0,15,10); the second detection (2,0,12,10) has IoU 2/3 with
# G1 (taken by the first) and 7/13 with G2.
SECOND_BEST = [("first", F("0.9"), (0, 0, 10, 10)), ("second", F("0.8"), (2, 0, 12, 10))]
OVERLAPPING_GT = [(0, 0, 10, 10), (5, 0, 15, 10)]


@pytest.mark.parametrize(
    ("dets_", "gts", "style", "expected"),
    [
        # COCO falls back to the best still-free ground truth (7/13 >= 1/2)
        (SECOND_BEST, OVERLAPPING_GT, "coco", [True, True]),
        # VOC looks only at the best overall (G1, taken): false positive
        (SECOND_BEST, OVERLAPPING_GT, "voc", [True, False]),
        # IoU exactly 1/2 (50 / 100): COCO's >= accepts
        ([("h", 1, (0, 0, 10, 10))], [(0, 0, 10, 5)], "coco", [True]),
        # IoU exactly 1/2: VOC's > rejects
        ([("h", 1, (0, 0, 10, 10))], [(0, 0, 10, 5)], "voc", [False]),
        # no ground truth at all: every detection is a false positive
        ([("x", 1, (0, 0, 1, 1))], [], "coco", [False]),
    ],
)
def test_matching_styles(
    dets_: list[tuple[str, object, tuple[int, ...]]],
    gts: list[tuple[int, ...]],
    style: str,
    expected: list[bool],
) -> None:
    matched = match_detections(dets_, gts, style=style)  # type: ignore[arg-type]
    assert [d.positive for d in matched] == expected


def test_matching_xywh_and_threshold() -> None:
    # (0,0,2,2) vs (1,0,2,2) in xywh: IoU 1/3, a hit at threshold 1/3 but not at 1/2
    det = [("d", F(1, 2), (0, 0, 2, 2))]
    assert match_detections(det, [(1, 0, 2, 2)], F(1, 3), "xywh")[0].positive
    assert not match_detections(det, [(1, 0, 2, 2)], F(1, 2), "xywh")[0].positive


def test_matching_equal_iou_goes_to_earlier_ground_truth() -> None:
    # the detection straddles two ground truths with IoU 1/3 each; threshold 1/3
    gts = [(0, 0, 2, 2), (2, 0, 4, 2)]
    first, second = match_detections(
        [("p", 2, (1, 0, 3, 2)), ("q", 1, (2, 0, 4, 2))], gts, F(1, 3)
    )
    # p takes gt 0 (earlier), so q still finds gt 1 free
    assert first.positive and second.positive


def test_matching_bad_entry() -> None:
    with pytest.raises(DetectionError, match=r"\(id, confidence, box\)"):
        match_detections([("x", 1)], GT_AB)  # type: ignore[list-item]
