"""Gradescope's autograder `results.json` from a report (`grader check --format gradescope`).

Format (https://gradescope-autograders.readthedocs.io/en/latest/specs/), used natively:

* one test per scored item, `visible` at once: its verdict, what the student wrote and the
  diagnoses (Markdown, `output_format: md`); the diagnosis codes and the verdict also in
  `extra_data`, for a TA's export;
* an item awaiting a TA (an essay's suggested score) has no `status` — Gradescope shows it
  as neither passed nor failed — and says it is pending;
* the expected values in one more test, `after_due_date`: students see them once the
  assignment closes, never before (whatever `--reveal` says: Gradescope keeps them);
* `execution_time` is left out, so the same submission always gives the same bytes.
"""

from __future__ import annotations

from typing import Any

from grader.codes import shown_to_students
from grader.i18n import Lang, t
from grader.report import ItemResult, QuestionReport, Report, Verdict, round4

__all__ = ["TEST_KEYS", "TOP_KEYS", "gradescope_results"]

TOP_KEYS = ("score", "output", "output_format", "tests")
TEST_KEYS = ("name", "number", "score", "max_score", "status", "output", "output_format",
             "visibility", "extra_data")


def gradescope_results(report: Report, *, lang: Lang, reveal: bool = False) -> dict[str, Any]:
    """Gradescope's results.json for `report`, messages in `lang`. Expected values go to an
    `after_due_date` test (with `reveal`, also into each item's own output)."""
    tests: list[dict[str, Any]] = []
    waiting: list[str] = []
    answers: list[str] = []
    for qi, q in enumerate(report.questions, start=1):
        title = q.title.get(lang) or q.title.get("en") or q.id
        scored = [item for item in q.items if item.graded and item.max_score > 0]
        if any(item.max_score > 0 and (not item.graded or item.verdict is Verdict.NEEDS_REVIEW)
               for item in q.items):
            waiting.append(title)
        for ii, item in enumerate(scored, start=1):
            name = f"{title}: {_relative(item.path, q)}"
            pending = item.verdict is Verdict.NEEDS_REVIEW
            test: dict[str, Any] = {
                "name": name,
                "number": f"{qi}.{ii}",
                "score": round4(item.score),
                "max_score": round4(item.max_score),
                "status": None if pending else
                ("passed" if item.verdict.is_full_credit else "failed"),
                "output": _item_output(item, lang, reveal),
                "output_format": "md",
                "visibility": "visible",
                "extra_data": {"verdict": item.verdict.value,
                               "codes": [d.code for d in item.diagnoses]},
            }
            if pending:
                del test["status"]
            tests.append(test)
            if item.expected is not None:
                answers.append(f"- **{_md(name)}**: `{item.expected.replace('`', '')}`")
    if answers:
        tests.append({"name": t("gradescope.answers", lang),
                      "number": f"{len(report.questions) + 1}",
                      "score": 0, "max_score": 0, "output": "\n".join(answers),
                      "output_format": "md", "visibility": "after_due_date",
                      "extra_data": {"answers": True}})
    total = t("report.total", lang, score=_num(report.score), max_score=_num(report.max_score))
    lines = [f"**{_md(total)}**"]
    if waiting:
        lines.append(_md(t("batch.gradescope.waiting", lang, questions="; ".join(waiting))))
    lines.append(_md(t("gradescope.after_due", lang)))
    if report.unknown_fields:
        lines.append(_md(t("report.unknown_fields", lang)))
        lines += ["- " + _md(u.message(lang)) for u in report.unknown_fields]
    return {"score": report.score, "output": "\n\n".join(lines), "output_format": "md",
            "tests": tests}


def _relative(path: str, q: QuestionReport) -> str:
    rel = path[len(q.id) + 1:] if path.startswith(q.id + ".") else path
    return rel or q.id


def _md(text: str) -> str:
    """Student text inert in Markdown: no emphasis, links, HTML or code spans of theirs."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]<>()#+-!|~":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _item_output(item: ItemResult, lang: Lang, reveal: bool) -> str:
    verdict = t("verdict." + item.verdict.value, lang)
    lines = [f"**{_md(t('report.col.verdict', lang))}**: {_md(verdict)} "
             f"({_num(item.score)}/{_num(item.max_score)})"]
    if item.verdict is Verdict.NEEDS_REVIEW:
        lines.append(_md(t("gradescope.pending", lang)))
    if item.verdict is not Verdict.MISSING and item.submitted is not None:
        lines.append(f"**{_md(t('report.col.submitted', lang))}**: "
                     f"{_md(' '.join(item.submitted.split()))}")
    if reveal and item.expected is not None:
        lines.append(f"**{_md(t('report.col.expected', lang))}**: {item.expected}")
    lines += [f"- `{d.code}` {_md(d.message(lang))}" if shown_to_students(d.code)
              else f"- {_md(d.message(lang))}" for d in item.diagnoses]
    return "\n\n".join(lines)


def _num(x: float) -> str:
    return f"{x:g}"
