"""Sub-commands that live in their own modules; each module defines `register(app)`.

`grader.cli` holds the core commands (check, reference, schema, template), imports every
module here by name and calls its `register`.
"""
