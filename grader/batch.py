"""Batch grading of a class: discovery, parallel grading, aggregation and the output files.

Pure logic, no terminal code: `grader.commands.batch` drives it and renders progress and
the class summary. Everything written is deterministic (sorted, no timestamps, paths
relative to the class directory) and written atomically (`grader.atomic`).

Outputs under OUTDIR:

- `grades.csv` one row per submission file (UTF-8 with BOM, for spreadsheets and LMSs);
- `reports/<key>.json` exactly what `grader check --format json` prints for the file;
- `reports/<key>.md` the same report as Markdown;
- `summary.json` class statistics, failures, duplicates, shared identical wrong answers;
- `report.html` a self-contained page with inline SVG charts.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import statistics
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from grader.atomic import atomic_write_bytes, atomic_write_text, check_writable
from grader.engine import grade
from grader.errors import GraderError, InputError, SubmissionError
from grader.i18n import Lang, default_lang, t
from grader.overrides import (
    AUTOMATIC_CODE,
    OVERRIDE_CODE,
    Override,
    apply_overrides,
    check_overrides,
    load_overrides,
    overridden_paths,
    overrides_for,
)
from grader.report import Report, Verdict
from grader.rubric import Rubric, find_rubric
from grader.submission import parse_submission, rubric_for
from grader.yamlsafe import load_yaml_file

__all__ = [
    "SUFFIXES",
    "BatchConfig",
    "BatchError",
    "BatchResult",
    "FileResult",
    "GradeJob",
    "ProgressSink",
    "csv_text",
    "discover",
    "grade_all",
    "grade_file",
    "report_keys",
    "run_batch",
    "shared_wrong_answers",
    "summarise",
]

SUFFIXES = (".yaml", ".yml")
DEFAULT_TIMEOUT = 10.0
_WRONG = (Verdict.PARTIAL, Verdict.INCORRECT, Verdict.UNPARSED)
# Codes that record process, not a mistake: left out of the most-frequent-diagnoses chart.
# Outputs are renamed into place whole (a reader never sees half a file) but not fsynced:
# on ext4 one fsync commits the journal and waits for every report written before it, and
# a re-run recreates everything a power cut could lose.
_DURABLE = False

_NOT_MISTAKES = (OVERRIDE_CODE, AUTOMATIC_CODE, "needs_review")


class BatchError(GraderError):
    """The batch cannot run at all (exit code 2)."""


# --------------------------------------------------------------------------- discovery


def discover(root: Path, *, exclude: Iterable[Path] = ()) -> list[tuple[str, Path]]:
    """Every `*.yaml`/`*.yml` file under `root`: (path relative to root, path), sorted.

    Directories are followed through symlinks but each real directory is visited once,
    so symlink loops end. Directories (even one named `x.yaml`), hidden entries and the
    `exclude`d paths (the output directory, the overrides file) are skipped.
    """
    excluded = {_real(p) for p in exclude}
    found: list[tuple[str, Path]] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited or _real(Path(dirpath)) in excluded:
            dirnames[:] = []
            continue
        visited.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = Path(dirpath) / name
            if path.is_dir() or _real(path) in excluded:
                continue
            rel = PurePosixPath(*path.relative_to(root).parts).as_posix()
            found.append((rel, path))
    return sorted(found, key=lambda pair: pair[0])


def _real(path: Path) -> str:
    return os.path.realpath(path)


# --------------------------------------------------------------------------- grading


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


@dataclass(frozen=True)
class FileResult:
    """What grading one file gave: a report, or the reason there is none."""

    rel: str
    report: Report | None = None
    error: str | None = None
    lang: Lang = "zh"
    reveal: bool = False
    assignment: str | None = None
    json_text: str = ""
    """The report as `grader check --format json` prints it (rendered in the worker)."""
    markdown: str = ""

    @property
    def ok(self) -> bool:
        return self.report is not None


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` in the engine eats it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread with SIGALRM only; else no limit)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _alarm(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_RUBRICS: dict[str, Rubric] = {}


def _rubric(spec: str) -> Rubric:
    found = _RUBRICS.get(spec)
    if found is None:
        found = _RUBRICS[spec] = find_rubric(spec)
    return found


def grade_file(job: GradeJob) -> FileResult:
    """Grade one file within its time budget; never raises for a bad submission."""
    try:
        with time_limit(job.timeout):
            doc = load_yaml_file(job.path, name=job.rel, cls=SubmissionError)
            rubric = _rubric(job.rubric) if job.rubric else rubric_for(doc, None)
            submission = parse_submission(doc, rubric)
            report = grade(rubric, submission)
    except _Timeout:
        return FileResult(job.rel, error=t("batch.error.timeout", job.message_lang,
                                           seconds=f"{job.timeout:g}"))
    except InputError as exc:
        return FileResult(job.rel, error=exc.describe())
    except GraderError as exc:
        return FileResult(job.rel, error=f"{job.rel}: {exc}")
    except (Exception, RecursionError) as exc:  # a bug must not stop the class
        return FileResult(job.rel, error=t("batch.error.internal", job.message_lang,
                                           file=job.rel, error=f"{type(exc).__name__}: {exc}"))

    lang: Lang = default_lang(job.lang) if job.lang else default_lang(rubric.lang)
    reveal = rubric.reveal if job.reveal is None else job.reveal
    return _rendered(FileResult(job.rel, report=report, lang=lang, reveal=reveal,
                                assignment=job.rubric or rubric.id))


def _rendered(result: FileResult) -> FileResult:
    """`result` with its report's JSON and Markdown texts (rendered where it was graded)."""
    from grader.render import dumps_json, report_markdown

    assert result.report is not None
    return replace(
        result,
        json_text=dumps_json(result.report.to_json(lang=result.lang, reveal=result.reveal),
                             compact=True),
        markdown=report_markdown(result.report, lang=result.lang, reveal=result.reveal))


