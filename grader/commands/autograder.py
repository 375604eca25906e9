"""`grader autograder`: the zip a TA uploads to Gradescope (logic in `grader.autograder`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from grader.commands._options import LangOpt, fail

__all__ = ["autograder", "register"]


def autograder(
    rubric: Annotated[str, typer.Option("--rubric", help="Shipped rubric id or a rubric file.")
                      ] = "ch3",
    out: Annotated[Path, typer.Option("--out", help="Where to write the zip.")
                   ] = Path("autograder.zip"),
    lang: LangOpt = None,
) -> None:
    """Build the Gradescope autograder zip: the wheel, setup.sh (a virtual environment) and
    run_autograder (grades the one .yaml/.yml uploaded, whatever its name)."""
    from grader.atomic import atomic_write_bytes
    from grader.autograder import autograder_zip
    from grader.errors import GraderError
    from grader.i18n import t
    from grader.render import console
    from grader.rubric import find_rubric
    from grader.settings import resolve_lang

    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        raise fail(str(exc)) from None
    chosen = resolve_lang(lang, found)
    own = Path(rubric) if Path(rubric).is_file() else None
    data = autograder_zip(found.id if own is None else rubric, chosen, own)
    atomic_write_bytes(out, data)
    console().print(t("autograder.written", chosen, path=str(out), rubric=found.id,
                      lang=chosen), markup=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command(name="autograder")(autograder)
