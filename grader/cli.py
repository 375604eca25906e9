"""The command line: a thin layer over `grader.engine`, `reference` and `grader.render`."""

from __future__ import annotations

from typing import Annotated

import typer

from grader.commands import assign as commands_assign
from grader.commands import autograder as commands_autograder
from grader.commands import batch as commands_batch
from grader.commands import check as commands_check
from grader.commands import explain as commands_explain
from grader.commands import reference as commands_reference
from grader.commands import rubric as commands_rubric
from grader.commands import serve as commands_serve
from grader.commands import table as commands_table
from grader.commands import template as commands_template
from grader.render import console

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Grade chapter-3 deep-learning homework and explain every mistake.",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console().file.write(f"grader {version('grader')}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Grade chapter-3 deep-learning homework and explain every mistake."""
    _degrade_output()


def _degrade_output() -> None:
    """A terminal or pipe that cannot take UTF-8 (PYTHONIOENCODING=ascii, an old Windows
    console) gets `\\uXXXX` escapes for what it cannot show, never a traceback."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="backslashreplace")

for _module in (commands_check, commands_batch, commands_reference, commands_template,
                commands_explain, commands_rubric, commands_table, commands_autograder,
                commands_assign, commands_serve):
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="grader")


if __name__ == "__main__":  # pragma: no cover
    main()
