"""Tokens of a formula: one LaTeX subset and plain text, lexed by the same rules.

The lexer never evaluates anything. It maps unicode look-alikes (σ ⊙ − · × ∼ 𝔼 …) to
their LaTeX meaning, drops typesetting that carries no meaning (`\\boldsymbol`,
`\\left`, `\\big`, spacing, `$` delimiters) and keeps the 1-based column of every token
in the original text so a parse error can say where it happened.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from grader.formula.limits import MAX_CHARS, MAX_TOKENS, FormulaSyntaxError, FormulaTooBig

__all__ = ["FUNCTION_WORDS", "Token", "split_gloss", "tokenize"]


@dataclass(frozen=True)
class Token:
    """One token: `kind` (num, id, func, op, open, close, begin, end, rowsep, frac, mark),
    canonical `text`, 1-based `col` in the original text, and `space_before`."""

    kind: str
    text: str
    col: int
    space_before: bool = False


# Plain-text names glued to their subscript (`Wf`, `bf`, `Whf`, `ft`, `xt`): a parameter
# letter followed by a gate letter (optionally with the source x/h), or a signal letter
# followed by the time t, is ONE subscripted name, not a product. `Wh`, `Ux` (a weight
# times a signal) do not match and stay products.
_GATE_LETTERS = "fioczgr"
_GLUED_PARAM = re.compile(rf"([WUVb])([{_GATE_LETTERS}C]|[xh][{_GATE_LETTERS}]"
                          rf"|[{_GATE_LETTERS}][xh])")  # `WC`, `bC`: Olah's W_C, b_C
_GLUED_SIGNAL = re.compile(r"([xhcfiogzrCH])(t)")
# A trailing gloss: `, where σ is the sigmoid`, `，其中σ为sigmoid函数`.
_GLOSS = re.compile(r"(?:[,，;；.。:：]\s*)?(?:\\(?:quad|qquad|,|;)\s*)*"
                    r"(?:\\(?:text|mathrm|textrm)\s*\{\s*)?"
                    r"(?:\bwhere\b|其中|式中|这里|此处)", re.IGNORECASE)


# Plain-text and \operatorname words that name a function.
FUNCTION_WORDS: dict[str, str] = {
    "sigma": "sigma", "sigmoid": "sigma", "sigm": "sigma", "sig": "sigma",
    "delta": "delta", "tanh": "tanh", "log": "log", "ln": "log", "exp": "exp",
    "floor": "floor", "min": "min", "max": "max", "relu": "relu", "softmax": "softmax",
    "logistic": "sigma", "minimize": "min", "maximize": "max", "minimise": "min",
    "maximise": "max", "argmin": "min", "argmax": "max",
}
# `logD(x)`, `logD(G(z))`: a function word glued to a capital letter (D, G) is the function
# applied to it, not a product of letters.
_GLUED_FUNCTION = re.compile(r"(log|ln|exp|tanh|sigmoid|sigma)([A-Z]\w*)")
_TIME_TAIL = re.compile(r"-?1(?!\d)")
"""After a glued signal (`ht1`, `ht-1`): the rest of a flattened t-1."""
_PARAM_SUBS = (re.compile(r"[ih][ifgoc]"), re.compile(rf"[xh][{_GATE_LETTERS}]"),
               re.compile(rf"[{_GATE_LETTERS}][xh]"))     # MindSpore's W_ix, W_fh
_SIGNAL = re.compile(r"([xhcfiogzrCHX])t")
_PLAYER = re.compile(r"(min|max)([DG])")
_FLAT_EXPECTATION = re.compile(r"E([a-z])\s*[∼~]\s*p\s*(data|[a-z])?\s*(\(\s*[a-z]\s*\))?\s*\[")


def flattened(word: str, after: str) -> list[tuple[str, str, str]] | None:
    """A word of flattened text cut into its names: [(kind, name, subscript), …], or None
    when it is not made of them. `after` is the text right after the word (for t-1).

    `Wiixt` → W_ii x_t; `Whfht` + `-1` → W_hf h_{t-1}; `bf` → b_f; `logD` → log D;
    `minGmaxDV` → min_G max_D V.
    """
    out: list[tuple[str, str, str]] = []
    k = 0
    n = len(word)
    while k < n:
        rest = word[k:]
        player = _PLAYER.match(rest)
        if player is not None:
            out.append(("func", player.group(1), player.group(2)))
            k += 3 + 1
            continue
        fn = re.match(r"(log|ln|exp|tanh|sigmoid|sigma)(?=[A-Z]|$)", rest)
        if fn is not None and (k + len(fn.group(1)) < n or k > 0):   # `ottanh`: o_t tanh
            out.append(("func", fn.group(1), ""))
            k += len(fn.group(1))
            continue
        if rest[0] in "WUVbBRP" and len(rest) > 1:   # ONNX: R recurrence, P peephole
            sub = next((m.group(0) for p in _PARAM_SUBS if (m := p.match(rest[1:]))), None)
            if sub is not None and not (len(rest) == 3 and sub[1] in "xh" and after[:1] == "("):
                out.append(("id", rest[0], sub))
                k += 1 + len(sub)
                continue
            if rest[1] in _GATE_LETTERS or (rest[1] == "C" and len(rest) == 2):
                out.append(("id", rest[0], rest[1]))   # `Wf`, and Olah's `WC`, `bC`
                k += 2
                continue
        signal = _SIGNAL.match(rest)
        if signal is not None and not rest[1:].startswith("tanh"):   # `otanh`: o, tanh
            tail = after if k + 2 == n else ""
            time = "t-1" if _TIME_TAIL.match(tail) and not after[:1].isalpha() else "t"
            out.append(("id", signal.group(1), time))
            k += 2
            continue
        if rest[0] in "fiogc" and re.fullmatch(r"(?:tanh|sigmoid|sigma|log|exp)", rest[1:]):
            out.append(("id", rest[0], ""))          # `otanh`: the gate, then the function
            k += 1
            continue
        if rest[0].isupper() or (rest[0] in "xhcz" and k + 1 == n):
            out.append(("id", rest[0], ""))
            k += 1
            continue
        return None
    return out


_DOT_PRODUCT = re.compile(r"(?:[\w})\]] \. (?=[\w{(\\])|[A-Za-z})\]]\.(?=[{(\[\\]))")
"""A dot between two operands: a product (`W_f . x`, `W_{f}.[h_{t-1}, x_t]`); never a
decimal point (a digit each side) or MATLAB's `.*`."""
_STARRED_SUBSCRIPT = re.compile(r"\*\{(?:[^{}]{0,40}\\sim|\s*(?:data|real|model|z|g|noise)\s*\})")
r"""`*{x\sim …}`, `*{data}`: a subscript whose `_` Markdown turned into emphasis."""
_MATHOP = re.compile(r"\\mathop\s*\{\s*\\?(max|min)\s*\}\s*(?:\\limits)?")
_MARK_SUFFIX = re.compile(r"_(?:hat|tilde|tilda)(?![A-Za-z0-9])")
"""`_hat`, `_tilde` ending a code name (`c_t_hat`): the mark of the letter before."""

