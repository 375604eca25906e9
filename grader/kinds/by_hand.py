"""Kind `by_hand`: a question a TA grades by hand (programming exercises, say).

It is listed — in the template, the report and the class outputs — so that nobody
wonders where it went: never `missing`, never silently dropped, its points not counted
by the grader. A student may note where the work is (a file name, a link, a remark).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from grader.fields import Text
from grader.items import item_result
from grader.kinds.base import QuestionKind
from grader.numeric import StudentNumbers
from grader.question import KindParams, Question
from grader.report import QuestionReport, Verdict

__all__ = ["KIND", "ByHandParams"]


class ByHandParams(KindParams):
    """Rubric parameters of a `by_hand` question."""

    handed_in: str = Field("", description="where the work is handed in (shown to students)")


class ByHandKind(QuestionKind[ByHandParams]):
    """One item, never graded here: the TA's score arrives by an override."""

    name = "by_hand"
    params_model = ByHandParams

    def answer_model(self, question: Question[ByHandParams]) -> Any:
        return Text

    def grade(self, question: Question[ByHandParams], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        item = item_result(question.id, submitted=None if answer is None else str(answer),
                           expected=None, verdict=Verdict.NEEDS_REVIEW,
                           max_score=question.points, credit=0.0, graded=False)
        return QuestionReport(id=question.id, title=question.title, items=(item,),
                              note_key="question.graded_by_hand")


KIND = ByHandKind()
