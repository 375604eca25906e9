"""Named alternative totals: the values a known mistake or variant produces (SPEC §4).

The grader compares a student's number against these to say *why* it is wrong, e.g.
"matches the weights alone; the 10,568 bias terms are missing". Every value is computed
from the per-layer statistics of `reference.engine`, for a reference network or for any
stack of layers (and for one layer or container of it); the only typed numbers are
figures quoted from papers.

- `counting_alternatives(stats, layer=None)`: the same layers counted another way (biases
  or BatchNorm left out, the input or pooling outputs counted as neurons, shortcuts left
  out, channel sums, BatchNorm statistics counted);
- `confusions(stats, quantity, layer=None)`: another quantity given for the one asked
  (multiply-accumulates for parameters, FLOPs for multiplications, neurons for parameters);
- `alternatives(network_id)`: a reference network's counting alternatives, with the ones
  only that network has (AlexNet's 224- and 227-pixel inputs, its paper's figures).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from reference.engine import LayerStats, NetworkStats, analyse
from reference.networks import get_network

__all__ = [
    "PAPER_ALEXNET_NEURONS",
    "Alternative",
    "Quantity",
    "alternatives",
    "combined",
    "confusions",
    "counting_alternatives",
    "rows_of",
]

Quantity = Literal["neurons", "params", "weights", "biases", "bn_params", "macs"]

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

    `key` is unique per stack (e.g. ``neurons_with_input_227``); `code` is the SPEC §4
    diagnosis code; `message` the message key that explains it; `detail` holds the numbers
    the message needs (e.g. ``missing``).
    """

    key: str
    code: str
    quantity: Quantity
    value: int
    detail: dict[str, int | str] = field(default_factory=dict, hash=False, compare=True)
    message: str = ""


def rows_of(stats: NetworkStats, layer: str | None) -> tuple[LayerStats, ...]:
    """The rows of `layer` (itself and, for a container, everything inside), or all rows."""
    if layer is None:
        return stats.layers
    return tuple(r for r in stats.layers if r.name == layer or r.name.startswith(layer + "."))


def _sum(rows: Sequence[LayerStats], quantity: str) -> int:
    return sum(r.params if quantity == "params" else getattr(r, quantity) for r in rows)


def counting_alternatives(stats: NetworkStats, layer: str | None = None,
                          input_sides: Sequence[int] = ()) -> tuple[Alternative, ...]:
    """The same layers counted another way, each value different from the reference.

    The input counts as neurons only for a whole stack; `input_sides` gives the square
    input sides students use instead of the stack's own (AlexNet: 224 and 227).
    """
    rows = rows_of(stats, layer)
    neurons = _sum(rows, "neurons")
    params = _sum(rows, "params")
    out: list[Alternative] = []
    if layer is None:
        channels = stats.input[0]
        if input_sides:
            out += [Alternative(f"neurons_with_input_{side}", "input_included", "neurons",
                                neurons + channels * side * side,
                                {"input": channels * side * side, "side": side},
                                "counts.input_included")
                    for side in input_sides]
        else:
            size = math.prod(stats.input)
            out.append(Alternative("neurons_with_input", "input_included", "neurons",
                                   neurons + size, {"input": size}, "counts.input_included"))
    pooling = [r for r in rows if r.type in ("maxpool", "avgpool")]
    pooled = sum(math.prod(r.output_shape) for r in pooling)
    if pooled:
        single = len(rows) == 1
        out.append(Alternative("neurons_with_pooling", "pooling_included", "neurons",
                               neurons + pooled,
                               {"pooling": pooled, "layer": rows[0].name} if single
                               else {"pooling": pooled},
                               "counts.pooling_layer" if single else "counts.pooling_included"))
    shortcut = [r for r in rows if r.shortcut]
    if shortcut and len(shortcut) < len(rows):
        out += [
            Alternative("neurons_without_shortcuts", "shortcut_excluded", "neurons",
                        neurons - _sum(shortcut, "neurons"),
                        {"missing": _sum(shortcut, "neurons")}, "counts.shortcut_excluded"),
            Alternative("params_without_shortcuts", "shortcut_excluded", "params",
                        params - _sum(shortcut, "params"),
                        {"missing": _sum(shortcut, "params")}, "counts.shortcut_excluded"),
        ]
    channels_sum = sum(r.output_shape[0] for r in rows if r.type in ("conv", "fc"))
    if channels_sum:
        out.append(Alternative("channels_not_neurons", "channels_not_neurons", "neurons",
                               channels_sum, {"channels": channels_sum},
                               "counts.channels_not_neurons"))
    biases, bn = _sum(rows, "biases"), _sum(rows, "bn_params")
    if biases:
        out.append(Alternative("params_without_biases", "bias_omitted", "params",
                               params - biases, {"missing": biases}, "counts.bias_omitted"))
    if bn:
        out.append(Alternative("params_without_bn", "bn_omitted", "params", params - bn,
                               {"missing": bn}, "counts.bn_omitted"))
        # Keras's "Total params" adds BatchNorm's running mean and variance (two per
        # channel, like γ and β), which are not trained.
        out.append(Alternative("params_with_bn_statistics", "non_trainable_included",
                               "params", params + bn, {"extra": bn},
                               "counts.non_trainable_included"))
    out += _without_input_channels(rows)
    reference = {"neurons": neurons, "params": params, "macs": _sum(rows, "macs")}
    return tuple(a for a in out if a.value > 0 and a.value != reference[a.quantity])


