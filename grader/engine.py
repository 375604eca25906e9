"""The grading engine: `grade(rubric, submission) -> Report`, pure and deterministic.

First every number of the submission is collected with what its item expects
(`StudentNumbers`), then each question is graded by its kind, which sees only its
question, its answer and those numbers.
"""

from __future__ import annotations

from grader.errors import SubmissionError
from grader.kinds import get_kind
from grader.numeric import StudentNumbers
from grader.report import Report
from grader.rubric import Rubric
from grader.submission import Submission
from grader.variants import personalise

__all__ = ["grade"]


def grade(rubric: Rubric, submission: Submission) -> Report:
    """Grade every question of `rubric` in `submission`, in rubric order — against the
    student's own parameters when the rubric has per-student variants."""
    if rubric.parameters is not None:
        if not submission.student.id:
            raise SubmissionError(
                "this assignment gives every student their own numbers: the file needs the "
                "student id (student: {id: ...})", file=submission.file,
                key="input.variants.no_id")
        rubric = personalise(rubric, submission.student.id)
    answers = submission.answers
    numbers = StudentNumbers(
        pair for q in rubric.questions if answers.get(q.id) is not None
        for pair in get_kind(q.kind).targets(q, answers[q.id]))
    questions = tuple(get_kind(q.kind).grade(q, answers.get(q.id), numbers)
                      for q in rubric.questions)
    return Report(student=submission.student, assignment=rubric.id, questions=questions,
                  source=submission.file, unknown_fields=submission.unknown)
