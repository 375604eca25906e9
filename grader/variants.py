"""Per-student variants: a rubric's parameters, each student's draw, the rubric made theirs.

A rubric may declare parameters that vary per student::

    parameters:
      seed: aics-2026-fall
      vary:
        - {name: input_size, kind: input_size, choices: [224, 227, 192, 256]}
        - {name: classes, kind: classes, choices: [1000, 100, 10]}
        - {name: threshold, kind: threshold, choices: ["0.3", "0.4", "0.5"]}

A student's value of a parameter is a documented, version-stable function of (seed, student
id, parameter name): the first 8 bytes of SHA-256 over `seed NUL id NUL name`, as a big-endian
integer, modulo the number of choices — so next year's sheets are this year's when the seed
is kept. Each parameter kind says how it changes the questions (a registry, not if-chains):
an input size and a class count change every per-network question's networks, a threshold
changes the detection questions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from grader.question import Question

__all__ = ["KINDS", "ParameterSpec", "ParametersSpec", "check_targets", "draw", "parameters_for",
           "personalise"]

Kind = Literal["input_size", "classes", "threshold", "layer_field"]


class LayerTarget(BaseModel):
    """Where a `layer_field` parameter goes: a field of a layer of a `layer_counts` stack."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    question: str
    stack: str = "main"
    layer: str
    field: Literal["out_channels", "kernel", "stride", "padding", "out_features"]


_THRESHOLD = re.compile(r"0(\.\d{1,6})?|1(\.0{1,6})?")


class ParameterSpec(BaseModel):
    """One parameter: its name, what it changes, its choices (and, for `layer_field`,
    which layer field of which stack)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Kind
    choices: tuple[int | str, ...] = Field(min_length=1, max_length=100)
    target: LayerTarget | None = None


class ParametersSpec(BaseModel):
    """A rubric's `parameters:`: the course seed and what varies."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    seed: str = Field(min_length=1, max_length=200)
    vary: tuple[ParameterSpec, ...] = Field(min_length=1)

    @field_validator("vary")
    @classmethod
    def _unique(cls, v: tuple[ParameterSpec, ...]) -> tuple[ParameterSpec, ...]:
        kinds = [p.kind for p in v if p.kind != "layer_field"]
        if len(set(kinds)) != len(kinds) or len({p.name for p in v}) != len(v):
            raise ValueError("each parameter name once, and each kind but layer_field once")
        for p in v:
            if (p.kind == "layer_field") != (p.target is not None):
                raise ValueError(f"{p.name}: a `target` is given exactly for layer_field")
            if p.kind == "threshold" and not all(_THRESHOLD.fullmatch(str(c))
                                                 for c in p.choices):
                raise ValueError(f"{p.name}: a threshold is a decimal from 0 to 1, "
                                 "written as text (\"0.4\")")
            if p.kind in ("input_size", "classes") and not all(
                    str(c).isdigit() and 0 < int(c) <= 100_000 for c in p.choices):
                raise ValueError(f"{p.name}: {p.kind} takes whole numbers from 1 to 100000")
        return v


def check_targets(spec: ParametersSpec, questions: Any) -> str | None:
    """Why a parameter cannot apply to these questions (None when all can): a `layer_field`
    naming no such layer, or a threshold below a detection question's own (the rows under
    it were never transcribed)."""
    by_id = {q.id: q for q in questions}
    for p in spec.vary:
        if p.kind == "threshold":
            for q in by_id.values():
                if q.kind != "detection_metrics" or q.params.threshold is None:
                    continue
                floor = Fraction(str(q.params.threshold))
                low = [c for c in p.choices if Fraction(str(c)) < floor]
                if low:
                    return (f"{p.name}: choice {low[0]} is below question {q.id!r}'s threshold "
                            f"{q.params.threshold}; its table lists no detections under it")
        t = p.target
        if t is None:
            continue
        q = by_id.get(t.question)
        if q is None or q.kind != "layer_counts":
            return f"{p.name}: no layer_counts question {t.question!r}"
        stack = q.params.stacks.get(t.stack)
        names = [e.get("name") for e in (stack.layers or [])] if stack is not None else []
        if t.layer not in names:
            return f"{p.name}: no layer {t.layer!r} in stack {t.stack!r} of {t.question!r}"
        if not all(str(c).isdigit() and 0 < int(c) <= 100_000 for c in p.choices):
            return f"{p.name}: a layer field takes whole numbers from 1 to 100000"
    return None


