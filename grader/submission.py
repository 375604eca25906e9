"""Submissions: the model of a student's YAML file, built from the rubric it answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from grader.errors import GraderError, InputError, SubmissionError
from grader.items import bounded
from grader.kinds import get_kind
from grader.report import Student, UnknownField
from grader.rubric import Rubric, builtin_rubric_ids, find_rubric
from grader.validation import UnknownKey, did_you_mean, validate, validate_lenient
from grader.yamlsafe import Document, load_yaml_file, load_yaml_text

__all__ = [
    "Submission",
    "load_submission",
    "parse_submission",
    "submission_model",
]

class _StudentModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str | None = Field(None, description="Student number")
    name: str | None = Field(None, description="Student name")


@dataclass(frozen=True)
class Submission:
    """A parsed, validated submission; `answers` holds each question's validated answer."""

    assignment: str
    student: Student
    answers: Mapping[str, Any]
    file: str = "<input>"
    document: Document | None = field(default=None, compare=False)
    unknown: tuple[UnknownField, ...] = ()
    """Keys the rubric does not have: reported, not graded; the rest is graded."""
    submitted_at: str | None = None
    """When the student says this attempt was handed in (ISO 8601), if they did."""


_MODELS: dict[int, tuple[Rubric, type[BaseModel]]] = {}


def _model_for(rubric: Rubric) -> type[BaseModel]:
    # Rubrics hold dicts and are not hashable; key on identity and keep the rubric alive.
    cached = _MODELS.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    model = _build_model(rubric)
    _MODELS[id(rubric)] = (rubric, model)
    return model


def _build_model(rubric: Rubric) -> type[BaseModel]:
    answer_fields: dict[str, Any] = {}
    for q in rubric.questions:
        answer_type = get_kind(q.kind).answer_model(q)
        answer_fields[q.id] = (answer_type | None, Field(None, description=q.title_in("en")))
    answers = create_model(
        "Answers", __config__=ConfigDict(frozen=True, extra="forbid"), **answer_fields)
    model: type[BaseModel] = create_model(
        "Submission",
        __config__=ConfigDict(frozen=True, extra="forbid",
                              json_schema_extra={"title": f"grader submission: {rubric.id}"}),
        assignment=(str, Field(description="Rubric id, e.g. ch3")),
        student=(_StudentModel | None, None),
        submitted_at=(str | None, Field(None, description=(
            "When this attempt was handed in (ISO 8601); `grader batch` keeps a student's "
            "latest attempt by it"))),
        answers=(answers, Field(default_factory=answers)),
    )
    return model


def submission_model(rubric: Rubric) -> type[BaseModel]:
    """The pydantic model (and so the JSON Schema) of a submission to `rubric`."""
    return _model_for(rubric)


def parse_submission(doc: Document, rubric: Rubric, *, strict: bool = False) -> Submission:
    """Validate a parsed YAML document against the submission model of `rubric`.

    Keys the rubric does not have are set aside and reported (`Submission.unknown`) while
    the rest is graded; `strict` (a rubric's own examples) refuses the first of them.
    """
    if not isinstance(doc.data, dict):
        raise doc.error((), "a submission must be a mapping", "keys assignment, student, answers",
                        cls=SubmissionError, msg_key="input.submission.mapping")
    model = submission_model(rubric)
    data = _blank_to_none(doc.data)
    if data.get("answers", {}) is None:
        del data["answers"]        # `answers:` left empty: every question is missing
    unknown: list[UnknownKey] = []
    if strict:
        parsed = validate(doc, model, data, cls=SubmissionError)
    else:
        parsed, unknown = validate_lenient(doc, model, data, cls=SubmissionError)
    if not strict:
        unknown += _answers_in_comments(doc, data.get("answers"), rubric)
    student = parsed.student
    answers = {q.id: getattr(parsed.answers, q.id) for q in rubric.questions}
    return Submission(
        assignment=parsed.assignment,
        student=Student(id=bounded(student.id) if student else None,
                        name=bounded(student.name) if student else None),
        answers=answers,
        file=doc.file,
        document=doc,
        submitted_at=bounded(str(parsed.submitted_at)) if parsed.submitted_at else None,
        unknown=tuple(UnknownField(path=u.path, line=u.line, column=u.column,
                                   suggestion=u.suggestion, problem=u.problem,
                                   params=u.params) for u in unknown),
    )


