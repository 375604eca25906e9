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
    err: Fraction | None = Fraction(0)
    """Bound on the error the rounded literals inside carry (None: no bound, e.g. a power
    of a rounded number): `(1+1+0.75+0.444)/25` is 0.12776 ± 0.00002."""
    zeros: int = 0             # round: trailing zeros of an integer before a suffix (660K)

    @property
    def rsig(self) -> int | None:
        return self.sig if self.kind == "round" else self.min_sig


def _min_sig(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _propagated(op: str, a: _Operand, b: _Operand) -> Fraction | None:
    """The error bound of `a op b` from those of its operands (worst case, exact)."""
    ea, eb = a.err, b.err
    if ea is None or eb is None:
        return None
    if not ea and not eb:
        return Fraction(0)
    x, y = abs(a.value), abs(b.value)
    if op in "+-":
        return ea + eb
    if op == "*":
        return x * eb + y * ea + ea * eb
    if op in ("/", "\\frac", "\\dfrac", "\\tfrac", "\\cfrac"):
        if eb >= y:
            return None  # the divisor could be zero within its precision
        return (x * eb + y * ea) / (y * (y - eb))
    return None  # a power of a rounded number: no simple bound


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
            if tok.kind == "num" and operand.kind == "expr" and self._value_follows():
                continue  # `96×11×11×3 34848个`: a computation, a space, then its value
            if last_unit is not None:
                raise ValueParseError("value.after_unit", tok.column, unit=last_unit.text)
            if tok.kind == "close":
                raise ValueParseError("value.unmatched_close", tok.column, found=tok.text)
            raise ValueParseError("value.expected_operator", tok.column, found=tok.text)

    def _value_follows(self) -> bool:
        """Whether the rest of the text is one plain number and its suffixes or units (the
        value a computation before it works out to), with no operator, bracket or sign."""
        rest = self.toks[self.i:-1]
        return bool(rest) and rest[0].kind == "num" and all(
            t.kind in ("mag", "unit", "pct") for t in rest[1:])

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
            digits = _significant(prim.digits)
            sig = len(digits) or 1
            zeros = len(digits) - len(digits.rstrip("0")) if tok.kind == "mag" else 0
            return replace(self.rounded(value, prim.column, sig, shift), zeros=zeros)
        if prim.kind == "round":
            assert prim.sig is not None
            return self.rounded(value, prim.column, prim.sig, prim.last + shift)
        err = None if prim.err is None else prim.err * Fraction(10) ** shift
        return replace(prim, value=value, kind="expr", plain=False, pow10=None, err=err)

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
        return _Operand(value, "round", column, sig=sig, last=last,
                        err=Fraction(10) ** last / 2)

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
        return _Operand(value, "expr", a.column, min_sig=_min_sig(a.rsig, b.rsig),
                        err=_propagated(op.text, a, b))


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
    if op.kind == "expr" and op.err:
        # Exact arithmetic on rounded intermediate values: right within their error.
        return None, op.err
    return None, Fraction(0)




def numeric_sides(tokens: list[_Token]) -> list[_Token]:
    """The tokens of a chain with its labelled and symbolic sides dropped.

    Students write `AP≈0.128`, `召回率=4/25=0.16`, `P = TP/(TP+FP) = 4/10 = 0.4`,
    `参数量为 143,667,240 个`, `weights + bias = 5*5*48*128 + 128 = 153728`: a side made of
    words (labels, symbols) names or explains the value and is not part of the arithmetic;
    words before or after a side's number label it. What remains is a plain chain. A word
    inside a computation is an error; so is a text with no number at all.
    """
    tokens = _word_remarks_dropped(tokens)
    if not any(t.kind == "label" for t in tokens) and not _unit_named_side(tokens) \
            and not _unit_leads_side(tokens):
        return tokens
    segments: list[tuple[_Token | None, list[_Token]]] = []
    lead: _Token | None = None
    current: list[_Token] = []
    depth = 0
    end = tokens[-1]
    for tok in tokens[:-1]:
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth = max(0, depth - 1)
        if depth == 0 and tok.kind == "sep":
            segments.append((lead, current))
            lead, current = tok, []
            continue
        if depth == 0 and tok.kind == "approx" and any(t.kind != "approx" for t in current):
            segments.append((lead, current))
            lead, current = None, []
        current.append(tok)
    segments.append((lead, current))
    kept: list[tuple[_Token | None, list[_Token]]] = []
    first_label: _Token | None = None
    for sep, seg in segments:
        labels = [t for t in seg if t.kind == "label"]
        if labels and first_label is None:
            first_label = labels[0]
        if not any(t.kind == "num" for t in seg):
            continue  # a label, a symbol, a formula in words: it names the value
        body = _annotations_dropped(_trim_labels(seg))
        inner = next((t for t in body if t.kind == "label"), None)
        if inner is not None:
            raise ValueParseError("value.unknown_word", inner.column, word=inner.text)
        kept.append((sep, body))
    if not kept:
        where = first_label.column if first_label is not None else end.column
        raise ValueParseError("value.no_number", where)
    out: list[_Token] = []
    for index, (sep, body) in enumerate(kept):
        if index and sep is not None:
            out.append(sep)
        out += body
    return out + [end]


def _unit_named_side(tokens: list[_Token]) -> bool:
    """Whether a side of the chain is only the name of the quantity (`params = 34944`,
    `MACs: 724M`, `参数 = 34944`): unit words with no number, read as a label."""
    side: list[_Token] = []
    depth = 0
    for tok in tokens[:-1]:
        depth += {"open": 1, "close": -1}.get(tok.kind, 0)
        if depth == 0 and tok.kind == "sep":
            if side and all(t.kind == "unit" for t in side):
                return True
            side = []
        else:
            side.append(tok)
    return False


def _unit_leads_side(tokens: list[_Token]) -> bool:
    """Whether a side opens with the quantity's name before its number, with no `=` or `:`
    between (`param 60.97M`, `params 61.1M`, `FLOPs 0.72G`, as a profiler's table prints)."""
    at_start = True
    depth = 0
    for tok in tokens[:-1]:
        if at_start and tok.kind == "unit":
            return True
        depth += {"open": 1, "close": -1}.get(tok.kind, 0)
        at_start = depth == 0 and tok.kind in ("sep", "approx")
    return False


_POSTFIX_OF = ("num", "unit", "mag", "pct", "close")


def _word_remarks_dropped(tokens: list[_Token]) -> list[_Token]:
    """`tokens` without the bracketed words that remark on the number before them inside a
    computation (`128x3x3x256 (weight) + 256 (offsets)`, `4,096 (biases)`, `64（偏置）`): a
    bracket holding only words, right after a number, a suffix or a closing bracket."""
    out: list[_Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.kind == "open" and out and out[-1].kind in _POSTFIX_OF:
            j = k + 1
            while j < len(tokens) and tokens[j].kind in ("label", "unit"):
                j += 1
            if j > k + 1 and j < len(tokens) and tokens[j].kind == "close":
                k = j + 1
                continue
        out.append(tok)
        k += 1
    return out


def _annotations_dropped(body: list[_Token]) -> list[_Token]:
    """Words that annotate a number inside a computation (`11,513,626,624 次 − 22,555,112
    个输出 + 1000 个偏置`): a word right after a number, or right before one, names it."""
    out: list[_Token] = []
    last = len(body) - 1
    while last >= 0 and body[last].kind == "unit":
        last -= 1
    for k, tok in enumerate(body):
        prev = body[k - 1].kind if k else None
        nxt = body[k + 1].kind if k + 1 < len(body) else None
        if tok.kind == "unit" and k <= last:
            continue  # a unit inside the computation: it names the number before it
        if tok.kind == "label" and (prev in _POSTFIX_OF or prev == "label"
                                    or nxt in ("num", "label")) \
                and not (prev == "op" and nxt not in ("num", "label")):
            continue
        out.append(tok)
    return out


def _trim_labels(segment: list[_Token]) -> list[_Token]:
    """`segment` without the words that label it: before its first number, and after its
    last one when they belong to a unit (`143,667,240 个可训练参数`, `60,965,224 trainable
    parameters`); an unknown word alone after a number (`3.2 furlongs`) is refused."""
    lo, hi = 0, len(segment)
    while lo < hi and segment[lo].kind in ("label", "unit"):
        lo += 1
    while hi > lo and segment[hi - 1].kind in ("label", "unit"):
        hi -= 1
    if 0 < lo < len(segment) and segment[lo].kind == "open" \
            and segment[lo - 1].kind == "label":
        # `print(1)`, `sqrt(2)`: a word applied to a bracket is a function, not a label
        raise ValueParseError("value.unknown_word", segment[lo - 1].column,
                              word=segment[lo - 1].text)
    tail = segment[hi:]
    words = [t for t in tail if t.kind == "label"]
    if words and hi > lo and segment[hi - 1].kind == "op":
        # `2 × conv1`: the word is an operand of the computation
        raise ValueParseError("value.unknown_word", words[0].column, word=words[0].text)
    if words and not any(t.kind == "unit" for t in tail) \
            and not all(_is_cjk_text(t.text) for t in words):
        raise ValueParseError("value.unknown_unit", words[0].column, word=words[0].text)
    units = [t for t in tail if t.kind == "unit"]
    kept = [t for t in segment[:lo] if t.kind == "approx"]
    return kept + segment[lo:hi] + units[-1:]


def _is_cjk_text(text: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" for c in text)
