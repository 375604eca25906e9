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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from grader.errors import ValueParseError
from grader.fields import Value
from grader.kinds.base import (
    GradingContext,
    KindParams,
    QuestionKind,
    cached_per_params,
    item_result,
    missing_item,
    unparsed_item,
)
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.values import ParsedValue, format_value, try_parse_value
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

if TYPE_CHECKING:
    from grader.rubric import Question

__all__ = [
    "KIND",
    "Alternative",
    "DetectionAnswer",
    "DetectionExpectation",
    "DetectionMetricsParams",
    "DetectionRow",
    "DetectionTable",
    "detection_table",
    "exact_number",
    "expectation",
    "grade_ratio",
]

METRICS: tuple[str, ...] = ("precision", "recall", "ap")

DEFAULT_CREDIT: dict[str, float] = {
    "rounding": 1.0,
    "ap_convention": 0.5,
    "recall_denominator": 0.5,
    "threshold_exclusive": 0.5,
    "precision_recall_swapped": 0.5,
    "arithmetic_slip": 0.5,
}


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
        Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{what} must be a number written like 0.35, got {value!r}") from None
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


class DetectionMetricsParams(KindParams):
    """Rubric parameters of a `detection_metrics` question."""

    detections: list[DetectionRow] = Field(min_length=1)
    ground_truth: int = Field(description="M, the number of ground-truth objects")
    threshold: str
    inclusive: bool = True
    ap_convention: APConvention = APConvention.TEXTBOOK
    accepted_ap_conventions: list[APConvention] = Field(default_factory=list)
    table_positives: int | None = Field(
        None, description="true positives in the whole table, rows under the threshold "
                          "included, when `detections` lists only the kept rows")
    credit: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CREDIT))
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
    precision: Value | None = Field(None, description="TP / (TP + FP) of the kept detections")
    recall: Value | None = Field(None, description="TP / M")
    ap: Value | None = Field(None, description="average precision")


# ----------------------------------------------------------------------------- grading


@dataclass(frozen=True)
class Alternative:
    """A value a recognised mistake or convention gives, with its diagnoses and credit."""

    value: Fraction
    diagnoses: tuple[Diagnosis, ...]
    credit: float
    accepted: bool = False
    """True when every diagnosis is an accepted convention: verdict accepted_variant."""


def _rounding_note(parsed: ParsedValue, min_sig_figs: int,
                   credit: Mapping[str, float]) -> tuple[Diagnosis, float, bool]:
    """The rounding note of an approximation of the expected value: (note, credit, full)."""
    sig = parsed.sig_figs or 0
    if sig < min_sig_figs:
        return (Diagnosis(code="rounding", key="counts.too_imprecise",
                          params={"sig_figs": sig, "min": min_sig_figs}),
                credit.get("rounding", 1.0) / 2, False)
    return (Diagnosis(code="rounding", key="counts.rounding", params={"sig_figs": sig}),
            credit.get("rounding", 1.0), True)


def _chain_note(parsed: ParsedValue) -> Diagnosis | None:
    if len(parsed.sides) > 1 and not parsed.consistent():
        return Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_chain",
                         params={"computed": format_value(parsed.sides[0]),
                                 "stated": format_value(parsed.value)})
    return None


def grade_ratio(
    path: str,
    raw: Any,
    expected: Fraction,
    alternatives: Sequence[Alternative],
    *,
    credit: Mapping[str, float],
    min_sig_figs: int,
    max_score: float,
) -> ItemResult:
    """Grade one exact rational answer: right (maybe rounded), a recognised alternative,
    a slip in a written chain, or plain wrong."""
    expected_text = format_value(expected)
    if raw is None:
        return missing_item(path, expected_text, max_score)
    submitted = str(raw)
    parsed = try_parse_value(raw)
    if isinstance(parsed, ValueParseError):
        return unparsed_item(path, submitted, expected_text, parsed, max_score)
    chain = _chain_note(parsed)
    match = parsed.matches(expected)
    if match is not None:
        notes: list[Diagnosis] = []
        verdict, earned = Verdict.CORRECT, 1.0
        if match == "rounding":
            note, earned, full = _rounding_note(parsed, min_sig_figs, credit)
            notes.append(note)
            if not full or earned < 1.0:
                verdict = Verdict.PARTIAL
        if chain is not None:
            notes.append(chain.model_copy(update={"explains": False}))
        return item_result(path, submitted=submitted, expected=expected_text, verdict=verdict,
                           max_score=max_score, credit=earned, diagnoses=notes)
    found = _match_alternative(parsed, alternatives, min_sig_figs)
    if found is not None:
        alt, how = found
        diagnoses = list(alt.diagnoses)
        if how == "rounding":
            diagnoses.append(Diagnosis(code="rounding", key="counts.rounding_of_alternative",
                                       params={"sig_figs": parsed.sig_figs or 0},
                                       explains=False))
        if chain is not None:
            diagnoses.append(chain.model_copy(update={"explains": False}))
        if alt.accepted and alt.credit >= 1.0:
            verdict = Verdict.ACCEPTED_VARIANT
        elif alt.credit > 0:
            verdict = Verdict.PARTIAL
        else:
            verdict = Verdict.INCORRECT
        return item_result(path, submitted=submitted, expected=expected_text, verdict=verdict,
                           max_score=max_score, credit=alt.credit, diagnoses=diagnoses)
    if chain is not None and parsed.sides[0] == expected:
        # The working was right and the last step slipped.
        earned = credit.get("arithmetic_slip", 0.0)
        return item_result(path, submitted=submitted, expected=expected_text,
                           verdict=Verdict.PARTIAL if earned > 0 else Verdict.INCORRECT,
                           max_score=max_score, credit=earned, diagnoses=(chain,))
    return item_result(path, submitted=submitted, expected=expected_text,
                       verdict=Verdict.INCORRECT, max_score=max_score, credit=0.0,
                       diagnoses=(chain.model_copy(update={"explains": False}),) if chain else ())


