"""What a question kind is: its rubric parameters, its answer shape, and how it grades."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, create_model

from grader.errors import ValueParseError
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict

if TYPE_CHECKING:
    from grader.rubric import Question, Rubric
    from grader.submission import Submission

__all__ = [
    "GradingContext",
    "KindParams",
    "QuestionKind",
    "answers_model",
    "cached_per_params",
    "item_result",
    "missing_item",
    "unparsed_item",
]


class KindParams(BaseModel):
    """Base of a kind's rubric parameters: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


P = TypeVar("P", bound=KindParams)
R = TypeVar("R")


def cached_per_params(func: Callable[[P], R]) -> Callable[[P], R]:
    """Memoise `func(params)` for the life of the params object.

    A rubric's params are frozen but hold lists, so they cannot be hashed; they live as long
    as the rubric, so identity is the right key: a class of 500 computes the expectation once.
    """
    memo: dict[int, tuple[P, R]] = {}

    @functools.wraps(func)
    def wrapper(params: P) -> R:
        hit = memo.get(id(params))
        if hit is not None and hit[0] is params:
            return hit[1]
        result = func(params)
        memo[id(params)] = (params, result)
        return result

    return wrapper


@dataclass(frozen=True)
class GradingContext:
    """Everything a kind may consult besides its own answer (e.g. the student's other answers)."""

    rubric: Rubric
    submission: Submission
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def own_numeric_answers(self) -> dict[str, Fraction]:
        """Every number the student gave, by item path in rubric order (for `copied_from`)."""
        if "numbers" not in self._memo:
            from grader.kinds import get_kind
            from grader.values import ParsedValue, try_parse_value

            out: dict[str, Fraction] = {}
            for q in self.rubric.questions:
                answer = self.submission.answers.get(q.id)
                if answer is None:
                    continue
                for path, raw in get_kind(q.kind).numeric_answers(q, answer):
                    parsed = try_parse_value(raw)
                    if isinstance(parsed, ParsedValue):
                        out[path] = parsed.value
            self._memo["numbers"] = out
        numbers: dict[str, Fraction] = self._memo["numbers"]
        return numbers


class QuestionKind(Generic[P]):
    """A kind of question; subclasses set `name` and `params_model` and implement two methods."""

    name: ClassVar[str]
    params_model: ClassVar[type[KindParams]]
    implemented: ClassVar[bool] = True

    def parse_params(self, raw: Mapping[str, Any]) -> P:
        """Validate the rubric's `params` for this kind."""
        return self.params_model.model_validate(raw)  # type: ignore[return-value]

    def answer_model(self, question: Question) -> Any:
        """The type the submission's answer to `question` must have (a pydantic model or type)."""
        raise NotImplementedError

    def grade(self, question: Question, answer: Any, ctx: GradingContext) -> QuestionReport:
        """Grade `answer` (None when absent) to `question`."""
        raise NotImplementedError

    def numeric_answers(self, question: Question, answer: Any) -> Iterable[tuple[str, Any]]:
        """(item path, raw value) of every count in `answer`, for cross-item diagnoses."""
        return ()

    def warm_up(self, question: Question) -> None:
        """Fill this question's caches (imports, reference values) ahead of a batch, so
        worker processes forked afterwards share them instead of each paying again."""


def answers_model(question: Question, fields: Mapping[str, Any]) -> type[BaseModel]:
    """A frozen model of `question`'s answer with exactly `fields` (unknown names refused)."""
    model: type[BaseModel] = create_model(
        f"{question.id}_answers", __config__=ConfigDict(frozen=True, extra="forbid"),
        **fields)
    return model


def item_result(
    path: str,
    *,
    submitted: str | None,
    expected: str | None,
    verdict: Verdict,
    max_score: float,
    credit: float,
    diagnoses: tuple[Diagnosis, ...] | list[Diagnosis] = (),
) -> ItemResult:
    """An item scored as `credit` (0..1) of `max_score`."""
    credit = max(0.0, min(1.0, credit))
    return ItemResult(
        path=path,
        submitted=_bounded(submitted),
        expected=expected,
        verdict=verdict,
        score=round(max_score * credit, 4),
        max_score=max_score,
        diagnoses=tuple(diagnoses),
    )


MAX_ECHO_CHARS = 4_000
"""Longest submitted text a report repeats; a 1 MB field is not copied into every output."""


def _bounded(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_ECHO_CHARS:
        return text
    return f"{text[:MAX_ECHO_CHARS]}… [{len(text) - MAX_ECHO_CHARS:,} more characters]"


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
