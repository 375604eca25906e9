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

Every expected value is computed by `reference.engine.analyse_layers`; nothing is typed
in. Wrong answers are explained by the alternatives of the stack itself
(`stack_alternatives`: weights without biases, MACs for parameters and the reverse,
channel sums for neurons, ...), by the student's own other answers (`copied_from`), by
their written working (`arithmetic_slip`) and by `typo`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from grader.count_diagnosis import Candidate, credit_for, typo_diagnosis
from grader.errors import ValueParseError
from grader.fields import Value
from grader.kinds.base import (
    GradingContext,
    KindParams,
    QuestionKind,
    answers_model,
    item_result,
    missing_item,
    unparsed_item,
)
from grader.kinds.network_counts import CountCredit
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.validation import did_you_mean
from grader.values import ParsedValue, format_value, try_parse_value

if TYPE_CHECKING:
    from grader.rubric import Question
    from reference.engine import LayerStats, NetworkStats
    from reference.layers import Layer

__all__ = [
    "COUNT_QUANTITIES",
    "KIND",
    "QUANTITIES",
    "LayerCountsParams",
    "StackSpec",
    "expected_value",
    "stack_alternatives",
]

COUNT_QUANTITIES = ("weights", "biases", "bn_params", "params", "macs", "mults", "neurons",
                    "output_elements")
SHAPE_QUANTITIES = ("output_shape", "output_size")
QUANTITIES = COUNT_QUANTITIES + SHAPE_QUANTITIES
Quantity = Literal["weights", "biases", "bn_params", "params", "macs", "mults", "neurons",
                   "output_elements", "output_shape", "output_size"]

DEFAULT_CREDIT: dict[str, float] = {
    "rounding": 1.0,
    "bias_omitted": 0.5,
    "bn_omitted": 0.5,
    "input_included": 0.5,
    "pooling_included": 0.5,
    "arithmetic_slip": 0.5,
    "typo": 0.5,
}

INPUT = "input"
"""The layer name that means the stack's input (for shapes and output_elements)."""


# --------------------------------------------------------------------------- layer specs


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.]*$")


Size = int | tuple[int, int]


class ConvSpec(_Spec):
    type: Literal["conv"]
    out_channels: int = Field(ge=1)
    kernel: Size
    stride: Size = 1
    padding: Size = 0
    dilation: Size = 1
    groups: int = Field(1, ge=1)
    bias: bool = True


class FcSpec(_Spec):
    type: Literal["fc"]
    out_features: int = Field(ge=1)
    bias: bool = True


class PoolSpec(_Spec):
    type: Literal["pool", "maxpool", "avgpool"]
    kernel: Size
    stride: Size | None = None
    padding: Size = 0
    ceil_mode: bool = False


class GlobalPoolSpec(_Spec):
    type: Literal["global_avgpool"]


class PlainSpec(_Spec):
    type: Literal["bn", "relu", "sigmoid", "tanh", "dropout", "flatten", "lrn"]


class ConcatSpec(_Spec):
    type: Literal["concat"]
    branches: list[list[LayerSpec]] = Field(min_length=1)


LayerSpec = Annotated[
    ConvSpec | FcSpec | PoolSpec | GlobalPoolSpec | PlainSpec | ConcatSpec,
    Field(discriminator="type"),
]
ConcatSpec.model_rebuild()


