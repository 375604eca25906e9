"""Bounds on what a formula may cost, and the parse error that names a column.

Every bound counts work, never time: the same formula gets the same verdict on an idle
laptop and on a loaded server. Sizes (characters, tokens, depth, terms after expansion,
bits of every number) are checked before sympy sees anything; the symbolic work itself is
counted in steps of normalisation and comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from grader.errors import LimitExceeded, ValueParseError

__all__ = ["MAX_BITS", "MAX_CHARS", "MAX_DEPTH", "MAX_STEPS", "MAX_TERMS", "MAX_TOKENS",
           "FormulaSyntaxError", "FormulaTooBig", "check_time", "step_budget"]

MAX_CHARS = 4000     # a gate equation is ~200 characters; seed 000's longest is ~250
MAX_TOKENS = 1200    # tokens after lexing
MAX_DEPTH = 40       # nesting of brackets, \frac and function calls
MAX_TERMS = 400      # terms of an expanded side: bounds the algebra sympy is asked to do
MAX_BITS = 340       # bits of any number a formula computes (10^100 < 2^333), as values do
MAX_STEPS = 20_000   # normalisation and comparison steps per item; ch3's take < 2,000

_STEPS: ContextVar[list[int] | None] = ContextVar("formula_steps", default=None)


class FormulaSyntaxError(ValueParseError):
    """The text is not a formula of the grammar: `reason` says what was expected."""

    def __init__(self, what: str, column: int, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__("formula.unparsed", column, reason=reason)


class FormulaTooBig(FormulaSyntaxError, LimitExceeded):
    """The text exceeds a size, depth or complexity bound."""


@contextmanager
def step_budget(steps: int = MAX_STEPS) -> Iterator[None]:
    """Within this block, `check_time` counts steps and stops work past `steps`."""
    token = _STEPS.set([steps])
    try:
        yield
    finally:
        _STEPS.reset(token)


def check_time() -> None:
    """Count one step of the current item's work; `FormulaTooBig` past its budget.

    Called between steps of normalisation and comparison. (The name is historical: the
    budget is a count of steps, never of seconds.)
    """
    left = _STEPS.get()
    if left is None:
        return
    left[0] -= 1
    if left[0] < 0:
        raise FormulaTooBig("step_budget", 1, "the formula takes too many steps to check")
