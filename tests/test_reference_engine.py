"""The analytic reference engine, pinned to independent truth.

Independent truth means numbers that do not come from this engine: torchvision's
published parameter counts and GFLOPS, the BVLC Caffe AlexNet, hand arithmetic.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable

import pytest

from grader.codes import same_network_codes
from reference.alternatives import alternatives
from reference.engine import ShapeError, analyse, analyse_layers
from reference.layers import (
    AdaptiveAvgPool,
    AvgPool,
    BatchNorm,
    Concat,
    Conv,
    Flatten,
    Layer,
    Linear,
    MaxPool,
    Residual,
)
from reference.networks import NETWORKS, get_network, network_ids

SPEC_NETWORKS = (
    "lenet5", "alexnet", "alexnet_ungrouped", "alexnet_torchvision",
    "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn",
    "nin", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
)

# A network's own alternatives count the same network another way (grader.codes).
SPEC_CODES = same_network_codes()


# --------------------------------------------------------------------------- totals


@pytest.mark.parametrize(
    ("network", "params"),
    [
        ("alexnet", 60_965_224),  # BVLC Caffe bvlc_alexnet (two-GPU, grouped conv2/4/5)
        ("alexnet_ungrouped", 62_378_344),  # the often quoted "62.3 M" single-tower count
        ("alexnet_torchvision", 61_100_840),  # torchvision docs, AlexNet_Weights
        ("vgg11", 132_863_336),  # torchvision docs
        ("vgg11_bn", 132_868_840),  # torchvision docs
        ("vgg13", 133_047_848),  # torchvision docs
        ("vgg13_bn", 133_053_736),  # torchvision docs
        ("vgg16", 138_357_544),  # torchvision docs
        ("vgg16_bn", 138_365_992),  # torchvision docs
        ("vgg19", 143_667_240),  # torchvision docs
        ("vgg19_bn", 143_678_248),  # torchvision docs
        ("googlenet", 6_624_904),  # torchvision docs (no aux heads)
        ("resnet18", 11_689_512),  # torchvision docs
        ("resnet34", 21_797_672),  # torchvision docs
        ("resnet50", 25_557_032),  # torchvision docs
        ("resnet101", 44_549_160),  # torchvision docs
        ("resnet152", 60_192_808),  # torchvision docs
        ("lenet5", 61_706),  # modern LeNet-5: 156 + 2416 + 48120 + 10164 + 850
    ],
)
def test_params_match_published_totals(network: str, params: int) -> None:
    assert analyse(network).totals.params == params


@pytest.mark.parametrize(
    ("network", "total"),
    [
        # keras.applications' model.summary() "Total params" (trainable + the BatchNorm
        # running mean and variance, which are not trained).
        ("resnet50_keras", 25_636_712),
        ("resnet101_keras", 44_707_176),
        ("resnet152_keras", 60_419_944),
    ],
)
def test_keras_resnets_match_keras_summary(network: str, total: int) -> None:
    totals = analyse(network).totals
    assert totals.params + totals.bn_params == total
    keras_total = next(a for a in alternatives(network) if a.key == "params_with_bn_statistics")
    assert keras_total.value == total


@pytest.mark.parametrize(
    ("network", "neurons"),
    [
        # 290400 + 186624 + 64896 + 64896 + 43264 + 4096 + 4096 + 1000
        ("alexnet", 659_272),
        # the common textbook answer for VGG19 (all conv and FC output elements)
        ("vgg19", 14_861_288),
        # grouping changes weights, never output sizes
        ("alexnet_ungrouped", 659_272),
        # BatchNorm adds no neurons
        ("vgg19_bn", 14_861_288),
        # 28·28·6 + 10·10·16 + 120 + 84 + 10
        ("lenet5", 6_518),
    ],
)
def test_neurons(network: str, neurons: int) -> None:
    assert analyse(network).totals.neurons == neurons


@pytest.mark.parametrize(
    ("network", "printed_gflops"),
    [
        ("alexnet_torchvision", "0.714"),  # torchvision docs, GFLOPS column
        ("vgg11", "7.61"),  # torchvision docs
        ("vgg11_bn", "7.61"),  # BatchNorm is not counted
        ("vgg13", "11.31"),  # torchvision docs
        ("vgg16", "15.47"),  # torchvision docs
        ("vgg19", "19.63"),  # torchvision docs
        ("vgg19_bn", "19.63"),  # torchvision docs
        ("resnet18", "1.81"),  # torchvision docs
        ("resnet34", "3.66"),  # torchvision docs
        ("resnet50", "4.09"),  # torchvision docs
        ("resnet101", "7.80"),  # torchvision docs
        ("resnet152", "11.51"),  # torchvision docs
        ("googlenet", "1.50"),  # torchvision docs
    ],
)
def test_macs_match_torchvision_gflops(network: str, printed_gflops: str) -> None:
    decimals = len(printed_gflops.split(".")[1])
    assert f"{analyse(network).totals.macs / 1e9:.{decimals}f}" == printed_gflops


# --------------------------------------------------------------------------- single layers


@pytest.mark.parametrize(
    ("network", "layer", "shape", "params", "neurons", "macs"),
    [
        # 11·11·3·96 + 96; (227 - 11)/4 + 1 = 55
        ("alexnet", "conv1", (96, 55, 55), 34_944, 290_400, 290_400 * 363),
        # grouped: each filter sees 48 of the 96 channels: 256·48·25 + 256
        ("alexnet", "conv2", (256, 27, 27), 307_456, 186_624, 186_624 * 48 * 25),
        # conv3 is connected across both GPUs: 384·256·9 + 384
        ("alexnet", "conv3", (384, 13, 13), 885_120, 64_896, 64_896 * 256 * 9),
        # 6·6·256 = 9216 inputs
        ("alexnet", "fc6", (4096,), 9216 * 4096 + 4096, 4096, 9216 * 4096),
        # ungrouped conv2: 256·96·25 + 256
        ("alexnet_ungrouped", "conv2", (256, 27, 27), 614_656, 186_624, 186_624 * 96 * 25),
        # (224 + 4 - 11)//4 + 1 = 55
        ("alexnet_torchvision", "conv1", (64, 55, 55), 23_296, 193_600, 193_600 * 363),
        # SPEC §1's example row: 3·3·3·64 + 64, 224·224·64, ·27
        ("vgg19", "conv1_1", (64, 224, 224), 1_792, 3_211_264, 86_704_128),
        # 7·7·512 = 25088 inputs
        ("vgg19", "fc6", (4096,), 25_088 * 4096 + 4096, 4096, 25_088 * 4096),
        # BatchNorm: γ and β per channel
        ("vgg19_bn", "conv1_1.bn", (64, 224, 224), 128, 0, 0),
        # pooling: no params, no neurons, no MACs
        ("vgg19", "pool5", (512, 7, 7), 0, 0, 0),
        # stem: 7·7·3·64, no bias, stride 2
        ("resnet152", "conv1", (64, 112, 112), 9_408, 802_816, 802_816 * 147),
        # projection shortcut of the first bottleneck: 1×1, 64 → 256
        ("resnet152", "layer1.0.downsample.0", (256, 56, 56), 16_384, 802_816, 802_816 * 64),
        # its BatchNorm
        ("resnet152", "layer1.0.downsample.1", (256, 56, 56), 512, 0, 0),
        # stride on the 3×3 conv (v1.5): 28 → 14
        ("resnet152", "layer3.0.conv2", (256, 14, 14), 589_824, 50_176, 50_176 * 2304),
        # the last block of the deepest stage
        ("resnet152", "layer3.35.conv3", (1024, 14, 14), 262_144, 200_704, 200_704 * 256),
        # 2048 → 1000
        ("resnet152", "fc", (1000,), 2_049_000, 1000, 2_048_000),
        # torchvision's branch3 uses 3×3 (16 → 32), not the paper's 5×5
        ("googlenet", "inception3a.branch3.1.conv", (32, 28, 28), 4_608, 25_088, 25_088 * 144),
        # concatenation: 64 + 128 + 32 + 32 channels
        ("googlenet", "inception3a", (256, 28, 28), 0, 0, 0),
        # ceil-mode pooling: 14 → 7
        ("googlenet", "maxpool4", (832, 7, 7), 0, 0, 0),
        # ceil-mode pooling in Caffe's NIN: (54 - 3)/2 rounded up + 1 = 27
        ("nin", "pool1", (96, 27, 27), 0, 0, 0),
        # 1×1 cccp layer: 96·96 + 96
        ("nin", "cccp1", (96, 54, 54), 9_312, 279_936, 279_936 * 96),
        # LRN: a row, but nothing counted
        ("alexnet", "norm1", (96, 55, 55), 0, 0, 0),
    ],
)
def test_hand_checked_layers(
    network: str, layer: str, shape: tuple[int, ...], params: int, neurons: int, macs: int
) -> None:
    row = analyse(network).layer(layer)
    assert (row.output_shape, row.params, row.neurons, row.macs) == (shape, params, neurons, macs)


# --------------------------------------------------------------------------- invariants


def test_every_spec_network_is_defined() -> None:
    assert set(SPEC_NETWORKS) <= set(network_ids())


@pytest.mark.parametrize("network", network_ids())
def test_rows_sum_to_totals(network: str) -> None:
    stats = analyse(network)
    t = stats.totals
    for quantity in ("weights", "biases", "bn_params", "params", "neurons", "macs"):
        assert getattr(t, quantity) == sum(getattr(r, quantity) for r in stats.layers)
    assert t.params == t.weights + t.biases + t.bn_params
    for row in stats.layers:
        assert row.params == row.weights + row.biases + row.bn_params
        # only conv and fc layers have neurons and MACs
        if row.type not in ("conv", "fc"):
            assert row.neurons == row.macs == 0
        else:
            assert row.neurons == math.prod(row.output_shape)


@pytest.mark.parametrize("network", network_ids())
def test_layer_names_unique_and_ends_in_1000_classes(network: str) -> None:
    stats = analyse(network)
    names = [r.name for r in stats.layers]
    assert len(names) == len(set(names))
    classes = 10 if network == "lenet5" else 1000
    assert math.prod(stats.layers[-1].output_shape) == classes


@pytest.mark.parametrize("network", network_ids())
def test_json_shape_is_spec_1(network: str) -> None:
    data = json.loads(json.dumps(analyse(network).to_json_dict()))
    assert list(data) == ["network", "input", "layers", "totals"]
    assert data["network"] == network
    assert list(data["layers"][0]) == [
        "name", "type", "output_shape", "weights", "biases", "bn_params", "params", "neurons",
        "macs",
    ]
    assert list(data["totals"]) == ["weights", "biases", "bn_params", "params", "neurons", "macs"]


def test_json_first_vgg19_row_is_spec_example() -> None:
    data = analyse("vgg19").to_json_dict()
    assert data["input"] == [3, 224, 224]
    assert data["layers"][0] == {
        "name": "conv1_1", "type": "conv", "output_shape": [64, 224, 224], "weights": 1728,
        "biases": 64, "bn_params": 0, "params": 1792, "neurons": 3211264, "macs": 86704128,
    }


def test_all_networks_fast() -> None:
    # sanity bound only: uncached analysis of every network takes milliseconds
    start = time.perf_counter()
    for definition in NETWORKS.values():
        analyse_layers(definition.layers, definition.input_shape, definition.id)
    assert time.perf_counter() - start < 1.0


def test_analyse_is_cached() -> None:
    assert analyse("resnet50") is analyse("resnet50")


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("VGG-19", "vgg19"),  # case and hyphen
        ("resnet15", "resnet152"),  # dropped digit
        ("alexnet_tv", "alexnet"),  # partial id
    ],
)
def test_unknown_network_suggests(query: str, suggestion: str) -> None:
    with pytest.raises(KeyError, match=suggestion):
        get_network(query)
    with pytest.raises(KeyError):
        analyse(query)


def test_unknown_layer_suggests() -> None:
    with pytest.raises(KeyError, match="did you mean"):
        analyse("vgg19").layer("conv1_3")


# --------------------------------------------------------------------------- alternatives


@pytest.mark.parametrize(
    ("network", "key", "code", "value"),
    [
        # 64·2 + 128·2 + 256·4 + 512·8 + 4096 + 4096 + 1000
        ("vgg19", "channels_not_neurons", "channels_not_neurons", 14_696),
        # 143,667,240 − 14,696 biases
        ("vgg19", "params_without_biases", "bias_omitted", 143_652_544),
        # 14,861,288 + 224·224·3
        ("vgg19", "neurons_with_input", "input_included", 15_011_816),
        # 60,965,224 − 10,568 biases
        ("alexnet", "params_without_biases", "bias_omitted", 60_954_656),
        # 659,272 + 150,528
        ("alexnet", "neurons_with_input_224", "input_included", 809_800),
        # 659,272 + 227·227·3
        ("alexnet", "neurons_with_input_227", "input_included", 813_859),
        # 659,272 + pool1 27·27·96 + pool2 13·13·256 + pool5 6·6·256
        ("alexnet", "neurons_with_pooling", "pooling_included", 781_736),
        # the paper's §3.5 figures summed (quoted data)
        ("alexnet", "paper_quoted_neurons", "variant", 622_312),
        # … plus the paper's 150,528-dimensional input
        ("alexnet", "paper_quoted_neurons_with_input", "input_included", 772_840),
        # minus the four downsample convs: 256·56² + 512·28² + 1024·14² + 2048·7²
        ("resnet152", "neurons_without_shortcuts", "shortcut_excluded", 22_555_112 - 1_505_280),
        # minus their weights (64·256 + 256·512 + 512·1024 + 1024·2048) and BN (2·3840)
        ("resnet152", "params_without_shortcuts", "shortcut_excluded",
         60_192_808 - 2_768_896 - 7_680),
        # 60,192,808 − 2 · (BN channels of every BN layer)
        ("resnet152", "params_without_bn", "bn_omitted", 60_041_384),
        # only the fc has biases in a ResNet
        ("resnet152", "params_without_biases", "bias_omitted", 60_191_808),
        # BN γ/β of vgg19_bn: 2 · 5504 channels
        ("vgg19_bn", "params_without_bn", "bn_omitted", 143_667_240),
    ],
)
def test_alternative_values(network: str, key: str, code: str, value: int) -> None:
    found = {a.key: a for a in alternatives(network)}
    assert (found[key].code, found[key].value) == (code, value)


@pytest.mark.parametrize(
    ("network", "absent"),
    [
        ("vgg19", "params_without_bn"),  # no BatchNorm in plain VGG
        ("vgg19", "neurons_without_shortcuts"),  # no shortcuts
        ("resnet152", "paper_quoted_neurons"),  # AlexNet only
        ("alexnet", "neurons_with_input"),  # AlexNet has the _224/_227 pair instead
    ],
)
def test_alternatives_only_where_they_apply(network: str, absent: str) -> None:
    assert absent not in {a.key for a in alternatives(network)}


@pytest.mark.parametrize("network", network_ids())
def test_alternatives_well_formed(network: str) -> None:
    alts = alternatives(network)
    keys = [a.key for a in alts]
    assert len(keys) == len(set(keys))
    assert {a.code for a in alts} <= SPEC_CODES
    totals = analyse(network).totals
    for alt in alts:
        assert alt.value > 0
        # an alternative that equals the reference would make a right answer look wrong
        assert alt.value != getattr(totals, alt.quantity)


def test_alexnet_paper_discrepancy_is_recorded() -> None:
    alt = {a.key: a for a in alternatives("alexnet")}["paper_quoted_neurons"]
    assert alt.detail["quoted_conv1"] == 253_440
    assert alt.detail["computed_conv1"] == 290_400


# --------------------------------------------------------------------------- shape errors


def _block(body: tuple[Layer, ...], shortcut: tuple[Layer, ...] | None = None) -> Residual:
    return Residual("block", body, shortcut)


@pytest.mark.parametrize(
    ("layers", "input_shape", "layer", "problem"),
    [
        # 7×7 kernel on a 5×5 map without padding
        ((Conv("big", 8, 7),), (3, 5, 5), "big", "larger than the padded input"),
        # 3 input channels cannot split into 2 groups
        ((Conv("grouped", 8, 3, groups=2),), (3, 8, 8), "grouped", "divisible by groups"),
        # 8 output channels cannot split into 3 groups
        ((Conv("grouped", 8, 3, groups=3),), (6, 8, 8), "grouped", "divisible by groups"),
        # 3×3/2 pooling on a 2×2 map
        ((MaxPool("pool", 3, 2),), (4, 2, 2), "pool", "larger than the padded input"),
        # PyTorch refuses padding above half the kernel
        ((AvgPool("pool", 2, 2, padding=2),), (4, 8, 8), "pool", "half the kernel"),
        # strided body, identity shortcut
        ((_block((Conv("conv1", 8, 3, 2, 1),)),), (8, 8, 8), "block", "identity shortcut"),
        # projection with the wrong channel count
        ((_block((Conv("conv1", 8, 3, 1, 1),), (Conv("downsample.0", 16, 1),)),),
         (8, 8, 8), "block", "differs from shortcut"),
        # an error inside a block is named with its dotted path
        ((_block((Conv("conv1", 8, 3, 1, 1), Conv("conv2", 8, 9))),), (8, 8, 8),
         "block.conv2", "larger than the padded input"),
        # branches 8×8 and 6×6 cannot be concatenated
        ((Concat("mix", ((Conv("a", 4, 1),), (Conv("b", 4, 3),))),), (3, 8, 8), "mix", "H×W"),
        # Linear needs an explicit Flatten
        ((Linear("fc", 10),), (3, 4, 4), "fc", "Flatten"),
        # a convolution after flattening
        ((Flatten("flatten"), Conv("conv", 4, 1)), (3, 4, 4), "conv", "(C, H, W)"),
        # pooling after flattening
        ((Flatten("flatten"), AdaptiveAvgPool("gap")), (3, 4, 4), "gap", "(C, H, W)"),
        # an empty input
        ((Conv("conv", 4, 1),), (3, 0, 4), "input", "positive"),
    ],
)
def test_shape_errors_name_the_layer(
    layers: tuple[Layer, ...], input_shape: tuple[int, ...], layer: str, problem: str
) -> None:
    with pytest.raises(ShapeError, match=problem) as info:
        analyse_layers(layers, input_shape)
    assert info.value.layer == layer
    assert repr(layer) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("pool", "size", "expected"),
    [
        (MaxPool("p", 3, 2), 54, 26),  # floor((54 - 3)/2) + 1
        (MaxPool("p", 3, 2, ceil_mode=True), 54, 27),  # ceil((54 - 3)/2) + 1
        (MaxPool("p", 3, 2, ceil_mode=True), 112, 56),  # GoogLeNet maxpool1
        (MaxPool("p", 2, 2, ceil_mode=True), 15, 8),  # a partial last window is kept
        (MaxPool("p", 2, 2, padding=1, ceil_mode=True), 5, 3),  # but not one in the padding
        (MaxPool("p", 3, 1, padding=1, ceil_mode=True), 28, 28),  # inception branch4
        (MaxPool("p", 3, 2, padding=1), 112, 56),  # ResNet stem pool
        (AvgPool("p", (2, 3), (2, 1)), 6, 3),  # rectangular kernel: H uses 2/2
    ],
)
def test_pool_output_sizes(pool: MaxPool | AvgPool, size: int, expected: int) -> None:
    stats = analyse_layers((pool,), (1, size, size))
    assert stats.layers[0].output_shape[1] == expected


@pytest.mark.parametrize(
    ("conv", "shape", "expected"),
    [
        (Conv("c", 4, 3, dilation=2), (1, 9, 9), (4, 5, 5)),  # dilated 3×3 reaches 5
        (Conv("c", 4, (1, 7), padding=(0, 3)), (2, 9, 9), (4, 9, 9)),  # Inception-v3 style 1×7
        (Conv("c", 4, 3, stride=2), (1, 8, 8), (4, 3, 3)),  # floor((8 - 3)/2) + 1
    ],
)
def test_conv_output_shapes(conv: Conv, shape: tuple[int, int, int],
                            expected: tuple[int, int, int]) -> None:
    assert analyse_layers((conv,), shape).layers[0].output_shape == expected


@pytest.mark.parametrize(
    "make",
    [
        lambda: Conv("c", 0, 3),  # no output channels
        lambda: Conv("c", 4, 0),  # empty kernel
        lambda: Conv("c", 4, 3, stride=0),  # zero stride
        lambda: MaxPool("p", 2, padding=-1),  # negative padding
        lambda: Linear("fc", 0),  # no outputs
        lambda: Concat("mix", ()),  # no branches
        lambda: Residual("r", ()),  # empty body
        lambda: BatchNorm(""),  # no name
    ],
)
def test_invalid_layer_specs_rejected(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        make()
