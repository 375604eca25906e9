"""What students paste around a formula, removed before it is read.

Copied from a paper, a wiki, Word or a PDF, a formula arrives with layout debris — `&=`,
`\\\\`, `\\tag{2}`, `\\begin{aligned}`, `\\[ … \\]`, a trailing `，` —, with labels and prose
— `遗忘门：`, `Forget gate:`, `(1)`, `，其中 σ 为 sigmoid 函数` —, and in math-italic letters
(`𝑓𝑡=𝜎(𝑊𝑓⋅[ℎ𝑡−1,𝑥𝑡]+𝑏𝑓)`). None of it is part of the answer.

Everything removed is replaced by spaces of the same length, so every column the parser
names still points into the text the student wrote. A block of several equations pasted
for one item keeps the one row whose left-hand side names the item (`pick_row`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from grader.formula.text import CJK, HAS_CJK

__all__ = ["clean_layout", "from_gradient_step", "from_image_links", "from_katex_copy",
           "join_pdf_lines", "pick_row", "pick_rows"]

_LAYOUT_ENVS = ("aligned", "align", "align*", "alignat", "alignat*", "equation",
                "equation*", "gather", "gather*", "gathered", "split", "multline",
                "multline*", "eqnarray", "eqnarray*", "flalign", "flalign*", "displaymath",
                "math")
_MATRIX_ENV = re.compile(r"\\begin\s*\{\s*(?:[pbBvV]?matrix|smallmatrix|array|cases)\s*\}")
_ENV = re.compile(r"\\(?:begin|end)\s*\{\s*(" + "|".join(re.escape(e) for e in _LAYOUT_ENVS)
                  + r")\s*\}(?:\s*\{[^{}]*\})?")
_DEBRIS = re.compile(r"\\(?:tag\*?|label|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag|newline)\b"
                     r"|(?:\\q?quad|&)\s*&?\s*\\text\s*\{(?!\s*(?:where|with|其中|式中)\b)"
                     r"[^{}=]*\}"                        # `&\text{next hidden state}`
                     r"|\\[\[\]()]|\$\$")
_TRAILING = re.compile(r"(?:\s|\\\\|[,.;，。；、:：])+$")
_ENUMERATION = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|（\s*\d{1,2}\s*）|\d{1,2}\s*[.)、）]"
                          r"|[\u2460-\u2473])\s+")
_LABEL = re.compile(rf"^\s*(?:[{CJK}][{CJK}A-Za-z0-9 （）()]*|[A-Za-z][A-Za-z ]*[A-Za-z])"
                    r"\s*[:：]\s*")
_LEADING_CJK = re.compile(rf"^\s*[{CJK}][{CJK}]*\s*(?=[A-Za-z\\])")
_GLOSS_WORD = re.compile(r"其中|式中|这里|此处|\bwhere\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:div|span|br|sub|sup|em|strong|font|code|pre|li|ul|ol|td|tr|th"
                       r"|table|img|script|style)\b[^<>]*>", re.IGNORECASE)
"""An HTML tag left over from a web page (`</div>`, `<br/>`, `<span class="x">`); never
`<t>`, a time index."""
_WRAPPED = re.compile(r"^\s*\[(?=[^\]]*=)(.*)\]\s*$", re.DOTALL)
"""A whole equation inside one pair of square brackets (`[r_t = …]`): Markdown-ish display."""
_ROW_BREAK = re.compile(r"\\\\(?!_[A-Za-z])|\\newline\b|\n|(?<!\\)\\ (?=[^=\\]{1,16}=)"
                        r"|[,，](?=\s*[\\A-Za-z0-9{}_^~'\s-]{1,30}=)")
"""`\\\\`, a new line, a lone `\\ ` before the next equation (a `\\\\` that lost half), or a
comma before one (`i_t = …, \\tilde{C}_t = …`)."""


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _letters(text: str) -> str:
    """Math-italic, bold, script and full-width letters as plain ones, one for one."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0x1D400 <= code <= 0x1D7FF or 0xFF21 <= code <= 0xFF5A or ch in "ℎℓℯ":
            plain = unicodedata.normalize("NFKC", ch)
            out.append(plain if len(plain) == 1 else ch)
        else:
            out.append(ch)
    return "".join(out)


