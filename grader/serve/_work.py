"""What a grading worker does with one job; runs in a worker process (`_pool`).

A job is a plain tuple, an answer a (status, JSON text) pair, so nothing but bytes and
strings crosses the pipe:

- `("check", raw, lang)`: the YAML file `raw` (bytes) graded as `grader check --format json`
  grades it, against the server's rubric; 400 with `{"error": {"message", "line",
  "column"}}` when it cannot be read;
- `("read", path, text, student_id, lang)`: how the form field `path` holding `text` is
  read: `{"read_as": ...}` or `{"error": ...}` (no verdict: a field is not a submission);
- `("warm",)`: grade a filled form once, so the first student's answer waits for nothing.

Nothing a student wrote is logged or written anywhere; it lives in this process's memory
for the length of the job.
"""

from __future__ import annotations

import json
import os
from typing import Any

from grader.errors import GraderError, InputError, SubmissionError
from grader.i18n import Lang, t
from grader.render import dumps_json
from grader.rubric import Rubric, find_rubric
from grader.serve._form import field_paths, submission_text
from grader.settings import resolve_lang, resolve_reveal

__all__ = ["SUBMISSION_NAME", "handle", "init"]

SUBMISSION_NAME = "submission.yaml"
"""The name a posted file is given in messages (the client's own file name is not used)."""

_INTERNAL = (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, KeyError,
             IndexError, AttributeError, AssertionError)
"""A bug of ours, not the student's (as `grader check` tells them apart)."""

_rubric: Rubric | None = None
_placeholder_id = "0"
"""The student id a personal rubric is read with for one field (reading does not depend
on the student's parameters)."""


def init(rubric_ref: str) -> None:
    """Load the server's rubric once, in this process."""
    global _rubric
    _rubric = find_rubric(rubric_ref)


def _the_rubric() -> Rubric:
    assert _rubric is not None, "init() first"
    return _rubric


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _lang(value: Any) -> Lang:
    return resolve_lang(value if isinstance(value, str) else None)


def handle(job: tuple[Any, ...]) -> tuple[int, str]:
    """Do one job (see the module's docstring)."""
    kind = job[0]
    if kind == "check":
        return check(job[1], _lang(job[2]))
    if kind == "read":
        return 200, _json(read(job[1], job[2], job[3], _lang(job[4])))
    if kind == "warm":
        warm()
        return 200, "{}"
    raise ValueError(f"unknown job {kind!r}")


def _input_error(exc: GraderError, lang: Lang) -> tuple[int, str]:
    if isinstance(exc, InputError):
        return 400, _json({"error": {"message": exc.describe(lang), "line": exc.line,
                                     "column": exc.column}})
    return 400, _json({"error": {"message": str(exc), "line": None, "column": None}})


def _internal(exc: BaseException, lang: Lang) -> tuple[int, str]:
    if os.environ.get("GRADER_DEBUG"):
        raise exc
    return 500, _json({"error": {"code": "internal",
                                 "message": t("serve.internal", lang,
                                              kind=type(exc).__name__)}})


def check(raw: bytes, lang: Lang) -> tuple[int, str]:
    """The report of the YAML file `raw` (SPEC §3, as `grader check --format json`)."""
    from grader.engine import grade
    from grader.submission import parse_submission, rubric_for
    from grader.yamlsafe import load_yaml_bytes

    rubric = _the_rubric()
    try:
        doc = load_yaml_bytes(raw, SUBMISSION_NAME, cls=SubmissionError)
        found = rubric_for(doc, rubric)
        report = grade(found, parse_submission(doc, found))
        return 200, dumps_json(report.to_json(lang=lang, reveal=resolve_reveal(None, found)),
                               compact=True)
    except GraderError as exc:
        return _input_error(exc, lang)
    except _INTERNAL as exc:
        return _internal(exc, lang)


def read(path: str, text: str, student_id: str | None, lang: Lang) -> dict[str, Any]:
    """How the field `path` holding `text` is read: the report's `read_as`, or why not."""
    from grader.engine import grade
    from grader.submission import parse_submission, read_document

    rubric = _the_rubric()
    if path not in field_paths(rubric):
        return {"error": t("serve.bad_field", lang)}
    if not text.strip():
        return {"read_as": None}
    who = student_id if rubric.parameters is not None and student_id else _placeholder_id
    try:
        doc = read_document(text=submission_text(rubric, {path: text}, student_id=who),
                            name=SUBMISSION_NAME)
        report = grade(rubric, parse_submission(doc, rubric))
    except GraderError as exc:
        return {"error": exc.describe(lang, source=False) if isinstance(exc, InputError)
                else str(exc)}
    except _INTERNAL as exc:
        if os.environ.get("GRADER_DEBUG"):
            raise
        return {"error": t("serve.internal", lang, kind=type(exc).__name__)}
    for unknown in report.unknown_fields:
        if unknown.path == path:
            return {"error": unknown.message(lang)}
    for item in report.items():
        if item.path != path:
            continue
        if item.read_as is None and item.verdict.value == "unparsed":
            said = [d.message(lang) for d in item.diagnoses]
            return {"error": "; ".join(said) or item.verdict.label(lang)}
        return {"read_as": item.read_as}
    return {"read_as": None}


def warm() -> None:
    """Grade the form filled with a plausible answer everywhere (fills every cache)."""
    rubric = _the_rubric()
    samples = {"number": "1000", "formula": r"\sigma(W x + b)", "essay": "warm up"}
    answers = {path: samples[kind] for path, kind in field_paths(rubric).items()}
    check(submission_text(rubric, answers, student_id=_placeholder_id).encode(), "en")
