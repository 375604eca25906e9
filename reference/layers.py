"""Layer specifications of the reference networks: plain, immutable data.

A network is a tuple of layers applied in order to a feature map of shape (C, H, W);
after `Flatten` or `Linear` the shape is (N,). Two containers describe non-sequential
structure: `Concat` (Inception: parallel branches, outputs stacked on channels) and
`Residual` (ResNet: relu(body(x) + shortcut(x))).

Names are relative to the enclosing container: the engine joins them with dots, so a
layer named ``downsample.0`` inside the residual block ``layer3.0`` is reported as
``layer3.0.downsample.0`` (torchvision's naming). Names may themselves contain dots
(``branch2.1.conv``): torchvision's nested `Sequential`s need no container of their own.

Nothing here computes shapes or counts; see `reference.engine`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "LRN",
    "Activation",
    "AdaptiveAvgPool",
    "AvgPool",
    "BatchNorm",
    "Concat",
    "Conv",
    "Dropout",
    "Flatten",
    "Layer",
    "Linear",
    "MaxPool",
    "ReLU",
    "Residual",
    "Size2",
]

Size2: TypeAlias = int | tuple[int, int]
"""A size along H and W: one int for both, or an (h, w) pair."""


def _check_size(owner: str, what: str, value: Size2, minimum: int) -> None:
    parts = (value, value) if isinstance(value, int) else value
    if len(parts) != 2 or any(not isinstance(v, int) or v < minimum for v in parts):
        raise ValueError(f"{owner}: {what} must be an int >= {minimum} or a pair of them, "
                         f"got {value!r}")


def _check_name(name: str) -> None:
    if not name or name.startswith(".") or name.endswith("."):
        raise ValueError(f"invalid layer name {name!r}")


@dataclass(frozen=True)
class Conv:
    """2-D convolution (PyTorch `Conv2d` semantics); `groups` splits channels as in AlexNet."""

    name: str
    out_channels: int
    kernel: Size2
    stride: Size2 = 1
    padding: Size2 = 0
    dilation: Size2 = 1
    groups: int = 1
    bias: bool = True

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.out_channels < 1 or self.groups < 1:
            raise ValueError(f"{self.name}: out_channels and groups must be positive")
        _check_size(self.name, "kernel", self.kernel, 1)
        _check_size(self.name, "stride", self.stride, 1)
        _check_size(self.name, "padding", self.padding, 0)
        _check_size(self.name, "dilation", self.dilation, 1)


@dataclass(frozen=True)
class Linear:
    """Fully connected layer; its input must be flat (put a `Flatten` before it)."""

    name: str
    out_features: int
    bias: bool = True

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.out_features < 1:
            raise ValueError(f"{self.name}: out_features must be positive")


@dataclass(frozen=True)
class _Pool:
    """Window pooling; `stride=None` means stride = kernel (PyTorch's default)."""

    name: str
    kernel: Size2
    stride: Size2 | None = None
    padding: Size2 = 0
    ceil_mode: bool = False

    def __post_init__(self) -> None:
        _check_name(self.name)
        _check_size(self.name, "kernel", self.kernel, 1)
        if self.stride is not None:
            _check_size(self.name, "stride", self.stride, 1)
        _check_size(self.name, "padding", self.padding, 0)


@dataclass(frozen=True)
class MaxPool(_Pool):
    """Max pooling over a window."""


@dataclass(frozen=True)
class AvgPool(_Pool):
    """Average pooling over a window."""


@dataclass(frozen=True)
class AdaptiveAvgPool:
    """Adaptive average pooling to a fixed output size; global pooling when it is 1."""

    name: str
    output_size: Size2 = 1

    def __post_init__(self) -> None:
        _check_name(self.name)
        _check_size(self.name, "output_size", self.output_size, 1)


@dataclass(frozen=True)
class BatchNorm:
    """Batch normalisation over channels: γ and β trainable (2 per channel)."""

    name: str

    def __post_init__(self) -> None:
        _check_name(self.name)


@dataclass(frozen=True)
class LRN:
    """Local response normalisation (AlexNet): no trainable parameters."""

    name: str

    def __post_init__(self) -> None:
        _check_name(self.name)


@dataclass(frozen=True)
class Activation:
    """Element-wise non-linearity (`fn` is informative: "relu", "tanh", "sigmoid", ...)."""

    name: str
    fn: str = "relu"

    def __post_init__(self) -> None:
        _check_name(self.name)


ReLU = Activation
"""`ReLU(name)` is `Activation(name, "relu")`."""


@dataclass(frozen=True)
class Dropout:
    """Dropout: no parameters, no shape change."""

    name: str

    def __post_init__(self) -> None:
        _check_name(self.name)


@dataclass(frozen=True)
class Flatten:
    """Flattens (C, H, W) to (C·H·W,)."""

    name: str

    def __post_init__(self) -> None:
        _check_name(self.name)


@dataclass(frozen=True)
class Concat:
    """Parallel branches on the same input; outputs concatenated along channels.

    Each branch is a non-empty sequence of layers; all branch outputs must share H×W.
    """

    name: str
    branches: tuple[tuple[Layer, ...], ...]

    def __post_init__(self) -> None:
        _check_name(self.name)
        if not self.branches or any(not branch for branch in self.branches):
            raise ValueError(f"{self.name}: a Concat needs at least one non-empty branch")


@dataclass(frozen=True)
class Residual:
    """Residual block: output = relu(body(x) + shortcut(x)); identity shortcut when None."""

    name: str
    body: tuple[Layer, ...]
    shortcut: tuple[Layer, ...] | None = None

    def __post_init__(self) -> None:
        _check_name(self.name)
        if not self.body:
            raise ValueError(f"{self.name}: a Residual needs a non-empty body")
        if self.shortcut is not None and not self.shortcut:
            raise ValueError(f"{self.name}: use shortcut=None for an identity shortcut")


Layer: TypeAlias = (
    Conv | Linear | MaxPool | AvgPool | AdaptiveAvgPool | BatchNorm | LRN | Activation
    | Dropout | Flatten | Concat | Residual
)
