"""Multiplications and additions of one forward pass, under the conventions people use.

Exercise 3.2 asks how many multiplications and additions one forward pass takes. The
multiply-accumulates of the convolution and fully connected layers (`reference.engine`'s
`macs`) are the heart of it; around them, conventions differ, and each is a fair reading:

- additions per output of a layer with k products: k − 1 to sum them (`accumulate_only`),
  plus one for the bias (`with_bias`), or k — one per multiply-accumulate (`macs`);
- BatchNorm at inference folds into one multiplication and one addition per element;
- a residual block adds its shortcut: one addition per element of its output.

Every value is computed from the per-layer statistics; nothing is typed in.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Literal

from reference.engine import NetworkStats, analyse

__all__ = [
    "ADD_BASES",
    "AddBase",
    "Operations",
    "additions",
    "multiplications",
    "operations",
    "operations_of",
]

AddBase = Literal["with_bias", "accumulate_only", "macs"]
ADD_BASES: tuple[AddBase, ...] = ("with_bias", "accumulate_only", "macs")


@dataclass(frozen=True)
class Operations:
    """The parts every convention is built from."""

    macs: int
    """Multiply-accumulates of convolution and fully connected layers."""
    outputs: int
    """Output elements of those layers (each ends one sum of products)."""
    biased_outputs: int
    """Output elements of those layers that have a bias."""
    bn_elements: int
    """Elements normalised by BatchNorm (one multiplication and one addition each)."""
    residual_additions: int
    """Elements where a residual block adds its shortcut."""


def operations_of(stats: NetworkStats) -> Operations:
    """The operation counts of any analysed stack."""
    layers = [r for r in stats.layers if r.type in ("conv", "fc")]
    return Operations(
        macs=sum(r.macs for r in layers),
        outputs=sum(r.neurons for r in layers),
        biased_outputs=sum(r.neurons for r in layers if r.biases),
        bn_elements=sum(math.prod(r.output_shape) for r in stats.layers if r.type == "bn"),
        residual_additions=stats.residual_additions,
    )


@functools.cache
def operations(network_id: str) -> Operations:
    """The operation counts of a reference network."""
    return operations_of(analyse(network_id))


def additions(ops: Operations, base: AddBase, *, bn: bool = False,
              residual: bool = False) -> int:
    """Additions of one forward pass under a convention."""
    total = {"with_bias": ops.macs - ops.outputs + ops.biased_outputs,
             "accumulate_only": ops.macs - ops.outputs,
             "macs": ops.macs}[base]
    return total + (ops.bn_elements if bn else 0) + (ops.residual_additions if residual else 0)


def multiplications(ops: Operations, *, bn: bool = False) -> int:
    """Multiplications of one forward pass: one per MAC (and one per BatchNorm element)."""
    return ops.macs + (ops.bn_elements if bn else 0)
