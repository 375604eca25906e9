"""One `grader batch` run: check the options, grade the class, apply overrides, write the set."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from grader.batch._files import scan
from grader.batch._gradebook import csv_text, report_keys, student_rows
from grader.batch._grading import (
    DEFAULT_TIMEOUT,
    FileResult,
    GradeJob,
    cached_rubric,
    rendered,
    report_texts,
)
from grader.batch._model import ClassSummary, OtherVariant
from grader.batch._outputs import PARTS, OutputLocked, locked, parts_dir, recover, write_set
from grader.batch._pool import ProgressSink, grade_all, worker_count
from grader.batch._summary import summarise
from grader.errors import GraderError, SubmissionError
from grader.i18n import Lang, t
from grader.overrides import Override, apply_matched, check_overrides, load_overrides
from grader.rubric import Rubric, find_rubric
from grader.settings import resolve_lang, resolve_reveal
from grader.submission import rubric_for
from grader.yamlsafe import load_yaml_file

__all__ = ["BatchConfig", "BatchError", "BatchResult", "apply_class_overrides", "run_batch"]


class BatchError(GraderError):
    """The batch cannot run at all (exit code 2)."""


@dataclass(frozen=True)
class BatchConfig:
    """The `grader batch` options."""

    root: Path
    out: Path
    rubric: str | None = None
    jobs: int | None = None
    lang: str | None = None
    reveal: bool | None = None
    overrides: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    review_sheet: Path | None = None
    """Where to write the items awaiting a TA as an overrides file (never over a file)."""
    anonymise: bool = False
    """report.html without names, files or links, ids as pseudonyms (to share with a class)."""
    attempts: str = "latest"
    """Which of a student's several files counts: latest, best or all."""


@dataclass
class BatchResult:
    """What a run produced."""

    results: list[FileResult]
    summary: ClassSummary
    written: list[str] = field(default_factory=list)
    lang: Lang = "zh"
    workers: int = 1
    notes: list[str] = field(default_factory=list)
    """Things the TA should know about the run itself (a capped --jobs, a recovered swap)."""

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.report is None]

    @property
    def internal_failures(self) -> list[FileResult]:
        """Files that failed for a reason of ours (exit code 3: worth re-running)."""
        return [r for r in self.results if r.report is None and r.internal]


def _fail(key: str, lang: Lang, **params: object) -> BatchError:
    return BatchError(t(key, lang, **params))


def run_batch(config: BatchConfig, progress: ProgressSink | None = None) -> BatchResult:
    """Grade the class under `config.root` and write every output; BatchError if impossible."""
    given: Rubric | None = None
    if config.rubric is not None:
        given = cached_rubric(config.rubric, find_rubric(config.rubric))  # InputError
    lang0 = resolve_lang(config.lang, given)
    root = config.root
    if not root.is_dir():
        raise _fail("batch.error.not_a_dir", lang0, path=str(root))
    if config.out.exists() and os.path.realpath(config.out) == os.path.realpath(root):
        raise _fail("batch.error.out_is_class", lang0, path=str(config.out))
    from grader.batch._attempts import ATTEMPTS

    if config.attempts not in ATTEMPTS:
        raise _fail("batch.error.attempts", lang0, value=config.attempts)
    if config.review_sheet is not None and config.review_sheet.exists():
        raise _fail("batch.error.review_sheet_exists", lang0, path=str(config.review_sheet))
    overrides: tuple[Override, ...] = ()
    if config.overrides is not None:
        overrides = load_overrides(config.overrides)
        if given is not None:
            check_overrides(overrides, given)
    try:
        with locked(config.out):
            try:
                return _run_locked(config, given, overrides, lang0, progress)
            finally:
                shutil.rmtree(config.out / PARTS, ignore_errors=True)
    except OutputLocked:
        raise _fail("batch.error.out_locked", lang0, path=str(config.out)) from None
    except OSError as exc:
        raise _fail("batch.error.out_not_writable", lang0, path=str(config.out),
                    reason=exc.strerror or str(exc)) from None


