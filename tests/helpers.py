"""Small helpers the tests share: grade a file or YAML text, look items up."""

from __future__ import annotations

from pathlib import Path

from grader.engine import grade
from grader.report import ItemResult, Report
from grader.rubric import Rubric
from grader.submission import parse_submission, read_document, rubric_for


def grade_file(path: str | Path, rubric: str | Rubric | None = None) -> Report:
    """Grade a submission file with its own (or the given) rubric."""
    doc = read_document(path)
    return grade(found := rubric_for(doc, rubric), parse_submission(doc, found))


def grade_text(text: str, rubric: str | Rubric | None = None, name: str = "t.yaml") -> Report:
    """Grade YAML text."""
    doc = read_document(text=text, name=name)
    return grade(found := rubric_for(doc, rubric), parse_submission(doc, found))


def item(report: Report, path: str) -> ItemResult:
    """The item at `path`; fails the test when absent."""
    for it in report.items():
        if it.path == path:
            return it
    raise AssertionError(f"no item {path}; have {[i.path for i in report.items()]}")


def codes(report: Report, path: str) -> list[str]:
    """Diagnosis codes of one item, in order."""
    return [d.code for d in item(report, path).diagnoses]