_MATH_REGION = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$(.+?)\$|:math:`([^`]+)`",
                          re.DOTALL)
"""A delimited piece of math: `$$…$$`, `\\[…\\]`, `\\(…\\)`, `$…$`, reST's :math:`…`."""
_DIRECTION_AFTER = re.compile(r"\s*(?:的值)?\s*(最大化?|最小化?)")
"""Chinese puts the direction after the formula: `:math:`log(1-D(G(z)))` 最小`."""
_EQUATION_NUMBER = re.compile(r"(?<=[\s)\]])(?:\s*\(\d{1,2}\))+\s*$")
"""Equation numbers after a formula: `… (2)`, `…(1)(1)`."""
_LEADING_EQUALS = re.compile(r"^\s*=(?!=)")
"""A continued line's `= …` (the left-hand side was on the line before)."""
_DIRECTION = re.compile(r"(最大化|最小化|maximi[sz](?:e|es|ing)|minimi[sz](?:e|es|ing)|"
                        r"ascend(?:s|ing)?|descend(?:s|ing)?)(?:\s+(?:on\s+)?the(?:\s+stochastic)?"
                        r"\s+gradient\s+of)?"
                        r"(?:\s+the)?(?:\s+(?:term|loss|value|objective|expression))?"
                        r"\s*[:：]?\s*$", re.IGNORECASE)
"""A verb right before a formula in prose that says which way it is optimised (`minimize
the term $…$`, `descend the gradient of $…$`)."""
_CODE_COMMENT = re.compile(r"\s#\s+[^=]*$")
"""A trailing code comment (`# Discriminator Loss`); `\\#` is LaTeX's own # and stays."""


def _closed(kept: str, m: re.Match[str]) -> str:
    """`kept` with the region's closing delimiter turned into the `)` its formula lacks, if
    it lacks one or two (`$… \\right\\rbrack +b_{c}$`): a slip of the hand, same length."""
    body = next(i for i, g in enumerate(m.groups(), start=1) if g is not None)
    group = m.group(body)
    missing = group.count("(") - group.count(")")
    room = m.end() - m.end(body)
    if 0 < missing <= room and missing <= 2:
        return kept[:m.end(body)] + ")" * missing + kept[m.end(body) + missing:]
    return kept


def _only_math(text: str) -> str:
    """Of prose holding one equation in math delimiters (`(3)$f_t = …$`, `\\[h_t = …\\]2. So,
    now …`), the equation alone; of a Markdown table row (`| 入力ゲート | … | iₜ = … |`), the
    one cell holding an equation. `text` unchanged otherwise."""
    found = list(_MATH_REGION.finditer(text))
    regions = [m for m in found if "=" in next(g for g in m.groups() if g is not None)]
    if not regions and len(found) == 1 and (
            HAS_CJK.search(text[:found[0].start()] + text[found[0].end():])
            or _DIRECTION.search(text[:found[0].start()][-30:])):
        regions = found  # `生成器的目标是最小化 $\log(1 - D(G(z)))$，即…`: the one formula
    if not regions and len(found) > 1:
        # several, none an equation: the one the prose gives a direction
        # (`:math:`log(1-D(G(z)))` 最小。 也就是 :math:`d(G(z))` 尽可能为1`)
        directed = [m for m in found if _DIRECTION.search(text[:m.start()][-30:])
                    or _DIRECTION_AFTER.match(text, m.end())]
        optimised = [m for m in found if re.search(r"\\(?:max|min)\b|\\mathop", m.group(0))]
        regions = directed if len(directed) == 1 else optimised if len(optimised) == 1 else []
    if len(regions) == 1:
        m = regions[0]
        outside = (text[:m.start()] + text[m.end():]).strip()
        if outside and "=" not in outside:
            kept = _blank(_blank(text, m.end(), len(text)), 0, m.start())
            # the prose may say which way the formula is optimised: `最大化 $…$`, `$…$ 最小`
            verb = _DIRECTION.search(text[:m.start()]) or _DIRECTION_AFTER.match(text, m.end())
            if verb is not None and m.start() >= 5:
                word = "\\max " if verb.group(1).lower().startswith(("最大", "maxim", "ascend")) \
                    else "\\min "
                kept = kept[:m.start() - 5] + word + kept[m.start():]
            if m.group(5) is not None:        # :math:`…`: the role and its backticks go
                kept = _blank(_blank(kept, m.end(5), m.end()), m.start(), m.start(5))
            return _closed(kept, m)
    stripped = text.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        cells = [(c.start(), c.end()) for c in re.finditer(r"[^|]+", text)]
        with_eq = [(a, b) for a, b in cells if "=" in text[a:b]]
        if len(with_eq) == 1:
            a, b = with_eq[0]
            return " " * a + text[a:b] + " " * (len(text) - b)
    return text


