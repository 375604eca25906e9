"""Message tables, one module per topic; `grader.i18n` merges them into one catalogue.

Each table maps a stable key to {"en": template, "zh": template}; templates use
`str.format` fields. Adding a topic: write `grader/messages/<topic>.py` with a
`MESSAGES` dict and list it below.
"""

from __future__ import annotations

from collections.abc import Mapping

from grader.messages import core, counts
from grader.messages import values as values_messages

ALL_MESSAGES: tuple[Mapping[str, Mapping[str, str]], ...] = (
    core.MESSAGES,
    counts.MESSAGES,
    values_messages.MESSAGES,
)
