"""Kind `forward_ops` (3.2): multiplications and additions of one forward pass."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from grader.count_diagnosis import CountCheck, reference_value
from grader.fields import Value
from grader.kinds.base import item_result
from grader.kinds.network_counts import (
    CountCredit,
    PerNetworkKind,
    _known_network,
    grade_count,
)
from grader.report import Diagnosis, ItemResult, Verdict

if TYPE_CHECKING:
    from grader.rubric import Question

__all__ = ["ADD_CONVENTIONS", "KIND", "additions"]

AddConvention = Literal["with_bias", "accumulate_only"]
ADD_CONVENTIONS: tuple[AddConvention, ...] = ("with_bias", "accumulate_only")
"""with_bias: k−1 additions to sum k products, plus one bias addition per output that has a
bias. accumulate_only: the k−1 additions alone (bias additions not counted)."""


@cache
def additions(network: str, convention: AddConvention) -> int:
    """Additions of one forward pass through conv and FC layers under `convention`."""
    from reference.engine import analyse

    total = 0
    for row in analyse(network).layers:
        if row.type not in ("conv", "fc"):
            continue
        total += row.macs - row.neurons
        if convention == "with_bias" and row.biases:
            total += row.neurons
    return total


class ForwardOpsParams(CountCredit):
    """Rubric parameters of a `forward_ops` question."""

    networks: list[str]
    variants: dict[str, list[str]] = Field(default_factory=dict)
    """Accepted alternatives per network, e.g. {alexnet: [alexnet_ungrouped]}."""
    adds_convention: AddConvention = "with_bias"
    accepted_adds_conventions: list[AddConvention] = Field(
        default_factory=lambda: list(ADD_CONVENTIONS[1:]))

    @field_validator("networks")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        return [_known_network(n) for n in v]

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {_known_network(k): [_known_network(n) for n in ns] for k, ns in v.items()}


class OpsAnswer(BaseModel):
    """Operation counts of one network."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    mults: Value | None = Field(None, description="multiplications of one forward pass")
    adds: Value | None = Field(None, description="additions of one forward pass")


class ForwardOpsKind(PerNetworkKind):
    """Multiplications = MACs; additions under the rubric's convention, the others recognised."""

    name = "forward_ops"
    params_model = ForwardOpsParams
    network_answer = OpsAnswer

    def grade_network(self, question: Question, params: ForwardOpsParams, network: str,
                      answer: Any, own: dict[str, Fraction]) -> list[ItemResult]:
        mults = CountCheck(path=f"{question.id}.{network}.mults", network=network,
                           quantity="macs", expected=reference_value(network, "macs"),
                           own_answers=own, variants=tuple(params.variants.get(network, ())),
                           min_sig_figs=params.min_sig_figs)
        return [grade_count(mults.path, getattr(answer, "mults", None), mults, params=params,
                            max_score=question.points),
                self._grade_adds(question, params, network, answer, own)]

    def _grade_adds(self, question: Question, params: ForwardOpsParams, network: str,
                    net: Any, own: dict[str, Fraction]) -> ItemResult:
        path = f"{question.id}.{network}.adds"
        check = CountCheck(path=path, network=network, quantity="macs",
                           expected=additions(network, params.adds_convention), own_answers=own,
                           min_sig_figs=params.min_sig_figs)
        raw = getattr(net, "adds", None)
        result = grade_count(path, raw, check, params=params, max_score=question.points)
        if result.verdict.is_full_credit or raw is None:
            return result
        # The other addition conventions are accepted variants, said by name.
        from grader.values import ParsedValue, try_parse_value

        value = try_parse_value(raw)
        if not isinstance(value, ParsedValue):
            return result
        for convention in params.accepted_adds_conventions:
            if value.matches(Fraction(additions(network, convention))) is not None:
                note = Diagnosis(code="variant", key=f"ops.adds_{convention}", params={})
                credit = params.credit.get("variant", 1.0)
                return item_result(
                    path, submitted=result.submitted, expected=result.expected,
                    verdict=Verdict.ACCEPTED_VARIANT if credit >= 1 else Verdict.PARTIAL,
                    max_score=question.points, credit=credit, diagnoses=(note,))
        return result


KIND = ForwardOpsKind()
