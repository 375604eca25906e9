"""The class report as one self-contained HTML page a TA works from: inline CSS, inline SVG
charts, one small inline script (sorting and filtering the students), no network.

Built from the summary (`grader.batch.summarise`) and one row per file; every piece of
text is HTML-escaped. Deterministic: no timestamps, no random ids. It fits a 1,400-pixel
window; names are the rubric's, in its language. `anonymise` drops names, files and links
and replaces ids by pseudonyms, for sharing the statistics with the class.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from html import escape
from typing import Any

from grader.batch._model import SKIPPED_REASONS, Bin, ClassSummary
from grader.i18n import Lang, t

__all__ = ["bar_chart_svg", "class_report_html", "histogram_svg", "pseudonym"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif;margin:1.5rem auto;max-width:1400px;padding:0 1rem;color:#222;
line-height:1.45;box-sizing:border-box}
*,*::before,*::after{box-sizing:inherit}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.3rem 1rem;
margin:.5rem 0}.stats div{display:flex;justify-content:space-between;border-bottom:1px dotted #ccc}
.stats b{font-variant-numeric:tabular-nums}
.muted{color:#666;font-size:.85rem}.err{color:#a00}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:0}
svg text{font-size:11px;fill:#333}svg .bar{fill:#4a78b5}svg .axis{stroke:#999}
code{background:#f4f4f4;padding:0 .2rem}
.cut{display:inline-block;max-width:9rem;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap;vertical-align:bottom}
#students th{cursor:pointer;user-select:none;white-space:nowrap}
#students th[aria-sort=ascending]::after{content:" ▲"}
#students th[aria-sort=descending]::after{content:" ▼"}
#filter{font:inherit;padding:.2rem .4rem;width:20rem;max-width:100%}
"""

_SCRIPT = """
(function(){
var table=document.getElementById('students');if(!table)return;
var body=table.tBodies[0],heads=table.tHead.rows[0].cells,order={};
function key(cell){var v=cell.getAttribute('data-v');
if(v!==null&&v!=='')return parseFloat(v);return cell.textContent.toLowerCase();}
function sortBy(i){var rows=Array.prototype.slice.call(body.rows);
var dir=order[i]=order[i]===1?-1:1;
rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
if(typeof x!==typeof y)return typeof x==='number'?-1:1;return x<y?-dir:x>y?dir:0;});
rows.forEach(function(r){body.appendChild(r);});
for(var j=0;j<heads.length;j++)heads[j].setAttribute('aria-sort',
j===i?(dir===1?'ascending':'descending'):'none');}
Array.prototype.forEach.call(heads,function(h,i){h.tabIndex=0;
h.addEventListener('click',function(){sortBy(i);});
h.addEventListener('keydown',function(e){if(e.key==='Enter')sortBy(i);});});
var filter=document.getElementById('filter');
if(filter)filter.addEventListener('input',function(){var q=filter.value.toLowerCase();
Array.prototype.forEach.call(body.rows,function(r){
r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});
})();
"""

_NUMBER = re.compile(r"^\s*((?:表|Table)\s*)?(\d+(?:\.\d+)*)")


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _n(x: Any) -> str:
    """A figure as shown everywhere on the page: whole numbers as they are, others with
    two decimals (so means line up: 8.03, 1.71)."""
    if x is None:
        return "—"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer()):
        return f"{int(x):,}"
    if isinstance(x, float):
        return f"{x:,.2f}"
    return str(x)


def _v(x: Any) -> str:
    """The sort value of a numeric cell."""
    return "" if x is None else _e(x)


def pseudonym(who: str, salt: str) -> str:
    """A stable stand-in for a student id: no one without the class's files can invert it."""
    return hashlib.sha256(f"{salt}\x00{who}".encode()).hexdigest()[:10]


def short_title(qid: str, title: str) -> str:
    """A question's number from its title (`3.1`, `表 3.7`), else the title's first words
    (`GAN 判别…`), else its id: a column heading that stays narrow."""
    found = _NUMBER.match(title)
    if found is None:
        words = title.strip() or qid
        return words if len(words) <= 6 else words[:5].rstrip() + "…"
    return (found.group(1) or "").strip() + (" " if found.group(1) else "") + found.group(2)


# ----------------------------------------------------------------------------- charts

def histogram_svg(bins: Sequence[Bin], *, title: str, width: int = 440,
                  height: int = 200) -> str:
    """Vertical bars of a score histogram."""
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
    parts.append(f'<text x="{left + plot_w:.1f}" y="{top + plot_h + 14}" '
                 f'text-anchor="middle">{_e(_n(bins[-1].end))}</text></svg>')
    return "".join(parts)


