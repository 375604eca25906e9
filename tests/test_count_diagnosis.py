"""Each counts diagnosis of SPEC §4, triggered by the mistake it names."""

from __future__ import annotations

import math

import pytest

from grader.numeric import typo_kind
from grader.report import Verdict
from reference.alternatives import alternatives
from reference.engine import analyse
from tests.helpers import codes, grade_text, item


def _submit(network: str, quantity: str, value: str, extra: str = "") -> str:
    return (
        "assignment: ch3\n"
        "answers:\n"
        "  network_counts:\n"
        f"    {network}:\n"
        f"      {quantity}: \"{value}\"\n"
        f"{extra}"
    )


def _alt(network: str, key: str) -> int:
    return next(a.value for a in alternatives(network) if a.key == key)


T = analyse  # totals come from the engine, never typed in


def _input_and_pooling(network: str) -> int:
    """Neurons with the input and every pooling output counted, from the layer rows."""
    stats = T(network)
    pooled = sum(math.prod(r.output_shape) for r in stats.layers if "pool" in r.type)
    return stats.totals.neurons + math.prod(stats.input) + pooled


def _without_bn_and_shortcuts(network: str) -> int:
    """Parameters without any BatchNorm and without the shortcut convolutions."""
    stats = T(network)
    shortcut_convs = sum(r.weights + r.biases for r in stats.layers if r.shortcut)
    return stats.totals.params - stats.totals.bn_params - shortcut_convs


