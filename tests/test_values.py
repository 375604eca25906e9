"""The value grammar (`grader.values`): every way a student writes a number, read exactly."""

from __future__ import annotations

import time
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.errors import LimitExceeded, ValueParseError
from grader.i18n import catalogue, t
from grader.messages.values import MESSAGES
from grader.values import ParsedValue, format_value, parse_value

# (text, exact value, sig_figs, is_expression)
FORMS = [
    # -- integers and thousands separators
    ("659272", F(659272), None, False),                      # plain integer: exact
    ("60,965,224", F(60965224), None, False),                # comma groups
    ("60 965 224", F(60965224), None, False),                # space groups
    ("60_965_224", F(60965224), None, False),                # underscore groups
    ("60，965，224", F(60965224), None, False),              # full-width comma (NFKC)
    ("126, 976", F(126976), None, False),                    # seed 004: comma then a space
    ("60{,}965{,}224", F(60965224), None, False),            # LaTeX {,} separator
    ("60\\,965\\,224", F(60965224), None, False),            # LaTeX thin-space separator
    ("1,000.5", F(2001, 2), 5, False),                       # groups, then a decimal part
    ("  143667240  ", F(143667240), None, False),            # surrounding blanks stripped
    ("１４３６６７２４０", F(143667240), None, False),       # full-width digits
    # -- decimals and scientific notation
    ("0.128", F(16, 125), 3, False),                         # decimal: written digits count
    ("0.40", F(2, 5), 2, False),                             # trailing zero is significant
    ("0.4", F(2, 5), 1, False),                              # one significant figure
    (".5", F(1, 2), 1, False),                               # no leading zero
    ("0.0050", F(1, 200), 2, False),                         # leading zeros are not significant
    ("6.1e7", F(61000000), 2, False),                        # e-notation
    ("6.1E+07", F(61000000), 2, False),                      # upper-case E, signed, padded
    ("6e7", F(60000000), 1, False),                          # integer mantissa
    ("1.5e-3", F(3, 2000), 2, False),                        # negative exponent
    ("6.1×10^7", F(61000000), 2, False),                     # ×10^n is a literal, not an expr
    ("6.1 \\times 10^{7}", F(61000000), 2, False),           # LaTeX scientific
    ("6.1*10^-3", F(61, 10000), 2, False),                   # *10^-n
    ("6.1×10⁷", F(61000000), 2, False),                      # superscript exponent
    ("-6.1e7", F(-61000000), 2, False),                      # negative literal
    # -- fractions and percents
    ("4/25", F(4, 25), None, False),                         # int/int is an exact fraction
    ("-4/25", F(-4, 25), None, False),                       # signed fraction
    ("\\frac{4}{25}", F(4, 25), None, False),                # LaTeX fraction
    ("\\dfrac{4}{4 + 6}", F(2, 5), None, True),              # \dfrac with an expression inside
    ("16%", F(4, 25), 2, False),                             # percent carries its digits
    ("16 %", F(4, 25), 2, False),                            # blank before %
    ("１６％", F(4, 25), 2, False),                          # full-width percent
    ("12.8\\%", F(16, 125), 3, False),                       # LaTeX \%
    # -- magnitude words and suffixes
    ("61.1M", F(61100000), 3, False),                        # M = 10^6
    ("61.1 million", F(61100000), 3, False),                 # word form
    ("61.1 Million", F(61100000), 3, False),                 # word, any case
    ("6110万", F(61100000), 4, False),                       # 万 = 10^4, trailing zero counts
    ("0.61亿", F(61000000), 2, False),                       # 亿 = 10^8
    ("1.2G", F(1200000000), 2, False),                       # G = 10^9
    ("3.2m", F(3200000), 2, False),                          # seed 003: lower-case m = million
    ("143,667,240 (约1.44亿)", F(143667240), None, False),   # a remark in brackets is not graded
    ("0.1278 (VOC2010)", F(1278, 10000), 4, False),         # a remark naming the convention
    ("143667240（约1.44亿）", F(143667240), None, False),      # full-width brackets
    ("1.2B", F(1200000000), 2, False),                       # B = 10^9
    ("1.2 billion", F(1200000000), 2, False),                # billion
    ("1.2十亿", F(1200000000), 2, False),                    # 十亿 = 10^9
    ("61.1百万", F(61100000), 3, False),                     # 百万 = 10^6
    ("138千", F(138000), 3, False),                          # 千 = 10^3
    ("138k", F(138000), 3, False),                           # k
    ("138K", F(138000), 3, False),                           # K
    ("138 thousand", F(138000), 3, False),                   # thousand
    ("61.1\\,\\text{M}", F(61100000), 3, False),             # LaTeX \text{M}
    # -- unit words are ignored, never scale
    ("60,965,224 params", F(60965224), None, False),         # params
    ("60,965,224 parameters", F(60965224), None, False),     # parameters
    ("659272 neurons", F(659272), None, False),              # neurons
    ("659272个", F(659272), None, False),                    # 个
    ("60965224 个参数", F(60965224), None, False),           # 个参数
    ("659272 个神经元", F(659272), None, False),             # 个神经元
    ("724M MACs", F(724000000), 3, False),                   # magnitude then unit
    ("1.2GFLOPs", F(1200000000), 2, False),                  # fused magnitude + unit
    ("6110万个参数", F(61100000), 4, False),                 # 万 then 个参数
    ("7.2亿次", F(720000000), 2, False),                     # 次
    # -- arithmetic
    ("11*11*3*96 + 96", F(34944), None, True),               # spec example
    ("11×11×3×96+96", F(34944), None, True),                 # × sign
    ("224x224x3", F(150528), None, True),                    # x between numbers
    ("224 X 224 X 3", F(150528), None, True),                # X between numbers
    ("3·3·64", F(576), None, True),                          # middle dot
    ("3⋅3⋅64", F(576), None, True),                          # dot operator
    ("3 \\cdot 3 \\cdot 64", F(576), None, True),            # LaTeX \cdot
    ("2^10", F(1024), None, True),                           # power
    ("2**10", F(1024), None, True),                          # Python power
    ("2^3^2", F(512), None, True),                           # right-associative
    ("2^-2", F(1, 4), None, True),                           # negative exponent → fraction
    ("-2^2", F(-4), None, True),                             # unary minus binds looser than ^
    ("(5 \\times 5 \\times 48 \\times 128 + 128) \\times 2", F(307456), None, True),
    ("[4096 + 1] * {2}", F(8194), None, True),               # square and curly brackets
    ("\\left(1 + 1\\right) \\times 3", F(6), None, True),    # \left( \right)
    ("(1 + 1 + 3/4 + 4/9) / 25", F(23, 180), None, True),    # exact rational arithmetic
    ("1 - 0.9", F(1, 10), None, True),                       # no float surprises
    ("7 ÷ 2", F(7, 2), None, False),                         # division sign: a fraction
    ("5 − 3", F(2), None, True),                             # Unicode minus sign
    ("$224 \\times 224 \\times 3$", F(150528), None, True),  # $...$ stripped
    ("$$4096 \\times 1000 + 1000$$", F(4097000), None, True),  # $$...$$ stripped
]


