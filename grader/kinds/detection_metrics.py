"""Kind `detection_metrics` (Table 3.7): precision, recall and AP at a confidence threshold.

Expected values come from `reference.detection` (exact fractions). A wrong value is
compared with every value a recognised mistake or convention produces:

* `recall_denominator`: TP divided by the true positives among the kept detections, or
  among the whole table, instead of M (the number of ground-truth objects); also for AP;
* `threshold_exclusive`: `>` where the question says `≥` (or the reverse), diagnosed only
  where some detection sits exactly at the threshold, so that the value differs;
* `ap_convention`: AP under another convention (VOC2007 11-point, VOC2010 all-point,
  COCO 101-point, non-interpolated). Conventions giving the reference value are simply
  correct (on Table 3.7 the textbook, VOC2010 and non-interpolated AP all equal 23/180);
* `precision_recall_swapped`: the precision answer is the recall, or the reverse.

Mistakes combine (e.g. COCO AP with the wrong denominator); the explanation with the fewest
mistakes wins, and the least generous of its diagnoses sets the credit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import product
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from grader.fields import Value, noted
from grader.kinds.base import QuestionKind, number_policy
from grader.numeric import Candidate, StudentNumbers, Target, grade_number
from grader.question import CreditParams, KindParams, Question, cached_per_params
from grader.report import Diagnosis, QuestionReport
from grader.values import exact_fraction
from reference.detection import (
    APConvention,
    Detection,
    DetectionError,
    RankRow,
    all_conventions,
    average_precision,
    precision_recall_at,
    ranked_table,
)

__all__ = [
    "KIND",
    "DetectionAnswer",
    "DetectionExpectation",
    "DetectionMetricsParams",
    "DetectionRow",
    "DetectionTable",
    "detection_table",
    "exact_number",
    "expectation",
]

METRICS: tuple[str, ...] = ("precision", "recall", "ap")


def exact_number(value: Any, what: str) -> str:
    """A rubric number as exact decimal text: YAML floats by their shortest repr (0.3, not
    0.299999...), strings checked to be a number (`0.92`, `23/25`)."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}")
    if isinstance(value, float):
        value = repr(value)
    elif isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a number written like 0.35, got {value!r}")
    try:
        exact_fraction(value)
    except ValueError as exc:
        raise ValueError(f"{what} must be a number written like 0.35 ({exc})") from None
    return value.strip()


class DetectionRow(KindParams):
    """One row of the detection table: its id, confidence and whether it is a true positive."""

    id: str
    confidence: str
    positive: bool

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence(cls, v: Any) -> str:
        text = exact_number(v, "confidence")
        if Fraction(text) < 0:
            raise ValueError(f"confidence must not be negative, got {text}")
        return text

    def detection(self) -> Detection:
        return Detection(self.id, Fraction(self.confidence), self.positive)


class DetectionMetricsParams(CreditParams):
    """Rubric parameters of a `detection_metrics` question."""

    detections: list[DetectionRow] = Field(min_length=1)
    ground_truth: int = Field(description="M, the number of ground-truth objects")
    threshold: str
    textbook_threshold: str | None = Field(None, description=(
        "set per student, never in a rubric: the textbook's threshold, whose values are "
        "default_variant"))
    inclusive: bool = True
    ap_convention: APConvention = APConvention.TEXTBOOK
    accepted_ap_conventions: list[APConvention] = Field(default_factory=list)
    table_positives: int | None = Field(
        None, description="true positives in the whole table, rows under the threshold "
                          "included, when `detections` lists only the kept rows")
    min_sig_figs: int = Field(2, ge=1,
                              description="fewest significant figures an approximation needs")

    @field_validator("ground_truth")
    @classmethod
    def _m(cls, v: int) -> int:
        if v <= 0:
            raise ValueError(
                f"ground_truth (M, the number of ground-truth objects) must be at least 1, "
                f"got {v}: recall = TP / M and AP are undefined without ground-truth objects")
        return v

    @field_validator("threshold", mode="before")
    @classmethod
    def _threshold(cls, v: Any) -> str:
        return exact_number(v, "threshold")

    @model_validator(mode="after")
    def _consistent(self) -> DetectionMetricsParams:
        ids = [d.id for d in self.detections]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"detection ids must be unique; repeated: {', '.join(dupes)}")
        positives = sum(d.positive for d in self.detections)
        if positives > self.ground_truth:
            raise ValueError(
                f"{positives} detections are true positives but ground_truth (M) is only "
                f"{self.ground_truth}; each ground-truth object is matched at most once")
        tp = self.table_positives
        if tp is not None and not positives <= tp <= self.ground_truth:
            raise ValueError(
                f"table_positives must lie between the {positives} positives listed and "
                f"ground_truth = {self.ground_truth}, got {tp}")
        return self

    def rows(self) -> list[Detection]:
        return [d.detection() for d in self.detections]


