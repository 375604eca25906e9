"""Field types shared by every kind's answer model."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = ["Text", "Value"]

Value = Annotated[
    str | int | float,
    Field(description="A number: 60,965,224 · 6.1e7 · 4/25 · 16% · 61.1M · 6110万 · 11*11*3*96+96"),
]
"""A numeric answer as the student wrote it; parsed later by `grader.values`."""

Text = Annotated[str, Field(description="Text, LaTeX or plain-text math")]
"""A formula or an essay."""
