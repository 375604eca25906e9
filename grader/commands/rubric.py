"""The `grader rubric` commands: `validate` a rubric file, `test` rubrics against their examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from grader.rubric import Rubric
from grader.rubric_test import CheckResult
from grader.yamlsafe import Document

__all__ = ["register"]

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2

rubric_app = typer.Typer(
    no_args_is_help=True,
    help="Author rubrics: validate a file, run its self-test examples.",
)


def _load(path_or_id: str) -> tuple[Rubric, Document]:
    """(rubric, document) from a file path or a shipped rubric id; RubricError/InputError."""
    from grader.errors import InputError, RubricError
    from grader.rubric import builtin_rubric_dir, builtin_rubric_ids, rubric_from_document
    from grader.validation import did_you_mean
    from grader.yamlsafe import load_yaml_file

    path = Path(path_or_id)
    if not path.exists() and path.suffix not in (".yaml", ".yml"):
        builtin = builtin_rubric_dir() / f"{path_or_id}.yaml"
        if not builtin.is_file():
            raise InputError(f"no rubric {path_or_id!r}; "
                             f"{did_you_mean(path_or_id, builtin_rubric_ids())}",
                             file=path_or_id, expected="a rubric file or a shipped rubric id")
        path = builtin
    doc = load_yaml_file(path, cls=RubricError)
    return rubric_from_document(doc), doc


@rubric_app.command("validate")
def validate_cmd(
    file: Annotated[str, typer.Argument(help="The rubric YAML file (or a shipped id).")],
) -> None:
    """Check a rubric file: prints `ok: <id>, N questions` (exit 0) or the located error (2)."""
    from grader.errors import InputError
    from grader.render import console, print_error
    from grader.rubric_test import example_models

    try:
        rubric, doc = _load(file)
        example_models(rubric, doc)
    except InputError as exc:
        print_error(console(stderr=True), exc.describe())
        raise typer.Exit(EXIT_UNREADABLE) from None
    console().print(f"ok: {rubric.id}, {len(rubric.questions)} questions", highlight=False)


@rubric_app.command("test")
def test_cmd(
    files: Annotated[list[str] | None, typer.Argument(
        help="Rubric files or shipped ids (default: every shipped rubric).")] = None,
) -> None:
    """Grade each rubric's `examples:` and compare with what they expect (exit 0 all pass)."""
    from grader.errors import InputError
    from grader.render import console, print_error
    from grader.rubric import builtin_rubric_ids
    from grader.rubric_test import run_examples, summary

    out = console()
    results: list[CheckResult] = []
    for name in files or list(builtin_rubric_ids()):
        try:
            rubric, doc = _load(name)
            found = run_examples(rubric, doc)
        except InputError as exc:
            print_error(console(stderr=True), exc.describe())
            raise typer.Exit(EXIT_UNREADABLE) from None
        results.extend(found)
        passed, total = summary(found)
        out.print(Text(f"{rubric.id} ({rubric.source}): {passed}/{total} passed"
                       if found else f"{rubric.id} ({rubric.source}): no examples", style="bold"))
        if found:
            out.print(_table(found))
    passed, total = summary(results)
    out.print(Text(f"{passed}/{total} checks passed", style="bold"))
    raise typer.Exit(EXIT_OK if passed == total else EXIT_FAILED)


def _table(results: list[CheckResult]) -> Table:
    """One row per expectation: example, item, expected, actual, pass/FAIL."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("example", overflow="fold", max_width=22)
    table.add_column("item", overflow="fold", ratio=2)
    table.add_column("expected", overflow="fold", ratio=2)
    table.add_column("actual", overflow="fold", ratio=2)
    table.add_column("", no_wrap=True)
    previous = None
    for r in results:
        mark = Text("pass", style="green") if r.passed else Text("FAIL", style="bold red")
        shown = "" if r.example == previous else r.example
        previous = r.example
        table.add_row(Text(shown), Text(r.path), Text(r.expected), Text(r.actual), mark)
    return table


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.add_typer(rubric_app, name="rubric")