class DetectionAnswer(BaseModel):
    """Precision, recall and AP at the question's threshold."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    precision: Value | None = Field(None, **noted("field.precision",
                                                  "TP / (TP + FP) of the kept detections"))
    recall: Value | None = Field(None, **noted("field.recall", "TP / M"))
    ap: Value | None = Field(None, **noted("field.ap", "average precision"))


# ----------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Deviation:
    """One departure from the rubric's method."""

    diagnosis: Diagnosis
    code: str
    accepted: bool = False


@dataclass(frozen=True)
class _Setting:
    """A way of reading the table: threshold rule, recall denominator."""

    inclusive: bool
    denominator: int
    deviations: tuple[_Deviation, ...]


def _kept(rows: Sequence[Detection], threshold: Fraction, inclusive: bool) -> list[Detection]:
    if inclusive:
        return [d for d in rows if d.confidence >= threshold]
    return [d for d in rows if d.confidence > threshold]


def _settings(params: DetectionMetricsParams) -> list[_Setting]:
    """Every (threshold rule, denominator) a student might use; the rubric's first."""
    rows = params.rows()
    threshold = Fraction(params.threshold)
    m = params.ground_truth
    at_threshold = [d.id for d in rows if d.confidence == threshold]
    out: list[_Setting] = []
    for inclusive in (params.inclusive, not params.inclusive):
        threshold_devs: tuple[_Deviation, ...] = ()
        if inclusive != params.inclusive:
            key = ("detection.threshold_exclusive" if params.inclusive
                   else "detection.threshold_inclusive")
            threshold_devs = (_Deviation(Diagnosis(
                code="threshold_exclusive", key=key,
                params={"threshold": params.threshold, "ids": ", ".join(at_threshold) or "—"}),
                "threshold_exclusive"),)
        kept_pos = sum(d.positive for d in _kept(rows, threshold, inclusive))
        listed_pos = sum(d.positive for d in rows)
        denominators: list[tuple[int, str | None]] = [(m, None), (kept_pos, "kept")]
        if listed_pos != kept_pos:
            denominators.append((listed_pos, "listed"))
        if params.table_positives is not None:
            denominators.append((params.table_positives, "table"))
        seen: set[int] = set()
        for denominator, how in denominators:
            if denominator <= 0 or denominator in seen or (how and denominator == m):
                continue
            seen.add(denominator)
            devs = threshold_devs
            if how is not None:
                devs += (_Deviation(Diagnosis(
                    code="recall_denominator", key=_DENOMINATOR_KEYS[how],
                    params={"denominator": denominator, "m": m}), "recall_denominator"),)
            out.append(_Setting(inclusive, denominator, devs))
    return out


def _metrics(params: DetectionMetricsParams, setting: _Setting) -> tuple[Fraction, Fraction]:
    kept = _kept(params.rows(), Fraction(params.threshold), setting.inclusive)
    return precision_recall_at(kept, setting.denominator, params.threshold, setting.inclusive)


def _convention_deviation(params: DetectionMetricsParams, conv: APConvention) -> _Deviation:
    ref = params.ap_convention
    accepted = conv in params.accepted_ap_conventions
    key = "detection.ap_convention_accepted" if accepted else "detection.ap_convention"
    return _Deviation(Diagnosis(code="ap_convention", key=key, params={
        "convention": conv.value, "convention_zh": conv.label_zh,
        "convention_en": conv.label_en, "reference": ref.value,
        "reference_zh": ref.label_zh, "reference_en": ref.label_en,
    }), "ap_convention", accepted=accepted)


_SWAP_KEYS = {"precision": "detection.swapped_precision", "recall": "detection.swapped_recall"}
_DENOMINATOR_KEYS = {"kept": "detection.recall_denominator_kept",
                     "listed": "detection.recall_denominator_listed",
                     "table": "detection.recall_denominator_table"}


def _swap_deviation(metric: str) -> _Deviation:
    return _Deviation(Diagnosis(code="precision_recall_swapped", key=_SWAP_KEYS[metric],
                                params={}),
                      "precision_recall_swapped")


def _candidates(found: Iterable[tuple[Fraction, tuple[_Deviation, ...]]], expected: Fraction,
                other_item: Mapping[str, str]) -> tuple[Candidate, ...]:
    """Distinct values other than `expected`, fewest (non-accepted) deviations first."""
    ordered = sorted(
        ((value, devs) for value, devs in found if devs),
        key=lambda c: (sum(not d.accepted for d in c[1]), len(c[1])))
    out: list[Candidate] = []
    seen = {expected}
    for value, devs in ordered:
        if value in seen:
            continue
        seen.add(value)
        diagnoses = tuple(d.diagnosis.model_copy(update={"credit": 1.0}) if d.accepted
                          else d.diagnosis for d in devs)
        swap = next((other_item[d.code] for d in devs if d.code in other_item), None)
        out.append(Candidate(value, diagnoses, other_item=swap))
    return tuple(out)


