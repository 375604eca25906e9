"""Turns pydantic validation errors into located messages with "did you mean" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from grader.errors import InputError, RubricError
from grader.yamlsafe import Document, PathKey

__all__ = ["UnknownKey", "did_you_mean", "located_error", "validate", "validate_lenient"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or a list of the valid ones."""
    options = sorted(set(choices))
    folded = {o.lower(): o for o in options}
    if word.lower() in folded:  # FC6 for fc6
        return f"did you mean {folded[word.lower()]!r}?"
    scored = sorted((-difflib.SequenceMatcher(None, word.lower(), c).ratio(), c)
                    for c in folded)
    # The best match, and any as good (fc1 is as near to fc6 as to fc8).
    close = [c for score, c in scored if score <= -0.6 and score <= scored[0][0] + 0.01][:3]
    if close:
        names = [repr(folded[c]) for c in close]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"did you mean {listed}?"
    shown = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    return f"valid names: {shown}" if options else "nothing is allowed here"


def _allowed_fields(model: Any, loc: tuple[str | int, ...]) -> list[str]:
    """Field names (aliases) allowed at `loc` inside `model`, for suggestions."""
    current = model
    for part in loc:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _unwrap(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    # Optional[Model] and Model | None: find the model inside.
    args = getattr(annotation, "__args__", None)
    if args:
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return annotation


def located_error(
    doc: Document,
    exc: ValidationError,
    *,
    model: Any,
    base: PathKey = (),
    cls: type[InputError] = InputError,
) -> InputError:
    """The first validation error of `exc`, located in `doc` and phrased for a person."""
    err = exc.errors()[0]
    loc = _clean_loc(err)  # without pydantic's union-branch and validator markers
    path = (*base, *loc)
    kind = err["type"]
    dotted = ".".join(str(p) for p in path) or "(top level)"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1])
        hint = did_you_mean(name, allowed)
        where = ".".join(map(str, path[:-1])) or "the top level"
        close = difflib.get_close_matches(name, allowed, n=1)
        msg_key: str | None
        params: dict[str, object] | None
        msg_key, params = (("input.unknown_field.suggest",
                            {"path": dotted, "suggestion": ".".join(
                                [*map(str, path[:-1]), close[0]])}) if close
                           else ("input.unknown_field", {"path": dotted}))
        if issubclass(cls, RubricError):
            return doc.error(path, f"unknown field {name!r} in {where}; {hint}", cls=cls,
                             key=True)
        return doc.error(path, f"unknown field {name!r} in {where}; {hint}", cls=cls, key=True,
                         msg_key=msg_key, params=params)
    if kind == "missing":
        return doc.error(path[:-1], f"required field {loc[-1]!r} is missing", cls=cls,
                         msg_key="input.value.missing_field", params={"field": str(loc[-1])})

    # A student's file gets the catalogue's words; a TA's rubric keeps pydantic's detail.
    msg_key, params = ((None, None) if issubclass(cls, RubricError)
                       else _wording(kind, err, dotted, _allowed_fields(model, loc)))
    expected = {
        "string_type": "a single value (text or number), not a list or mapping",
        "dict_type": "a mapping of fields",
        "model_type": "a mapping of fields",
        "list_type": "a list",
        "float_type": "a number",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "literal_error": None,
    }.get(kind)
    return doc.error(path, f"{dotted}: {err['msg']}", expected, cls=cls, msg_key=msg_key,
                     params=params)


def _wording(kind: str, err: Any, dotted: str, fields: list[str]
             ) -> tuple[str, dict[str, object]]:
    """The catalogue message for a value of the wrong shape (never pydantic's words)."""
    if kind in ("dict_type", "model_type") and fields:
        return "input.value.mapping", {
            "path": dotted, "fields": ", ".join(fields),
            "example": ", ".join(f"{f}: …" for f in fields[:3])}
    if kind == "string_type":
        return "input.value.single", {"path": dotted}
    if kind == "list_type":
        return "input.value.list", {"path": dotted}
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        return "input.value.number", {"path": dotted}
    if kind == "literal_error":
        allowed = str((err.get("ctx") or {}).get("expected", ""))
        return "input.value.choice", {"path": dotted, "allowed": allowed}
    return "input.value.invalid", {"path": dotted}


