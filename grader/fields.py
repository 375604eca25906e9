"""Field types shared by every kind's answer model, and the notes that say what a field
holds in the student's language (`grader template` comments, `grader schema` descriptions).

A field's `description` is English (for developers and tools); `noted()` adds the catalogue
message (`grader/messages/fields.py`) that says the same in any language, which
`field_note()` reads back.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo

from grader.i18n import Lang, t

__all__ = ["NOTE", "Text", "Value", "field_note", "model_in", "note_of", "noted"]

NOTE = "x-note"
"""The key under a field's JSON Schema extras that holds its catalogue message."""

Value = Annotated[
    str | int | float,
    Field(description="A number: 60,965,224 · 6.1e7 · 4/25 · 16% · 61.1M · 6110万 · 11*11*3*96+96"),
]
"""A numeric answer as the student wrote it; parsed later by `grader.values`."""

Text = Annotated[str, Field(description="Text, LaTeX or plain-text math")]
"""A formula or an essay."""


def noted(key: str, description: str | None = None, **params: str) -> dict[str, Any]:
    """`Field(...)` keywords: the catalogue message `key` (with `params`) saying what the
    field holds, and its English text as the description."""
    return {"description": description if description is not None else t(key, "en", **params),
            "json_schema_extra": {NOTE: {"key": key, "params": params}}}


def note_of(extra: Any) -> tuple[str, dict[str, str]] | None:
    """The catalogue message recorded by `noted()` in a field's (or a schema's) extras."""
    if not isinstance(extra, dict):
        return None
    found = extra.get(NOTE)
    if not isinstance(found, dict) or not isinstance(found.get("key"), str):
        return None
    params = found.get("params")
    return found["key"], dict(params) if isinstance(params, dict) else {}


def field_note(info: FieldInfo, lang: Lang) -> str | None:
    """What the field holds, in `lang`: its catalogue message, else its description."""
    found = note_of(info.json_schema_extra)
    if found is None:
        return info.description
    key, params = found
    return t(key, lang, **_localised(params, lang))


def _localised(params: dict[str, str], lang: Lang) -> dict[str, str]:
    """Parameters that are themselves catalogue keys (`@formula.what.lstm.forget_gate`)
    are said in `lang` too."""
    return {k: t(v[1:], lang) if v.startswith("@") else v for k, v in params.items()}


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The answer model a field's annotation holds (`Model | None`, `dict[str, Model]`, …),
    or None for a plain value: where a template or a form descends into nested fields."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = model_in(arg)
        if found is not None:
            return found
    return None
