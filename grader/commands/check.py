"""`grader check FILE`: grade one submission and print its report."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from grader.commands._options import (
    EXIT_NOT_ALL_CORRECT,
    EXIT_OK,
    LangOpt,
    OutputFormat,
    RevealOpt,
    RubricOpt,
    fail,
)
from grader.errors import GraderError, InputError
from grader.render import console, dumps_json
from grader.settings import resolve_lang, resolve_reveal

__all__ = ["check", "register"]


def check(
    submission: Annotated[Path, typer.Argument(help="The submission YAML file.")],
    rubric: RubricOpt = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    lang: LangOpt = None,
    reveal: RevealOpt = None,
) -> None:
    """Grade one submission and print the report (exit 0 all correct, 1 not, 2 unreadable)."""
    from grader.engine import grade
    from grader.submission import load_submission

    out = console()
    try:
        parsed, found = load_submission(submission, rubric)
        report = grade(found, parsed)
        language = resolve_lang(lang, found)
        show = resolve_reveal(reveal, found)
        if output_format is OutputFormat.json:
            text = dumps_json(report.to_json(lang=language, reveal=show))
        elif output_format is OutputFormat.gradescope:
            from grader.gradescope import gradescope_results

            text = dumps_json(gradescope_results(report, lang=language, reveal=show))
        else:
            from grader.render import print_report

            with out.capture() as captured:   # all or nothing: no half report on a crash
                print_report(out, report, lang=language, reveal=show)
            text = captured.get()
        all_correct = report.all_correct()
    except GraderError as exc:
        raise fail(exc.describe(resolve_lang(lang)) if isinstance(exc, InputError)
                   else str(exc)) from None
    except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, KeyError,
            IndexError, AttributeError, AssertionError) as exc:
        # A bug of ours, not the student's: one clean line (a TA grades a whole class), the
        # traceback on request.
        if os.environ.get("GRADER_DEBUG"):
            raise
        raise fail(f"{submission}: internal error while grading ({type(exc).__name__}: "
                    f"{str(exc)[:200]}); please report it, with GRADER_DEBUG=1 for the "
                    "traceback") from None
    out.file.write(text)
    raise typer.Exit(EXIT_OK if all_correct else EXIT_NOT_ALL_CORRECT)


def register(app: typer.Typer) -> None:
    """Add this module's command to `app`."""
    app.command(name="check")(check)