MAX_UNKNOWN_ROUNDS = 10


@dataclass(frozen=True)
class UnknownKey:
    """A key the model does not have (its dotted path, where it is, the closest known
    path), or, with `problem`, a value of the wrong shape set aside (the catalogue message
    saying what was expected, and its parameters)."""

    path: str
    line: int | None
    column: int | None
    suggestion: str | None
    problem: str | None = None
    params: tuple[tuple[str, str], ...] = ()


def _set_aside(loc: tuple[str | int, ...]) -> bool:
    """A misshapen value that can be reported while the rest is graded: the student's
    details, or one question's answer or part of it (not `answers` as a whole)."""
    return bool(loc) and (loc[0] == "student" or (loc[0] == "answers" and len(loc) >= 2))


def _clean_loc(err: Any) -> tuple[str | int, ...]:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    return tuple(p for p in loc if p not in ("str", "int", "float", "dict[str,any]"))


def validate(doc: Document, model: Any, data: Any, *, base: PathKey = (),
             cls: type[InputError] = InputError) -> Any:
    """`model.model_validate(data)`, with errors located in `doc`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise located_error(doc, exc, model=model, base=base, cls=cls) from None


def validate_lenient(doc: Document, model: Any, data: Any, *,
                     cls: type[InputError] = InputError) -> tuple[Any, list[UnknownKey]]:
    """Like `validate`, but unknown keys are set aside (all of them, each located, with the
    closest known name) and the rest validated; other errors raise as in `validate`."""
    import copy

    data = copy.deepcopy(data)
    unknown: list[UnknownKey] = []
    for _ in range(MAX_UNKNOWN_ROUNDS):
        try:
            return model.model_validate(data), unknown
        except ValidationError as exc:
            errors = exc.errors()
            extra = [e for e in errors if e["type"] == "extra_forbidden"]
            misshapen = [e for e in errors if e["type"] not in ("extra_forbidden", "missing")
                         and _set_aside(_clean_loc(e))]
            if len(extra) + len(misshapen) < len(errors):
                raise located_error(doc, exc, model=model, cls=cls) from None
            done: set[tuple[str | int, ...]] = set()
            for err in misshapen:
                loc = _clean_loc(err)
                if loc in done:
                    continue  # the other branches of a union, already set aside
                done.add(loc)
                if not _pop(data, loc):
                    raise located_error(doc, exc, model=model, cls=cls) from None
                dotted = ".".join(map(str, loc))
                key, params = _wording(err["type"], err, dotted, _allowed_fields(model, loc))
                pos = doc.position(loc)
                unknown.append(UnknownKey(dotted, pos.line if pos else None,
                                          pos.column if pos else None, None, key,
                                          tuple((k, str(v)) for k, v in params.items())))
            for err in extra:
                loc = tuple(err["loc"])
                _pop(data, loc)
                pos = doc.position(loc, key=True)
                close = difflib.get_close_matches(str(loc[-1]),
                                                  _allowed_fields(model, loc[:-1]), n=1)
                unknown.append(UnknownKey(".".join(map(str, loc)), pos.line if pos else None,
                                          pos.column if pos else None,
                                          ".".join([*map(str, loc[:-1]), close[0]])
                                          if close else None))
    return model.model_validate(data), unknown


def _pop(data: Any, loc: tuple[str | int, ...]) -> bool:
    """Remove the value at `loc` from nested mappings; False when there is none to remove."""
    parent = data
    for part in loc[:-1]:
        if not isinstance(parent, dict) or part not in parent:
            return False
        parent = parent[part]
    if not isinstance(parent, dict) or loc[-1] not in parent:
        return False
    del parent[loc[-1]]
    return True
