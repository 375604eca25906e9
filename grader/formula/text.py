"""Small text helpers the formula readers share: Chinese ideographs, the bracket that closes
an opened one, and a call's top-level arguments. Each reader names the brackets it counts,
so one helper serves code (round and square brackets) and helper functions (round only)."""

from __future__ import annotations

import re

__all__ = ["CJK", "HAS_CJK", "closing", "split_top"]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
"""The CJK ideographs (with extension A), as a regex character class body."""
HAS_CJK = re.compile(rf"[{CJK}]")


def closing(text: str, start: int, opens: str = "([", closes: str = ")]") -> int | None:
    """The index of the bracket closing the one opened at `start` (counting `opens` and
    `closes`), or None when it never closes."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in opens:
            depth += 1
        elif text[i] in closes:
            depth -= 1
            if depth == 0:
                return i
    return None


def split_top(text: str, separators: str, opens: str, closes: str, *,
              quotes: bool = False) -> list[str]:
    """`text` split at `separators` outside the brackets `opens`/`closes` (and, with
    `quotes`, outside '…' and "…" strings); the parts as written."""
    out, depth, start, quote = [], 0, 0, ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
            continue
        if quotes and ch in "'\"":
            quote = ch
            continue
        depth += ch in opens
        depth -= ch in closes
        if depth == 0 and ch in separators:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out
