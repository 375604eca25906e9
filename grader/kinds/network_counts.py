"""Kind `network_counts`: neurons, parameters (and optionally more) of whole networks."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from functools import cache
from math import prod
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from grader.count_diagnosis import CountCheck, credit_for, diagnose_count, reference_value
from grader.errors import ValueParseError
from grader.fields import Value
from grader.kinds.base import (
    GradingContext,
    KindParams,
    QuestionKind,
    answers_model,
    item_result,
    missing_item,
    unparsed_item,
)
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.validation import did_you_mean
from grader.values import ParsedValue, format_value, try_parse_value

if TYPE_CHECKING:
    from grader.rubric import Question

__all__ = [
    "KIND",
    "CountCredit",
    "NetworkCountsParams",
    "PerNetworkKind",
    "count_answers",
    "grade_count",
]

COUNT_FIELDS = ("neurons", "params", "weights", "biases", "bn_params", "macs")

DEFAULT_CREDIT: dict[str, float] = {
    "rounding": 1.0,
    "variant": 1.0,
    "bias_omitted": 0.5,
    "bn_omitted": 0.5,
    "input_included": 0.5,
    "pooling_included": 0.5,
    "shortcut_excluded": 0.5,
    "arithmetic_slip": 0.5,
    "typo": 0.5,
    "non_trainable_included": 0.5,
}


def _known_network(name: str) -> str:
    from reference.networks import NETWORKS

    if name not in NETWORKS:
        raise ValueError(f"unknown network {name!r}; {did_you_mean(name, NETWORKS)}")
    return name


class CountCredit(KindParams):
    """How counts are credited: per-item points and the fraction each diagnosis earns."""

    credit: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CREDIT))
    min_sig_figs: int = Field(3, ge=1,
                              description="fewest significant figures an approximation needs")


class NetworkCountsParams(CountCredit):
    """Rubric parameters of a `network_counts` question."""

    networks: list[str]
    quantities: list[str] = Field(default_factory=lambda: ["neurons", "params"])
    variants: dict[str, list[str]] = Field(default_factory=dict)
    """Accepted alternatives per network, e.g. {alexnet: [alexnet_ungrouped]}."""

    @field_validator("networks")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        return [_known_network(n) for n in v]

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {_known_network(k): [_known_network(n) for n in ns] for k, ns in v.items()}

    @field_validator("quantities")
    @classmethod
    def _quantities(cls, v: list[str]) -> list[str]:
        for q in v:
            if q not in COUNT_FIELDS:
                raise ValueError(f"unknown quantity {q!r}; {did_you_mean(q, COUNT_FIELDS)}")
        return v


class LayerAnswer(BaseModel):
    """Counts of one layer of a breakdown."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    neurons: Value | None = None
    params: Value | None = None
    weights: Value | None = None
    biases: Value | None = None
    macs: Value | None = None


def _network_answer_model() -> type[BaseModel]:
    fields: dict[str, Any] = {name: (Value | None, None) for name in COUNT_FIELDS}
    fields["layers"] = (dict[str, LayerAnswer] | None, Field(
        None, description="Optional per-layer breakdown; names as in `grader reference`"))
    model: type[BaseModel] = create_model(
        "NetworkAnswer", __config__=ConfigDict(frozen=True, extra="forbid"), **fields)
    return model


NetworkAnswer = _network_answer_model()


def grade_count(
    path: str,
    raw: Any,
    check: CountCheck,
    *,
    params: CountCredit,
    max_score: float,
) -> ItemResult:
    """Grade one count: exact, rounded, a recognised variant or mistake, or plain wrong."""
    expected = format_value(Fraction(check.expected))
    if raw is None:
        return missing_item(path, expected, max_score)
    parsed = try_parse_value(raw)
    submitted = str(raw)
    if isinstance(parsed, ValueParseError):
        return unparsed_item(path, submitted, expected, parsed, max_score)
    right = judge_right_value(parsed, Fraction(check.expected), params)
    if right is not None:
        verdict, credit, notes = right
        return item_result(path, submitted=submitted, expected=expected, verdict=verdict,
                           max_score=max_score, credit=credit, diagnoses=notes)
    diagnoses = diagnose_count(parsed, check)
    credit = credit_for(diagnoses, params.credit)
    codes = {d.code for d in diagnoses if d.explains}
    if credit >= 1.0 and codes <= {"variant", "rounding"}:
        verdict = Verdict.ACCEPTED_VARIANT
    elif credit > 0:
        verdict = Verdict.PARTIAL
    else:
        verdict = Verdict.INCORRECT
    return item_result(path, submitted=submitted, expected=expected, verdict=verdict,
                       max_score=max_score, credit=credit, diagnoses=diagnoses)


