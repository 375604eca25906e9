"""Kind `forward_ops` (3.2): multiplications and additions of one forward pass."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from grader.count_candidates import network_candidates, reference_value
from grader.fields import Value
from grader.kinds.network_counts import PerNetworkKind, PerNetworkParams
from grader.numeric import Candidate, Target
from grader.question import Question
from grader.report import Diagnosis, ItemResult

__all__ = ["ADD_CONVENTIONS", "KIND", "additions"]

AddConvention = Literal["with_bias", "accumulate_only"]
ADD_CONVENTIONS: tuple[AddConvention, ...] = ("with_bias", "accumulate_only")
"""with_bias: k−1 additions to sum k products, plus one bias addition per output that has a
bias. accumulate_only: the k−1 additions alone (bias additions not counted)."""

_CONVENTION_KEYS: dict[AddConvention, str] = {
    "with_bias": "ops.adds_with_bias",
    "accumulate_only": "ops.adds_accumulate_only",
}


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


class ForwardOpsParams(PerNetworkParams):
    """Rubric parameters of a `forward_ops` question."""

    adds_convention: AddConvention = "with_bias"
    accepted_adds_conventions: list[AddConvention] = Field(
        default_factory=lambda: list(ADD_CONVENTIONS[1:]))


class OpsAnswer(BaseModel):
    """Operation counts of one network."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    mults: Value | None = Field(None, description="multiplications of one forward pass")
    adds: Value | None = Field(None, description="additions of one forward pass")


@cache
def _adds_candidates(network: str, convention: AddConvention,
                     accepted: tuple[AddConvention, ...]) -> tuple[Candidate, ...]:
    """The other accepted addition conventions (said by name), then the MACs' candidates."""
    own = [Candidate(Fraction(additions(network, c)),
                     (Diagnosis(code="variant", key=_CONVENTION_KEYS[c]),))
           for c in accepted if c != convention]
    return tuple(own) + network_candidates(network, "macs")


class ForwardOpsKind(PerNetworkKind[ForwardOpsParams]):
    """Multiplications = MACs; additions under the rubric's convention, the others recognised."""

    name = "forward_ops"
    params_model = ForwardOpsParams
    network_answer = OpsAnswer

    def network_targets(self, question: Question[ForwardOpsParams], network: str,
                        answer: Any, breakdown: list[ItemResult] | None = None
                        ) -> list[tuple[Target, Any, float]]:
        params = question.params
        base = f"{question.id}.{network}"
        mults = Target(path=f"{base}.mults",
                       expected=Fraction(reference_value(network, "macs")),
                       candidates=network_candidates(network, "macs",
                                                     params.variants_of(network)),
                       label=network)
        adds = Target(path=f"{base}.adds",
                      expected=Fraction(additions(network, params.adds_convention)),
                      candidates=_adds_candidates(network, params.adds_convention,
                                                  tuple(params.accepted_adds_conventions)),
                      label=network)
        return [(mults, getattr(answer, "mults", None), question.points),
                (adds, getattr(answer, "adds", None), question.points)]


KIND = ForwardOpsKind()
