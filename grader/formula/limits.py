"""Bounds on what a formula may cost, and the parse error that names a column."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from grader.errors import LimitExceeded, ValueParseError

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_TERMS", "MAX_TOKENS", "TIME_BUDGET",
           "FormulaSyntaxError", "FormulaTooBig", "check_time", "time_budget"]

MAX_CHARS = 4000     # a gate equation is ~200 characters; seed 000's longest is ~250
MAX_TOKENS = 1200    # tokens after lexing
MAX_DEPTH = 40       # nesting of brackets, \frac and function calls
MAX_TERMS = 400      # terms of an expanded side: bounds the algebra sympy is asked to do
TIME_BUDGET = 1.0    # seconds of symbolic work per item; ch3's own formulas take < 0.2 s

_DEADLINE: ContextVar[float | None] = ContextVar("formula_deadline", default=None)


class FormulaSyntaxError(ValueParseError):
    """The text is not a formula of the grammar: `reason` says what was expected."""

    def __init__(self, what: str, column: int, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__("formula.unparsed", column, reason=reason)


class FormulaTooBig(FormulaSyntaxError, LimitExceeded):
    """The text exceeds a size, depth or complexity bound."""


@contextmanager
def time_budget(seconds: float = TIME_BUDGET) -> Iterator[None]:
    """Within this block, `check_time` cuts work that runs past `seconds`."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time() -> None:
    """Raise `FormulaTooBig` when the current item's time budget is spent.

    Called between steps of normalisation and comparison (cooperative: one sympy call
    already under way finishes first; the term bound keeps each such call small).
    """
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise FormulaTooBig("time_budget", 1, "the formula took too long to check")