def apply_class_overrides(results: Sequence[FileResult], overrides: Sequence[Override]
                          ) -> tuple[list[FileResult], set[Override], list[Override]]:
    """Apply the TA's overrides; returns the results, the overrides used, and those naming a
    student id that more than one submission carries (applied to none: which was meant?)."""
    ids = Counter(r.report.student.id for r in results if r.report and r.report.student.id)
    ambiguous = [o for o in overrides if ids[o.student] > 1]
    usable = [o for o in overrides if o not in ambiguous]
    used: set[Override] = set()
    out = []
    for r in results:
        mine = overrides_for(r.report, usable) if r.report is not None else []
        if mine and r.report is not None:
            used.update(mine)
            r = _rendered(replace(r, report=apply_overrides(r.report, mine)))
        out.append(r)
    return out, used, ambiguous


class ProgressSink(Protocol):
    """Receives progress: `start` once (after worker processes exist), then `advance`."""

    def start(self, total: int) -> None: ...

    def advance(self, result: FileResult) -> None: ...


def grade_all(jobs: Sequence[GradeJob], workers: int = 1,
              progress: ProgressSink | None = None) -> list[FileResult]:
    """Grade every job (in worker processes when `workers` > 1); results sorted by file."""
    results: list[FileResult] = []
    if workers <= 1 or len(jobs) <= 1:
        if progress:
            progress.start(len(jobs))
        for job in jobs:
            result = grade_file(job)
            results.append(result)
            if progress:
                progress.advance(result)
        return sorted(results, key=lambda r: r.rel)
    workers = min(workers, len(jobs))
    # Small chunks: few round trips between processes, yet a steady progress bar.
    size = max(1, min(16, len(jobs) // (workers * 8)))
    chunks = [tuple(jobs[i:i + size]) for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Submit everything first: the workers are forked before any progress thread starts.
        futures: dict[Future[list[FileResult]], tuple[GradeJob, ...]] = {
            pool.submit(grade_chunk, chunk): chunk for chunk in chunks}
        if progress:
            progress.start(len(jobs))
        for future in as_completed(futures):
            try:
                done = future.result()
            except Exception as exc:  # a worker died (killed, out of memory)
                done = [FileResult(job.rel, error=t(
                    "batch.error.internal", job.message_lang, file=job.rel,
                    error=f"{type(exc).__name__}: {exc}")) for job in futures[future]]
            for result in done:
                results.append(result)
                if progress:
                    progress.advance(result)
    return sorted(results, key=lambda r: r.rel)


def grade_chunk(jobs: Sequence[GradeJob]) -> list[FileResult]:
    """Grade a few files in one worker round trip."""
    return [grade_file(job) for job in jobs]


# --------------------------------------------------------------------------- aggregation


def report_keys(results: Sequence[FileResult]) -> dict[str, str]:
    """File → report name (student id, else file stem), unique even case-insensitively."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for r in results:
        if r.report is None:
            continue
        base = _safe_name(r.report.student.id or "") or _safe_name(PurePosixPath(r.rel).stem)
        base = base or "submission"
        key, n = base, 1
        while key.casefold() in used:
            n += 1
            key = f"{base}-{n}"
        used.add(key.casefold())
        keys[r.rel] = key
    return keys


def _safe_name(text: str) -> str:
    cleaned = re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", text.strip()))
    return cleaned.strip("._")[:80]


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def shared_wrong_answers(reports: dict[str, Report], *, min_items: int = 2
                         ) -> list[dict[str, Any]]:
    """Groups of submissions sharing the same rare wrong answer text on ≥ `min_items` items.

    Only scored items judged partial, incorrect or unparsed count; the text is compared
    after Unicode normalisation, case folding and removing whitespace. A wrong answer given
    by more than 5% of the class (and more than 3 students) is a common misconception, not
    a sign of copying, and is left out. Each group is the set of every submission containing
    all its shared answers. Such overlaps are worth a look; they prove nothing.
    """
    wrong: dict[str, frozenset[tuple[str, str]]] = {}
    shown: dict[tuple[str, str], str] = {}
    for rel in sorted(reports):
        pairs = set()
        for item in reports[rel].items():
            if (item.graded and item.max_score > 0 and item.verdict in _WRONG
                    and item.submitted and _normalise(item.submitted)):
                pair = (item.path, _normalise(item.submitted))
                pairs.add(pair)
                shown.setdefault(pair, " ".join(item.submitted.split()))
        wrong[rel] = frozenset(pairs)
    frequency = Counter(pair for pairs in wrong.values() for pair in pairs)
    common_limit = max(3, len(reports) // 20)
    wrong = {rel: frozenset(p for p in pairs if frequency[p] <= common_limit)
             for rel, pairs in wrong.items()}
    rels = sorted(r for r in wrong if len(wrong[r]) >= min_items)
    shared: set[frozenset[tuple[str, str]]] = set()
    for i, a in enumerate(rels):
        for b in rels[i + 1:]:
            common = wrong[a] & wrong[b]
            if len(common) >= min_items:
                shared.add(common)
    found: list[tuple[list[str], list[tuple[str, str]]]] = []
    for common in shared:
        found.append(([r for r in rels if common <= wrong[r]], sorted(common)))
    found.sort(key=lambda g: (-len(g[0]), -len(g[1]), g[0], g[1]))
    groups: list[dict[str, Any]] = [
        {"files": members,
         "students": [reports[r].student.id for r in members],
         "items": [{"path": path, "submitted": shown[(path, norm)]} for path, norm in common]}
        for members, common in found]
    return groups


def _stats(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {k: None for k in ("mean", "median", "q1", "q3", "min", "max", "stdev")}
    data = sorted(values)
    if len(data) >= 2:
        q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
        stdev = statistics.pstdev(data)
    else:
        q1 = median = q3 = data[0]
        stdev = 0.0
    return {"mean": _round(statistics.fmean(data)), "median": _round(median),
            "q1": _round(q1), "q3": _round(q3), "min": _round(data[0]),
            "max": _round(data[-1]), "stdev": _round(stdev)}


def summarise(results: Sequence[FileResult], rubric: Rubric | None, *,
              keys: dict[str, str], lang: Lang, reveal: bool,
              unmatched: Sequence[Override] = (), applied: int = 0,
              ambiguous: Sequence[Override] = ()) -> dict[str, Any]:
    """The class summary (the content of summary.json)."""
    assignment = rubric.id if rubric else None
    graded = {r.rel: r.report for r in results
              if r.report is not None and (assignment is None or r.report.assignment == assignment)}
    other = [{"file": r.rel, "assignment": r.report.assignment} for r in results
             if r.report is not None and r.rel not in graded]
    failed = [{"file": r.rel, "reason": r.error or ""} for r in results if r.report is None]
    totals = [rep.score for rep in graded.values()]
    questions: list[dict[str, Any]] = []
    if rubric is not None:
        for q in rubric.questions:
            qreports = [qr for rep in graded.values() for qr in rep.questions if qr.id == q.id]
            scored = [qr for qr in qreports if qr.max_score > 0]
            questions.append({
                "id": q.id,
                "title": q.title_in(lang),
                "max_score": _round(max((qr.max_score for qr in scored), default=0)),
                "mean": _round(statistics.fmean([qr.score for qr in scored])) if scored else None,
                "graded": len(scored),
            })
    code_items: Counter[str] = Counter()
    code_students: dict[str, set[str]] = defaultdict(set)
    wrong: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    item_max: dict[str, float] = {}
    for rel, rep in graded.items():
        for item in rep.items():
            if item.max_score <= 0:
                continue
            for code in {d.code for d in item.diagnoses} - set(_NOT_MISTAKES):
                code_items[code] += 1  # items, not diagnoses: two notes on one item count once
                code_students[code].add(rel)
            if not item.graded:
                continue
            item_max[item.path] = item.max_score
            if item.verdict in _WRONG:
                wrong[item.path] += 1
            elif item.verdict is Verdict.MISSING:
                missing[item.path] += 1
    diagnoses = [{"code": c, "items": n, "submissions": len(code_students[c])}
                 for c, n in sorted(code_items.items(), key=lambda kv: (-kv[1], kv[0]))]
    items_wrong = [{"path": p, "wrong": wrong[p], "missing": missing[p],
                    "max_score": _round(item_max[p])}
                   for p in sorted(set(wrong) | set(missing),
                                   key=lambda p: (-wrong[p], -missing[p], p))]
    by_id: dict[str, list[str]] = defaultdict(list)
    for rel, rep in sorted(graded.items()):
        if rep.student.id:
            by_id[rep.student.id].append(rel)
    duplicates = [{"id": sid, "files": files} for sid, files in sorted(by_id.items())
                  if len(files) > 1]
    return {
        "assignment": assignment,
        "lang": lang,
        "reveal": reveal,
        "files": len(results),
        "graded": len(graded),
        "failed": failed,
        "other_assignment": other,
        "max_score": _round(max((rep.max_score for rep in graded.values()), default=0)),
        "totals": _stats(totals),
        "histogram": _histogram(totals, max((rep.max_score for rep in graded.values()),
                                             default=0)),
        "questions": questions,
        "diagnoses": diagnoses,
        "items_wrong": items_wrong,
        "duplicate_ids": duplicates,
        "shared_wrong_answers": shared_wrong_answers(graded),
        "overrides": {
            "applied": applied,
            "unmatched": [{"student": o.student, "item": o.item,
                           "where": _where(o)} for o in unmatched],
            "ambiguous": [{"student": o.student, "item": o.item,
                           "where": _where(o)} for o in ambiguous],
        },
        "reports": {rel: keys[rel] for rel in sorted(graded) if rel in keys},
    }


def _where(o: Override) -> str:
    name = Path(o.file).name  # no absolute paths in the outputs
    return f"{name}:{o.line}" if o.line is not None else name


def _histogram(totals: Sequence[float], max_score: float) -> list[dict[str, Any]]:
    """Counts of totals in ten equal bins over [0, max] (integer bins for small maxima)."""
    if max_score <= 0:
        return []
    bins = int(max_score) if max_score == int(max_score) and max_score <= 20 else 10
    width = max_score / bins
    counts = [0] * bins
    for x in totals:
        index = min(bins - 1, max(0, int(x / width))) if width else 0
        counts[index] += 1
    return [{"from": _round(i * width), "to": _round((i + 1) * width), "count": c}
            for i, c in enumerate(counts)]


def _round(x: float) -> float:
    r = round(x, 4)
    return int(r) if r == int(r) else r


# --------------------------------------------------------------------------- outputs

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _num(x: float | None) -> str:
    if x is None:
        return ""
    r = _round(x)
    return str(r)


def csv_columns(rubric: Rubric | None) -> list[str]:
    """The CSV header: fixed columns, then one per question in rubric order."""
    qids = [q.id for q in rubric.questions] if rubric else []
    return ["student_id", "name", "file", "report", *qids, "total", "max", "overrides", "error"]


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
        if rep is None or (rubric is not None and rep.assignment != rubric.id):
            reason = r.error if rep is None else t(
                "batch.error.other_assignment", lang, assignment=rep.assignment,
                rubric=rubric.id if rubric else "")
            who = rep.student if rep is not None else None
            writer.writerow([_cell(who.id if who else None), _cell(who.name if who else None),
                             _cell(r.rel), keys.get(r.rel, ""), *([""] * len(qids)),
                             "", "", "", _cell(reason)])
            continue
        by_id = {q.id: q for q in rep.questions}
        scores = []
        for qid in qids:
            q = by_id.get(qid)
            graded = q is not None and any(i.graded and i.max_score > 0 for i in q.items)
            scores.append(_num(q.score) if q is not None and graded else "")
        writer.writerow([_cell(rep.student.id), _cell(rep.student.name), _cell(r.rel),
                         keys.get(r.rel, ""), *scores, _num(rep.score), _num(rep.max_score),
                         ";".join(overridden_paths(rep)), ""])
    return buffer.getvalue()


# --------------------------------------------------------------------------- the run


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


@dataclass
class BatchResult:
    """What a run produced."""

    results: list[FileResult]
    summary: dict[str, Any]
    written: list[str] = field(default_factory=list)
    lang: Lang = "zh"

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.report is None]


def _fail(key: str, lang: Lang, **params: object) -> BatchError:
    return BatchError(t(key, lang, **params))


def run_batch(config: BatchConfig, progress: ProgressSink | None = None) -> BatchResult:
    """Grade the class under `config.root` and write every output; BatchError if impossible."""
    lang_hint: Lang = default_lang(config.lang) if config.lang else "zh"
    root = config.root
    if not root.is_dir():
        raise _fail("batch.error.not_a_dir", lang_hint, path=str(root))
    given: Rubric | None = None
    if config.rubric is not None:
        given = find_rubric(config.rubric)  # InputError: unreadable rubric
        _RUBRICS[config.rubric] = given
    message_lang: Lang = default_lang(config.lang or (given.lang if given else None))
    overrides: tuple[Override, ...] = ()
    if config.overrides is not None:
        overrides = load_overrides(config.overrides)
        if given is not None:
            check_overrides(overrides, given)
    try:
        check_writable(config.out)
    except OSError as exc:
        raise _fail("batch.error.out_not_writable", message_lang, path=str(config.out),
                    reason=exc.strerror or str(exc)) from None
    exclude = [config.out] + ([config.overrides] if config.overrides else [])
    files = discover(root, exclude=exclude)
    # Overrides are applied in the workers; without --rubric they are checked against the
    # class's rubric once it is known, before anything is written.
    jobs = [GradeJob(rel=rel, path=str(path), rubric=config.rubric, lang=config.lang,
                     reveal=config.reveal, timeout=config.timeout, message_lang=message_lang)
            for rel, path in files]
    workers = config.jobs if config.jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(jobs) > 1:
        _warm_up(given or _peek_rubric(jobs))
    final = grade_all(jobs, workers, progress)

    rubric = given if given is not None else _class_rubric(final)
    if config.overrides is not None and given is None and rubric is not None:
        check_overrides(overrides, rubric)
    final, used, ambiguous = apply_class_overrides(final, overrides)
    applied = len(used)
    unmatched = [o for o in overrides if o not in used and o not in ambiguous]
    lang: Lang = default_lang(config.lang) if config.lang else (
        default_lang(rubric.lang) if rubric else message_lang)
    reveal = config.reveal if config.reveal is not None else (rubric.reveal if rubric else False)
    keys = report_keys(final)
    summary = summarise(final, rubric, keys=keys, lang=lang, reveal=reveal,
                        unmatched=unmatched, applied=applied, ambiguous=ambiguous)
    written = write_outputs(config.out, final, rubric, keys, summary, lang)
    return BatchResult(results=final, summary=summary, written=written, lang=lang)


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
    return _rubric(best)


def write_outputs(out: Path, results: Sequence[FileResult], rubric: Rubric | None,
                  keys: dict[str, str], summary: dict[str, Any], lang: Lang) -> list[str]:
    """Write every output file atomically; returns their paths relative to `out`, sorted."""
    from grader.html_report import class_report_html
    from grader.render import dumps_json

    written: list[str] = []
    reports_dir = out / "reports"
    for r in results:
        if r.report is None or r.rel not in keys:
            continue
        key = keys[r.rel]
        atomic_write_text(reports_dir / f"{key}.json", r.json_text, durable=_DURABLE)
        atomic_write_text(reports_dir / f"{key}.md", r.markdown, durable=_DURABLE)
        written += [f"reports/{key}.json", f"reports/{key}.md"]
    _remove_stale(reports_dir, {w.split("/", 1)[1] for w in written})
    atomic_write_text(out / "grades.csv", csv_text(results, rubric, keys, lang), bom=True,
                      durable=_DURABLE)
    atomic_write_text(out / "summary.json", dumps_json(summary), durable=_DURABLE)
    rows = student_rows(results, rubric, keys)
    atomic_write_bytes(out / "report.html",
                       class_report_html(summary, rows, lang=lang).encode("utf-8"),
                       durable=_DURABLE)
    written += ["grades.csv", "summary.json", "report.html"]
    return sorted(written)


def _remove_stale(reports_dir: Path, keep: set[str]) -> None:
    """Drop reports of an earlier run that this run did not produce (same class re-graded)."""
    if not reports_dir.is_dir():
        return
    for entry in sorted(reports_dir.iterdir()):
        if entry.is_file() and entry.suffix in (".json", ".md") and entry.name not in keep:
            entry.unlink()


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
                               "overrides": overridden_paths(rep) if rep else []}
        if rep is not None and rubric is not None and rep.assignment != rubric.id:
            # Another assignment's scores are not this class's: no total to misread.
            row.update(error=t("batch.error.other_assignment_short", r.lang,
                               assignment=rep.assignment),
                       total=None, max=None, questions={})
        rows.append(row)
    return rows
