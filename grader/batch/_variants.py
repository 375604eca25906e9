"""Another student's numbers (`other_students_variant`), for a rubric with per-student
parameters: a wrong answer that is exactly the expected value of a classmate's variant —
the strongest sign of copying there is, since nobody else's parameters give it.

Shown to TAs only: `summary.json` lists who matched whom and report.html shows it with the
shared answers; the student's own report gets a neutral note ("does not match your
parameters") that names nobody.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from grader.batch._grading import FileResult, rendered
from grader.batch._model import OtherVariant
from grader.report import Diagnosis, ItemResult, Report
from grader.values import ParsedValue, try_parse_value

__all__ = ["other_students_variants"]


def _value(text: str | None) -> Fraction | None:
    if text is None:
        return None
    parsed = try_parse_value(text)
    return parsed.value if isinstance(parsed, ParsedValue) else None


def other_students_variants(results: Sequence[FileResult]
                            ) -> tuple[list[FileResult], tuple[OtherVariant, ...]]:
    """`results` with the neutral note on every answer equal to a classmate's expected
    value (and not the student's own), and the TA's list of them."""
    expected: dict[str, dict[Fraction, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        if r.report is not None and r.report.student.id and r.superseded_by is None:
            for item in r.report.items():
                value = _value(item.expected)
                if value is not None and item.max_score > 0:
                    expected[item.path][value].append(r.report.student.id)
    found: list[OtherVariant] = []
    out: list[FileResult] = []
    for r in results:
        rep = r.report
        if rep is None or not rep.student.id or r.superseded_by is not None:
            out.append(r)
            continue
        noted: dict[str, ItemResult] = {}
        for item in rep.items():
            if item.verdict.is_full_credit or item.max_score <= 0:
                continue
            value = _value(item.submitted)
            if value is None or value == _value(item.expected):
                continue
            others = [s for s in expected[item.path].get(value, []) if s != rep.student.id]
            if not others:
                continue
            found.append(OtherVariant(r.rel, rep.student.id, item.path, others[0]))
            note = Diagnosis(code="other_students_variant", key="batch.not_your_parameters",
                             explains=False)
            noted[item.path] = item.model_copy(update={"diagnoses": (*item.diagnoses, note)})
        out.append(rendered(replace(r, report=_with(rep, noted))) if noted else r)
    return out, tuple(found)


def _with(report: Report, items: dict[str, ItemResult]) -> Report:
    questions = tuple(q.model_copy(update={"items": tuple(items.get(i.path, i)
                                                          for i in q.items)})
                      for q in report.questions)
    return report.model_copy(update={"questions": questions})
