"""The class summary (summary.json): totals, per-question statistics, frequent diagnoses,
the items most often wrong, duplicate ids, shared wrong answers, overrides and every file
accounted for (graded + failed + other assignment + skipped = found)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from grader.batch._collusion import WRONG, shared_wrong_answers
from grader.batch._grading import FileResult
from grader.batch._model import (
    Bin,
    ClassSummary,
    CodeCount,
    Duplicate,
    Failure,
    ItemWrong,
    OtherAssignment,
    OverrideNote,
    OverrideSummary,
    QuestionStat,
    SkippedFile,
    Stats,
    Superseded,
)
from grader.batch._review import review_queue
from grader.codes import not_mistakes
from grader.i18n import Lang
from grader.overrides import Override
from grader.report import QuestionReport, Verdict, round4
from grader.rubric import Rubric

__all__ = ["histogram", "round4", "summarise"]


def _stats(values: Sequence[float]) -> Stats:
    if not values:
        return Stats()
    data = sorted(values)
    if len(data) >= 2:
        q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
        stdev = statistics.pstdev(data)
    else:
        q1 = median = q3 = data[0]
        stdev = 0.0
    return Stats(mean=round4(statistics.fmean(data)), median=round4(median), q1=round4(q1),
                 q3=round4(q3), min=round4(data[0]), max=round4(data[-1]), stdev=round4(stdev))


def summarise(results: Sequence[FileResult], rubric: Rubric | None, *,
              keys: dict[str, str], lang: Lang, reveal: bool,
              unmatched: Sequence[Override] = (), applied: int = 0,
              ambiguous: Sequence[Override] = (), skipped: Sequence[SkippedFile] = ()
              ) -> ClassSummary:
    """The class summary (`to_json()` gives summary.json)."""
    assignment = rubric.id if rubric else None
    counted = [r for r in results if r.superseded_by is None]
    graded = {r.rel: r.report for r in counted
              if r.report is not None and (assignment is None or r.report.assignment == assignment)}
    other = tuple(OtherAssignment(r.rel, r.report.assignment) for r in counted
                  if r.report is not None and r.rel not in graded)
    superseded = tuple(Superseded(r.rel, r.report.student.id if r.report else None,
                                  r.superseded_by) for r in results if r.superseded_by)
    failed = tuple(Failure(r.rel, r.error or "", r.internal) for r in results if r.report is None)
    totals = [rep.score for rep in graded.values()]
    questions: list[QuestionStat] = []
    by_question: dict[str, list[QuestionReport]] = {}
    for rep in graded.values():
        for qr in rep.questions:
            by_question.setdefault(qr.id, []).append(qr)
    if rubric is not None:
        for q in rubric.questions:
            qreports = by_question.get(q.id, [])
            scored = [qr for qr in qreports if qr.max_score > 0]
            top = max((qr.max_score for qr in scored), default=0)
            scores = [qr.score for qr in scored]
            questions.append(QuestionStat(
                id=q.id, title=q.title_in(lang), max_score=round4(top),
                mean=round4(statistics.fmean(scores)) if scores else None,
                graded=len(scored),
                median=round4(statistics.median(scores)) if scores else None,
                histogram=histogram(scores, top)))
    code_items: Counter[str] = Counter()
    code_students: dict[str, set[str]] = defaultdict(set)
    wrong: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    item_max: dict[str, float] = {}
    for rel, rep in graded.items():
        for item in rep.items():
            if item.max_score <= 0:
                continue
            for code in {d.code for d in item.diagnoses} - not_mistakes():
                code_items[code] += 1  # items, not diagnoses: two notes on one item count once
                code_students[code].add(rel)
            if not item.graded:
                continue
            item_max[item.path] = item.max_score
            if item.verdict in WRONG:
                wrong[item.path] += 1
            elif item.verdict is Verdict.MISSING:
                missing[item.path] += 1
    diagnoses = tuple(CodeCount(c, n, len(code_students[c]))
                      for c, n in sorted(code_items.items(), key=lambda kv: (-kv[1], kv[0])))
    items_wrong = tuple(ItemWrong(p, wrong[p], missing[p], round4(item_max[p]))
                        for p in sorted(set(wrong) | set(missing),
                                        key=lambda p: (-wrong[p], -missing[p], p)))
    by_id: dict[str, list[str]] = defaultdict(list)
    for rel, rep in sorted(graded.items()):
        if rep.student.id:
            by_id[rep.student.id].append(rel)
    duplicates = tuple(Duplicate(sid, tuple(files)) for sid, files in sorted(by_id.items())
                       if len(files) > 1)
    max_score = max((rep.max_score for rep in graded.values()), default=0)
    queue = review_queue(graded.items(), lang)
    return ClassSummary(
        assignment=assignment, lang=lang, reveal=reveal,
        files=len(results) + len(skipped), graded=len(graded), failed=failed,
        other_assignment=other, skipped=tuple(skipped), superseded=superseded,
        max_score=round4(max_score), totals=_stats(totals),
        histogram=histogram(totals, max_score), questions=tuple(questions),
        diagnoses=diagnoses, items_wrong=items_wrong, duplicate_ids=duplicates,
        shared_wrong_answers=shared_wrong_answers(graded),
        needs_review=queue,
        provisional_points=round4(sum(r.suggested_score for r in queue)),
        overrides=OverrideSummary(
            applied=applied,
            unmatched=tuple(OverrideNote(o.student, o.item, _where(o)) for o in unmatched),
            ambiguous=tuple(OverrideNote(o.student, o.item, _where(o)) for o in ambiguous)),
        reports={rel: keys[rel] for rel in sorted(graded) if rel in keys})


def _where(o: Override) -> str:
    name = Path(o.file).name  # no absolute paths in the outputs
    return f"{name}:{o.line}" if o.line is not None else name


def histogram(totals: Sequence[float], max_score: float) -> tuple[Bin, ...]:
    """Counts of totals in ten equal bins over [0, max] (integer bins for small maxima)."""
    if max_score <= 0:
        return ()
    bins = int(max_score) if max_score == int(max_score) and max_score <= 20 else 10
    width = max_score / bins
    counts = [0] * bins
    for x in totals:
        index = min(bins - 1, max(0, int(x / width))) if width else 0
        counts[index] += 1
    return tuple(Bin(round4(i * width), round4((i + 1) * width), c)
                 for i, c in enumerate(counts))


