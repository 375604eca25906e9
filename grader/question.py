"""What a question is: its kind's rubric parameters, and the question that carries them.

Kinds, the rubric and the engine all speak of questions; this module depends on none of
them, so none of them depends on another through it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["CreditParams", "KindParams", "P", "Question", "cached_per_params"]


class KindParams(BaseModel):
    """Base of a kind's rubric parameters: frozen, unknown fields refused, numbers finite."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


P = TypeVar("P", bound=KindParams)
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Question(Generic[P]):
    """One question of a rubric, its kind's parameters already validated."""

    id: str
    kind: str
    title: Mapping[str, str]
    points: float
    params: P

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


class CreditParams(KindParams):
    """Parameters of a kind that credits diagnoses: the rubric's `credit:` table (code →
    share of the points; codes left out keep the defaults of `grader.codes`) and the
    fewest significant figures an approximation needs."""

    credit: dict[str, float] = Field(default_factory=dict, validate_default=True)
    min_sig_figs: int = Field(3, ge=1,
                              description="fewest significant figures an approximation needs")

    @field_validator("credit")
    @classmethod
    def _merged(cls, v: dict[str, float]) -> dict[str, float]:
        from grader.codes import credit_table

        return dict(credit_table(v))


def cached_per_params(func: Callable[[T], R]) -> Callable[[T], R]:
    """Memoise `func(params)` (or of a question) for the life of that object.

    A rubric's params are frozen but hold lists, so they cannot be hashed; they live as long
    as the rubric, so identity is the right key: a class of 500 computes the expectation once.
    """
    memo: dict[int, tuple[Any, R]] = {}

    @functools.wraps(func)
    def wrapper(params: T) -> R:
        hit = memo.get(id(params))
        if hit is not None and hit[0] is params:
            return hit[1]
        result = func(params)
        memo[id(params)] = (params, result)
        return result

    return wrapper
