"""Messages of formula checking."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