@pytest.mark.parametrize(("text", "value", "sig_figs", "is_expression"), FORMS)
def test_forms(text: str, value: F, sig_figs: int | None, is_expression: bool) -> None:
    parsed = parse_value(text)
    assert parsed.value == value
    assert isinstance(parsed.value, F)
    assert parsed.sig_figs == sig_figs
    assert parsed.is_expression is is_expression
    assert parsed.sides == (value,)
    assert parsed.text == text.strip()


# (text, value, sig_figs, tolerance)
APPROXIMATE = [
    ("≈61,000,000", F(61000000), 2, F(500000)),              # approx integer: trailing 0s not sig
    ("~ 61000000", F(61000000), 2, F(500000)),               # tilde
    ("约 6100万", F(61000000), 4, F(5000)),                  # 约 + magnitude: written digits
    ("about 60965224", F(60965224), 8, F(1, 2)),             # about
    ("approx. 0.128", F(16, 125), 3, F(1, 2000)),            # approx.
    ("\\approx 0.13", F(13, 100), 2, F(1, 200)),             # LaTeX \approx
    ("大约 1000", F(1000), 1, F(500)),                       # 大约
    ("≈ 1/3", F(1, 3), None, F(0)),                          # approx fraction: compared exactly
    ("≈ 0.5 * 4096", F(2048), 1, F(500)),                    # approx expr: fewest sig figs inside
    ("≈ 4096 * 1000", F(4096000), None, F(0)),               # approx expr of integers: exact
]


