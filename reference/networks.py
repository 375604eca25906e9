"""The reference networks of chapter 3, as layer specifications with cited sources.

Each network is one `NetworkDef`; families share a builder (`_alexnet`, `_vgg`,
`_resnet`, ...), so adding a network is one entry in `_DEFINITIONS`. Layer names follow
the paper (AlexNet, VGG, NIN, LeNet) or torchvision (ResNet, GoogLeNet), so that a
student's per-layer breakdown can use the names `grader reference NETWORK` prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace

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
    ReLU,
    Residual,
)

__all__ = ["NETWORKS", "NetworkDef", "UnknownNetworkError", "get_network", "network_ids",
           "variant_definition"]


@dataclass(frozen=True)
class NetworkDef:
    id: str
    description: str
    source: str
    input_shape: tuple[int, ...]
    layers: tuple[Layer, ...]


class UnknownNetworkError(KeyError):
    """An unknown network id; the message suggests the closest known ids."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


Layers = tuple[Layer, ...]


def _classifier(hidden: tuple[int, ...], classes: int = 1000, first: int = 6) -> Layers:
    """flatten, then fc6, fc7, ... (ReLU and dropout after each hidden one), last `classes`."""
    layers: list[Layer] = [Flatten("flatten")]
    for i, width in enumerate(hidden):
        n = first + i
        layers += [Linear(f"fc{n}", width), ReLU(f"relu{n}"), Dropout(f"drop{n}")]
    layers.append(Linear(f"fc{first + len(hidden)}", classes))
    return tuple(layers)


# --------------------------------------------------------------------------- LeNet-5


def _lenet5() -> NetworkDef:
    """LeNet-5, LeCun et al. 1998, "Gradient-based learning applied to document
    recognition", §II.B and Fig. 2.

    Modern simplification, the usual textbook reading: C3 is fully connected to S2 (the
    paper's sparse Table I connection scheme is not used), S2/S4 are parameter-free
    average pools (the paper's trainable coefficient and bias, 2 per map, are dropped),
    C5 is a 5×5 convolution with 120 maps, and the output is an ordinary 84→10 fully
    connected layer (the paper uses Euclidean RBF units).
    """
    return NetworkDef(
        id="lenet5",
        description="LeNet-5 (modern reading: full C3, parameter-free pooling, FC output)",
        source="LeCun et al. 1998, Proc. IEEE, §II.B, Fig. 2",
        input_shape=(1, 32, 32),
        layers=(
            Conv("conv1", 6, 5), Activation("act1", "tanh"), AvgPool("pool1", 2),
            Conv("conv2", 16, 5), Activation("act2", "tanh"), AvgPool("pool2", 2),
            Conv("conv3", 120, 5), Activation("act3", "tanh"),
            Flatten("flatten"),
            Linear("fc4", 84), Activation("act4", "tanh"),
            Linear("fc5", 10),
        ),
    )


# --------------------------------------------------------------------------- AlexNet


def _alexnet(network_id: str, grouped: bool) -> NetworkDef:
    """AlexNet, Krizhevsky, Sutskever & Hinton 2012, §3.5 and Fig. 2.

    The two-GPU network: conv2, conv4 and conv5 only see the kernel maps of their own GPU
    (groups=2), conv3 and the FC layers are connected across GPUs. Input 227×227 (the
    paper's "224" does not give its own 55×55 maps; 227 does, as in BVLC Caffe). LRN
    after conv1 and conv2, overlapping 3×3/2 max pooling. The grouped model has the
    60,965,224 parameters of the BVLC Caffe model.
    """
    g = 2 if grouped else 1
    return NetworkDef(
        id=network_id,
        description=(
            "AlexNet, the 2012 paper's two-GPU net (grouped conv2/4/5), 227×227 input"
            if grouped
            else "AlexNet as in the paper but without grouping (one GPU), 227×227 input"
        ),
        source="Krizhevsky et al. 2012, NIPS, §3.5 and Fig. 2 (BVLC Caffe bvlc_alexnet)",
        input_shape=(3, 227, 227),
        layers=(
            Conv("conv1", 96, 11, stride=4), ReLU("relu1"), LRN("norm1"),
            MaxPool("pool1", 3, 2),
            Conv("conv2", 256, 5, padding=2, groups=g), ReLU("relu2"), LRN("norm2"),
            MaxPool("pool2", 3, 2),
            Conv("conv3", 384, 3, padding=1), ReLU("relu3"),
            Conv("conv4", 384, 3, padding=1, groups=g), ReLU("relu4"),
            Conv("conv5", 256, 3, padding=1, groups=g), ReLU("relu5"),
            MaxPool("pool5", 3, 2),
            *_classifier((4096, 4096)),
        ),
    )


