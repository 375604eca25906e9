"""Terminal rendering of `grader batch`: the progress display and the class summary (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from grader.batch import ClassSummary, FileResult, safe_text
from grader.batch._model import SKIPPED_REASONS
from grader.i18n import Lang, t

__all__ = ["SKIPPED_REASONS", "LineProgress", "RichProgress", "print_class_summary"]



def _num(x: Any) -> str:
    if x is None:
        return "—"
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


class LineProgress:
    """One plain line per graded file (when stdout is not a terminal)."""

    def __init__(self, out: Console, lang: Lang) -> None:
        self.out, self.lang, self.total, self.done = out, lang, 0, 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, result: FileResult) -> None:
        self.done += 1
        width = len(str(self.total))
        head = f"[{self.done:>{width}}/{self.total}] "
        if result.report is not None:
            line = t("batch.line.ok", self.lang, file=safe_text(result.rel),
                     score=_num(result.report.score), max_score=_num(result.report.max_score))
        else:
            line = t("batch.line.failed", self.lang, file=safe_text(result.rel),
                     reason=safe_text(result.error or "", 2000))
        # Plain text to a plain stream: rich's layout per line costs more than the grading
        # of a short file; safe_text has already made the names printable.
        self.out.file.write(head + line + "\n")


class RichProgress:
    """A progress bar on a terminal; use as a context manager around the run."""

    def __init__(self, out: Console, lang: Lang) -> None:
        self.lang = lang
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 TextColumn("{task.fields[last]}", markup=False), console=out,
                                 transient=True)
        self.task: Any = None

    def start(self, total: int) -> None:
        # Started only now: the worker processes are already forked, no thread is copied.
        self.progress.start()
        self.task = self.progress.add_task(t("batch.progress", self.lang), total=total, last="")

    def advance(self, result: FileResult) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, last=safe_text(result.rel, 60))

    def stop(self) -> None:
        self.progress.stop()


def print_class_summary(out: Console, summary: ClassSummary, *, lang: Lang,
                        outdir: str, written: int) -> None:
    """Count graded, failures with reasons, totals statistics, per-question means, diagnoses."""
    _line(out, t("batch.summary.title", lang, assignment=summary.assignment or "—"),
          "bold")
    failed = summary.failed
    _line(out, t("batch.summary.graded", lang, graded=summary.graded, files=summary.files,
                 failed=len(failed)))
    if failed:
        _line(out, t("batch.summary.failed", lang), "bold red")
        for f in failed:
            _line(out, f"  {f.reason}")
    if summary.skipped:
        _line(out, t("batch.summary.skipped", lang), "bold yellow")
        for s in summary.skipped:
            _line(out, f"  {s.file}: {t(SKIPPED_REASONS[s.reason], lang)}")
    totals = summary.totals
    if summary.graded:
        _line(out, t("batch.summary.stats", lang, max_score=_num(summary.max_score),
                     mean=_num(totals.mean), median=_num(totals.median), q1=_num(totals.q1),
                     q3=_num(totals.q3), min=_num(totals.min), max=_num(totals.max)))
    questions = [q for q in summary.questions if q.mean is not None]
    if questions:
        _line(out, t("batch.summary.questions", lang), "bold")
        for q in questions:
            _line(out, "  " + t("batch.summary.question", lang, id=q.id, mean=_num(q.mean),
                                max_score=_num(q.max_score)))
    if summary.diagnoses:
        _line(out, t("batch.summary.diagnoses", lang), "bold")
        for d in summary.diagnoses[:10]:
            _line(out, "  " + t("batch.summary.diagnosis", lang, code=d.code, items=d.items,
                                submissions=d.submissions))
    for x in summary.superseded:
        _line(out, t("batch.summary.superseded", lang, file=x.file, kept=x.kept), "yellow")
    for dup in summary.duplicate_ids:
        _line(out, t("batch.summary.duplicates", lang, id=dup.id, files=", ".join(dup.files)),
              "yellow")
    if summary.other_students_variant:
        _line(out, t("batch.summary.other_variant", lang,
                     count=len(summary.other_students_variant)), "bold yellow")
    if summary.shared_wrong_answers:
        _line(out, t("batch.summary.shared", lang, groups=len(summary.shared_wrong_answers)),
              "yellow")
    if summary.needs_review:
        _line(out, t("batch.summary.review", lang, items=len(summary.needs_review),
                     points=_num(summary.provisional_points)), "yellow")
    overrides = summary.overrides
    if overrides.applied:
        _line(out, t("batch.summary.overrides", lang, applied=overrides.applied))
    for o in overrides.ambiguous:
        _line(out, t("batch.summary.ambiguous", lang, student=o.student, where=o.where),
              "yellow")
    for o in overrides.unmatched:
        _line(out, t("batch.summary.unmatched", lang, student=o.student, where=o.where),
              "yellow")
    _line(out, t("batch.summary.written", lang, count=written, path=outdir), "dim")


def _line(out: Console, text: str, style: str = "") -> None:
    """One line of plain text (never markup), control characters shown, not obeyed."""
    out.print(Text(safe_text(text, 4000), style=style), soft_wrap=True)
