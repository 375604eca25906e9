"""Detection metrics of Table 3.7: ranking, precision/recall, AP under five conventions, IoU.

Everything is exact: confidences, thresholds and box coordinates become `Fraction`s, so
the textbook's AP of Table 3.7 is exactly (1 + 1 + 3/4 + 4/9) / 25, not a float near it.

Conventions fixed here (each documented where it is implemented):

* Ranking: confidence descending; equal confidences keep the order of the input table
  (a stable sort), because the textbook's Table 3.7 and the students' tables list id 1
  before id 14 at confidence 0.35 and compute the precision column in that order.
* Every AP convention works on that per-row ranking; ties are never merged into one
  threshold step (scikit-learn merges them; the two agree whenever confidences are
  distinct).
* Recall is always TP / M, M = all ground-truth objects (also for the VOC and COCO
  conventions), so missed objects count against every convention.
* Precision with no detection kept is defined as 0 (there is nothing to be precise about,
  and 0 is what the VOC/COCO curves use past the last detection).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from numbers import Rational
from typing import Literal, TypeAlias

__all__ = [
    "APConvention",
    "BoxFormat",
    "Detection",
    "DetectionError",
    "MatchStyle",
    "NumberLike",
    "RankRow",
    "TieRule",
    "all_conventions",
    "average_precision",
    "iou",
    "match_detections",
    "mean_average_precision",
    "precision_recall_at",
    "rank",
    "ranked_table",
]

NumberLike: TypeAlias = Fraction | int | str | Decimal | float
TieRule: TypeAlias = Literal["table", "positives_last", "positives_first"]
BoxFormat: TypeAlias = Literal["xyxy", "xywh"]
MatchStyle: TypeAlias = Literal["coco", "voc"]

_TIE_RULES: tuple[str, ...] = ("table", "positives_last", "positives_first")


class DetectionError(ValueError):
    """Detection data or a metric request that makes no sense, with a clear message."""


def _to_fraction(value: object, what: str) -> Fraction:
    """`value` as an exact Fraction (floats exactly, as their binary value); else an error."""
    if isinstance(value, bool):
        raise DetectionError(f"{what} must be a number, got the boolean {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, (float, Decimal)):
        if not math.isfinite(value):
            raise DetectionError(f"{what} must be a finite number, got {value!r}")
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise DetectionError(f"{what} must be a number, got the text {value!r}") from None
    raise DetectionError(f"{what} must be a number, got {type(value).__name__} {value!r}")


@dataclass(frozen=True)
class Detection:
    """One row of a detection table: id, confidence and whether it is a true positive."""

    id: str
    confidence: Fraction
    positive: bool

    def __post_init__(self) -> None:
        """Coerce int ids, textual/decimal confidences and 0/1 labels; reject bad values."""
        ident: object = self.id
        if isinstance(ident, int) and not isinstance(ident, bool):
            object.__setattr__(self, "id", str(ident))
        elif not isinstance(ident, str):
            raise DetectionError(f"detection id must be a string, got {ident!r}")
        confidence = _to_fraction(self.confidence, f"confidence of detection {self.id}")
        if confidence < 0:
            raise DetectionError(
                f"confidence of detection {self.id} must not be negative, got {confidence}"
            )
        object.__setattr__(self, "confidence", confidence)
        label: object = self.positive
        if not isinstance(label, bool):
            if isinstance(label, int) and label in (0, 1):
                object.__setattr__(self, "positive", bool(label))
            else:
                raise DetectionError(
                    f"label of detection {self.id} must be true/false or 1/0, got {label!r}"
                )


@dataclass(frozen=True)
class RankRow:
    """One row of the ranked table: cumulative TP/FP, precision, recall, interpolated precision."""

    rank: int
    detection: Detection
    tp: int
    fp: int
    precision: Fraction
    recall: Fraction
    interpolated_precision: Fraction


class APConvention(str, Enum):
    """The ways of turning a ranked detection list into one average-precision number."""

    TEXTBOOK = "textbook"
    VOC2007_11PT = "voc2007_11pt"
    VOC2010_ALL_POINT = "voc2010_all_point"
    COCO_101PT = "coco_101pt"
    NON_INTERPOLATED = "non_interpolated"

    @property
    def description(self) -> str:
        """One line saying how this convention computes AP."""
        return _DESCRIPTIONS[self]

    @property
    def label_en(self) -> str:
        """English display name."""
        return _LABELS_EN[self]

    @property
    def label_zh(self) -> str:
        """Chinese display name."""
        return _LABELS_ZH[self]

    def label(self, lang: Literal["zh", "en"]) -> str:
        """Display name in `lang`."""
        return self.label_zh if lang == "zh" else self.label_en


_DESCRIPTIONS: dict[APConvention, str] = {
    APConvention.TEXTBOOK: (
        "sum, over the rank of each true positive, of the interpolated precision there,"
        " divided by M (the textbook's Table 3.7 method)"
    ),
    APConvention.VOC2007_11PT: (
        "mean over the 11 recall levels 0, 0.1, ..., 1 of the highest precision at recall"
        " >= that level (0 where no such rank exists)"
    ),
    APConvention.VOC2010_ALL_POINT: (
        "area under the monotone (interpolated) precision-recall curve, as the VOC2010+"
        " devkit computes it"
    ),
    APConvention.COCO_101PT: (
        "mean over the 101 recall levels 0, 0.01, ..., 1 of the interpolated precision"
        " (0 where the level is never reached), as COCO computes it"
    ),
    APConvention.NON_INTERPOLATED: (
        "sum over ranks of (recall increase) x (raw precision at that rank),"
        " scikit-learn's average_precision_score with recall over M"
    ),
}

_LABELS_EN: dict[APConvention, str] = {
    APConvention.TEXTBOOK: "textbook AP (interpolated precision at each hit / M)",
    APConvention.VOC2007_11PT: "PASCAL VOC2007 11-point AP",
    APConvention.VOC2010_ALL_POINT: "PASCAL VOC2010 all-point AP",
    APConvention.COCO_101PT: "COCO 101-point AP",
    APConvention.NON_INTERPOLATED: "non-interpolated AP (scikit-learn style)",
}

_LABELS_ZH: dict[APConvention, str] = {
    APConvention.TEXTBOOK: "教材算法（各正例处的最大精度之和除以 M）",
    APConvention.VOC2007_11PT: "PASCAL VOC2007 11 点插值 AP",
    APConvention.VOC2010_ALL_POINT: "PASCAL VOC2010 全点插值 AP",
    APConvention.COCO_101PT: "COCO 101 点插值 AP",
    APConvention.NON_INTERPOLATED: "非插值 AP（scikit-learn 算法）",
}


def _check_m(m: object) -> int:
    """M as a positive int, or the standard error."""
    if isinstance(m, bool) or not isinstance(m, int) or m <= 0:
        raise DetectionError(f"M must be a positive number of ground-truth objects, got {m!r}")
    return m


def _check_detections(detections: Iterable[Detection]) -> list[Detection]:
    """The detections as a list, each checked to be a Detection."""
    items = list(detections)
    for item in items:
        if not isinstance(item, Detection):
            raise DetectionError(f"expected Detection objects, got {item!r}")
    return items


def _keep(
    detections: Sequence[Detection], threshold: NumberLike | None, inclusive: bool
) -> list[Detection]:
    """The detections at or above `threshold` (strictly above when not inclusive)."""
    if threshold is None:
        return list(detections)
    limit = _to_fraction(threshold, "confidence threshold")
    if inclusive:
        return [d for d in detections if d.confidence >= limit]
    return [d for d in detections if d.confidence > limit]


def rank(detections: Iterable[Detection], tie_rule: TieRule = "table") -> tuple[Detection, ...]:
    """Detections by confidence, highest first; ties resolved by `tie_rule`.

    `"table"` (default) keeps the input order among equal confidences (a stable sort): the
    textbook's Table 3.7 and the students' answers list id 1 (false) before id 14 (true) at
    0.35 and compute the precision column in that order. `"positives_last"` puts false
    positives first within a tie (pessimistic), `"positives_first"` the reverse (optimistic);
    both stay stable otherwise.
    """
    items = _check_detections(detections)
    if tie_rule == "table":
        return tuple(sorted(items, key=lambda d: -d.confidence))
    if tie_rule == "positives_last":
        return tuple(sorted(items, key=lambda d: (-d.confidence, d.positive)))
    if tie_rule == "positives_first":
        return tuple(sorted(items, key=lambda d: (-d.confidence, not d.positive)))
    raise DetectionError(f"unknown tie rule {tie_rule!r}; expected one of {_TIE_RULES}")


def _prepare(
    detections: Iterable[Detection],
    m: int,
    threshold: NumberLike | None,
    inclusive: bool,
    tie_rule: TieRule,
) -> tuple[int, tuple[Detection, ...]]:
    """Validated M and the ranked detections kept by the threshold."""
    m = _check_m(m)
    items = _check_detections(detections)
    positives = sum(1 for d in items if d.positive)
    if positives > m:
        raise DetectionError(
            f"{positives} true positives among the detections but only M = {m} ground-truth"
            " objects; each ground-truth object can be matched at most once"
        )
    return m, rank(_keep(items, threshold, inclusive), tie_rule)


def _curve(ranked: Sequence[Detection], m: int) -> tuple[list[Fraction], list[Fraction]]:
    """Precision and recall (TP / M) after each rank."""
    precisions: list[Fraction] = []
    recalls: list[Fraction] = []
    tp = 0
    for index, det in enumerate(ranked, start=1):
        tp += det.positive
        precisions.append(Fraction(tp, index))
        recalls.append(Fraction(tp, m))
    return precisions, recalls


def _envelope(precisions: Sequence[Fraction]) -> list[Fraction]:
    """Running maximum from the right: the highest precision at this rank or any later one."""
    out = list(precisions)
    for i in range(len(out) - 2, -1, -1):
        out[i] = max(out[i], out[i + 1])
    return out


def _interpolated(precisions: Sequence[Fraction], recalls: Sequence[Fraction]) -> list[Fraction]:
    """Highest precision at any rank whose recall is >= this rank's recall.

    Recall never decreases along the ranking, so those ranks are the ones from the first
    rank with this recall onwards (earlier ranks of equal recall included).
    """
    env = _envelope(precisions)
    out: list[Fraction] = []
    start = 0
    for i, r in enumerate(recalls):
        if i > 0 and r != recalls[i - 1]:
            start = i
        out.append(env[start])
    return out


def ranked_table(
    detections: Iterable[Detection],
    m: int,
    *,
    threshold: NumberLike | None = None,
    inclusive: bool = True,
    tie_rule: TieRule = "table",
) -> tuple[RankRow, ...]:
    """The ranked table of the textbook: cumulative TP/FP, precision, recall (over M)."""
    m, ranked = _prepare(detections, m, threshold, inclusive, tie_rule)
    precisions, recalls = _curve(ranked, m)
    interp = _interpolated(precisions, recalls)
    rows: list[RankRow] = []
    tp = 0
    for index, det in enumerate(ranked, start=1):
        tp += det.positive
        rows.append(RankRow(index, det, tp, index - tp, precisions[index - 1],
                            recalls[index - 1], interp[index - 1]))
    return tuple(rows)


def precision_recall_at(
    detections: Iterable[Detection],
    m: int,
    threshold: NumberLike,
    inclusive: bool = True,
) -> tuple[Fraction, Fraction]:
    """(precision, recall) of the detections with confidence >= threshold (> if not inclusive).

    With no detection kept, precision is defined as 0 (and recall is 0).
    """
    m, ranked = _prepare(detections, m, threshold, inclusive, "table")
    if not ranked:
        return Fraction(0), Fraction(0)
    tp = sum(1 for d in ranked if d.positive)
    return Fraction(tp, len(ranked)), Fraction(tp, m)


def _ap_textbook(ranked: Sequence[Detection], m: int) -> Fraction:
    """Sum of the interpolated precision at every true positive's rank, over M."""
    precisions, recalls = _curve(ranked, m)
    interp = _interpolated(precisions, recalls)
    total = sum((p for p, d in zip(interp, ranked, strict=True) if d.positive), Fraction(0))
    return total / m