def _build(specs: Sequence[Any]) -> tuple[Layer, ...]:
    """Reference layers from specs: unnamed layers get `<type><n>`, a Flatten precedes FC."""
    from reference import layers as L

    out: list[L.Layer] = []
    counters: dict[str, int] = {}
    previous = None
    for spec in specs:
        kind = "maxpool" if spec.type == "pool" else spec.type
        counters[kind] = counters.get(kind, 0) + 1
        name = spec.name or f"{kind}{counters[kind]}"
        layer: L.Layer
        if isinstance(spec, ConvSpec):
            layer = L.Conv(name, spec.out_channels, spec.kernel, spec.stride, spec.padding,
                           spec.dilation, spec.groups, spec.bias)
        elif isinstance(spec, FcSpec):
            if previous not in ("fc", "flatten"):
                out.append(L.Flatten(f"{name}.flatten"))
            layer = L.Linear(name, spec.out_features, spec.bias)
        elif isinstance(spec, PoolSpec):
            cls = L.AvgPool if kind == "avgpool" else L.MaxPool
            layer = cls(name, spec.kernel, spec.stride, spec.padding, spec.ceil_mode)
        elif isinstance(spec, GlobalPoolSpec):
            layer = L.AdaptiveAvgPool(name, 1)
        elif isinstance(spec, ConcatSpec):
            layer = L.Concat(name, tuple(_build(b) for b in spec.branches))
        elif kind == "bn":
            layer = L.BatchNorm(name)
        elif kind == "lrn":
            layer = L.LRN(name)
        elif kind == "dropout":
            layer = L.Dropout(name)
        elif kind == "flatten":
            layer = L.Flatten(name)
        else:
            layer = L.Activation(name, kind)
        out.append(layer)
        if kind not in ("relu", "sigmoid", "tanh", "dropout"):
            previous = kind
    return tuple(out)


class StackSpec(KindParams):
    """A stack of layers on an input, or a reference network by id."""

    network: str | None = None
    input: list[int] | None = Field(None, min_length=1, max_length=3)
    layers: list[LayerSpec] | None = None
    _stats: Any = PrivateAttr(None)

    @model_validator(mode="after")
    def _analyse(self) -> StackSpec:
        from reference.engine import analyse, analyse_layers

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
            built = _build(self.layers)
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
    points: float | None = Field(None, ge=0, description="default: the question's points "
                                 "(0 for optional items)")
    required: bool = True


class LayerCountsParams(CountCredit):
    """Rubric parameters of a `layer_counts` question: one stack (`network`, or `input` and
    `layers`) or several named `stacks`, and the `items` to ask."""

    credit: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CREDIT))
    network: str | None = None
    input: list[int] | None = None
    layers: list[LayerSpec] | None = None
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


def _rows(stats: NetworkStats, layer: str | None) -> list[LayerStats]:
    """The rows of `layer` (itself and, for a container, everything inside), or all rows."""
    if layer is None:
        return list(stats.layers)
    return [r for r in stats.layers if r.name == layer or r.name.startswith(layer + ".")]


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


def stack_alternatives(stats: NetworkStats, quantity: str, layer: str | None,
                       label: str) -> tuple[Candidate, ...]:
    """Values a student plausibly writes instead of the asked count of a custom stack, each
    with the diagnosis it implies: weights without biases or BatchNorm, MACs reported as
    parameters (or the reverse), channel sums or the input counted as neurons, pooling
    outputs included. Values equal to the expected one are left out."""
    rows = _rows(stats, layer)
    c = {q: _count(rows, q) for q in ("weights", "biases", "bn_params", "params", "macs",
                                      "neurons")}
    out: list[Candidate] = []

    def add(value: int, code: str, key: str, **params: Any) -> None:
        out.append(Candidate(value, (Diagnosis(code=code, key=key, params=params),)))

    if quantity == "params":
        if c["biases"]:
            add(c["weights"] + c["bn_params"], "bias_omitted", "counts.bias_omitted",
                missing=c["biases"])
        if c["bn_params"]:
            add(c["weights"] + c["biases"], "bn_omitted", "counts.bn_omitted",
                missing=c["bn_params"])
        add(c["macs"], "macs_not_params", "counts.macs_not_params", network=label)
    elif quantity == "weights":
        add(c["macs"], "macs_not_params", "counts.macs_not_params", network=label)
    elif quantity in ("macs", "mults"):
        add(c["params"], "macs_not_params", "counts.params_not_macs", network=label)
        add(c["weights"], "macs_not_params", "counts.params_not_macs", network=label)
    elif quantity == "neurons":
        channels = sum(r.output_shape[0] for r in rows if r.type in ("conv", "fc"))
        add(channels, "channels_not_neurons", "counts.channels_not_neurons")
        if layer is None:
            elements = math.prod(stats.input)
            add(c["neurons"] + elements, "input_included", "counts.input_included",
                input=elements)
        pooled = sum(math.prod(r.output_shape) for r in rows if r.type.endswith("pool"))
        if pooled:
            add(c["neurons"] + pooled, "pooling_included", "counts.pooling_included",
                pooling=pooled)
    expected = expected_value(stats, quantity, layer)
    seen: set[int] = set()
    unique = []
    for cand in out:
        if cand.value != expected and cand.value not in seen:
            seen.add(cand.value)
            unique.append(cand)
    return tuple(unique)


