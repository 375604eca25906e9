"""Reference networks and Table 3.7 under other parameters (issue 17, the reference part):
`grader reference NETWORK --input C×H×W --classes N` and `grader reference table3.7
--threshold T`. Expected figures are worked by hand from the layers, not read from the code."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from grader.cli import app
from reference.engine import analyse
from reference.variants import parse_shape, variant_id, variant_stats


@pytest.mark.parametrize(
    ("network", "shape", "classes", "layer", "params"),
    [
        # 100 classes: AlexNet's fc8 is 4096×100 weights + 100 biases
        ("alexnet", None, 100, "fc8", 4096 * 100 + 100),
        # a 256×256 input: VGG19's last feature map is 512×8×8, so fc6 grows
        ("vgg19", (3, 256, 256), None, "fc6", 512 * 8 * 8 * 4096 + 4096),
        # ResNet152 pools globally: its fc does not depend on the input size
        ("resnet152", (3, 256, 256), 10, "fc", 2048 * 10 + 10),
    ],
)
def test_a_variant_is_computed_from_its_layers(network: str, shape: tuple[int, int, int] | None,
                                               classes: int | None, layer: str,
                                               params: int) -> None:
    stats = variant_stats(network, shape, classes)
    assert stats.layer(layer).params == params
    base = analyse(network)
    # everything before the classifier is the reference's when only the classes change
    if shape is None:
        assert stats.layer("conv1").params == base.layer("conv1").params
        assert stats.totals.params - base.totals.params == \
            params - base.layer(layer).params


def test_the_default_variant_is_the_reference() -> None:
    assert variant_stats("vgg19", (3, 224, 224), 1000).totals == analyse("vgg19").totals


@pytest.mark.parametrize(
    ("text", "shape"),
    [("3x256x256", (3, 256, 256)), ("3×192×192", (3, 192, 192)), (" 1,28,28 ", (1, 28, 28))])
def test_shapes_are_read(text: str, shape: tuple[int, int, int]) -> None:
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text", ["256x256", "3x0x256", "3x99999x2", "big", "3x256x256x1"])
def test_bad_shapes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_shape(text)


def test_variant_ids_say_what_changed() -> None:
    assert variant_id("alexnet", (3, 256, 256), 100) == "alexnet@3x256x256,classes=100"
    assert variant_id("alexnet") == "alexnet"


def test_the_command_prints_any_variant(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reference", "alexnet", "--input", "3x256x256", "--classes",
                                 "100", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["network"] == "alexnet@3x256x256,classes=100"
    assert data["input"] == [3, 256, 256]
    assert data["totals"]["params"] == variant_stats("alexnet", (3, 256, 256), 100).totals.params


def test_an_input_too_small_says_which_layer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reference", "alexnet", "--input", "3x32x32"])
    assert result.exit_code == 2
    assert "pool2" in result.output


@pytest.mark.parametrize(
    ("threshold", "precision", "recall"),
    [
        # ≥ 0.4 keeps 0.92 ✓, 0.78 ✓, 0.69 ✗, 0.52 ✓, 0.47 ✗, 0.45 ✗, 0.43 ✗: 3 of 7
        ("0.4", "3/7", "3/25"),
        # ≥ 0.5 keeps the first four: 3 of 4
        ("0.5", "3/4", "3/25"),
        # the rubric's own 0.3: 4 of 10
        ("0.3", "2/5", "4/25"),
    ],
)
def test_table_3_7_at_another_threshold(runner: CliRunner, threshold: str, precision: str,
                                        recall: str) -> None:
    result = runner.invoke(app, ["reference", "table3.7", "--threshold", threshold,
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["threshold"], data["precision"], data["recall"]) == (threshold, precision,
                                                                     recall)


def test_a_threshold_below_the_transcribed_rows_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reference", "table3.7", "--threshold", "0.1", "--lang", "en"])
    assert result.exit_code == 2
    assert "only the detections at or above its own threshold 0.3" in result.output
