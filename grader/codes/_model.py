"""The shape of one row of the diagnosis-code catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FAMILIES", "FAMILY_NAMES", "Code", "Family", "Text"]

Family = Literal["counts", "detection", "formulas", "general", "variants", "text", "process"]
FAMILIES: tuple[Family, ...] = ("counts", "detection", "formulas", "general", "variants",
                                "text", "process")


@dataclass(frozen=True)
class Text:
    """One text in both languages."""

    zh: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


FAMILY_NAMES: dict[Family, Text] = {}
"""Each family's heading, filled below once Text exists."""


@dataclass(frozen=True)
class Code:
    """A diagnosis code and everything the rest of the program needs to know about it."""

    code: str
    family: Family
    summary: Text
    """One line: what the code says about an answer."""
    example: Text
    """A worked example: an answer, the reference, and why the code applies."""
    fix: Text
    """What the student should do about it."""
    credit: float = 0.0
    """Share of an item's points earned when this code explains the answer (rubrics override)."""
    mistake: bool = True
    """Counted among the class's mistakes; False for process codes and accepted writing."""
    same_network: bool = False
    """The same network (or table) counted another way; such an explanation of a value
    outranks the coincidence that another answer has the same value."""
    spec: bool = True
    """Listed in SPEC §4; False marks an extension of this project."""
    note: bool = False
    """Describes how a right answer was written; never costs points."""
    ta_only: bool = False
    """Named to TAs only (summary, JSON); a student's rendered report shows the message
    without the code, since the code itself would tell what the TA is checking."""


FAMILY_NAMES.update({
    "counts": Text("计数（神经元、参数、运算次数）", "Counts (neurons, parameters, operations)"),
    "detection": Text("检测指标", "Detection metrics"),
    "formulas": Text("公式", "Formulas"),
    "general": Text("书写", "Written working"),
    "variants": Text("个性化题目", "Per-student variants"),
    "text": Text("简答题", "Essays"),
    "process": Text("读取与助教流程", "Reading and TA work"),
})
