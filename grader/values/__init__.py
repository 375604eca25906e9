"""The value grammar: the numbers students write, read exactly.

Students write `60,965,224`, `6.1×10^7`, `61.1M`, `6110万`, `4/25`, `16%`,
`11×11×3×96 + 96`, `(1+1+3/4+4/9)/25 ≈ 0.128`, ... This module turns such text into an
exact `Fraction` together with the precision it was given at (significant figures).

Nothing here ever executes student text: a hand-written tokenizer feeds a small
recursive-descent parser that evaluates with `Fraction` only. Every size, depth,
exponent and magnitude is bounded *before* any expensive work, so hostile input
(`9^9^9^9`, megabyte strings, deep nesting) is refused in microseconds.

Grammar (after NFKC normalisation; superscript digits become `^{...}`)::

    statement := side (('=' | APPROX) side)* END
    side      := APPROX* expr UNIT*
    expr      := term (('+' | '-') term)*
    term      := unary (('*' | '/') unary)*          * also × · ⋅ x X \\times \\cdot
    unary     := ('+' | '-') unary | power
    power     := postfix ('^' unary)?                ^ or **, right-associative
    postfix   := primary ('%' | MAGNITUDE)?
    primary   := NUMBER | '(' expr ')' | '[' expr ']' | '{' expr '}'
               | \\frac '{' expr '}' '{' expr '}'

Columns in errors are 1-based positions in the stripped text (`ParsedValue.text`).
Modules: `_limits` (bounds), `_tokens` (text → tokens), `_parser` (tokens → value).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from grader.errors import LimitExceeded, ValueParseError
from grader.values._exact import exact_fraction
from grader.values._limits import (
    _LIMIT_TEXT,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    MAX_TOKENS,
    _check_bounds,
    _floor_log10,
    _tolerance_for,
)
from grader.values._parser import _Parser, _precision, numeric_sides
from grader.values._tokens import _Token, _Tokenizer

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_TOKENS",
    "ParsedValue",
    "exact_fraction",
    "format_value",
    "parse_value",
    "read_as",
    "try_parse_value",
]

# ----------------------------------------------------------------------------- result


@dataclass(frozen=True)
class ParsedValue:
    """A parsed numeric answer: its exact value and the precision it was written at."""

    text: str
    value: Fraction
    sides: tuple[Fraction, ...]
    approximate: bool
    sig_figs: int | None
    is_expression: bool
    # Per-side tolerance (half a unit in each side's last carried place); private.
    _tolerances: tuple[Fraction, ...] = field(default=(), repr=False, compare=False)
    terms: tuple[tuple[str, Fraction], ...] = field(default=(), repr=False, compare=False)
    """The written terms of the first side when it is a sum of two or more: (text, value)."""
    placeholder_zeros: int = field(default=0, compare=False)
    """Trailing zeros before a magnitude suffix (`660K`): they may be placeholders, so the
    value may also have been rounded to `sig_figs - placeholder_zeros` figures."""

    @property
    def rounded_steps(self) -> bool:
        """A computation whose tolerance comes from rounded intermediate values."""
        return self.is_expression and self.sig_figs is None and bool(self.tolerance())

    def tolerance(self) -> Fraction:
        """Half a unit in the last carried place of the final side; 0 when exact."""
        if len(self._tolerances) == len(self.sides) and self._tolerances:
            return self._tolerances[-1]
        if self.sig_figs is None:
            return Fraction(0)
        return _tolerance_for(self.value, self.sig_figs)

    def matches(self, expected: Fraction) -> Literal["exact", "rounding"] | None:
        """"exact" if equal, "rounding" if within `tolerance()`, else None."""
        expected = Fraction(expected)
        if self.value == expected:
            return "exact"
        tol = self.tolerance()
        if tol and abs(self.value - expected) <= tol:
            return "rounding"
        return None

    def matches_coarser(self, expected: Fraction) -> int | None:
        """The fewer significant figures at which `expected` rounds to this value when its
        trailing zeros before a suffix are placeholders (`660K` for 659,272: 2); else None."""
        if not self.placeholder_zeros or self.sig_figs is None:
            return None
        for sig in range(self.sig_figs - 1, self.sig_figs - self.placeholder_zeros - 1, -1):
            if sig >= 1 and abs(self.value - Fraction(expected)) <= _tolerance_for(
                    self.value, sig):
                return sig
        return None

    def side_tolerance(self, index: int) -> Fraction:
        """Half a unit in the last carried place of side `index` (0 when exact)."""
        if len(self._tolerances) == len(self.sides):
            return self._tolerances[index]
        return self.tolerance() if index == len(self.sides) - 1 else Fraction(0)

    def consistent(self) -> bool:
        """Every two sides of a chain agree, each within the coarser of their precisions."""
        sides = self.sides
        if len(sides) < 2:
            return True
        if len(self._tolerances) == len(sides):
            tols = self._tolerances
        else:
            tols = (Fraction(0),) * (len(sides) - 1) + (self.tolerance(),)
        for i in range(len(sides)):
            for j in range(i + 1, len(sides)):
                if abs(sides[i] - sides[j]) > max(tols[i], tols[j]):
                    return False
        return True


# ----------------------------------------------------------------------------- public API


def try_parse_value(raw: object) -> ParsedValue | ValueParseError:
    """`parse_value(raw)`, with a refusal returned instead of raised."""
    try:
        return parse_value(raw)  # type: ignore[arg-type]
    except ValueParseError as exc:
        return exc


def parse_value(raw: str | int | float | Fraction) -> ParsedValue:
    """Parse a student's numeric answer (text from YAML, or a YAML int/float).

    Raises `ValueParseError` (message key + column) when the text is not a value, and
    `LimitExceeded` when it is too long, too deep, too large or has too many tokens.
    """
    if isinstance(raw, bool) or raw is None:
        raise ValueParseError("value.bad_type", type=type(raw).__name__)
    if isinstance(raw, int):
        if raw.bit_length() > 333 and abs(raw) > MAX_MAGNITUDE:
            raise LimitExceeded("value.too_large", limit=_LIMIT_TEXT)
        exact = Fraction(raw)
        return ParsedValue(str(raw), exact, (exact,), False, None, False, (Fraction(0),))
    if isinstance(raw, Fraction):
        _check_bounds(raw, None)
        return ParsedValue(str(raw), raw, (raw,), False, None, False, (Fraction(0),))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueParseError("value.not_finite", text=repr(raw))
        return parse_value(repr(raw))
    if not isinstance(raw, str):
        raise ValueParseError("value.bad_type", type=type(raw).__name__)
    if len(raw) > MAX_LENGTH:
        raise LimitExceeded("value.too_long", length=len(raw), limit=MAX_LENGTH)
    return _parse_text(raw)


# A remark opens with a space and "(" or with a full-width "（"; `2(3)` stays an error.
_GLOSS = re.compile(r"^(?P<head>.*?\S)(?:\s+\(|\s*（)(?P<gloss>[^()（）]*)[)）]$", re.S)


# A count restated after slashes in scaled units, as scripts print it:
# `62378344.0 / 60916.3515625K / 59.488624572753906M` (binary: ÷1024, ÷1024²) or
# `61100840 / 61.1M` (decimal).
_RESTATED = re.compile(
    r"(?<![\w.])(?P<first>\d+(?:\.\d+)?)(?P<rest>(?:\s+/\s+\d+(?:\.\d+)?\s?[KMG])+)"
    r"(?![\w.])")
_RESTATEMENT = re.compile(r"(\d+(?:\.\d+)?)\s?([KMG])")
_POWER = {"K": 1, "M": 2, "G": 3}


def _restatements_dropped(text: str) -> str:
    """`text` with a count's slash-separated restatements in scaled units left out, when
    every one of them is that count in decimal (10³ⁿ) or binary (1024ⁿ) units at the
    precision written; `text` itself otherwise (a slash between numbers stays a division:
    `1 / 4`, `4/25`, `60965224 / 2M`)."""
    def drop(match: re.Match[str]) -> str:
        first = Fraction(match["first"])
        for number, unit in _RESTATEMENT.findall(match["rest"]):
            value = Fraction(number)
            places = len(number.partition(".")[2])
            half = Fraction(1, 2 * 10 ** places)
            if not any(abs(first / base ** _POWER[unit] - value) <= half
                       for base in (1000, 1024)):
                return match[0]
        return match["first"]
    return _RESTATED.sub(drop, text)


@lru_cache(maxsize=16384)
def _parse_text(raw: str) -> ParsedValue:
    # A class writes the same few spellings again and again; ParsedValue is immutable.
    restated = _restatements_dropped(raw)
    if restated != raw:
        try:
            return replace(_parse_plain(restated), text=raw.strip())
        except ValueParseError:
            pass
    try:
        return _parse_plain(raw)
    except ValueParseError:
        # `143,667,240 (约1.44亿)`, `0.1278 (VOC2010)`: a value followed by a remark in
        # brackets. The value stands; the remark is not graded.
        match = _GLOSS.match(raw.strip())
        if match is None:
            raise
        try:
            return replace(_parse_plain(match["head"]), text=raw.strip())
        except ValueParseError:
            pass
        raise


def _parse_plain(raw: str) -> ParsedValue:
    text = raw.strip()
    if not text:
        raise ValueParseError("value.empty")
    tokens = numeric_sides(_Tokenizer(text).run())
    if tokens[0].kind == "end":
        raise ValueParseError("value.empty")
    parser = _Parser(tokens)
    sides = parser.statement()
    sigs: list[int | None] = []
    tols: list[Fraction] = []
    for operand, approx in sides:
        sig, tol = _precision(operand, approx)
        sigs.append(sig)
        tols.append(tol)
    final, final_approx = sides[-1]
    grouped = _point_grouped(tokens, [op.value for op, _ in sides])
    if grouped is not None:
        # `128x3x3x256 + 256 = 295.168`: the point groups thousands, as the working shows.
        sides[-1] = (replace(final, value=grouped, kind="int"), final_approx)
        final = sides[-1][0]
        sigs[-1], tols[-1] = None, Fraction(0)
    return ParsedValue(
        text=text,
        value=final.value,
        sides=tuple(op.value for op, _ in sides),
        approximate=final_approx,
        sig_figs=sigs[-1],
        is_expression=final.kind == "expr",
        _tolerances=tuple(tols),
        terms=_term_texts(text, parser.first_terms or []),
        placeholder_zeros=final.zeros if final.kind == "round" else 0,
    )


def _point_grouped(tokens: list[_Token], sides: list[Fraction]) -> Fraction | None:
    """The whole number a final side like `295.168` stands for when its point groups
    thousands: the side is one bare number with one to three digits, a point and exactly
    three more (no suffix, unit or exponent), and the working before it computes exactly
    that number read without the point (295,168). None otherwise: `0.128`, `2.36M` and a
    lone `295.168` keep their point."""
    if len(sides) < 2:
        return None
    body = tokens[:-1]
    cut = max((k for k, t in enumerate(body) if t.kind in ("sep", "approx")), default=-1)
    last = body[cut + 1:]
    if len(last) != 1 or last[0].kind != "num" or last[0].number is None:
        return None
    number = last[0].number
    if number.exponent is not None or number.frac_digits is None \
            or len(number.frac_digits) != 3 or not 1 <= len(number.int_digits) <= 3 \
            or number.int_digits.startswith("0"):
        return None
    whole = Fraction(int(number.int_digits + number.frac_digits))
    return whole if whole in sides[:-1] else None


def _term_texts(text: str, terms: list[tuple[int | None, Fraction]]
                ) -> tuple[tuple[str, Fraction], ...]:
    """Each outermost term of the first side with the text it was written as."""
    if len(terms) < 2 or any(col is None for col, _ in terms):
        return ()
    starts = [col - 1 for col, _ in terms if col is not None]
    out = []
    for k, (_, value) in enumerate(terms):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        piece = text[starts[k]:end].split("=")[0].strip().rstrip("+-").strip()
        out.append((piece, value))
    return tuple(out)


def _round_half_up(x: Fraction) -> int:
    """Nearest integer to x >= 0, halves rounded up."""
    return math.floor(x + Fraction(1, 2))


def _short_decimal(x: Fraction) -> str:
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a < Fraction(1, 10_000):
        e = _floor_log10(a)
        mant = _round_half_up(a / Fraction(10) ** e * 10**5)
        if mant >= 10**6:
            mant //= 10
            e += 1
        digits = str(mant)
        body = (digits[0] + "." + digits[1:]).rstrip("0").rstrip(".")
        return f"{sign}{body}e{e}"
    e = _floor_log10(a)
    decimals = max(1, 5 - e)           # six significant digits, never fewer than one decimal
    scaled = _round_half_up(a * 10**decimals)
    whole, frac = divmod(scaled, 10**decimals)
    frac_text = str(frac).rjust(decimals, "0").rstrip("0")
    return f"{sign}{whole:,}" + (f".{frac_text}" if frac_text else "")


def format_value(x: Fraction) -> str:
    """Human display: `60,965,224`; `0.16 (4/25)`; `0.127778 (23/180)`; `0.000123457`."""
    return _format_fraction(Fraction(x))


@lru_cache(maxsize=4096)
def _format_fraction(x: Fraction) -> str:
    # A class shows the same expected values thousands of times: each is formatted once.
    if x.denominator == 1:
        return f"{x.numerator:,}"
    text = _short_decimal(x)
    if x.denominator <= 1000:
        return f"{text} ({x.numerator}/{x.denominator})"
    return text



def read_as(value: ParsedValue) -> str:
    """How the grader understood an answer, canonically: `60965224` for
    `34848+...+4097000`, `23/180` for `(1+1+3/4+4/9)/25`, `61100000` for `61.1M`,
    `≈659000` for `约 65.9万` (marked approximate by its writer)."""
    x = value.value
    text = str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return f"≈{text}" if value.approximate else text
