"""The form of a rubric: one field per answer the template asks for, grouped by question,
each with what it holds in the student's language; and the YAML a filled form becomes.

Pure functions of the rubric (no web framework): the page renders the form, the grading
workers use the same fields to know which paths may be read one at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from grader.fields import field_note, model_in
from grader.i18n import Lang
from grader.kinds import get_kind
from grader.rubric import Rubric

__all__ = ["FormField", "FormQuestion", "field_paths", "form_of", "submission_text"]

FieldKind = Literal["number", "formula", "essay"]

_OPTIONAL = frozenset({"weights", "biases", "bn_params", "macs", "layers"})
"""Fields the template leaves commented out (a network's total is what is asked) and the
per-layer breakdown: a file may carry them, the form does not ask for them."""

MAX_FIELD_CHARS = 20_000
"""The longest answer one field of the page takes (an essay); the whole file is bounded
by the body limit."""


@dataclass(frozen=True)
class FormField:
    """One answer: its dotted path (as in the report), its label and note, its kind."""

    path: str
    label: str
    note: str
    kind: FieldKind


@dataclass(frozen=True)
class FormQuestion:
    """A question's fields under its title."""

    id: str
    title: str
    fields: tuple[FormField, ...]


def _is_number(annotation: Any) -> bool:
    if annotation is int or annotation is float:
        return True
    return any(_is_number(arg) for arg in getattr(annotation, "__args__", ()) or ())


def _fields(model: type[BaseModel], prefix: tuple[str, ...], lang: Lang) -> list[FormField]:
    out: list[FormField] = []
    for name, info in model.model_fields.items():
        if name in _OPTIONAL:
            continue
        inner = model_in(info.annotation)
        path = (*prefix, name)
        if inner is not None:
            out += _fields(inner, path, lang)
            continue
        out.append(FormField(path=".".join(path), label=".".join(path[1:]),
                             note=field_note(info, lang) or "",
                             kind="number" if _is_number(info.annotation) else "formula"))
    return out


@lru_cache(maxsize=16)
def form_of(rubric: Rubric, lang: Lang) -> tuple[FormQuestion, ...]:
    """The form of `rubric` in `lang`, in rubric order."""
    questions: list[FormQuestion] = []
    for q in rubric.questions:
        model = model_in(get_kind(q.kind).answer_model(q))
        fields: tuple[FormField, ...]
        if model is None:
            fields = (FormField(path=q.id, label=q.id, note="", kind="essay"),)
        else:
            fields = tuple(_fields(model, (q.id,), lang))
        questions.append(FormQuestion(id=q.id, title=q.title_in(lang), fields=fields))
    return tuple(questions)


def field_paths(rubric: Rubric) -> dict[str, FieldKind]:
    """Every path of the form with its kind."""
    return {f.path: f.kind for q in form_of(rubric, "en") for f in q.fields}


def submission_text(rubric: Rubric, answers: Mapping[str, str], *,
                    student_id: str | None = None, name: str | None = None) -> str:
    """The YAML of a filled form: every value a quoted string (the YAML dumper quotes what
    needs it), nested by path. Paths not in the form are left out."""
    known = field_paths(rubric)
    tree: dict[str, Any] = {}
    for path, text in answers.items():
        if path not in known or not text.strip():
            continue
        node = tree
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = text
    data: dict[str, Any] = {"assignment": rubric.id}
    if student_id or name:
        data["student"] = {"id": student_id or "", "name": name or ""}
    data["answers"] = tree
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_style=None,
                          width=1_000_000)