def _without_input_channels(rows: Sequence[LayerStats]) -> list[Alternative]:
    """Parameters and MACs with every convolution's filter counted as k×k instead of
    k×k×C_in (`(3*3*64+64) + (3*3*128+128) + …`): each convolution's weights and MACs
    divided by the input channels one filter sees."""
    lost_weights = lost_macs = 0
    for r in rows:
        if r.type != "conv" or not r.kernel_area or not r.weights:
            continue
        depth = r.weights // (r.kernel_area * r.output_shape[0])   # C_in / groups
        if depth > 1:
            lost_weights += r.weights - r.weights // depth
            lost_macs += r.macs - r.macs // depth
    if not lost_weights:
        return []
    return [Alternative("params_without_input_channels", "input_channels_omitted", "params",
                        _sum(rows, "params") - lost_weights, {"missing": lost_weights},
                        "counts.input_channels_omitted"),
            Alternative("macs_without_input_channels", "input_channels_omitted", "macs",
                        _sum(rows, "macs") - lost_macs, {"missing": lost_macs},
                        "counts.input_channels_omitted")]


def confusions(stats: NetworkStats, quantity: str, layer: str | None = None,
               ) -> tuple[Alternative, ...]:
    """Another quantity of the same layers given for `quantity` (value differs from it)."""
    rows = rows_of(stats, layer)
    value = {q: _sum(rows, q) for q in ("neurons", "params", "weights", "macs")}
    out: list[Alternative] = []
    if quantity in ("params", "weights"):
        out.append(Alternative("macs_for_params", "macs_not_params", "params", value["macs"],
                               {}, "counts.macs_not_params"))
    if quantity == "macs":
        out.append(Alternative("flops_for_macs", "flops_counted", "macs", 2 * value["macs"],
                               {}, "counts.flops_counted"))
        # What profiling tools print: thop and torchinfo add one operation per output of
        # a layer with a bias; torchinfo also adds BatchNorm's parameters (2 per channel).
        biased = sum(r.neurons for r in rows if r.type in ("conv", "fc") and r.biases)
        bn = _sum(rows, "bn_params")
        if biased:
            out.append(Alternative("macs_with_bias_ops", "tool_figure", "macs",
                                   value["macs"] + biased, {"extra": biased},
                                   "counts.tool_bias_ops"))
        if bn:
            out.append(Alternative("torchinfo_mult_adds", "tool_figure", "macs",
                                   value["macs"] + biased + bn, {"extra": biased + bn},
                                   "counts.tool_torchinfo"))
        early = _torchinfo_early_extra(stats, rows)
        if early:
            out.append(Alternative("torchinfo_early_mult_adds", "tool_figure", "macs",
                                   value["macs"] + early, {"extra": early},
                                   "counts.tool_torchinfo_early"))
        out.append(Alternative("params_for_macs", "macs_not_params", "macs", value["params"],
                               {}, "counts.params_not_macs"))
        out.append(Alternative("weights_for_macs", "macs_not_params", "macs",
                               value["weights"], {}, "counts.params_not_macs"))
    exchanged = {"neurons": "params", "params": "neurons"}.get(quantity)
    if exchanged:
        asked: Quantity = "params" if quantity == "params" else "neurons"
        out.append(Alternative(f"{exchanged}_for_{quantity}", "quantity_swapped", asked,
                               value[exchanged], {"exchanged": exchanged},
                               "counts.quantity_swapped"))
    expected = value.get(quantity)
    return tuple(a for a in out if a.value > 0 and a.value != expected)


