"""Shape propagation and counting of neurons, parameters and MACs (SPEC §5).

Conventions:

* neurons — output elements of convolution and fully connected layers only (input,
  pooling, BatchNorm, LRN, activations: 0); ResNet projection shortcuts included;
* params — weights + biases + BatchNorm γ/β (2 per channel);
* macs — multiply-accumulates of convolutions (output elements × in_channels/groups ×
  kh × kw) and fully connected layers (in × out); nothing else.

Output sizes follow PyTorch: ``floor((n + 2p - d(k-1) - 1) / s) + 1``, or ``ceil`` in
ceil mode, where a window that would start in the right padding is dropped.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from reference.layers import (
    LRN,
    Activation,
    AdaptiveAvgPool,
    AvgPool,
    BatchNorm,
    Concat,
    Conv,
    Dropout,
    Flatten,
    Layer,
    Linear,
    MaxPool,
    Residual,
    Size2,
)

__all__ = [
    "LayerStats",
    "NetworkStats",
    "ShapeError",
    "Totals",
    "UnknownLayerError",
    "analyse",
    "analyse_layers",
]

Shape = tuple[int, ...]


class UnknownLayerError(KeyError):
    """No row of that name; the message suggests the closest names."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


class ShapeError(ValueError):
    """A layer cannot be applied to its input; names the (dotted) layer and the problem."""

    def __init__(self, layer: str, problem: str) -> None:
        self.layer = layer
        self.problem = problem
        super().__init__(f"layer {layer!r}: {problem}")


@dataclass(frozen=True)
class LayerStats:
    """One row of the per-layer table.

    `input_shape` and `shortcut` (row lies on a residual projection shortcut) are extras
    for explanations; they are not part of the JSON row.
    """

    name: str
    type: str
    output_shape: Shape
    weights: int = 0
    biases: int = 0
    bn_params: int = 0
    neurons: int = 0
    macs: int = 0
    input_shape: Shape = ()
    shortcut: bool = False
    kernel_area: int = 0
    """A convolution's kh·kw (its weights are kernel_area · C_in/groups · C_out)."""

    @property
    def params(self) -> int:
        return self.weights + self.biases + self.bn_params

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "output_shape": list(self.output_shape),
            "weights": self.weights,
            "biases": self.biases,
            "bn_params": self.bn_params,
            "params": self.params,
            "neurons": self.neurons,
            "macs": self.macs,
        }


@dataclass(frozen=True)
class Totals:
    weights: int
    biases: int
    bn_params: int
    params: int
    neurons: int
    macs: int

    @classmethod
    def of(cls, rows: Iterable[LayerStats]) -> Totals:
        rows = tuple(rows)
        weights = sum(r.weights for r in rows)
        biases = sum(r.biases for r in rows)
        bn_params = sum(r.bn_params for r in rows)
        return cls(
            weights=weights,
            biases=biases,
            bn_params=bn_params,
            params=weights + biases + bn_params,
            neurons=sum(r.neurons for r in rows),
            macs=sum(r.macs for r in rows),
        )

    def to_json_dict(self) -> dict[str, int]:
        return {
            "weights": self.weights,
            "biases": self.biases,
            "bn_params": self.bn_params,
            "params": self.params,
            "neurons": self.neurons,
            "macs": self.macs,
        }


@dataclass(frozen=True)
class NetworkStats:
    network: str
    input: Shape
    layers: tuple[LayerStats, ...]
    residual_additions: int = 0
    """Elements summed where residual blocks add their shortcut (one addition each)."""
    totals: Totals = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "totals", Totals.of(self.layers))

    def layer(self, name: str) -> LayerStats:
        """The row called `name`; KeyError with a did-you-mean suggestion otherwise."""
        for row in self.layers:
            if row.name == name:
                return row
        names = [r.name for r in self.layers]
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownLayerError(f"{self.network} has no layer {name!r}{hint}")

    def layer_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.layers)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "network": self.network,
            "input": list(self.input),
            "layers": [row.to_json_dict() for row in self.layers],
            "totals": self.totals.to_json_dict(),
        }


# --------------------------------------------------------------------------- arithmetic


def _pair(value: Size2) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (value[0], value[1])