# Multi-letter words that stay one identifier (distribution names, subscripts).
NAME_WORDS = frozenset({"data", "real", "noise", "model", "in", "out", "prev", "pdata", "act",
                        "BCELoss", "BCE", "bce", "binary_cross_entropy"})

_WRAPPERS = frozenset({
    "boldsymbol", "mathbf", "bm", "mathcal", "mathit", "mathsf", "mathscr", "mathfrak",
    "mathbb", "vec", "pmb", "bf", "it", "displaystyle", "textstyle", "mathop", "limits",
    "nolimits", "mathnormal", "symbf", "symbfit", "mathbfit",
})
_TEXT_WRAPPERS = frozenset({"text", "mathrm", "operatorname", "textrm", "textbf", "textit",
                            "mbox", "rm", "mathtt", "texttt"})
_SIZERS = frozenset({"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
                     "Bigr", "biggl", "biggr", "Biggl", "Biggr", "middle"})
_SPACES = frozenset({",", ";", "!", ":", ">", "quad", "qquad", "space", "enspace",
                     "thinspace", "medspace", "thickspace", "nonumber", "notag"})
_COMMAND_TOKENS: dict[str, tuple[str, str]] = {
    "sigma": ("func", "sigma"), "delta": ("func", "delta"), "tanh": ("func", "tanh"),
    "log": ("func", "log"), "ln": ("func", "log"), "exp": ("func", "exp"),
    "min": ("func", "min"), "max": ("func", "max"), "arg": ("func", "arg"),
    "sim": ("op", "~"), "odot": ("op", "had"), "circ": ("op", "had"),
    "bullet": ("op", "had"),
    "otimes": ("op", "had"), "cdot": ("op", "*"), "times": ("op", "*"), "ast": ("op", "ast"),
    "star": ("op", "*"), "prime": ("op", "'"), "colon": ("op", ":"),
    "frac": ("frac", "frac"), "dfrac": ("frac", "frac"), "tfrac": ("frac", "frac"),
    "cfrac": ("frac", "frac"), "sum": ("func", "sum"),
    "tilde": ("mark", "~"), "widetilde": ("mark", "~"), "hat": ("mark", "~"),
    "widehat": ("mark", "~"), "bar": ("mark", "bar"), "overline": ("mark", "bar"),
    "lfloor": ("open", "floor"), "rfloor": ("close", "floor"),
    "lbrack": ("open", "["), "rbrack": ("close", "]"), "langle": ("open", "("),
    "rangle": ("close", ")"), "{": ("open", "("), "}": ("close", ")"),
    "lparen": ("open", "("), "rparen": ("close", ")"),
    "theta": ("id", "θ"), "phi": ("id", "φ"), "mu": ("id", "μ"), "alpha": ("id", "α"),
    "beta": ("id", "β"), "lambda": ("id", "λ"), "Gamma": ("id", "Γ"),
    "gamma": ("id", "γ"), "epsilon": ("id", "ε"), "varepsilon": ("id", "ε"),
    "eta": ("id", "η"), "xi": ("id", "ξ"),
    "ell": ("id", "L"),   # ℓ_D, ℓ_G: a loss's script l
    "cdots": ("id", "⋯"), "ldots": ("id", "⋯"), "dots": ("id", "⋯"),   # D(\\cdots): elided
    # the transpose sign of W^\top, W^\intercal: a weight's name, renamed away anyway
    "top": ("id", "T"), "intercal": ("id", "T"), "mathsf{T}": ("id", "T"),
}
_UNICODE: dict[str, str] = {
    "σ": "\\sigma ", "δ": "\\delta ", "⊙": "\\odot ", "∘": "\\odot ", "⊗": "\\odot ",
    "◦": "\\odot ", "•": "\\odot ",
    "−": "-", "–": "-", "—": "-", "·": "\\cdot ", "⋅": "\\cdot ", "×": "\\times ",
    "∗": "*", "∼": "\\sim ", "～": "\\sim ", "𝔼": "E", "⌊": "\\lfloor ", "⌋": "\\rfloor ",
    "（": "(", "）": ")", "，": ",", "；": ";", "【": "[", "】": "]", "［": "[", "］": "]",
    "＋": "+", "＝": "=", "′": "'", "θ": "\\theta ", "∈": "\\in ",
    "⟨": "<", "⟩": ">", "〈": "<", "〉": ">",   # x^{⟨t⟩}: the time index's angle brackets
    "Ε": "E", "ℓ": "L",   # a Greek capital Epsilon typed for the expectation's E; ℓ_D
}
_SUBSCRIPT_CHARS = str.maketrans("ₜ₋₊₀₁₂₃₄₅₆₇₈₉ᵢₓₒ", "t-+0123456789ixo")
_SUPERSCRIPT_CHARS = str.maketrans("ᵗ⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹ᵀ", "t-+0123456789T")


