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
        key: str | None = None,
        params: dict[str, object] | None = None,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.expected = expected
        self.key = key
        """A message of the catalogue saying the problem and how to fix it, in any language."""
        self.params = params or {}
        self.source = source
        """The offending source line, shown with a caret under the column."""
        super().__init__(self.describe())

    def location(self) -> str:
        """`file:line:col`, as far as it is known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self, lang: str | None = None, *, source: bool = True) -> str:
        """Location, problem and what was expected; in `lang` (zh or en) when the error has
        a catalogue message, followed by the source line and a caret under the column."""
        if self.key is not None and lang in ("zh", "en"):
            from grader.i18n import t

            text = f"{self.location()}: {t(self.key, lang, **self.params)}"  # type: ignore[arg-type]
        else:
            text = f"{self.location()}: {self.message}"
            if self.expected:
                text += f" (expected {self.expected})"
        if source and self.source is not None and lang in ("zh", "en"):
            shown = self.source.replace("\t", "→")
            caret = " " * max(0, (self.column or 1) - 1) + "^"
            text += f"\n    {shown}\n    {caret}"
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
