"""Formulas a student keeps in code comments, and Chinese words for a formula's marks.

    # 4.細胞態(c(t))  # C(t) = f(t) * C(t-1) + i(t) * (c(t)波浪號) # 細胞態 = 遺忘門 * …

Each comment line holds a label, the formula and a gloss, parted by `#`: the part with an
`=` that is mostly symbols is the formula (`==` its `=`). Read in it: `h(t-1)`, `X(t)` a
signal's time index in brackets; `W(f)`, `b(i)` a weight's and a bias's gate in brackets
(a weight is no function); `c(t)波浪號` (波浪号, "tilde") the letter with a tilde over it;
a value `= o(…)` the σ typed as the letter o (the output gate is never applied); a left-hand
name that the comment's label and the row's weights both contradict, a copy slip.
"""

from __future__ import annotations

import re

from grader.formula.text import HAS_CJK

__all__ = ["from_comments", "tilde_words"]

_TILDE_WORD = re.compile(r"([A-Za-z])(\s*\(\s*t\s*(?:-\s*1\s*)?\))?\s*波浪[號号]")
_TIME_CALL = re.compile(r"\b([hxXcCfiogsaHF])\(\s*(t\s*(?:-\s*1)?)\s*\)")
_GATE_CALL = re.compile(r"\b([WUb])\(\s*([fiocgxhFIOCG])\s*\)")
_MAX_CJK = 6
"""A part with more CJK characters than this is prose (the gloss `細胞態 = 遺忘門 * …`)."""


def tilde_words(text: str) -> str:
    """`c(t)波浪號`, `C波浪号`: the letter with its tilde (`\\tilde{c}(t)`)."""
    return _TILDE_WORD.sub(lambda m: f"\\tilde{{{m.group(1)}}}" + (m.group(2) or ""), text)


def _label_over_slip(label: str, formula: str) -> str:
    """`# 2.遺忘門(f(t)) # i(t) == o(W(f)*[…] + b(f))`: a left-hand name copied from the row
    above, that the label's name (f(t)) and every weight's and bias's gate (W(f), b(f))
    contradict, is a slip for the label's name."""
    named = re.search(r"\(\s*([fiocg])\s*\(\s*t\s*\)\s*\)\s*$", label)
    lhs = re.match(r"\s*([fiocg])\s*\(\s*t\s*\)\s*=", formula)
    if named is None or lhs is None or named.group(1) == lhs.group(1):
        return formula
    gates = set(re.findall(r"\b[Wb]\(\s*([a-z])\s*\)", formula))
    if gates != {named.group(1)}:
        return formula
    return formula[:lhs.start(1)] + named.group(1) + formula[lhs.end(1):]


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
                        and len(HAS_CJK.findall(p)) <= _MAX_CJK), None)
        if formula is not None:
            label = " ".join(parts[:parts.index(formula)])
            rows.append(_label_over_slip(label, formula))
    if not rows:
        return None
    read = tilde_words("\n".join(rows).replace("==", "="))
    # `i(t) = o(W(i)*[…] + b(i))`: a value's outer `o(` is the σ a keyboard lacks, typed as o
    read = re.sub(r"(?m)^([^=\n]*=\s*)o\s*\((?!\s*t\s*(?:-\s*1\s*)?\))", r"\1\\sigma(", read)
    read = _GATE_CALL.sub(lambda m: f"{m.group(1)}_{{{m.group(2)}}}", read)
    return _TIME_CALL.sub(lambda m: f"{m.group(1)}_{{{m.group(2).replace(' ', '')}}}", read)
