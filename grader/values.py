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
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from typing import Literal, NoReturn

from grader.errors import LimitExceeded, ValueParseError

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_TOKENS",
    "ParsedValue",
    "format_value",
    "parse_value",
    "try_parse_value",
]

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


# ----------------------------------------------------------------------------- helpers


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


# ----------------------------------------------------------------------------- normalising

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}
# Characters NFKC leaves alone but that mean an ASCII operator here.
_CHAR_MAP = {
    "−": "-", "–": "-", "∗": "*", "÷": "/", "⁄": "/", "∕": "/", "✕": "×", "⨯": "×",
    "∙": "·", "•": "·",
}


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC per character, superscript runs as `^{..}`; returns the text and a map
    from each normalised index to the index in `text` it came from."""
    out: list[str] = []
    pos: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SUPERSCRIPTS:
            out += ["^", "{"]
            pos += [i, i]
            while i < n and text[i] in _SUPERSCRIPTS:
                out.append(_SUPERSCRIPTS[text[i]])
                pos.append(i)
                i += 1
            out.append("}")
            pos.append(i - 1)
            continue
        mapped = _CHAR_MAP.get(c)
        if mapped is None:
            mapped = unicodedata.normalize("NFKC", c) if ord(c) > 127 else c
        for ch in mapped:
            out.append(ch)
            pos.append(i)
        i += 1
    return "".join(out), pos


# ----------------------------------------------------------------------------- tokens

_TokKind = Literal["num", "op", "open", "close", "sep", "approx", "pct", "mag", "unit",
                   "frac", "end"]
_PAIRS = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class _Number:
    int_digits: str
    frac_digits: str | None   # None: no decimal point
    exponent: int | None      # None: no e-notation
    value: Fraction


@dataclass(frozen=True)
class _Token:
    kind: _TokKind
    text: str
    column: int
    number: _Number | None = None
    shift: int = 0            # power of ten of a magnitude word


_MAG_LETTERS = {"k": 3, "K": 3, "M": 6, "G": 9, "B": 9, "T": 12}
_MAG_WORDS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_APPROX_WORDS = {"about", "approx", "approximately", "around", "roughly"}
_UNIT_WORDS = {
    "params", "param", "parameters", "parameter", "neurons", "neuron", "weights",
    "macs", "mac", "flops", "flop", "ops", "mults", "multiplications", "adds", "additions",
}
# CJK vocabulary, matched greedily (longest first).
_CJK_WORDS: list[tuple[str, _TokKind, int]] = sorted(
    [
        ("约等于", "approx", 0), ("大约", "approx", 0), ("约为", "approx", 0), ("约", "approx", 0),
        ("等于", "sep", 0),
        ("万亿", "mag", 12), ("千亿", "mag", 11), ("百亿", "mag", 10), ("十亿", "mag", 9),
        ("亿", "mag", 8), ("千万", "mag", 7), ("百万", "mag", 6), ("十万", "mag", 5),
        ("万", "mag", 4), ("千", "mag", 3),
        ("个", "unit", 0), ("次", "unit", 0), ("参数", "unit", 0), ("神经元", "unit", 0),
        ("权重", "unit", 0), ("乘法", "unit", 0), ("加法", "unit", 0), ("乘加", "unit", 0),
        ("运算", "unit", 0),
    ],
    key=lambda w: -len(w[0]),
)
_CJK_FIRST = {w[0][0] for w in _CJK_WORDS}
_TIMES_COMMANDS = {"times", "cdot", "ast", "cross"}
_APPROX_COMMANDS = {"approx", "sim", "simeq", "thickapprox", "thicksim", "fallingdotseq"}
_FRAC_COMMANDS = {"frac", "dfrac", "tfrac", "cfrac"}
_SKIP_COMMANDS = {
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
    "biggl", "biggr", "Biggl", "Biggr", "quad", "qquad", "displaystyle", "textstyle",
}
_TEXT_COMMANDS = {"text", "textrm", "mathrm", "mbox", "textbf", "mathbf", "operatorname",
                  "boldsymbol", "mathit", "textit"}
_ELLIPSIS_COMMANDS = {"dots", "cdots", "ldots", "dotsb", "dotsc", "dotsm"}


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_letter(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z")


class _Tokenizer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.s, self.pos = _normalise(text)
        self.tokens: list[_Token] = []
        self.skip_close: set[int] = set()

    def col(self, i: int) -> int:
        return self.pos[i] + 1 if i < len(self.pos) else len(self.text) + 1

    def add(self, kind: _TokKind, text: str, i: int, *, number: _Number | None = None,
            shift: int = 0) -> None:
        if len(self.tokens) >= MAX_TOKENS:
            raise LimitExceeded("value.too_many_tokens", self.col(i), limit=MAX_TOKENS)
        self.tokens.append(_Token(kind, text, self.col(i), number, shift))

    def fail(self, key: str, i: int, **params: object) -> NoReturn:
        raise ValueParseError(key, self.col(i), **params)

    def _strip_math(self, lo: int, hi: int) -> tuple[int, int]:
        s = self.s
        while lo < hi and s[lo].isspace():
            lo += 1
        while hi > lo and s[hi - 1].isspace():
            hi -= 1
        if hi - lo >= 2 and s[lo] == "$" and s[hi - 1] == "$":
            k = 0
            while k < 2 and lo < hi and s[lo] == "$":
                lo, k = lo + 1, k + 1
            k = 0
            while k < 2 and hi > lo and s[hi - 1] == "$":
                hi, k = hi - 1, k + 1
        elif hi - lo >= 4 and s[lo:lo + 2] in ("\\(", "\\[") and s[hi - 2:hi] in ("\\)", "\\]"):
            lo, hi = lo + 2, hi - 2
        return lo, hi

    def run(self) -> list[_Token]:
        s = self.s
        i, n = self._strip_math(0, len(s))
        while i < n:
            c = s[i]
            if c.isspace():
                i += 1
            elif _is_digit(c) or (c == "." and i + 1 < n and _is_digit(s[i + 1])):
                i = self.number(i, n)
            elif c == "." and s.startswith("...", i):
                self.fail("value.ellipsis", i)
            elif c in "+-":
                self.add("op", c, i)
                i += 1
            elif c == "*":
                if i + 1 < n and s[i + 1] == "*":
                    self.add("op", "^", i)
                    i += 2
                else:
                    self.add("op", "*", i)
                    i += 1
            elif c in "×·⋅":
                self.add("op", "*", i)
                i += 1
            elif c in "/^":
                self.add("op", c, i)
                i += 1
            elif c in "([{":
                self.add("open", c, i)
                i += 1
            elif c in ")]}":
                if i not in self.skip_close:
                    self.add("close", c, i)
                i += 1
            elif c == "=":
                self.add("sep", c, i)
                i += 1
            elif c in "≈≃≒~":
                self.add("approx", c, i)
                i += 1
            elif c == "%":
                self.add("pct", c, i)
                i += 1
            elif c == "\\":
                i = self.command(i, n)
            elif _is_letter(c):
                i = self.word(i, n)
            elif c in _CJK_FIRST:
                i = self.cjk(i)
            else:
                self.fail("value.unexpected_char", i, char=c)
        self.add("end", "", n)
        return self.tokens

    def number(self, i: int, n: int) -> int:
        s = self.s
        start = i
        while i < n and _is_digit(s[i]):
            i += 1
        first = s[start:i]
        groups = [first]
        while first and i < n:
            sep_len = 0
            strict = True          # a strict separator must be followed by a valid group
            if s[i] in ",_":
                sep_len = 1
                if s[i] == ",":
                    while i + sep_len < n and s[i + sep_len] == " ":
                        sep_len += 1
            elif s[i] == " ":
                sep_len, strict = 1, False
            elif s.startswith("\\,", i):
                sep_len, strict = 2, False
            elif s.startswith("{,}", i):
                sep_len = 3
            else:
                break
            k = i + sep_len
            m = 0
            while k + m < n and _is_digit(s[k + m]):
                m += 1
            if m == 3 and len(groups[0]) <= 3:
                groups.append(s[k:k + 3])
                i = k + 3
                continue
            if strict and m > 0:
                self.fail("value.bad_grouping", i, sep=s[i])
            break
        int_digits = "".join(groups)
        frac_digits: str | None = None
        if i < n and s[i] == ".":
            if s.startswith("...", i):
                self.fail("value.ellipsis", i)
            k = i + 1
            while k < n and _is_digit(s[k]):
                k += 1
            if k == i + 1:
                self.fail("value.decimal_digits", i)
            frac_digits = s[i + 1:k]
            i = k
        exponent: int | None = None
        if i < n and s[i] in "eE":
            k = i + 1
            if k < n and s[k] in "+-":
                k += 1
            d = k
            while d < n and _is_digit(s[d]):
                d += 1
            if d > k:
                digits = s[k:d]
                if len(digits.lstrip("0")) > 4 or int(digits) > MAX_EXPONENT:
                    raise LimitExceeded("value.exponent_too_large", self.col(k),
                                        limit=MAX_EXPONENT)
                exponent = -int(digits) if s[k - 1] == "-" else int(digits)
                i = d
            elif k > i + 1 or k >= n or not _is_letter(s[k]):
                self.fail("value.exponent_digits", i, mark=s[i])
        if len(int_digits.lstrip("0")) + len(frac_digits or "") > _MAX_DIGITS:
            raise LimitExceeded("value.too_large", self.col(start), limit=_LIMIT_TEXT)
        fd = frac_digits or ""
        value = Fraction(int(int_digits or "0") * 10 ** len(fd) + int(fd or "0"), 10 ** len(fd))
        if exponent:
            value *= Fraction(10) ** exponent
        _check_bounds(value, self.col(start))
        self.add("num", s[start:i], start, number=_Number(int_digits, frac_digits, exponent, value))
        return i

    def command(self, i: int, n: int) -> int:
        s = self.s
        k = i + 1
        if k < n and not _is_letter(s[k]):
            c = s[k]
            if c in ",;:! ":
                return k + 1
            if c == "%":
                self.add("pct", "\\%", i)
            elif c == "{":
                self.add("open", "{", i)
            elif c == "}":
                self.add("close", "}", i)
            else:
                self.fail("value.unknown_command", i, command=c)
            return k + 1
        while k < n and _is_letter(s[k]):
            k += 1
        name = s[i + 1:k]
        if not name:
            self.fail("value.unexpected_char", i, char="\\")
        if name in _TIMES_COMMANDS:
            self.add("op", "*", i)
        elif name == "div":
            self.add("op", "/", i)
        elif name in _APPROX_COMMANDS:
            self.add("approx", "\\" + name, i)
        elif name in _FRAC_COMMANDS:
            self.add("frac", "\\" + name, i)
        elif name in _ELLIPSIS_COMMANDS:
            self.fail("value.ellipsis", i)
        elif name in _SKIP_COMMANDS:
            pass
        elif name in _TEXT_COMMANDS:
            j = k
            while j < n and s[j].isspace():
                j += 1
            if j < n and s[j] == "{":
                depth, e = 0, j
                while e < n:
                    if s[e] == "{":
                        depth += 1
                    elif s[e] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    e += 1
                if e < n:            # drop the group's braces, read its content as words
                    self.skip_close.add(e)
                    return j + 1
        else:
            self.fail("value.unknown_command", i, command=name[:20])
        return k

    def word(self, i: int, n: int) -> int:
        s = self.s
        k = i
        while k < n and _is_letter(s[k]):
            k += 1
        w = s[i:k]
        low = w.lower()
        if w in ("x", "X"):
            self.add("op", "*", i)
        elif low in _APPROX_WORDS:
            if low == "approx" and k < n and s[k] == ".":
                k += 1
            self.add("approx", w, i)
        elif w in _MAG_LETTERS:
            self.add("mag", w, i, shift=_MAG_LETTERS[w])
        elif low in _MAG_WORDS:
            self.add("mag", w, i, shift=_MAG_WORDS[low])
        elif low in _UNIT_WORDS:
            self.add("unit", w, i)
        elif w[0] in _MAG_LETTERS and w[1:].lower() in _UNIT_WORDS:   # GFLOPs, MACs...
            self.add("mag", w[0], i, shift=_MAG_LETTERS[w[0]])
            self.add("unit", w[1:], i + 1)
        elif w == "m":
            # Students write 3.2m for 3.2 million; nothing graded here is a milli-quantity.
            self.add("mag", "M", i, shift=_MAG_LETTERS["M"])
        else:
            self.fail("value.unknown_word", i, word=w if len(w) <= 20 else w[:20] + "…")
        return k

    def cjk(self, i: int) -> int:
        for word, kind, shift in _CJK_WORDS:
            if self.s.startswith(word, i):
                self.add(kind, word, i, shift=shift)
                return i + len(word)
        self.fail("value.unexpected_char", i, char=self.s[i])


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


@lru_cache(maxsize=16384)
def _parse_text(raw: str) -> ParsedValue:
    # A class writes the same few spellings again and again; ParsedValue is immutable.
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
    tokens = _Tokenizer(text).run()
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
    return ParsedValue(
        text=text,
        value=final.value,
        sides=tuple(op.value for op, _ in sides),
        approximate=final_approx,
        sig_figs=sigs[-1],
        is_expression=final.kind == "expr",
        _tolerances=tuple(tols),
        terms=_term_texts(text, parser.first_terms or []),
    )


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
    x = Fraction(x)
    if x.denominator == 1:
        return f"{x.numerator:,}"
    text = _short_decimal(x)
    if x.denominator <= 1000:
        return f"{text} ({x.numerator}/{x.denominator})"
    return text