def draw(seed: str, student_id: str, name: str, choices: int) -> int:
    """The index of a student's choice (see the module's docstring; stable across versions)."""
    digest = hashlib.sha256(f"{seed}\x00{student_id}\x00{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % choices


def parameters_for(spec: ParametersSpec, student_id: str) -> dict[str, int | str]:
    """Every parameter's value for `student_id`, by name, in declaration order."""
    return {p.name: p.choices[draw(spec.seed, student_id, p.name, len(p.choices))]
            for p in spec.vary}


# --------------------------------------------------------------------- what each kind changes

def _network_suffix(values: Mapping[Kind, int | str]) -> str:
    from reference.variant_ids import variant_id

    side = values.get("input_size")
    classes = values.get("classes")
    return variant_id("", (3, int(side), int(side)) if side is not None else None,
                      int(classes) if classes is not None else None)


def _per_network(question: Question[Any], values: Mapping[Kind, int | str]) -> Question[Any]:
    suffix = _network_suffix(values)
    if not suffix or not hasattr(question.params, "personal"):
        return question
    return replace(question, params=question.params.model_copy(update={"personal": suffix}))


def _threshold(question: Question[Any], values: Mapping[Kind, int | str]) -> Question[Any]:
    value = values.get("threshold")
    if value is None or question.kind != "detection_metrics":
        return question
    return replace(question, params=question.params.model_copy(
        update={"threshold": str(value), "textbook_threshold": question.params.threshold}))


def _layer_field(question: Question[Any], spec: ParameterSpec, value: int | str
                 ) -> Question[Any]:
    """A field of one layer of a `layer_counts` stack set to the student's value."""
    target = spec.target
    if target is None or question.id != target.question or question.kind != "layer_counts":
        return question
    stacks = dict(question.params.stacks)
    stack = stacks[target.stack]
    layers = [dict(entry, **{target.field: int(value)}) if entry.get("name") == target.layer
              else entry for entry in stack.layers or []]
    stacks[target.stack] = type(stack).model_validate(
        {"input": stack.input, "layers": layers})
    return replace(question, params=question.params.model_copy(update={"stacks": stacks}))


KINDS: dict[Kind, Callable[[Question[Any], Mapping[Kind, int | str]], Question[Any]]] = {
    "input_size": _per_network,
    "classes": _per_network,
    "threshold": _threshold,
}
"""How each parameter kind that acts on a whole question makes it the student's (applied
once per kind present); `layer_field` parameters act one by one (`_layer_field`)."""


@lru_cache(maxsize=4096)
def _personalised(rubric: Any, student_id: str) -> Any:
    spec: ParametersSpec = rubric.parameters
    values: dict[Kind, int | str] = {}
    fields: list[tuple[ParameterSpec, int | str]] = []
    for p in spec.vary:
        value = p.choices[draw(spec.seed, student_id, p.name, len(p.choices))]
        if p.kind == "layer_field":
            fields.append((p, value))
        else:
            values[p.kind] = value
    changes = list(dict.fromkeys(KINDS[k] for k in values))
    questions = []
    for question in rubric.questions:
        for change in changes:
            question = change(question, values)
        for p, value in fields:
            question = _layer_field(question, p, value)
        questions.append(question)
    return replace(rubric, questions=tuple(questions))


def personalise(rubric: Any, student_id: str) -> Any:
    """`rubric` as `student_id`'s: every question computed with their parameters (`rubric`
    itself when it declares none)."""
    if getattr(rubric, "parameters", None) is None:
        return rubric
    return _personalised(rubric, student_id)