@pytest.mark.parametrize(("text", "value", "sig_figs", "tolerance"), APPROXIMATE)
def test_approximate(text: str, value: F, sig_figs: int | None, tolerance: F) -> None:
    parsed = parse_value(text)
    assert parsed.approximate
    assert parsed.value == value
    assert parsed.sig_figs == sig_figs
    assert parsed.tolerance() == tolerance


# (text, tolerance)
TOLERANCES = [
    ("61.1M", F(50000)),                                     # half of 0.1 M
    ("0.128", F(1, 2000)),                                   # half of 0.001
    ("16%", F(1, 200)),                                      # half of 1 %
    ("0.61亿", F(500000)),                                   # half of 0.01 亿
    ("6.1e7", F(500000)),                                    # half of 0.1e7
    ("60,965,224", F(0)),                                    # exact integer
    ("4/25", F(0)),                                          # exact fraction
    ("11*11*3*96 + 96", F(0)),                               # exact expression
    ("0.0", F(1, 20)),                                       # a rounded zero still has a place
]


@pytest.mark.parametrize(("text", "tolerance"), TOLERANCES)
def test_tolerance(text: str, tolerance: F) -> None:
    assert parse_value(text).tolerance() == tolerance


# (text, expected, result of matches)
MATCHES = [
    ("0.128", F(23, 180), "rounding"),                       # AP 0.12777… given to 3 places
    ("0.13", F(23, 180), "rounding"),                        # 2 places still within
    ("0.12", F(23, 180), None),                              # wrongly rounded
    ("0.4", F(2, 5), "exact"),                               # precision
    ("16%", F(4, 25), "exact"),                              # recall as a percent
    ("4/25", F(4, 25), "exact"),                             # recall as a fraction
    ("61.1M", F(61100840), "rounding"),                      # close to 61,100,840
    ("61.1M", F(60965224), None),                            # 134,776 off: beyond ±50,000
    ("61M", F(60965224), "rounding"),                        # 2 sig figs: ±500,000
    ("60,965,224", F(60965224), "exact"),                    # exact integer
    ("60,965,225", F(60965224), None),                       # exact integers never round
    ("≈61,000,000", F(60965224), "rounding"),                # approx integer, 2 sig figs
    ("6110万", F(61100840), "rounding"),                     # 4 sig figs: ±5,000
    ("1.2e8", F(143667240), None),                           # too far
    ("0.125", F(1, 8), "exact"),                             # exactly representable
]


@pytest.mark.parametrize(("text", "expected", "result"), MATCHES)
def test_matches(text: str, expected: F, result: str | None) -> None:
    assert parse_value(text).matches(expected) == result


