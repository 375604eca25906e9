"""What the core commands share: exit codes, output formats, the common options, `fail`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from grader.render import console, print_error

__all__ = ["EXIT_NOT_ALL_CORRECT", "EXIT_OK", "EXIT_UNREADABLE", "LangOpt", "OutputFormat",
           "RefFormat", "RevealOpt", "RubricOpt", "fail"]

EXIT_OK, EXIT_NOT_ALL_CORRECT, EXIT_UNREADABLE = 0, 1, 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    gradescope = "gradescope"


class RefFormat(str, Enum):
    text = "text"
    json = "json"


RubricOpt = Annotated[str | None, typer.Option(
    "--rubric", help="Rubric file or shipped id (default: the submission's `assignment`).")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", help="zh or en (default: the rubric's, then the environment's).")]
RevealOpt = Annotated[bool | None, typer.Option(
    "--reveal/--no-reveal", help="Show expected values (default: the rubric's policy).")]


def fail(message: str) -> typer.Exit:
    """Print `message` as an error; the exit (code 2) to raise."""
    print_error(console(stderr=True), message)
    return typer.Exit(EXIT_UNREADABLE)
