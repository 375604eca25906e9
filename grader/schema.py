"""The JSON Schema of a submission, for editors' YAML language servers (`grader schema`).

Built from the same pydantic models the grader validates with, then made to read well and
to agree with the grader:

* every definition inlined (no `$ref`), no `anyOf`-with-null: a blank field (`neurons:` in
  the template) is allowed as `null` inside the field's own `type`;
* every answer is any YAML scalar — the grader reads scalars as text, so an unquoted
  `2023001` or `0.4` is accepted by both;
* descriptions in the student's language (the fields' catalogue notes), `assignment` fixed
  to the rubric's id, and each network's layer names listed for its `layers` breakdown.
"""

from __future__ import annotations

from typing import Any

from grader.fields import NOTE, note_of
from grader.i18n import Lang, t
from grader.rubric import Rubric

__all__ = ["DIALECT", "schema_id", "submission_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SCALAR = ["string", "number", "integer", "boolean", "null"]
"""What YAML can make of a scalar the grader reads as text."""


def schema_id(rubric: Rubric, lang: Lang) -> str:
    """A stable identifier of the schema of `rubric` in `lang`."""
    return f"urn:grader:submission:{rubric.id}:{lang}"


def submission_schema(rubric: Rubric, lang: Lang) -> dict[str, Any]:
    """The JSON Schema of a submission to `rubric`, described in `lang`."""
    from grader.submission import submission_model

    raw = submission_model(rubric).model_json_schema()
    defs = raw.pop("$defs", {})
    body = _tidy(_inline(raw, defs), lang)
    props = body["properties"]
    props["assignment"] = {"const": rubric.id, "description": t("field.assignment", lang)}
    props["student"] = _student(lang)
    props["answers"]["description"] = t("field.answers", lang)
    for q in rubric.questions:
        question = props["answers"]["properties"].get(q.id)
        if isinstance(question, dict):
            question["description"] = q.title_in(lang)
    _layer_names(rubric, props["answers"])
    return {
        "$schema": DIALECT,
        "$id": schema_id(rubric, lang),
        "title": t("schema.title", lang, rubric=rubric.id),
        "description": rubric.title.get(lang) or rubric.id,
        **{k: v for k, v in body.items() if k not in ("title", "description")},
        "examples": [{"assignment": rubric.id, "student": {"id": "2023001", "name": "张三"},
                      "answers": {}}],
    }


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with every `$ref` to `#/$defs/...` replaced by a copy of its definition."""
    if isinstance(node, list):
        return [_inline(x, defs) for x in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = _inline(defs[ref.rsplit("/", 1)[1]], defs)
        extra = {k: v for k, v in node.items() if k != "$ref"}
        return {**target, **_inline(extra, defs)}
    return {k: _inline(v, defs) for k, v in node.items()}


def _tidy(node: Any, lang: Lang) -> Any:
    """Nullable unions folded into `type`, scalars widened, notes said in `lang`, pydantic's
    generated titles and defaults dropped."""
    if isinstance(node, list):
        return [_tidy(x, lang) for x in node]
    if not isinstance(node, dict):
        return node
    note = note_of(node)
    # English descriptions (docstrings, developers' notes) give way to the catalogue's
    out = {k: _tidy(v, lang) for k, v in node.items()
           if k not in (NOTE, "title", "default", "description")}
    if note is not None:
        key, params = note
        out["description"] = t(key, lang, **{k: t(v[1:], lang) if v.startswith("@") else v
                                              for k, v in params.items()})
    branches = out.get("anyOf")
    if isinstance(branches, list):
        objects = [b for b in branches if b.get("type") == "object" or "properties" in b
                   or "additionalProperties" in b]
        if objects:
            merged = {**objects[0]}
            merged["type"] = ["object", "null"]
            del out["anyOf"]
            out = {**merged, **{k: v for k, v in out.items() if k != "anyOf"}}
        else:
            del out["anyOf"]
            out["type"] = list(_SCALAR)
    elif out.get("type") in ("string", "number", "integer"):
        out["type"] = list(_SCALAR)
    return out


def _student(lang: Lang) -> dict[str, Any]:
    return {
        "type": ["object", "null"],
        "description": t("field.student", lang),
        "additionalProperties": False,
        "properties": {
            "id": {"type": list(_SCALAR), "description": t("field.student.id", lang)},
            "name": {"type": list(_SCALAR), "description": t("field.student.name", lang)},
        },
    }


def _layer_names(rubric: Rubric, answers: dict[str, Any]) -> None:
    """List the layer names of each network (and its accepted variants) under `layers`."""
    from reference.engine import analyse

    for q in rubric.questions:
        variants_of = getattr(q.params, "variants_of", None)
        question = answers.get("properties", {}).get(q.id)
        if variants_of is None or not isinstance(question, dict):
            continue
        for network, node in question.get("properties", {}).items():
            layers = node.get("properties", {}).get("layers")
            if not isinstance(layers, dict):
                continue
            names: list[str] = []
            for net in (network, *variants_of(network)):
                names += [n for n in analyse(net).layer_names() if n not in names]
            layers["propertyNames"] = {"enum": names}
