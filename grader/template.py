"""A blank, commented submission generated from a rubric's answer models."""

from __future__ import annotations

from pydantic import BaseModel

from grader.fields import field_note, model_in
from grader.i18n import Lang, t
from grader.kinds import get_kind
from grader.rubric import Rubric

__all__ = ["blank_submission"]


_COMMENTED_OUT = ("weights", "biases", "bn_params", "macs")
"""Optional counts the template shows commented out (a network's total is what is asked)."""


def _fields(model: type[BaseModel], indent: int, lines: list[str], lang: Lang) -> None:
    pad = "  " * indent
    for name, info in model.model_fields.items():
        inner = model_in(info.annotation)
        said = field_note(info, lang)
        note = f"  # {said}" if said else ""
        if name == "layers":
            lines.append(f"{pad}# layers: {{conv1: {{neurons: ..., params: ...}}}}{note}")
        elif inner is not None:
            lines.append(f"{pad}{name}:{note}")
            _fields(inner, indent + 1, lines, lang)
        elif name in _COMMENTED_OUT:
            lines.append(f"{pad}# {name}:{note}")
        else:
            lines.append(f"{pad}{name}:{note}")


def blank_submission(rubric: Rubric, lang: Lang, student: str | None = None) -> str:
    """YAML text with every question and field of `rubric`, values left empty (with a
    personal rubric and `student`, that student's parameters in the comments)."""
    lines = [
        f"# {rubric.title.get(lang) or rubric.id}",
        f"# {t('template.intro', lang)}",
    ]
    if rubric.parameters is not None:
        if student:
            from grader.assign import parameter_lines

            values = "; ".join(parameter_lines(rubric, student, lang))
            lines.append(f"# {t('template.your_parameters', lang, id=student, values=values)}")
        else:
            lines.append(f"# {t('template.personal_needs_id', lang, rubric=rubric.id)}")
    shown = student.replace("\\", "").replace('"', "") if student else ""
    lines += [
        f"assignment: {rubric.id}",
        f'student: {{id: "{shown}", name: ""}}',
        "answers:",
    ]
    for q in rubric.questions:
        lines.append(f"  # {q.title_in(lang)}")
        model = model_in(get_kind(q.kind).answer_model(q))
        if model is None:
            lines.append(f"  {q.id}: |")
            lines.append("    ")
            continue
        lines.append(f"  {q.id}:")
        _fields(model, 2, lines, lang)
    return "\n".join(lines) + "\n"
