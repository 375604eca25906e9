"""`grader template` and `grader schema`: what a submission looks like, blank or as a schema."""

from __future__ import annotations

from typing import Annotated

import typer

from grader.commands._options import LangOpt, fail
from grader.errors import GraderError
from grader.render import console, dumps_json
from grader.settings import resolve_lang

__all__ = ["register", "schema", "template"]


def schema(rubric: Annotated[str, typer.Option("--rubric")] = "ch3",
           lang: LangOpt = None) -> None:
    """Print the JSON Schema of a submission (for editors' YAML language servers)."""
    from grader.rubric import find_rubric
    from grader.schema import submission_schema

    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        raise fail(str(exc)) from None
    console().file.write(dumps_json(submission_schema(found, resolve_lang(lang, found))))


def template(rubric: Annotated[str, typer.Option("--rubric")] = "ch3",
             lang: LangOpt = None,
             student: Annotated[str | None, typer.Option(
                 "--student", help="Your student id: a personal assignment's template "
                                   "then shows your parameters.")] = None) -> None:
    """Print a blank, commented submission for the assignment."""
    from grader.rubric import find_rubric
    from grader.template import blank_submission

    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        raise fail(str(exc)) from None
    if student is not None and (not student.strip() or len(student) > 100
                                or any(ch in student for ch in "\n\r\"\\")):
        from grader.i18n import t

        raise fail(t("template.bad_student", resolve_lang(lang, found)))
    console().file.write(blank_submission(found, resolve_lang(lang, found), student))


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command(name="schema")(schema)
    app.command(name="template")(template)
