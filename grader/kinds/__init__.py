"""The registry of question kinds: a kind's name maps to the module that defines it.

Kinds load lazily, so grading network counts never imports sympy. Adding a kind: write
`grader/kinds/<name>.py` defining `KIND`, and add one line below.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from grader.kinds.base import QuestionKind

__all__ = ["KIND_MODULES", "get_kind", "kind_names"]

KIND_MODULES: dict[str, str] = {
    "network_counts": "grader.kinds.network_counts",
    "forward_ops": "grader.kinds.forward_ops",
    "detection_metrics": "grader.kinds.detection_metrics",
    "iou": "grader.kinds.iou",
    "formulas": "grader.kinds.formulas",
    "short_answer": "grader.kinds.short_answer",
    "layer_counts": "grader.kinds.layer_counts",
    "by_hand": "grader.kinds.by_hand",
}


def kind_names() -> tuple[str, ...]:
    """Every registered kind name."""
    return tuple(KIND_MODULES)


@cache
def get_kind(name: str) -> QuestionKind[Any]:
    """The kind called `name`; a declared kind whose module is absent grades as 'not graded yet'."""
    module_name = KIND_MODULES[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        from grader.kinds.ungraded import UngradedKind

        return UngradedKind(name)
    kind: QuestionKind[Any] = module.KIND
    return kind