def _run_locked(config: BatchConfig, given: Rubric | None, overrides: tuple[Override, ...],
                lang0: Lang, progress: ProgressSink | None) -> BatchResult:
    notes = []
    if recover(config.out):
        notes.append(t("batch.note.recovered", lang0))
    found = scan(config.root, exclude=[config.out] + [
        p for p in (config.overrides, config.review_sheet) if p is not None])
    parts = parts_dir(config.out)
    jobs = [GradeJob(rel=rel, path=str(path), rubric=config.rubric, lang=config.lang,
                     reveal=config.reveal, timeout=config.timeout, message_lang=lang0,
                     part=str(parts / str(index)))
            for index, (rel, path) in enumerate(found.files)]
    workers = worker_count(config.jobs, len(jobs))
    if config.jobs is not None and config.jobs > (os.cpu_count() or 1):
        notes.append(t("batch.note.jobs_capped", lang0, asked=config.jobs,
                       cpus=os.cpu_count() or 1))
    if workers > 1:
        _warm_up(given or _peek_rubric(jobs))
    graded = grade_all(jobs, workers, progress)

    rubric = given if given is not None else _class_rubric(graded)
    if config.overrides is not None and given is None and rubric is not None:
        check_overrides(overrides, rubric)
    from grader.batch._attempts import choose_attempts

    final, used, ambiguous = apply_class_overrides(graded, overrides)
    final = choose_attempts(final, config.attempts)  # type: ignore[arg-type]
    matched: tuple[OtherVariant, ...] = ()
    if rubric is not None and rubric.parameters is not None:
        from grader.batch._variants import other_students_variants

        final, matched = other_students_variants(final)
    unmatched = [o for o in overrides if o not in used and o not in ambiguous]
    lang = resolve_lang(config.lang, rubric)
    reveal = resolve_reveal(config.reveal, rubric)
    keys = report_keys(final)
    summary = summarise(final, rubric, keys=keys, lang=lang, reveal=reveal,
                        unmatched=unmatched, applied=len(used), ambiguous=ambiguous,
                        skipped=found.skipped)
    if matched:
        summary = replace(summary, other_students_variant=matched)
    written = write_set(config.out, _output_files(final, rubric, keys, summary, lang,
                                                  anonymise=config.anonymise))
    if config.review_sheet is not None:
        from grader.atomic import atomic_write_text
        from grader.batch._review import review_sheet

        atomic_write_text(config.review_sheet, review_sheet(summary.needs_review, lang))
        notes.append(t("batch.note.review_sheet", lang, items=len(summary.needs_review),
                       path=str(config.review_sheet)))
    return BatchResult(results=final, summary=summary, written=written, lang=lang,
                       workers=workers, notes=notes)


def _output_files(results: Sequence[FileResult], rubric: Rubric | None, keys: dict[str, str],
                  summary: ClassSummary, lang: Lang, *, anonymise: bool = False
                  ) -> dict[str, bytes | Path]:
    """Every output of the run, by path relative to the output folder."""
    from grader.html_report import class_report_html
    from grader.render import dumps_json

    files: dict[str, bytes | Path] = {}
    for r in results:
        if r.report is not None and r.rel in keys:
            for ext, content in report_texts(r).items():
                files[f"reports/{keys[r.rel]}.{ext}"] = content
    files["grades.csv"] = b"\xef\xbb\xbf" + csv_text(results, rubric, keys, lang).encode("utf-8")
    files["summary.json"] = dumps_json(summary.to_json()).encode("utf-8")
    rows = student_rows(results, rubric, keys)
    files["report.html"] = class_report_html(summary, rows, lang=lang, anonymise=anonymise,
                                             salt=_salt(results)).encode("utf-8")
    return files


def _salt(results: Sequence[FileResult]) -> str:
    """What pseudonyms are keyed by: the class's own reports (the same class gives the same
    pseudonyms; nobody without its files can work them back to ids)."""
    import hashlib

    digest = hashlib.sha256()
    for r in sorted(results, key=lambda r: r.rel):
        digest.update(r.rel.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(r.json_sha256.encode("ascii") + b"\0")
    return digest.hexdigest()


def apply_class_overrides(results: Sequence[FileResult], overrides: Sequence[Override]
                          ) -> tuple[list[FileResult], set[Override], list[Override]]:
    """Apply the TA's overrides; returns the results, the overrides used, and the ambiguous
    ones (applied to none: which submission was meant?).

    An override names a student id when any submission carries that id — then it applies
    to that submission only, never to another whose file happens to be called so; else it
    names a file (its stem or its path in the class folder). Several matches are ambiguous.
    """
    targets: dict[str, list[Override]] = {}
    used: set[Override] = set()
    ambiguous: list[Override] = []
    for o in overrides:
        matches = _override_targets(results, o.student)
        if len(matches) > 1:
            ambiguous.append(o)
        elif matches:
            targets.setdefault(matches[0], []).append(o)
            used.add(o)
    out = []
    for r in results:
        mine = targets.get(r.rel, [])
        if mine and r.report is not None:
            r = rendered(replace(r, report=apply_matched(r.report, mine)))
        out.append(r)
    return out, used, ambiguous


def _override_targets(results: Sequence[FileResult], student: str) -> list[str]:
    graded = [r for r in results if r.report is not None]
    by_id = [r.rel for r in graded if r.report is not None and r.report.student.id == student]
    if by_id:
        return by_id
    return [r.rel for r in graded
            if PurePosixPath(r.rel).stem == student or r.rel == student]


def _warm_up(rubric: Rubric | None) -> None:
    """Import the question kinds (and fill the rubric's caches) once, before forking workers."""
    from grader.kinds import get_kind, kind_names
    from grader.overrides import overridable_items

    for name in kind_names():
        get_kind(name)
    if rubric is not None:
        overridable_items(rubric)  # grades a blank submission: reference values cached
        for question in rubric.questions:
            get_kind(question.kind).warm_up(question)


def _peek_rubric(jobs: Sequence[GradeJob]) -> Rubric | None:
    """The rubric the first readable submission names (only to warm caches up)."""
    for job in jobs[:5]:
        try:
            return rubric_for(load_yaml_file(job.path, name=job.rel, cls=SubmissionError), None)
        except (GraderError, OSError, RecursionError):
            continue
    return None


def _class_rubric(results: Sequence[FileResult]) -> Rubric | None:
    """The rubric most submissions answer (ties: the smallest id)."""
    counts = Counter(r.assignment for r in results if r.report is not None and r.assignment)
    if not counts:
        return None
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return cached_rubric(best)