# torchvision wraps AlexNet's and VGG's layers in `features` and `classifier`; ResNet's
# layer names here are already torchvision's module paths (`layer1.0.downsample.0`).
_TORCHVISION_WRAPPED = ("alexnet_torchvision", "vgg")
_TORCHVISION_PATHS = ("resnet",)


def _torchinfo_early_extra(stats: NetworkStats, rows: Sequence[LayerStats]) -> int:
    """What torchinfo's "Total mult-adds" added to the multiply-accumulates before 1.6:
    every module that holds a layer counted that layer's weights again (its own
    parameters, listed recursively), and BatchNorm counted its γ. 0 for a network
    torchvision does not ship."""
    net = stats.network
    if net.startswith(_TORCHVISION_WRAPPED) and not net.endswith("_keras"):
        wrapped = 1
    elif net.startswith(_TORCHVISION_PATHS) and not net.endswith("_keras"):
        wrapped = 0
    else:
        return 0
    extra = 0
    for row in rows:
        containers = wrapped + row.name.count(".")
        if row.type in ("conv", "fc"):
            extra += row.weights * containers
        elif row.type == "bn":
            extra += row.output_shape[0] * (1 + containers)
    return extra


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
        Alternative("paper_quoted_neurons", "variant", "neurons", quoted, detail,
                    "counts.paper_quoted_neurons"),
        Alternative("paper_quoted_neurons_with_input", "input_included", "neurons",
                    quoted + PAPER_ALEXNET_INPUT, {**detail, "input": PAPER_ALEXNET_INPUT},
                    "counts.input_included"),
    ]


@functools.cache
def alternatives(network_id: str) -> tuple[Alternative, ...]:
    """Every counting alternative of the reference network `network_id` (KeyError if
    unknown), with those only that network has."""
    get_network(network_id.partition("@")[0])  # did-you-mean error for unknown ids
    stats = analyse(network_id)
    sides: tuple[int, ...] = _ALEXNET_INPUT_SIDES if network_id.startswith("alexnet") else ()
    if "@" in network_id and stats.input[1:] != (227, 227):
        sides = (stats.input[1],)  # a variant's own input size
    result = list(counting_alternatives(stats, input_sides=sides))
    if network_id == "alexnet":
        result += _alexnet_paper(stats)
    return tuple(result)


def combined(stats: NetworkStats, first: Alternative, second: Alternative,
             layer: str | None = None) -> int | None:
    """The total when the mistakes of two alternatives are made together, or None.

    Their differences from the reference add up, except where both remove the same
    parameters: leaving out BatchNorm and the projection shortcuts drops the shortcuts'
    BatchNorm once, not twice.
    """
    codes = {first.code, second.code}
    if (first.code == second.code or first.quantity != second.quantity
            or not codes <= _ADDITIVE or codes == {"bn_omitted", "non_trainable_included"}):
        return None
    rows = rows_of(stats, layer)
    reference = _sum(rows, first.quantity)
    value = first.value + second.value - reference
    if {first.key, second.key} == {"params_without_bn", "params_without_shortcuts"}:
        value += sum(r.bn_params for r in rows if r.shortcut)
    return value if value > 0 and value != reference else None


_ADDITIVE = frozenset({"input_included", "pooling_included", "shortcut_excluded", "bias_omitted",
                       "bn_omitted", "non_trainable_included"})
"""Mistakes that add or remove a part of the count, and so can be made together."""
