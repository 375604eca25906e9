"""The catalogue of diagnosis codes: one row per code, the only place a code is defined.

A diagnosis code (SPEC §4) names *why* an answer is what it is: `bias_omitted`,
`time_index`, `recall_denominator`, ... Each row says which family it belongs to, the
credit it earns by default when it explains a wrong answer, whether it counts as a mistake
in class statistics, whether it means "the same network counted another way", and carries
its one-line summary, explanation, worked example and fix in Chinese and English.

Everything else derives from here: a rubric's `credit:` table overrides the defaults code
by code (`credit_table`), the class summary leaves out codes that are not mistakes,
`grader explain` prints the rows, and `docs/diagnoses.md` is generated from them.

Adding a code: add its row to `grader/codes/_table.py`, its messages to
`grader/messages/`, and its detector; nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from grader.codes._model import FAMILIES, FAMILY_NAMES, Code, Family, Text
from grader.codes._table import ROWS

__all__ = [
    "CODES",
    "FAMILIES",
    "FAMILY_NAMES",
    "Code",
    "Family",
    "Text",
    "code",
    "credit_table",
    "default_credit",
    "is_known",
    "not_mistakes",
    "same_network_codes",
    "shown_to_students",
]


def _index() -> Mapping[str, Code]:
    out: dict[str, Code] = {}
    for row in ROWS:
        if row.code in out:
            raise ValueError(f"diagnosis code defined twice: {row.code}")
        out[row.code] = row
    return MappingProxyType(out)


CODES: Mapping[str, Code] = _index()
"""Every diagnosis code, in catalogue order (families as in SPEC §4)."""


def shown_to_students(name: str) -> bool:
    """Whether a student's rendered report may name the code (see `Code.ta_only`)."""
    row = CODES.get(name)
    return row is None or not row.ta_only


def is_known(name: str) -> bool:
    """Whether `name` is a registered diagnosis code."""
    return name in CODES


def code(name: str) -> Code:
    """The row of code `name`; KeyError with a suggestion when there is none."""
    try:
        return CODES[name]
    except KeyError:
        from grader.validation import did_you_mean

        raise KeyError(f"unknown diagnosis code {name!r}; {did_you_mean(name, CODES)}") from None


@cache
def default_credit() -> Mapping[str, float]:
    """The credit each code earns when it explains an answer, before a rubric says otherwise."""
    return MappingProxyType({row.code: row.credit for row in ROWS})


def credit_table(overrides: Mapping[str, float] | None = None) -> Mapping[str, float]:
    """The defaults with a rubric's `credit:` entries on top (codes it leaves out keep theirs).

    Raises ValueError naming an unknown code or a credit outside [0, 1].
    """
    if not overrides:
        return default_credit()
    merged = dict(default_credit())
    for name, value in overrides.items():
        if name not in CODES:
            from grader.validation import did_you_mean

            raise ValueError(f"unknown diagnosis code {name!r} in credit; "
                             f"{did_you_mean(name, CODES)}")
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"credit for {name!r} must lie between 0 and 1, got {value}")
        merged[name] = float(value)
    return MappingProxyType(merged)


@cache
def not_mistakes() -> frozenset[str]:
    """Codes that record process or accepted writing, left out of mistake statistics."""
    return frozenset(row.code for row in ROWS if not row.mistake)


@cache
def same_network_codes() -> frozenset[str]:
    """Codes meaning "the same network (or table) counted another way"."""
    return frozenset(row.code for row in ROWS if row.same_network)
