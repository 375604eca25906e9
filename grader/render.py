"""Every rendering of results for people and programs; the only module that uses rich."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from fractions import Fraction
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.codes import shown_to_students
from grader.i18n import Lang, t
from grader.report import ItemResult, Report, Verdict
from grader.values import format_value

__all__ = [
    "SYMBOLS",
    "console",
    "dumps_json",
    "print_error",
    "print_reference",
    "print_report",
    "report_markdown",
]

SYMBOLS: dict[Verdict, str] = {
    Verdict.CORRECT: "✓",
    Verdict.ACCEPTED_VARIANT: "≈",
    Verdict.PARTIAL: "◐",
    Verdict.INCORRECT: "✗",
    Verdict.MISSING: "·",
    Verdict.UNPARSED: "?",
    Verdict.NEEDS_REVIEW: "✎",
}
_STYLES: dict[Verdict, str] = {
    Verdict.CORRECT: "green",
    Verdict.ACCEPTED_VARIANT: "green",
    Verdict.PARTIAL: "yellow",
    Verdict.INCORRECT: "red",
    Verdict.MISSING: "dim",
    Verdict.UNPARSED: "magenta",
    Verdict.NEEDS_REVIEW: "cyan",
}


def console(file: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A console that respects COLUMNS, NO_COLOR and non-terminal output."""
    return Console(file=file, stderr=stderr, highlight=False, soft_wrap=False)


