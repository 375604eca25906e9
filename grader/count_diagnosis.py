"""Why a count is wrong: compare it with every alternative the references can compute."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any, Literal

from grader.report import Diagnosis
from grader.values import ParsedValue, format_value

__all__ = [
    "Candidate",
    "Quantity",
    "candidates_for",
    "diagnose_count",
    "is_typo",
    "reference_value",
    "typo_diagnosis",
    "typo_kind",
]

Quantity = Literal["neurons", "params", "weights", "biases", "bn_params", "macs"]
QUANTITIES: tuple[Quantity, ...] = ("neurons", "params", "weights", "biases", "bn_params", "macs")

QUANTITY_NAMES: dict[str, dict[str, str]] = {
    "neurons": {"zh": "神经元数", "en": "neurons"},
    "params": {"zh": "参数数", "en": "parameters"},
    "weights": {"zh": "权重数", "en": "weights"},
    "biases": {"zh": "偏置数", "en": "biases"},
    "bn_params": {"zh": "BatchNorm 参数数", "en": "BatchNorm parameters"},
    "macs": {"zh": "乘加次数", "en": "multiply-accumulates"},
}
"""How a quantity is named inside a sentence, in each language."""

# Alternative codes whose meaning is "the same network, counted another way".
_SAME_NETWORK_CODES = {
    "bias_omitted", "bn_omitted", "input_included", "pooling_included", "shortcut_excluded",
    "channels_not_neurons", "variant",
}


@dataclass(frozen=True)
class Candidate:
    """A value a student might plausibly have written, and the diagnoses it implies."""

    value: int
    diagnoses: tuple[Diagnosis, ...]


def reference_value(network: str, quantity: str) -> int:
    """The reference total of `quantity` for `network`."""
    from reference.engine import analyse

    value: int = getattr(analyse(network).totals, quantity)
    return value


def _pairs(network: str, quantity: str) -> list[Candidate]:
    """Two independent counting mistakes made together (input and pooling both counted,
    BatchNorm and shortcuts both left out), valued exactly by the reference."""
    from reference.alternatives import alternatives, combined

    alts = [a for a in alternatives(network) if a.quantity == quantity]
    out = []
    for i, a in enumerate(alts):
        for b in alts[i + 1:]:
            value = combined(network, a, b)
            if value is not None:
                out.append(Candidate(value, (_alternative_diagnosis(a, network, quantity),
                                             _alternative_diagnosis(b, network, quantity))))
    return out


def _alternative_diagnosis(alt: Any, network: str, quantity: str) -> Diagnosis:
    params: dict[str, Any] = {"network": network, "quantity": QUANTITY_NAMES[quantity],
                              **dict(alt.detail)}
    key = f"counts.{alt.key}" if alt.code == "variant" else f"counts.{alt.code}"
    return Diagnosis(code=alt.code, key=key, params=params)


def _same_network(network: str, quantity: str) -> list[Candidate]:
    from reference.alternatives import alternatives

    return [
        Candidate(alt.value, (_alternative_diagnosis(alt, network, quantity),))
        for alt in alternatives(network)
        if alt.quantity == quantity
    ]


@cache
def candidates_for(network: str, quantity: str,
                   variants: tuple[str, ...]) -> tuple[Candidate, ...]:
    """Every explainable wrong or variant value of `quantity` for `network`, most specific first."""
    from reference.networks import NETWORKS

    out: list[Candidate] = list(_same_network(network, quantity))
    out.extend(_pairs(network, quantity))
    for variant in variants:
        desc = NETWORKS[variant].description
        tag = Diagnosis(code="variant", key="counts.variant",
                        params={"variant": variant, "description": desc})
        out.append(Candidate(reference_value(variant, quantity), (tag,)))
        out.extend(Candidate(c.value, (tag, *c.diagnoses))
                   for c in _same_network(variant, quantity))
    if quantity == "macs":
        # FLOPs count a multiply-accumulate as two operations.
        out.append(Candidate(2 * reference_value(network, "macs"),
                             (Diagnosis(code="flops_counted", key="counts.flops_counted",
                                        params={"network": network}),)))
    exchanged = {"neurons": "params", "params": "neurons"}.get(quantity)
    if exchanged:
        out.append(Candidate(reference_value(network, exchanged),
                             (Diagnosis(code="quantity_swapped", key="counts.quantity_swapped",
                                        params={"quantity": QUANTITY_NAMES[exchanged]}),)))
    swapped = {"params": "macs", "macs": "params"}.get(quantity)
    if swapped:
        key = "counts.macs_not_params" if quantity == "params" else "counts.params_not_macs"
        out.append(Candidate(reference_value(network, swapped),
                             (Diagnosis(code="macs_not_params", key=key,
                                        params={"network": network}),)))
    related = {network, *variants}
    for other in NETWORKS:
        if other in related:
            continue
        tag = Diagnosis(code="other_network", key="counts.other_network",
                        params={"other": other, "network": network,
                                "quantity": QUANTITY_NAMES[quantity]})
        out.append(Candidate(reference_value(other, quantity), (tag,)))
    for other in NETWORKS:
        if other in related:
            continue
        tag = Diagnosis(code="other_network", key="counts.other_network",
                        params={"other": other, "network": network,
                                "quantity": QUANTITY_NAMES[quantity]})
        out.extend(Candidate(c.value, (tag, *c.diagnoses))
                   for c in _same_network(other, quantity)
                   if c.diagnoses[0].code in _SAME_NETWORK_CODES)
    return tuple(out)


def typo_kind(submitted: int, expected: int) -> Literal["changed", "swapped", "dropped",
                                                         "added"] | None:
    """How `submitted` is `expected` with one slip of the pen, or None when it is not."""
    a, b = str(abs(submitted)), str(abs(expected))
    if a == b or (submitted < 0) != (expected < 0):
        return None
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return "changed"
        if (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]):
            return "swapped"
        return None
    if len(a) + 1 == len(b) and any(b[:i] + b[i + 1:] == a for i in range(len(b))):
        return "dropped"
    if len(a) == len(b) + 1 and any(a[:i] + a[i + 1:] == b for i in range(len(a))):
        return "added"
    return None


def is_typo(submitted: int, expected: int) -> bool:
    """True when `submitted` is `expected` with one digit changed, dropped, added or swapped."""
    return typo_kind(submitted, expected) is not None


def typo_diagnosis(submitted: int, expected: int) -> Diagnosis | None:
    """The `typo` diagnosis naming the slip (digit changed, swapped, dropped or added)."""
    kind = typo_kind(submitted, expected)
    return None if kind is None else Diagnosis(code="typo", key=f"counts.typo_{kind}")


@dataclass(frozen=True)
class CountCheck:
    """What is known about one submitted count besides its value."""

    path: str
    network: str
    quantity: str
    expected: int
    variants: tuple[str, ...] = ()
    own_answers: Mapping[str, Fraction] = field(default_factory=dict)
    """The student's numeric answers by path in rubric order, for `copied_from`."""
    layer_sum: Fraction | None = None
    """Sum of the student's own per-layer values for this quantity, when a full breakdown exists."""
    first_wrong_layer: str | None = None
    min_sig_figs: int = 1
    """Approximations coarser than this explain no mistake (too many values round alike)."""


