"""LSTM formulas written in Chinese role words, read as the symbols the words name.

Chinese students and notes write the gates and states by their roles:

    隐藏状态 = 输出门 * tanh(细胞状态)                       h_t = o_t * tanh(c_t)
    细胞状态 = 遗忘门 × 上一时刻的细胞状态 + 输入门 × 候选记忆   c_t = f_t × c_{t-1} + i_t × c̃_t
    # 新的细胞状态，由 遗忘门×过去细胞状态 + 输入门×候选细胞状态组成（…）

Each word (Simplified or Traditional) is the symbol it names: 遗忘门 f_t, 输入门 (更新门, Andrew
Ng's update gate; 记忆门) i_t, 输出门 o_t, 候选… (新输入单元, 新信息) c̃_t, 细胞/单元/长期状态
(记忆) c_t, 隐藏状态 h_t, 输入 x_t; 上一时刻/前一时刻/t-1时刻 (过去, 旧, 上个时刻) before a
state make it the state at t−1. In a cell update, the cell state the forget gate multiplies is
the one kept from before (`遗忘门 * 当前单元状态`, the state held before the update).
× · * ⊙ are left as written: the products the other readings already use. The words around
the formula (a step's label before `：`, a number, `#`, a note in brackets, `X，由 … 组成`)
are left out. The formula is only rewritten, never evaluated: a missing tanh stays missing.
"""

from __future__ import annotations

import re

from grader.formula.text import HAS_CJK

__all__ = ["read_role_words"]

_OPEN, _CLOSE = "\x02", "\x03"
"""Marks around each symbol read from a word, so the formula holding them can be found."""

_PREVIOUS = (r"(?:上一时刻|上一時刻|前一时刻|前一時刻|t\s*-\s*1\s*[时時]刻|上[个個]时刻|"
             r"上[个個]時刻|上一步|上一[时時]间步|上一時間步|前一[时時]间步|前一時間步|"
             r"[过過]去|旧|舊)的?")
_CELL = (r"(?:细胞状态|細胞狀態|单元状态|單元狀態|长期状态|長期狀態|长期记忆|長期記憶|细胞态|"
         r"細胞態|记忆元|記憶元|记忆单元|記憶單元|记忆|記憶|状态|狀態)")
_HIDDEN = r"(?:隐藏状态|隱藏狀態|隐状态|隱狀態|短期记忆|短期記憶|输出值|輸出值)"
_NOW = r"(?:当前的?|當前的?|新的?|最终的?|最終的?|本时刻的?|本時刻的?)?"
_SUFFIX = r"(?:_(?:output|out|value|val))?"

_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), symbol) for pattern, symbol in (
        (rf"(?:遗忘门|遺忘門|忘记门|忘記門){_SUFFIX}", "f_{t}"),
        (rf"(?:输入门|輸入門|更新门|更新門|记忆门|記憶門){_SUFFIX}", "i_{t}"),
        (rf"(?:输出门|輸出門){_SUFFIX}", "o_{t}"),
        (r"(?:候选|候選)(?:细胞状态|細胞狀態|记忆元|記憶元|记忆单元|記憶單元|记忆|記憶|细胞|"
         r"細胞|值|状态|狀態|向量)?|新输入单元|新輸入單元|新信息|当前记忆状态|當前記憶狀態",
         "\\tilde{c}_{t}"),
        (_PREVIOUS + _HIDDEN, "h_{t-1}"),
        (_PREVIOUS + _CELL, "c_{t-1}"),
        (_NOW + _HIDDEN, "h_{t}"),
        (_NOW + _CELL, "c_{t}"),
        (r"(?:当前|當前)(?:时刻的?|時刻的?)?输入|(?:当前|當前)(?:时刻的?|時刻的?)?輸入", "x_{t}"),
    ))