def _strip_svg(bins: Sequence[Bin], *, title: str, width: int = 150, height: int = 28) -> str:
    """A small distribution strip for a table cell."""
    if not bins:
        return ""
    peak = max(b.count for b in bins) or 1
    step = width / len(bins)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for i, b in enumerate(bins):
        h = (height - 2) * b.count / peak
        parts.append(f'<rect class="bar" x="{i * step + .5:.1f}" y="{height - h:.1f}" '
                     f'width="{max(step - 1, 1):.1f}" height="{h:.1f}"><title>'
                     f'{_e(f"{_n(b.start)}–{_n(b.end)}: {b.count}")}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(rows: Sequence[tuple[str, float, float, str]], *, title: str,
                  width: int = 440) -> str:
    """Horizontal bars: (label, value, scale maximum, value text) per row."""
    if not rows:
        return ""
    label_w, row_h, top = 190, 20, 6
    plot_w = width - label_w - 70
    height = top * 2 + row_h * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for i, (label, value, scale, text) in enumerate(rows):
        y = top + i * row_h
        w = max(plot_w * (value / scale) if scale > 0 else 0, 0)
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                     f'<title>{_e(label)}</title>{_e(short)}</text>')
        parts.append(f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" '
                     f'height="{row_h - 6}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{_e(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{_e(caption)}</figcaption>{svg}</figure>" if svg else ""


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: Sequence[int] = (), table_id: str | None = None,
           tips: Sequence[str | None] = ()) -> str:
    def tip(i: int) -> str:
        return f' title="{_e(tips[i])}"' if i < len(tips) and tips[i] else ""

    head = "".join(f'<th{" class=n" if i in numeric else ""}{tip(i)}>{_e(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell if cell.startswith("<td") else
                         f'<td{" class=n" if i in numeric else ""}>{cell}</td>'
                         for i, cell in enumerate(row)) + "</tr>"
        for row in rows)
    ident = f' id="{table_id}"' if table_id else ""
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# ----------------------------------------------------------------------------- the page

def class_report_html(summary: ClassSummary, rows: Sequence[dict[str, Any]], *,
                      lang: Lang, anonymise: bool = False, salt: str = "") -> str:
    """The whole page. Cells built here are escaped; `rows` come from `student_rows`."""
    def T(key: str, **params: object) -> str:
        return t(key, lang, **params)

    title = T("batch.html.title", assignment=summary.assignment or "—")
    out = ["<!DOCTYPE html>", f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_e(title)}</h1>"]
    if anonymise:
        out.append(f'<p class="muted">{_e(T("batch.html.anonymised"))}</p>')
    out.append(_overview(summary, T))
    out.append(_charts(summary, lang, T))
    out.append(_questions(summary, T))
    if summary.needs_review and not anonymise:
        out.append(_review(summary, rows, T))
    out.append(_diagnoses(summary, lang, T))
    if not anonymise:
        out.append(_problems(summary, T))
    out.append(_students(summary, rows, T, anonymise=anonymise, salt=salt))
    out.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(part for part in out if part) + "\n"


def _overview(summary: ClassSummary, T: Any) -> str:
    totals = summary.totals
    accounted = (summary.graded, len(summary.failed), len(summary.other_assignment),
                 len(summary.skipped), len(summary.superseded))
    stats: list[tuple[str, str, object]] = [
        ("files", "batch.html.stat.files", summary.files),
        ("graded", "batch.html.stat.graded", summary.graded),
        ("failed", "batch.html.stat.failed", len(summary.failed)),
        ("other", "batch.html.stat.other", len(summary.other_assignment)),
        ("skipped", "batch.html.stat.skipped", len(summary.skipped)),
        ("superseded", "batch.html.stat.superseded", len(summary.superseded)),
        ("max_score", "batch.html.stat.max_score", summary.max_score),
        ("mean", "batch.html.stat.mean", totals.mean),
        ("median", "batch.html.stat.median", totals.median),
        ("q1", "batch.html.stat.q1", totals.q1),
        ("q3", "batch.html.stat.q3", totals.q3),
        ("min", "batch.html.stat.min", totals.min),
        ("max", "batch.html.stat.max", totals.max),
        ("stdev", "batch.html.stat.stdev", totals.stdev),
        ("review", "batch.html.stat.review", len(summary.needs_review)),
        ("provisional", "batch.html.stat.provisional", summary.provisional_points),
    ]
    cells = "".join(f'<div><span>{_e(T(key))}</span><b id="stat-{k}">{_e(_n(v))}</b></div>'
                    for k, key, v in stats)
    note = T("batch.html.accounted", files=summary.files, graded=accounted[0],
             failed=accounted[1], other=accounted[2], skipped=accounted[3],
             superseded=accounted[4])
    return f'<div class="stats">{cells}</div><p class="muted">{_e(note)}</p>'