def diagnose_count(value: ParsedValue, check: CountCheck) -> list[Diagnosis]:
    """Every diagnosis that explains `value`, most specific first; empty when nothing does."""
    found: list[Diagnosis] = []
    stated = value.value
    own_match = _own_candidate(value, check)
    own_explained = own_match is not None and own_match.diagnoses[0].code in _SAME_NETWORK_CODES
    copy = None if own_explained else _copied_from(stated, check)
    if copy is not None:
        found.append(copy)
    if len(value.sides) > 1 and not value.consistent():
        computed = value.sides[0]
        # Credit only when the parts were right and the final step slipped.
        found.append(Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_chain",
                               params={"computed": format_value(computed),
                                       "stated": format_value(stated)},
                               explains=value.sides[0] == check.expected))
    if own_match is not None:
        found.extend(d for d in own_match.diagnoses if d not in found)
        if value.value != own_match.value:
            found.append(Diagnosis(code="rounding", key="counts.rounding_of_alternative",
                                   params={"sig_figs": value.sig_figs or 0}))
    if check.layer_sum is not None and check.layer_sum != stated \
            and check.layer_sum == check.expected:
        found.append(Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_layers",
                               params={"sum": format_value(check.layer_sum),
                                       "stated": format_value(stated)}))
    stray = _stray_term(value, check.network, check.quantity)
    if stray is not None:
        found.append(stray)
    if check.first_wrong_layer is not None:
        found.append(Diagnosis(code="layer_mismatch", key="counts.layer_mismatch",
                               params={"layer": check.first_wrong_layer}, explains=False))
    typo = (typo_diagnosis(int(stated), check.expected)
            if stated.denominator == 1 and not value.approximate else None)
    if typo is not None:
        found.append(typo)
    return _unique(found)


