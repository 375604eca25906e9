"""Code's names for the LSTM's states, read by role before the formula is lexed.

Assignments and framework docs name the states as words, which the lexer would otherwise
cut into products of letters (`next_c` as n·e·x·t_c):

    next_c = f * prev_c + i * g          (CS231n: prev_h, prev_c, next_h, next_c)
    c_new = f * c_old + i * g            (a state with a new/old suffix)
    cs = ci .* i + cs_prev .* f          (TensorFlow's LSTMBlockCell)
    h = co .* o

A state's name (c, h, Coursera's a for the hidden state, or TensorFlow's cs for the cell)
with prev/old/last before or after it is the state at t−1 (`c_prev`, `h_prev` are read so
already, and left as written); with next/new, the state at t.
TensorFlow's block-cell names are its own documented roles — cs the cell state, cs_prev the
previous one, ci the cell input after its tanh (the candidate), co the cell output
tanh(cs) — and are read only in plain text (no LaTeX), where they are whole words and not
subscripts: a peephole weight W_{ci} keeps its name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["read_state_names"]

_WORD = r"(?<![\\\w^])(?<![_^]\{)"
"""Where a name starts: not inside another word, after a backslash, or as a subscript."""
_END = r"(?![\w'])"
_STATE = r"(cs|c|h|a|C|H)"
_PREVIOUS = r"(?:prev|previous|old|last)"
_NEXT = r"(?:next|new)"

_AFFIXED = (
    (re.compile(rf"{_WORD}{_PREVIOUS}_{_STATE}{_END}"), "t-1"),       # prev_c, old_h
    (re.compile(rf"{_WORD}{_NEXT}_{_STATE}{_END}"), "t"),             # next_c, new_h
    (re.compile(rf"{_WORD}{_STATE}_\{{?{_NEXT}\}}?{_END}"), "t"),     # c_next, h_{new}
    (re.compile(rf"{_WORD}{_STATE}_\{{?(?:old|last|previous)\}}?{_END}"), "t-1"),  # c_old
    (re.compile(rf"{_WORD}(cs)_\{{?prev\}}?{_END}"), "t-1"),        # cs_prev (c_prev is read)
)
_TENSORFLOW = {"cs": "c_{t}", "ci": "\\tilde{c}_{t}", "co": "\\tanh(c_{t})"}
_TF_WORD = re.compile(rf"{_WORD}(cs|ci|co){_END}(?!-[A-Za-z])")


def _state(name: str) -> str:
    return "c" if name == "cs" else name


def _at(time: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{_state(match.group(1))}_{{{time}}}"


def read_state_names(text: str) -> str | None:
    """`text` with code's state names as the formula's (see the module); None when it has
    none."""
    out = text
    for pattern, time in _AFFIXED:
        out = pattern.sub(_at(time), out)
    if "\\" not in text:
        out = _TF_WORD.sub(lambda m: _TENSORFLOW[m.group(1)], out)
    return out if out != text else None
