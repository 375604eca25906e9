"""Kind `iou`: intersection over union of named pairs of boxes.

A rubric names each pair and gives its boxes::

    params:
      pairs:
        box_pair_1: {a: [0, 0, 4, 4], b: [2, 2, 6, 6], format: xyxy}

and the answer is `{box_pair_1: 1/7}`. The expected value is `reference.detection.iou`,
exact. A wrong value is compared with the usual wrong formulas, all diagnosed with the
code `iou_formula` (the variant is named in the message): the intersection divided by the
smaller area, by the sum of the areas (the intersection not subtracted), by one box's area,
or the bare intersection area. Pixel-inclusive widths (x2 − x1 + 1, the old VOC devkit)
are an accepted variant unless the rubric says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from grader.fields import Value, noted
from grader.kinds.base import QuestionKind, answers_model, number_policy
from grader.kinds.detection_metrics import exact_number
from grader.numeric import Candidate, StudentNumbers, Target, grade_number
from grader.question import CreditParams, KindParams, Question
from grader.report import Diagnosis, QuestionReport
from reference.detection import DetectionError, iou

__all__ = ["KIND", "BoxPair", "IoUParams", "IoUVariant", "iou_alternatives"]

IoUVariant = Literal["min_area", "sum_areas", "box_a", "box_b", "intersection_only",
                     "pixel_inclusive"]



class BoxPair(KindParams):
    """Two boxes, as [x1, y1, x2, y2] (xyxy) or [x, y, width, height] (xywh)."""

    a: list[str] = Field(min_length=4, max_length=4)
    b: list[str] = Field(min_length=4, max_length=4)
    format: Literal["xyxy", "xywh"] = "xyxy"

    @field_validator("a", "b", mode="before")
    @classmethod
    def _coords(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [exact_number(x, "a box coordinate") for x in v]
        return v

    @model_validator(mode="after")
    def _valid(self) -> BoxPair:
        try:
            iou(self.a, self.b, self.format)
        except DetectionError as exc:
            raise ValueError(str(exc)) from None
        return self

    def corners(self) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
        """Both boxes as exact (x1, y1, x2, y2)."""
        out = []
        for box in (self.a, self.b):
            x, y, c, d = (Fraction(v) for v in box)
            out.append((x, y, c, d) if self.format == "xyxy" else (x, y, x + c, y + d))
        return out[0], out[1]


def _default_accepted() -> list[IoUVariant]:
    return ["pixel_inclusive"]


class IoUParams(CreditParams):
    """Rubric parameters of an `iou` question."""

    pairs: dict[str, BoxPair] = Field(min_length=1)
    accepted_variants: list[IoUVariant] = Field(default_factory=_default_accepted)
    min_sig_figs: int = Field(2, ge=1,
                              description="fewest significant figures an approximation needs")

    @field_validator("pairs")
    @classmethod
    def _names(cls, v: dict[str, BoxPair]) -> dict[str, BoxPair]:
        for name in v:
            if not name.isidentifier() or not name.isascii():
                raise ValueError(f"pair name {name!r} must be a plain identifier like box_pair_1")
        return v


def _area(box: tuple[Fraction, ...], plus: int = 0) -> Fraction:
    return (box[2] - box[0] + plus) * (box[3] - box[1] + plus)


def _intersection(a: tuple[Fraction, ...], b: tuple[Fraction, ...], plus: int = 0) -> Fraction:
    w = min(a[2], b[2]) - max(a[0], b[0]) + plus
    h = min(a[3], b[3]) - max(a[1], b[1]) + plus
    return w * h if w > 0 and h > 0 else Fraction(0)


_VARIANT_KEYS: dict[str, str] = {
    "min_area": "detection.iou_min_area", "sum_areas": "detection.iou_sum_areas",
    "box_a": "detection.iou_one_box", "box_b": "detection.iou_one_box",
    "intersection_only": "detection.iou_intersection_only",
    "pixel_inclusive": "detection.iou_pixel_inclusive",
}


def iou_alternatives(pair: BoxPair, params: IoUParams) -> tuple[Candidate, ...]:
    """The values of the usual wrong formulas (and accepted variants) that differ from IoU."""
    a, b = pair.corners()
    expected = iou(pair.a, pair.b, pair.format)
    inter = _intersection(a, b)
    area_a, area_b = _area(a), _area(b)
    values: list[tuple[IoUVariant, Fraction | None, dict[str, Any]]] = [
        ("min_area", inter / min(area_a, area_b) if min(area_a, area_b) else None, {}),
        ("sum_areas", inter / (area_a + area_b), {}),
        ("box_a", inter / area_a if area_a else None, {"box": "A"}),
        ("box_b", inter / area_b if area_b else None, {"box": "B"}),
        ("intersection_only", inter, {}),
    ]
    if pair.format == "xyxy" and all(v.denominator == 1 for v in (*a, *b)):
        inter1 = _intersection(a, b, 1)
        values.append(("pixel_inclusive", inter1 / (_area(a, 1) + _area(b, 1) - inter1), {}))
    out: list[Candidate] = []
    seen = {expected}
    for variant, value, extra in values:
        if value is None or value in seen:
            continue
        seen.add(value)
        accepted = variant in params.accepted_variants
        diag = Diagnosis(code="iou_formula", key=_VARIANT_KEYS[variant],
                         params={"variant": variant, **extra},
                         credit=1.0 if accepted else None)
        out.append(Candidate(value, (diag,)))
    return tuple(out)


class IoUKind(QuestionKind[IoUParams]):
    """IoU of each named pair of boxes, with the usual wrong formulas recognised."""

    name = "iou"
    params_model = IoUParams

    def answer_model(self, question: Question[IoUParams]) -> Any:
        fields: dict[str, Any] = {
            name: (Value | None, Field(None, **noted("field.iou", name=name)))
            for name in question.params.pairs
        }
        return answers_model(question, fields)

    def targets(self, question: Question[IoUParams],
                answer: Any) -> Iterator[tuple[Target, Any]]:
        params = question.params
        for name, pair in params.pairs.items():
            target = Target(path=f"{question.id}.{name}",
                            expected=iou(pair.a, pair.b, pair.format),
                            candidates=_alternatives(question, name))
            yield target, getattr(answer, name, None) if answer is not None else None

    def grade(self, question: Question[IoUParams], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        policy = number_policy(question.params)
        items = tuple(grade_number(target, raw, policy=policy, max_score=question.points,
                                   numbers=numbers)
                      for target, raw in self.targets(question, answer))
        return QuestionReport(id=question.id, title=question.title, items=items)


_MEMO: dict[tuple[int, str], tuple[Question[IoUParams], tuple[Candidate, ...]]] = {}


def _alternatives(question: Question[IoUParams], name: str) -> tuple[Candidate, ...]:
    """`iou_alternatives` of one pair, computed once per question (and so per class)."""
    hit = _MEMO.get((id(question), name))
    if hit is not None and hit[0] is question:
        return hit[1]
    found = iou_alternatives(question.params.pairs[name], question.params)
    _MEMO[(id(question), name)] = (question, found)
    return found


KIND = IoUKind()