def _alexnet_torchvision() -> NetworkDef:
    """torchvision `alexnet` (single tower, after Krizhevsky 2014 "One weird trick")."""
    return NetworkDef(
        id="alexnet_torchvision",
        description="torchvision's single-tower AlexNet (64-192-384-256-256), 224×224 input",
        source="torchvision.models.alexnet; Krizhevsky 2014, arXiv:1404.5997",
        input_shape=(3, 224, 224),
        layers=(
            Conv("conv1", 64, 11, stride=4, padding=2), ReLU("relu1"), MaxPool("pool1", 3, 2),
            Conv("conv2", 192, 5, padding=2), ReLU("relu2"), MaxPool("pool2", 3, 2),
            Conv("conv3", 384, 3, padding=1), ReLU("relu3"),
            Conv("conv4", 256, 3, padding=1), ReLU("relu4"),
            Conv("conv5", 256, 3, padding=1), ReLU("relu5"), MaxPool("pool5", 3, 2),
            AdaptiveAvgPool("avgpool", 6),
            *_classifier((4096, 4096)),
        ),
    )


# --------------------------------------------------------------------------- VGG

_VGG_CONFIGS = {  # convolutions per block (64, 128, 256, 512, 512 channels): Table 1
    "vgg11": ("A", (1, 1, 2, 2, 2)),
    "vgg13": ("B", (2, 2, 2, 2, 2)),
    "vgg16": ("D", (2, 2, 3, 3, 3)),
    "vgg19": ("E", (2, 2, 4, 4, 4)),
}


def _vgg(name: str, bn: bool) -> NetworkDef:
    """VGG, Simonyan & Zisserman 2014, Table 1 (configurations A, B, D, E), 224×224 input.

    3×3 convolutions with padding 1, 2×2/2 max pooling, FC 4096-4096-1000. The `_bn`
    forms are torchvision's: BatchNorm after each convolution, which keeps its bias.
    torchvision's AdaptiveAvgPool(7) is the identity at 224×224 and is left out.
    """
    config, counts = _VGG_CONFIGS[name]
    layers: list[Layer] = []
    widths = (64, 128, 256, 512, 512)
    for block, (count, channels) in enumerate(zip(counts, widths, strict=True), start=1):
        for i in range(1, count + 1):
            conv = f"conv{block}_{i}"
            layers.append(Conv(conv, channels, 3, padding=1))
            if bn:
                layers.append(BatchNorm(f"{conv}.bn"))
            layers.append(ReLU(f"{conv}.relu"))
        layers.append(MaxPool(f"pool{block}", 2, 2))
    layers += _classifier((4096, 4096))
    depth = name.removeprefix("vgg")
    return NetworkDef(
        id=f"{name}_bn" if bn else name,
        description=f"VGG-{depth} (configuration {config})"
        + (" with BatchNorm (torchvision)" if bn else "") + ", 224×224 input",
        source=f"Simonyan & Zisserman 2014, arXiv:1409.1556, Table 1 config {config}"
        + ("; torchvision vgg*_bn" if bn else ""),
        input_shape=(3, 224, 224),
        layers=tuple(layers),
    )


# --------------------------------------------------------------------------- NIN


def _nin() -> NetworkDef:
    """Network in Network, Lin, Chen & Yan 2013 (arXiv:1312.4400), ImageNet model.

    The paper gives no ImageNet table; the layout is the Caffe Model Zoo "NIN-Imagenet"
    (mavenlin) definition: three mlpconv blocks conv + two 1×1 "cccp" convs, 3×3/2 max
    pooling, then conv4-1024 + cccp7 (1024) + cccp8 (1000 classes) and a 6×6 average
    pool (global). Caffe rounds pooling output sizes up: ceil mode here
    (224 → 54 → 27 → 13 → 6 → 1).
    """
    def mlpconv(n: int, channels: int, kernel: int, stride: int, padding: int,
                cccp: tuple[tuple[int, int], ...]) -> Layers:
        layers: list[Layer] = [Conv(f"conv{n}", channels, kernel, stride, padding),
                               ReLU(f"relu{n}")]
        for index, out in cccp:
            layers += [Conv(f"cccp{index}", out, 1), ReLU(f"relu_cccp{index}")]
        return tuple(layers)

    return NetworkDef(
        id="nin",
        description="Network in Network (ImageNet model of the Caffe Model Zoo), 224×224",
        source="Lin et al. 2013, arXiv:1312.4400; Caffe Model Zoo NIN-Imagenet prototxt",
        input_shape=(3, 224, 224),
        layers=(
            *mlpconv(1, 96, 11, 4, 0, ((1, 96), (2, 96))),
            MaxPool("pool1", 3, 2, ceil_mode=True),
            *mlpconv(2, 256, 5, 1, 2, ((3, 256), (4, 256))),
            MaxPool("pool2", 3, 2, ceil_mode=True),
            *mlpconv(3, 384, 3, 1, 1, ((5, 384), (6, 384))),
            MaxPool("pool3", 3, 2, ceil_mode=True),
            Dropout("drop"),
            *mlpconv(4, 1024, 3, 1, 1, ((7, 1024), (8, 1000))),
            AvgPool("pool4", 6, 1, ceil_mode=True),
            Flatten("flatten"),
        ),
    )