@pytest.mark.parametrize(
    ("network", "quantity", "value", "verdict", "expected_codes"),
    [
        # VGG16's total under VGG19: another network's reference.
        ("vgg19", "params", f"{T('vgg16').totals.params:,}", Verdict.INCORRECT,
         ["other_network"]),
        # VGG16's weights alone under VGG19: another network, and no biases.
        ("vgg19", "params", f"{_alt('vgg16', 'params_without_biases')}", Verdict.INCORRECT,
         ["other_network", "bias_omitted"]),
        # AlexNet's multiply-accumulates reported as its parameters.
        ("alexnet", "params", f"{T('alexnet').totals.macs}", Verdict.INCORRECT,
         ["macs_not_params"]),
        # One digit of 60,192,808 changed.
        ("resnet152", "params", "60,192,803", Verdict.PARTIAL, ["typo"]),
        # Two adjacent digits swapped.
        ("resnet152", "params", "60,192,880", Verdict.PARTIAL, ["typo"]),
        # 61.1M for ResNet152's 60.2M: torchvision AlexNet's total, rounded.
        ("resnet152", "params", "61.1M", Verdict.INCORRECT, ["other_network", "rounding"]),
        # 59.0M: no known mistake gives it; said plainly, with the gap.
        ("resnet152", "params", "59.0M", Verdict.INCORRECT, ["unexplained"]),
        # 60.2M: a right approximation at 3 significant figures.
        ("resnet152", "params", "60.2M", Verdict.CORRECT, ["rounding"]),
        # 6e7: right, but one significant figure is too coarse.
        ("resnet152", "params", "≈6e7", Verdict.PARTIAL, ["rounding"]),
        # 6020万 in Chinese magnitude words.
        ("resnet152", "params", "6019.2808万", Verdict.CORRECT, []),
        # The projection shortcuts left out of ResNet152's parameters.
        ("resnet152", "params", f"{_alt('resnet152', 'params_without_shortcuts')}",
         Verdict.PARTIAL, ["shortcut_excluded"]),
        # ... and of its neurons.
        ("resnet152", "neurons", f"{_alt('resnet152', 'neurons_without_shortcuts')}",
         Verdict.PARTIAL, ["shortcut_excluded"]),
        # BatchNorm's γ and β left out.
        ("resnet152", "params", f"{_alt('resnet152', 'params_without_bn')}", Verdict.PARTIAL,
         ["bn_omitted"]),
        # Pooling outputs counted as neurons.
        ("vgg19", "neurons", f"{_alt('vgg19', 'neurons_with_pooling')}", Verdict.PARTIAL,
         ["pooling_included"]),
        # AlexNet with a 227-pixel input counted as neurons.
        ("alexnet", "neurons", f"{_alt('alexnet', 'neurons_with_input_227')}", Verdict.PARTIAL,
         ["input_included"]),
        # torchvision's single-tower AlexNet: an accepted variant in ch3.
        ("alexnet", "params", f"{T('alexnet_torchvision').totals.params}",
         Verdict.ACCEPTED_VARIANT, ["variant"]),
        # The ungrouped two-tower AlexNet: an accepted variant.
        ("alexnet", "params", f"{T('alexnet_ungrouped').totals.params}",
         Verdict.ACCEPTED_VARIANT, ["variant"]),
        # torchvision AlexNet without biases: the variant, and the bias mistake.
        ("alexnet", "params", f"{_alt('alexnet_torchvision', 'params_without_biases')}",
         Verdict.PARTIAL, ["variant", "bias_omitted"]),
        # The AlexNet paper's own quoted per-layer neurons (253,440 for conv1).
        ("alexnet", "neurons", f"{_alt('alexnet', 'paper_quoted_neurons')}",
         Verdict.ACCEPTED_VARIANT, ["variant"]),
        # Right parts, wrong sum: half credit for the slip.
        ("alexnet", "neurons", "290400+186624+64896+64896+43264+4096+4096+1000 = 659,372",
         Verdict.PARTIAL, ["arithmetic_slip", "typo"]),
        # Right total, with terms that do not add up to it: correct, with a note.
        ("alexnet", "neurons", "290400+186624 = 659,272", Verdict.CORRECT,
         ["inconsistent_chain"]),
        # The exact value, then a rounded gloss: right.
        ("vgg19", "params", "143667240 ≈ 1.44亿", Verdict.CORRECT, []),
        # ... even when the gloss is coarse.
        ("vgg19", "params", "143667240 = 1.4亿", Verdict.CORRECT, []),
        # ... and with a wrong gloss the exact value still stands, with a note.
        ("vgg19", "params", "143667240 ≈ 1.43亿", Verdict.CORRECT, ["rounding"]),
        # A gloss in brackets after the value.
        ("vgg19", "params", "143,667,240 (约1.44亿)", Verdict.CORRECT, []),
        # Trailing zeros as an approximation at 4 significant figures.
        ("vgg19", "params", "143,700,000", Verdict.CORRECT, ["rounding"]),
        # Cut off, not rounded: 14,861,288 is 14.9M to 3 figures.
        ("vgg19", "neurons", "14.8M", Verdict.PARTIAL, ["rounding"]),
        # Input and pooling outputs both counted: two mistakes at once.
        ("vgg19", "neurons", f"{_input_and_pooling('vgg19')}",
         Verdict.PARTIAL, ["input_included", "pooling_included"]),
        # BatchNorm and the projection shortcuts both left out of ResNet152's parameters.
        ("resnet152", "params", f"{_without_bn_and_shortcuts('resnet152')}",
         Verdict.PARTIAL, ["shortcut_excluded", "bn_omitted"]),
        # Keras's ResNet152 (convs with biases): an accepted variant ...
        ("resnet152", "params", f"{T('resnet152_keras').totals.params}",
         Verdict.ACCEPTED_VARIANT, ["variant"]),
        # ... whose "Total params" also counts BatchNorm's running statistics.
        ("resnet152", "params", f"{_alt('resnet152_keras', 'params_with_bn_statistics')}",
         Verdict.PARTIAL, ["variant", "non_trainable_included"]),
        # Neurons and parameters exchanged.
        ("alexnet", "params", f"{T('alexnet').totals.neurons}", Verdict.INCORRECT,
         ["quantity_swapped"]),
        # Not a number at all.
        ("alexnet", "neurons", "lots", Verdict.UNPARSED, ["unparsed"]),
    ],
)
def test_count_diagnoses(network: str, quantity: str, value: str, verdict: Verdict,
                         expected_codes: list[str]) -> None:
    report = grade_text(_submit(network, quantity, value))
    path = f"network_counts.{network}.{quantity}"
    assert (item(report, path).verdict, codes(report, path)) == (verdict, expected_codes)


def test_other_network_names_the_network() -> None:
    report = grade_text(_submit("vgg19", "params", f"{T('vgg16').totals.params}"))
    diag = item(report, "network_counts.vgg19.params").diagnoses[0]
    assert diag.message("en") == "equals the parameters of vgg16, not of vgg19"
    assert diag.message("zh") == "这是 vgg16 的参数数，不是 vgg19 的参数数"


def test_copied_from_points_at_the_earlier_answer() -> None:
    vgg = T("vgg19").totals.params
    text = _submit("vgg19", "params", str(vgg)) + f"    resnet152:\n      params: {vgg}\n"
    report = grade_text(text)
    assert codes(report, "network_counts.vgg19.params") == []
    assert codes(report, "network_counts.resnet152.params") == ["copied_from", "other_network"]


def test_layer_breakdown_that_adds_up_to_the_reference() -> None:
    # Every layer right, the total mistyped: the slip is in the addition.
    rows = analyse("alexnet").layers
    layers = "".join(f"        {r.name}: {{params: {r.params}}}\n" for r in rows if r.params)
    text = _submit("alexnet", "params", "60,956,124") + "      layers:\n" + layers
    report = grade_text(text)
    assert codes(report, "network_counts.alexnet.params") == ["arithmetic_slip"]
    assert item(report, "network_counts.alexnet.params").verdict is Verdict.PARTIAL


