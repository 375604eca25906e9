"""The `grader batch` command: grade a whole class (logic in `grader.batch`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_TIMEOUT = 60.0  # = grader.batch.DEFAULT_TIMEOUT (not imported: keeps `--help` fast)

__all__ = ["batch", "register"]

EXIT_OK, EXIT_CANNOT_RUN, EXIT_INTERNAL = 0, 2, 3


def batch(
    directory: Annotated[Path, typer.Argument(help="Folder holding the class's *.yaml/*.yml.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write grades.csv, reports/, "
                                                    "summary.json and report.html.")],
    rubric: Annotated[str | None, typer.Option(
        "--rubric", help="Rubric file or shipped id (default: each submission's `assignment`).")
    ] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: CPU count; 1 = in-process).")
    ] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="zh or en (default: the rubric's).")] = None,
    reveal: Annotated[bool | None, typer.Option(
        "--reveal/--no-reveal", help="Show expected values in the reports (default: rubric's).")
    ] = None,
    overrides: Annotated[Path | None, typer.Option(
        "--overrides", help="YAML of TA score overrides: {student, item, score, comment}.")
    ] = None,
    review_sheet: Annotated[Path | None, typer.Option(
        "--review-sheet", help="Write the items awaiting a TA as an overrides file, "
                               "pre-filled with the suggested scores (never over a file).")
    ] = None,
    attempts: Annotated[str, typer.Option(
        "--attempts", help="Several files of one student: keep the latest (its submitted_at, "
                           "else the file time), the best, or all.")
    ] = "latest",
    anonymise: Annotated[bool, typer.Option(
        "--anonymise", help="report.html without names, files or links; ids replaced by "
                            "pseudonyms (to share the statistics with the class).")
    ] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.0, help="Seconds a worker may spend on one file before it is "
                                   "stopped and reported (0: no limit; with --jobs 1 none).")
    ] = DEFAULT_TIMEOUT,
) -> None:
    """Grade every submission under DIRECTORY; write the gradebook and reports.

    Exit 0 when every file has a result (a bad submission is a result), 2 when the batch
    cannot run at all, 3 when files failed for internal reasons (a crash, a dead worker,
    the time limit): worth re-running.
    """
    from grader.batch import BatchConfig, run_batch
    from grader.errors import GraderError, InputError
    from grader.render import console, print_error
    from grader.render_batch import LineProgress, RichProgress, print_class_summary
    from grader.settings import resolve_lang

    out_console = console()
    hint = resolve_lang(lang)
    config = BatchConfig(root=directory, out=out, rubric=rubric, jobs=jobs, lang=lang,
                         reveal=reveal, overrides=overrides, timeout=timeout,
                         review_sheet=review_sheet, anonymise=anonymise,
                         attempts=attempts)
    rich_bar = RichProgress(out_console, hint) if out_console.is_terminal else None
    progress = rich_bar or LineProgress(out_console, hint)
    try:
        result = run_batch(config, progress)
    except GraderError as exc:
        print_error(console(stderr=True), exc.describe() if isinstance(exc, InputError)
                    else str(exc))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except OSError as exc:
        print_error(console(stderr=True), f"{exc.filename or out}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    finally:
        if rich_bar is not None:
            rich_bar.stop()
    if not result.results:
        from grader.i18n import t

        out_console.print(t("batch.summary.none", result.lang, path=str(directory)))
    print_class_summary(out_console, result.summary, lang=result.lang, outdir=str(out),
                        written=len(result.written))
    for note in result.notes:
        out_console.print(note, markup=False)
    sys.stdout.flush()
    raise typer.Exit(EXIT_INTERNAL if result.internal_failures else EXIT_OK)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command(name="batch")(batch)
