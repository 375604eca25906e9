"""TA overrides: scores a TA sets by hand on top of the automatic grading.

An overrides file (YAML, read with `grader.yamlsafe`) is a list, or a mapping with an
`overrides:` list, of entries::

    - {student: "2023001", item: network_counts.alexnet.params, score: 2,
       comment: 所有偏置都算对了，只是抄写错误}
    - {student: "2023002", item: rcnn_family, score: 4.5, comment: RPN 讲得清楚}

`item` is an item path of the report (`grader check --format json` shows them) or, for a
question with a single item such as an essay, the question id. `student` is the student id
of the submission (or its file name without extension when it has no id).

`apply_overrides` never mutates: it builds new frozen report models. The overridden item
gets the TA's score, a verdict that follows from it, and a `ta_override` diagnosis with the
comment; the automatic verdict and score are kept in a note (a diagnosis that does not
explain the value), followed by the automatic diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from grader.errors import InputError
from grader.i18n import LANGS
from grader.report import Diagnosis, ItemResult, QuestionReport, Report, Student, Verdict, round4
from grader.rubric import Rubric
from grader.validation import did_you_mean
from grader.values import exact_fraction
from grader.yamlsafe import Document, load_yaml_file, load_yaml_text

__all__ = [
    "OVERRIDE_CODE",
    "Override",
    "OverridesError",
    "apply_matched",
    "apply_overrides",
    "check_overrides",
    "load_overrides",
    "overridable_items",
    "overrides_for",
    "parse_overrides",
]

OVERRIDE_CODE = "ta_override"
"""Diagnosis code of a TA's comment on an overridden item."""
AUTOMATIC_CODE = "automatic_result"
"""Diagnosis code of the note that keeps the automatic verdict of an overridden item."""

_FIELDS = ("student", "item", "score", "comment")


class OverridesError(InputError):
    """An overrides file is malformed or names an item the rubric does not have."""


@dataclass(frozen=True)
class Override:
    """One TA decision: `student`'s `item` earns `score` points, because `comment`."""

    student: str
    item: str
    score: float
    comment: str = ""
    file: str = "<overrides>"
    line: int | None = None
    column: int | None = None

    def error(self, message: str, expected: str | None = None) -> OverridesError:
        """An error located at this entry."""
        return OverridesError(message, file=self.file, line=self.line, column=self.column,
                              expected=expected)


def load_overrides(path: str | Path) -> tuple[Override, ...]:
    """Read an overrides file (syntax and shape only; `check_overrides` checks the items)."""
    return parse_overrides(load_yaml_file(path, cls=OverridesError))