def _charts(summary: ClassSummary, lang: Lang, T: Any) -> str:
    from grader.codes import CODES

    charts = [_figure(T("batch.html.histogram"),
                      histogram_svg(summary.histogram, title=T("batch.html.histogram")))]
    top = summary.diagnoses[:8]
    rows = [(getattr(CODES[d.code].summary, lang) if d.code in CODES else d.code,
             float(d.items), float(top[0].items), str(d.items)) for d in top]
    charts.append(_figure(T("batch.html.diagnoses"),
                          bar_chart_svg(rows, title=T("batch.html.diagnoses"))))
    worst = [w for w in summary.items_wrong if w.wrong][:8]
    graded = summary.graded or 1
    charts.append(_figure(T("batch.html.items_wrong"), bar_chart_svg(
        [(w.path, float(w.wrong), float(graded), f"{w.wrong} / {summary.graded}")
         for w in worst], title=T("batch.html.items_wrong"))))
    return f'<div class="charts">{"".join(charts)}</div>'


def _questions(summary: ClassSummary, T: Any) -> str:
    if not summary.questions:
        return ""
    rows = [[f'<span title="{_e(q.id)}">{_e(short_title(q.id, q.title))}</span>',
             _e(q.title), _e(_n(q.mean)), _e(_n(q.median)), _e(_n(q.max_score)),
             _e(q.graded), _strip_svg(q.histogram, title=T("batch.html.distribution_of",
                                                            question=q.title))]
            for q in summary.questions]
    return (f"<h2>{_e(T('batch.html.questions'))}</h2>" + _table(
        [T("batch.html.col.question"), T("batch.html.col.title"), T("batch.html.col.mean"),
         T("batch.html.col.median"), T("batch.html.col.max"), T("batch.html.col.graded"),
         T("batch.html.col.distribution")], rows, numeric=(2, 3, 4, 5)))


def _review(summary: ClassSummary, rows: Sequence[dict[str, Any]], T: Any) -> str:
    reports = {r["file"]: r.get("report") for r in rows}
    body = []
    for item in summary.needs_review:
        key = reports.get(item.file)
        file = (f'<a href="reports/{_e(key)}.md">{_e(item.file)}</a>' if key
                else _e(item.file))
        body.append([_e(item.student_id), file, f"<code>{_e(item.item)}</code>",
                     f"{_e(_n(item.suggested_score))} / {_e(_n(item.max_score))}",
                     _e(item.missing_labels)])
    return (f"<h2>{_e(T('batch.html.review'))}</h2>"
            f'<p class="muted">{_e(T("batch.html.review_note"))}</p>' + _table(
                [T("batch.html.col.student"), T("batch.html.col.file"),
                 T("batch.html.col.item"), T("batch.html.col.suggested"),
                 T("batch.html.col.not_found")], body, numeric=(3,)))


def _diagnoses(summary: ClassSummary, lang: Lang, T: Any) -> str:
    from grader.codes import CODES

    parts = []
    if summary.diagnoses:
        parts.append(f"<h2>{_e(T('batch.html.diagnoses'))}</h2>" + _table(
            [T("batch.html.col.code"), T("batch.html.col.meaning"), T("batch.html.col.items"),
             T("batch.html.col.submissions")],
            [[f"<code>{_e(d.code)}</code>",
              _e(getattr(CODES[d.code].summary, lang) if d.code in CODES else ""),
              _e(d.items), _e(d.submissions)] for d in summary.diagnoses], numeric=(2, 3)))
    if summary.items_wrong:
        parts.append(f"<h2>{_e(T('batch.html.items_wrong'))}</h2>" + _table(
            [T("batch.html.col.item"), T("batch.html.col.wrong"), T("batch.html.col.missing")],
            [[f"<code>{_e(w.path)}</code>", _e(w.wrong), _e(w.missing)]
             for w in summary.items_wrong], numeric=(1, 2)))
    return "".join(parts)


