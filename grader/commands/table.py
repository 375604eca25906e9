"""`grader table [QUESTION]`: the ranked detection table of a detection_metrics question.

Prints what a student should have built for Table 3.7 — rank, id, confidence, label,
cumulative TP/FP, precision, recall, interpolated precision, as exact fractions and
decimals — then AP under every convention, the rubric's reference marked. Like
`grader reference`, it shows reference values: it is a TA's and a teacher's tool.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from grader.errors import GraderError, InputError
from grader.i18n import Lang, t
from grader.render import console, dumps_json, print_error
from grader.settings import resolve_lang

__all__ = ["TableFormat", "register", "show_table", "table"]

EXIT_OK, EXIT_UNREADABLE = 0, 2


class TableFormat(str, Enum):
    text = "text"
    json = "json"


def show_table(question_id: str | None, rubric: str, output_format: str,
               lang: str | None, *, threshold: str | None = None) -> int:
    """Print the table of `question_id` (default: the rubric's first detection question);
    returns the exit code (0 printed, 2 the rubric or question could not be used)."""
    from grader.kinds.detection_metrics import DetectionMetricsParams, detection_table
    from grader.render_detection import print_detection_table, table_json
    from grader.rubric import find_rubric

    err = console(stderr=True)
    try:
        found = find_rubric(rubric)
    except GraderError as exc:
        print_error(err, exc.describe() if isinstance(exc, InputError) else str(exc))
        return EXIT_UNREADABLE
    language: Lang = resolve_lang(lang, found)
    detection_ids = [q.id for q in found.questions if q.kind == "detection_metrics"]
    if question_id is None:
        if not detection_ids:
            print_error(err, t("table.no_question", language, rubric=found.id))
            return EXIT_UNREADABLE
        question_id = detection_ids[0]
    try:
        question = found.question(question_id)
    except KeyError:
        from grader.validation import did_you_mean

        hint = did_you_mean(question_id, detection_ids or [q.id for q in found.questions])
        print_error(err, t("table.unknown_question", language, rubric=found.id,
                           question=question_id, hint=hint))
        return EXIT_UNREADABLE
    params = question.params
    if not isinstance(params, DetectionMetricsParams):
        print_error(err, t("table.not_detection", language, question=question.id,
                           rubric=found.id, kind=question.kind,
                           choices=", ".join(detection_ids) or "—"))
        return EXIT_UNREADABLE
    if threshold is not None:
        # rows under the rubric's own threshold were never transcribed: not answerable
        lowest = params.threshold
        try:
            below = float(threshold) < float(lowest)
        except ValueError:
            below = True
        if below:
            print_error(err, t("table.threshold_below", language, threshold=threshold,
                               lowest=lowest))
            return EXIT_UNREADABLE
        params = params.model_copy(update={"threshold": threshold})
    data = detection_table(question.id, params)
    out = console()
    if output_format == TableFormat.json.value:
        out.file.write(dumps_json(table_json(
            data.rows, data.conventions, data.reference, accepted=data.accepted,
            question=data.question, rubric=found.id, threshold=data.threshold,
            inclusive=data.inclusive, m=data.m, precision=data.precision,
            recall=data.recall)))
        return EXIT_OK
    print_detection_table(out, data.rows, data.conventions, data.reference, language,
                          accepted=data.accepted, question=question.title_in(language),
                          threshold=data.threshold, inclusive=data.inclusive, m=data.m)
    return EXIT_OK


def table(
    question: Annotated[str | None, typer.Argument(
        help="A detection_metrics question id (default: the rubric's first one).")] = None,
    rubric: Annotated[str, typer.Option("--rubric", help="Rubric file or shipped id.")] = "ch3",
    output_format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.text,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="zh or en (default: the rubric's, then the environment's).")] = None,
) -> None:
    """Ranked detection table of Table 3.7 (precision, recall, interpolated precision) and AP
    under every convention."""
    raise typer.Exit(show_table(question, rubric, output_format.value, lang))


def register(app: typer.Typer) -> None:
    """Add `grader table` to `app`."""
    app.command("table")(table)
