"""Grading one file of a class: a report, or the reason there is none (never an exception).

Runs in a worker process; everything it takes and returns is picklable. The report's JSON
and Markdown are rendered here too and, when the job names a `part`, written there by the
worker itself (the parent then only moves the files into the output set), so report files
are written in parallel while the other workers grade.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from grader.engine import grade
from grader.errors import GraderError, InputError, SubmissionError
from grader.i18n import Lang, t
from grader.report import Report
from grader.rubric import Rubric, find_rubric
from grader.settings import resolve_lang, resolve_reveal
from grader.submission import parse_submission, rubric_for
from grader.yamlsafe import load_yaml_file

__all__ = ["DEFAULT_TIMEOUT", "FileResult", "GradeJob", "cached_rubric", "grade_file",
           "rendered", "report_texts", "written"]

DEFAULT_TIMEOUT = 60.0
"""Seconds a worker may spend on one file before it is stopped: a safety net only. Work is
bounded by steps and sizes, so no submission comes near it; a file that does is reported
as an internal failure (the batch exits 3), never graded by how busy the machine was."""


@dataclass(frozen=True)
class GradeJob:
    """One file to grade, with everything a worker process needs (picklable)."""

    rel: str
    path: str
    rubric: str | None = None
    lang: str | None = None
    reveal: bool | None = None
    timeout: float = DEFAULT_TIMEOUT
    message_lang: Lang = "zh"
    part: str | None = None
    """Where to write the report's texts (`part + ".json"`, `part + ".md"`); None: keep them
    in the result."""


@dataclass(frozen=True)
class FileResult:
    """What grading one file gave: a report, or the reason there is none."""

    rel: str
    report: Report | None = None
    error: str | None = None
    internal: bool = False
    """The failure is ours (a crash, a dead worker, the time limit), not the student's."""
    lang: Lang = "zh"
    reveal: bool = False
    assignment: str | None = None
    json_text: str = ""
    """The report as `grader check --format json` prints it (empty when written to `part`)."""
    markdown: str = ""
    part: str | None = None
    """The report's texts were written to `part + ".json"` and `part + ".md"`."""
    json_sha256: str = ""
    """The SHA-256 of the report's JSON text, wherever that text is."""
    submitted_at: str | None = None
    """The submission's own `submitted_at`, for choosing among a student's attempts."""
    mtime: float = 0.0
    """The file's modification time (the attempt's time when it does not say)."""
    superseded_by: str | None = None
    """Another attempt of the same student was kept instead (`--attempts`)."""

    @property
    def ok(self) -> bool:
        return self.report is not None


_RUBRICS: dict[str, Rubric] = {}


def cached_rubric(spec: str, found: Rubric | None = None) -> Rubric:
    """The rubric `spec` names, read once per process (`found`: already read by the caller)."""
    if found is not None:
        _RUBRICS[spec] = found
    rubric = _RUBRICS.get(spec)
    if rubric is None:
        rubric = _RUBRICS[spec] = find_rubric(spec)
    return rubric


def grade_file(job: GradeJob) -> FileResult:
    """Grade one file; never raises for a bad submission or a bug of ours."""
    try:
        doc = load_yaml_file(job.path, name=job.rel, cls=SubmissionError)
        rubric = cached_rubric(job.rubric) if job.rubric else rubric_for(doc, None)
        submission = parse_submission(doc, rubric)
        report = grade(rubric, submission)
    except InputError as exc:
        return FileResult(job.rel, error=exc.describe(job.message_lang, source=False))
    except GraderError as exc:
        return FileResult(job.rel, error=f"{job.rel}: {exc}")
    except (Exception, RecursionError) as exc:  # a bug must not stop the class
        return internal_failure(job, "batch.error.internal",
                                error=f"{type(exc).__name__}: {str(exc)[:200]}")
    lang = resolve_lang(job.lang, rubric)
    reveal = resolve_reveal(job.reveal, rubric)
    try:
        mtime = os.stat(job.path).st_mtime
    except OSError:
        mtime = 0.0
    result = rendered(FileResult(job.rel, report=report, lang=lang, reveal=reveal,
                                 assignment=job.rubric or rubric.id,
                                 submitted_at=submission.submitted_at, mtime=mtime))
    if job.part is not None:
        try:
            return written(result, job.part)
        except OSError:
            return result  # the parent writes the texts itself (and says if it cannot)
    return result


def internal_failure(job: GradeJob, key: str, **params: object) -> FileResult:
    """A failure that is not the student's: named in the TA's language, flagged internal."""
    return FileResult(job.rel, error=t(key, job.message_lang, file=job.rel, **params),
                      internal=True)


def rendered(result: FileResult) -> FileResult:
    """`result` with its report's JSON and Markdown texts."""
    from grader.render import dumps_json, report_markdown

    assert result.report is not None
    json_text = dumps_json(result.report.to_json(lang=result.lang, reveal=result.reveal),
                           compact=True)
    return replace(
        result, json_text=json_text, part=None,
        json_sha256=hashlib.sha256(json_text.encode("utf-8")).hexdigest(),
        markdown=report_markdown(result.report, lang=result.lang, reveal=result.reveal))


def written(result: FileResult, part: str) -> FileResult:
    """`result` with its texts written to `part` (.json, .md) instead of held."""
    Path(part + ".json").write_bytes(result.json_text.encode("utf-8"))
    Path(part + ".md").write_bytes(result.markdown.encode("utf-8"))
    return replace(result, json_text="", markdown="", part=part)


def report_texts(result: FileResult) -> dict[str, bytes | Path]:
    """The report's texts by extension: bytes, or the file a worker wrote them to."""
    if result.part is not None:
        return {"json": Path(result.part + ".json"), "md": Path(result.part + ".md")}
    return {"json": result.json_text.encode("utf-8"), "md": result.markdown.encode("utf-8")}
