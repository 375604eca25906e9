"""The value parser: tokens to an exact `Fraction` and the precision it was written at."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from grader.errors import LimitExceeded, ValueParseError
from grader.values._limits import (
    _LIMIT_TEXT,
    _MAX_PLACE,
    _POWER_BITS,
    MAX_DEPTH,
    MAX_EXPONENT,
    _check_bounds,
    _tolerance_for,
)
from grader.values._tokens import _PAIRS, _Number, _Token

# ----------------------------------------------------------------------------- parser

_Kind = Literal["int", "frac", "round", "expr"]


@dataclass(frozen=True)
class _Operand:
    """An evaluated sub-expression and what kind of literal it was written as.

    kind: "int" a bare integer literal (exact); "frac" int/int or \\frac{int}{int} (exact);
    "round" a literal that carries significant figures (decimal, e-notation, x×10^n,
    magnitude or percent suffix); "expr" anything computed.
    """

    value: Fraction
    kind: _Kind
    column: int
    digits: str = ""           # int: the literal's digits without leading zeros
    sig: int | None = None     # round: significant figures
    last: int = 0              # round: power of ten of the last carried place
    plain: bool = False        # a bare number token (no suffix, no e, no brackets)
    pow10: int | None = None   # the operand is `10^n` written with literals
    min_sig: int | None = None  # expr: fewest significant figures among its rounded literals

    @property
    def rsig(self) -> int | None:
        return self.sig if self.kind == "round" else self.min_sig


def _min_sig(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _significant(digits: str) -> str:
    """Digits from the first non-zero one on."""
    return digits.lstrip("0")


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.first_terms: list[tuple[int | None, Fraction]] | None = None
        """(column, value) of the outermost terms of the first side."""

    # -- plumbing
    def peek(self) -> _Token:
        return self.toks[self.i]

    def advance(self) -> _Token:
        tok = self.toks[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitExceeded("value.too_deep", tok.column, limit=MAX_DEPTH)

    def leave(self) -> None:
        self.depth -= 1

    def is_op(self, ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    # -- grammar
    def statement(self) -> list[tuple[_Operand, bool]]:
        sides: list[tuple[_Operand, bool]] = []
        approx = False
        while True:
            while self.peek().kind == "approx":
                self.advance()
                approx = True
            operand = self.expr()
            last_unit: _Token | None = None
            while self.peek().kind == "unit":
                last_unit = self.advance()
            sides.append((operand, approx))
            tok = self.peek()
            if tok.kind == "end":
                return sides
            approx = False
            if tok.kind == "sep":
                self.advance()
                continue
            if tok.kind == "approx":
                continue
            if last_unit is not None:
                raise ValueParseError("value.after_unit", tok.column, unit=last_unit.text)
            if tok.kind == "close":
                raise ValueParseError("value.unmatched_close", tok.column, found=tok.text)
            raise ValueParseError("value.expected_operator", tok.column, found=tok.text)

    def expr(self) -> _Operand:
        outermost = self.depth == 0
        start = self.peek().column
        left = self.term()
        terms: list[tuple[int | None, Fraction]] = [(start, left.value)]
        while self.is_op("+-"):
            op = self.advance()
            start = self.peek().column
            right = self.term()
            terms.append((start, right.value if op.text == "+" else -right.value))
            value = left.value + right.value if op.text == "+" else left.value - right.value
            left = self.combined(value, left, right, op)
        if outermost and self.first_terms is None:
            self.first_terms = terms
        return left

    def term(self) -> _Operand:
        left = self.unary()
        nops = 0
        while self.is_op("*/"):
            op = self.advance()
            right = self.unary()
            nops += 1
            if op.text == "*":
                if (nops == 1 and left.plain and right.pow10 is not None):
                    left = self.scientific(left, right.pow10, right.value)
                else:
                    left = self.combined(left.value * right.value, left, right, op)
                continue
            if right.value == 0:
                raise ValueParseError("value.division_by_zero", op.column)
            value = _check_bounds(left.value / right.value, op.column)
            if nops == 1 and left.kind == "int" and right.kind == "int":
                left = _Operand(value, "frac", left.column)
            else:
                left = self.combined(value, left, right, op)
        return left

    def unary(self) -> _Operand:
        if self.is_op("+-"):
            op = self.advance()
            self.enter(op)
            operand = self.unary()
            self.leave()
            if op.text == "-":
                operand = replace(operand, value=-operand.value, pow10=None)
            return replace(operand, column=op.column)
        return self.power()

    def power(self) -> _Operand:
        base = self.postfix()
        if not self.is_op("^"):
            return base
        op = self.advance()
        self.enter(op)
        exp = self.unary()
        self.leave()
        if exp.value.denominator != 1:
            raise ValueParseError("value.fractional_exponent", exp.column)
        e = exp.value.numerator
        if abs(e) > MAX_EXPONENT:
            raise LimitExceeded("value.exponent_too_large", exp.column, limit=MAX_EXPONENT)
        b = base.value
        if b == 0 and e < 0:
            raise ValueParseError("value.zero_negative_power", op.column)
        bits = max(abs(b.numerator).bit_length(), b.denominator.bit_length()) - 1
        if bits * abs(e) > _POWER_BITS:
            raise LimitExceeded("value.too_large", op.column, limit=_LIMIT_TEXT)
        value = _check_bounds(b**e, op.column)
        result = self.combined(value, base, exp, op)
        if base.plain and base.kind == "int" and b == 10 and exp.kind == "int":
            result = replace(result, pow10=e)
        return result

    def postfix(self) -> _Operand:
        prim = self.primary()
        tok = self.peek()
        if tok.kind not in ("pct", "mag"):
            return prim
        self.advance()
        shift = -2 if tok.kind == "pct" else tok.shift
        value = _check_bounds(prim.value * Fraction(10) ** shift, tok.column)
        if prim.kind == "int":
            sig = len(_significant(prim.digits)) or 1
            return self.rounded(value, prim.column, sig, shift)
        if prim.kind == "round":
            assert prim.sig is not None
            return self.rounded(value, prim.column, prim.sig, prim.last + shift)
        return replace(prim, value=value, kind="expr", plain=False, pow10=None)

    def primary(self) -> _Operand:
        tok = self.peek()
        if tok.kind == "num":
            self.advance()
            assert tok.number is not None
            return self.literal(tok, tok.number)
        if tok.kind == "open":
            self.advance()
            self.enter(tok)
            inner = self.expr()
            self.close(tok)
            self.leave()
            return replace(inner, column=tok.column, plain=False)
        if tok.kind == "frac":
            self.advance()
            self.enter(tok)
            num = self.braced(tok)
            den = self.braced(tok)
            self.leave()
            if den.value == 0:
                raise ValueParseError("value.division_by_zero", tok.column)
            value = _check_bounds(num.value / den.value, tok.column)
            if num.kind == "int" and den.kind == "int":
                return _Operand(value, "frac", tok.column)
            return self.combined(value, num, den, tok)
        if tok.kind == "end":
            raise ValueParseError("value.unexpected_end", tok.column)
        raise ValueParseError("value.expected_operand", tok.column, found=tok.text)

    def braced(self, command: _Token) -> _Operand:
        tok = self.peek()
        if tok.kind != "open" or tok.text != "{":
            raise ValueParseError("value.frac_brace", tok.column, command=command.text[1:])
        self.advance()
        inner = self.expr()
        self.close(tok)
        return inner

    def close(self, opener: _Token) -> None:
        want = _PAIRS[opener.text]
        tok = self.peek()
        if tok.kind == "close" and tok.text == want:
            self.advance()
            return
        if tok.kind == "end":
            raise ValueParseError("value.unclosed_bracket", tok.column, open=opener.text,
                                  close=want, open_column=opener.column)
        if tok.kind == "close":
            raise ValueParseError("value.mismatched_bracket", tok.column, open=opener.text,
                                  close=want, found=tok.text, open_column=opener.column)
        raise ValueParseError("value.expected_operator_or_close", tok.column, found=tok.text,
                              close=want)

    # -- building operands
    def literal(self, tok: _Token, num: _Number) -> _Operand:
        if num.frac_digits is None and num.exponent is None:
            return _Operand(num.value, "int", tok.column, digits=_significant(num.int_digits),
                            plain=True)
        fd = num.frac_digits or ""
        sig = len(_significant(num.int_digits + fd)) or 1
        last = -len(fd) + (num.exponent or 0)
        op = self.rounded(num.value, tok.column, sig, last)
        return replace(op, plain=num.exponent is None)

    def rounded(self, value: Fraction, column: int, sig: int, last: int) -> _Operand:
        if abs(last) > _MAX_PLACE:
            raise LimitExceeded("value.too_large", column, limit=_LIMIT_TEXT)
        return _Operand(value, "round", column, sig=sig, last=last)

    def scientific(self, mantissa: _Operand, exponent: int, scale: Fraction) -> _Operand:
        value = _check_bounds(mantissa.value * scale, mantissa.column)
        if mantissa.kind == "int":
            sig, last = len(mantissa.digits) or 1, 0
        else:
            assert mantissa.sig is not None
            sig, last = mantissa.sig, mantissa.last
        return self.rounded(value, mantissa.column, sig, last + exponent)

    def combined(self, value: Fraction, a: _Operand, b: _Operand, op: _Token) -> _Operand:
        _check_bounds(value, op.column)
        return _Operand(value, "expr", a.column, min_sig=_min_sig(a.rsig, b.rsig))


def _precision(op: _Operand, approx: bool) -> tuple[int | None, Fraction]:
    """Significant figures and tolerance of one side of a chain."""
    if op.kind == "round":
        assert op.sig is not None
        return op.sig, Fraction(10) ** op.last / 2
    if approx and op.kind == "int":
        body = op.digits.rstrip("0")
        trailing = len(op.digits) - len(body)
        return (len(body) or 1), Fraction(10) ** trailing / 2
    if approx and op.kind == "expr" and op.min_sig is not None and op.value != 0:
        return op.min_sig, _tolerance_for(op.value, op.min_sig)
    return None, Fraction(0)