def _ap_points(ranked: Sequence[Detection], m: int, levels: int) -> Fraction:
    """Mean over recall levels k/(levels-1) of the highest precision at recall >= level.

    COCO takes the envelope precision at the first rank whose recall reaches the level;
    VOC2007 takes the maximum precision over all ranks with recall >= level. Both are the
    same number because recall never decreases along the ranking.
    """
    precisions, recalls = _curve(ranked, m)
    env = _envelope(precisions)
    total = Fraction(0)
    for k in range(levels):
        level = Fraction(k, levels - 1)
        i = bisect_left(recalls, level)
        if i < len(recalls):
            total += env[i]
    return total / levels


def _ap_all_point(ranked: Sequence[Detection], m: int) -> Fraction:
    """The VOC2010+ devkit: sentinels, monotone envelope, sum of rectangles at recall steps."""
    precisions, recalls = _curve(ranked, m)
    mrec = [Fraction(0), *recalls, Fraction(1)]
    mpre = _envelope([Fraction(0), *precisions, Fraction(0)])
    return sum(
        ((mrec[i + 1] - mrec[i]) * mpre[i + 1] for i in range(len(mrec) - 1)
         if mrec[i + 1] != mrec[i]),
        Fraction(0),
    )


def _ap_non_interpolated(ranked: Sequence[Detection], m: int) -> Fraction:
    """Sum over ranks of (R_n - R_{n-1}) * P_n, recall over M, one step per row."""
    precisions, recalls = _curve(ranked, m)
    total = Fraction(0)
    previous = Fraction(0)
    for p, r in zip(precisions, recalls, strict=True):
        total += (r - previous) * p
        previous = r
    return total