_PROSE_WORD = re.compile(r"(?<![\\\w])[A-Za-z]{3,}(?![\w(])")
_SPAN_START = re.compile(r"-?\s*(?:\\?log(?:\s*[DG](?=\s*\())?|\\?exp|\\?tanh|\\sigma|σ|E)\s*[(\[]")
_VERB_BEFORE = re.compile(r"(?:(minimi[sz](?:e|es|ing)|maximi[sz](?:e|es|ing)|最小化|最大化)\s*)$",
                          re.IGNORECASE)
_REJECTED = re.compile(r"(?:rather than|instead of|不再|而不是)[^.;,，。()]*$", re.IGNORECASE)
"""`Rather than training G to minimize …`: the formula the sentence turns away from."""


def _formula_in_prose(text: str) -> str:
    """A formula written inside a sentence with no `=` and no delimiters (`G tries to
    minimise log(1-D(G(z))) while D …`): the one formula (the one after a verb saying
    which way it goes, when there are several), with that verb as `\\min`/`\\max`; `text`
    unchanged otherwise."""
    if "=" in text or "$" in text or (len(_PROSE_WORD.findall(text)) < 4
                                      and len(HAS_CJK.findall(text)) < 8):   # 中文的句子
        return text
    spans: list[tuple[int, int, re.Match[str] | None]] = []
    for start in _SPAN_START.finditer(text):
        depth, end = 0, None
        for j in range(start.end() - 1, len(text)):
            depth += (text[j] in "([") - (text[j] in ")]")
            if depth == 0:
                end = j + 1
                break
        if end is not None and not any(a <= start.start() < b for a, b, _ in spans):
            before = text[:start.start()].rstrip()
            verb = _VERB_BEFORE.search(before)
            if verb is not None and _REJECTED.search(before[:verb.start()]):
                continue                            # named only to be set aside
            spans.append((start.start(), end, verb))
    chosen = [s for s in spans if s[2] is not None] or spans
    if len(chosen) != 1:
        return text
    a, b, verb = chosen[0]
    kept = " " * a + text[a:b] + " " * (len(text) - b)
    if verb is not None and a >= 5:
        word = "\\max " if verb.group(1).lower().startswith(("最大化", "maxim")) \
            else "\\min "
        kept = kept[:a - 5] + word + kept[a:]
    return kept


_ESCAPED_UNDERSCORE = re.compile(r"(?<=[A-Za-z])\\\\?_(?=[A-Za-z])")
"""`forget\\_bias`, `forget\\_bias`: an underscore escaped for Markdown or reST."""
_CLOSED_DISPLAY = re.compile(r"\\\]|\$\$")


def _prose_after_display(text: str) -> str:
    """A copy that starts inside a display and runs on past it (`… \\end{align} \\]For more
    details, …`): the prose after the unmatched closing `\\]` is blanked."""
    closes = list(_CLOSED_DISPLAY.finditer(text))
    if len(closes) == 1 and "\\[" not in text and text.count("$$") <= 1:
        end = closes[0].end()
        if _PROSE_WORD.search(text[end:]) and "=" not in text[end:]:
            return _blank(text, closes[0].start(), len(text))
    return text


_STRAY_ANGLE = re.compile(r"(?<=[+\-=(,])\s*>(?![=>])")
"""`+>b_{o}`: a `>` straight after an operator, left by a copy (never `<t>`, `>=`)."""


_NET_PARAMETERS = re.compile(r"\s*;\s*(?:\\(?:var)?phi|\\theta|[φθ])"
                             r"(?:\s*_\s*\{?\s*[A-Za-z]\s*\}?)?\s*(?=(?:\\right\s*)?\))")
r"""`D(x; \phi)`, `G(z; \theta_g)`: the networks' parameters after a `;`, not an argument."""