_ANY_WORD = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _WORDS))
_MADE_OF = re.compile(r"^(.*?\x03)\s*[，,]?\s*由\s*(.+?)\s*(?:组成|組成|构成|構成)")
"""`新的细胞状态，由 A + B 组成`: the state is made of A + B (c_t = A + B)."""
_PROSE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef—]+")
"""What is left between formulas once the words are read: Chinese prose and punctuation."""
_LONE_STATE = re.compile(r"\x02?[A-Za-z]\w*(?:_\{[^{}]*\})?\x03?")
"""A state alone on one side of `=` (c_t, a_next): the one the formula defines."""
_FORGET_TIMES_NOW = re.compile(
    r"(\x02f_\{t\}\x03\s*(?:\*|×|·|⊙|\\odot|\\times|\\cdot)\s*\x02c_)\{t\}(\x03)"
    r"|(\x02c_)\{t\}(\x03\s*(?:\*|×|·|⊙|\\odot|\\times|\\cdot)\s*\x02f_\{t\}\x03)")


_SEP = "\x1f"
_MARKED = re.compile("\x02([^\x02\x03\x1f]*)\x1f([^\x02\x03\x1f]*)\x03")


def _mark(symbol: str, word: str) -> str:
    return f"{_OPEN}{symbol}{_SEP}{word}{_CLOSE}"


def _operands_only(line: str) -> str:
    """Words that are not a formula's operands are prose again: a word inside a Chinese
    phrase (`更新单元状态：`, `记忆遗忘`), or a label before `:`, `$` or an English gloss
    (`遗忘门(forget gate):`, `輸出門 $$`)."""
    def keep(match: re.Match[str]) -> str:
        before = line[match.start() - 1:match.start()]
        after = line[match.end():match.end() + 1]
        label = re.match(r"\s*(?:[:：$]|\([A-Za-z ]+\))", line[match.end():])
        if HAS_CJK.match(before) or HAS_CJK.match(after) or label:
            return match.group(2)
        return f"{_OPEN}{match.group(1)}{_CLOSE}"
    return _MARKED.sub(keep, line)


def _read_words(line: str) -> str:
    out, pos = [], 0
    for match in _ANY_WORD.finditer(line):
        word = match.group(0)
        symbol = next(s for p, s in _WORDS if p.fullmatch(word))
        out += [line[pos:match.start()], _mark(symbol, word)]
        pos = match.end()
    return "".join(out) + line[pos:]


def _formula_of(line: str) -> str | None:
    """The part of a line (its words read) that is the formula: one with `=` and a word
    read in it; the prose, numbering and bracketed notes around it are left out."""
    made = _MADE_OF.search(line)
    if made is not None:
        line = f"{made.group(1)} = {made.group(2)}"
    line = _operands_only(line)
    parts = [p for p in _PROSE.split(line) if "=" in p and _OPEN in p]
    if not parts:
        return None
    part = parts[-1].strip()
    part = re.sub(r"^(?:[#\-*>]+\s*)*(?:\d+\s*[.)、]\s*)?", "", part)
    while part.count("(") > part.count(")") and part.rstrip().endswith("("):
        part = part.rstrip()[:-1].rstrip()
    if re.search(r"\(\s*$", part) or not part:
        return None
    # the cell state the forget gate multiplies is the one from before the update
    part = _FORGET_TIMES_NOW.sub(
        lambda m: (f"{m.group(1)}{{t-1}}{m.group(2)}" if m.group(1)
                   else f"{m.group(3)}{{t-1}}{m.group(4)}"), part)
    # `遗忘门×旧记忆 + 输入门×新信息 = 新记忆`: the state named after the `=` is the one defined
    lhs, equals, rhs = part.partition("=")
    if equals and "=" not in rhs and _LONE_STATE.fullmatch(rhs.strip()) \
            and _LONE_STATE.fullmatch(lhs.strip()) is None:
        part = f"{rhs.strip()} = {lhs.strip()}"
    return part.strip()


def read_role_words(text: str) -> str | None:
    """`text` with an LSTM formula written in Chinese role words read as symbols (see the
    module); None when no formula in it is written so."""
    if _ANY_WORD.search(text) is None:
        return None
    # a formula of its own in symbols (code under a comment in words) is the answer
    if any("=" in part and re.search(r"[A-Za-z]", part) and _ANY_WORD.search(part) is None
           for part in re.split(r"[\n#]", text)):
        return None
    rows = []
    for line in text.splitlines():
        formula = _formula_of(_read_words(line))
        if formula is not None:
            rows.append(formula.replace(_OPEN, "").replace(_CLOSE, ""))
    return "\n".join(rows) if rows else None