def test_unknown_layer_name_suggests_the_right_one() -> None:
    text = _submit("alexnet", "params", "1") + "      layers:\n        conv_1: {params: 34944}\n"
    report = grade_text(text)
    diag = item(report, "network_counts.alexnet.layers.conv_1").diagnoses[0]
    assert "did you mean 'conv1'?" in diag.message("en")


@pytest.mark.parametrize(
    ("submitted", "expected", "kind"),
    [
        (60192803, 60192808, "changed"),   # one digit changed
        (6019280, 60192808, "dropped"),    # one digit dropped
        (601922808, 60192808, "added"),    # one digit added
        (60129808, 60192808, "swapped"),   # two neighbours swapped
        (60192808, 60192808, None),        # identical is no typo
        (60192888, 60192800, None),        # two digits changed
        (-60192808, 60192808, None),       # a sign is not a digit
    ],
)
def test_typo_kind(submitted: int, expected: int, kind: str | None) -> None:
    assert typo_kind(submitted, expected) == kind


def test_typo_message_names_the_slip() -> None:
    report = grade_text(_submit("resnet152", "params", "60,129,808"))
    diag = item(report, "network_counts.resnet152.params").diagnoses[0]
    assert diag.message("en") == ("two neighbouring digits of the correct value are swapped "
                                  "(a typo?)")


def test_copied_from_blames_the_item_the_value_does_not_fit() -> None:
    # ResNet152's neurons with pooling counted, written under VGG19 too: the VGG19 answer
    # is the copy, and ResNet152 keeps its own diagnosis and credit.
    value = _alt("resnet152", "neurons_with_pooling")
    text = _submit("vgg19", "neurons", str(value)) + f"    resnet152:\n      neurons: {value}\n"
    report = grade_text(text)
    assert codes(report, "network_counts.resnet152.neurons") == ["pooling_included"]
    assert item(report, "network_counts.resnet152.neurons").score == 1
    assert codes(report, "network_counts.vgg19.neurons")[0] == "copied_from"
    assert item(report, "network_counts.vgg19.neurons").score == 0


def _ops(mults: str, adds: str) -> str:
    return (f"assignment: ch3\nanswers:\n  forward_ops:\n"
            f"    alexnet: {{mults: '{mults}', adds: '{adds}'}}\n")


@pytest.mark.parametrize(
    ("mults", "verdict", "expected_codes"),
    [
        # The ungrouped two-tower AlexNet: accepted here as in 3.1.
        (f"{T('alexnet_ungrouped').totals.macs}", Verdict.ACCEPTED_VARIANT, ["variant"]),
        # FLOPs, two per multiply-accumulate.
        (f"{2 * T('alexnet').totals.macs}", Verdict.INCORRECT, ["flops_counted"]),
        # Parameters where multiplications were asked.
        (f"{T('alexnet').totals.params}", Verdict.INCORRECT, ["macs_not_params"]),
    ],
)
def test_forward_ops_mults(mults: str, verdict: Verdict, expected_codes: list[str]) -> None:
    report = grade_text(_ops(mults, "1"))
    path = "forward_ops.alexnet.mults"
    assert (item(report, path).verdict, codes(report, path)) == (verdict, expected_codes)


def test_equal_mults_and_adds_are_no_copy() -> None:
    # With bias additions counted, additions equal multiplications: no copying hint.
    macs = T("alexnet").totals.macs
    report = grade_text(_ops(str(macs), str(macs)))
    assert codes(report, "forward_ops.alexnet.adds") == []
    assert item(report, "forward_ops.alexnet.adds").verdict is Verdict.CORRECT


@pytest.mark.parametrize(
    ("layer", "hint"),
    [
        ("FC6", "did you mean 'fc6'?"),                   # case is forgiven in the hint
        ("fc1", "did you mean 'fc6', 'fc7' or 'fc8'?"),   # equally near: all named
    ],
)
def test_unknown_layer_hints(layer: str, hint: str) -> None:
    text = _submit("alexnet", "params", "1") + f"      layers:\n        {layer}: {{params: 1}}\n"
    diag = item(grade_text(text), f"network_counts.alexnet.layers.{layer}").diagnoses[0]
    assert diag.message("en").endswith(hint)


def test_pooling_layer_counted_as_neurons() -> None:
    pool1 = T("alexnet").layer("pool1")
    text = (_submit("alexnet", "neurons", "1") + "      layers:\n"
            f"        pool1: {{neurons: {math.prod(pool1.output_shape)}}}\n")
    report = grade_text(text)
    assert codes(report, "network_counts.alexnet.layers.pool1.neurons") == ["pooling_included"]
