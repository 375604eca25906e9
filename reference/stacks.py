"""Stacks of layers written as plain data (a rubric's `layers:`), built into `reference.layers`.

One vocabulary: each entry is a mapping with a `type` and the fields of the layer class of
`reference.layers` it names, e.g. ``{type: conv, out_channels: 64, kernel: 3, padding: 1}``.
Unnamed layers are called `<type><n>` (conv1, conv2, ...); a Flatten is inserted before
the first fully connected layer after a feature map. Errors name the entry and the field.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from reference import layers as L

__all__ = ["LAYER_TYPES", "StackError", "build_stack"]

LAYER_TYPES: dict[str, type[Any]] = {
    "conv": L.Conv,
    "fc": L.Linear,
    "pool": L.MaxPool,
    "maxpool": L.MaxPool,
    "avgpool": L.AvgPool,
    "global_avgpool": L.AdaptiveAvgPool,
    "bn": L.BatchNorm,
    "lrn": L.LRN,
    "relu": L.Activation,
    "sigmoid": L.Activation,
    "tanh": L.Activation,
    "dropout": L.Dropout,
    "flatten": L.Flatten,
    "concat": L.Concat,
}
"""Each `type:` a stack entry may have, and the layer class it builds."""

_SIZES = {"kernel", "stride", "padding", "dilation", "output_size"}
_INTS = {"out_channels", "out_features", "groups"}
_BOOLS = {"bias", "ceil_mode"}
_FIXED = {"fn", "name", "branches", "body", "shortcut"}
"""Fields a stack entry does not set itself (or sets through its own key)."""


class StackError(ValueError):
    """A stack entry that cannot be built: names the entry and what is wrong."""


def _int(value: Any) -> int | None:
    """An integer, also written as text (YAML scalars arrive as text); None otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() \
            and len(value.strip()) <= 9:
        return int(value.strip())
    return None


def _size(where: str, field: str, value: Any) -> int | tuple[int, int]:
    single = _int(value)
    if single is not None:
        return single
    if isinstance(value, (list, tuple)) and len(value) == 2:
        h, w = _int(value[0]), _int(value[1])
        if h is not None and w is not None:
            return (h, w)
    raise StackError(f"{where}: {field} must be an integer or a pair [h, w], got {value!r}")


_TRUE, _FALSE = ("true", "True", "yes"), ("false", "False", "no")


def _field_value(where: str, field: str, value: Any) -> Any:
    if field in _SIZES:
        if field == "stride" and value is None:
            return None
        return _size(where, field, value)
    if field in _INTS:
        number = _int(value)
        if number is None:
            raise StackError(f"{where}: {field} must be an integer, got {value!r}")
        return number
    if field in _BOOLS:
        if isinstance(value, bool):
            return value
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
        raise StackError(f"{where}: {field} must be true or false, got {value!r}")
    return value


def _entry(index: int, spec: Mapping[str, Any], counters: dict[str, int]) -> Any:
    if not isinstance(spec, Mapping):
        raise StackError(f"layer {index + 1}: expected a mapping like {{type: conv, ...}}")
    kind = spec.get("type")
    if not isinstance(kind, str) or kind not in LAYER_TYPES:
        close = difflib.get_close_matches(str(kind), LAYER_TYPES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (one of {', '.join(LAYER_TYPES)})"
        raise StackError(f"layer {index + 1}: unknown type {kind!r}{hint}")
    base = "maxpool" if kind == "pool" else kind
    counters[base] = counters.get(base, 0) + 1
    name = spec.get("name") or f"{base}{counters[base]}"
    if not isinstance(name, str):
        raise StackError(f"layer {index + 1}: name must be text, got {name!r}")
    where = f"layer {index + 1} ({name})"
    cls = LAYER_TYPES[kind]
    allowed = {f.name for f in dataclasses.fields(cls)} - _FIXED
    kwargs: dict[str, Any] = {"name": name}
    for field, value in spec.items():
        if field in ("type", "name"):
            continue
        if field == "branches" and kind == "concat":
            if not isinstance(value, list) or not value:
                raise StackError(f"{where}: branches must be a non-empty list of stacks")
            kwargs["branches"] = tuple(build_stack(b, prefix=f"{where}, branch {i + 1}: ")
                                       for i, b in enumerate(value))
            continue
        if field not in allowed:
            close = difflib.get_close_matches(field, sorted(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise StackError(f"{where}: unknown field {field!r}{hint}")
        kwargs[field] = _field_value(where, field, value)
    if cls is L.Activation:
        kwargs["fn"] = kind
    try:
        return cls(**kwargs)
    except TypeError as exc:  # a required field is missing
        missing = [f.name for f in dataclasses.fields(cls)
                   if f.name not in kwargs and f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING]
        raise StackError(f"{where}: missing {', '.join(missing) or str(exc)}") from None
    except ValueError as exc:
        raise StackError(f"{where}: {exc}") from None


def build_stack(specs: Sequence[Mapping[str, Any]], prefix: str = "") -> tuple[Any, ...]:
    """The layers a list of stack entries describes (StackError naming the bad entry)."""
    if not isinstance(specs, Sequence) or isinstance(specs, (str, bytes)) or not specs:
        raise StackError(f"{prefix}a stack is a non-empty list of layers")
    out: list[Any] = []
    counters: dict[str, int] = {}
    previous = None
    for index, spec in enumerate(specs):
        try:
            layer = _entry(index, spec, counters)
        except StackError as exc:
            raise StackError(f"{prefix}{exc}") from None
        kind = "maxpool" if spec["type"] == "pool" else spec["type"]
        if kind == "fc" and previous not in ("fc", "flatten"):
            out.append(L.Flatten(f"{layer.name}.flatten"))
        out.append(layer)
        if kind not in ("relu", "sigmoid", "tanh", "dropout"):
            previous = kind
    return tuple(out)
