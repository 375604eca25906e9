"""Numbers as students really write them (issue 13): labelled and chained working,
magnitude suffixes, rounded intermediate steps, truncation — read, then graded."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from grader.report import Verdict
from grader.values import parse_value, read_as
from tests.helpers import codes, grade_text, item


@pytest.mark.parametrize(
    ("text", "sides", "approximate"),
    [
        # labelled working: the words name the sides, the numbers form the chain
        ("weights + bias = 5*5*48*128 + 128 = 153728", (F(153728), F(153728)), False),
        ("P = TP/(TP+FP) = 4/10 = 0.4", (F(2, 5), F(2, 5)), False),
        ("AP≈0.128", (F(16, 125),), True),
        ("召回率=4/25=0.16", (F(4, 25), F(4, 25)), False),
        ("约 62,000,000", (F(62_000_000),), True),
        ("参数量为 143,667,240 个", (F(143_667_240),), False),
        ("143,667,240 个可训练参数", (F(143_667_240),), False),   # unit words after
        ("60,965,224 trainable parameters", (F(60_965_224),), False),
        ("Total params: 60,965,224", (F(60_965_224),), False),   # a label before ':'
        ("conv1：11×11×3×96+96 = 34944", (F(34944), F(34944)), False),  # full-width colon
        ("总参数约为6000万", (F(60_000_000),), True),
        ("AlexNet 总参数量 60965224", (F(60_965_224),), False),  # a label, no separator
        ("P_{recall} = 0.16", (F(4, 25),), False),                # a subscripted label
    ],
)
def test_labelled_chains(text: str, sides: tuple[F, ...], approximate: bool) -> None:
    parsed = parse_value(text)
    assert parsed.sides == sides
    assert parsed.approximate is approximate


@pytest.mark.parametrize(
    ("text", "value", "sig_figs", "zeros"),
    [
        ("660K", F(660_000), 3, 1),      # the last zero may be a placeholder
        ("60M", F(60_000_000), 2, 1),
        ("140M", F(140_000_000), 3, 1),
        ("6千万", F(60_000_000), 1, 0),   # one digit: nothing to drop
        ("61.1M", F(61_100_000), 3, 0),  # a decimal carries its figures
        ("660,000", F(660_000), None, 0),  # plain digits: implied by the comparison
    ],
)
def test_suffix_placeholder_zeros(text: str, value: F, sig_figs: int | None,
                                  zeros: int) -> None:
    parsed = parse_value(text)
    assert (parsed.value, parsed.sig_figs, parsed.placeholder_zeros) == (value, sig_figs, zeros)


@pytest.mark.parametrize(
    ("text", "expected", "sig"),
    [
        ("660K", F(659_272), 2),          # 659,272 rounds to 660K at two figures
        ("660K", F(670_000), None),       # 670,000 is 670K at any precision
        ("140M", F(143_667_240), 2),      # 1.4e8 at two figures
        ("60M", F(62_378_344), 1),        # 6e7 at one figure (too coarse for a rubric)
        ("60M", F(66_000_000), None),     # 6.6e7 is 7e7 at one figure
    ],
)
def test_matches_coarser(text: str, expected: F, sig: int | None) -> None:
    assert parse_value(text).matches_coarser(expected) == sig


@pytest.mark.parametrize(
    ("text", "tolerance"),
    [
        # 0.75 ± 0.005 and 0.444 ± 0.0005, summed, over 25
        ("(1 + 1 + 0.75 + 0.444)/25", (F(5, 1000) + F(5, 10_000)) / 25),
        ("(1 + 1 + 3/4 + 4/9)/25", F(0)),                    # exact
        ("0.5 * 4", F(2, 10)),                               # 0.5 ± 0.05, times 4
        ("2.0^3", F(0)),                                     # a power: no bound, exact only
    ],
)
def test_rounded_intermediate_values_carry_their_error(text: str, tolerance: F) -> None:
    assert parse_value(text).tolerance() == tolerance


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("34848+307200+884736", "1226784"),
        ("(1+1+3/4+4/9)/25", "23/180"),
        ("61.1M", "61100000"),
        ("约 65.9万", "≈659000"),
    ],
)
def test_read_as(text: str, canonical: str) -> None:
    assert read_as(parse_value(text)) == canonical


def _ch3(answers: str) -> str:
    return f"assignment: ch3\nanswers:\n{answers}"


@pytest.mark.parametrize(
    ("path", "answers", "verdict", "diagnoses"),
    [
        # a labelled chain: every link checked, the final value graded
        ("detection_metrics.precision",
         "  detection_metrics: {precision: 'P = TP/(TP+FP) = 4/10 = 0.4'}",
         Verdict.CORRECT, []),
        ("detection_metrics.recall", "  detection_metrics: {recall: '召回率=4/25=0.16'}",
         Verdict.CORRECT, []),
        ("detection_metrics.ap", "  detection_metrics: {ap: 'AP≈0.128'}",
         Verdict.CORRECT, [("rounding", "counts.rounding")]),
        ("network_counts.vgg19.params",
         "  network_counts: {vgg19: {params: '参数量为 143,667,240 个'}}", Verdict.CORRECT, []),
        # 660K for 659,272: a two-figure rounding, as 660,000 is (the rubric asks for 3)
        ("network_counts.alexnet.neurons", "  network_counts: {alexnet: {neurons: 660K}}",
         Verdict.PARTIAL, [("rounding", "counts.too_imprecise")]),
        ("network_counts.alexnet.neurons", "  network_counts: {alexnet: {neurons: '660,000'}}",
         Verdict.PARTIAL, [("rounding", "counts.too_imprecise")]),
        # 4/9 rounded to 0.444 on the way: right to the precision of the working
        ("detection_metrics.ap", "  detection_metrics: {ap: (1 + 1 + 0.75 + 0.444)/25}",
         Verdict.CORRECT, [("rounding", "counts.rounded_steps")]),
        # 0.127 for 0.12778: cut off, not rounded
        ("detection_metrics.ap", "  detection_metrics: {ap: '0.127'}",
         Verdict.PARTIAL, [("rounding", "counts.truncated")]),
        # 60,900,000 for 60,965,224: likewise for counts
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: 60.9M}}",
         Verdict.PARTIAL, [("rounding", "counts.truncated")]),
        # 650,000 for 659,272 (the paper's abstract): cut off at the figures its zeros leave
        ("network_counts.alexnet.neurons", "  network_counts: {alexnet: {neurons: '650,000'}}",
         Verdict.PARTIAL, [("rounding", "counts.truncated")]),
        # prose around the number: "about … units", a sentence's full stop
        ("network_counts.alexnet.neurons",
         "  network_counts: {alexnet: {neurons: about 660K units}}",
         Verdict.PARTIAL, [("rounding", "counts.too_imprecise")]),
        ("network_counts.alexnet.params",
         "  network_counts: {alexnet: {params: alexnet has 60965224.}}", Verdict.CORRECT, []),
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: '60965224。'}}",
         Verdict.CORRECT, []),
        # an accepted variant rounded too coarsely: 62M is ungrouped AlexNet at two figures
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: 62M}}",
         Verdict.PARTIAL, [("variant", "counts.variant"), ("rounding", "counts.too_imprecise")]),
        # the ResNet paper's 11.3×10^9: the v1 network (stride in the 1×1), accepted
        ("forward_ops.resnet152.mults",
         "  forward_ops: {resnet152: {mults: 11.3 billion}}", Verdict.ACCEPTED_VARIANT,
         [("variant", "counts.variant"), ("rounding", "counts.rounding_of_alternative")]),
    ],
)
def test_written_numbers_graded(path: str, answers: str, verdict: Verdict,
                                diagnoses: list[tuple[str, str]]) -> None:
    found = item(grade_text(_ch3(answers)), path)
    assert found.verdict is verdict
    assert [(d.code, d.key) for d in found.diagnoses] == diagnoses
    assert codes(grade_text(_ch3(answers)), path) == [c for c, _ in diagnoses]


# ----------------------------------------------------------------------------- explanations

_UNGROUPED_LAYERS = (
    "      layers:\n"
    "        conv2: {params: 5*5*96*256 + 256}\n"        # 614,656: ungrouped
    "        conv4: {params: 3*3*384*384 + 384}\n"       # 1,327,488: ungrouped
)


@pytest.mark.parametrize(
    ("answers", "path", "verdict", "expected_codes"),
    [
        # 62,378,344 is ungrouped AlexNet (an accepted variant): its ungrouped layers are
        # right, no "first wrong layer" is claimed, each layer says what it was judged by
        ("  network_counts:\n    alexnet:\n      params: 62378344\n" + _UNGROUPED_LAYERS,
         "network_counts.alexnet.params", Verdict.ACCEPTED_VARIANT, ["variant"]),
        ("  network_counts:\n    alexnet:\n      params: 62378344\n" + _UNGROUPED_LAYERS,
         "network_counts.alexnet.layers.conv2.params", Verdict.CORRECT, ["variant"]),
        # the same layers under the paper's total are wrong against the grouped network
        ("  network_counts:\n    alexnet:\n      params: 60965224\n" + _UNGROUPED_LAYERS,
         "network_counts.alexnet.layers.conv2.params", Verdict.INCORRECT, ["unexplained"]),
        # the input counted, written as a sum that adds up: one mistake, one explanation
        # (no arithmetic slip, no stray term)
        ("  network_counts:\n    alexnet:\n      neurons: 224*224*3 + 290400 + 186624 + 64896 + "
         "64896 + 43264 + 4096 + 4096 + 1000 = 809800\n",
         "network_counts.alexnet.neurons", Verdict.PARTIAL, ["input_included"]),
        # every convolution counted without its input channels (VGG19: 3×3×C_out each)
        ("  network_counts:\n    vgg19: {params: 123697896}\n",
         "network_counts.vgg19.params", Verdict.INCORRECT, ["input_channels_omitted"]),
        # one layer's value repeated for the next: fc8 given fc7's 4096 neurons
        ("  network_counts:\n    alexnet:\n      layers: {fc8: {neurons: 4096}}\n",
         "network_counts.alexnet.layers.fc8.neurons", Verdict.INCORRECT, ["layer_mismatch"]),
        # a breakdown that is ungrouped AlexNet layer for layer under a total that matches
        # nothing: the total is mis-added (no "first wrong layer" against grouped AlexNet)
        ("  network_counts:\n    alexnet:\n      params: 62377344\n      layers:\n"
         + "".join(f"        {name}: {{params: {value}}}\n" for name, value in (
             ("conv1", 34944), ("conv2", 614656), ("conv3", 885120), ("conv4", 1327488),
             ("conv5", 884992), ("fc6", 37752832), ("fc7", 16781312), ("fc8", 4097000))),
         "network_counts.alexnet.params", Verdict.PARTIAL, ["arithmetic_slip"]),
        # the same value for multiplications and additions (MACs as both, an accepted
        # reading of the additions) is no copy: each is judged on its own (torchinfo's)
        ("  forward_ops:\n    resnet152: {mults: 11.63G, adds: 11.63G}\n",
         "forward_ops.resnet152.adds", Verdict.PARTIAL, ["tool_figure", "rounding"]),
        # nothing matches: said plainly, with the size of the gap
        ("  network_counts:\n    alexnet: {params: 52000000}\n",
         "network_counts.alexnet.params", Verdict.INCORRECT, ["unexplained"]),
    ],
)
def test_one_explanation_per_mistake(answers: str, path: str, verdict: Verdict,
                                     expected_codes: list[str]) -> None:
    report = grade_text(_ch3(answers))
    assert item(report, path).verdict is verdict
    assert codes(report, path) == expected_codes


@pytest.mark.parametrize(
    ("value", "key", "params"),
    [
        (52_000_000, "counts.unexplained_below", {"percent": "15"}),   # 14.7% below
        (61_500_000, "counts.unexplained_above", {"percent": "0.88"}),
        (200_000_000, "counts.unexplained_times_more", {"times": "3.28"}),
        (1_000_000, "counts.unexplained_times_less", {"times": "61"}),
    ],
)
def test_unexplained_names_the_gap(value: int, key: str, params: dict[str, str]) -> None:
    report = grade_text(_ch3(f"  network_counts:\n    alexnet: {{params: {value}}}\n"))
    diag = item(report, "network_counts.alexnet.params").diagnoses[-1]
    assert (diag.code, diag.key, diag.params) == ("unexplained", key, params)


def test_incorrect_count_items_always_say_why() -> None:
    # every value from 1 to a few hundred million, sampled: an incorrect item has a reason
    for value in (1, 7, 1000, 123_456, 9_999_999, 60_000_001, 777_777_777):
        report = grade_text(_ch3(f"  network_counts:\n    vgg19: {{params: {value}}}\n"))
        found = item(report, "network_counts.vgg19.params")
        assert found.verdict is not Verdict.INCORRECT or found.diagnoses


# ----------------------------------------------------------------------------- counts_b.yaml
# Readings and rules learnt from the second real-world counts set (tests/realworld/).

@pytest.mark.parametrize(
    ("text", "sides"),
    [
        # a side that is only the quantity's name (a unit word) labels the chain
        ("params = 34944", (F(34944),)),
        ("MACs: 724M", (F(724_000_000),)),
        ("参数 = 34944", (F(34944),)),
        ("FLOPs = 34944×55×55", (F(105_705_600),)),
        # a unit word with a number glued to it is a numbered name, as `conv1` is
        ("parameters1 = 11×11×3×96+96=34944", (F(34944), F(34944))),
        ("FLOPs = parameter1×H×W=34944×55×55", (F(105_705_600),)),
        # the name read, the working's typo (4069 for 4096) still seen by the chain
        ("parameters7 = 4069×4096+4096=16781312", (F(16_670_720), F(16_781_312))),
        # negative: a unit word after the number stays a unit; `x` between digits a product
        ("34944 params", (F(34944),)),
        ("60,965,224 params", (F(60_965_224),)),
        ("3x2", (F(6),)),
    ],
)
def test_quantity_names_label_a_side(text: str, sides: tuple[F, ...]) -> None:
    assert parse_value(text).sides == sides


@pytest.mark.parametrize(
    "text",
    [
        "params",             # negative: a name with no number is still no value
        "params = FLOPs",     # negative: names on both sides
        "2 × params2 = 4",    # negative: a numbered name inside the arithmetic
    ],
)
def test_quantity_names_without_a_value_are_refused(text: str) -> None:
    from grader.errors import ValueParseError

    with pytest.raises(ValueParseError):
        parse_value(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a script's printout: the count, then the same count in binary K and M (÷1024ⁿ)
        ("alexnet has 62378344.0 / 60916.3515625K / 59.488624572753906M params",
         F(62_378_344)),
        ("34944.0 / 34.125K / 0.0333251953125M", F(34944)),
        # the same in decimal units, at the precision written
        ("61100840 / 61.1M", F(61_100_840)),
        # negative: a restatement that is not the count is a division, as before
        ("60965224 / 2M", F(60_965_224, 2_000_000)),
        ("614656 / 601.25K", F(614_656, 601_250)),
        # negative: plain fractions and ratios are untouched
        ("4/25", F(4, 25)),
        ("1 / 4", F(1, 4)),
    ],
)
def test_restated_counts_keep_the_count(text: str, value: F) -> None:
    assert parse_value(text).value == value


_VARIANT = ("variant", "counts.variant")


@pytest.mark.parametrize(
    ("path", "answers", "verdict", "diagnoses"),
    [
        # an accepted variant cut off, not rounded: 62.3M for ungrouped AlexNet's 62,378,344
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: 62.3M}}",
         Verdict.PARTIAL, [_VARIANT, ("rounding", "counts.truncated")]),
        # negative: rounded, it is the variant; cut from nothing known, it is wrong
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: 62.4M}}",
         Verdict.ACCEPTED_VARIANT, [_VARIANT, ("rounding", "counts.rounding_of_alternative")]),
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: 62.2M}}",
         Verdict.INCORRECT, [("unexplained", "counts.unexplained_above")]),
        # one layer given alone, no total: torchvision's 64-filter conv1 is that variant's
        ("network_counts.alexnet.layers.conv1.params",
         "  network_counts: {alexnet: {layers: {conv1: "
         "{params: '64 * 3 * 11 * 11 + 64 = 23296'}}}}",
         Verdict.ACCEPTED_VARIANT, [_VARIANT]),
        ("network_counts.alexnet.layers.conv2.params",
         "  network_counts: {alexnet: {layers: {conv2: {params: '614656'}}}}",
         Verdict.ACCEPTED_VARIANT, [_VARIANT]),
        # negative: the network's own layer is plainly right; a 56×56 output is no variant's
        ("network_counts.alexnet.layers.conv1.params",
         "  network_counts: {alexnet: {layers: {conv1: {params: '34944'}}}}",
         Verdict.CORRECT, []),
        ("network_counts.alexnet.layers.conv1.macs",
         "  network_counts: {alexnet: {layers: {conv1: "
         "{macs: '(64 * 56 * 56) * (3 * 11 * 11) = 72855552'}}}}",
         Verdict.INCORRECT, [("unexplained", "counts.unexplained_below")]),
        # a numbered name before the working: read, and the working's typo noted
        ("network_counts.alexnet.layers.fc7.params",
         "  network_counts: {alexnet: {layers: {fc7: "
         "{params: 'parameters7 = 4069×4096+4096=16781312'}}}}",
         Verdict.CORRECT, [("inconsistent_chain", "counts.inconsistent_chain")]),
        # the binary-unit restatement of ungrouped AlexNet's count
        ("network_counts.alexnet.params",
         "  network_counts: {alexnet: {params: "
         "'alexnet has 62378344.0 / 60916.3515625K / 59.488624572753906M params'}}",
         Verdict.ACCEPTED_VARIANT, [_VARIANT]),
    ],
)
def test_counts_b_readings_graded(path: str, answers: str, verdict: Verdict,
                                  diagnoses: list[tuple[str, str]]) -> None:
    found = item(grade_text(_ch3(answers)), path)
    assert found.verdict is verdict
    assert [(d.code, d.key) for d in found.diagnoses] == diagnoses


# Readings and rules learnt from the third real-world counts set (tests/realworld/).

@pytest.mark.parametrize(
    ("text", "sides", "sig_figs"),
    [
        # a quantity's name leading its value with no `=` or `:` (a profiler's table cell)
        ("param 60.97M", (F(60_970_000),), 4),
        ("param 34.94k", (F(34_940),), 4),
        ("params 61.1M", (F(61_100_000),), 3),
        ("FLOPs 0.72G", (F(720_000_000),), 2),
        ("neurons 659272", (F(659_272),), None),
        ("约 param 60.97M", (F(60_970_000),), 4),            # after an approximation word
        ("x = param 4.1M", (F(4_100_000),), 2),              # a later side of a chain
        # traditional characters of the CJK vocabulary read as the simplified ones
        ("6000萬", (F(60_000_000),), 4),                     # 萬 is 万 (was read as 6000)
        ("參數量:6000萬", (F(60_000_000),), 4),              # 參數 is 参数, labelling
        ("約1.44億", (F(144_000_000),), 3),                  # 約 is 约, 億 is 亿
        ("34848個", (F(34848),), None),                      # 個 is 个
        # a computation, a space, then the value it works out to (no `=` between)
        ("96×11×11×3 34848个", (F(34848), F(34848)), None),
        ("384×3×3×25 884736个", (F(86400), F(884_736)), None),   # the working's typo kept
        ("11x11x3x96+96 34944 params", (F(34944), F(34944)), None),
        ("3×3×512×512 2.36M", (F(2_359_296), F(2_360_000)), 3),
        # bracketed words remarking on a number inside a computation
        ("128x3x3x256 (weight) + 256 (offsets) = 295,168", (F(295_168), F(295_168)), None),
        ("(512x7x7)x4,096 (weights) + 4,096 (biases)", (F(102_764_544),), None),
        ("4096×1000（权重）+ 1000（偏置）", (F(4_097_000),), None),
        # a point grouping thousands, when the working computes that whole number
        ("128x3x3x256 (weight) + 256 (offsets) = 295.168", (F(295_168), F(295_168)), None),
        ("1000+500 = 1.500", (F(1500), F(1500)), None),
        # negative: the point stays a decimal point otherwise
        ("1+1 = 2.000", (F(2), F(2)), 4),                    # the working is 2, not 2,000
        ("295.168", (F(36896, 125),), 6),                    # no working to say so
        ("295168 = 295.168 M", (F(295_168), F(295_168_000)), 6),   # a suffix follows
        ("295168 = 0295.168", (F(295_168), F(36896, 125)), 6),     # a leading zero
        ("1000+500 = 1.5000", (F(1500), F(3, 2)), 5),        # four digits after the point
    ],
)
def test_counts_c_readings(text: str, sides: tuple[F, ...], sig_figs: int | None) -> None:
    parsed = parse_value(text)
    assert (parsed.sides, parsed.sig_figs) == (sides, sig_figs)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2 3", "value.expected_operator"),             # negative: two numbers, no working
        ("96×11 34848 5", "value.expected_operator"),   # negative: two values after it
        ("96×11 34848 + 5", "value.expected_operator"),  # negative: more computing after it
        ("print(1) + 2", "value.unknown_word"),         # negative: a function, no remark
        ("2 × (weights)", "value.expected_operand"),    # negative: a word as an operand
        ("(weights) 34944", "value.expected_operand"),  # negative: a remark on no number
        ("param", "value.no_number"),                   # negative: a name with no value
    ],
)
def test_counts_c_readings_refused(text: str, key: str) -> None:
    from grader.errors import ValueParseError

    with pytest.raises(ValueParseError) as info:
        parse_value(text)
    assert info.value.key == key


@pytest.mark.parametrize(
    ("path", "answers", "verdict", "codes_"),
    [
        # VGG19's weights without biases, then rounded: the value rounds the right total
        # too, but the working shows which count was rounded — the biases left out
        ("network_counts.vgg19.params", "  network_counts: {vgg19: {params: '143652544 = 1.44亿'}}",
         Verdict.PARTIAL, ["bias_omitted", "rounding"]),
        ("network_counts.vgg19.params",
         "  network_counts: {vgg19: {params: '143652544 ≈ 1.437e8'}}",
         Verdict.PARTIAL, ["bias_omitted", "rounding"]),
        # a layer's weights alone in scientific notation (a blog's VGG working)
        ("network_counts.vgg19.layers.conv5_4.params",
         "  network_counts: {vgg19: {layers: {conv5_4: "
         "{params: '3 * 3 * 512 * 512 = 2.4 * 10^6'}}}}",
         Verdict.PARTIAL, ["bias_omitted", "rounding"]),
        # negative: the right total in the working, rounded after it, stays right (gloss)
        ("network_counts.vgg19.params", "  network_counts: {vgg19: {params: '143667240 = 1.44亿'}}",
         Verdict.CORRECT, []),
        # negative: a mistake in the working but the exact value stated: right, noted
        ("network_counts.vgg19.params",
         "  network_counts: {vgg19: {params: '143652544 = 143,667,240'}}",
         Verdict.CORRECT, ["inconsistent_chain"]),
        # negative: an accepted variant in the working glossed too coarsely is graded on
        # the stated value, as before (imprecise), not made a full-credit variant
        ("network_counts.alexnet.params", "  network_counts: {alexnet: {params: '61100840 = 61M'}}",
         Verdict.PARTIAL, ["rounding"]),
    ],
)
def test_a_rounded_gloss_of_a_mistake_is_the_mistake(path: str, answers: str,
                                                     verdict: Verdict,
                                                     codes_: list[str]) -> None:
    report = grade_text(_ch3(answers))
    assert (item(report, path).verdict, codes(report, path)) == (verdict, codes_)
