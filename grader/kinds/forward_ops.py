"""Kind `forward_ops` (3.2): multiplications and additions of one forward pass.

Multiplications are the multiply-accumulates of the convolution and fully connected
layers; additions follow the rubric's convention (`reference.operations`). The other
fair conventions — k−1 or k additions per output, BatchNorm's scale and shift, the
residual additions — are recognised and named, credited as the rubric accepts them.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from itertools import product
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from grader.count_candidates import network_candidates
from grader.fields import Value, noted
from grader.kinds.network_counts import PerNetworkKind, PerNetworkParams
from grader.numeric import Candidate, Target
from grader.question import Question
from grader.report import Diagnosis, ItemResult
from reference.operations import ADD_BASES, AddBase, additions, multiplications, operations

__all__ = ["KIND", "ForwardOpsParams", "adds_expected", "mults_expected", "profiler_figures"]

_BASE_KEYS: dict[AddBase, str] = {
    "with_bias": "ops.adds_with_bias",
    "accumulate_only": "ops.adds_accumulate_only",
    "macs": "ops.adds_macs",
}


def _other_bases(base: AddBase) -> list[AddBase]:
    return [b for b in ADD_BASES if b != base]


class ForwardOpsParams(PerNetworkParams):
    """Rubric parameters of a `forward_ops` question."""

    adds_convention: AddBase = "with_bias"
    accepted_adds_conventions: list[AddBase] = Field(
        default_factory=lambda: _other_bases("with_bias"),
        description="other ways of counting a sum's additions accepted as right")
    accept_bn_operations: bool = Field(
        True, description="BatchNorm's multiplication and addition per element counted")
    accept_residual_additions: bool = Field(
        True, description="the additions of residual shortcuts counted")


class OpsAnswer(BaseModel):
    """Operation counts of one network."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    mults: Value | None = Field(None, **noted("field.mults"))
    adds: Value | None = Field(None, **noted("field.adds"))


def mults_expected(network: str) -> int:
    """The reference multiplications: one per multiply-accumulate."""
    return multiplications(operations(network))


def adds_expected(network: str, base: AddBase) -> int:
    """The reference additions under the rubric's convention."""
    return additions(operations(network), base)


def _note(key: str) -> Diagnosis:
    return Diagnosis(code="variant", key=key)


_TORCHVISION_SHIPPED = ("alexnet_torchvision", "vgg", "resnet")


