"""Bounds on what a value may cost, and exact helpers that respect them."""

from __future__ import annotations

from fractions import Fraction

from grader.errors import LimitExceeded

MAX_LENGTH = 2_000          # characters of text
MAX_TOKENS = 500            # tokens after tokenizing (a long VGG19 sum needs ~200)
MAX_DEPTH = 50              # nesting of brackets, signs and exponents
MAX_EXPONENT = 1_000        # |n| in `10^n`, `1e n`
MAX_MAGNITUDE = 10**100     # bound on |numerator| and on denominator of every result
_MAX_DIGITS = 1_000         # digits in one literal, checked before int()
_MAX_PLACE = 200            # |exponent of the last carried place| of a rounded literal
_LIMIT_TEXT = "10^100"
# 10**100 < 2**333: a power whose lower bound 2**((bits-1)*e) exceeds 2**340 is refused unseen.
_POWER_BITS = 340




def _floor_log10(x: Fraction) -> int:
    """floor(log10(x)) for x > 0, exactly."""
    e = len(str(x.numerator)) - len(str(x.denominator))
    while Fraction(10) ** e > x:
        e -= 1
    while Fraction(10) ** (e + 1) <= x:
        e += 1
    return e


def _tolerance_for(value: Fraction, sig: int) -> Fraction:
    """Half a unit in the `sig`-th significant place of `value` (0 for value 0)."""
    if value == 0:
        return Fraction(0)
    last = _floor_log10(abs(value)) - sig + 1
    return Fraction(10) ** last / 2


def _check_bounds(value: Fraction, column: int | None) -> Fraction:
    if abs(value.numerator) > MAX_MAGNITUDE or value.denominator > MAX_MAGNITUDE:
        raise LimitExceeded("value.too_large", column, limit=_LIMIT_TEXT)
    return value

