"""What a wrong count might be: the candidates of `grader.numeric` for counts of layers.

For a reference network, a custom stack, or one layer of either, every value a known
counting mistake, an accepted variant or another network produces, with the diagnosis it
implies. The values come from `reference.alternatives`; this module only words them.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from functools import cache
from typing import Any

from grader.codes import same_network_codes
from grader.numeric import Candidate
from grader.report import Diagnosis
from reference.alternatives import Alternative
from reference.engine import NetworkStats
from reference.variants import describe

__all__ = [
    "QUANTITY_NAMES",
    "layer_runs",
    "network_candidates",
    "reference_value",
    "stack_candidates",
]

QUANTITY_NAMES: dict[str, dict[str, str]] = {
    "neurons": {"zh": "神经元数", "en": "neurons"},
    "params": {"zh": "参数数", "en": "parameters"},
    "weights": {"zh": "权重数", "en": "weights"},
    "biases": {"zh": "偏置数", "en": "biases"},
    "bn_params": {"zh": "BatchNorm 参数数", "en": "BatchNorm parameters"},
    "macs": {"zh": "乘加次数", "en": "multiply-accumulates"},
}
"""How a quantity is named inside a sentence, in each language."""


def reference_value(network: str, quantity: str) -> int:
    """The reference total of `quantity` for `network`."""
    from reference.engine import analyse

    value: int = getattr(analyse(network).totals, quantity)
    return value


def _diagnosis(alt: Alternative, label: str, quantity: str) -> Diagnosis:
    named = str(alt.detail.get("exchanged", quantity))
    params: dict[str, Any] = {"network": label, "quantity": QUANTITY_NAMES[named],
                              **dict(alt.detail)}
    return Diagnosis(code=alt.code, key=alt.message, params=params)


def _candidates(alts: Iterable[Alternative], label: str, quantity: str) -> list[Candidate]:
    return [Candidate(Fraction(a.value), (_diagnosis(a, label, quantity),)) for a in alts]


def _pairs(stats: NetworkStats, alts: list[Alternative], label: str,
           quantity: str, layer: str | None = None) -> list[Candidate]:
    """Two independent counting mistakes made together (input and pooling both counted,
    BatchNorm and shortcuts both left out), valued exactly."""
    from reference.alternatives import combined

    out = []
    for i, a in enumerate(alts):
        for b in alts[i + 1:]:
            value = combined(stats, a, b, layer)
            if value is not None:
                out.append(Candidate(Fraction(value), (_diagnosis(a, label, quantity),
                                                       _diagnosis(b, label, quantity))))
    return out


def _same_network(network: str, quantity: str) -> list[Alternative]:
    from reference.alternatives import alternatives

    return [a for a in alternatives(network) if a.quantity == quantity]


@cache
def network_candidates(network: str, quantity: str,
                       variants: tuple[str, ...] = ()) -> tuple[Candidate, ...]:
    """Every explainable wrong or variant value of `quantity` for `network`, most specific
    first: its own counting mistakes (alone and in pairs), the accepted `variants`
    (and their mistakes), another quantity given, then every other network."""
    from reference.alternatives import confusions
    from reference.engine import analyse
    from reference.networks import NETWORKS

    stats = analyse(network)
    own = _same_network(network, quantity)
    out = _defaults(network, variants, quantity)
    out += _candidates(own, network, quantity)
    out += _pairs(stats, own, network, quantity)
    for variant in variants:
        tag = Diagnosis(code="variant", key="counts.variant",
                        params={"variant": variant,
                                "description": describe(variant)})
        out.append(Candidate(Fraction(reference_value(variant, quantity)), (tag,)))
        out += [Candidate(c.value, (tag, *c.diagnoses))
                for c in _candidates(_same_network(variant, quantity), variant, quantity)]
    out += _candidates(confusions(stats, quantity), network, quantity)
    for variant in variants:
        tag = Diagnosis(code="variant", key="counts.variant",
                        params={"variant": variant,
                                "description": describe(variant)})
        out += [Candidate(c.value, (tag, *c.diagnoses))
                for c in _candidates(confusions(analyse(variant), quantity), variant,
                                     quantity)]
    related = {network, *variants} | {n.partition("@")[0] for n in (network, *variants)}
    others = [o for o in NETWORKS if o not in related]
    tags = {o: Diagnosis(code="other_network", key="counts.other_network",
                         params={"other": o, "network": network,
                                 "quantity": QUANTITY_NAMES[quantity]}) for o in others}
    out += [Candidate(Fraction(reference_value(o, quantity)), (tags[o],)) for o in others]
    for o in others:
        out += [Candidate(c.value, (tags[o], *c.diagnoses))
                for c in _candidates(_same_network(o, quantity), o, quantity)
                if c.diagnoses[0].code in same_network_codes()]
    expected = reference_value(network, quantity)  # a variant may count the same
    return tuple(c for c in out if c.value != expected)


def _defaults(network: str, variants: tuple[str, ...], quantity: str) -> list[Candidate]:
    """For a student's own variant (`alexnet@3x256x256`): the textbook value of the network
    (and of its accepted variants) — what the public answer keys give — as `default_variant`."""
    if "@" not in network:
        return []
    out = []
    for net in (network, *variants):
        base = net.partition("@")[0]
        out.append(Candidate(Fraction(reference_value(base, quantity)), (Diagnosis(
            code="default_variant", key="counts.default_variant",
            params={"network": base, "quantity": QUANTITY_NAMES[quantity]}),)))
    return out


def stack_candidates(stats: NetworkStats, quantity: str, layer: str | None,
                     label: str) -> tuple[Candidate, ...]:
    """The wrong values of `quantity` of a stack (or one of its layers) that a counting
    mistake or another quantity produces."""
    from reference.alternatives import confusions, counting_alternatives

    own = [a for a in counting_alternatives(stats, layer) if a.quantity == quantity]
    return tuple(_candidates(own, label, quantity) + _pairs(stats, own, label, quantity, layer)
                 + _candidates(confusions(stats, quantity, layer), label, quantity))


@cache
def layer_runs(network: str, quantity: str) -> frozenset[int]:
    """Every sum of consecutive layers' `quantity` (students add layers up in groups)."""
    from reference.engine import analyse

    if quantity not in QUANTITY_NAMES:
        return frozenset()
    values = [v for v in (row.params if quantity == "params" else getattr(row, quantity)
                          for row in analyse(network).layers) if v]
    runs = set()
    for i in range(len(values)):
        total = 0
        for v in values[i:]:
            total += v
            runs.add(total)
    return frozenset(runs)