# --------------------------------------------------------------------------- grading values


def _near(value: ParsedValue, target: Fraction, rel: float) -> bool:
    """`value` matches `target` at its own precision, or is an approximation within `rel`."""
    if value.matches(target) is not None:
        return True
    if value.sig_figs is None and not value.approximate:
        return False
    return bool(target) and abs(value.value - target) <= abs(target) * Fraction(rel)


def _working_is(value: ParsedValue, target: Fraction) -> bool:
    """The written working (first side of a chain like `3×3×64×64 = 36.9k`) equals `target`."""
    return len(value.sides) > 1 and value.sides[0] == target


def _chain_slip(value: ParsedValue, rel: float) -> bool:
    """The sides of a written chain disagree beyond rounding."""
    if len(value.sides) < 2 or value.consistent():
        return False
    first = value.sides[0]
    return not (first and abs(value.value - first) <= abs(first) * Fraction(rel)
                and (value.sig_figs is not None or value.approximate))


def _slip_note(value: ParsedValue, explains: bool) -> Diagnosis:
    return Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_chain",
                     params={"computed": format_value(value.sides[0]),
                             "stated": format_value(value.value)}, explains=explains)


def grade_layer_value(path: str, raw: Any, expected: int, candidates: Sequence[Candidate], *,
                      own: Mapping[str, Fraction], params: LayerCountsParams,
                      max_score: float) -> ItemResult:
    """Grade one count of a stack: exact, rounded, right working, explained, or wrong."""
    exp = Fraction(expected)
    exp_text = format_value(exp)
    if raw is None:
        return missing_item(path, exp_text, max_score)
    submitted = str(raw)
    parsed = try_parse_value(raw)
    if isinstance(parsed, ValueParseError):
        return unparsed_item(path, submitted, exp_text, parsed, max_score)
    rel = params.relative_tolerance
    working = _working_is(parsed, exp)
    if _near(parsed, exp, rel):
        notes: list[Diagnosis] = []
        verdict, credit = Verdict.CORRECT, 1.0
        if parsed.value != exp:
            sig = parsed.sig_figs or 0
            if sig and sig < params.min_sig_figs and not working:
                notes.append(Diagnosis(code="rounding", key="counts.too_imprecise",
                                       params={"sig_figs": sig, "min": params.min_sig_figs}))
                credit = params.credit.get("rounding", 1.0) / 2
            else:
                notes.append(Diagnosis(code="rounding", key="counts.rounding",
                                       params={"sig_figs": sig}))
                credit = params.credit.get("rounding", 1.0)
        if _chain_slip(parsed, rel):
            notes.append(_slip_note(parsed, explains=False))
        if credit < 1.0:
            verdict = Verdict.PARTIAL
        return item_result(path, submitted=submitted, expected=exp_text, verdict=verdict,
                           max_score=max_score, credit=credit, diagnoses=notes)
    found = _diagnose(path, parsed, exp, candidates, own, rel)
    credit = credit_for(found, params.credit)
    codes = {d.code for d in found}
    if credit >= 1.0 and codes <= {"variant", "rounding"}:
        verdict = Verdict.ACCEPTED_VARIANT
    elif credit > 0:
        verdict = Verdict.PARTIAL
    else:
        verdict = Verdict.INCORRECT
    return item_result(path, submitted=submitted, expected=exp_text, verdict=verdict,
                       max_score=max_score, credit=credit, diagnoses=found)


