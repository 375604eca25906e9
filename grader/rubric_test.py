"""Rubric self-tests: a rubric's `examples:` graded and compared with what they expect.

Like STACK's question tests, each example is a small submission and the verdicts (and
diagnosis codes, and optionally scores) its items must get::

    examples:
      - name: bias omitted
        answers:
          network_counts: {alexnet: {params: 60954656}}
        expect:
          network_counts.alexnet.params: {verdict: partial, codes: [bias_omitted]}

`codes` are compared as a set (order is presentation); an empty list means "no
diagnosis". Pure logic: the command module renders the results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from grader.errors import InputError, RubricError
from grader.report import Report, Verdict
from grader.rubric import Rubric
from grader.validation import did_you_mean
from grader.yamlsafe import Document

__all__ = [
    "CheckResult",
    "Example",
    "check_examples",
    "example_models",
    "run_examples",
    "summary",
]


class Expectation(BaseModel):
    """What one item of an example must get; absent keys are not checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    verdict: Verdict | None = None
    codes: list[str] | None = None
    score: float | None = None


class Example(BaseModel):
    """One self-test of a rubric."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(min_length=1)
    answers: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, Expectation] = Field(min_length=1)


@dataclass(frozen=True)
class CheckResult:
    """One expectation of one example: what was wanted, what happened."""

    rubric: str
    example: str
    path: str
    expected: str
    actual: str
    passed: bool


def _doc_for(rubric: Rubric, doc: Document | None) -> Document:
    return doc if doc is not None else Document(data={}, file=rubric.source or rubric.id)


def example_models(rubric: Rubric, doc: Document | None = None) -> list[Example]:
    """The rubric's examples validated (shape and answers); RubricError located in `doc`."""
    from grader.submission import parse_submission
    from grader.validation import validate

    document = _doc_for(rubric, doc)
    examples: list[Example] = []
    names: set[str] = set()
    for index, raw in enumerate(rubric.examples):
        base: tuple[str | int, ...] = ("examples", index)
        example: Example = validate(document, Example, raw, base=base, cls=RubricError)
        if example.name in names:
            raise document.error((*base, "name"), f"example name {example.name!r} appears twice",
                                 cls=RubricError)
        names.add(example.name)
        sub_doc = _sub_document(document, base, rubric, example)
        try:
            parse_submission(sub_doc, rubric, strict=True)
        except InputError as exc:
            raise RubricError(f"example {example.name!r}: {exc.message}", file=exc.file,
                              line=exc.line, column=exc.column, expected=exc.expected) from None
        examples.append(example)
    return examples


def _sub_document(doc: Document, base: tuple[str | int, ...], rubric: Rubric,
                  example: Example) -> Document:
    """The example's answers as a submission document whose positions point into the rubric."""
    positions = {("answers", *path[len(base) + 1:]): pos for path, pos in doc.positions.items()
                 if path[:len(base) + 1] == (*base, "answers")}
    keys = {("answers", *path[len(base) + 1:]): pos for path, pos in doc.key_positions.items()
            if path[:len(base) + 1] == (*base, "answers")}
    if base in doc.positions:
        positions.setdefault((), doc.positions[base])
    return Document(data={"assignment": rubric.id, "answers": example.answers}, file=doc.file,
                    positions=positions, key_positions=keys)


def check_examples(rubric: Rubric, examples: Sequence[Example]) -> list[CheckResult]:
    """Grade each example and compare every expectation with the report."""
    from grader.engine import grade
    from grader.report import Student
    from grader.submission import Submission, parse_submission

    results: list[CheckResult] = []
    for example in examples:
        doc = Document(data={"assignment": rubric.id, "answers": example.answers},
                       file=f"{rubric.source}#{example.name}")
        parsed = parse_submission(doc, rubric, strict=True)
        submission = Submission(assignment=rubric.id, student=Student(id=example.name),
                                answers=parsed.answers, file=doc.file)
        report = grade(rubric, submission)
        for path, want in example.expect.items():
            results.append(_compare(rubric.id, example.name, path, want, report))
    return results


def run_examples(rubric: Rubric, doc: Document | None = None) -> list[CheckResult]:
    """Validate and check every example of `rubric` (RubricError when one is malformed)."""
    return check_examples(rubric, example_models(rubric, doc))


def _describe(verdict: str | None, codes: Sequence[str] | None, score: float | None) -> str:
    parts = []
    if verdict is not None:
        parts.append(verdict)
    if codes is not None:
        parts.append("[" + ", ".join(codes) + "]")
    if score is not None:
        parts.append(f"{score:g} pts")
    return " ".join(parts)


def _compare(rubric_id: str, name: str, path: str, want: Expectation,
             report: Report) -> CheckResult:
    items = {item.path: item for item in report.items()}
    wanted = _describe(want.verdict.value if want.verdict else None, want.codes, want.score)
    item = items.get(path)
    if item is None:
        return CheckResult(rubric_id, name, path, wanted,
                           f"no such item; {did_you_mean(path, items)}", False)
    codes = [d.code for d in item.diagnoses]
    passed = ((want.verdict is None or item.verdict is want.verdict)
              and (want.codes is None or sorted(set(codes)) == sorted(set(want.codes)))
              and (want.score is None or abs(item.score - want.score) < 1e-9))
    actual = _describe(item.verdict.value, codes if want.codes is not None else None,
                       item.score if want.score is not None else None)
    return CheckResult(rubric_id, name, path, wanted, actual, passed)


def summary(results: Sequence[CheckResult]) -> tuple[int, int]:
    """(passed, total)."""
    return sum(r.passed for r in results), len(results)