def _answers_in_comments(doc: Document, answers: Any, rubric: Rubric) -> list[UnknownKey]:
    """Empty answers whose line goes on with `# …` that is not the template's own note:
    `forget_gate: # \\sigma(...)` — YAML read the answer as a comment."""
    if not isinstance(answers, dict) or not doc.lines:
        return []
    notes = _template_notes(rubric)
    found: list[UnknownKey] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, str(key)))
            return
        if node is not None:
            return
        pos = doc.key_positions.get(path)
        if pos is None or not 1 <= pos.line <= len(doc.lines):
            return
        line = doc.lines[pos.line - 1]
        rest = line[pos.column - 1:].split(":", 1)
        if len(rest) < 2 or not rest[1].lstrip().startswith("#"):
            return
        comment = rest[1].lstrip()[1:].strip()
        if comment and comment not in notes:
            dotted = ".".join(path)
            found.append(UnknownKey(dotted, pos.line, line.index("#", pos.column - 1) + 1,
                                    None, "input.yaml.comment_answer", (("path", dotted),)))

    walk(answers, ("answers",))
    return found


_NOTES: dict[str, frozenset[str]] = {}


def _template_notes(rubric: Rubric) -> frozenset[str]:
    """Every comment `grader template` writes after a field, in every language."""
    cached = _NOTES.get(rubric.id)
    if cached is None:
        from grader.template import blank_submission

        cached = frozenset(line.split("# ", 1)[1].strip()
                           for lang in ("zh", "en")
                           for line in blank_submission(rubric, lang).splitlines()
                           if ":  # " in line)
        _NOTES[rubric.id] = cached
    return cached


def _blank_to_none(data: Any) -> Any:
    """Whitespace-only answers (a template left unfilled) count as absent."""
    if isinstance(data, dict):
        return {k: _blank_to_none(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_blank_to_none(v) for v in data]
    if isinstance(data, str) and not data.strip():
        return None
    return data


def read_document(path: str | Path | None = None, *, text: str | None = None,
                  name: str = "<input>") -> Document:
    """Load a submission's YAML (from a file, or from text)."""
    if text is not None:
        return load_yaml_text(text, name, cls=SubmissionError)
    assert path is not None
    return load_yaml_file(path, cls=SubmissionError)


def rubric_for(doc: Document, rubric: str | Rubric | None) -> Rubric:
    """The rubric named explicitly, else the one the submission's `assignment` names."""
    if isinstance(rubric, Rubric):
        return rubric
    if rubric is not None:
        return find_rubric(rubric)
    if not isinstance(doc.data, dict):
        raise doc.error((), "a submission must be a mapping", "keys assignment, student, answers",
                        cls=SubmissionError, msg_key="input.submission.mapping")
    assignment = doc.data.get("assignment")
    if not isinstance(assignment, str) or not assignment.strip():
        raise doc.error(("assignment",), "the submission does not say which assignment it answers",
                        "a line like 'assignment: ch3'", cls=SubmissionError,
                        msg_key="input.submission.no_assignment")
    # A student's file names a shipped rubric by id, never a path: `assignment: /dev/tty`
    # or `../../secret.yaml` must not make the grader open (or wait on) files of the TA's.
    assignment = assignment.strip()
    known = builtin_rubric_ids()
    if assignment not in known:
        shown = assignment if len(assignment) <= 40 else assignment[:40] + "…"
        raise doc.error(("assignment",), f"no rubric {shown!r}; {did_you_mean(shown, known)}",
                        "a shipped rubric id (a TA can pass --rubric FILE)",
                        cls=SubmissionError, **_unknown_assignment(shown, known))
    try:
        return find_rubric(assignment)
    except SubmissionError:
        raise
    except GraderError as exc:
        pos = doc.position(("assignment",))
        text = exc.describe() if isinstance(exc, InputError) else str(exc)
        raise SubmissionError(text, file=doc.file,
                              line=pos.line if pos else None,
                              column=pos.column if pos else None) from None


def _unknown_assignment(shown: str, known: Iterable[str]) -> dict[str, Any]:
    """The catalogue message for an assignment id no rubric has, with the closest one."""
    import difflib

    ids = sorted(known)
    close = difflib.get_close_matches(shown, ids, n=1)
    params: dict[str, object] = {"name": repr(shown), "known": ", ".join(ids)}
    if close:
        return {"msg_key": "input.submission.unknown_assignment.suggest",
                "params": {**params, "suggestion": close[0]}}
    return {"msg_key": "input.submission.unknown_assignment", "params": params}


def load_submission(path: str | Path,
                    rubric: str | Rubric | None = None) -> tuple[Submission, Rubric]:
    """Read a submission file and the rubric that grades it."""
    doc = read_document(path)
    found = rubric_for(doc, rubric)
    return parse_submission(doc, found), found