def profiler_figures(network: str) -> dict[str, int]:
    """What two profilers print for one forward pass of a network torchvision ships, by
    message key (none for another network):

    * ptflops, and mmcv's `get_model_complexity_info` (a copy): the multiply-accumulates
      plus one per output of a layer with a bias, two per BatchNorm element (scale and
      shift), one per ReLU output (after every convolution and fully connected layer but
      the classifier and the projection shortcuts, whose sum is activated in the block)
      and one per element entering a pooling layer;
    * thop: the multiply-accumulates plus one per output of a convolution with a bias (not
      of a fully connected layer), two per BatchNorm element, and an adaptive average
      pool's additions and division (window area + 1 per output); ReLU and max pooling 0.
    """
    from math import prod

    from reference.engine import analyse

    name = network.partition("@")[0]
    if not name.startswith(_TORCHVISION_SHIPPED) or name.endswith("_keras"):
        return {}
    layers = analyse(network).layers
    weighted = [r for r in layers if r.type in ("conv", "fc")]
    if not weighted:
        return {}
    macs = sum(r.macs for r in weighted)
    bn = 2 * sum(prod(r.output_shape) for r in layers if r.type == "bn")
    relu = sum(r.neurons for r in weighted if not r.shortcut) - weighted[-1].neurons
    pooled = sum(prod(r.input_shape) for r in layers if r.type in ("maxpool", "avgpool"))
    biased = sum(r.neurons for r in weighted if r.biases)
    conv_biased = sum(r.neurons for r in weighted if r.biases and r.type == "conv")
    avg = sum(prod(r.output_shape) * (prod(r.input_shape[1:]) // prod(r.output_shape[1:]) + 1)
              for r in layers if r.type == "avgpool" and len(r.input_shape) == 3)
    return {"counts.tool_ptflops": macs + biased + bn + relu + pooled,
            "counts.tool_thop": macs + conv_biased + bn + avg}


@cache
def _mults_candidates(network: str, variants: tuple[str, ...], bn: bool
                      ) -> tuple[Candidate, ...]:
    ops = operations(network)
    own = []
    if bn and ops.bn_elements:
        own.append(Candidate(Fraction(multiplications(ops, bn=True)),
                             (_note("ops.mults_with_bn"),)))
    from reference.variants import describe

    tools = []
    macs = multiplications(ops)
    for net in (network, *variants):
        tag = () if net == network else (Diagnosis(
            code="variant", key="counts.variant",
            params={"variant": net, "description": describe(net)}),)
        for key, value in profiler_figures(net).items():
            extra = value - multiplications(operations(net))
            if value != macs and extra > 0:
                tools.append(Candidate(Fraction(value), (*tag, Diagnosis(
                    code="tool_figure", key=key, params={"extra": extra}))))
    return tuple(own) + network_candidates(network, "macs", variants) + tuple(tools)


@cache
def _adds_candidates(network: str, variants: tuple[str, ...], base: AddBase,
                     accepted: tuple[AddBase, ...], bn: bool, residual: bool
                     ) -> tuple[Candidate, ...]:
    """Every accepted way of counting the additions that gives another value (named), the
    variants' additions, then the mistakes the multiply-accumulates' candidates name."""
    from reference.variants import describe

    expected = adds_expected(network, base)
    out: list[Candidate] = []
    for net in (network, *variants):
        ops = operations(net)
        tag = () if net == network else (Diagnosis(
            code="variant", key="counts.variant",
            params={"variant": net, "description": describe(net)}),)
        with_bn = (False, True) if bn and ops.bn_elements else (False,)
        with_res = (False, True) if residual and ops.residual_additions else (False,)
        # Simplest readings first: another sum convention before BatchNorm, before residuals
        # (where two readings give the same number, the first names it).
        ways = sorted(product((base, *accepted), with_bn, with_res),
                      key=lambda w: (w[1], w[2], (base, *accepted).index(w[0])))
        for way, plus_bn, plus_res in ways:
            notes = tag + ((_note(_BASE_KEYS[way]),) if way != base else ())
            notes += (_note("ops.plus_bn"),) if plus_bn else ()
            notes += (_note("ops.plus_residual"),) if plus_res else ()
            value = additions(ops, way, bn=plus_bn, residual=plus_res)
            if notes and value != expected:
                out.append(Candidate(Fraction(value), notes))
    return tuple(out) + network_candidates(network, "macs", variants)


class ForwardOpsKind(PerNetworkKind[ForwardOpsParams]):
    """Multiplications = MACs; additions under the rubric's convention, the others named."""

    name = "forward_ops"
    params_model = ForwardOpsParams
    network_answer = OpsAnswer

    def network_targets(self, question: Question[ForwardOpsParams], network: str,
                        answer: Any, breakdown: list[ItemResult] | None = None
                        ) -> list[tuple[Target, Any, float]]:
        params = question.params
        base = f"{question.id}.{network}"
        variants = params.variants_of(network)
        own = params.basis(network)
        mults = Target(path=f"{base}.mults", expected=Fraction(mults_expected(own)),
                       candidates=_mults_candidates(own, variants,
                                                    params.accept_bn_operations),
                       label=network)
        adds = Target(path=f"{base}.adds",
                      expected=Fraction(adds_expected(own, params.adds_convention)),
                      candidates=_adds_candidates(
                          own, variants, params.adds_convention,
                          tuple(params.accepted_adds_conventions),
                          params.accept_bn_operations, params.accept_residual_additions),
                      label=network)
        return [(mults, getattr(answer, "mults", None), question.points),
                (adds, getattr(answer, "adds", None), question.points)]


KIND = ForwardOpsKind()
