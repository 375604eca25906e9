"""Kind `formulas`: LSTM/GRU gate equations, GAN losses and conv formulas, checked symbolically."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from grader.codes import code as code_info
from grader.fields import Text, noted
from grader.items import item_result, missing_item
from grader.kinds.base import QuestionKind, answers_model
from grader.numeric import StudentNumbers, credit_and_verdict
from grader.question import CreditParams, KindParams, Question
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.validation import did_you_mean

__all__ = ["KIND", "FormulaItem", "FormulasParams"]


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


class FormulasParams(CreditParams):
    """Rubric parameters of a `formulas` question: items by name, credit per diagnosis."""

    items: dict[str, FormulaItem]


_WHAT = {
    "lstm.forget_gate": "formula.what.lstm.forget_gate",
    "lstm.input_gate": "formula.what.lstm.input_gate",
    "lstm.output_gate": "formula.what.lstm.output_gate",
    "lstm.candidate": "formula.what.lstm.candidate",
    "lstm.cell_state": "formula.what.lstm.cell_state",
    "lstm.hidden_state": "formula.what.lstm.hidden_state",
    "gru.update_gate": "formula.what.gru.update_gate",
    "gru.reset_gate": "formula.what.gru.reset_gate",
    "gru.candidate": "formula.what.gru.candidate",
    "gru.hidden_state": "formula.what.gru.hidden_state",
    "gan.discriminator_loss": "formula.what.gan.discriminator_loss",
    "gan.generator_loss": "formula.what.gan.generator_loss",
    "gan.generator_loss_non_saturating": "formula.what.gan.generator_loss_non_saturating",
    "gan.value_function": "formula.what.gan.value_function",
    "gan.optimal_discriminator": "formula.what.gan.optimal_discriminator",
    "conv.output_size": "formula.what.conv.output_size",
    "conv.param_count": "formula.what.conv.param_count",
}
"""What each reference formula is the formula of (a test checks every reference is here)."""


def _what(reference: str) -> str:
    """The catalogue key (as a `noted()` parameter) naming what `reference` is the formula of."""
    return "@" + _WHAT.get(reference, "formula.what.other")


class FormulasKind(QuestionKind[FormulasParams]):
    """Each item parsed by `grader.formula` (sympy only when needed) and diagnosed."""

    name = "formulas"
    params_model = FormulasParams

    def answer_model(self, question: Question[FormulasParams]) -> Any:
        params = question.params
        fields = {name: (Text | None, Field(None, **noted(
                      "field.formula", item.reference, what=_what(item.reference))))
                  for name, item in params.items.items()}
        return answers_model(question, fields)

    def warm_up(self, question: Question[FormulasParams]) -> None:
        from grader.formula import check_formula, reference_display

        params = question.params
        for item in params.items.values():  # imports sympy, caches the reference's form
            check_formula(reference_display(item.reference), item.reference)

    def grade(self, question: Question[FormulasParams], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        params = question.params
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
        (Diagnosis(code=d.code, key=d.key, params=dict(d.params),
                   explains=not code_info(d.code).note)
         for d in result.diagnoses),
        key=lambda d: not d.explains))  # what costs points first, notes on writing last
    read_as = result.canonical or None
    if result.verdict == "unparsed":
        verdict, credit = Verdict.UNPARSED, 0.0
    elif result.verdict == "correct":
        verdict, credit = Verdict.CORRECT, 1.0
    elif result.verdict == "accepted_variant" and not any(d.explains for d in diagnoses):
        verdict, credit = Verdict.ACCEPTED_VARIANT, 1.0  # a variant said only in notes
    else:
        credit, verdict = credit_and_verdict(diagnoses, params.credit)
    return item_result(path, submitted=text.strip(), expected=expected, verdict=verdict,
                       max_score=points, credit=credit, diagnoses=diagnoses, read_as=read_as)


KIND = FormulasKind()