def judge_right_value(parsed: ParsedValue, expected: Fraction, params: CountCredit
                      ) -> tuple[Verdict, float, list[Diagnosis]] | None:
    """Verdict, credit and notes when `parsed` states the right value, exactly or rounded;
    None when it does not."""
    rounding_credit = params.credit.get("rounding", 1.0)
    chain_slip = len(parsed.sides) > 1 and not parsed.consistent()
    slip_note = Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_chain",
                          params={"computed": format_value(parsed.sides[0]),
                                  "stated": format_value(parsed.value)}, explains=False)
    match = parsed.matches(expected)
    if match == "exact":
        return Verdict.CORRECT, 1.0, [slip_note] if chain_slip else []
    if expected in parsed.sides[:-1] and parsed.sig_figs is not None:
        # `143667240 ≈ 1.44亿`: the exact value is there; the last side only glosses it.
        notes = [] if match else [Diagnosis(code="rounding", key="counts.gloss_off",
                                            explains=False)]
        return Verdict.CORRECT, 1.0, notes
    sig = parsed.sig_figs
    if match is None and sig is None and not parsed.is_expression:
        sig = _implied_sig_figs(parsed.value, expected)  # 143,700,000: trailing zeros
        match = "rounding" if sig else None
    if match == "rounding" and sig is not None:
        if sig < params.min_sig_figs:
            return Verdict.PARTIAL, rounding_credit / 2, [Diagnosis(
                code="rounding", key="counts.too_imprecise",
                params={"sig_figs": sig, "min": params.min_sig_figs})]
        credit = rounding_credit
        return (Verdict.CORRECT if credit >= 1 else Verdict.PARTIAL, credit,
                [Diagnosis(code="rounding", key="counts.rounding", params={"sig_figs": sig})])
    if sig is not None and _truncated(parsed.value, expected, sig):
        return Verdict.PARTIAL, rounding_credit / 2, [Diagnosis(
            code="rounding", key="counts.truncated", params={"sig_figs": sig})]
    return None


def _implied_sig_figs(value: Fraction, expected: Fraction) -> int | None:
    """Significant figures of a whole number written with three or more trailing zeros,
    when at that precision it is the expected value (143,700,000 for 143,667,240)."""
    if value.denominator != 1 or value <= 0:
        return None
    digits = str(value.numerator)
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros < 3:
        return None
    return len(digits) - zeros if abs(value - expected) * 2 <= 10 ** zeros else None


