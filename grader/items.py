"""Building graded items: one function per way an item can end, shared by every kind."""

from __future__ import annotations

from grader.errors import ValueParseError
from grader.report import Diagnosis, ItemResult, Verdict

__all__ = ["MAX_ECHO_CHARS", "bounded", "item_result", "missing_item", "unparsed_item"]

MAX_ECHO_CHARS = 4_000
"""Longest submitted text a report repeats; a 1 MB field is not copied into every output."""


def bounded(text: str | None) -> str | None:
    """`text` cut to MAX_ECHO_CHARS characters, saying how many more there were."""
    if text is None or len(text) <= MAX_ECHO_CHARS:
        return text
    return f"{text[:MAX_ECHO_CHARS]}… [{len(text) - MAX_ECHO_CHARS:,} more characters]"


def item_result(
    path: str,
    *,
    submitted: str | None,
    expected: str | None,
    verdict: Verdict,
    max_score: float,
    credit: float,
    diagnoses: tuple[Diagnosis, ...] | list[Diagnosis] = (),
    read_as: str | None = None,
    graded: bool = True,
) -> ItemResult:
    """An item scored as `credit` (0..1) of `max_score` (`graded=False`: a TA's to grade)."""
    credit = max(0.0, min(1.0, credit))
    return ItemResult(
        path=path,
        submitted=bounded(submitted),
        expected=expected,
        verdict=verdict,
        score=round(max_score * credit, 4),
        max_score=max_score,
        diagnoses=tuple(diagnoses),
        read_as=bounded(read_as),
        graded=graded,
    )


def unparsed_item(path: str, submitted: str, expected: str | None, error: ValueParseError,
                  max_score: float) -> ItemResult:
    """An item whose value could not be read: the reason, and where in the text."""
    diag = Diagnosis(code="unparsed", key=error.key, params=dict(error.params),
                     column=error.column)
    return item_result(path, submitted=submitted, expected=expected, verdict=Verdict.UNPARSED,
                       max_score=max_score, credit=0.0, diagnoses=(diag,))


def missing_item(path: str, expected: str | None, max_score: float) -> ItemResult:
    """An item the submission left out."""
    return item_result(path, submitted=None, expected=expected, verdict=Verdict.MISSING,
                       max_score=max_score, credit=0.0)
