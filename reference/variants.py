"""A reference network under other parameters: another input size, another class count.

Per-student variants of chapter 3 ask about AlexNet, VGG19 or ResNet152 on, say, a 3×256×256
input with 100 classes. Every count follows from the layers: the input shape propagates as
for the reference, and the classifier's last layer gets `classes` outputs. Nothing is typed
in; an input too small for the network's layers is refused with the layer that fails.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from reference.engine import NetworkStats, analyse_layers
from reference.layers import Linear
from reference.networks import get_network

__all__ = ["parse_shape", "variant_id", "variant_stats"]

_SHAPE = re.compile(r"^\s*(\d{1,4})\s*[x×*,]\s*(\d{1,5})\s*[x×*,]\s*(\d{1,5})\s*$")
MAX_SIDE = 4096
"""The largest input side accepted (a 4096×4096 image is far beyond any exercise)."""


def parse_shape(text: str) -> tuple[int, int, int]:
    """`3x256x256` (or `3×256×256`, `3,256,256`) → (3, 256, 256); ValueError otherwise."""
    found = _SHAPE.match(text)
    if found is None:
        raise ValueError(f"an input shape is C×H×W, like 3x224x224 (not {text!r})")
    c, h, w = (int(g) for g in found.groups())
    if not (1 <= c <= 64 and 1 <= h <= MAX_SIDE and 1 <= w <= MAX_SIDE):
        raise ValueError(f"input shape {c}x{h}x{w} out of range (channels 1-64, sides "
                         f"1-{MAX_SIDE})")
    return c, h, w


def variant_id(network_id: str, input_shape: tuple[int, ...] | None = None,
               classes: int | None = None) -> str:
    """A readable id of the variant: `alexnet@3x256x256,classes=100`."""
    parts = []
    if input_shape is not None:
        parts.append("x".join(str(d) for d in input_shape))
    if classes is not None:
        parts.append(f"classes={classes}")
    return network_id + ("@" + ",".join(parts) if parts else "")


@functools.cache
def variant_stats(network_id: str, input_shape: tuple[int, ...] | None = None,
                  classes: int | None = None) -> NetworkStats:
    """Per-layer statistics of `network_id` on `input_shape` with `classes` outputs."""
    definition = get_network(network_id)
    layers = definition.layers
    if classes is not None:
        if not 1 <= classes <= 100_000:
            raise ValueError(f"classes must be 1-100000 (not {classes})")
        last = max((i for i, layer in enumerate(layers) if isinstance(layer, Linear)),
                   default=None)
        head = layers[last] if last is not None else None
        if last is None or not isinstance(head, Linear):
            raise ValueError(f"{network_id} has no fully connected output layer")
        layers = (*layers[:last], replace(head, out_features=classes), *layers[last + 1:])
    shape = input_shape if input_shape is not None else definition.input_shape
    return analyse_layers(layers, shape, variant_id(network_id, input_shape, classes))