def _problems(summary: ClassSummary, T: Any) -> str:
    parts = []
    if summary.failed:
        parts.append(f"<h2>{_e(T('batch.html.failed'))}</h2>" + _table(
            [T("batch.html.col.file"), T("batch.html.col.reason")],
            [[_e(f.file), f'<span class="err">{_e(f.reason)}</span>']
             for f in summary.failed]))
    if summary.other_assignment:
        parts.append(f"<h2>{_e(T('batch.html.other'))}</h2>" + _table(
            [T("batch.html.col.file"), T("batch.html.col.assignment")],
            [[_e(o.file), _e(o.assignment)] for o in summary.other_assignment]))
    if summary.skipped:
        parts.append(f"<h2>{_e(T('batch.html.skipped'))}</h2>" + _table(
            [T("batch.html.col.file"), T("batch.html.col.reason")],
            [[_e(s.file), _e(T(SKIPPED_REASONS[s.reason]))] for s in summary.skipped]))
    if summary.superseded:
        parts.append(f"<h2>{_e(T('batch.html.superseded'))}</h2>" + _table(
            [T("batch.html.col.student"), T("batch.html.col.file"), T("batch.html.col.kept")],
            [[_e(x.student_id), _e(x.file), _e(x.kept)] for x in summary.superseded]))
    if summary.duplicate_ids:
        parts.append(f"<h2>{_e(T('batch.html.duplicates'))}</h2>" + _table(
            [T("batch.html.col.student"), T("batch.html.col.file")],
            [[_e(d.id), _e(", ".join(d.files))] for d in summary.duplicate_ids]))
    if summary.other_students_variant:
        parts.append(f"<h2>{_e(T('batch.html.other_variant'))}</h2>"
                     f"<p class=muted>{_e(T('batch.html.other_variant_note'))}</p>" + _table(
                         [T("batch.html.col.student"), T("batch.html.col.file"),
                          T("batch.html.col.item"), T("batch.html.col.equals")],
                         [[_e(v.student_id), _e(v.file), f"<code>{_e(v.item)}</code>",
                           _e(v.equals)] for v in summary.other_students_variant]))
    if summary.shared_wrong_answers:
        parts.append(f"<h2>{_e(T('batch.html.shared'))}</h2>"
                     f"<p class=muted>{_e(T('batch.html.shared_note'))}</p>" + _table(
                         [T("batch.html.col.file"), T("batch.html.col.item")],
                         [[_e(", ".join(g.files)),
                           "<br>".join(f"<code>{_e(i.path)}</code> = {_e(i.submitted)}"
                                       for i in g.items)]
                          for g in summary.shared_wrong_answers]))
    return "".join(parts)


def _students(summary: ClassSummary, rows: Sequence[dict[str, Any]], T: Any, *,
              anonymise: bool, salt: str) -> str:
    questions = summary.questions
    heads = [T("batch.html.col.student")]
    if not anonymise:
        heads += [T("batch.html.col.name"), T("batch.html.col.file")]
    tips: list[str | None] = [None] * len(heads) + [q.title for q in questions]
    heads += [short_title(q.id, q.title) for q in questions]
    heads += [T("batch.html.col.total"), T("batch.html.col.review_short")]
    if not anonymise:
        heads.append(T("batch.html.col.notes"))
    first_q = 1 if anonymise else 3
    numeric = tuple(range(first_q, first_q + len(questions) + 2))
    body = []
    for r in rows:
        graded = r["total"] is not None
        if anonymise and not graded:
            continue
        who = r["id"] or r["file"]
        cells = [_e(pseudonym(who, salt)) if anonymise else _e(r["id"])]
        if not anonymise:
            link = (f'<a href="reports/{_e(r["report"])}.md">{_e(r["file"])}</a>'
                    if r.get("report") else _e(r["file"]))
            cells += [_e(r["name"]), f'<span class="cut" title="{_e(r["file"])}">{link}</span>']
        for q in questions:
            score = r["questions"].get(q.id) if graded else None
            cells.append(f'<td class=n data-v="{_v(score)}">{_e(_n(score)) if graded else ""}'
                         "</td>")
        cells.append(f'<td class=n data-v="{_v(r["total"])}">'
                     f'{_e(_n(r["total"])) if graded else ""}</td>')
        cells.append(f'<td class=n data-v="{_v(r.get("review"))}">'
                     f'{_e(r.get("review") or "") if graded else ""}</td>')
        if not anonymise:
            note = r["error"] or ", ".join(r["overrides"])
            style = ' class="cut err"' if r["error"] else ' class="cut"'
            cells.append(f'<span{style} title="{_e(note)}">{_e(note)}</span>')
        body.append(cells)
    return (f"<h2>{_e(T('batch.html.students'))}</h2>"
            f'<p><input id="filter" type="search" placeholder="{_e(T("batch.html.filter"))}" '
            f'aria-label="{_e(T("batch.html.filter"))}"> '
            f'<span class="muted">{_e(T("batch.html.sort_hint"))}</span></p>'
            + _table(heads, body, numeric=numeric, table_id="students", tips=tips))