def _truncated(value: Fraction, expected: Fraction, sig: int) -> bool:
    """True when `value` is `expected` cut off (not rounded) at `sig` significant figures."""
    if value <= 0 or expected <= value:
        return False
    exponent = len(str(int(expected))) - sig if expected >= 1 else None
    if exponent is None:
        return False
    unit = Fraction(10) ** exponent
    return value == (expected // unit) * unit


def count_answers(question: Question, answer: Any) -> Iterator[tuple[str, Any]]:
    """(path, raw) of every per-network total in a network_counts or forward_ops answer."""
    for network in type(answer).model_fields:
        net_answer = getattr(answer, network)
        if net_answer is None:
            continue
        for name, raw in net_answer.model_dump(exclude={"layers"}).items():
            if raw is not None:
                yield f"{question.id}.{network}.{name}", raw


class PerNetworkKind(QuestionKind[Any]):
    """A question answered network by network (`alexnet: {...}`, `vgg19: {...}`)."""

    network_answer: ClassVar[type[BaseModel]]
    """The answer model of one network."""

    def answer_model(self, question: Question) -> Any:
        networks: list[str] = question.params.networks  # type: ignore[attr-defined]
        return answers_model(question, {n: (self.network_answer | None, None) for n in networks})

    def numeric_answers(self, question: Question, answer: Any) -> Iterator[tuple[str, Any]]:
        return count_answers(question, answer)

    def grade(self, question: Question, answer: Any, ctx: GradingContext) -> QuestionReport:
        own = ctx.own_numeric_answers()
        items: list[ItemResult] = []
        for network in question.params.networks:  # type: ignore[attr-defined]
            net_answer = getattr(answer, network, None) if answer is not None else None
            items.extend(self.grade_network(question, question.params, network, net_answer,
                                            own))
        return QuestionReport(id=question.id, title=question.title, items=tuple(items))

    def grade_network(self, question: Question, params: Any, network: str, answer: Any,
                      own: dict[str, Fraction]) -> list[ItemResult]:
        """The items of one network (`answer` is None when the network was not answered)."""
        raise NotImplementedError


class NetworkCountsKind(PerNetworkKind):
    """Totals per network, each diagnosed against every computable alternative."""

    name = "network_counts"
    params_model = NetworkCountsParams
    network_answer = NetworkAnswer

    def grade_network(self, question: Question, params: NetworkCountsParams, network: str,
                      answer: Any, own: dict[str, Fraction]) -> list[ItemResult]:
        base = f"{question.id}.{network}"
        layers: dict[str, LayerAnswer] = (getattr(answer, "layers", None) or {}) if answer else {}
        graded = list(params.quantities)
        if answer is not None:
            graded += [q for q in COUNT_FIELDS
                       if q not in graded and getattr(answer, q, None) is not None]
        layer_items = _grade_layers(base, network, layers, params)
        items = []
        for quantity in graded:
            raw = getattr(answer, quantity, None) if answer is not None else None
            layer_sum, first_wrong = _breakdown(network, layers, quantity, layer_items)
            check = CountCheck(
                path=f"{base}.{quantity}", network=network, quantity=quantity,
                expected=reference_value(network, quantity),
                variants=tuple(params.variants.get(network, ())),
                own_answers=own, layer_sum=layer_sum, first_wrong_layer=first_wrong,
                min_sig_figs=params.min_sig_figs)
            points = question.points if quantity in params.quantities else 0.0
            items.append(grade_count(check.path, raw, check, params=params, max_score=points))
        return items + layer_items


def _grade_layers(base: str, network: str, layers: dict[str, LayerAnswer],
                  params: NetworkCountsParams) -> list[ItemResult]:
    """Each submitted layer value as a zero-point item with its own diagnoses."""
    from reference.engine import analyse

    stats = analyse(network)
    names = [row.name for row in stats.layers]
    items: list[ItemResult] = []
    for layer_name, layer_answer in layers.items():
        path = f"{base}.layers.{layer_name}"
        if layer_name not in names:
            diag = Diagnosis(code="layer_mismatch", key="counts.unknown_layer",
                             params={"layer": layer_name, "network": network,
                                     "hint": did_you_mean(layer_name, names)})
            items.append(item_result(path, submitted=layer_name, expected=None,
                                     verdict=Verdict.INCORRECT, max_score=0, credit=0,
                                     diagnoses=(diag,)))
            continue
        row = stats.layer(layer_name)
        for quantity, raw in layer_answer.model_dump().items():
            if raw is None:
                continue
            expected = row.params if quantity == "params" else getattr(row, quantity)
            items.append(_grade_layer_value(f"{path}.{quantity}", raw, row, quantity, expected,
                                            params))
    return items


def _grade_layer_value(path: str, raw: Any, row: Any, quantity: str, expected: int,
                       params: NetworkCountsParams) -> ItemResult:
    parsed = try_parse_value(raw)
    exp_text = format_value(Fraction(expected))
    if isinstance(parsed, ValueParseError):
        return unparsed_item(path, str(raw), exp_text, parsed, 0)
    if parsed.matches(Fraction(expected)) is not None:
        return item_result(path, submitted=str(raw), expected=exp_text, verdict=Verdict.CORRECT,
                           max_score=0, credit=1)
    diagnoses: list[Diagnosis] = []
    if quantity == "neurons" and "pool" in row.type and parsed.value == prod(row.output_shape):
        diagnoses.append(Diagnosis(code="pooling_included", key="counts.pooling_layer",
                                   params={"layer": row.name}))
    if quantity == "params" and row.biases and parsed.value == row.weights:
        diagnoses.append(Diagnosis(code="bias_omitted", key="counts.bias_omitted",
                                   params={"missing": row.biases}))
    if len(parsed.sides) > 1 and not parsed.consistent():
        diagnoses.append(Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_chain",
                                   params={"computed": format_value(parsed.sides[0]),
                                           "stated": format_value(parsed.value)}))
    # Zero points either way; the verdict still tells a half-right layer from a wrong one.
    verdict = Verdict.PARTIAL if credit_for(diagnoses, params.credit) > 0 else Verdict.INCORRECT
    return item_result(path, submitted=str(raw), expected=exp_text, verdict=verdict,
                       max_score=0, credit=0, diagnoses=diagnoses)


@cache
def _counting_layers(network: str, quantity: str) -> tuple[str, ...]:
    """Names of the layers of `network` that contribute to `quantity`."""
    from reference.engine import analyse

    return tuple(row.name for row in analyse(network).layers
                 if (row.params if quantity == "params" else getattr(row, quantity, 0)))


def _breakdown(network: str, layers: dict[str, LayerAnswer], quantity: str,
               layer_items: list[ItemResult]) -> tuple[Fraction | None, str | None]:
    """Sum of the student's layer values for `quantity` (when every counting layer is given)
    and the first layer whose value is wrong."""

    first_wrong = None
    for item in layer_items:
        if item.path.endswith(f".{quantity}") and not item.verdict.is_full_credit:
            first_wrong = item.path.split(".layers.", 1)[1].rsplit(".", 1)[0]
            break
    needed = _counting_layers(network, quantity)
    total = Fraction(0)
    for name in needed:
        raw = getattr(layers.get(name), quantity, None) if name in layers else None
        if raw is None:
            return None, first_wrong
        parsed = try_parse_value(raw)
        if not isinstance(parsed, ParsedValue):
            return None, first_wrong
        total += parsed.value
    return total, first_wrong


KIND = NetworkCountsKind()
