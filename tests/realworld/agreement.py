"""How often the grader agrees with a careful TA on the real-world corpus.

Each case was labelled (verdict and diagnosis codes) before the grader was run on it. A
case agrees when the grader's verdict is of the TA's class — full credit (`correct` or
`accepted_variant`), `partial`, no credit (`incorrect`, `unparsed`) — and every code the TA
names is among the grader's. Used by `scripts/realworld.py` (prints the figures) and by
`tests/test_realworld.py` (holds them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.engine import grade
from grader.report import Report, Verdict
from grader.rubric import find_rubric
from grader.submission import parse_submission
from grader.yamlsafe import load_yaml_text

__all__ = ["CORPUS", "Outcome", "Summary", "corpus_files", "essay_outcomes", "formula_outcomes",
           "number_outcomes", "summarise"]

CORPUS = Path(__file__).resolve().parent

_CLASS = {
    "correct": "full", "accepted_variant": "full", "partial": "partial",
    "incorrect": "zero", "unparsed": "zero", "missing": "missing",
    "needs_review": "review",
    "found": "found", "not_found": "not_found",
}


@dataclass(frozen=True)
class Outcome:
    """One labelled item: what the TA said, what the grader said, and whether they agree."""

    case: str
    path: str
    source: str
    ta_verdict: str
    ta_codes: tuple[str, ...]
    verdict: str
    codes: tuple[str, ...]
    text: str = ""

    @property
    def agrees(self) -> bool:
        return (_CLASS[self.verdict] == _CLASS[self.ta_verdict]
                and set(self.ta_codes) <= set(self.codes))


@dataclass
class Summary:
    """Agreement over a set of outcomes, with the disagreements for reading."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def agreed(self) -> int:
        return sum(o.agrees for o in self.outcomes)

    @property
    def rate(self) -> float:
        return self.agreed / len(self.outcomes) if self.outcomes else 1.0

    def disagreements(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.agrees]

    def sources(self) -> int:
        return len({o.source for o in self.outcomes})

    def by_ta_verdict(self) -> Counter[str]:
        return Counter(o.ta_verdict for o in self.outcomes)


def _load(name: str) -> dict[str, Any]:
    path = CORPUS / name
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"{name} must be a mapping"
    return data


def _graded(answers: dict[str, Any], name: str) -> Report:
    text = yaml.safe_dump({"assignment": "ch3", "answers": answers}, allow_unicode=True)
    rubric = find_rubric("ch3")
    return grade(rubric, parse_submission(load_yaml_text(text, name), rubric))


def corpus_files(prefix: str) -> list[str]:
    """The corpus files of one kind (`formulas`, `counts`): `formulas.yaml`, `formulas_b.yaml`."""
    return sorted(p.name for p in CORPUS.glob(f"{prefix}*.yaml"))


def number_outcomes(name: str | None = None) -> Iterator[Outcome]:
    """Outcomes of the numeric answers (3.1, 3.2, Table 3.7): of the corpus file `name`,
    or of every `counts*.yaml`."""
    if name is None:
        for each in corpus_files("counts"):
            yield from number_outcomes(each)
        return
    data = _load(name)
    for answer in data.get("answers", []):
        report = _graded(answer["answers"], answer["id"])
        items = {i.path: i for i in report.items()}
        for path, expect in answer["expect"].items():
            found = items.get(path)
            verdict = found.verdict.value if found else Verdict.MISSING.value
            yield Outcome(case=answer["id"], path=path, source=answer["source"],
                          ta_verdict=expect["verdict"],
                          ta_codes=tuple(expect.get("codes") or ()),
                          verdict=verdict,
                          codes=tuple(d.code for d in found.diagnoses) if found else (),
                          text=str(found.submitted if found else ""))


def formula_outcomes(name: str | None = None) -> Iterator[Outcome]:
    """Outcomes of the formula spellings of the corpus file `name`, or of every
    `formulas*.yaml`."""
    if name is None:
        for each in corpus_files("formulas"):
            yield from formula_outcomes(each)
        return
    data = _load(name)
    for case in data.get("cases", []):
        question, item = case["item"].split(".", 1)
        report = _graded({question: {item: case["text"]}}, case["id"])
        found = next(i for i in report.items() if i.path == case["item"])
        yield Outcome(case=case["id"], path=case["item"], source=case["source"],
                      ta_verdict=case["verdict"], ta_codes=tuple(case.get("codes") or ()),
                      verdict=found.verdict.value,
                      codes=tuple(d.code for d in found.diagnoses), text=case["text"])


def summarise(outcomes: Iterable[Outcome]) -> Summary:
    return Summary(list(outcomes))


def essay_outcomes(name: str | None = None) -> Iterator[Outcome]:
    """One outcome per concept of each real essay: whether the TA and the grader's concept
    matching agree that the text states it (of the corpus file `name`, or of every
    `essays*.yaml`)."""
    if name is None:
        for each in corpus_files("essays"):
            yield from essay_outcomes(each)
        return
    from grader.kinds.short_answer import concept_matches

    rubric = find_rubric("ch3")
    data = _load(name)
    for case in data.get("essays", []):
        question = next(q for q in rubric.questions if q.id == case["item"])
        found = {m.concept.id: m for m in concept_matches(question.params, case["text"])}
        assert set(found) == set(case["concepts"]), f"{case['id']}: label every concept"
        for concept, present in case["concepts"].items():
            match = found[concept]
            yield Outcome(case=case["id"], path=f"{case['item']}.{concept}",
                          source=case["source"],
                          ta_verdict="found" if present else "not_found", ta_codes=(),
                          verdict="found" if match.found else "not_found", codes=(),
                          text=match.evidence or "")
