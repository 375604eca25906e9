"""The gradebook: grades.csv, the rows of the HTML table, and the report names."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from grader.batch._files import report_key_for
from grader.batch._grading import FileResult
from grader.batch._review import awaiting, provisional_points
from grader.i18n import Lang, t
from grader.overrides import overridden_paths
from grader.report import round4
from grader.rubric import Rubric

__all__ = ["csv_columns", "csv_text", "report_keys", "student_rows"]

# A cell starting with one of these is run as a formula by spreadsheets; so is a number
# with a sign, like the student id "-1-1".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def report_keys(results: Sequence[FileResult]) -> dict[str, str]:
    """File → report name (student id, else file stem), unique even case-insensitively."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for r in results:
        if r.report is not None:
            keys[r.rel] = report_key_for(r.report.student.id, r.rel, used)
    return keys


def _cell(text: str | None) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _num(x: float | None) -> str:
    return "" if x is None else str(round4(x))


def csv_columns(rubric: Rubric | None) -> list[str]:
    """The CSV header: fixed columns, then one per question in rubric order."""
    qids = [q.id for q in rubric.questions] if rubric else []
    return ["student_id", "name", "file", "report", *qids, "total", "max", "confirmed",
            "provisional", "needs_review", "overrides", "error"]


def csv_text(results: Sequence[FileResult], rubric: Rubric | None,
             keys: dict[str, str], lang: Lang) -> str:
    """grades.csv: one row per file, failed files with empty scores and the reason."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = csv_columns(rubric)
    writer.writerow(columns)
    qids = [q.id for q in rubric.questions] if rubric else []
    for r in results:
        rep = r.report
        if rep is None or r.superseded_by or (rubric is not None
                                              and rep.assignment != rubric.id):
            reason = r.error if rep is None else (
                t("batch.superseded", lang, kept=r.superseded_by) if r.superseded_by else
                t("batch.error.other_assignment", lang, assignment=rep.assignment,
                  rubric=rubric.id if rubric else ""))
            who = rep.student if rep is not None else None
            writer.writerow([_cell(who.id if who else None), _cell(who.name if who else None),
                             _cell(r.rel), keys.get(r.rel, ""), *([""] * len(qids)),
                             "", "", "", "", "", "", _cell(reason)])
            continue
        by_id = {q.id: q for q in rep.questions}
        scores = []
        for qid in qids:
            q = by_id.get(qid)
            graded = q is not None and any(i.graded and i.max_score > 0 for i in q.items)
            scores.append(_num(q.score) if q is not None and graded else "")
        pending = provisional_points(rep)
        writer.writerow([_cell(rep.student.id), _cell(rep.student.name), _cell(r.rel),
                         keys.get(r.rel, ""), *scores, _num(rep.score), _num(rep.max_score),
                         _num(rep.score - pending), _num(pending), str(len(awaiting(rep))),
                         ";".join(overridden_paths(rep)), ""])
    return buffer.getvalue()


def student_rows(results: Sequence[FileResult], rubric: Rubric | None,
                 keys: dict[str, str]) -> list[dict[str, Any]]:
    """One plain row per file for the HTML table."""
    rows = []
    for r in results:
        rep = r.report
        row: dict[str, Any] = {"file": r.rel, "report": keys.get(r.rel), "error": r.error,
                               "id": rep.student.id if rep else None,
                               "name": rep.student.name if rep else None,
                               "total": rep.score if rep else None,
                               "max": rep.max_score if rep else None,
                               "questions": {q.id: q.score for q in rep.questions} if rep else {},
                               "overrides": overridden_paths(rep) if rep else [],
                               "review": len(awaiting(rep)) if rep else None}
        if rep is not None and r.superseded_by:
            row.update(error=t("batch.superseded", r.lang, kept=r.superseded_by),
                       total=None, max=None, questions={}, review=None)
        elif rep is not None and rubric is not None and rep.assignment != rubric.id:
            # Another assignment's scores are not this class's: no total to misread.
            row.update(error=t("batch.error.other_assignment_short", r.lang,
                               assignment=rep.assignment),
                       total=None, max=None, questions={})
        rows.append(row)
    return rows
