"""One message catalogue for every user-facing sentence, in Chinese and English."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import Literal

__all__ = ["LANGS", "Lang", "catalogue", "default_lang", "t"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every message key with its zh and en templates, merged from `grader.messages`."""
    from grader.messages import ALL_MESSAGES

    merged: dict[str, Mapping[str, str]] = {}
    for table in ALL_MESSAGES:
        for key, texts in table.items():
            if key in merged:
                raise KeyError(f"message key defined twice: {key}")
            merged[key] = texts
    return merged


STRICT_ENV = "GRADER_STRICT_MESSAGES"
"""Set to 1 (the test suite does) and a missing message key raises instead of printing."""


def t(key: str, lang: Lang, /, **params: object) -> str:
    """The message `key` in `lang`, formatted with `params` (numbers get thousands separators).

    A key missing from the catalogue is a bug: under GRADER_STRICT_MESSAGES=1 it raises
    KeyError; otherwise the key itself is shown rather than failing a student's report."""
    texts = catalogue().get(key)
    if texts is None:
        if os.environ.get(STRICT_ENV) == "1":
            raise KeyError(f"message key {key!r} is not in grader/messages")
        return key if not params else f"{key} {params}"
    template = texts.get(lang) or texts["en"]
    return template.format(**{k: _fmt(v, lang) for k, v in params.items()})


class Count(str):
    """An integer parameter as a message shows it (10,568), which also picks a word by its
    number: `{n:|file|files}` gives "file" for 1 and "files" otherwise (English nouns; the
    Chinese texts need none)."""

    def __new__(cls, n: int) -> Count:
        made = super().__new__(cls, f"{n:,}")
        made.n = n
        return made

    n: int

    def __format__(self, spec: str) -> str:
        if spec.startswith("|"):
            one, _, many = spec[1:].partition("|")
            return one if self.n == 1 else many
        return str.__format__(self, spec)


def _fmt(value: object, lang: Lang) -> object:
    # Integers read better with separators in both languages: 10,568 not 10568.
    if isinstance(value, int) and not isinstance(value, bool):
        return Count(value)
    # A parameter may itself be bilingual: {"zh": "参数", "en": "params"}.
    if isinstance(value, dict) and set(value) == set(LANGS):
        return value[lang]
    return value


def default_lang(preferred: str | None = None) -> Lang:
    """`preferred` if valid, else the environment's language (LANG/LC_ALL), else zh."""
    for candidate in (preferred, os.environ.get("GRADER_LANG"), os.environ.get("LC_ALL"),
                      os.environ.get("LANG")):
        if candidate:
            code = candidate.lower()[:2]
            if code in LANGS:
                return code
    return "zh"
