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
    ],
)
def test_written_numbers_graded(path: str, answers: str, verdict: Verdict,
                                diagnoses: list[tuple[str, str]]) -> None:
    found = item(grade_text(_ch3(answers)), path)
    assert found.verdict is verdict
    assert [(d.code, d.key) for d in found.diagnoses] == diagnoses
    assert codes(grade_text(_ch3(answers)), path) == [c for c, _ in diagnoses]