@dataclass(frozen=True)
class DetectionExpectation:
    """Expected precision, recall and AP, and every recognised alternative of each."""

    expected: dict[str, Fraction]
    candidates: dict[str, tuple[Candidate, ...]]


@cached_per_params
def expectation(question: Question[DetectionMetricsParams]) -> DetectionExpectation:
    """What the rubric expects, and what each recognised mistake would give instead."""
    params = question.params
    settings = _settings(params)  # the rubric's own reading first
    rows = params.rows()
    threshold = Fraction(params.threshold)
    metrics = [_metrics(params, s) for s in settings]
    precision, recall = metrics[0]
    ap = average_precision(_kept(rows, threshold, params.inclusive), params.ground_truth,
                           params.ap_convention)
    expected = {"precision": precision, "recall": recall, "ap": ap}
    swap_p, swap_r = (_swap_deviation("precision"),), (_swap_deviation("recall"),)
    cand: dict[str, list[tuple[Fraction, tuple[_Deviation, ...]]]] = {k: [] for k in METRICS}
    for s, (p, r) in zip(settings, metrics, strict=True):
        if s.denominator == params.ground_truth:  # precision does not involve M
            cand["precision"].append((p, s.deviations))
            cand["recall"].append((p, swap_r + s.deviations))
        cand["recall"].append((r, s.deviations))
        cand["precision"].append((r, swap_p + s.deviations))
    for s, conv in product(settings, APConvention):
        devs = s.deviations
        if conv is not params.ap_convention:
            devs = (_convention_deviation(params, conv), *devs)
        kept = _kept(rows, threshold, s.inclusive)
        cand["ap"].append((average_precision(kept, s.denominator, conv), devs))
    swaps = {"precision": {"precision_recall_swapped": f"{question.id}.recall"},
             "recall": {"precision_recall_swapped": f"{question.id}.precision"}, "ap": {}}
    candidates = {k: _candidates(cand[k], expected[k], swaps[k]) for k in METRICS}
    textbook = params.textbook_threshold
    if textbook is not None and textbook != params.threshold:
        # a student's own threshold: the textbook's values are `default_variant`
        base = expectation(replace(question, params=params.model_copy(
            update={"threshold": textbook, "textbook_threshold": None}))).expected
        for k in METRICS:
            if base[k] != expected[k]:
                candidates[k] = (Candidate(base[k], (Diagnosis(
                    code="default_variant", key="detection.default_variant",
                    params={"threshold": textbook}),)), *candidates[k])
    return DetectionExpectation(expected=expected, candidates=candidates)


class DetectionMetricsKind(QuestionKind[DetectionMetricsParams]):
    """Precision, recall and AP of a detection table, each diagnosed against the
    conventions and mistakes that give a different value."""

    name = "detection_metrics"
    params_model = DetectionMetricsParams

    def answer_model(self, question: Question[DetectionMetricsParams]) -> Any:
        return DetectionAnswer

    def targets(self, question: Question[DetectionMetricsParams],
                answer: Any) -> Iterator[tuple[Target, Any]]:
        try:
            exp = expectation(question)
        except DetectionError as exc:  # pragma: no cover - the params validators prevent it
            raise ValueError(str(exc)) from None
        for metric in METRICS:
            target = Target(path=f"{question.id}.{metric}", expected=exp.expected[metric],
                            candidates=exp.candidates[metric])
            yield target, getattr(answer, metric, None) if answer is not None else None

    def grade(self, question: Question[DetectionMetricsParams], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        policy = number_policy(question.params)
        items = tuple(grade_number(target, raw, policy=policy, max_score=question.points,
                                   numbers=numbers)
                      for target, raw in self.targets(question, answer))
        return QuestionReport(id=question.id, title=question.title, items=items)


KIND = DetectionMetricsKind()


# ----------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class DetectionTable:
    """The ranked table a student should build for a question, and AP under every convention."""

    question: str
    threshold: str
    inclusive: bool
    m: int
    rows: tuple[RankRow, ...]
    tp: int
    precision: Fraction
    recall: Fraction
    conventions: dict[APConvention, Fraction]
    reference: APConvention
    accepted: tuple[APConvention, ...]


def detection_table(question_id: str, params: DetectionMetricsParams) -> DetectionTable:
    """Ranked rows of the kept detections, precision/recall at the threshold, every AP."""
    kept = _kept(params.rows(), Fraction(params.threshold), params.inclusive)
    m = params.ground_truth
    rows = ranked_table(kept, m)
    precision, recall = precision_recall_at(kept, m, params.threshold, params.inclusive)
    return DetectionTable(
        question=question_id, threshold=params.threshold, inclusive=params.inclusive, m=m,
        rows=rows, tp=sum(d.positive for d in kept), precision=precision, recall=recall,
        conventions=all_conventions(kept, m), reference=params.ap_convention,
        accepted=tuple(params.accepted_ap_conventions))