def _diagnose(path: str, value: ParsedValue, expected: Fraction,
              candidates: Sequence[Candidate], own: Mapping[str, Fraction],
              rel: float) -> list[Diagnosis]:
    found: list[Diagnosis] = []
    stated = value.value
    for other_path, other in own.items():
        if other_path == path:
            break  # only earlier answers: the later of two equal answers is the copy
        if other == stated:
            found.append(Diagnosis(code="copied_from", key="counts.copied_from",
                                   params={"other": other_path}))
            break
    if _chain_slip(value, rel):
        found.append(_slip_note(value, explains=value.sides[0] == expected))
    for cand in candidates:
        target = Fraction(cand.value)
        if _near(value, target, rel) or _working_is(value, target):
            found.extend(d for d in cand.diagnoses if d not in found)
            if stated != target:
                found.append(Diagnosis(code="rounding", key="counts.rounding_of_alternative",
                                       params={"sig_figs": value.sig_figs or 0}))
            break
    typo = (typo_diagnosis(int(stated), int(expected))
            if stated.denominator == 1 and expected.denominator == 1 and not value.approximate
            and value.sig_figs is None else None)
    if typo is not None:
        found.append(typo)
    seen: set[tuple[str, str]] = set()
    unique = []
    for d in found:
        if (d.code, d.key) not in seen:
            seen.add((d.code, d.key))
            unique.append(d)
    return unique


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


def grade_shape(path: str, raw: Any, expected: tuple[int, ...], *, params: LayerCountsParams,
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
    credit = credit_for(found, params.credit)
    verdict = Verdict.PARTIAL if credit > 0 else Verdict.INCORRECT
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

    def answer_model(self, question: Question) -> Any:
        params: LayerCountsParams = question.params  # type: ignore[assignment]
        fields: dict[str, Any] = {}
        for name, item in params.items.items():
            kind: Any = Value | list[int] if _is_shape_item(params, item) else Value
            fields[name] = (kind | None, Field(None, description=_describe(params, item)))
        return answers_model(question, fields)

    def numeric_answers(self, question: Question, answer: Any) -> Iterator[tuple[str, Any]]:
        params: LayerCountsParams = question.params  # type: ignore[assignment]
        for name, item in params.items.items():
            raw = getattr(answer, name, None)
            if raw is not None and not _is_shape_item(params, item):
                yield f"{question.id}.{name}", raw

    def grade(self, question: Question, answer: Any, ctx: GradingContext) -> QuestionReport:
        params: LayerCountsParams = question.params  # type: ignore[assignment]
        own = ctx.own_numeric_answers()
        items: list[ItemResult] = []
        for name, item in params.items.items():
            raw = getattr(answer, name, None) if answer is not None else None
            if raw is None and not item.required:
                continue
            points = item.points if item.points is not None else (
                question.points if item.required else 0.0)
            path = f"{question.id}.{name}"
            stack_name, stack = params.stack_of(item)
            expected = expected_value(stack.stats, item.quantity, item.layer)
            if isinstance(expected, tuple):
                items.append(grade_shape(path, raw, expected, params=params, max_score=points))
                continue
            label = item.layer or (stack.network or stack_name)
            candidates = stack_alternatives(stack.stats, item.quantity, item.layer, label)
            items.append(grade_layer_value(path, raw, expected, candidates, own=own,
                                           params=params, max_score=points))
        return QuestionReport(id=question.id, title=question.title, items=tuple(items))


def _describe(params: LayerCountsParams, item: ItemSpec) -> str:
    where = item.layer or "the whole stack"
    if len(params.stacks) > 1 and item.stack:
        where = f"{where} of {item.stack}"
    return f"{item.quantity} of {where}" + ("" if item.required else " (optional)")


KIND = LayerCountsKind()