def clean_layout(text: str) -> str:
    """`text` with layout debris, labels and trailing prose blanked out (same length)."""
    text = _NET_PARAMETERS.sub(lambda m: " " * len(m.group(0)), text)
    text = _ESCAPED_UNDERSCORE.sub(lambda m: " " * (len(m.group(0)) - 1) + "_", text)
    text = _STRAY_ANGLE.sub(lambda m: " " * len(m.group(0)), text)
    text = _prose_after_display(_formula_in_prose(_letters(text)))
    garbage = text.find("\ufffd")  # a copy that went through the wrong encoding: cut there
    if garbage > 0 and text[:garbage].strip():
        text = _blank(text, garbage, len(text))
    number = _EQUATION_NUMBER.search(text)
    if number is not None and text[:number.start()].strip():
        text = _blank(text, number.start(), number.end())
    lead = _LEADING_EQUALS.match(text)
    if lead is not None:
        text = _blank(text, lead.start(), lead.end())
    text = _only_math(text)
    comment = _CODE_COMMENT.search(text)
    if comment is not None and "=" in text[:comment.start()]:
        text = _blank(text, comment.start(), len(text))
    wrapped = _WRAPPED.match(text)
    if wrapped is not None and _balanced(wrapped.group(1)):
        text = _blank(text, wrapped.end(1), wrapped.end())
        text = _blank(text, wrapped.start(), wrapped.start(1))
    for pattern in (_DEBRIS, _ENV, _HTML_TAG):
        for match in reversed(list(pattern.finditer(text))):
            text = _blank(text, match.start(), match.end())
    if not _MATRIX_ENV.search(text):
        text = text.replace("&", " ")
    for pattern in (_ENUMERATION, _LABEL, _LEADING_CJK):
        lead = pattern.match(text)
        if lead is not None and text[lead.end():].strip():
            text = _blank(text, lead.start(), lead.end())
    cut = _trailing_prose(text)
    if cut is not None and not _GLOSS_WORD.search(text[cut:]):  # a gloss: cut and noted later
        text = _blank(text, cut, len(text))
    tail = _TRAILING.search(text)
    if tail is not None and text[:tail.start()].strip():
        text = _blank(text, tail.start(), tail.end())
    return _without_stray_closers(text)


def _without_stray_closers(text: str) -> str:
    """`text` with each `)` or `]` that closes nothing of its kind blanked out: a slip of
    the copy (`\\sigma(W x_t])`), which otherwise makes the whole formula unreadable."""
    opened: list[str] = []
    stray: list[int] = []
    for i, ch in enumerate(text):
        if i and text[i - 1] == "\\":
            continue                      # \[ \] \( \): delimiters, blanked already
        if ch in "([":
            opened.append(ch)
        elif ch in ")]":
            want = "(" if ch == ")" else "["
            if want not in opened:
                stray.append(i)
                continue
            while opened and opened.pop() != want:
                pass
    for i in stray:
        text = _blank(text, i, i + 1)
    return text


def _balanced(text: str) -> bool:
    """Square brackets in `text` pair up (so an outer pair is a wrapper, not an argument)."""
    depth = 0
    for ch in text:
        depth += (ch == "[") - (ch == "]")
        if depth < 0:
            return False
    return depth == 0


def _trailing_prose(text: str) -> int | None:
    """Where Chinese prose after the formula begins (`，表示遗忘门`, `（遗忘门）`): the first
    separator or bracket outside all brackets after which everything is prose with no `=`."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{（【":
            if depth == 0 and ch in "(（" and text[:i].strip() and _prose_group(text, i):
                return i
            depth += 1
        elif ch in ")]}）】":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ",，;；。" and text[:i].strip() and _prose(text[i:]):
            return i
    return None


def _prose(rest: str) -> bool:
    return "=" not in rest and bool(HAS_CJK.search(rest))


def _prose_group(text: str, start: int) -> bool:
    """Whether the bracket opened at `start` holds prose and ends the text (`（遗忘门）`)."""
    depth = 0
    for j in range(start, len(text)):
        if text[j] in "(（":
            depth += 1
        elif text[j] in ")）":
            depth -= 1
            if depth == 0:
                return _prose(text[start:j + 1]) and not text[j + 1:].strip(" \t,.;，。；")
    return False


_ARRAY_ENV = re.compile(r"\\begin\s*\{\s*array\s*\}\s*\{[^{}]*\}|\\end\s*\{\s*array\s*\}")
_ARRAY_OF_EQUATIONS = re.compile(r"\\begin\s*\{\s*array\s*\}(?:(?!\\end\s*\{\s*array).)*="
                                 r"(?:(?!\\end\s*\{\s*array).)*\\\\(?:(?!\\end\s*\{\s*array).)*=",
                                 re.DOTALL)
"""An array whose rows are equations (two `=` across a row break), not a matrix."""


_FLAT_LHS = re.compile(r"(?:[fiogchzFIOGCH]|[cC]~)(?:~?t)?(?==)")
"""Where a gate's equation begins in flattened text: its letter (with a lost `t`) and `=`."""


