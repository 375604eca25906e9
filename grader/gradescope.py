"""Gradescope's autograder `results.json` from a report (`grader check --format gradescope`).

Format (https://gradescope-autograders.readthedocs.io/en/latest/specs/): a top-level
`score` and `output`, and one entry of `tests` per scored item, with `name`, `number`,
`score`, `max_score`, `status` ("passed"/"failed"), `output` and `visibility`.
`execution_time` is left out so the same submission always gives the same bytes.
Items that carry no points (a per-layer breakdown) and questions this version does not
grade yet are not tests; the top-level output lists the latter for the TA's review.
"""

from __future__ import annotations

from typing import Any

from grader.i18n import Lang, t
from grader.report import ItemResult, QuestionReport, Report, Verdict, round4

__all__ = ["TEST_KEYS", "TOP_KEYS", "gradescope_results"]

TOP_KEYS = ("score", "output", "tests")
TEST_KEYS = ("name", "number", "score", "max_score", "status", "output", "visibility")


def gradescope_results(report: Report, *, lang: Lang, reveal: bool) -> dict[str, Any]:
    """Gradescope's results.json for `report`: messages in `lang`, answers only when `reveal`."""
    tests: list[dict[str, Any]] = []
    waiting: list[str] = []
    for qi, q in enumerate(report.questions, start=1):
        title = q.title.get(lang) or q.title.get("en") or q.id
        scored = [item for item in q.items if item.graded and item.max_score > 0]
        if any(item.max_score > 0 and (not item.graded or item.verdict is Verdict.NEEDS_REVIEW)
               for item in q.items):
            waiting.append(title)
        for ii, item in enumerate(scored, start=1):
            tests.append({
                "name": f"{title}: {_relative(item.path, q)}",
                "number": f"{qi}.{ii}",
                "score": round4(item.score),
                "max_score": round4(item.max_score),
                "status": "passed" if item.verdict.is_full_credit else "failed",
                "output": _item_output(item, lang, reveal),
                "visibility": "visible",
            })
    lines = [t("report.total", lang, score=_num(report.score), max_score=_num(report.max_score))]
    if waiting:
        lines.append(t("batch.gradescope.waiting", lang, questions="; ".join(waiting)))
    if not reveal:
        lines.append(t("report.hidden", lang))
    if report.unknown_fields:
        lines.append(t("report.unknown_fields", lang))
        lines += ["  " + u.message(lang) for u in report.unknown_fields]
    return {"score": report.score, "output": "\n".join(lines), "tests": tests}


def _relative(path: str, q: QuestionReport) -> str:
    rel = path[len(q.id) + 1:] if path.startswith(q.id + ".") else path
    return rel or q.id


def _item_output(item: ItemResult, lang: Lang, reveal: bool) -> str:
    lines = [f"{t('report.col.verdict', lang)}: {t('verdict.' + item.verdict.value, lang)} "
             f"({_num(item.score)}/{_num(item.max_score)})"]
    if item.verdict is not Verdict.MISSING and item.submitted is not None:
        lines.append(f"{t('report.col.submitted', lang)}: {' '.join(item.submitted.split())}")
    if reveal and item.expected is not None:
        lines.append(f"{t('report.col.expected', lang)}: {item.expected}")
    lines += [f"[{d.code}] {d.message(lang)}" for d in item.diagnoses]
    return "\n".join(lines)


def _num(x: float) -> str:
    return f"{x:g}"


