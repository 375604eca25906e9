"""The review queue: the items awaiting a TA (essays with a suggested score), what they add
to the totals until a TA confirms them, and the sheet a TA fills in to confirm them.

An item awaits review while its verdict is `needs_review`; an override (the sheet, filled
in and passed back with `--overrides`) gives it the TA's score and a verdict, and it leaves
the queue. Until then its suggested score counts as *provisional*: totals show the
confirmed and the provisional points apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import yaml

from grader.batch._model import ReviewItem
from grader.i18n import Lang, t
from grader.report import Report, Verdict, round4

__all__ = ["awaiting", "provisional_points", "review_queue", "review_sheet"]


def awaiting(report: Report, lang: Lang = "en"
             ) -> list[tuple[str, float, float, tuple[str, ...], str]]:
    """(path, suggested score, max score, missing concept ids, their labels in `lang`) of
    each item of `report` that awaits a TA."""
    out = []
    for item in report.items():
        if item.verdict is not Verdict.NEEDS_REVIEW or item.max_score <= 0:
            continue
        missing: tuple[str, ...] = ()
        labels = ""
        for d in item.diagnoses:
            if d.code == "concepts_missing":
                found = d.params.get("missing")
                if isinstance(found, (list, tuple)):
                    missing = tuple(str(m) for m in found)
                labels = str(d.params.get(f"missing_{lang}", ""))
        out.append((item.path, item.score, item.max_score, missing, labels))
    return out


def provisional_points(report: Report) -> float:
    """The suggested points in `report`'s total that no TA has confirmed yet."""
    return round4(sum(entry[1] for entry in awaiting(report)))


def review_queue(graded: Iterable[tuple[str, Report]], lang: Lang) -> tuple[ReviewItem, ...]:
    """Every item awaiting a TA, by file then item (rubric) order."""
    return tuple(ReviewItem(rep.student.id, rel, path, round4(score), round4(top), missing,
                            labels)
                 for rel, rep in sorted(graded, key=lambda kv: kv[0])
                 for path, score, top, missing, labels in awaiting(rep, lang))


def review_sheet(queue: Sequence[ReviewItem], lang: Lang) -> str:
    """An overrides file pre-filled with the suggested scores: the TA edits the scores and
    comments, then passes it back with `--overrides` (each entry confirms one item)."""
    lines = [f"# {line}" for line in t("review.sheet_intro", lang).splitlines()]
    entries = []
    for r in queue:
        comment = (t("review.sheet_missing", lang, concepts=r.missing_labels)
                   if r.missing_labels else "")
        entries.append({"student": r.student_id or _stem(r.file), "item": r.item,
                        "score": r.suggested_score, "comment": comment})
    body = yaml.safe_dump({"overrides": entries}, allow_unicode=True, sort_keys=False,
                          width=100)
    return "\n".join(lines) + "\n" + body


def _stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]