def pick_row(text: str, labels: tuple[str, ...]) -> str:
    """Of several equations (rows separated by `\\\\` or new lines), the one whose
    left-hand side is labelled with one of `labels` (`f` for the forget gate), the others
    blanked out; `text` unchanged when there is one row, or no single row is labelled so."""
    return pick_rows(text, labels)[0]


def pick_rows(text: str, labels: tuple[str, ...]) -> tuple[str, list[str]]:
    """`pick_row`'s text, and the texts of the other rows when one was picked (a row may
    define a name the picked one uses: `x = [h_{t-1}; x_t] \\\\ f_t = σ(W_f x + b_f)`)."""
    if _MATRIX_ENV.search(text) and _ARRAY_OF_EQUATIONS.search(text):
        # `\begin{array}{ll} i = … \\ f = … \end{array}`: an array used to align rows
        for match in reversed(list(_ARRAY_ENV.finditer(text))):
            text = _blank(text, match.start(), match.end())
    bounds = _outer_rows(text)
    regions = [m.span() for m in _MATH_REGION.finditer(text) if "=" in m.group(0)]
    if len(bounds) == 1 and len(regions) > 1:
        bounds = regions        # `\[ C̃_t = … \] and \[ i_t = … \]`: each display a row
    elif len(bounds) == 1 and text.count("=") > 1 and not any(c.isspace() for c in text):
        # flattened rendered math, one equation straight after the other:
        # `i=σ(Wiix+bii)f=σ(Wifx+bif)…c=fc+igh=otanh(c)`
        cuts = [0, *(m.start() for m in _FLAT_LHS.finditer(text) if m.start()), len(text)]
        bounds = list(itertools.pairwise(cuts))
    rows = [(a, b) for a, b in bounds if text[a:b].strip()]
    rows, text = _continued_rows(rows, text)
    if len(rows) < 2:
        return text, []
    # Labels in order of preference: of a block holding g_t and c_t, the candidate is g_t.
    named = [(a, b, _row_label(text[a:b])) for a, b in rows]
    chosen = next(([(a, b) for a, b, label in named if label == wanted] for wanted in labels
                   if sum(label == wanted for _, _, label in named) == 1), None)
    if chosen is None:
        # the same left-hand side twice (`a = c` … `会变成` `a = Γ_o * c`): a derivation
        # whose last line is the answer
        chosen = next(([[(a, b) for a, b, label in named if label == wanted][-1]]
                       for wanted in labels if any(label == wanted for _, _, label in named)),
                      None)
    if chosen is None:
        return text, []
    keep_a, keep_b = chosen[0]
    others = [text[a:b] for a, b in rows if (a, b) != (keep_a, keep_b)]
    return " " * keep_a + text[keep_a:keep_b] + " " * (len(text) - keep_b), others


_CONTINUED = re.compile(r"^[\s$&]*(?:\\\[)?[\s$&]*=(?!=)")
"""A row that starts with `=` (`=& \\min …`, a display `$$ =\\max … $$`): the chain of the row
before it goes on."""


def _continued_rows(rows: list[tuple[int, int]], text: str
                    ) -> tuple[list[tuple[int, int]], str]:
    """Rows joined to the row before when they start with `=`, the break between them
    blanked: `\\max_D V \\ =& \\max_D E[…]` is one chain written over two lines."""
    joined: list[tuple[int, int]] = []
    for a, b in rows:
        if not text[a:b].replace("$", "").strip():
            continue           # a line holding only a display's `$$`
        if joined and _CONTINUED.match(text[a:b]):
            start, end = joined[-1]
            text = _blank(text, end, a)
            joined[-1] = (start, b)
        else:
            joined.append((a, b))
    return joined, text


_ENV_EDGE = re.compile(r"\\(begin|end)\s*\{[^{}]*\}")