def _as_convention(convention: APConvention | str) -> APConvention:
    """`convention` as an APConvention (its value string accepted)."""
    try:
        return APConvention(convention)
    except ValueError:
        names = ", ".join(c.value for c in APConvention)
        raise DetectionError(
            f"unknown AP convention {convention!r}; expected one of {names}"
        ) from None


def average_precision(
    detections: Iterable[Detection],
    m: int,
    convention: APConvention | str = APConvention.TEXTBOOK,
    threshold: NumberLike | None = None,
    inclusive: bool = True,
    *,
    tie_rule: TieRule = "table",
) -> Fraction:
    """Exact AP of the detections (only those kept by `threshold` are ranked) under a convention.

    No detection kept gives AP 0 under every convention.
    """
    conv = _as_convention(convention)
    m, ranked = _prepare(detections, m, threshold, inclusive, tie_rule)
    if conv is APConvention.TEXTBOOK:
        return _ap_textbook(ranked, m)
    if conv is APConvention.VOC2007_11PT:
        return _ap_points(ranked, m, 11)
    if conv is APConvention.VOC2010_ALL_POINT:
        return _ap_all_point(ranked, m)
    if conv is APConvention.COCO_101PT:
        return _ap_points(ranked, m, 101)
    return _ap_non_interpolated(ranked, m)


