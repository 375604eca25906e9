"""The class summary as typed, frozen records; `ClassSummary.to_json()` is summary.json.

Numbers are rounded once (`round4`: four decimals, an int when whole) where they are made,
so the JSON, the terminal and the page show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

__all__ = [
    "SKIPPED_REASONS",
    "Bin",
    "ClassSummary",
    "CodeCount",
    "Duplicate",
    "Failure",
    "ItemWrong",
    "OtherAssignment",
    "OtherVariant",
    "OverrideNote",
    "OverrideSummary",
    "QuestionStat",
    "ReviewItem",
    "SharedAnswer",
    "SharedGroup",
    "SkippedFile",
    "Stats",
    "Superseded",
]


Num = int | float
"""A statistic as `round4` gives it: an int when whole."""


@dataclass(frozen=True)
class Failure:
    """A file with no report: the reason; `internal` when the failure is ours."""

    file: str
    reason: str
    internal: bool = False


@dataclass(frozen=True)
class OtherAssignment:
    """A graded file that answers another assignment than the class's."""

    file: str
    assignment: str


SKIPPED_REASONS = {"hidden": "batch.skipped.hidden", "outside": "batch.skipped.outside"}
"""Message of each reason a file was skipped (summary.json's `skipped[].reason`)."""


@dataclass(frozen=True)
class OtherVariant:
    """A wrong answer that is exactly a classmate's expected value (TAs only)."""

    file: str
    student_id: str
    item: str
    equals: str
    """The student whose parameters give that value."""


@dataclass(frozen=True)
class Superseded:
    """An attempt not counted: another file of the same student was kept (`--attempts`)."""

    file: str
    student_id: str | None
    kept: str


@dataclass(frozen=True)
class SkippedFile:
    """A file discovery did not grade (`hidden`, or a link `outside` the class folder)."""

    file: str
    reason: str


@dataclass(frozen=True)
class Stats:
    """Statistics of the totals (population standard deviation)."""

    mean: Num | None = None
    median: Num | None = None
    q1: Num | None = None
    q3: Num | None = None
    min: Num | None = None
    max: Num | None = None
    stdev: Num | None = None


@dataclass(frozen=True)
class Bin:
    """One bar of the histogram of totals: [start, end)."""

    start: Num
    end: Num
    count: int


@dataclass(frozen=True)
class QuestionStat:
    """One question across the class: its mean, median and how the scores spread."""

    id: str
    title: str
    max_score: Num
    mean: Num | None
    graded: int
    median: Num | None = None
    histogram: tuple[Bin, ...] = ()


@dataclass(frozen=True)
class CodeCount:
    """How often a diagnosis was given: on how many items, in how many submissions."""

    code: str
    items: int
    submissions: int


@dataclass(frozen=True)
class ItemWrong:
    """An item's wrong and missing answers across the class."""

    path: str
    wrong: int
    missing: int
    max_score: Num


@dataclass(frozen=True)
class Duplicate:
    """A student id carried by more than one file."""

    id: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class SharedAnswer:
    """One wrong answer, as written, that several submissions share."""

    path: str
    submitted: str


@dataclass(frozen=True)
class SharedGroup:
    """Submissions sharing the same rare wrong answers."""

    files: tuple[str, ...]
    students: tuple[str | None, ...]
    items: tuple[SharedAnswer, ...]


@dataclass(frozen=True)
class OverrideNote:
    """An override that was not applied, and where it is written."""

    student: str
    item: str
    where: str


@dataclass(frozen=True)
class OverrideSummary:
    """How the TA's overrides went."""

    applied: int = 0
    unmatched: tuple[OverrideNote, ...] = ()
    ambiguous: tuple[OverrideNote, ...] = ()


@dataclass(frozen=True)
class ReviewItem:
    """One item awaiting a TA: whose, which, the suggested score, what looked missing."""

    student_id: str | None
    file: str
    item: str
    suggested_score: Num
    max_score: Num
    missing_concepts: tuple[str, ...] = ()
    missing_labels: str = ""
    """The missing concepts' labels, in the summary's language."""


@dataclass(frozen=True)
class ClassSummary:
    """Everything summary.json holds; every file found is graded, failed, of another
    assignment or skipped (`files` is their sum)."""

    assignment: str | None
    lang: str
    reveal: bool
    files: int
    graded: int
    failed: tuple[Failure, ...] = ()
    other_assignment: tuple[OtherAssignment, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    superseded: tuple[Superseded, ...] = ()
    """Attempts not counted (graded + failed + other + skipped + superseded = files)."""
    max_score: Num = 0
    totals: Stats = field(default_factory=Stats)
    histogram: tuple[Bin, ...] = ()
    questions: tuple[QuestionStat, ...] = ()
    diagnoses: tuple[CodeCount, ...] = ()
    items_wrong: tuple[ItemWrong, ...] = ()
    duplicate_ids: tuple[Duplicate, ...] = ()
    shared_wrong_answers: tuple[SharedGroup, ...] = ()
    other_students_variant: tuple[OtherVariant, ...] = ()
    """Answers equal to a classmate's own variant (per-student rubrics; TAs only)."""
    overrides: OverrideSummary = field(default_factory=OverrideSummary)
    needs_review: tuple[ReviewItem, ...] = ()
    """Items awaiting a TA; their suggested points are `provisional` in the totals."""
    provisional_points: Num = 0
    """The class's suggested points no TA has confirmed yet."""
    reports: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """summary.json's content (tuples as lists; histogram bins as `from`/`to`)."""
        data: dict[str, Any] = _plain(self)
        data["histogram"] = _bins(data["histogram"])
        for q in data["questions"]:
            q["histogram"] = _bins(q["histogram"])
        return data


def _bins(bins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"from": b["start"], "to": b["end"], "count": b["count"]} for b in bins]


def _plain(value: Any) -> Any:
    """`value` as JSON-ready data: dataclasses as dicts, tuples as lists (one pass; what
    `dataclasses.asdict` does, without its deep copies, which cost a class of 1,000 a
    third of a second)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