def _outer_rows(text: str) -> list[tuple[int, int]]:
    """Spans of the rows of `text`, split at row breaks outside any matrix environment
    (a matrix's own `\\\\` separates its entries, not equations)."""
    depth, spans, start, i = 0, [], 0, 0
    edges = {m.start(): m for m in _ENV_EDGE.finditer(text)}
    while i < len(text):
        edge = edges.get(i)
        if edge is not None:
            env = text[edge.start():edge.end()]
            if _MATRIX_ENV.match(env) or re.match(r"\\end\s*\{\s*(?:[pbBvV]?matrix|smallmatrix|"
                                                   r"array|cases)\s*\}", env):
                depth += 1 if edge.group(1) == "begin" else -1
            i = edge.end()
            continue
        brk = _ROW_BREAK.match(text, i) if depth <= 0 else None
        if brk is not None and brk.end() > i:
            spans.append((start, i))
            start = i = brk.end()
            continue
        i += 1
    spans.append((start, len(text)))
    return spans


_FONT = r"(?:\\(?:mathbf|boldsymbol|bm|mathrm|mathit|pmb)\s*\{\s*)?"
_LHS_NAME = re.compile(rf"^[\s{{$]*{_FONT}(\\(?:tilde|widetilde|hat|bar|overline)\s*\{{?\s*)?"
                       rf"{_FONT}(\\?[A-Za-z]+)")
"""A row's left-hand name, past a font (`\\mathbf{O}_t`, `\\tilde{\\mathbf{C}}_t`)."""


def _row_label(row: str) -> str | None:
    """The letter naming the row's left-hand side (`f`, `c~` for C̃, the gate of Γ_f)."""
    if "=" not in row:
        return None
    lhs = clean_layout(row.split("=", 1)[0].replace("$", " "))  # `$$\begin{align} i_t &=`
    match = _LHS_NAME.match(lhs)
    if match is None:
        return None
    name = match.group(2).lstrip("\\")
    if name.lower() == "gamma":  # \Gamma_f: the gate is the subscript
        sub = re.match(r"\s*_\s*\{?\s*([A-Za-z])", lhs[match.end():])
        return sub.group(1).lower() if sub else None
    letter = name[0].lower() if len(name) <= 2 else name
    marked = match.group(1) or lhs[match.end():].lstrip().startswith("~")   # `c~t=`
    return letter + "~" if marked else letter


_PDF_INDEX = re.compile(r"\s*([tTk](?:\s*[-−+]\s*1)?)\s*")
"""A line holding only a time index: how a PDF's text layer leaves a subscript."""
_PDF_BASE = re.compile(r"([A-Za-zĥĉ̃]\u0303?)\s?([a-z]{1,2})?\s*$")
"""The end of the line before it: the base letter, then what was set above it (`cl`, `f l`:
c and f with the superscript l, a layer's index)."""


def join_pdf_lines(text: str) -> str:
    """A formula copied from a PDF, one line per baseline — `cl⏎t⏎= f l⏎⏎t⏎◦ cl⏎⏎t−1` —
    joined back into `c^{l}_{t} = f^{l}_{t} ◦ c^{l}_{t−1}`; `text` unchanged unless at
    least two of its lines are bare time indices following a letter."""
    lines = text.split("\n")
    if len(lines) < 4 or len(lines) > 200:
        return text
    out: list[str] = []
    joined = 0
    for line in lines:
        index = _PDF_INDEX.fullmatch(line)
        prev = next((k for k in range(len(out) - 1, -1, -1) if out[k].strip()), None)
        if index is not None and prev is not None:
            base = _PDF_BASE.search(out[prev])
            if base is not None:
                sup = f"^{{{base.group(2)}}}" if base.group(2) else ""
                time = re.sub(r"\s+", "", index.group(1))
                out[prev] = out[prev][:base.start()] + base.group(1) + sup + f"_{{{time}}}"
                joined += 1
                continue
        out.append(line)
    if joined < 2:
        return text
    return " ".join(part.strip() for part in out if part.strip())


_IMAGE_LINK = re.compile(r"https?://[\w.-]*(?:codecogs\.com/[\w.]*latex|"
                         r"render\.githubusercontent\.com/render/math|/render/math|"
                         r"chart\.googleapis\.com/chart)\?(?:[\w-]+=[^&\s)]*&)*"
                         r"(?:math=|chl=|cht=tx&chl=)?(\S+)")
