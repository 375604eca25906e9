"""The graded result: frozen models for items, questions and the whole report."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from grader.codes import is_known
from grader.i18n import Lang, t

__all__ = ["Diagnosis", "ItemResult", "QuestionReport", "Report", "Student", "UnknownField",
           "Verdict", "round4"]


class Verdict(str, Enum):
    """How an item was judged (SPEC §3)."""

    CORRECT = "correct"
    ACCEPTED_VARIANT = "accepted_variant"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    MISSING = "missing"
    UNPARSED = "unparsed"
    NEEDS_REVIEW = "needs_review"

    @property
    def is_full_credit(self) -> bool:
        """Whether this verdict counts as right for exit codes and summaries."""
        return self in (Verdict.CORRECT, Verdict.ACCEPTED_VARIANT)

    def label(self, lang: Lang) -> str:
        """The verdict's name in `lang`."""
        return t(_VERDICT_KEYS[self], lang)


_VERDICT_KEYS = {
    Verdict.CORRECT: "verdict.correct",
    Verdict.ACCEPTED_VARIANT: "verdict.accepted_variant",
    Verdict.PARTIAL: "verdict.partial",
    Verdict.INCORRECT: "verdict.incorrect",
    Verdict.MISSING: "verdict.missing",
    Verdict.UNPARSED: "verdict.unparsed",
    Verdict.NEEDS_REVIEW: "verdict.needs_review",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def __reduce__(self) -> tuple[Any, ...]:
        # A batch's workers send a report per file to the parent: pickled as its field
        # values and rebuilt without validation (it was validated when made), about twice
        # as fast to load as pydantic's own state.
        cls = type(self)
        return _rebuild, (cls, tuple(self.__dict__[name] for name in _field_names(cls)))


def _field_names(cls: type[BaseModel]) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(cls.model_fields)
    return names


_FIELD_NAMES: dict[type[BaseModel], tuple[str, ...]] = {}


def _rebuild(cls: type[_Frozen], values: tuple[Any, ...]) -> _Frozen:
    return cls.model_construct(**dict(zip(_field_names(cls), values, strict=True)))


class Diagnosis(_Frozen):
    """Why an item is what it is: a stable code and a localisable message."""

    code: str
    key: str
    params: dict[str, Any] = Field(default_factory=dict)
    explains: bool = True
    """False for notes that describe the work but do not account for the value (no credit)."""
    column: int | None = None
    """1-based column in the submitted text the diagnosis points at, when it points."""
    credit: float | None = Field(None, ge=0, le=1)
    """A fixed credit (a convention the rubric accepts), instead of the rubric's table."""

    @field_validator("code")
    @classmethod
    def _registered(cls, v: str) -> str:
        if not is_known(v):
            raise ValueError(f"diagnosis code {v!r} is not in grader.codes")
        return v

    def message(self, lang: Lang) -> str:
        """The explanation in `lang`."""
        text = t(self.key, lang, **self.params)
        return text if self.column is None else t("at_column", lang, column=self.column,
                                                  message=text)


class ItemResult(_Frozen):
    """One graded answer, e.g. `network_counts.alexnet.params`."""

    path: str
    submitted: str | None
    expected: str | None
    verdict: Verdict
    score: float
    max_score: float
    diagnoses: tuple[Diagnosis, ...] = ()
    graded: bool = True
    """False for kinds declared in the rubric but not implemented yet."""
    read_as: str | None = None
    """How the grader understood the answer (canonical value or formula), when it read it."""


class QuestionReport(_Frozen):
    """The items of one question and their sum."""

    id: str
    title: dict[str, str]
    items: tuple[ItemResult, ...]
    note_key: str | None = None

    @property
    def score(self) -> float:
        return round4(sum(item.score for item in self.items))

    @property
    def max_score(self) -> float:
        return round4(sum(item.max_score for item in self.items if item.graded))


class Student(_Frozen):
    """Who handed the submission in."""

    id: str | None = None
    name: str | None = None


class UnknownField(_Frozen):
    """A key of the submission the rubric does not know, or a value of the wrong shape
    (reported, not graded; the rest is graded)."""

    path: str
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None
    problem: str | None = None
    """A value of the wrong shape, set aside: the catalogue message saying what was expected."""
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: Lang) -> str:
        where = ":".join(str(p) for p in (self.line, self.column) if p is not None)
        if self.problem is not None:
            text = t(self.problem, lang, **dict(self.params))
        elif self.path.rsplit(".", 1)[-1].isdigit() and len(self.path.rsplit(".", 1)[-1]) == 3:
            # `{neurons: 659,272}`: the comma split the number, `272` became a key
            text = t("input.yaml.flow_comma", lang)
        else:
            key = "input.unknown_field.suggest" if self.suggestion else "input.unknown_field"
            text = t(key, lang, path=self.path, suggestion=self.suggestion or "")
        return f"{where}: {text}" if where else text


class Report(_Frozen):
    """The whole graded submission; `to_json` gives SPEC §3."""

    student: Student
    assignment: str
    questions: tuple[QuestionReport, ...]
    source: str | None = None
    unknown_fields: tuple[UnknownField, ...] = ()

    @property
    def score(self) -> float:
        return round4(sum(q.score for q in self.questions))

    @property
    def max_score(self) -> float:
        return round4(sum(q.max_score for q in self.questions))

    def items(self) -> list[ItemResult]:
        """Every item of every question, in order."""
        return [item for q in self.questions for item in q.items]

    def all_correct(self) -> bool:
        """True when every automatically graded item earned full credit (exit code 0).

        Items awaiting a TA's review (essays) do not count against the student here.
        """
        return not self.unknown_fields and all(
            item.verdict.is_full_credit for item in self.items()
            if item.graded and item.verdict is not Verdict.NEEDS_REVIEW)

    def to_json(self, *, lang: Lang, reveal: bool) -> dict[str, Any]:
        """The SPEC §3 document: messages in `lang`, `expected` only when `reveal`."""
        data = self._json(lang=lang, reveal=reveal)
        data["unknown_fields"] = [{"path": u.path, "line": u.line, "column": u.column,
                                   "message": u.message(lang)} for u in self.unknown_fields]
        return data

    def _json(self, *, lang: Lang, reveal: bool) -> dict[str, Any]:
        return {
            "student": self.student.model_dump(),
            "assignment": self.assignment,
            "score": self.score,
            "max_score": self.max_score,
            "questions": [
                {
                    "id": q.id,
                    "score": q.score,
                    "max_score": q.max_score,
                    "items": [_item_json(item, lang, reveal) for item in q.items],
                }
                for q in self.questions
            ],
        }


def _item_json(item: ItemResult, lang: Lang, reveal: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"path": item.path, "submitted": item.submitted}
    if item.read_as is not None:
        out["read_as"] = item.read_as
    if reveal and item.expected is not None:
        out["expected"] = item.expected
    out.update(
        verdict=item.verdict.value,
        score=round4(item.score),
        max_score=round4(item.max_score),
        diagnoses=[{"code": d.code, "message": d.message(lang)} for d in item.diagnoses],
    )
    if not item.graded:
        out["graded"] = False
    return out


def round4(x: float) -> float:
    """`x` to four decimals, as an int when whole: points are sums of rubric fractions, and
    reports, summaries and statistics stay free of 0.30000000000000004."""
    r = round(x, 4)
    return int(r) if r == int(r) else r
