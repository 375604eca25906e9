"""Kind `layer_counts`: counts and shapes of a described layer or small stack of layers.

The rubric describes one or more stacks in the vocabulary of `reference.layers` (or
names a reference network) and lists the items to ask, e.g.::

    params:
      input: [192, 28, 28]
      layers:
        - {type: conv, name: reduce, out_channels: 16, kernel: 1}
        - {type: conv, name: conv5x5, out_channels: 32, kernel: 5, padding: 2}
      items:
        mults: {quantity: mults}
        reduce_mults: {quantity: mults, layer: reduce, required: false}

Stacks are written in the vocabulary of `reference.stacks`; every expected value is
computed by `reference.engine.analyse_layers`, nothing is typed in. Counts are graded by
`grader.numeric` with the candidates of `grader.count_candidates.stack_candidates` (the
counting mistakes of `reference.alternatives` and other quantities given); shapes here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from grader.count_candidates import stack_candidates
from grader.fields import Value, noted
from grader.items import item_result, missing_item
from grader.kinds.base import QuestionKind, answers_model, number_policy
from grader.numeric import (
    NumberPolicy,
    StudentNumbers,
    Target,
    credit_and_verdict,
    grade_number,
    typo_diagnosis,
)
from grader.question import CreditParams, KindParams, Question
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.validation import did_you_mean

if TYPE_CHECKING:
    from reference.engine import LayerStats, NetworkStats

__all__ = [
    "COUNT_QUANTITIES",
    "KIND",
    "QUANTITIES",
    "LayerCountsParams",
    "StackSpec",
    "expected_value",
]

COUNT_QUANTITIES = ("weights", "biases", "bn_params", "params", "macs", "mults", "neurons",
                    "output_elements")
SHAPE_QUANTITIES = ("output_shape", "output_size")
QUANTITIES = COUNT_QUANTITIES + SHAPE_QUANTITIES
Quantity = Literal["weights", "biases", "bn_params", "params", "macs", "mults", "neurons",
                   "output_elements", "output_shape", "output_size"]

INPUT = "input"
"""The layer name that means the stack's input (for shapes and output_elements)."""


class StackSpec(KindParams):
    """A stack of layers on an input, or a reference network by id."""

    network: str | None = None
    input: list[int] | None = Field(None, min_length=1, max_length=3)
    layers: list[dict[str, Any]] | None = None
    """Entries in the vocabulary of `reference.stacks` ({type: conv, out_channels: 64, ...})."""
    _stats: Any = PrivateAttr(None)

    @model_validator(mode="after")
    def _analyse(self) -> StackSpec:
        from reference.engine import analyse, analyse_layers
        from reference.stacks import build_stack

        if self.network is not None:
            if self.input is not None or self.layers is not None:
                raise ValueError("give either `network` or `input` and `layers`, not both")
            from reference.networks import NETWORKS

            if self.network not in NETWORKS:
                raise ValueError(f"unknown network {self.network!r}; "
                                 f"{did_you_mean(self.network, NETWORKS)}")
            self._stats = analyse(self.network)
            return self
        if self.input is None or not self.layers:
            raise ValueError("a stack needs `input` ([C, H, W]) and `layers`, or a `network`")
        try:
            built = build_stack(self.layers)
            self._stats = analyse_layers(built, self.input)
        except ValueError as exc:  # ShapeError and invalid layer arguments
            raise ValueError(str(exc)) from None
        names = [row.name for row in self._stats.layers]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"layer names must be unique; repeated: {', '.join(dupes)}")
        return self

    @property
    def stats(self) -> NetworkStats:
        stats: NetworkStats = self._stats
        return stats


class ItemSpec(KindParams):
    """One asked value: a quantity of the whole stack or of one layer (or container)."""

    quantity: Quantity
    layer: str | None = None
    stack: str | None = None
    points: float | None = Field(None, ge=0, le=10_000,
                                 description="default: the question's points "
                                             "(0 for optional items)")
    required: bool = True


