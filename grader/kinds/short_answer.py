"""Kind `short_answer`: essays, never judged automatically, but pre-read for a TA.

The rubric lists the key concepts of a good answer, each with synonyms in Chinese and
English. The verdict is always `needs_review` (or `missing`); the item's score is a
*suggested* score, the weighted share of concepts found × points rounded to 0.5, and the
diagnoses say which concepts were found (`needs_review`) and which not (`concepts_missing`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from grader.fields import Text
from grader.freetext import Concept, ConceptMatch, match_concepts, suggested_score, text_length
from grader.items import item_result, missing_item
from grader.kinds.base import QuestionKind
from grader.numeric import StudentNumbers
from grader.question import KindParams, Question
from grader.report import Diagnosis, QuestionReport, Verdict

__all__ = ["KIND", "ConceptSpec", "ShortAnswerParams", "concepts_of"]


MAX_ESSAY_CHARS = 20_000
"""Characters of an essay searched for concepts; the rest is left to the TA's reading."""


class Label(KindParams):
    """A concept's name in both report languages."""

    zh: str
    en: str


class ConceptSpec(KindParams):
    """One key concept: its id, its label, the ways of writing it, and its weight."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    synonyms: list[str] = Field(min_length=1)
    weight: float = Field(1.0, gt=0)

    @field_validator("synonyms")
    @classmethod
    def _meaningful(cls, v: list[str]) -> list[str]:
        from grader.freetext import normalise

        for s in v:
            if not normalise(s):
                raise ValueError(f"synonym {s!r} is empty after normalisation")
        return v


class ShortAnswerParams(KindParams):
    """Rubric parameters of a `short_answer` question."""

    concepts: list[ConceptSpec] = Field(default_factory=list)
    min_length: int = Field(0, ge=0, description="fewest characters (spaces not counted)")
    ignore: list[str] = Field(default_factory=list, description=(
        "phrases naming what the question is about (生成对抗网络), taken out of an answer "
        "before matching so that a concept's synonym inside them does not count"))

    @field_validator("concepts")
    @classmethod
    def _unique(cls, v: list[ConceptSpec]) -> list[ConceptSpec]:
        seen: set[str] = set()
        for c in v:
            if c.id in seen:
                raise ValueError(f"concept id {c.id!r} appears twice")
            seen.add(c.id)
        return v


def concepts_of(params: ShortAnswerParams) -> tuple[Concept, ...]:
    """The rubric's concepts as `grader.freetext` concepts (built once per rubric)."""
    held = _CONCEPTS.get(id(params))
    if held is not None and held[0] is params:
        return held[1]
    concepts = tuple(Concept(c.id, c.label.model_dump(), tuple(c.synonyms), c.weight)
                     for c in params.concepts)
    if len(_CONCEPTS) > 256:
        _CONCEPTS.clear()
    _CONCEPTS[id(params)] = (params, concepts)   # the params held: their id is not reused
    return concepts


_CONCEPTS: dict[int, tuple[ShortAnswerParams, tuple[Concept, ...]]] = {}


def concept_matches(params: ShortAnswerParams, text: str) -> tuple[ConceptMatch, ...]:
    """Which of the question's concepts `text` states (its ignored phrases taken out)."""
    return match_concepts(text[:MAX_ESSAY_CHARS], concepts_of(params), params.ignore)


def _labels(matches: list[ConceptMatch], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(m.concept.label[lang] for m in matches)


def _num(x: float) -> str:
    return f"{x:g}"


class ShortAnswerKind(QuestionKind[ShortAnswerParams]):
    """One item per question: the essay, with a suggested score for the TA."""

    name = "short_answer"
    params_model = ShortAnswerParams

    def answer_model(self, question: Question[ShortAnswerParams]) -> Any:
        return Text

    def grade(self, question: Question[ShortAnswerParams], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        params = question.params
        path = question.id
        expected = None  # an essay has no single expected text; the concepts are in diagnoses
        if answer is None or not str(answer).strip():
            item = missing_item(path, expected, question.points)
            return QuestionReport(id=question.id, title=question.title, items=(item,))
        text = str(answer)
        matches = concept_matches(params, text)  # cut at MAX_ESSAY_CHARS
        score = suggested_score(matches, question.points)
        found = [m for m in matches if m.found]
        missing = [m for m in matches if not m.found]
        diagnoses: list[Diagnosis] = []
        if missing:
            diagnoses.append(Diagnosis(
                code="concepts_missing", key="freetext.concepts_missing",
                params={"missing_zh": _labels(missing, "zh"), "missing_en": _labels(missing, "en"),
                        "missing": [m.concept.id for m in missing]}))
        if not matches:
            diagnoses.append(Diagnosis(code="needs_review", key="freetext.no_concepts"))
        else:
            key = "freetext.needs_review" if found else "freetext.needs_review_none"
            diagnoses.append(Diagnosis(
                code="needs_review", key=key,
                params={"found_zh": _labels(found, "zh"), "found_en": _labels(found, "en"),
                        "found": [m.concept.id for m in found],
                        "evidence": {m.concept.id: m.evidence for m in found},
                        "found_count": len(found), "total": len(matches),
                        "score": _num(score), "max_score": _num(question.points)}))
        if len(text) > MAX_ESSAY_CHARS:
            diagnoses.append(Diagnosis(code="needs_review", key="freetext.too_long",
                                       params={"length": len(text), "limit": MAX_ESSAY_CHARS},
                                       explains=False))
        length = text_length(text)
        if length < params.min_length:
            diagnoses.append(Diagnosis(code="needs_review", key="freetext.too_short",
                                       params={"length": length, "min_length": params.min_length},
                                       explains=False))
        credit = score / question.points if question.points else 0.0
        item = item_result(path, submitted=text, expected=expected, verdict=Verdict.NEEDS_REVIEW,
                           max_score=question.points, credit=credit, diagnoses=diagnoses)
        return QuestionReport(id=question.id, title=question.title, items=(item,))


KIND = ShortAnswerKind()
