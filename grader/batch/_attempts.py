"""Several attempts of one student (`--attempts`): which file counts.

Files carrying the same student id are one student's attempts. `latest` (the default)
keeps the one handed in last — by its own `submitted_at` when it says, else by the file's
modification time; `best` keeps the highest total; `all` keeps every file (the duplicate
ids are then only flagged). The others are *superseded*: listed with the file kept, never
graded into the gradebook or the statistics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from grader.batch._grading import FileResult

__all__ = ["ATTEMPTS", "Attempts", "choose_attempts"]

Attempts = Literal["latest", "best", "all"]
ATTEMPTS: tuple[Attempts, ...] = ("latest", "best", "all")


def choose_attempts(results: Sequence[FileResult], mode: Attempts) -> list[FileResult]:
    """`results` with every attempt but the kept one of each student marked superseded."""
    if mode == "all":
        return list(results)
    by_id: dict[str, list[FileResult]] = defaultdict(list)
    for r in results:
        if r.report is not None and r.report.student.id:
            by_id[r.report.student.id].append(r)
    kept_of: dict[str, str] = {}
    for attempts in by_id.values():
        if len(attempts) < 2:
            continue
        kept = max(attempts, key=lambda r: _rank(r, mode))
        for r in attempts:
            if r is not kept:
                kept_of[r.rel] = kept.rel
    return [replace(r, superseded_by=kept_of[r.rel]) if r.rel in kept_of else r
            for r in results]


def _rank(r: FileResult, mode: Attempts) -> tuple[object, ...]:
    assert r.report is not None
    when = (r.submitted_at or "", r.mtime)
    if mode == "best":
        return (r.report.score, *when, r.rel)
    return (*when, r.rel)
