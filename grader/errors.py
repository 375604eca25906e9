"""The exception hierarchy: every failure a user can cause has a clear message."""

from __future__ import annotations

from typing import Literal

__all__ = [
    "GraderError",
    "InputError",
    "LimitExceeded",
    "RubricError",
    "SubmissionError",
    "ValueParseError",
]


class GraderError(Exception):
    """Base of every error the grader raises on purpose."""


class InputError(GraderError):
    """A file could not be read or understood; names file, line and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.expected = expected
        super().__init__(self.describe())

    def location(self) -> str:
        """`file:line:col`, as far as it is known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self) -> str:
        """One line for a terminal: location, problem and what was expected."""
        text = f"{self.location()}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class SubmissionError(InputError):
    """A submission file is malformed."""


class RubricError(InputError):
    """A rubric file is malformed or inconsistent."""


class ValueParseError(GraderError):
    """A student's value or formula text could not be parsed.

    `key` names a message in the catalogue (`grader.i18n`), `params` fill it, and
    `column` (1-based, within the text) says where the problem starts.
    """

    def __init__(self, key: str, column: int | None = None, **params: object) -> None:
        self.key = key
        self.column = column
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: Literal["zh", "en"]) -> str:
        """The reason in `lang`, with the column when known."""
        from grader.i18n import t

        reason = t(self.key, lang, **self.params)
        if self.column is None:
            return reason
        return (f"第 {self.column} 列：{reason}" if lang == "zh"
                else f"column {self.column}: {reason}")


class LimitExceeded(ValueParseError):
    """Input refused because it exceeds a size, depth, magnitude or time bound."""