def all_conventions(
    detections: Iterable[Detection],
    m: int,
    threshold: NumberLike | None = None,
    inclusive: bool = True,
    *,
    tie_rule: TieRule = "table",
) -> dict[APConvention, Fraction]:
    """AP under every convention, in the enum's order."""
    items = _check_detections(detections)
    return {
        conv: average_precision(items, m, conv, threshold, inclusive, tie_rule=tie_rule)
        for conv in APConvention
    }


def mean_average_precision(
    per_class: Mapping[str, tuple[Sequence[Detection], int]],
    convention: APConvention | str = APConvention.TEXTBOOK,
    threshold: NumberLike | None = None,
    inclusive: bool = True,
) -> Fraction:
    """Mean over classes of AP, each class given as (its detections, its M)."""
    if not per_class:
        raise DetectionError("mAP needs at least one class")
    total = Fraction(0)
    for name, (detections, m) in per_class.items():
        try:
            total += average_precision(detections, m, convention, threshold, inclusive)
        except DetectionError as exc:
            raise DetectionError(f"class {name!r}: {exc}") from None
    return total / len(per_class)


def _box(box: Sequence[NumberLike], fmt: BoxFormat, what: str) -> tuple[Fraction, ...]:
    """A box as exact (x1, y1, x2, y2), checked."""
    if isinstance(box, (str, bytes)) or len(box) != 4:
        raise DetectionError(f"{what} must have 4 coordinates, got {box!r}")
    a, b, c, d = (_to_fraction(v, f"coordinate of {what}") for v in box)
    if fmt == "xyxy":
        if c < a or d < b:
            raise DetectionError(
                f"{what} {box!r} is not a valid xyxy box: need x2 >= x1 and y2 >= y1"
            )
        return a, b, c, d
    if fmt == "xywh":
        if c < 0 or d < 0:
            raise DetectionError(
                f"{what} {box!r} is not a valid xywh box: width and height must be >= 0"
            )
        return a, b, a + c, b + d
    raise DetectionError(f"unknown box format {fmt!r}; expected 'xyxy' or 'xywh'")


