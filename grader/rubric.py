"""Rubrics: which questions an assignment has, how each is graded, and what is revealed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from grader.errors import InputError, RubricError
from grader.i18n import Lang
from grader.kinds import get_kind, kind_names
from grader.question import KindParams, Question
from grader.validation import did_you_mean, validate
from grader.variants import ParametersSpec
from grader.yamlsafe import Document, load_yaml_file

MAX_POINTS = 10_000
"""Most points one question may carry (a bound, so sums and statistics stay finite)."""

__all__ = ["MAX_POINTS", "Question", "Rubric", "builtin_rubric_dir", "find_rubric", "load_rubric"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Title(_Frozen):
    """A title in both languages."""

    zh: str
    en: str


class _QuestionFile(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: str
    title: Title
    points: float = Field(1.0, ge=0, le=MAX_POINTS)
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in kind_names():
            raise ValueError(f"unknown kind {v!r}; {did_you_mean(v, kind_names())}")
        return v


class _RubricFile(_Frozen):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: Title
    lang: Lang | None = None
    """Report language; unset, the environment's (LANG), else Chinese."""
    reveal: bool = False
    questions: list[_QuestionFile]
    examples: list[dict[str, Any]] = Field(default_factory=list)
    parameters: ParametersSpec | None = None
    """Per-student parameters (`grader.variants`): each student grades against their own."""


@dataclass(frozen=True, eq=False)
class Rubric:
    """A whole assignment's grading rules (compared by identity: caches key on it)."""

    id: str
    title: Mapping[str, str]
    lang: Lang | None
    reveal: bool
    questions: tuple[Question[KindParams], ...]
    examples: tuple[dict[str, Any], ...] = ()
    source: str = ""
    parameters: ParametersSpec | None = None
    """Per-student parameters: `grader.variants.personalise` makes the rubric a student's."""

    def question(self, qid: str) -> Question[KindParams]:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def load_rubric(path: str | Path) -> Rubric:
    """Read, validate and resolve a rubric file."""
    doc = load_yaml_file(path, cls=RubricError)
    return rubric_from_document(doc)


def rubric_from_document(doc: Document) -> Rubric:
    """Validate a parsed rubric document, each question's params by its kind."""
    if not isinstance(doc.data, dict):
        raise doc.error((), "a rubric must be a mapping", "keys id, title, questions",
                        cls=RubricError)
    raw: _RubricFile = validate(doc, _RubricFile, doc.data, cls=RubricError)
    seen: set[str] = set()
    questions: list[Question[KindParams]] = []
    for index, q in enumerate(raw.questions):
        if q.id in seen:
            raise doc.error(("questions", index, "id"), f"question id {q.id!r} appears twice",
                            cls=RubricError)
        seen.add(q.id)
        kind = get_kind(q.kind)
        params = validate(doc, kind.params_model, q.params,
                          base=("questions", index, "params"), cls=RubricError)
        questions.append(Question(id=q.id, kind=q.kind, title=q.title.model_dump(),
                                  points=q.points, params=params))
    if raw.parameters is not None:
        from grader.variants import check_targets

        problem = check_targets(raw.parameters, questions)
        if problem is not None:
            raise doc.error(("parameters",), problem, cls=RubricError)
    return Rubric(id=raw.id, title=raw.title.model_dump(), lang=raw.lang, reveal=raw.reveal,
                  questions=tuple(questions), examples=tuple(raw.examples), source=doc.file,
                  parameters=raw.parameters)


@cache
def builtin_rubric_dir() -> Path:
    """Where the shipped rubrics live: inside the wheel, or the source checkout's `rubrics/`."""
    installed = Path(__file__).parent / "_rubrics"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rubrics"


def builtin_rubric_ids() -> tuple[str, ...]:
    """Ids of the shipped rubrics."""
    return tuple(sorted(p.stem for p in builtin_rubric_dir().glob("*.yaml")))


@cache
def _load_builtin(path: str) -> Rubric:
    return load_rubric(path)


def find_rubric(path_or_id: str) -> Rubric:
    """A rubric by file path, or by id among the shipped ones (cached)."""
    candidate = Path(path_or_id)
    # Only something that looks like a path is read as one: a stray file called `ch3`
    # in the working directory must not shadow the shipped rubric.
    if candidate.suffix in (".yaml", ".yml") or len(candidate.parts) > 1:
        return load_rubric(candidate)
    builtin = builtin_rubric_dir() / f"{path_or_id}.yaml"
    if builtin.is_file():
        return _load_builtin(str(builtin))
    raise InputError(f"no rubric {path_or_id!r}; {did_you_mean(path_or_id, builtin_rubric_ids())}",
                     file=path_or_id, expected="a rubric file or a shipped rubric id")