def _out_len(
    name: str, axis: str, size: int, kernel: int, stride: int, padding: int, dilation: int,
    ceil_mode: bool,
) -> int:
    """PyTorch's output length of a sliding window along one axis."""
    reach = dilation * (kernel - 1) + 1
    span = size + 2 * padding - reach
    if span < 0:
        raise ShapeError(
            name,
            f"kernel {reach} along {axis} is larger than the padded input "
            f"({size} + 2×{padding} = {size + 2 * padding}): output size would be < 1",
        )
    if ceil_mode:
        out = -(-span // stride) + 1
        if (out - 1) * stride >= size + padding:  # last window would start in the padding
            out -= 1
    else:
        out = span // stride + 1
    return out


def _window(
    name: str, shape: Shape, kernel: Size2, stride: Size2, padding: Size2, dilation: Size2,
    ceil_mode: bool,
) -> tuple[int, int]:
    kh, kw = _pair(kernel)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    return (
        _out_len(name, "H", shape[1], kh, sh, ph, dh, ceil_mode),
        _out_len(name, "W", shape[2], kw, sw, pw, dw, ceil_mode),
    )


def _need_map(name: str, kind: str, shape: Shape) -> None:
    if len(shape) != 3:
        raise ShapeError(name, f"{kind} needs a (C, H, W) feature map, got shape {shape}")


# --------------------------------------------------------------------------- propagation


def _conv(layer: Conv, name: str, shape: Shape) -> LayerStats:
    _need_map(name, "convolution", shape)
    cin = shape[0]
    g = layer.groups
    if cin % g or layer.out_channels % g:
        raise ShapeError(
            name,
            f"channels not divisible by groups={g} (in {cin}, out {layer.out_channels})",
        )
    oh, ow = _window(name, shape, layer.kernel, layer.stride, layer.padding, layer.dilation,
                     False)
    kh, kw = _pair(layer.kernel)
    out = (layer.out_channels, oh, ow)
    per_output = (cin // g) * kh * kw
    elements = math.prod(out)
    return LayerStats(
        name=name,
        type="conv",
        output_shape=out,
        weights=layer.out_channels * per_output,
        biases=layer.out_channels if layer.bias else 0,
        neurons=elements,
        macs=elements * per_output,
        input_shape=shape,
        kernel_area=kh * kw,
    )


def _linear(layer: Linear, name: str, shape: Shape) -> LayerStats:
    if len(shape) != 1:
        raise ShapeError(
            name,
            f"fully connected layer applied to non-flat input of shape {shape}; "
            "put a Flatten before it",
        )
    fin, fout = shape[0], layer.out_features
    return LayerStats(
        name=name,
        type="fc",
        output_shape=(fout,),
        weights=fin * fout,
        biases=fout if layer.bias else 0,
        neurons=fout,
        macs=fin * fout,
        input_shape=shape,
    )


def _pool(layer: MaxPool | AvgPool, name: str, shape: Shape) -> LayerStats:
    kind = "maxpool" if isinstance(layer, MaxPool) else "avgpool"
    _need_map(name, "pooling", shape)
    stride = layer.kernel if layer.stride is None else layer.stride
    for k, p in zip(_pair(layer.kernel), _pair(layer.padding), strict=True):
        if 2 * p > k:
            raise ShapeError(name, f"padding {p} exceeds half the kernel size {k}")
    oh, ow = _window(name, shape, layer.kernel, stride, layer.padding, 1, layer.ceil_mode)
    return LayerStats(name=name, type=kind, output_shape=(shape[0], oh, ow), input_shape=shape)


def _walk(
    layers: Sequence[Layer], shape: Shape, prefix: str, rows: list[LayerStats], shortcut: bool,
    adds: list[int],
) -> Shape:
    """Apply `layers` to `shape`, appending rows; returns the output shape."""
    for layer in layers:
        name = prefix + layer.name
        row: LayerStats | None = None
        if isinstance(layer, Conv):
            row = _conv(layer, name, shape)
        elif isinstance(layer, Linear):
            row = _linear(layer, name, shape)
        elif isinstance(layer, (MaxPool, AvgPool)):
            row = _pool(layer, name, shape)
        elif isinstance(layer, AdaptiveAvgPool):
            _need_map(name, "pooling", shape)
            oh, ow = _pair(layer.output_size)
            row = LayerStats(name=name, type="avgpool", output_shape=(shape[0], oh, ow),
                             input_shape=shape)
        elif isinstance(layer, BatchNorm):
            if len(shape) not in (1, 3):
                raise ShapeError(name, f"BatchNorm needs (C,) or (C, H, W), got {shape}")
            row = LayerStats(name=name, type="bn", output_shape=shape, bn_params=2 * shape[0],
                             input_shape=shape)
        elif isinstance(layer, LRN):
            _need_map(name, "LRN", shape)
            row = LayerStats(name=name, type="lrn", output_shape=shape, input_shape=shape)
        elif isinstance(layer, (Activation, Dropout)):
            pass
        elif isinstance(layer, Flatten):
            shape = (math.prod(shape),)
        elif isinstance(layer, Concat):
            shape = _concat(layer, name, shape, rows, shortcut, adds)
        elif isinstance(layer, Residual):
            shape = _residual(layer, name, shape, rows, shortcut, adds)
        else:  # pragma: no cover - exhaustive over Layer
            raise TypeError(f"{name}: unknown layer type {type(layer).__name__}")
        if row is not None:
            if shortcut:
                row = replace(row, shortcut=True)
            rows.append(row)
            shape = row.output_shape
    return shape


def _concat(layer: Concat, name: str, shape: Shape, rows: list[LayerStats], shortcut: bool,
            adds: list[int]) -> Shape:
    _need_map(name, "Concat", shape)
    outs = [_walk(branch, shape, name + ".", rows, shortcut, adds) for branch in layer.branches]
    for i, out in enumerate(outs, start=1):
        if len(out) != 3:
            raise ShapeError(name, f"branch {i} output {out} is not a (C, H, W) feature map")
    sizes = {out[1:] for out in outs}
    if len(sizes) > 1:
        listed = ", ".join(f"branch {i}: {o[1]}×{o[2]}" for i, o in enumerate(outs, start=1))
        raise ShapeError(name, f"concatenated branches differ in H×W ({listed})")
    out_shape = (sum(o[0] for o in outs), *outs[0][1:])
    rows.append(LayerStats(name=name, type="concat", output_shape=out_shape, input_shape=shape,
                           shortcut=shortcut))
    return out_shape


def _residual(layer: Residual, name: str, shape: Shape, rows: list[LayerStats],
              shortcut: bool, adds: list[int]) -> Shape:
    body = _walk(layer.body, shape, name + ".", rows, shortcut, adds)
    if layer.shortcut is None:
        short = shape
    else:
        short = _walk(layer.shortcut, shape, name + ".", rows, True, adds)
    if body != short:
        what = "identity shortcut" if layer.shortcut is None else "shortcut"
        raise ShapeError(name, f"residual body output {body} differs from {what} output {short}")
    adds.append(math.prod(body))  # body(x) + shortcut(x): one addition per element
    return body


def analyse_layers(
    layers: Sequence[Layer], input_shape: Sequence[int], network: str = "custom",
) -> NetworkStats:
    """Propagate `input_shape` through `layers` and count every row (not cached)."""
    shape = tuple(input_shape)
    if not shape or any(not isinstance(d, int) or d < 1 for d in shape):
        raise ShapeError("input", f"input shape must be positive integers, got {shape}")
    rows: list[LayerStats] = []
    adds: list[int] = []
    _walk(layers, shape, "", rows, False, adds)
    return NetworkStats(network=network, input=shape, layers=tuple(rows),
                        residual_additions=sum(adds))


@functools.cache
def analyse(network_id: str) -> NetworkStats:
    """Per-layer statistics of a reference network (see `reference.networks`)."""
    from reference.networks import get_network

    if "@" in network_id:  # `alexnet@3x256x256,classes=100`: a variant
        from reference.networks import variant_definition
        from reference.variant_ids import parse_variant_id

        definition = variant_definition(*parse_variant_id(network_id))
        return analyse_layers(definition.layers, definition.input_shape, network_id)
    definition = get_network(network_id)
    return analyse_layers(definition.layers, definition.input_shape, definition.id)
