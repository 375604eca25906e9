"""The command line: a thin layer over `grader.engine`, `reference` and `grader.render`."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from grader.commands import batch as commands_batch
from grader.commands import explain as commands_explain
from grader.commands import rubric as commands_rubric
from grader.commands import table as commands_table
from grader.errors import GraderError, InputError
from grader.render import console, dumps_json, print_error
from grader.settings import resolve_lang, resolve_reveal

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


def _fail(message: str) -> typer.Exit:
    print_error(console(stderr=True), message)
    return typer.Exit(EXIT_UNREADABLE)


@app.command()
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
        raise _fail(exc.describe() if isinstance(exc, InputError) else str(exc)) from None
    except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, KeyError,
            IndexError, AttributeError, AssertionError) as exc:
        # A bug of ours, not the student's: one clean line (a TA grades a whole class), the
        # traceback on request.
        if os.environ.get("GRADER_DEBUG"):
            raise
        raise _fail(f"{submission}: internal error while grading ({type(exc).__name__}: "
                    f"{str(exc)[:200]}); please report it, with GRADER_DEBUG=1 for the "
                    "traceback") from None
    out.file.write(text)
    raise typer.Exit(EXIT_OK if all_correct else EXIT_NOT_ALL_CORRECT)


@app.command()
def reference(
    network: Annotated[str | None, typer.Argument(help="Network id, e.g. alexnet, vgg19.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the network ids.")] = False,
    output_format: Annotated[RefFormat, typer.Option("--format")] = RefFormat.text,
    lang: LangOpt = None,
    rubric: Annotated[str, typer.Option(
        "--rubric", help="Rubric whose detection table `table3.7` shows.")] = "ch3",
) -> None:
    """Per-layer table of a reference network (or `table3.7`: the ranked detection table)."""
    from reference.networks import NETWORKS

    out = console()
    if list_ or network is None:
        for nid, net in NETWORKS.items():
            out.print(f"{nid:<22} {net.description}")
        raise typer.Exit(EXIT_OK)
    from grader.validation import did_you_mean

    if network.lower() in ("table3.7", "table3_7", "table3-7"):
        from grader.commands.table import show_table

        raise typer.Exit(show_table(None, rubric, output_format.value, lang))
    if network not in NETWORKS:
        raise _fail(f"unknown network {network!r}; {did_you_mean(network, NETWORKS)}")
    from reference.alternatives import alternatives
    from reference.engine import analyse

    stats = analyse(network)
    if output_format is RefFormat.json:
        out.file.write(dumps_json(stats.to_json_dict()))
        return
    from grader.render import print_reference

    print_reference(out, stats, NETWORKS[network].description, alternatives(network),
                    resolve_lang(lang))


@app.command()
def schema(rubric: Annotated[str, typer.Option("--rubric")] = "ch3") -> None:
    """Print the JSON Schema of a submission (for editors' YAML language servers)."""
    from grader.rubric import find_rubric
    from grader.submission import submission_model

    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        raise _fail(str(exc)) from None
    console().file.write(dumps_json(submission_model(found).model_json_schema()))


@app.command()
def template(rubric: Annotated[str, typer.Option("--rubric")] = "ch3",
             lang: LangOpt = None) -> None:
    """Print a blank, commented submission for the assignment."""
    from grader.rubric import find_rubric
    from grader.template import blank_submission

    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        raise _fail(str(exc)) from None
    console().file.write(blank_submission(found, resolve_lang(lang, found)))


for _module in (commands_batch, commands_explain, commands_rubric, commands_table):
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="grader")


if __name__ == "__main__":  # pragma: no cover
    main()
