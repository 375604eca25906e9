"""Message tables, one module per topic; `grader.i18n` merges them into one catalogue.

Each table maps a stable key to {"en": template, "zh": template}; templates use
`str.format` fields. Adding a topic: write `grader/messages/<topic>.py` with a
`MESSAGES` dict and list it below.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module

TOPICS: tuple[str, ...] = (
    "core",
    "counts",
    "values",
    "detection",
    "formulas",
    "freetext",
    "batch",
    "explain",
    "input",
    "fields",
    "assign",
    "serve",
)

ALL_MESSAGES: tuple[Mapping[str, Mapping[str, str]], ...] = tuple(
    import_module(f"grader.messages.{topic}").MESSAGES for topic in TOPICS
)
