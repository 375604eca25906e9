"""What really went wrong in a YAML file a student wrote by hand, and how to fix it.

The YAML parser reports where it gave up, often a line after the cause and in its own
words. Given the text and that position, `hint_for` looks for the mistakes students make
(a tab in the indentation, a full-width colon, a backslash in double quotes, an unquoted
formula holding `:`, `659,272` inside `{…}`) and returns the real place and a catalogue
message that says how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Hint", "hint_for"]


@dataclass(frozen=True)
class Hint:
    """The cause: 1-based line and column, a message key, its parameters, the line itself."""

    line: int
    column: int
    key: str
    source: str
    params: tuple[tuple[str, str], ...] = ()


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"{}\[\]]+?([：，（）])")
_FLOW_NUMBER = re.compile(r"\{[^}]*:\s*\d{1,3}(?:,\d{3})+")
_VALUE_COLON = re.compile(r"^\s*[\w.-]+\s*:\s+(?!['\"|>])[^#]*?[^\s]:(?:\s|$)")
_VALUE_START = re.compile(r"^\s*[\w.-]+\s*:\s+([\[{]|-\s|#)")
_BAD_ESCAPE = re.compile(r'"(?:[^"\\]|\\.)*\\[a-zA-Z(){}\[\]]')


def hint_for(text: str, line: int | None, problem: str) -> Hint | None:
    """The real cause of a YAML syntax error reported at `line` (1-based), if recognised."""
    lines = text.splitlines()
    upto = len(lines) if line is None else min(len(lines), line)
    for n, row in enumerate(lines[:upto], 1):
        indent = len(row) - len(row.lstrip(" \t"))
        if "\t" in row[:indent]:
            return Hint(n, row.index("\t") + 1, "input.yaml.tab", row)
    for n, row in enumerate(lines[:upto], 1):
        wide = _FULLWIDTH_KEY.match(row)
        if wide is not None:
            return Hint(n, wide.start(1) + 1, "input.yaml.fullwidth", row,
                        (("char", wide.group(1)),))
    if line is None or not 1 <= line <= len(lines):
        return None
    candidates = [line - 1, line] if line > 1 else [line]
    for n in candidates:
        row = lines[n - 1]
        if "escape" in problem and _BAD_ESCAPE.search(row):
            return Hint(n, row.index('"') + 1, "input.yaml.backslash", row)
        flow = _FLOW_NUMBER.search(row)
        if flow is not None:
            return Hint(n, flow.end() - 3, "input.yaml.flow_comma", row)
        start = _VALUE_START.match(row)
        if start is not None and "mapping values" not in problem:
            return Hint(n, start.start(1) + 1, "input.yaml.unquoted_start", row,
                        (("char", start.group(1).strip()),))
        colon = _VALUE_COLON.match(row)
        if colon is not None and ("mapping values" in problem or "expected" in problem):
            return Hint(n, row.index(":") + 3, "input.yaml.unquoted_colon", row)
    return None
