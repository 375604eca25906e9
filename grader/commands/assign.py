"""`grader assign`: per-student question sheets of a personal rubric (logic in
`grader.assign`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from grader.commands._options import LangOpt, fail

__all__ = ["assign", "register"]


def assign(
    roster: Annotated[Path, typer.Argument(help="UTF-8 CSV with the columns id,name.")],
    rubric: Annotated[str, typer.Option("--rubric", help="A rubric with per-student "
                                                         "parameters.")] = "ch3-variants",
    out: Annotated[Path, typer.Option("--out", help="Folder for the sheets and "
                                                    "parameters.csv.")] = Path("sheets"),
    lang: LangOpt = None,
) -> None:
    """Write one question sheet per student (Markdown and HTML, their parameters in the
    questions) and parameters.csv for the TA."""
    from grader.assign import read_roster, sheets
    from grader.atomic import atomic_write_bytes
    from grader.errors import GraderError, InputError
    from grader.i18n import t
    from grader.render import console
    from grader.rubric import find_rubric
    from grader.settings import resolve_lang

    try:
        found = find_rubric(rubric)
        chosen = resolve_lang(lang, found)
        if found.parameters is None:
            raise fail(t("assign.not_personal", chosen, rubric=found.id))
        students = read_roster(roster)
    except GraderError as exc:
        raise fail(exc.describe(resolve_lang(lang)) if isinstance(exc, InputError)
                   else str(exc)) from None
    files = sheets(found, students, chosen)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        atomic_write_bytes(out / name, data)
    console().print(t("assign.written", chosen, count=len(students), path=str(out)),
                    markup=False)


def register(app: typer.Typer) -> None:
    """Add this module's command to `app`."""
    app.command(name="assign")(assign)
