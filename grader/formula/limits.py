"""Bounds on what a formula may cost, and the parse error that names a column."""

from __future__ import annotations

from grader.errors import LimitExceeded, ValueParseError

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_TERMS", "MAX_TOKENS", "FormulaSyntaxError",
           "FormulaTooBig"]

MAX_CHARS = 4000     # a gate equation is ~200 characters; seed 000's longest is ~250
MAX_TOKENS = 1200    # tokens after lexing
MAX_DEPTH = 40       # nesting of brackets, \frac and function calls
MAX_TERMS = 400      # terms of an expanded side: bounds the algebra sympy is asked to do


class FormulaSyntaxError(ValueParseError):
    """The text is not a formula of the grammar: `reason` says what was expected."""

    def __init__(self, what: str, column: int, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__("formula.unparsed", column, reason=reason)


class FormulaTooBig(FormulaSyntaxError, LimitExceeded):
    """The text exceeds a size, depth or complexity bound."""
