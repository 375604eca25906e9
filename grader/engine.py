"""The grading engine: `grade(rubric, submission) -> Report`, pure and deterministic."""

from __future__ import annotations

from grader.kinds import get_kind
from grader.kinds.base import GradingContext
from grader.report import Report
from grader.rubric import Rubric
from grader.submission import Submission

__all__ = ["grade"]


def grade(rubric: Rubric, submission: Submission) -> Report:
    """Grade every question of `rubric` in `submission`, in rubric order."""
    ctx = GradingContext(rubric=rubric, submission=submission)
    questions = tuple(
        get_kind(q.kind).grade(q, submission.answers.get(q.id), ctx) for q in rubric.questions
    )
    return Report(student=submission.student, assignment=rubric.id, questions=questions,
                  source=submission.file)
