"""The class report as one self-contained HTML page: inline CSS, inline SVG charts, no network.

Built from the summary (`grader.batch.summarise`) and one row per file; every piece of
text is HTML-escaped. Deterministic: no timestamps, no random ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from grader.batch._model import Bin, ClassSummary
from grader.i18n import Lang, t

__all__ = ["bar_chart_svg", "class_report_html", "histogram_svg"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.stats td{font-weight:600}.muted{color:#666;font-size:.9rem}
.err{color:#a00}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
svg text{font-size:11px;fill:#333}svg .bar{fill:#4a78b5}svg .axis{stroke:#999}
code{background:#f4f4f4;padding:0 .2rem}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _n(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.4g}" if abs(x) < 1000 else f"{x:,.1f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def histogram_svg(bins: Sequence[Bin], *, title: str, width: int = 480,
                  height: int = 220) -> str:
    """Vertical bars of the score histogram."""
    if not bins:
        return ""
    left, bottom, top = 30, 30, 20
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(b.count for b in bins) or 1
    step = plot_w / len(bins)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>',
             f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
             f'y2="{top + plot_h}"/>']
    for i, b in enumerate(bins):
        h = plot_h * b.count / peak
        x = left + i * step
        y = top + plot_h - h
        label = f"{_n(b.start)}–{_n(b.end)}: {b.count}"
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{y:.1f}" width="{step - 2:.1f}" '
                     f'height="{h:.1f}"><title>{_e(label)}</title></rect>')
        if b.count:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{y - 3:.1f}" '
                         f'text-anchor="middle">{b.count}</text>')
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" '
                     f'text-anchor="middle">{_e(_n(b.start))}</text>')
    last = bins[-1]
    parts.append(f'<text x="{left + plot_w:.1f}" y="{top + plot_h + 14}" '
                 f'text-anchor="middle">{_e(_n(last.end))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(rows: Sequence[tuple[str, float, float, str]], *, title: str,
                  width: int = 520) -> str:
    """Horizontal bars: (label, value, scale maximum, value text) per row."""
    if not rows:
        return ""
    label_w, row_h, top = 220, 20, 6
    plot_w = width - label_w - 70
    height = top * 2 + row_h * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for i, (label, value, scale, text) in enumerate(rows):
        y = top + i * row_h
        w = plot_w * (value / scale) if scale > 0 else 0
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                     f'<title>{_e(label)}</title>{_e(short)}</text>')
        parts.append(f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(w, 0):.1f}" '
                     f'height="{row_h - 6}"/>')
        parts.append(f'<text x="{label_w + max(w, 0) + 4:.1f}" y="{y + 14}">{_e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: Sequence[int] = ()) -> str:
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{_e(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>'
                         for i, cell in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def class_report_html(summary: ClassSummary, rows: Sequence[dict[str, Any]], *,
                      lang: Lang) -> str:
    """The whole page. Cells built here are escaped; `rows` come from `student_rows`."""
    def T(key: str, **params: object) -> str:
        return t(key, lang, **params)

    totals = summary.totals
    title = T("batch.html.title", assignment=summary.assignment or "—")
    out = ["<!DOCTYPE html>", f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_e(title)}</h1>"]
    stat_rows: list[tuple[str, str, object]] = [
        ("files", "batch.html.stat.files", summary.files),
        ("graded", "batch.html.stat.graded", summary.graded),
        ("failed", "batch.html.stat.failed", len(summary.failed)),
        ("max_score", "batch.html.stat.max_score", summary.max_score),
        ("mean", "batch.html.stat.mean", totals.mean),
        ("median", "batch.html.stat.median", totals.median),
        ("q1", "batch.html.stat.q1", totals.q1),
        ("q3", "batch.html.stat.q3", totals.q3),
        ("min", "batch.html.stat.min", totals.min),
        ("max", "batch.html.stat.max", totals.max),
        ("stdev", "batch.html.stat.stdev", totals.stdev),
    ]
    out.append('<table class="stats"><tbody>' + "".join(
        f'<tr><th>{_e(T(key))}</th><td class="n" id="stat-{k}">{_e(_n(v))}</td></tr>'
        for k, key, v in stat_rows) + "</tbody></table>")

    charts = []
    hist = histogram_svg(summary.histogram, title=T("batch.html.histogram"))
    if hist:
        charts.append(f"<figure><figcaption>{_e(T('batch.html.histogram'))}</figcaption>{hist}</figure>")
    qrows = [(f"{q.id}", float(q.mean), float(q.max_score),
              f"{_n(q.mean)} / {_n(q.max_score)}")
             for q in summary.questions if q.mean is not None and q.max_score]
    qchart = bar_chart_svg(qrows, title=T("batch.html.question_means"))
    if qchart:
        charts.append(f"<figure><figcaption>{_e(T('batch.html.question_means'))}</figcaption>"
                      f"{qchart}</figure>")
    top = summary.diagnoses[:10]
    dchart = bar_chart_svg([(d.code, float(d.items), float(top[0].items),
                             str(d.items)) for d in top], title=T("batch.html.diagnoses"))
    if dchart:
        charts.append(f"<figure><figcaption>{_e(T('batch.html.diagnoses'))}</figcaption>{dchart}</figure>")
    worst = [w for w in summary.items_wrong if w.wrong][:10]
    graded = summary.graded or 1
    wchart = bar_chart_svg([(w.path, float(w.wrong), float(graded),
                             f"{w.wrong} / {summary.graded}") for w in worst],
                           title=T("batch.html.items_wrong"))
    if wchart:
        charts.append(f"<figure><figcaption>{_e(T('batch.html.items_wrong'))}</figcaption>{wchart}</figure>")
    out.append(f'<div class="charts">{"".join(charts)}</div>')

    if summary.questions:
        out.append(f"<h2>{_e(T('batch.html.question_means'))}</h2>")
        out.append(_table([T("batch.html.col.question"), T("batch.html.col.title"),
                           T("batch.html.col.mean"), T("batch.html.col.max"),
                           T("batch.html.col.graded")],
                          [[f"<code>{_e(q.id)}</code>", _e(q.title), _e(_n(q.mean)),
                            _e(_n(q.max_score)), _e(q.graded)]
                           for q in summary.questions], numeric=(2, 3, 4)))
    if summary.diagnoses:
        out.append(f"<h2>{_e(T('batch.html.diagnoses'))}</h2>")
        out.append(_table([T("batch.html.col.code"), T("batch.html.col.items"),
                           T("batch.html.col.submissions")],
                          [[f"<code>{_e(d.code)}</code>", _e(d.items),
                            _e(d.submissions)] for d in summary.diagnoses],
                          numeric=(1, 2)))
    if summary.items_wrong:
        out.append(f"<h2>{_e(T('batch.html.items_wrong'))}</h2>")
        out.append(_table([T("batch.html.col.item"), T("batch.html.col.wrong"),
                           T("batch.html.col.missing")],
                          [[f"<code>{_e(w.path)}</code>", _e(w.wrong), _e(w.missing)]
                           for w in summary.items_wrong], numeric=(1, 2)))
    if summary.failed:
        out.append(f"<h2>{_e(T('batch.html.failed'))}</h2>")
        out.append(_table([T("batch.html.col.file"), T("batch.html.col.reason")],
                          [[_e(f.file), f'<span class="err">{_e(f.reason)}</span>']
                           for f in summary.failed]))
    if summary.duplicate_ids:
        out.append(f"<h2>{_e(T('batch.html.duplicates'))}</h2>")
        out.append(_table([T("batch.html.col.student"), T("batch.html.col.file")],
                          [[_e(d.id), _e(", ".join(d.files))]
                           for d in summary.duplicate_ids]))
    if summary.shared_wrong_answers:
        out.append(f"<h2>{_e(T('batch.html.shared'))}</h2>"
                   f"<p class=muted>{_e(T('batch.html.shared_note'))}</p>")
        out.append(_table([T("batch.html.col.file"), T("batch.html.col.item")],
                          [[_e(", ".join(g.files)),
                            "<br>".join(f"<code>{_e(i.path)}</code> = {_e(i.submitted)}"
                                        for i in g.items)]
                           for g in summary.shared_wrong_answers]))

    qids = [q.id for q in summary.questions]
    out.append(f"<h2>{_e(T('batch.html.students'))}</h2>")
    out.append(_table(
        [T("batch.html.col.student"), T("batch.html.col.name"), T("batch.html.col.file"),
         *qids, T("batch.html.col.total"), T("batch.html.col.notes")],
        [[_e(r["id"]), _e(r["name"]), _e(r["file"]),
          *[_e(_n(r["questions"].get(qid))) if r["total"] is not None else "" for qid in qids],
          _e(_n(r["total"])) if r["total"] is not None else "",
          f'<span class="err">{_e(r["error"])}</span>' if r["error"] else
          _e(", ".join(r["overrides"]))]
         for r in rows],
        numeric=tuple(range(3, 4 + len(qids)))))
    out.append("</body></html>")
    return "\n".join(out) + "\n"