"""A formula rendered as an image by a web service, its LaTeX in the link."""


def from_image_links(text: str) -> str | None:
    """The LaTeX inside image links (`![](https://latex.codecogs.com/gif.latex?F_t=…)`,
    GitHub's `render/math?math=%5Csigma…`), one per row; None when there are none."""
    from urllib.parse import unquote

    found = []
    for match in _IMAGE_LINK.finditer(text):
        link = match.group(1)
        while link.endswith(")") and link.count(")") > link.count("("):
            link = link[:-1]                  # the `)` closing Markdown's `![](…)`
        if link.strip():
            found.append(unquote(link))
    return "\n".join(found) if found else None


_GRADIENT = re.compile(r"(?:\\(?:nabla|triangledown)|∇)\s*"
                       r"(?:_\s*(?:\{[^{}]{0,40}\}|\\?[A-Za-zθφ]+)|[θφ]_?[dg]?)?")
_ASCENT = re.compile(r"ascen(?:t|d|ding)|上升|最大化", re.IGNORECASE)
_DESCENT = re.compile(r"descen(?:t|d|ding)|下降|最小化", re.IGNORECASE)
_PARAMETRISED_PLAYER = re.compile(r"\b([DG])\s*_\s*(?:\{\s*)?(?:\\(?:phi|theta)|[φθ]|theta_?[dg]|"
                                  r"\\theta_?\{?[dg]\}?)(?:\s*\})?")


def _open_brackets(text: str) -> int:
    return sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")


def from_gradient_step(text: str) -> str | None:
    """A step of GAN training written as a gradient (Goodfellow et al.'s Algorithm 1: "update
    the discriminator by ascending its stochastic gradient ∇_{θ_d} 1/m Σ […]") as the
    objective it climbs or descends: `\\max …` for ascent, `\\min …` for descent, the
    gradient signs and the players' parameter subscripts (D_φ, G_θ) left out. None when
    `text` holds no gradient or says no direction."""
    if not _GRADIENT.search(text):
        return None
    up, down = _ASCENT.search(text), _DESCENT.search(text)
    if (up is None) == (down is None):
        return None
    rows = [row for row in re.split(r"\n|\\\\", text) if _GRADIENT.search(row)]
    if len(rows) != 1:
        return None
    lines = text.split("\n")                   # a display broken over lines inside its
    k = next(i for i, line in enumerate(lines) if _GRADIENT.search(line))   # brackets goes on
    while _open_brackets(rows[0]) > 0 and k + 1 < len(lines) and "\\\\" not in rows[0]:
        k += 1
        rows[0] += " " + lines[k]
    first = _GRADIENT.search(rows[0])
    assert first is not None
    row = _GRADIENT.sub(" ", rows[0][first.start():])         # the prose before it goes
    depth, last = 0, -1
    for i, ch in enumerate(row):
        depth += (ch in "{([") - (ch in "})]")
        if ch == "=" and depth == 0:
            last = i
    row = row[last + 1:]                                      # ∇V = …: what V is
    row = _PARAMETRISED_PLAYER.sub(lambda m: m.group(1), row)
    return ("\\max " if up is not None else "\\min ") + row.strip()


def from_katex_copy(text: str) -> str | None:
    """The LaTeX of a formula copied from a page that renders it with KaTeX (CSDN and many
    blogs): the copy holds the spaced glyphs (`Loss D = 1 m ∑ i = 1 m [ log D ( x i ) …`),
    then the LaTeX source, then the glyphs again run together. None unless `text` starts
    with such spaced glyphs before its first LaTeX command."""
    first = re.search(r"\\[A-Za-z]", text)
    if first is None or first.start() < 10:
        return None
    tokens = text[:first.start()].split()
    if len(tokens) < 8 or sum(len(t) == 1 for t in tokens) < 0.6 * len(tokens):
        return None
    last = max(m.start() for m in re.finditer(r"\\[A-Za-z]", text))
    depth = 0
    for i in range(first.start(), len(text)):
        depth += (text[i] in "{([") - (text[i] in "})]")
        if i > last and depth == 0 and text[i] in "})]" and (i + 1 == len(text)
                                                           or text[i + 1].isspace()):
            return text[first.start():i + 1]
    return None

