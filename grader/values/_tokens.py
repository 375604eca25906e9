"""The value tokenizer: Unicode, LaTeX, CJK words and magnitude suffixes to tokens."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, NoReturn

from grader.errors import LimitExceeded, ValueParseError
from grader.values._limits import (
    _LIMIT_TEXT,
    _MAX_DIGITS,
    MAX_EXPONENT,
    MAX_TOKENS,
    _check_bounds,
)

# ----------------------------------------------------------------------------- normalising

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}
# Characters NFKC leaves alone but that mean an ASCII operator here.
_CHAR_MAP = {
    "−": "-", "–": "-", "∗": "*", "÷": "/", "⁄": "/", "∕": "/", "✕": "×", "⨯": "×",
    "∙": "·", "•": "·",
    # Traditional characters of the CJK vocabulary below (`6000萬`, `參數量`, `約1.44億`,
    # `34848個`), read as their simplified forms.
    "萬": "万", "億": "亿", "個": "个", "參": "参", "數": "数", "經": "经", "權": "权",
    "節": "节", "運": "运", "約": "约", "為": "为", "於": "于", "與": "与",
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
                   "frac", "label", "end"]
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
    "units", "unit", "nodes", "node", "operations", "operation",
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
        ("权重", "unit", 0), ("节点", "unit", 0), ("乘法", "unit", 0), ("加法", "unit", 0),
        ("乘加", "unit", 0),
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
        if hi - lo >= 2 and s[hi - 1] in ".。" and s[hi - 2] != ".":
            hi -= 1  # the full stop of a sentence (`alexnet has 62378344.`), not a decimal point
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
            elif c in "=:":
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
            elif c in _CJK_FIRST or _is_cjk(c):
                i = self.cjk(i)
            elif c == "_" and self.tokens and self.tokens[-1].kind == "label":
                i = self.subscript(i, n)
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
        if k < n and _is_digit(s[k]) and (low in _UNIT_WORDS or (
                w[0] in _MAG_LETTERS and w[1:].lower() in _UNIT_WORDS)):
            # `parameters1`, `FLOPs2`: a numbered name (like `conv1`), not a unit and a number
            while k < n and (_is_digit(s[k]) or _is_letter(s[k])):
                k += 1
            self.add("label", s[i:k] if k - i <= 20 else s[i:i + 20] + "…", i)
            return k
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
            # A label (`AP`, `weights`, `TP`, `conv1`): it names what a side of a chain is;
            # sides made of labels are dropped before the numbers are read.
            while k < n and (_is_digit(s[k]) or _is_letter(s[k])):
                k += 1
            w = s[i:k]
            self.add("label", w if len(w) <= 20 else w[:20] + "…", i)
        return k

    def subscript(self, i: int, n: int) -> int:
        """`_x` or `_{...}` after a label (`P_{recall}`, `N_1`): part of the label."""
        s = self.s
        k = i + 1
        if k < n and s[k] == "{":
            depth = 0
            while k < n:
                depth += {"{": 1, "}": -1}.get(s[k], 0)
                k += 1
                if depth == 0:
                    return k
            self.fail("value.unclosed_bracket_label", i)
        while k < n and (_is_letter(s[k]) or _is_digit(s[k])):
            k += 1
        return k

    def cjk(self, i: int) -> int:
        for word, kind, shift in _CJK_WORDS:
            if self.s.startswith(word, i):
                self.add(kind, word, i, shift=shift)
                return i + len(word)
        if not _is_cjk(self.s[i]):
            self.fail("value.unexpected_char", i, char=self.s[i])
        # A run of other Chinese characters is a label (`参数量为`, `召回率`).
        k = i + 1
        while k < len(self.s) and _is_cjk(self.s[k]) and not any(
                self.s.startswith(word, k) for word, _, _ in _CJK_WORDS):
            k += 1
        self.add("label", self.s[i:k], i)
        return k


def _is_cjk(c: str) -> bool:
    """A CJK ideograph (the characters of Chinese labels and units)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