def _match_alternative(
    parsed: ParsedValue, alternatives: Sequence[Alternative], min_sig_figs: int,
) -> tuple[Alternative, Literal["exact", "rounding"]] | None:
    """The first alternative equal to the value, else the first within its precision.

    A value too coarse to be graded (fewer than `min_sig_figs`) explains no mistake either:
    0.5 is within rounding of far too many wrong computations to name one.
    """
    for alt in alternatives:
        if parsed.value == alt.value:
            return alt, "exact"
    if (parsed.sig_figs or 0) < min_sig_figs:
        return None
    for alt in alternatives:
        if parsed.matches(alt.value) == "rounding":
            return alt, "rounding"
    return None


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
                    code="recall_denominator", key=f"detection.recall_denominator_{how}",
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


def _swap_deviation(metric: str) -> _Deviation:
    return _Deviation(Diagnosis(code="precision_recall_swapped",
                                key=f"detection.swapped_{metric}", params={}),
                      "precision_recall_swapped")


def _alternatives(candidates: Iterable[tuple[Fraction, tuple[_Deviation, ...]]],
                  expected: Fraction, credit: Mapping[str, float]) -> list[Alternative]:
    """Distinct values other than `expected`, fewest (non-accepted) deviations first."""
    ordered = sorted(
        ((value, devs) for value, devs in candidates if devs),
        key=lambda c: (sum(not d.accepted for d in c[1]), len(c[1])))
    out: list[Alternative] = []
    seen = {expected}
    for value, devs in ordered:
        if value in seen:
            continue
        seen.add(value)
        earned = min(1.0 if d.accepted else credit.get(d.code, 0.0) for d in devs)
        out.append(Alternative(value, tuple(d.diagnosis for d in devs), earned,
                               accepted=all(d.accepted for d in devs)))
    return out


@dataclass(frozen=True)
class DetectionExpectation:
    """Expected precision, recall and AP, and every recognised alternative of each."""

    expected: dict[str, Fraction]
    alternatives: dict[str, list[Alternative]]


@cached_per_params
def expectation(params: DetectionMetricsParams) -> DetectionExpectation:
    """What the rubric expects, and what each recognised mistake would give instead."""
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
    return DetectionExpectation(
        expected=expected,
        alternatives={k: _alternatives(cand[k], expected[k], params.credit) for k in METRICS})


class DetectionMetricsKind(QuestionKind[DetectionMetricsParams]):
    """Precision, recall and AP of a detection table, each diagnosed against the
    conventions and mistakes that give a different value."""

    name = "detection_metrics"
    params_model = DetectionMetricsParams

    def answer_model(self, question: Question) -> Any:
        return DetectionAnswer

    def grade(self, question: Question, answer: Any, ctx: GradingContext) -> QuestionReport:
        params: DetectionMetricsParams = question.params  # type: ignore[assignment]
        try:
            exp = expectation(params)
        except DetectionError as exc:  # pragma: no cover - the params validators prevent it
            raise ValueError(str(exc)) from None
        items = [
            grade_ratio(f"{question.id}.{metric}",
                        getattr(answer, metric, None) if answer is not None else None,
                        exp.expected[metric], exp.alternatives[metric],
                        credit=params.credit, min_sig_figs=params.min_sig_figs,
                        max_score=question.points)
            for metric in METRICS
        ]
        if answer is not None:
            items = _repeated_answers(question, items, answer, exp.expected)
        return QuestionReport(id=question.id, title=question.title, items=tuple(items))


def _repeated_answers(question: Question, items: list[ItemResult], answer: Any,
                      expected: Mapping[str, Fraction]) -> list[ItemResult]:
    """Correct the diagnoses that only make sense across items.

    A wrong answer that repeats the student's own answer to another metric (AP written as
    the recall, say) is `copied_from` that answer, whatever convention it happens to round
    to; and precision and recall are `swapped` only when both are.
    """
    values: dict[str, Fraction] = {}
    for metric in METRICS:
        parsed = try_parse_value(getattr(answer, metric, None)) if getattr(
            answer, metric, None) is not None else None
        if isinstance(parsed, ParsedValue):
            values[metric] = parsed.value
    swapped = (values.get("precision") == expected["recall"]
               and values.get("recall") == expected["precision"])
    out = []
    for item, metric in zip(items, METRICS, strict=True):
        value = values.get(metric)
        if value is None or value == expected[metric] or item.verdict is Verdict.CORRECT:
            out.append(item)
            continue
        others = [m for m in METRICS if m != metric and values.get(m) == value]
        claims_swap = any(d.code == "precision_recall_swapped" for d in item.diagnoses)
        if others and not (claims_swap and swapped):
            copy = Diagnosis(code="copied_from", key="counts.copied_from",
                             params={"other": f"{question.id}.{others[0]}"})
            item = item.model_copy(update={"verdict": Verdict.INCORRECT, "score": 0.0,
                                           "diagnoses": (copy,)})
        out.append(item)
    return out


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