@cache
def _exact_index(network: str, quantity: str,
                 variants: tuple[str, ...]) -> dict[int, Candidate]:
    """Candidates by value, the most specific first: an exact answer is one lookup."""
    index: dict[int, Candidate] = {}
    for cand in candidates_for(network, quantity, variants):
        index.setdefault(cand.value, cand)
    return index


@cache
def _layer_runs(network: str, quantity: str) -> frozenset[int]:
    """Every sum of consecutive layers' `quantity` (students add layers up in groups)."""
    from reference.engine import analyse

    if quantity not in QUANTITIES:
        return frozenset()
    values = [v for v in (getattr(row, quantity) if quantity != "params" else row.params
                          for row in analyse(network).layers) if v]
    runs = set()
    for i in range(len(values)):
        total = 0
        for v in values[i:]:
            total += v
            runs.add(total)
    return frozenset(runs)


def _stray_term(value: ParsedValue, network: str, quantity: str) -> Diagnosis | None:
    """The one written term that is no layer or run of layers, when all the others are.

    Seed 000 sums VGG19's neurons block by block; every block is right but the first,
    written 3,161,600 × 2 where 224·224·64 × 2 belongs.
    """
    if len(value.terms) < 3:
        return None
    runs = _layer_runs(network, quantity)
    stray = [text for text, term in value.terms
             if term.denominator != 1 or term.numerator not in runs]
    if len(stray) != 1:
        return None
    return Diagnosis(code="layer_mismatch", key="counts.term_mismatch",
                     params={"term": stray[0], "network": network}, explains=False)


def _own_candidate(value: ParsedValue, check: CountCheck) -> Candidate | None:
    """The first computable alternative `value` states, exactly or at its precision."""
    if not value.tolerance():
        if value.value.denominator != 1:
            return None
        return _exact_index(check.network, check.quantity, check.variants).get(
            value.value.numerator)
    coarse = value.sig_figs is not None and value.sig_figs < check.min_sig_figs
    for cand in candidates_for(check.network, check.quantity, check.variants):
        match = value.matches(Fraction(cand.value))
        if match == "exact" or (match == "rounding" and not coarse):
            return cand
    return None


def _copied_from(stated: Fraction, check: CountCheck) -> Diagnosis | None:
    """`copied_from` when the value repeats another of the student's answers.

    Of two equal answers the copy is the one the value does not fit: when it is right or a
    known mistake for the other item, this item is the copy; when it fits neither, the
    later one is. Answers about the same network (mults and adds) are not compared: they
    may rightly be equal.
    """
    if stated == check.expected:
        return None
    before = True
    same_network = check.path.rsplit(".", 1)[0] + "."
    for other_path, other_value in check.own_answers.items():
        if other_path == check.path:
            before = False
            continue
        if other_value != stated or other_path.startswith(same_network):
            continue
        if before or _fits(other_path, stated):
            return Diagnosis(code="copied_from", key="counts.copied_from",
                             params={"other": other_path})
    return None


def _fits(path: str, value: Fraction) -> bool:
    """Whether `value` is right, or a known way of counting, for the item at `path`."""
    from reference.networks import NETWORKS

    parts = path.split(".")
    if len(parts) != 3 or parts[1] not in NETWORKS:
        return False
    quantity = {"mults": "macs"}.get(parts[2], parts[2])
    if quantity not in QUANTITIES:
        return False
    network = parts[1]
    return value == reference_value(network, quantity) or any(
        c.value == value for c in _same_network(network, quantity))


def _unique(items: Iterable[Diagnosis]) -> list[Diagnosis]:
    seen: set[tuple[str, str]] = set()
    out = []
    for d in items:
        if (d.code, d.key) not in seen:
            seen.add((d.code, d.key))
            out.append(d)
    return out


def credit_for(diagnoses: Sequence[Diagnosis], credit: Mapping[str, float]) -> float:
    """The credit the rubric gives a wrong answer: the least generous diagnosis that explains it."""
    explaining = [d for d in diagnoses if d.explains]
    if not explaining:
        return 0.0
    return min(credit.get(d.code, 0.0) for d in explaining)