def _iou(a: tuple[Fraction, ...], b: tuple[Fraction, ...]) -> Fraction:
    """IoU of two checked xyxy boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    inter = w * h if w > 0 and h > 0 else Fraction(0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    if union == 0:
        raise DetectionError("IoU is undefined: both boxes have zero area")
    return inter / union


def iou(a: Sequence[NumberLike], b: Sequence[NumberLike], fmt: BoxFormat = "xyxy") -> Fraction:
    """Intersection over union of two axis-aligned boxes, exact (continuous coordinates)."""
    return _iou(_box(a, fmt, "box a"), _box(b, fmt, "box b"))


def match_detections(
    dets: Sequence[tuple[str, NumberLike, Sequence[NumberLike]]],
    gts: Sequence[Sequence[NumberLike]],
    iou_threshold: NumberLike = Fraction(1, 2),
    fmt: BoxFormat = "xyxy",
    *,
    style: MatchStyle = "coco",
) -> tuple[Detection, ...]:
    """Greedy matching of (id, confidence, box) detections to ground-truth boxes.

    Detections are visited by confidence, highest first (ties in input order). With
    `style="coco"` (default) each takes the still-unmatched ground truth of highest IoU
    provided IoU >= threshold; with `style="voc"` (the VOC devkit) it looks only at the
    ground truth of highest IoU overall, needs IoU > threshold, and is a false positive if
    that one is already taken. Equal IoUs go to the earlier ground truth. Each ground
    truth is matched at most once; later duplicates become false positives. The result is
    in input order.
    """
    limit = _to_fraction(iou_threshold, "IoU threshold")
    if style not in ("coco", "voc"):
        raise DetectionError(f"unknown matching style {style!r}; expected 'coco' or 'voc'")
    gt_boxes = [_box(g, fmt, f"ground-truth box {i}") for i, g in enumerate(gts)]
    parsed: list[tuple[str, Fraction, tuple[Fraction, ...]]] = []
    for entry in dets:
        if len(entry) != 3:
            raise DetectionError(f"a detection must be (id, confidence, box), got {entry!r}")
        ident, confidence, box = entry
        probe = Detection(ident, _to_fraction(confidence, f"confidence of {ident}"), False)
        parsed.append((probe.id, probe.confidence, _box(box, fmt, f"box of detection {ident}")))
    order = sorted(range(len(parsed)), key=lambda i: -parsed[i][1])
    matched = [False] * len(gt_boxes)
    positive = [False] * len(parsed)
    for i in order:
        box = parsed[i][2]
        best: int | None = None
        best_iou = Fraction(-1)
        for j, gt in enumerate(gt_boxes):
            if style == "coco" and matched[j]:
                continue
            overlap = _iou(box, gt)
            if overlap > best_iou:
                best, best_iou = j, overlap
        if best is None:
            continue
        hit = best_iou >= limit if style == "coco" else best_iou > limit
        if hit and not matched[best]:
            matched[best] = True
            positive[i] = True
    return tuple(Detection(ident, conf, positive[i]) for i, (ident, conf, _) in enumerate(parsed))
