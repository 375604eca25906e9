"""Formulas a student keeps in code comments, and Chinese words for a formula's marks.

    # 4.細胞態(c(t))  # C(t) = f(t) * C(t-1) + i(t) * (c(t)波浪號) # 細胞態 = 遺忘門 * …

Each comment line holds a label, the formula and a gloss, parted by `#`: the part with an
`=` that is mostly symbols is the formula (`==` its `=`). Read in it: `h(t-1)`, `X(t)` a
signal's time index in brackets; `W(f)`, `b(i)` a weight's and a bias's gate in brackets
(a weight is no function); `c(t)波浪號` (波浪号, "tilde") the letter with a tilde over it.
"""

from __future__ import annotations

import re

__all__ = ["from_comments", "tilde_words"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_TILDE_WORD = re.compile(r"([A-Za-z])(\s*\(\s*t\s*(?:-\s*1\s*)?\))?\s*波浪[號号]")
_TIME_CALL = re.compile(r"\b([hxXcCfiogsaHF])\(\s*(t\s*(?:-\s*1)?)\s*\)")
_GATE_CALL = re.compile(r"\b([WUb])\(\s*([fiocgxhFIOCG])\s*\)")
_MAX_CJK = 6
"""A part with more CJK characters than this is prose (the gloss `細胞態 = 遺忘門 * …`)."""


def tilde_words(text: str) -> str:
    """`c(t)波浪號`, `C波浪号`: the letter with its tilde (`\\tilde{c}(t)`)."""
    return _TILDE_WORD.sub(lambda m: f"\\tilde{{{m.group(1)}}}" + (m.group(2) or ""), text)


def from_comments(text: str) -> str | None:
    """The formulas of `text` when every line of it is a `#` comment, one row per line;
    None otherwise (or when no comment holds a formula)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not all(line.startswith("#") for line in lines):
        return None
    rows = []
    for line in lines:
        parts = [p.strip() for p in line.split("#")]
        formula = next((p for p in parts if "=" in p and re.search(r"[A-Za-z]", p)
                        and len(_CJK.findall(p)) <= _MAX_CJK), None)
        if formula is not None:
            rows.append(formula)
    if not rows:
        return None
    read = tilde_words("\n".join(rows).replace("==", "="))
    read = _GATE_CALL.sub(lambda m: f"{m.group(1)}_{{{m.group(2)}}}", read)
    return _TIME_CALL.sub(lambda m: f"{m.group(1)}_{{{m.group(2).replace(' ', '')}}}", read)