def dumps_json(data: Any, *, compact: bool = False) -> str:
    """Stable JSON with Chinese kept as is: indented for people, or one compact line
    (json's C encoder, several times faster: a class's 1,000 reports)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_error(out: Console, message: str) -> None:
    """One error line, never a traceback."""
    out.print(Text(f"error: {message}", style="bold red"), soft_wrap=True)


def _num(x: float) -> str:
    return f"{x:g}"


def _relative(path: str, qid: str) -> str:
    return path[len(qid) + 1:] if path.startswith(qid + ".") else path


def _diagnosis_text(item: ItemResult, lang: Lang) -> str:
    return "; ".join(f"{_tag(d.code)}{d.message(lang)}" for d in item.diagnoses)


def _tag(code: str) -> str:
    """The `[code] ` before a diagnosis message, or nothing for a TA-only code."""
    return f"[{code}] " if shown_to_students(code) else ""


def print_report(out: Console, report: Report, *, lang: Lang, reveal: bool,
                 title: str | None = None) -> None:
    """The readable report: per question a table of items, then why each wrong item is wrong."""
    who = _printable(" ".join(p for p in (report.student.id, report.student.name) if p)) or "—"
    head = t("report.header", lang, student=who, assignment=report.assignment)
    out.print(Text(title or head, style="bold"))
    if report.unknown_fields:
        out.print(Text(t("report.unknown_fields", lang), style="bold yellow"))
        for u in report.unknown_fields:
            out.print(Text("  " + _printable(u.message(lang)), style="yellow"), soft_wrap=True)
    for q in report.questions:
        shown = [i for i in q.items if not _quiet(i)]
        hidden = len(q.items) - len(shown)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        # Paths and numbers must stay whole: the submitted text gives way first.
        table.add_column(t("report.col.item", lang), no_wrap=True)
        room = out.width - (68 if reveal else 54)  # what the other columns leave
        table.add_column(t("report.col.submitted", lang), overflow="ellipsis", no_wrap=True,
                         max_width=max(8, min(30, room)))
        if reveal:  # numbers fit; a long formula is cut rather than push the verdict out
            table.add_column(t("report.col.expected", lang), no_wrap=True, overflow="ellipsis",
                             max_width=max(12, min(40, room)))
        table.add_column(t("report.col.verdict", lang), no_wrap=True)
        table.add_column(t("report.col.points", lang), justify="right", no_wrap=True)
        for item in shown:
            row: list[Any] = [Text(_relative(item.path, q.id)), Text(_short(item.submitted, 30))]
            if reveal:
                row.append(Text(item.expected or ""))
            label = t(q.note_key or "question.not_graded_yet", lang) if not item.graded \
                else item.verdict.label(lang)
            row.append(Text(f"{SYMBOLS[item.verdict]} {label}", style=_STYLES[item.verdict]))
            row.append(_points(item))
            table.add_row(*row)
        out.print()
        out.print(Text(f"{q.title.get(lang) or q.id}  {_num(q.score)}/{_num(q.max_score)}",
                       style="bold"))
        out.print(table)
        if hidden:
            out.print(Text(t("report.hidden_correct", lang, count=hidden), style="dim"))
        why = Table.grid(padding=(0, 1))
        why.add_column(no_wrap=True)
        why.add_column(ratio=1, overflow="fold")
        for item in shown:
            where = Text(f"  {SYMBOLS[item.verdict]} {_relative(item.path, q.id)}",
                         style=_STYLES[item.verdict])
            read = read_as_shown(item)
            if read is not None:
                why.add_row(where, Text(t("report.read_as", lang, value=read), style="dim"))
            for d in item.diagnoses:
                message = Text(_tag(d.code), style="bold")
                message.append(d.message(lang))
                why.add_row(where, message)
        if why.row_count:
            out.print(why)
    out.print()
    out.print(Text(t("report.total", lang, score=_num(report.score),
                     max_score=_num(report.max_score)), style="bold"))
    if not reveal:
        out.print(Text(t("report.hidden", lang), style="dim"))
    shown_codes = sorted({d.code for i in report.items() if not _quiet(i)
                          for d in i.diagnoses if shown_to_students(d.code)})
    if shown_codes:
        out.print(Text(t("report.explain_hint", lang, codes=", ".join(shown_codes)),
                       style="dim"), soft_wrap=True)


_NUMBER = re.compile(r"(≈?)(-?\d+)(?:/(\d+))?")


_PLAIN_NUMBER = re.compile(r"[≈~]?\s*-?[\d,_ ]+(\.\d+)?")


def read_as_shown(item: ItemResult) -> str | None:
    """How the grader read an answer, for a reader, where that adds something: a number
    written as an expression or with words (`4/25`, `61.1M`, `34848+…`), and a formula that
    did not earn full credit (its reading may be the misunderstanding); None otherwise."""
    if item.read_as is None or item.submitted is None:
        return None
    number = _NUMBER.fullmatch(item.read_as)
    if number is None:  # a formula
        if item.verdict.is_full_credit:
            return None
        return item.read_as
    if _PLAIN_NUMBER.fullmatch(item.submitted.strip()):
        return None
    approx, num, den = number.groups()
    value = format_value(Fraction(int(num), int(den or 1)))
    return f"≈ {value}" if approx else value


def _quiet(item: ItemResult) -> bool:
    # A right value of an optional breakdown needs no line of its own.
    return item.max_score == 0 and item.verdict is Verdict.CORRECT and not item.diagnoses


_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd"
                     "\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u206f\ufeff\ufff9-\ufffb]")
"""Control and format characters (Cc, Cf) but newline and tab."""


def _printable(text: str) -> str:
    """`text` without control and bidirectional-override characters, which could reorder or
    hide what a TA reads on the terminal or in a report."""
    return _HIDDEN.sub("", text)


def _short(text: str | None, limit: int = 60) -> str:
    if text is None:
        return "—"
    text = " ".join(_printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _points(item: ItemResult) -> str:
    if not item.graded or item.max_score == 0:
        return ""
    lost = item.max_score - item.score
    text = f"{_num(item.score)}/{_num(item.max_score)}"
    return text if lost <= 0 else f"{text} (−{_num(round(lost, 4))})"


def report_markdown(report: Report, *, lang: Lang, reveal: bool) -> str:
    """The report as Markdown, for a TA to hand back or a student to read."""
    who = _md(" ".join(p for p in (report.student.id, report.student.name) if p)) or "—"
    lines = [f"# {t('report.header', lang, student=who, assignment=_md(report.assignment))}",
             ""]
    lines.append(t("report.total", lang, score=_num(report.score),
                   max_score=_num(report.max_score)))
    for q in report.questions:
        title = _md(q.title.get(lang) or q.id)
        lines += ["", f"## {title} — {_num(q.score)}/{_num(q.max_score)}", ""]
        cols = [t("report.col.item", lang), t("report.col.submitted", lang)]
        if reveal:
            cols.append(t("report.col.expected", lang))
        cols += [t("report.col.verdict", lang), t("report.col.points", lang),
                 t("report.col.why", lang)]
        lines.append("| " + " | ".join(cols) + " |")
        lines.append("|" + "---|" * len(cols))
        for item in q.items:
            cells = [f"`{_relative(item.path, q.id)}`", _md(_short(item.submitted))]
            if reveal:
                cells.append(_md(item.expected or ""))
            cells += [f"{SYMBOLS[item.verdict]} {t('verdict.' + item.verdict.value, lang)}",
                      _points(item), _md(_diagnosis_text(item, lang))]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


_MD_ESCAPES = str.maketrans({**{c: "\\" + c for c in "\\`*_[]|~"},   # emphasis, code,
                             "&": "&amp;", "<": "&lt;", ">": "&gt;"})  # links, cells, HTML


def _md(text: str) -> str:
    """Text from a submission or a rubric as inert Markdown: one line (no forged headings or
    total lines), no HTML, Markdown punctuation escaped, control characters removed."""
    return " ".join(_printable(text).split()).translate(_MD_ESCAPES)


def print_reference(out: Console, stats: Any, description: str,
                    alternatives: Iterable[Any], lang: Lang) -> None:
    """A per-layer table of a reference network, totals, and its named alternatives."""
    out.print(Text(f"{stats.network}: {description}", style="bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_footer=True)
    totals = stats.totals
    table.add_column(t("ref.col.layer", lang), footer=t("ref.total", lang), no_wrap=True)
    table.add_column(t("ref.col.type", lang), no_wrap=True)
    table.add_column(t("ref.col.shape", lang), no_wrap=True)
    table.add_column(t("ref.col.params", lang), justify="right", footer=f"{totals.params:,}")
    table.add_column(t("ref.col.neurons", lang), justify="right", footer=f"{totals.neurons:,}")
    table.add_column("MACs", justify="right", footer=f"{totals.macs:,}")
    for row in stats.layers:
        table.add_row(row.name, row.type, "×".join(map(str, row.output_shape)),
                      _blank(row.params), _blank(row.neurons), _blank(row.macs))
    out.print(table)
    out.print(t("ref.breakdown", lang, input="×".join(map(str, stats.input)),
                weights=totals.weights, biases=totals.biases, bn=totals.bn_params))
    alts = list(alternatives)
    if alts:
        out.print()
        out.print(Text(t("ref.alternatives", lang), style="bold"))
        for alt in alts:
            out.print(Text(f"  {alt.key:<32} {alt.quantity:<8} {alt.value:>16,}  [{alt.code}]"))


def _blank(n: int) -> str:
    return f"{n:,}" if n else ""
