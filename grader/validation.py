"""Turns pydantic validation errors into located messages with "did you mean" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from grader.errors import InputError
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
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # Drop pydantic's union-branch markers like 'str' or 'constrained-str'.
    loc = tuple(p for p in loc if p not in ("str", "int", "float", "dict[str,any]"))
    path = (*base, *loc)
    kind = err["type"]
    dotted = ".".join(str(p) for p in path) or "(top level)"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = did_you_mean(name, _allowed_fields(model, loc[:-1]))
        where = ".".join(map(str, path[:-1])) or "the top level"
        return doc.error(path, f"unknown field {name!r} in {where}; {hint}", cls=cls, key=True)
    if kind == "missing":
        return doc.error(path[:-1], f"required field {loc[-1]!r} is missing", cls=cls)
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
    return doc.error(path, f"{dotted}: {err['msg']}", expected, cls=cls)


MAX_UNKNOWN_ROUNDS = 10


@dataclass(frozen=True)
class UnknownKey:
    """A key the model does not have: its dotted path, where it is, the closest known path."""

    path: str
    line: int | None
    column: int | None
    suggestion: str | None


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
            extra = [e for e in exc.errors() if e["type"] == "extra_forbidden"]
            if not extra:
                raise located_error(doc, exc, model=model, cls=cls) from None
            for err in extra:
                loc = tuple(err["loc"])
                parent = data
                for part in loc[:-1]:
                    parent = parent[part]
                parent.pop(loc[-1], None)
                pos = doc.position(loc, key=True)
                close = difflib.get_close_matches(str(loc[-1]),
                                                  _allowed_fields(model, loc[:-1]), n=1)
                unknown.append(UnknownKey(".".join(map(str, loc)), pos.line if pos else None,
                                          pos.column if pos else None,
                                          ".".join([*map(str, loc[:-1]), close[0]])
                                          if close else None))
    return model.model_validate(data), unknown