SEED_ALEXNET_NEURONS = (
    "55*55*96+27*27*256+13*13*384+13*13*384+13*13*256+4096+4096+1000 = 659272"
)
# (text, sides, consistent)
CHAINS = [
    (SEED_ALEXNET_NEURONS, (F(659272), F(659272)), True),    # seed 000: right sum
    ("3584 + 147712 = 151,296", (F(151296), F(151296)), True),  # spec example
    ("3584 + 147712 = 151,297", (F(151296), F(151297)), False),  # sum off by one
    ("(1 + 1 + 3/4 + 4/9)/25 ≈ 0.128", (F(23, 180), F(16, 125)), True),  # seed 001 AP
    ("\\frac{(1 + 1 + 3/4 + 4/9)}{25} \\approx 0.128", (F(23, 180), F(16, 125)), True),
    ("\\frac{4}{4 + 6} = 0.4", (F(2, 5), F(2, 5)), True),    # seed 001 precision
    ("\\frac{4}{25} = 0.16", (F(4, 25), F(4, 25)), True),    # seed 001 recall
    ("1/3 = 0.33", (F(1, 3), F(33, 100)), True),             # rounded side within its place
    ("1/3 = 0.34", (F(1, 3), F(17, 50)), False),             # rounded side outside
    ("a = b = c".replace("a", "2*3").replace("b", "6").replace("c", "6.0"),
     (F(6), F(6), F(6)), True),                              # three sides
    ("2*3 = 6 = 7", (F(6), F(6), F(7)), False),              # third side disagrees
    ("(3,161,600 * 2) + (1,605,632 * 2) + (802,816 * 4) + (401,408 * 4) + (100,352 * 4)"
     " + 4096 + 4096 + 1000 = 64,614,528 个神经元",
     (F(14761960), F(64614528)), False),                     # seed 002: the sum is wrong
    ("3584 + 147712 + 590336 + 2360320 + 4719616 + 102764544 + 16781312 + 4097000"
     " = 138,357,104", (F(131464424), F(138357104)), False),  # seed 002: VGG params
    ("34848+307200+884736+663552+442368+ 6* 6* 256* 4096+4096* 4096+4096* 1000 = 60954656",
     (F(60954656), F(60954656)), True),                      # seed 000: weights only
    ("$(5 \\times 5 \\times 48 \\times 128 + 128) \\times 2 = 307456$",
     (F(307456), F(307456)), True),                          # seed 003, in $...$
    ("1x1x256x64+3x3x64x192 = 126, 976", (F(126976), F(126976)), True),  # seed 004
    ("6.1e7 = 61M", (F(61000000), F(61000000)), True),       # two rounded sides
    ("60965224 ≈ 61.0M", (F(60965224), F(61000000)), True),  # ≈ separates sides
    ("60965224 ≈ 61.1M", (F(60965224), F(61100000)), False),  # wrongly rounded
]


@pytest.mark.parametrize(("text", "sides", "consistent"), CHAINS)
def test_chains(text: str, sides: tuple[F, ...], consistent: bool) -> None:
    parsed = parse_value(text)
    assert parsed.sides == sides
    assert parsed.value == sides[-1]
    assert parsed.consistent() is consistent


def test_chain_final_side_decides_precision() -> None:
    # The asserted value is the last side; its precision and approximation are reported.
    parsed = parse_value("(1 + 1 + 3/4 + 4/9)/25 ≈ 0.128")
    assert parsed.approximate
    assert parsed.sig_figs == 3
    assert not parsed.is_expression
    assert parsed.matches(F(23, 180)) == "rounding"
    exact_last = parse_value("0.128 = 16/125")
    assert exact_last.sig_figs is None
    assert exact_last.consistent()


# (raw YAML scalar, value, sig_figs)
YAML_SCALARS = [
    (659272, F(659272), None),                               # int: exact
    (-3, F(-3), None),                                       # negative int
    (0.4, F(2, 5), 1),                                       # float via repr: 1 sig fig
    (0.128, F(16, 125), 3),                                  # float via repr
    (60965224.0, F(60965224), 9),                            # repr keeps the written '.0'
    (F(4, 25), F(4, 25), None),                              # Fraction: exact
]


@pytest.mark.parametrize(("raw", "value", "sig_figs"), YAML_SCALARS)
def test_yaml_scalars(raw: int | float | F, value: F, sig_figs: int | None) -> None:
    parsed = parse_value(raw)
    assert parsed.value == value
    assert parsed.sig_figs == sig_figs
    assert not parsed.is_expression


