"""What a question kind is: its rubric parameters, its answer shape, and how it grades.

A kind sees its question, the student's answer to it, and `StudentNumbers` (every number
the student gave, computed once by the engine) — never the whole rubric or submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Generic

from pydantic import BaseModel, ConfigDict, create_model

from grader.numeric import NumberPolicy, StudentNumbers, Target
from grader.question import CreditParams, KindParams, P, Question
from grader.report import QuestionReport

__all__ = ["QuestionKind", "answers_model", "number_policy"]


class QuestionKind(Generic[P]):
    """A kind of question; subclasses set `name` and `params_model` and implement
    `answer_model` and `grade` (and `targets` when they ask for numbers)."""

    name: ClassVar[str]
    params_model: ClassVar[type[KindParams]]
    implemented: ClassVar[bool] = True

    def parse_params(self, raw: Mapping[str, Any]) -> P:
        """Validate the rubric's `params` for this kind."""
        params: P = self.params_model.model_validate(raw)  # type: ignore[assignment]
        return params

    def answer_model(self, question: Question[P]) -> Any:
        """The type the submission's answer to `question` must have (a pydantic model or type)."""
        raise NotImplementedError

    def targets(self, question: Question[P], answer: Any) -> Iterable[tuple[Target, Any]]:
        """Each numeric item of `answer` with what it expects: (target, raw value).

        The engine collects these from every question before grading, so that each number
        can be compared with the student's others (`copied_from`)."""
        return ()

    def grade(self, question: Question[P], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        """Grade `answer` (None when absent) to `question`."""
        raise NotImplementedError

    def warm_up(self, question: Question[P]) -> None:
        """Fill this question's caches (imports, reference values) ahead of a batch, so
        worker processes forked afterwards share them instead of each paying again."""


def answers_model(question: Question[Any], fields: Mapping[str, Any]) -> type[BaseModel]:
    """A frozen model of `question`'s answer with exactly `fields` (unknown names refused)."""
    model: type[BaseModel] = create_model(
        f"{question.id}_answers", __config__=ConfigDict(frozen=True, extra="forbid"),
        **fields)
    return model


_POLICIES: dict[int, tuple[CreditParams, NumberPolicy]] = {}


def number_policy(params: CreditParams, **extra: Any) -> NumberPolicy:
    """The numeric grading policy of a kind's params (memoised per params object)."""
    hit = _POLICIES.get(id(params))
    if hit is not None and hit[0] is params:
        return hit[1]
    policy = NumberPolicy(credit=params.credit, min_sig_figs=params.min_sig_figs, **extra)
    _POLICIES[id(params)] = (params, policy)
    return policy
