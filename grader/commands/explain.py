"""`grader explain CODE` / `grader explain --list`: what a diagnosis code means, a worked
example and how to fix it (as `ruff rule` and `rustc --explain` do)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["explain", "register"]

EXIT_OK, EXIT_UNKNOWN = 0, 2


def explain(
    code: Annotated[str | None, typer.Argument(help="A diagnosis code, e.g. bias_omitted.")
                    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List every code.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="zh or en (default: the environment's, else zh).")] = None,
) -> None:
    """What a diagnosis code means, a worked example, and how to fix it."""
    from grader.codes import CODES
    from grader.explain import explain_text, list_text
    from grader.i18n import t
    from grader.render import console, print_error
    from grader.settings import resolve_lang
    from grader.validation import did_you_mean

    language = resolve_lang(lang)
    out = console()
    if list_ or code is None:
        out.file.write(list_text(language))
        raise typer.Exit(EXIT_OK)
    name = code.strip().lower()
    if name not in CODES:
        print_error(console(stderr=True), t("explain.unknown", language, code=code,
                                            hint=did_you_mean(name, CODES)))
        raise typer.Exit(EXIT_UNKNOWN)
    out.file.write(explain_text(name, language))


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command(name="explain")(explain)
