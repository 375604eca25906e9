"""Per-student question sheets (`grader assign`): each student's parameters inside the
questions, as Markdown and as one self-contained HTML page, plus `parameters.csv` for the TA.

The roster is a UTF-8 CSV (a byte-order mark is fine) with `id,name`; ids are untrusted and
only ever used through `report_key_for` (safe, bounded, unique file names) and escaping.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from grader.errors import InputError
from grader.i18n import Lang, t
from grader.rubric import Rubric
from grader.variants import ParameterSpec, parameters_for

__all__ = ["MAX_ROSTER", "Student", "parameter_lines", "read_roster", "sheets"]

MAX_ROSTER = 5_000
"""Students a roster may list (a course is a few hundred)."""

_PARAM_KEYS = {"input_size": "variants.param.input_size", "classes": "variants.param.classes",
               "threshold": "variants.param.threshold", "layer_field": "variants.param.layer"}


@dataclass(frozen=True)
class Student:
    id: str
    name: str


def _legacy_chinese(raw: bytes) -> str | None:
    """A roster saved by Excel on a Chinese Windows ("CSV" there means GBK), else None."""
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def read_roster(path: Path) -> list[Student]:
    """The roster's students, in file order; InputError naming the line when it cannot be
    read (no id column, an empty or repeated id, too many rows)."""
    from grader.yamlsafe import read_file_bytes

    raw = read_file_bytes(path)
    text: str | None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _legacy_chinese(raw)
    if text is None:
        raise InputError("the roster is not UTF-8 text", file=str(path),
                         key="assign.roster_encoding") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or "id" not in [c.strip().lower() for c in rows[0]]:
        raise InputError("the roster's first line must name the columns: id,name",
                         file=str(path), line=1, key="assign.roster_header")
    header = [c.strip().lower() for c in rows[0]]
    at_id, at_name = header.index("id"), header.index("name") if "name" in header else None
    students: list[Student] = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        sid = row[at_id].strip()[:100] if at_id < len(row) else ""
        if not sid or sid in seen:
            raise InputError(f"line {line}: an empty or repeated id", file=str(path),
                             line=line, key="assign.roster_id", params={"line": line})
        seen.add(sid)
        name = row[at_name].strip()[:100] if at_name is not None and at_name < len(row) else ""
        students.append(Student(sid, name))
        if len(students) > MAX_ROSTER:
            raise InputError(f"more than {MAX_ROSTER} students", file=str(path),
                             key="assign.roster_size", params={"limit": MAX_ROSTER})
    return students


def _value(spec: ParameterSpec, value: int | str) -> str:
    return f"3×{value}×{value}" if spec.kind == "input_size" else str(value)


def parameter_lines(rubric: Rubric, student_id: str, lang: Lang) -> list[str]:
    """`name: value` of each of the student's parameters, in `lang`."""
    assert rubric.parameters is not None
    values = parameters_for(rubric.parameters, student_id)
    return [f"{t(_PARAM_KEYS[p.kind], lang, **_where(p))}: {_value(p, values[p.name])}"
            for p in rubric.parameters.vary]


def _where(p: ParameterSpec) -> dict[str, str]:
    if p.target is None:
        return {}
    return {"question": p.target.question, "layer": p.target.layer, "field": p.target.field}


def sheets(rubric: Rubric, students: list[Student], lang: Lang) -> dict[str, bytes]:
    """Every output file, by name: `<id>.md`, `<id>.html` per student, `parameters.csv`."""
    from grader.batch._files import report_key_for

    assert rubric.parameters is not None
    used: set[str] = set()
    files: dict[str, bytes] = {}
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\r\n")
    writer.writerow(["id", "name", "sheet", *[p.name for p in rubric.parameters.vary]])
    for s in students:
        key = report_key_for(s.id, s.id, used)
        lines = parameter_lines(rubric, s.id, lang)
        values = parameters_for(rubric.parameters, s.id)
        writer.writerow([_cell(s.id), _cell(s.name), key,
                         *[values[p.name] for p in rubric.parameters.vary]])
        files[f"{key}.md"] = _markdown(rubric, s, lines, lang).encode("utf-8")
        files[f"{key}.html"] = _html(rubric, s, lines, lang).encode("utf-8")
    files["parameters.csv"] = b"\xef\xbb\xbf" + table.getvalue().encode("utf-8")
    return files


def _applies(rubric: Rubric, student_id: str, lang: Lang) -> dict[str, str]:
    """Per question id, the student's parameters that question uses, said in `lang`."""
    assert rubric.parameters is not None
    values = parameters_for(rubric.parameters, student_id)
    out: dict[str, list[str]] = {}
    for q in rubric.questions:
        for p in rubric.parameters.vary:
            uses = ((p.kind in ("input_size", "classes") and hasattr(q.params, "personal"))
                    or (p.kind == "threshold" and q.kind == "detection_metrics")
                    or (p.target is not None and p.target.question == q.id))
            if uses:
                out.setdefault(q.id, []).append(
                    f"{t(_PARAM_KEYS[p.kind], lang, **_where(p))} {_value(p, values[p.name])}")
    sep = "；" if lang == "zh" else "; "
    return {qid: sep.join(parts) for qid, parts in out.items()}


def _cell(text: str) -> str:
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-!|~" else ch for ch in text)


def _markdown(rubric: Rubric, s: Student, lines: list[str], lang: Lang) -> str:
    """The sheet in Markdown: the TA's and the catalogue's text as is, the roster's escaped."""
    title = rubric.title.get(lang) or rubric.id
    out = [f"# {title}", "", f"**{t('assign.student', lang)}**: {_md(s.id)} {_md(s.name)}",
           "", f"## {t('assign.your_parameters', lang)}", ""]
    out += [f"- {line}" for line in lines]
    out += ["", t("assign.use_them", lang, rubric=rubric.id, id=_md(s.id)), "",
            f"## {t('assign.questions', lang)}", ""]
    uses = _applies(rubric, s.id, lang)
    out += [f"- {q.title_in(lang)}" + (f" — **{uses[q.id]}**" if q.id in uses else "")
            for q in rubric.questions]
    return "\n".join(out) + "\n"


def _html(rubric: Rubric, s: Student, lines: list[str], lang: Lang) -> str:
    title = rubric.title.get(lang) or rubric.id
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    uses = _applies(rubric, s.id, lang)
    questions = "".join(
        f"<li>{escape(q.title_in(lang))}"
        + (f" — <b>{escape(uses[q.id])}</b>" if q.id in uses else "") + "</li>"
        for q in rubric.questions)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · {escape(s.id)}</title><style>body{{font-family:"
            "system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
            "line-height:1.5}</style></head><body>"
            f"<h1>{escape(title)}</h1><p><b>{escape(t('assign.student', lang))}</b>: "
            f"{escape(s.id)} {escape(s.name)}</p>"
            f"<h2>{escape(t('assign.your_parameters', lang))}</h2><ul>{items}</ul>"
            f"<p>{escape(t('assign.use_them', lang, rubric=rubric.id, id=s.id))}</p>"
            f"<h2>{escape(t('assign.questions', lang))}</h2><ul>{questions}</ul>"
            "</body></html>\n")