def parse_overrides(doc: Document) -> tuple[Override, ...]:
    """The entries of a parsed overrides document, each with its line."""
    data = doc.data
    base: tuple[str | int, ...] = ()
    if isinstance(data, dict):
        extra = sorted(k for k in data if k != "overrides")
        if extra:
            raise doc.error((extra[0],), f"unknown key {extra[0]!r}", "only 'overrides:'",
                            cls=OverridesError, key=True)
        data = data.get("overrides") or []
        base = ("overrides",)
    if not isinstance(data, list):
        raise doc.error(base, "the overrides must be a list",
                        "entries like {student: id, item: path, score: n, comment: text}",
                        cls=OverridesError)
    out: list[Override] = []
    seen: dict[tuple[str, str], int | None] = {}
    for index, entry in enumerate(data):
        path = (*base, index)
        pos = doc.position(path)
        if not isinstance(entry, dict):
            raise doc.error(path, "an override must be a mapping",
                            "{student: id, item: path, score: n, comment: text}",
                            cls=OverridesError)
        for key in entry:
            if key not in _FIELDS:
                raise doc.error((*path, key),
                                f"unknown field {key!r}; {did_you_mean(key, _FIELDS)}",
                                cls=OverridesError, key=True)
        for key in ("student", "item", "score"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise doc.error((*path, key) if key in entry else path,
                                f"the override has no {key}",
                                "student, item and score on every entry", cls=OverridesError)
        comment = entry.get("comment")
        if comment is not None and not isinstance(comment, str):
            raise doc.error((*path, "comment"), "the comment must be text", cls=OverridesError)
        score = _score(entry["score"])
        if score is None:
            raise doc.error((*path, "score"), f"cannot read the score {entry['score']!r}",
                            "a number of points such as 1.5 or 3/2", cls=OverridesError)
        override = Override(student=entry["student"].strip(), item=entry["item"].strip(),
                            score=score, comment=(comment or "").strip(), file=doc.file,
                            line=pos.line if pos else None, column=pos.column if pos else None)
        key2 = (override.student, override.item)
        if key2 in seen:
            raise override.error(f"student {override.student!r}, item {override.item!r} is "
                                 f"overridden twice (first on line {seen[key2]})",
                                 "one override per student and item")
        seen[key2] = override.line
        out.append(override)
    return tuple(out)


def parse_overrides_text(text: str, name: str = "<overrides>") -> tuple[Override, ...]:
    """`parse_overrides` of YAML text (for tests and tools)."""
    return parse_overrides(load_yaml_text(text, name, cls=OverridesError))


def _score(text: str) -> float | None:
    try:
        value = exact_fraction(text)
    except ValueError:
        return None
    if value < 0 or value > 10**6:
        return None
    return round4(float(value))


def overridable_items(rubric: Rubric) -> dict[str, float]:
    """Every item path a TA can override (and question ids of one-item questions): max points."""
    from grader.engine import grade
    from grader.submission import Submission

    # items are the same for every student (a personal rubric only changes the numbers)
    who = Student(id="-") if rubric.parameters is not None else Student()
    blank = grade(rubric, Submission(assignment=rubric.id, student=who,
                                     answers={q.id: None for q in rubric.questions}))
    out: dict[str, float] = {}
    for q in blank.questions:
        scored = [item for item in q.items if item.max_score > 0]
        for item in scored:
            out[item.path] = item.max_score
        if len(scored) == 1:
            out.setdefault(q.id, scored[0].max_score)
    return out


def check_overrides(overrides: Iterable[Override], rubric: Rubric) -> None:
    """Refuse an override of an item `rubric` does not have, or above the item's points."""
    items = overridable_items(rubric)
    for o in overrides:
        if o.item not in items:
            raise o.error(f"unknown item {o.item!r} in rubric {rubric.id!r}; "
                          f"{did_you_mean(o.item, items)}",
                          "an item path as in the report, e.g. network_counts.alexnet.params")
        if o.score > items[o.item]:
            raise o.error(f"score {o.score:g} is more than the {items[o.item]:g} points of "
                          f"{o.item!r}")


def student_keys(report: Report) -> tuple[str, ...]:
    """The names an override can use for `report`'s student: the id, else the file stem."""
    keys = []
    if report.student.id:
        keys.append(report.student.id)
    if report.source:
        keys.append(PurePath(report.source).stem)
    return tuple(keys)


def overrides_for(report: Report, overrides: Iterable[Override]) -> list[Override]:
    """The overrides that concern `report`'s student, in file order: named by the student
    id or by the file name (which tells apart two submissions carrying the same id)."""
    keys = student_keys(report)
    return [o for o in overrides if o.student in keys]


def apply_overrides(report: Report, overrides: Sequence[Override] | Iterable[Override]) -> Report:
    """`report` with the TA's scores applied to its student's items (a new Report)."""
    return apply_matched(report, overrides_for(report, overrides))


def apply_matched(report: Report, mine: Sequence[Override]) -> Report:
    """`report` with `mine` applied: overrides already matched to this submission."""
    if not mine:
        return report
    questions: list[QuestionReport] = []
    for q in report.questions:
        items: list[ItemResult] = []
        for item in q.items:
            chosen = [o for o in mine
                      if o.item == item.path or (o.item == q.id and _single(q, item))]
            items.append(_overridden(item, chosen[-1]) if chosen else item)
        questions.append(q.model_copy(update={"items": tuple(items)}))
    return report.model_copy(update={"questions": tuple(questions)})


def overridden_paths(report: Report) -> list[str]:
    """Item paths of `report` that carry a TA override."""
    return [item.path for item in report.items()
            if any(d.code == OVERRIDE_CODE for d in item.diagnoses)]


def _single(q: QuestionReport, item: ItemResult) -> bool:
    scored = [i for i in q.items if i.max_score > 0]
    return len(scored) == 1 and scored[0] is item


def _overridden(item: ItemResult, o: Override) -> ItemResult:
    score = min(o.score, item.max_score)
    if score >= item.max_score:
        verdict = Verdict.CORRECT
    elif score <= 0:
        verdict = Verdict.INCORRECT
    else:
        verdict = Verdict.PARTIAL
    params: dict[str, Any] = {"score": _num(score), "max_score": _num(item.max_score),
                              "comment": o.comment}
    note = Diagnosis(code=AUTOMATIC_CODE, key="batch.override.automatic",
                     params={"verdict": {lang: item.verdict.label(lang)
                                         for lang in LANGS},
                             "score": _num(item.score),
                             "max_score": _num(item.max_score)},
                     explains=False)
    diagnoses = (Diagnosis(code=OVERRIDE_CODE,
                           key="batch.override.comment" if o.comment else "batch.override.bare",
                           params=params),
                 note,
                 *(d for d in item.diagnoses if d.code not in (OVERRIDE_CODE, AUTOMATIC_CODE)))
    return item.model_copy(update={"score": score, "verdict": verdict, "graded": True,
                                   "diagnoses": diagnoses})


def _num(x: float) -> str:
    return f"{x:g}"