def _prepare(text: str) -> tuple[str, list[int]]:
    """Unicode look-alikes → LaTeX, `$` → space; returns the text and original columns."""
    out: list[str] = []
    cols: list[int] = []

    def put(piece: str, col: int) -> None:
        out.append(piece)
        cols.extend([col] * len(piece))

    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch in "₀₁₂₃₄₅₆₇₈₉ₜ₋₊ᵢₓₒ" or ch in "ᵗ⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹ᵀ":
            sub = ch in "₀₁₂₃₄₅₆₇₈₉ₜ₋₊ᵢₓₒ"
            j = i
            chars = "₀₁₂₃₄₅₆₇₈₉ₜ₋₊ᵢₓₒ" if sub else "ᵗ⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹ᵀ"
            while j < n and text[j] in chars:
                j += 1
            run = text[i:j].translate(_SUBSCRIPT_CHARS if sub else _SUPERSCRIPT_CHARS)
            put(("_{" if sub else "^{") + run + "}", col)
            i = j
            continue
        expectation = _FLAT_EXPECTATION.match(text, i) if ch == "E" else None
        if expectation is not None and (i == 0 or not text[i - 1].isalpha()):
            # flattened web text `Ex∼pdata (x)[`: the expectation E_{x∼p_data(x)}[
            var, dist = expectation.group(1), expectation.group(2) or ""
            arg = expectation.group(3) or ""
            put(f"E_{{{var} \\sim p" + (f"_{{{dist}}}" if dist else "") + f"{arg}}}[", col)
            i = expectation.end()
            continue
        if ch == ";" and 0 < i < n - 1 and text[i - 1] == " " and text[i + 1] == " " and \
                text[:i].rstrip().endswith("}"):
            put(" ", col)  # `\underset{G}{\min} ; …`: a `\;` space that lost its backslash
            i += 1
            continue
        if text.startswith("\\mathbb{E}{", i):  # `\mathbb{E}{x}[…]`: E_{x} lost its underscore
            put("\\mathbb{E}_{", col)
            i += len("\\mathbb{E}{")
            continue
        if ch == "*" and i and text[i - 1] in "}EpP" and _STARRED_SUBSCRIPT.match(text, i):
            put("_", col)              # `{\rm E}*{x\sim p*{data}}`: Markdown's * for _
            i += 1
            continue
        mathop = _MATHOP.match(text, i) if text.startswith("\\mathop", i) else None
        if mathop is not None:         # `\mathop {\max}\limits_D`: \max_D
            put(f"\\{mathop.group(1)} ", col)
            i = mathop.end()
            continue
        if text.startswith("(.)", i):  # OpenVINO's notation for the element-wise product
            put(" \\odot ", col)
            i += 3
            continue
        suffix = _MARK_SUFFIX.match(text, i)
        if suffix is not None and i and text[i - 1].isalnum():
            # code's names for a marked letter: c_t_hat, C_tilde (the mark after the name)
            put("\\tildeafter ", col)
            i = suffix.end()
            continue
        if ch in ("\u0303", "\u0302"):  # a combining tilde or hat over the letter: c̃, ĥ
            put("\\tildeafter ", col)
        elif ch.isalpha() and not ch.isascii() and len(decomposed := unicodedata.normalize(
                "NFD", ch)) == 2 and decomposed[0].isascii() and decomposed[1] in "\u0302\u0303":
            # precomposed ĥ, ĉ, ñ: the letter, then its mark
            put(decomposed[0] + "\\tildeafter ", col)
        elif ch == "~" and i and text[i - 1] in "CcGgHh" and (
                i + 1 == n or text[i + 1] in "t_{( \u209c"):
            # flattened C̃_t written `C~t`: the tilde over the letter before it, and the
            # letters after it its lost subscript
            put("\\tildeafter " + ("_" if i + 1 < n and text[i + 1] == "t" else ""), col)
        elif ch == "." and ((i >= 2 and _DOT_PRODUCT.match(text, i - 2))
                            or (i >= 1 and _DOT_PRODUCT.match(text, i - 1))):
            put(" \\cdot ", col)        # `W_f . x`, `W_{f}.[h, x]`: a product
        elif ch == "。" and i and re.search(r"[\w})\]]\s*$", text[max(0, i - 2):i]) \
                and re.match(r"\s*[\w\\{(]", text[i + 1:i + 3]):
            put(" \\odot ", col)        # `f_{t}。C_{t-1}`: a Chinese IME's circle
        elif ch == "." and text.startswith(".*", i):  # MATLAB's element-wise product
            put(" \\odot ", col)
            i += 2
            continue
        elif ch == "$":
            put(" ", col)
        elif ch in _UNICODE:
            put(_UNICODE[ch], col)
        else:
            put(ch, col)
        i += 1
    return "".join(out), cols


