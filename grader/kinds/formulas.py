"""Kind `formulas`: LSTM/GRU gate equations, GAN losses and conv formulas, checked symbolically."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from grader.fields import Text
from grader.kinds.base import (
    GradingContext,
    KindParams,
    QuestionKind,
    answers_model,
    item_result,
    missing_item,
)
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.validation import did_you_mean

if TYPE_CHECKING:
    from grader.rubric import Question

__all__ = ["KIND", "FormulaItem", "FormulasParams"]

# Codes that describe how a right formula was written: they never cost points.
_NOTES = frozenset({"notation"})

DEFAULT_CREDIT: dict[str, float] = {
    "non_saturating": 1.0,
    "time_index": 0.5,
    "wrong_activation": 0.5,
    "missing_bias": 0.5,
    "elementwise_vs_matrix": 0.5,
    "sign_error": 0.5,
    "min_max_swapped": 0.5,
    "inconsistent_chain": 0.5,
}


class FormulaItem(KindParams):
    """One formula the question asks for."""

    reference: str
    required: bool = True
    """Optional items are checked and explained but carry no points."""

    @field_validator("reference")
    @classmethod
    def _known(cls, v: str) -> str:
        from reference.formulas import REFERENCES

        if v not in REFERENCES:
            raise ValueError(f"unknown formula reference {v!r}; {did_you_mean(v, REFERENCES)}")
        return v


class FormulasParams(KindParams):
    """Rubric parameters of a `formulas` question: items by name, credit per diagnosis."""

    items: dict[str, FormulaItem]
    credit: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CREDIT))


class FormulasKind(QuestionKind[FormulasParams]):
    """Each item parsed by `grader.formula` (sympy only when needed) and diagnosed."""

    name = "formulas"
    params_model = FormulasParams

    def answer_model(self, question: Question) -> Any:
        params: FormulasParams = question.params  # type: ignore[assignment]
        fields = {name: (Text | None, Field(None, description=item.reference))
                  for name, item in params.items.items()}
        return answers_model(question, fields)

    def warm_up(self, question: Question) -> None:
        from grader.formula import check_formula, reference_display

        params: FormulasParams = question.params  # type: ignore[assignment]
        for item in params.items.values():  # imports sympy, caches the reference's form
            check_formula(reference_display(item.reference), item.reference)

    def grade(self, question: Question, answer: Any, ctx: GradingContext) -> QuestionReport:
        params: FormulasParams = question.params  # type: ignore[assignment]
        items: list[ItemResult] = []
        for name, spec in params.items.items():
            text = getattr(answer, name, None) if answer is not None else None
            points = question.points if spec.required else 0.0
            if text is None and not spec.required:
                continue
            items.append(_grade_formula(f"{question.id}.{name}", text, spec, params, points))
        return QuestionReport(id=question.id, title=question.title, items=tuple(items))


def _grade_formula(path: str, text: str | None, spec: FormulaItem, params: FormulasParams,
                   points: float) -> ItemResult:
    from grader.formula import check_formula, reference_display

    expected = reference_display(spec.reference)
    if text is None:
        return missing_item(path, expected, points)
    result = check_formula(text, spec.reference)
    diagnoses = tuple(sorted(
        (Diagnosis(code=d.code, key=d.key, params=dict(d.params), explains=d.code not in _NOTES)
         for d in result.diagnoses),
        key=lambda d: not d.explains))  # what costs points first, notes on writing last
    if result.verdict == "unparsed":
        verdict, credit = Verdict.UNPARSED, 0.0
    elif result.verdict == "correct":
        verdict, credit = Verdict.CORRECT, 1.0
    else:
        codes = [d.code for d in diagnoses if d.explains]
        credit = min((params.credit.get(c, 0.0) for c in codes), default=0.0)
        if result.verdict == "accepted_variant":
            credit = min((params.credit.get(c, 1.0) for c in codes), default=1.0)
            verdict = Verdict.ACCEPTED_VARIANT if credit >= 1 else Verdict.PARTIAL
        else:
            verdict = Verdict.PARTIAL if credit > 0 else Verdict.INCORRECT
    return item_result(path, submitted=text.strip(), expected=expected, verdict=verdict,
                       max_score=points, credit=credit, diagnoses=diagnoses)


KIND = FormulasKind()
