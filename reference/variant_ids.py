"""Ids of reference networks under other parameters: `alexnet@3x256x256,classes=100`.

Pure text: parsing and building the ids (`reference.engine.analyse` takes them, as it takes
a reference network's id).
"""

from __future__ import annotations

import re

__all__ = ["MAX_SIDE", "parse_shape", "parse_variant_id", "variant_id"]

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


def parse_variant_id(text: str) -> tuple[str, tuple[int, int, int] | None, int | None]:
    """`alexnet@3x256x256,classes=100` → ("alexnet", (3, 256, 256), 100); ValueError when
    the id does not read so."""
    base, _, rest = text.partition("@")
    shape: tuple[int, int, int] | None = None
    classes: int | None = None
    for part in filter(None, rest.split(",")):
        if part.startswith("classes="):
            classes = int(part[len("classes="):])
            if not 1 <= classes <= 100_000:
                raise ValueError(f"classes must be 1-100000 (not {classes})")
        else:
            shape = parse_shape(part)
    return base, shape, classes