# --------------------------------------------------------------------------- GoogLeNet


def _basic_conv(name: str, out: int, kernel: int, stride: int = 1, padding: int = 0) -> Layers:
    """torchvision `BasicConv2d`: conv (no bias) + BatchNorm + ReLU, named `name.conv/.bn`."""
    return (Conv(f"{name}.conv", out, kernel, stride, padding, bias=False),
            BatchNorm(f"{name}.bn"), ReLU(f"{name}.relu"))


def _inception(name: str, c1: int, c3r: int, c3: int, c5r: int, c5: int, pool: int) -> Concat:
    """torchvision `Inception`; its branch3 uses a 3×3 conv where the paper has 5×5."""
    return Concat(name, (
        _basic_conv("branch1", c1, 1),
        (*_basic_conv("branch2.0", c3r, 1), *_basic_conv("branch2.1", c3, 3, padding=1)),
        (*_basic_conv("branch3.0", c5r, 1), *_basic_conv("branch3.1", c5, 3, padding=1)),
        (MaxPool("branch4.0", 3, 1, 1, ceil_mode=True), *_basic_conv("branch4.1", pool, 1)),
    ))


def _googlenet() -> NetworkDef:
    """GoogLeNet (Inception v1), Szegedy et al. 2014, Table 1, in torchvision's layout.

    torchvision differences from the paper: BatchNorm after every conv (convs without
    bias), 3×3 instead of 5×5 in each inception's branch3, no auxiliary classifiers
    (not used at inference), no LRN; pools use ceil mode.
    """
    return NetworkDef(
        id="googlenet",
        description="GoogLeNet / Inception v1 as torchvision publishes it (BN, no aux heads)",
        source="Szegedy et al. 2014, arXiv:1409.4842, Table 1; torchvision.models.googlenet",
        input_shape=(3, 224, 224),
        layers=(
            *_basic_conv("conv1", 64, 7, 2, 3),
            MaxPool("maxpool1", 3, 2, ceil_mode=True),
            *_basic_conv("conv2", 64, 1),
            *_basic_conv("conv3", 192, 3, padding=1),
            MaxPool("maxpool2", 3, 2, ceil_mode=True),
            _inception("inception3a", 64, 96, 128, 16, 32, 32),
            _inception("inception3b", 128, 128, 192, 32, 96, 64),
            MaxPool("maxpool3", 3, 2, ceil_mode=True),
            _inception("inception4a", 192, 96, 208, 16, 48, 64),
            _inception("inception4b", 160, 112, 224, 24, 64, 64),
            _inception("inception4c", 128, 128, 256, 24, 64, 64),
            _inception("inception4d", 112, 144, 288, 32, 64, 64),
            _inception("inception4e", 256, 160, 320, 32, 128, 128),
            MaxPool("maxpool4", 2, 2, ceil_mode=True),
            _inception("inception5a", 256, 160, 320, 32, 128, 128),
            _inception("inception5b", 384, 192, 384, 48, 128, 128),
            AdaptiveAvgPool("avgpool", 1),
            Flatten("flatten"),
            Dropout("dropout"),
            Linear("fc", 1000),
        ),
    )


# --------------------------------------------------------------------------- ResNet


def _basic_block(planes: int, stride: int, keras: bool = False) -> Layers:
    return (
        Conv("conv1", planes, 3, stride, 1, bias=keras), BatchNorm("bn1"), ReLU("relu1"),
        Conv("conv2", planes, 3, 1, 1, bias=keras), BatchNorm("bn2"),
    )


def _bottleneck(planes: int, stride: int, keras: bool = False) -> Layers:
    # torchvision strides the 3×3 conv ("v1.5"); Keras, like the paper, the first 1×1.
    first, middle = (stride, 1) if keras else (1, stride)
    return (
        Conv("conv1", planes, 1, first, bias=keras), BatchNorm("bn1"), ReLU("relu1"),
        Conv("conv2", planes, 3, middle, 1, bias=keras), BatchNorm("bn2"), ReLU("relu2"),
        Conv("conv3", planes * 4, 1, bias=keras), BatchNorm("bn3"),
    )


_BLOCKS: dict[str, tuple[Callable[[int, int, bool], Layers], int]] = {
    "basic": (_basic_block, 1),
    "bottleneck": (_bottleneck, 4),
}


