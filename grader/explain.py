"""What a diagnosis code means, for people: `grader explain CODE`, `grader explain --list`
and the generated catalogue `docs/diagnoses.md`, all from the rows of `grader.codes`."""

from __future__ import annotations

from grader.codes import CODES, FAMILIES, FAMILY_NAMES, Code
from grader.i18n import Lang, t

__all__ = ["catalogue_markdown", "explain_text", "list_text"]


def _credit(row: Code) -> str:
    return f"{row.credit:g}"


def explain_text(name: str, lang: Lang) -> str:
    """The explanation of one code: what it says, a worked example, how to fix it."""
    row = CODES[name]
    origin = t("explain.spec" if row.spec else "explain.extension", lang)
    lines = [
        f"{row.code} — {row.summary[lang]}",
        t("explain.family", lang, family=FAMILY_NAMES[row.family][lang], origin=origin),
        "",
        t("explain.example", lang),
        f"  {row.example[lang]}",
        "",
        t("explain.fix", lang),
        f"  {row.fix[lang]}",
        "",
        t("explain.note" if row.note else "explain.credit", lang, credit=_credit(row)),
    ]
    return "\n".join(lines) + "\n"


def list_text(lang: Lang) -> str:
    """Every code with its one-line summary, family by family."""
    width = max(len(c) for c in CODES)
    out: list[str] = []
    for family in FAMILIES:
        rows = [r for r in CODES.values() if r.family == family]
        if not rows:
            continue
        out.append(FAMILY_NAMES[family][lang])
        out += [f"  {r.code:<{width}}  {r.summary[lang]}" for r in rows]
        out.append("")
    out.append(t("explain.list_hint", lang))
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    """docs/diagnoses.md: every code, family by family, in English and Chinese."""
    out = [
        "# Diagnosis codes",
        "",
        "<!-- Generated from grader/codes by `python scripts/gen_docs.py`; do not edit. -->",
        "",
        "Every diagnosis in a report has a stable `code` (for programs, rubric credit tables "
        "and class statistics) and a message in Chinese and English (for people). "
        "`grader explain CODE` prints one of these rows with its worked example; "
        "`grader explain --list` lists them all. *Extension* marks a code this project "
        "added to SPEC §4. *Credit* is the share of an item's points the code earns when "
        "it explains the answer, unless the rubric's `credit:` table says otherwise; "
        "codes marked *note* describe accepted writing and never cost points.",
        "",
    ]
    for family in FAMILIES:
        rows = [r for r in CODES.values() if r.family == family]
        if not rows:
            continue
        name = FAMILY_NAMES[family]
        out += [f"## {name.en} · {name.zh}", "",
                "| code | credit | meaning | 含义 | example |",
                "| --- | --- | --- | --- | --- |"]
        for r in rows:
            tags = ([] if r.spec else ["*extension*"]) + (["*note*"] if r.note else [])
            credit = "note" if r.note else _credit(r)
            code = f"`{r.code}`" + (f" {' '.join(tags)}" if tags else "")
            out.append(f"| {code} | {credit} | {_cell(r.summary.en)} | {_cell(r.summary.zh)} "
                       f"| {_cell(r.example.en)} |")
        out.append("")
    return "\n".join(out)
