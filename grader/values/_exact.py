"""Numbers a TA writes in a rubric or an overrides file, read exactly and within bounds.

`Fraction("1e999999999")` builds a billion-digit integer; a rubric or an overrides file is
hostile input too, so such numbers are read here first: a decimal (`0.35`, `-2`, `1.5e-3`)
or a fraction (`23/25`) with at most MAX_CONFIG_DIGITS digits and an exponent of at most
MAX_CONFIG_EXPONENT.
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["MAX_CONFIG_DIGITS", "MAX_CONFIG_EXPONENT", "exact_fraction"]

MAX_CONFIG_DIGITS = 40
MAX_CONFIG_EXPONENT = 30

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,9}))?")
_RATIO = re.compile(r"[+-]?\d+/\d+")


def exact_fraction(text: str) -> Fraction:
    """`text` as an exact number; ValueError if it is not one or lies outside the bounds."""
    cleaned = text.strip().replace("_", "")
    decimal = _DECIMAL.fullmatch(cleaned)
    if not (decimal or _RATIO.fullmatch(cleaned)):
        raise ValueError(f"not a number: {text[:40]!r}")
    if sum(ch.isdigit() for ch in cleaned.split("e")[0].split("E")[0]) > MAX_CONFIG_DIGITS:
        raise ValueError(f"more than {MAX_CONFIG_DIGITS} digits: {text[:40]!r}")
    if decimal and decimal.group(1) and abs(int(decimal.group(1))) > MAX_CONFIG_EXPONENT:
        raise ValueError(f"exponent beyond ±{MAX_CONFIG_EXPONENT}: {text[:40]!r}")
    try:
        return Fraction(cleaned)
    except ZeroDivisionError:
        raise ValueError(f"division by zero: {text[:40]!r}") from None
