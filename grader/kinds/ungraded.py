"""Stand-in for a kind the rubric declares but this version cannot grade yet."""

from __future__ import annotations

from typing import Any

from grader.kinds.base import QuestionKind
from grader.numeric import StudentNumbers
from grader.question import KindParams
from grader.report import ItemResult, QuestionReport, Verdict

__all__ = ["UngradedKind"]


class _AnyParams(KindParams):
    model_config = KindParams.model_config | {"extra": "allow"}


class UngradedKind(QuestionKind[_AnyParams]):
    """Accepts any answer and reports it as not graded yet, never crashing."""

    name = "ungraded"
    params_model = _AnyParams
    implemented = False

    def __init__(self, declared: str) -> None:
        self.declared = declared

    def answer_model(self, question: Any) -> Any:
        return Any

    def grade(self, question: Any, answer: Any, numbers: StudentNumbers) -> QuestionReport:
        item = ItemResult(
            path=question.id,
            submitted=None if answer is None else "…",
            expected=None,
            verdict=Verdict.NEEDS_REVIEW if answer is not None else Verdict.MISSING,
            score=0,
            max_score=question.points,
            graded=False,
        )
        return QuestionReport(id=question.id, title=question.title, items=(item,),
                              note_key="question.not_graded_yet")