# (text, key, column)
ERRORS = [
    ("", "value.empty", None),                               # nothing
    ("   ", "value.empty", None),                            # blanks only
    ("$$", "value.empty", None),                             # empty math
    ("1,2", "value.bad_grouping", 2),                        # not a thousands group
    ("1,2345", "value.bad_grouping", 2),                     # four digits after a comma
    ("60,965,2240", "value.bad_grouping", 7),                # last group too long
    ("0,5", "value.bad_grouping", 2),                        # decimal comma
    ("1.+2", "value.decimal_digits", 2),                     # dot without digits (not final)
    ("6.1e", "value.exponent_digits", 4),                    # e without digits
    ("6.1e+", "value.exponent_digits", 4),                   # e+ without digits
    ("12 apples", "value.unknown_unit", 4),                  # an unknown word as a unit
    ("3.2 furlongs", "value.unknown_unit", 5),               # likewise
    ("2 × conv1", "value.unknown_word", 5),                  # a word inside a computation
    ("sixty", "value.no_number", 1),                         # words only
    ("AP = TP/(TP+FP)", "value.no_number", 1),               # a formula in words only
    ("\\sqrt{2}", "value.unknown_command", 1),               # unsupported command
    ("1 + \\dots + 9", "value.ellipsis", 5),                 # LaTeX ellipsis
    ("1 + ... + 9", "value.ellipsis", 5),                    # ASCII ellipsis
    ("1 + … + 9", "value.ellipsis", 5),                      # Unicode ellipsis
    ("3 +", "value.unexpected_end", 4),                      # dangling operator
    ("3 + * 4", "value.expected_operand", 5),                # two operators
    ("x3", "value.expected_operand", 1),                     # x is only a multiplication
    ("3 4", "value.expected_operator", 3),                   # missing operator
    ("2(3)", "value.expected_operator", 2),                  # implicit multiplication
    ("(3 4)", "value.expected_operator_or_close", 4),        # missing operator in brackets
    ("(3", "value.unclosed_bracket", 3),                     # unclosed
    ("(3]", "value.mismatched_bracket", 3),                  # wrong closer
    ("3)", "value.unmatched_close", 2),                      # stray closer
    ("\\frac 4 5", "value.frac_brace", 7),                   # \frac without braces
    ("1/0", "value.division_by_zero", 2),                    # division by zero
    ("1/(2-2)", "value.division_by_zero", 2),                # computed zero
    ("\\frac{1}{0}", "value.division_by_zero", 1),           # \frac by zero
    ("0^-1", "value.zero_negative_power", 2),                # 0 to a negative power
    ("2^(1/2)", "value.fractional_exponent", 3),             # roots not supported
    ("3 个 4", "value.after_unit", 5),                       # unit in the middle
    ("3 = ", "value.unexpected_end", 4),                     # empty right side
    ("= 3", "value.expected_operand", 1),                    # empty left side
    ("60965224 # params", "value.unexpected_char", 10),      # comment sign
    ("$3$ + 1", "value.unexpected_char", 1),                 # $ not around the whole text
    ("__import__('os').system('x')", "value.unexpected_char", 1),  # code is never run
    ("print(1) + 2", "value.unknown_word", 1),               # a function, never run
    ("os.system('rm')", "value.unexpected_char", 3),         # code is never run
]


@pytest.mark.parametrize(("text", "key", "column"), ERRORS)
def test_errors(text: str, key: str, column: int | None) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value(text)
    assert info.value.key == key
    assert info.value.column == column
    assert key in catalogue()
    assert not isinstance(info.value, LimitExceeded)


# (raw, key)
BAD_TYPES = [
    (True, "value.bad_type"),                                # YAML true is not a number
    (None, "value.bad_type"),                                # YAML null
    ([1, 2], "value.bad_type"),                              # a YAML list
    ({"a": 1}, "value.bad_type"),                            # a YAML mapping
    (float("inf"), "value.not_finite"),                      # YAML .inf
    (float("nan"), "value.not_finite"),                      # YAML .nan
]


