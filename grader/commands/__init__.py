"""Sub-commands that live in their own modules; each module defines `register(app)`.

`grader.cli` holds the core commands (check, reference, schema, template) and calls
`register` of every module listed here.
"""

from __future__ import annotations

COMMAND_MODULES: tuple[str, ...] = (
    "grader.commands.batch",
    "grader.commands.explain",
    "grader.commands.rubric",
    "grader.commands.table",
)
