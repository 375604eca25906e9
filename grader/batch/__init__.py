"""Batch grading of a class: discovery, grading in worker processes, the class summary and
the output files. Pure logic, no terminal code: `grader.commands.batch` drives it.

Everything written is deterministic (sorted, no timestamps, paths relative to the class
folder) and written as one set (`_outputs`): staged, then swapped in under a lock.

Outputs under OUTDIR:

- `grades.csv` one row per submission file (UTF-8 with BOM, for spreadsheets and LMSs);
- `reports/<key>.json` exactly what `grader check --format json` prints for the file;
- `reports/<key>.md` the same report as Markdown;
- `summary.json` class statistics, failures, skipped files, duplicates, shared wrong answers;
- `report.html` a self-contained page with inline SVG charts.

Modules: `_files` (discovery, shown names, report names), `_grading` (one file),
`_pool` (worker processes), `_model` (the typed class summary), `_summary` and
`_collusion` (statistics), `_gradebook`
(grades.csv, table rows), `_outputs` (the output set), `_run` (one run).
"""

from __future__ import annotations

from grader.batch._collusion import shared_wrong_answers
from grader.batch._files import SUFFIXES, Scan, discover, display_name, safe_text, scan
from grader.batch._gradebook import csv_columns, csv_text, report_keys, student_rows
from grader.batch._grading import DEFAULT_TIMEOUT, FileResult, GradeJob, grade_file
from grader.batch._model import ClassSummary, SkippedFile
from grader.batch._outputs import INCOMPLETE, LOCK, MANIFEST, STAGING
from grader.batch._pool import ProgressSink, grade_all, worker_count
from grader.batch._run import (
    BatchConfig,
    BatchError,
    BatchResult,
    apply_class_overrides,
    run_batch,
)
from grader.batch._summary import summarise

__all__ = [
    "DEFAULT_TIMEOUT",
    "INCOMPLETE",
    "LOCK",
    "MANIFEST",
    "STAGING",
    "SUFFIXES",
    "BatchConfig",
    "BatchError",
    "BatchResult",
    "ClassSummary",
    "FileResult",
    "GradeJob",
    "ProgressSink",
    "Scan",
    "SkippedFile",
    "apply_class_overrides",
    "csv_columns",
    "csv_text",
    "discover",
    "display_name",
    "grade_all",
    "grade_file",
    "report_keys",
    "run_batch",
    "safe_text",
    "scan",
    "shared_wrong_answers",
    "student_rows",
    "summarise",
    "worker_count",
]