@pytest.mark.parametrize(("raw", "key"), BAD_TYPES)
def test_bad_types(raw: object, key: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value(raw)  # type: ignore[arg-type]
    assert info.value.key == key


def _refused_within(text: str | int, key: str, millis: float = 500.0) -> LimitExceeded:
    # A generous bound: computing any of these inputs would take hours, and a loaded CI
    # machine must not turn a garbage-collection pause into a failure.
    start = time.perf_counter()
    with pytest.raises(LimitExceeded) as info:
        parse_value(text)
    elapsed = (time.perf_counter() - start) * 1000
    assert info.value.key == key
    assert elapsed < millis, f"took {elapsed:.2f} ms"
    return info.value


# (input, key)
HOSTILE = [
    ("9^9^9^9", "value.exponent_too_large"),                 # tower: refused before computing
    ("2^1000", "value.too_large"),                           # estimated before computing
    ("10^101", "value.too_large"),                           # just over 10^100
    ("(10^100)^2", "value.too_large"),                       # power of a huge base
    ("10^1001", "value.exponent_too_large"),                 # exponent bound
    ("1e1001", "value.exponent_too_large"),                  # e-notation exponent bound
    ("1e99999999999", "value.exponent_too_large"),           # absurd e-exponent
    ("1e200", "value.too_large"),                            # literal over 10^100
    ("1e-200", "value.too_large"),                           # denominator over 10^100
    ("0e900", "value.too_large"),                            # zero at an absurd place
    ("9" * 1500, "value.too_large"),                         # 1,500-digit literal
    ("(" * 10_000 + "1" + ")" * 10_000, "value.too_long"),   # 10,000 nested parens
    ("(" * 60 + "1" + ")" * 60, "value.too_deep"),           # deep but short
    ("-" * 60 + "1", "value.too_deep"),                      # sign chain
    ("1" * 1_000_000, "value.too_long"),                     # 1 MB string
    ("1 " * 1_001, "value.too_long"),                        # 2,002 characters
    ("1+" * 600 + "1", "value.too_many_tokens"),             # 1,201 tokens in 1,201 chars
    ("999999*" * 60 + "9", "value.too_large"),               # product overflows the bound
    (10**101, "value.too_large"),                            # YAML int too large
]


@pytest.mark.parametrize(("raw", "key"), HOSTILE,
                         ids=[f"{i}-{k}" for i, (_, k) in enumerate(HOSTILE)])
def test_hostile_input_refused_fast(raw: str | int, key: str) -> None:
    _refused_within(raw, key)


def test_too_long_does_not_echo_input() -> None:
    error = _refused_within("7" * 5000, "value.too_long")
    assert error.column is None
    assert "7777" not in str(error)
    assert "5,000" in str(error)


def test_power_tower_refused_without_computing() -> None:
    parse_value("1")  # warm the message catalogue
    start = time.perf_counter()
    for _ in range(10):
        with pytest.raises(LimitExceeded):
            parse_value("9^9^9^9")
    assert (time.perf_counter() - start) / 10 < 0.2  # 9^387420489 would never finish


# Bounds that are just inside the limits are accepted.
INSIDE = [
    ("10^100", F(10**100)),                                  # magnitude bound inclusive
    ("10^-100", F(1, 10**100)),                              # denominator bound inclusive
    ("(" * 49 + "1" + ")" * 49, F(1)),                       # 49 levels
    ("1+" * 240 + "1", F(241)),                              # 481 tokens
]


@pytest.mark.parametrize(("text", "value"), INSIDE)
def test_inside_limits(text: str, value: F) -> None:
    assert parse_value(text).value == value


# (value, display)
FORMATS = [
    (F(60965224), "60,965,224"),                             # thousands separators
    (F(0), "0"),                                             # zero
    (F(-10568), "-10,568"),                                  # negative integer
    (F(4, 25), "0.16 (4/25)"),                               # short decimal + fraction
    (F(23, 180), "0.127778 (23/180)"),                       # six significant digits
    (F(2, 5), "0.4 (2/5)"),                                  # trailing zeros dropped
    (F(-7, 2), "-3.5 (-7/2)"),                               # negative fraction
    (F(1, 7), "0.142857 (1/7)"),                             # repeating decimal
    (F(1, 1024), "0.000976563"),                             # denominator > 1000: no fraction
    (F(12345, 1001), "12.3327"),                             # denominator just over 1000
    (F(2469135, 2), "1,234,567.5 (2469135/2)"),              # large: whole part kept
    (F(1, 3_000_000), "3.33333e-7"),                         # tiny: scientific
]


@pytest.mark.parametrize(("value", "display"), FORMATS)
def test_format_value(value: F, display: str) -> None:
    assert format_value(value) == display


def test_every_message_renders_in_both_languages() -> None:
    params = {"type": "bool", "text": "inf", "length": 5000, "limit": 2000, "char": "#",
              "sep": ",", "mark": "e", "word": "apples", "command": "sqrt", "found": ")",
              "close": ")", "open": "(", "open_column": 3, "unit": "params"}
    for key in MESSAGES:
        for lang in ("zh", "en"):
            text = t(key, lang, **params)  # a missing or misspelt field would raise
            assert text and text != key
            has_cjk = any("\u4e00" <= c <= "\u9fff" for c in text)
            assert has_cjk or lang == "en", (key, lang, text)


def test_error_renders_column_in_both_languages() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("1,2")
    assert info.value.render("en").startswith("column 2: ")
    assert info.value.render("zh").startswith("第 2 列：")


def test_parsed_value_is_frozen_and_comparable() -> None:
    a = parse_value("0.128")
    assert a == parse_value("0.128")
    assert isinstance(a, ParsedValue)
    with pytest.raises(AttributeError):
        a.value = F(1)  # type: ignore[misc]


def test_hand_built_parsed_value_derives_tolerance() -> None:
    # Built by hand (no per-side tolerances), tolerance() follows sig_figs.
    p = ParsedValue("61.1M", F(61100000), (F(61100000),), False, 3, False)
    assert p.tolerance() == F(50000)
    assert p.matches(F(61100840)) == "rounding"
    assert ParsedValue("5", F(5), (F(5),), False, None, False).tolerance() == 0


_GRAMMARISH = st.text(
    alphabet="0123456789+-*/^()[]{}.,_ eE%=≈~xXkMGm万亿个约$\\fractimes²⁷…，％",
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=60), _GRAMMARISH))
def test_never_raises_anything_but_value_parse_error(text: str) -> None:
    try:
        parsed = parse_value(text)
    except ValueParseError as error:
        assert error.key in catalogue()
        assert error.column is None or 1 <= error.column <= len(text.strip()) + 1
        return
    assert isinstance(parsed.value, F)
    assert parsed.sides[-1] == parsed.value
    assert parsed.tolerance() >= 0
    assert parsed.matches(parsed.value) == "exact"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_integers_round_trip_through_display(n: int) -> None:
    # What format_value shows is read back to the same exact value.
    assert parse_value(format_value(F(n))).value == n
    assert parse_value(n).value == n


@settings(max_examples=200, deadline=None)
@given(st.fractions(max_denominator=10**6))
def test_fraction_text_round_trips(x: F) -> None:
    assert parse_value(f"{x.numerator}/{x.denominator}").value == x


@pytest.mark.nightly
@settings(max_examples=20_000, deadline=None)
@given(st.one_of(st.text(max_size=200), _GRAMMARISH))
def test_never_raises_anything_but_value_parse_error_nightly(text: str) -> None:
    test_never_raises_anything_but_value_parse_error.hypothesis.inner_test(text)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # The outermost terms of the first side, as written.
        ("(3,161,600 * 2) + 4096 + 1000 = 64,614,528",
         (("(3,161,600 * 2)", F(6323200)), ("4096", F(4096)), ("1000", F(1000)))),
        ("3 - 1 = 2", (("3", F(3)), ("1", F(-1)))),   # a subtraction is a negative term
        ("(1 + 2) * 3", ()),                           # a product has no outer terms
        ("42", ()),                                    # nor does a number
    ],
)
def test_terms(text: str, terms: tuple[tuple[str, F], ...]) -> None:
    assert parse_value(text).terms == terms
