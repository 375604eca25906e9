"""The one rule for the language and the reveal setting of every command.

Language: `--lang` when given; else the rubric's `lang`; else the environment (GRADER_LANG,
LC_ALL, LANG); else Chinese. Reveal (whether expected values are shown): `--reveal` /
`--no-reveal` when given; else the rubric's `reveal`; else hidden.
"""

from __future__ import annotations

from typing import Protocol

from grader.i18n import Lang, default_lang

__all__ = ["resolve_lang", "resolve_reveal"]


class _HasSettings(Protocol):
    @property
    def lang(self) -> str | None: ...

    @property
    def reveal(self) -> bool: ...


def resolve_lang(explicit: str | None, rubric: _HasSettings | None = None) -> Lang:
    """The language a command speaks (see the module's rule)."""
    return default_lang(explicit or (rubric.lang if rubric is not None else None))


def resolve_reveal(explicit: bool | None, rubric: _HasSettings | None = None) -> bool:
    """Whether expected values are shown (see the module's rule)."""
    if explicit is not None:
        return explicit
    return rubric.reveal if rubric is not None else False
