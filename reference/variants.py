"""A reference network under other parameters: another input size, another class count.

Per-student variants of chapter 3 ask about AlexNet, VGG19 or ResNet152 on, say, a 3×256×256
input with 100 classes. Every count follows from the layers: the input shape propagates as
for the reference, and the classifier's last layer gets `classes` outputs
(`reference.networks.variant_definition`). Nothing is typed in; an input too small for the
network's layers is refused with the layer that fails. `reference.engine.analyse` takes a
variant's id (`alexnet@3x256x256,classes=100`, `reference.variant_ids`) like any other.
"""

from __future__ import annotations

from reference.engine import NetworkStats, analyse
from reference.networks import get_network
from reference.variant_ids import parse_shape, parse_variant_id, variant_id

__all__ = ["describe", "parse_shape", "parse_variant_id", "variant_id", "variant_stats"]


def variant_stats(network_id: str, input_shape: tuple[int, ...] | None = None,
                  classes: int | None = None) -> NetworkStats:
    """Per-layer statistics of `network_id` on `input_shape` with `classes` outputs."""
    return analyse(variant_id(network_id, input_shape, classes))


def describe(network_id: str, lang: str = "en") -> str:
    """The network's description, and what the variant changes."""
    base, shape, classes = parse_variant_id(network_id)
    text = get_network(base).description
    extra = []
    if shape is not None:
        extra.append(("输入 " if lang == "zh" else "input ") + "×".join(map(str, shape)))
    if classes is not None:
        extra.append(f"{classes} 类" if lang == "zh" else f"{classes} classes")
    return text + (f" ({', '.join(extra)})" if extra else "")