class LayerCountsParams(CreditParams):
    """Rubric parameters of a `layer_counts` question: one stack (`network`, or `input` and
    `layers`) or several named `stacks`, and the `items` to ask."""

    network: str | None = None
    input: list[int] | None = None
    layers: list[dict[str, Any]] | None = None
    stacks: dict[str, StackSpec] = Field(default_factory=dict)
    items: dict[str, ItemSpec] = Field(min_length=1)
    relative_tolerance: float = Field(
        0.01, ge=0, lt=1,
        description="an approximate value (61.1M, 800k, ≈...) within this share of the "
                    "expected value counts as rounding")

    @model_validator(mode="before")
    @classmethod
    def _single_stack(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        single = {k: data[k] for k in ("network", "input", "layers") if k in data}
        if single:
            if data.get("stacks"):
                raise ValueError("give `stacks` or a single stack (`network` / `input` + "
                                 "`layers`), not both")
            data = {k: v for k, v in data.items() if k not in single}
            data["stacks"] = {"main": single}
        return data

    @model_validator(mode="after")
    def _items(self) -> LayerCountsParams:
        if not self.stacks:
            raise ValueError("describe a stack: `network`, or `input` and `layers`, or `stacks`")
        for name, item in self.items.items():
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                raise ValueError(f"item name {name!r}: letters, digits and _ only")
            stack_name = item.stack
            if stack_name is None:
                if len(self.stacks) > 1:
                    raise ValueError(f"item {name!r}: say which `stack` "
                                     f"({', '.join(self.stacks)})")
                stack_name = next(iter(self.stacks))
            elif stack_name not in self.stacks:
                raise ValueError(f"item {name!r}: unknown stack {stack_name!r}; "
                                 f"{did_you_mean(stack_name, self.stacks)}")
            stats = self.stacks[stack_name].stats
            if item.layer is not None:
                if item.layer == INPUT:
                    if item.quantity not in ("output_shape", "output_size", "output_elements"):
                        raise ValueError(f"item {name!r}: the input has no {item.quantity}")
                elif not _rows(stats, item.layer):
                    raise ValueError(f"item {name!r}: no layer {item.layer!r}; "
                                     f"{did_you_mean(item.layer, stats.layer_names())}")
        return self

    def stack_of(self, item: ItemSpec) -> tuple[str, StackSpec]:
        name = item.stack or next(iter(self.stacks))
        return name, self.stacks[name]


# --------------------------------------------------------------------------- expected values


def _rows(stats: NetworkStats, layer: str | None) -> Sequence[LayerStats]:
    from reference.alternatives import rows_of

    return rows_of(stats, layer)


def _shape(stats: NetworkStats, layer: str | None) -> tuple[int, ...]:
    if layer == INPUT:
        return stats.input
    if layer is None:
        return stats.layers[-1].output_shape
    return stats.layer(layer).output_shape


def _count(rows: Sequence[LayerStats], quantity: str) -> int:
    if quantity == "mults":
        quantity = "macs"
    if quantity == "params":
        return sum(r.params for r in rows)
    value: int = sum(getattr(r, quantity) for r in rows)
    return value


def expected_value(stats: NetworkStats, quantity: str, layer: str | None) -> int | tuple[int, ...]:
    """The reference answer: an int for counts and square output sizes, else a shape."""
    if quantity == "output_shape":
        return _shape(stats, layer)
    if quantity == "output_size":
        shape = _shape(stats, layer)
        if len(shape) == 3:
            return shape[1] if shape[1] == shape[2] else shape[1:]
        return shape
    if quantity == "output_elements":
        return math.prod(_shape(stats, layer))
    return _count(_rows(stats, layer), quantity)


# --------------------------------------------------------------------------- shapes

_SHAPE_SPLIT = re.compile(r"[×xX*,，\s]+")
_MAX_SHAPE_TEXT = 200


def parse_shape(raw: Any) -> tuple[int, ...] | None:
    """`[64, 224, 224]`, `64×224×224`, `224*224*64`, `(1, 1, 4096)` → ints; None otherwise.
    Anything after `=` (a product the student added) is ignored."""
    if isinstance(raw, list):
        parts: list[Any] = raw
    elif isinstance(raw, int) and not isinstance(raw, bool):
        parts = [raw]
    elif isinstance(raw, str) and len(raw) <= _MAX_SHAPE_TEXT:
        import unicodedata

        text = unicodedata.normalize("NFKC", raw).split("=")[0].strip().strip("[](){}")
        parts = [p for p in _SHAPE_SPLIT.split(text) if p]
        if not parts or not all(p.isdigit() and len(p) <= 9 for p in parts):
            return None
    else:
        return None
    if not parts or len(parts) > 4 or not all(
            isinstance(p, (int, str)) and not isinstance(p, bool) for p in parts):
        return None
    try:
        dims = tuple(int(p) for p in parts)
    except ValueError:
        return None
    return dims if all(d >= 0 for d in dims) else None


def _forms(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Accepted ways of writing `shape`: C×H×W and H×W×C; a flat N also as 1×1×N, N×1×1."""
    if len(shape) == 3:
        return [shape, (shape[1], shape[2], shape[0])]
    if len(shape) == 1:
        n = shape[0]
        return [shape, (1, 1, n), (n, 1, 1)]
    return [shape]


def grade_shape(path: str, raw: Any, expected: tuple[int, ...], *, policy: NumberPolicy,
                max_score: float) -> ItemResult:
    """Grade a written shape: either order, a one-digit typo, or the element count given."""
    exp_text = "×".join(map(str, expected))
    if raw is None:
        return missing_item(path, exp_text, max_score)
    submitted = str(raw)
    dims = parse_shape(raw)
    if dims is None:
        diag = Diagnosis(code="unparsed", key="layers.shape_unparsed", params={"text": submitted})
        return item_result(path, submitted=submitted, expected=exp_text, verdict=Verdict.UNPARSED,
                           max_score=max_score, credit=0.0, diagnoses=(diag,))
    forms = _forms(expected)
    if dims in forms:
        return item_result(path, submitted=submitted, expected=exp_text, verdict=Verdict.CORRECT,
                           max_score=max_score, credit=1.0)
    found: list[Diagnosis] = []
    elements = math.prod(expected)
    if len(dims) == 1 and dims[0] == elements and len(expected) > 1:
        found.append(Diagnosis(code="output_elements_not_shape",
                               key="layers.output_elements_not_shape",
                               params={"elements": elements}, explains=False))
    elif any(sorted(dims) == sorted(f) for f in forms):
        found.append(Diagnosis(code="shape_order", key="layers.shape_order", explains=False))
    else:
        for form in forms:
            if len(form) != len(dims):
                continue
            diffs = [i for i in range(len(form)) if form[i] != dims[i]]
            typo = typo_diagnosis(dims[diffs[0]], form[diffs[0]]) if len(diffs) == 1 else None
            if typo is not None:
                found.append(typo)
                break
    credit, verdict = credit_and_verdict(found, policy.credit)
    return item_result(path, submitted=submitted, expected=exp_text, verdict=verdict,
                       max_score=max_score, credit=credit, diagnoses=found)


# --------------------------------------------------------------------------- the kind


def _is_shape_item(params: LayerCountsParams, item: ItemSpec) -> bool:
    if item.quantity == "output_shape":
        return True
    if item.quantity == "output_size":
        _, stack = params.stack_of(item)
        return not isinstance(expected_value(stack.stats, "output_size", item.layer), int)
    return False


class LayerCountsKind(QuestionKind[LayerCountsParams]):
    """Counts and shapes of custom layers, each diagnosed against the stack's alternatives."""

    name = "layer_counts"
    params_model = LayerCountsParams

    def answer_model(self, question: Question[LayerCountsParams]) -> Any:
        params = question.params
        fields: dict[str, Any] = {}
        for name, item in params.items.items():
            kind: Any = Value | list[int] if _is_shape_item(params, item) else Value
            fields[name] = (kind | None, Field(None, **_describe(params, item)))
        return answers_model(question, fields)

    def targets(self, question: Question[LayerCountsParams],
                answer: Any) -> Iterator[tuple[Target, Any]]:
        params = question.params
        for name, item in params.items.items():
            if _is_shape_item(params, item):
                continue
            _, target = _target(question, name, item)
            yield target, getattr(answer, name, None) if answer is not None else None

    def grade(self, question: Question[LayerCountsParams], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        params = question.params
        policy = number_policy(params,
                               relative_tolerance=Fraction(params.relative_tolerance))
        items: list[ItemResult] = []
        for name, item in params.items.items():
            raw = getattr(answer, name, None) if answer is not None else None
            if raw is None and not item.required:
                continue
            points = item.points if item.points is not None else (
                question.points if item.required else 0.0)
            expected, target = _target(question, name, item)
            if isinstance(expected, tuple):
                items.append(grade_shape(target.path, raw, expected, policy=policy,
                                         max_score=points))
            else:
                items.append(grade_number(target, raw, policy=policy, max_score=points,
                                          numbers=numbers))
        return QuestionReport(id=question.id, title=question.title, items=tuple(items))


_TARGETS: dict[tuple[int, str], tuple[Question[LayerCountsParams],
                                      tuple[int | tuple[int, ...], Target]]] = {}


def _target(question: Question[LayerCountsParams], name: str,
            item: ItemSpec) -> tuple[int | tuple[int, ...], Target]:
    """The expected value of one item and its numeric target (once per question)."""
    hit = _TARGETS.get((id(question), name))
    if hit is not None and hit[0] is question:
        return hit[1]
    stack_name, stack = question.params.stack_of(item)
    expected = expected_value(stack.stats, item.quantity, item.layer)
    label = item.layer or (stack.network or stack_name)
    quantity = "macs" if item.quantity == "mults" else item.quantity
    candidates = () if isinstance(expected, tuple) else stack_candidates(
        stack.stats, quantity, item.layer, label)
    target = Target(path=f"{question.id}.{name}",
                    expected=Fraction(expected) if isinstance(expected, int) else Fraction(0),
                    candidates=candidates, label=label)
    _TARGETS[(id(question), name)] = (question, (expected, target))
    return expected, target


_QUANTITY_NOTES = {
    "weights": "quantity.weights", "biases": "quantity.biases",
    "bn_params": "quantity.bn_params", "params": "quantity.params", "macs": "quantity.macs",
    "mults": "quantity.mults", "neurons": "quantity.neurons",
    "output_elements": "quantity.output_elements", "output_shape": "quantity.output_shape",
    "output_size": "quantity.output_size", "adds": "quantity.adds",
}
_WHOLE_STACK = "field.whole_stack"
_ITEM_NOTES = {  # (several stacks, optional) → the note of an item
    (False, False): "field.layer_quantity",
    (False, True): "field.layer_quantity.optional",
    (True, False): "field.layer_quantity.stack",
    (True, True): "field.layer_quantity.stack.optional",
}


def _describe(params: LayerCountsParams, item: ItemSpec) -> dict[str, Any]:
    """The field's note: which quantity of which layer (of which stack)."""
    values = {"quantity": "@" + _QUANTITY_NOTES[item.quantity],
              "where": item.layer or "@" + _WHOLE_STACK}
    english = f"{item.quantity} of {item.layer or 'the whole stack'}"
    several = len(params.stacks) > 1 and bool(item.stack)
    if several:
        values["stack"] = str(item.stack)
        english += f" of {item.stack}"
    if not item.required:
        english += " (optional)"
    return noted(_ITEM_NOTES[(several, not item.required)], english, **values)


KIND = LayerCountsKind()