def _resnet(depth: int, block: str, counts: tuple[int, int, int, int],
            keras: bool = False) -> NetworkDef:
    """ResNet, He et al. 2015 (arXiv:1512.03385), Table 1, in torchvision's layout, or
    with `keras` in keras.applications' (convs with biases, stride on the first 1×1).

    torchvision: convs without bias, each followed by BatchNorm; projection shortcuts
    (1×1 conv + BN, option B) where the shape changes, named `layerX.Y.downsample.0/.1`;
    bottleneck stride on the 3×3 conv ("v1.5").
    """
    make, expansion = _BLOCKS[block]
    layers: list[Layer] = [
        Conv("conv1", 64, 7, 2, 3, bias=keras), BatchNorm("bn1"), ReLU("relu"),
        MaxPool("maxpool", 3, 2, 1),
    ]
    in_channels = 64
    for stage, count in enumerate(counts, start=1):
        planes = 64 * 2 ** (stage - 1)
        for index in range(count):
            stride = 2 if stage > 1 and index == 0 else 1
            shortcut: Layers | None = None
            if stride != 1 or in_channels != planes * expansion:
                shortcut = (Conv("downsample.0", planes * expansion, 1, stride, bias=keras),
                            BatchNorm("downsample.1"))
            layers.append(Residual(f"layer{stage}.{index}", make(planes, stride, keras),
                                   shortcut))
            in_channels = planes * expansion
    layers += [AdaptiveAvgPool("avgpool", 1), Flatten("flatten"), Linear("fc", 1000)]
    if keras:
        return NetworkDef(
            id=f"resnet{depth}_keras",
            description=f"ResNet-{depth} as keras.applications builds it (convs with biases, "
            "stride on the first 1×1), 224×224",
            source="He et al. 2015, Table 1; keras.applications.resnet (ResNet v1)",
            input_shape=(3, 224, 224),
            layers=tuple(layers),
        )
    return NetworkDef(
        id=f"resnet{depth}",
        description=f"ResNet-{depth} ({block} blocks {'-'.join(map(str, counts))}), "
        "torchvision layout, 224×224",
        source="He et al. 2015, arXiv:1512.03385, Table 1; torchvision.models.resnet",
        input_shape=(3, 224, 224),
        layers=tuple(layers),
    )


# --------------------------------------------------------------------------- registry

_DEFINITIONS: tuple[NetworkDef, ...] = (
    _lenet5(),
    _alexnet("alexnet", grouped=True),
    _alexnet("alexnet_ungrouped", grouped=False),
    _alexnet_torchvision(),
    *(_vgg(name, bn) for name in _VGG_CONFIGS for bn in (False, True)),
    _nin(),
    _googlenet(),
    _resnet(18, "basic", (2, 2, 2, 2)),
    _resnet(34, "basic", (3, 4, 6, 3)),
    _resnet(50, "bottleneck", (3, 4, 6, 3)),
    _resnet(101, "bottleneck", (3, 4, 23, 3)),
    _resnet(152, "bottleneck", (3, 8, 36, 3)),
    _resnet(50, "bottleneck", (3, 4, 6, 3), keras=True),
    _resnet(101, "bottleneck", (3, 4, 23, 3), keras=True),
    _resnet(152, "bottleneck", (3, 8, 36, 3), keras=True),
)

NETWORKS: dict[str, NetworkDef] = {d.id: d for d in _DEFINITIONS}


def network_ids() -> tuple[str, ...]:
    """Every known network id, in presentation order."""
    return tuple(NETWORKS)


def get_network(network_id: str) -> NetworkDef:
    """The definition of `network_id`; `UnknownNetworkError` (a KeyError) with a
    did-you-mean suggestion when there is none."""
    try:
        return NETWORKS[network_id]
    except KeyError:
        pass
    key = network_id.strip().lower().replace("-", "").replace(" ", "")
    close = difflib.get_close_matches(key, NETWORKS, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UnknownNetworkError(
        f"unknown network {network_id!r}{hint} (known: {', '.join(NETWORKS)})"
    )


def variant_definition(network_id: str, input_shape: tuple[int, ...] | None = None,
                       classes: int | None = None) -> NetworkDef:
    """`network_id` on another input shape, its last fully connected layer with `classes`
    outputs (ValueError when it has none)."""
    definition = get_network(network_id)
    layers = definition.layers
    if classes is not None:
        last = max((i for i, layer in enumerate(layers) if isinstance(layer, Linear)),
                   default=None)
        head = layers[last] if last is not None else None
        if last is None or not isinstance(head, Linear):
            raise ValueError(f"{network_id} has no fully connected output layer")
        layers = (*layers[:last], replace(head, out_features=classes), *layers[last + 1:])
    return replace(definition, layers=layers,
                   input_shape=tuple(input_shape) if input_shape is not None
                   else definition.input_shape)
