"""Named alternative totals: the values a known mistake or variant produces (SPEC §4).

The grader compares a student's number against these to say *why* it is wrong, e.g.
"matches the weights alone; the 10,568 bias terms are missing". Every value is computed
from `reference.engine`; the only typed numbers are figures quoted from papers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Literal

from reference.engine import NetworkStats, analyse
from reference.networks import get_network

__all__ = ["PAPER_ALEXNET_NEURONS", "Alternative", "Quantity", "alternatives", "combined"]

Quantity = Literal["neurons", "params", "macs", "weights"]

PAPER_ALEXNET_NEURONS: tuple[int, ...] = (253440, 186624, 64896, 64896, 43264, 4096, 4096, 1000)
"""Krizhevsky et al. 2012, §3.5: "the number of neurons in the network's remaining layers is
given by 253,440–186,624–64,896–64,896–43,264–4096–4096–1000". Quoted data, not computed:
the first figure disagrees with the paper's own conv1 output of 96 maps of 55×55, i.e.
290,400 (253,440 = 96·2,640 is not 96 times a square; it equals 55·48·96, as if one side
had 48 rather than 55 positions). We keep it because students copy it."""

PAPER_ALEXNET_INPUT = 150528
"""§3.5: "The network's input is 150,528-dimensional" (224·224·3)."""

_ALEXNET_INPUT_SIDES = (224, 227)


@dataclass(frozen=True)
class Alternative:
    """A total that a recognised mistake or variant yields.

    `key` is unique per network (e.g. ``neurons_with_input_227``); `code` is the SPEC §4
    diagnosis code; `detail` holds the numbers a message needs (e.g. ``missing``).
    """

    key: str
    code: str
    quantity: Quantity
    value: int
    detail: dict[str, int | str] = field(default_factory=dict, hash=False, compare=True)


def _input_alternatives(network_id: str, stats: NetworkStats) -> list[Alternative]:
    neurons = stats.totals.neurons
    if network_id.startswith("alexnet"):
        channels = stats.input[0]
        return [
            Alternative(
                key=f"neurons_with_input_{side}",
                code="input_included",
                quantity="neurons",
                value=neurons + channels * side * side,
                detail={"input": channels * side * side, "side": side},
            )
            for side in _ALEXNET_INPUT_SIDES
        ]
    size = math.prod(stats.input)
    return [Alternative("neurons_with_input", "input_included", "neurons", neurons + size,
                        {"input": size})]


def _alexnet_paper(stats: NetworkStats) -> list[Alternative]:
    quoted = sum(PAPER_ALEXNET_NEURONS)
    conv1 = stats.layer("conv1")
    c, h, w = conv1.output_shape
    detail: dict[str, int | str] = {
        "quoted_conv1": PAPER_ALEXNET_NEURONS[0],
        "computed_conv1": conv1.neurons,
        "note": f"the paper's {PAPER_ALEXNET_NEURONS[0]:,} for conv1 disagrees with "
        f"{h}·{w}·{c} = {conv1.neurons:,}",
    }
    return [
        Alternative("paper_quoted_neurons", "variant", "neurons", quoted, detail),
        Alternative("paper_quoted_neurons_with_input", "input_included", "neurons",
                    quoted + PAPER_ALEXNET_INPUT, {**detail, "input": PAPER_ALEXNET_INPUT}),
    ]


@functools.cache
def alternatives(network_id: str) -> tuple[Alternative, ...]:
    """Every alternative total that applies to `network_id` (KeyError if unknown)."""
    get_network(network_id)  # did-you-mean error for unknown ids
    stats = analyse(network_id)
    totals = stats.totals
    rows = stats.layers
    result = _input_alternatives(network_id, stats)

    pooled = sum(math.prod(r.output_shape) for r in rows if r.type in ("maxpool", "avgpool"))
    if pooled:
        result.append(Alternative("neurons_with_pooling", "pooling_included", "neurons",
                                  totals.neurons + pooled, {"pooling": pooled}))

    shortcut_rows = [r for r in rows if r.shortcut]
    if shortcut_rows:
        neurons = sum(r.neurons for r in shortcut_rows)
        params = sum(r.params for r in shortcut_rows)
        result += [
            Alternative("neurons_without_shortcuts", "shortcut_excluded", "neurons",
                        totals.neurons - neurons, {"missing": neurons}),
            Alternative("params_without_shortcuts", "shortcut_excluded", "params",
                        totals.params - params, {"missing": params}),
        ]

    channels = sum(r.output_shape[0] for r in rows if r.type in ("conv", "fc"))
    result.append(Alternative("channels_not_neurons", "channels_not_neurons", "neurons",
                              channels, {"channels": channels}))

    if totals.biases:
        result.append(Alternative("params_without_biases", "bias_omitted", "params",
                                  totals.params - totals.biases, {"missing": totals.biases}))
    if totals.bn_params:
        result.append(Alternative("params_without_bn", "bn_omitted", "params",
                                  totals.params - totals.bn_params,
                                  {"missing": totals.bn_params}))
        # Keras's "Total params" adds BatchNorm's running mean and variance (two per
        # channel, like γ and β), which are not trained.
        result.append(Alternative("params_with_bn_statistics", "non_trainable_included",
                                  "params", totals.params + totals.bn_params,
                                  {"extra": totals.bn_params}))

    if network_id == "alexnet":
        result += _alexnet_paper(stats)
    return tuple(result)


def combined(network_id: str, first: Alternative, second: Alternative) -> int | None:
    """The total when the mistakes of two alternatives are made together, or None.

    Their differences from the reference add up, except where both remove the same
    parameters: leaving out BatchNorm and the projection shortcuts drops the shortcuts'
    BatchNorm once, not twice.
    """
    if first.code == second.code or first.quantity != second.quantity:
        return None
    totals = analyse(network_id).totals
    reference = totals.params if first.quantity == "params" else getattr(totals, first.quantity)
    value = first.value + second.value - reference
    if {first.key, second.key} == {"params_without_bn", "params_without_shortcuts"}:
        value += sum(r.bn_params for r in analyse(network_id).layers if r.shortcut)
    return value if value > 0 else None
