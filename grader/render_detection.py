"""Rendering of a detection question's ranked table (`grader table`), as text and as JSON."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from rich import box
from rich.cells import cell_len as cell_width
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.i18n import Lang, t
from reference.detection import APConvention, RankRow

__all__ = ["decimal_text", "fraction_text", "print_detection_table", "ratio_text", "table_json"]

_PLACES = 4


def fraction_text(x: Fraction) -> str:
    """`3/4`, or `1` for whole numbers."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def decimal_text(x: Fraction, places: int = _PLACES) -> str:
    """The exact decimal when it has at most `places` decimals, else rounded (half up)."""
    scaled = abs(x) * 10**places
    exact = scaled.denominator == 1
    digits = int(scaled) if exact else int(scaled + Fraction(1, 2))
    whole, frac = divmod(digits, 10**places)
    body = f"{whole}" + (f".{frac:0{places}d}".rstrip("0").rstrip(".") if frac else "")
    return ("-" if x < 0 else "") + body


def ratio_text(x: Fraction) -> str:
    """`3/4 = 0.75`, `2/3 ≈ 0.6667`, `1`: the exact fraction and its decimal."""
    if x.denominator == 1:
        return str(x.numerator)
    exact = (x * 10**_PLACES).denominator == 1
    return f"{fraction_text(x)} {'=' if exact else '≈'} {decimal_text(x)}"


def _count_ratio(num: int, den: int) -> str:
    """`4/10 = 2/5 = 0.4`, `4/25 = 0.16`: a count ratio as written, reduced, and decimal."""
    value = Fraction(num, den)
    if value.denominator == den:  # already reduced: `4/25 = 0.16`, `3/7 ≈ 0.4286`
        return ratio_text(value)
    return f"{num}/{den} = {ratio_text(value)}"


def _op(inclusive: bool) -> str:
    return "≥" if inclusive else ">"


def _narrow(table: Table, header: str, **options: Any) -> None:
    """A column never narrower than its header (Chinese headings are two cells a character)."""
    table.add_column(header, min_width=cell_width(header), **options)


def print_detection_table(
    out: Console,
    rows: Sequence[RankRow],
    conventions: Mapping[APConvention, Fraction],
    reference: APConvention,
    lang: Lang,
    *,
    accepted: Iterable[APConvention] = (),
    question: str = "",
    threshold: str = "",
    inclusive: bool = True,
    m: int = 0,
) -> None:
    """The ranked table (cumulative TP/FP, precision, recall, interpolated precision), the
    precision and recall at the threshold, then AP under every convention."""
    op = _op(inclusive)
    if question:
        out.print(Text(question, style="bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  title=t("table.title", lang, op=op, threshold=threshold, m=m),
                  title_justify="left")
    _narrow(table, t("table.col.rank", lang), justify="right", no_wrap=True)
    _narrow(table, t("table.col.id", lang), justify="right", no_wrap=True)
    _narrow(table, t("table.col.confidence", lang), justify="right", no_wrap=True)
    _narrow(table, t("table.col.label", lang), justify="center", no_wrap=True)
    _narrow(table, t("table.col.tp", lang), justify="right", no_wrap=True)
    _narrow(table, t("table.col.fp", lang), justify="right", no_wrap=True)
    table.add_column(t("table.col.precision", lang), no_wrap=True)
    table.add_column(t("table.col.recall", lang), no_wrap=True)
    table.add_column(t("table.col.interpolated", lang), no_wrap=True)
    for row in rows:
        det = row.detection
        table.add_row(str(row.rank), det.id, decimal_text(det.confidence, 6),
                      "1" if det.positive else "0", str(row.tp), str(row.fp),
                      ratio_text(row.precision), ratio_text(row.recall),
                      ratio_text(row.interpolated_precision))
    out.print(table)
    if not rows:
        out.print(t("table.empty", lang, op=op, threshold=threshold))
    if rows:
        last = rows[-1]
        out.print(t("table.summary", lang, op=op, threshold=threshold,
                    precision=_count_ratio(last.tp, len(rows)),
                    recall=_count_ratio(last.tp, m)))
    out.print()
    ok = set(accepted)
    aps = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                title=t("table.ap_title", lang), title_justify="left", title_style="bold")
    aps.add_column(t("table.col.convention", lang), no_wrap=True)
    aps.add_column(t("table.col.fraction", lang), justify="right", no_wrap=True)
    aps.add_column(t("table.col.decimal", lang), justify="right", no_wrap=True)
    aps.add_column(t("table.col.status", lang), no_wrap=True)
    for conv, value in conventions.items():
        status = (t("table.reference", lang) if conv is reference
                  else t("table.accepted", lang) if conv in ok else "")
        aps.add_row(conv.label(lang), fraction_text(value), decimal_text(value, 6),
                    Text(status, style="bold" if conv is reference else ""))
    out.print(aps)


def table_json(
    rows: Sequence[RankRow],
    conventions: Mapping[APConvention, Fraction],
    reference: APConvention,
    *,
    accepted: Iterable[APConvention] = (),
    question: str,
    rubric: str,
    threshold: str,
    inclusive: bool,
    m: int,
    precision: Fraction,
    recall: Fraction,
) -> dict[str, Any]:
    """The table as JSON: exact values as fraction strings ("3/4"), decimals as numbers."""
    ok = set(accepted)

    def ratio(x: Fraction) -> str:
        return fraction_text(x)

    return {
        "rubric": rubric,
        "question": question,
        "threshold": threshold,
        "inclusive": inclusive,
        "ground_truth": m,
        "rows": [
            {"rank": r.rank, "id": r.detection.id,
             "confidence": decimal_text(r.detection.confidence, 6),
             "positive": r.detection.positive, "tp": r.tp, "fp": r.fp,
             "precision": ratio(r.precision), "recall": ratio(r.recall),
             "interpolated_precision": ratio(r.interpolated_precision)}
            for r in rows
        ],
        "precision": ratio(precision),
        "recall": ratio(recall),
        "ap": [
            {"convention": conv.value, "label_en": conv.label_en, "label_zh": conv.label_zh,
             "value": ratio(value), "decimal": round(float(value), 6),
             "reference": conv is reference, "accepted": conv is reference or conv in ok}
            for conv, value in conventions.items()
        ],
    }