def split_gloss(text: str) -> tuple[str, bool]:
    """`text` without a trailing `where …` / `其中…` gloss, and whether one was cut.

    Only a gloss that follows some formula is cut; the gloss itself is never read.
    """
    match = _GLOSS.search(text)
    if match is None or not text[:match.start()].strip(" \t\n$"):
        return text, False
    return text[:match.start()].rstrip(), True


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`; raises FormulaSyntaxError naming the column of a bad character."""
    if len(text) > MAX_CHARS:
        raise FormulaTooBig("too_long", 1, f"longer than {MAX_CHARS} characters")
    src, cols = _prepare(text)
    cols.append(len(text) + 1)
    tokens: list[Token] = []
    env_depth = 0
    i = 0
    n = len(src)
    space = False

    def emit(kind: str, value: str, at: int) -> None:
        nonlocal space
        if len(tokens) >= MAX_TOKENS:
            raise FormulaTooBig("too_long", cols[at], f"more than {MAX_TOKENS} symbols")
        tokens.append(Token(kind, value, cols[at], space))
        space = False

    while i < n:
        ch = src[i]
        if ch.isspace():
            space = True
            i += 1
            continue
        if ch.isdigit() or (ch == "." and i + 1 < n and src[i + 1].isdigit()):
            j = i
            dot_seen = False
            # One decimal point at most, followed by a digit: `0..` and `1.2.3` are not numbers.
            while j < n and (src[j].isdigit() or (
                    src[j] == "." and not dot_seen and j + 1 < n and src[j + 1].isdigit())):
                dot_seen = dot_seen or src[j] == "."
                j += 1
            if j - i > 12:
                raise FormulaSyntaxError("number_too_long", cols[i], "number too long")
            emit("num", src[i:j], i)
            i = j
            continue
        if ch.isalpha():
            j = i
            while j < n and src[j].isalpha() and src[j].isascii():
                j += 1
            if j == i:  # a Greek letter is one identifier; other scripts are not formulas
                if not "\u0370" <= ch <= "\u03ff":
                    raise FormulaSyntaxError("bad_char", cols[i],
                                             f"unexpected character {ch!r}")
                emit("id", ch, i)
                i += 1
                continue
            word = src[i:j]
            if len(word) > 1 and tokens and tokens[-1].kind == "op" and tokens[-1].text == "_" \
                    and word not in NAME_WORDS and word.lower() not in FUNCTION_WORDS:
                # `X_tWxc`: a subscript without braces is one letter; the rest is a new name
                emit("id", word[0], i)
                i += 1
                continue
            pieces = None if word.lower() in FUNCTION_WORDS or word in NAME_WORDS \
                else flattened(word, src[j:j + 3])
            if pieces is not None and (len(pieces) > 1 or pieces[0][2]):
                # flattened text (`Wiixt`, `Whfht−1`, `minGmaxDV`): names glued together
                at = i
                for kind, name, sub in pieces:
                    if kind == "func":
                        emit("func", FUNCTION_WORDS[name], at)
                    else:
                        emit("id", name, at)
                    if sub:
                        emit("op", "_", at)
                        emit("open", "{", at)
                        for letter in re.findall(r"[A-Za-z]|\d|-", sub):
                            emit("num" if letter.isdigit() else
                                 "op" if letter == "-" else "id", letter, at)
                        emit("close", "}", at)
                    at += len(name) + len(sub.replace("-", ""))
                if pieces[-1][2] == "t-1":   # the 1 (and minus) of t-1 belong to the name
                    j += len(_TIME_TAIL.match(src[j:]).group(0))  # type: ignore[union-attr]
                i = j
                continue
            glued = _GLUED_PARAM.fullmatch(word) or _GLUED_SIGNAL.fullmatch(word)
            if word.lower() in FUNCTION_WORDS and (word.islower() or len(word) > 1):
                emit("func", FUNCTION_WORDS[word.lower()], i)
            elif word in NAME_WORDS:
                emit("id", word, i)
            elif glued:
                emit("id", glued.group(1), i)
                emit("op", "_", i + 1)
                sub = glued.group(2)
                if len(sub) > 1:
                    emit("open", "{", i + 1)
                for k, letter in enumerate(sub):
                    emit("id", letter, i + 1 + k)
                if len(sub) > 1:
                    emit("close", "}", j - 1)
            else:
                for k, letter in enumerate(word):
                    emit("id", letter, i + k)
            i = j
            continue
        if ch == "\\":
            i = _command(src, i, cols, emit, env_depth)
            if tokens and tokens[-1].kind == "begin":
                env_depth += 1
            elif tokens and tokens[-1].kind == "end" and env_depth:
                env_depth -= 1
            continue
        if ch == "." and i + 1 < n and src[i + 1] == "*":
            emit("op", "had", i)
            i += 2
            continue
        if ch == ":" and i + 1 < n and src[i + 1] == "=":
            emit("op", "=", i)
            i += 2
            continue
        if ch in "([{":
            emit("open", ch if ch != "{" else "{", i)
        elif ch in ")]}":
            emit("close", ch, i)
        elif ch == "*" and i + 1 < n and src[i + 1] == "*":
            emit("op", "^", i)     # x**2: Python's power
            i += 2
            continue
        elif ch == "*":
            emit("op", "ast", i)   # a literal star: element-wise between two vectors
        elif ch in "+-/^_=,;'~<>|&":
            emit("op", ch, i)
        else:
            raise FormulaSyntaxError("bad_char", cols[i], f"unexpected character {ch!r}")
        i += 1
    return tokens


def _brace_groups(src: str, start: int, count: int) -> list[tuple[str, int]] | None:
    """`count` brace groups from `start` (spaces between allowed): [(content, end), …]."""
    out = []
    k = start
    for _ in range(count):
        while k < len(src) and src[k] == " ":
            k += 1
        if k >= len(src) or src[k] != "{":
            return None
        depth, e = 0, k
        while e < len(src):
            depth += {"{": 1, "}": -1}.get(src[e], 0)
            if depth == 0:
                break
            e += 1
        if e >= len(src):
            return None
        out.append((src[k + 1:e], e + 1))
        k = e + 1
    return out


def _command(src: str, i: int, cols: list[int], put: Callable[[str, str, int], None],
             env_depth: int) -> int:
    """Lex the backslash command at `src[i]`; returns the index after it."""
    n = len(src)
    j = i + 1
    if j >= n:
        raise FormulaSyntaxError("bad_command", cols[i], "a lone backslash at the end")
    if src[j] == "\\":
        put("rowsep", "\\\\", i)
        return j + 1
    if src[j].isspace():
        # `\ ` is a LaTeX space; inside a matrix it is a row separator whose second
        # backslash markdown ate (seed 000).
        if env_depth:
            put("rowsep", "\\", i)
        return j + 1
    if not src[j].isalpha():
        name = src[j]
        j += 1
    else:
        while j < n and src[j].isalpha():
            j += 1
        name = src[i + 1:j]
    if name in _SPACES:
        return j
    if name == "tildeafter":
        put("mark", "~after", i)
        return j
    if name in _SIZERS:
        k = j
        while k < n and src[k] == " ":
            k += 1
        if k < n and src[k] in ".|":  # \left. and \right| carry nothing
            return k + 1
        return j
    if name in _WRAPPERS:
        return j
    if name in _TEXT_WRAPPERS:
        k = j
        while k < n and src[k] == " ":
            k += 1
        if k < n and src[k] == "{":
            close = src.find("}", k)
            inner = src[k + 1:close].strip() if close != -1 else ""
            if close != -1 and inner and all(c.isalnum() or c == " " for c in inner) \
                    and "{" not in src[k + 1:close]:
                word = inner.replace(" ", "")
                if word.lower() in FUNCTION_WORDS and len(word) > 1:
                    put("func", FUNCTION_WORDS[word.lower()], k + 1)
                elif word.isdigit():
                    put("num", word, k + 1)
                else:
                    put("id", word, k + 1)
                return close + 1
        return j
    if name in ("begin", "end"):
        k = j
        while k < n and src[k] == " ":
            k += 1
        close = src.find("}", k)
        if k >= n or src[k] != "{" or close == -1:
            raise FormulaSyntaxError("bad_command", cols[i], f"\\{name}{{...}}")
        env = src[k + 1:close].strip()
        put(name, env, i)
        k = close + 1
        if name == "begin" and env == "array":  # skip the column spec {l} / {cc}
            while k < n and src[k] == " ":
                k += 1
            if k < n and src[k] == "{":
                close2 = src.find("}", k)
                if close2 != -1:
                    k = close2 + 1
        return k
    if name in ("in", "mid"):
        put("op", "~", i)
        return j
    if name in ("*", "_"):   # Markdown's escapes `\*`, `\_`: the character itself
        if name == "*":
            put("op", "ast", i)
        else:
            put("op", "_", i)
        return j
    if name == "underset":  # \underset{D}{\max} is \max_D
        groups = _brace_groups(src, j, 2)
        if groups is not None:
            (below, _), (above, end) = groups
            word = above.strip().lstrip("\\").replace("\\", "").replace(" ", "")
            word = re.sub(r"^(?:operatorname|text|mathrm|textrm)\{(\w+)\}$", r"\1", word)
            word = FUNCTION_WORDS.get(word.lower(), word)   # maximize, argmax → max
            if word in ("max", "min") and below.strip().isalpha():
                put("func", word, i)
                put("op", "_", i)
                put("open", "{", i)
                for letter in below.strip():
                    put("id", letter, i)
                put("close", "}", i)
                return end
        raise FormulaSyntaxError("bad_command", cols[i], "\\underset{…}{\\max} or \\min only")
    if name in _COMMAND_TOKENS:
        kind, value = _COMMAND_TOKENS[name]
        put(kind, value, i)
        return j
    raise FormulaSyntaxError("bad_command", cols[i], f"unknown command \\{name}")
