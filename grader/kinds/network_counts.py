"""Kind `network_counts`: neurons, parameters (and optionally more) of whole networks.

Each total is graded by `grader.numeric` against the network's reference value, with the
candidates of `grader.count_candidates`; an optional per-layer breakdown is graded layer
by layer (no points) and tells the total where the student's working first went wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from functools import cache
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from grader.count_candidates import layer_runs, network_candidates, reference_value
from grader.fields import Value, noted
from grader.items import item_result
from grader.kinds.base import QuestionKind, answers_model, number_policy
from grader.numeric import Candidate, StudentNumbers, Target, grade_number
from grader.question import CreditParams, Question
from grader.report import Diagnosis, ItemResult, QuestionReport, Verdict
from grader.validation import did_you_mean
from grader.values import ParsedValue, try_parse_value

__all__ = [
    "COUNT_FIELDS",
    "KIND",
    "NetworkCountsParams",
    "PerNetworkKind",
    "PerNetworkParams",
    "known_network",
]

COUNT_FIELDS = ("neurons", "params", "weights", "biases", "bn_params", "macs")


def known_network(name: str) -> str:
    """`name` if it is a reference network id; ValueError with a suggestion otherwise."""
    from reference.networks import NETWORKS

    if name not in NETWORKS:
        raise ValueError(f"unknown network {name!r}; {did_you_mean(name, NETWORKS)}")
    return name


class PerNetworkParams(CreditParams):
    """Parameters of a question answered network by network."""

    networks: list[str]
    variants: dict[str, list[str]] = Field(default_factory=dict)
    """Accepted alternatives per network, e.g. {alexnet: [alexnet_ungrouped]}."""

    @field_validator("networks")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        return [known_network(n) for n in v]

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {known_network(k): [known_network(n) for n in ns] for k, ns in v.items()}

    personal: str = Field("", pattern=r"^(@[0-9x,=a-z]*)?$", description=(
        "set per student, never in a rubric: the variant suffix (`@3x256x256,classes=100`) "
        "every network of the question is computed with"))

    def basis(self, network: str) -> str:
        """The id the values of `network` are computed with (the student's own variant)."""
        return network + self.personal

    def variants_of(self, network: str) -> tuple[str, ...]:
        return tuple(v + self.personal for v in self.variants.get(network, ()))


class NetworkCountsParams(PerNetworkParams):
    """Rubric parameters of a `network_counts` question."""

    quantities: list[str] = Field(default_factory=lambda: ["neurons", "params"])

    @field_validator("quantities")
    @classmethod
    def _quantities(cls, v: list[str]) -> list[str]:
        for q in v:
            if q not in COUNT_FIELDS:
                raise ValueError(f"unknown quantity {q!r}; {did_you_mean(q, COUNT_FIELDS)}")
        return v


class LayerAnswer(BaseModel):
    """Counts of one layer of a breakdown."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    neurons: Value | None = None
    params: Value | None = None
    weights: Value | None = None
    biases: Value | None = None
    macs: Value | None = None


_NOTES = {"neurons": "field.neurons", "params": "field.params", "weights": "field.weights",
          "biases": "field.biases", "bn_params": "field.bn_params", "macs": "field.macs"}
"""What each count holds, as the template and the schema say it."""


def _network_answer_model() -> type[BaseModel]:
    fields: dict[str, Any] = {name: (Value | None, Field(None, **noted(_NOTES[name])))
                              for name in COUNT_FIELDS}
    fields["layers"] = (dict[str, LayerAnswer] | None, Field(
        None, **noted("field.layers", "Optional per-layer breakdown; names as in "
                                      "`grader reference`")))
    model: type[BaseModel] = create_model(
        "NetworkAnswer", __config__=ConfigDict(frozen=True, extra="forbid"), **fields)
    return model


NetworkAnswer = _network_answer_model()

PN = TypeVar("PN", bound=PerNetworkParams)


class PerNetworkKind(QuestionKind[PN], Generic[PN]):
    """A question answered network by network (`alexnet: {...}`, `vgg19: {...}`)."""

    network_answer: ClassVar[type[BaseModel]]
    """The answer model of one network."""

    def answer_model(self, question: Question[PN]) -> Any:
        return answers_model(question, {n: (self.network_answer | None, None)
                                        for n in question.params.networks})

    def targets(self, question: Question[PN], answer: Any) -> Iterator[tuple[Target, Any]]:
        for network in question.params.networks:
            net_answer = getattr(answer, network, None)
            if net_answer is not None:
                for target, raw, _ in self.network_targets(question, network, net_answer):
                    yield target, raw

    def grade(self, question: Question[PN], answer: Any,
              numbers: StudentNumbers) -> QuestionReport:
        items: list[ItemResult] = []
        policy = number_policy(question.params)
        for network in question.params.networks:
            net_answer = getattr(answer, network, None) if answer is not None else None
            breakdown = self.breakdown_items(question, network, net_answer, numbers)
            for target, raw, points in self.network_targets(question, network, net_answer,
                                                            breakdown):
                items.append(grade_number(target, raw, policy=policy, max_score=points,
                                          numbers=numbers))
            items += breakdown
        return QuestionReport(id=question.id, title=question.title, items=tuple(items))

    def network_targets(self, question: Question[PN], network: str, answer: Any,
                        breakdown: list[ItemResult] | None = None
                        ) -> list[tuple[Target, Any, float]]:
        """(target, raw value, points) of each total asked of `network`."""
        raise NotImplementedError

    def breakdown_items(self, question: Question[PN], network: str, answer: Any,
                        numbers: StudentNumbers) -> list[ItemResult]:
        """Zero-point items of a per-layer breakdown, when the answer has one."""
        return []


class NetworkCountsKind(PerNetworkKind[NetworkCountsParams]):
    """Totals per network, each diagnosed against every computable alternative."""

    name = "network_counts"
    params_model = NetworkCountsParams
    network_answer = NetworkAnswer

    def network_targets(self, question: Question[NetworkCountsParams], network: str,
                        answer: Any, breakdown: list[ItemResult] | None = None
                        ) -> list[tuple[Target, Any, float]]:
        params = question.params
        graded = list(params.quantities)
        if answer is not None:
            graded += [q for q in COUNT_FIELDS
                       if q not in graded and getattr(answer, q, None) is not None]
        layers = (getattr(answer, "layers", None) or {}) if answer is not None else {}
        out = []
        for quantity in graded:
            own = params.basis(network)
            basis = _basis_of(breakdown or [], quantity) or own
            layer_sum, first_wrong = _breakdown(basis, layers, quantity, breakdown or [])
            target = Target(
                path=f"{question.id}.{network}.{quantity}",
                expected=Fraction(reference_value(own, quantity)),
                candidates=network_candidates(own, quantity, params.variants_of(network)),
                label=network, runs=layer_runs(own, quantity), layer_sum=layer_sum,
                first_wrong_layer=first_wrong)
            raw = getattr(answer, quantity, None) if answer is not None else None
            points = question.points if quantity in params.quantities else 0.0
            out.append((target, raw, points))
        return out

    def breakdown_items(self, question: Question[NetworkCountsParams], network: str,
                        answer: Any, numbers: StudentNumbers) -> list[ItemResult]:
        layers: dict[str, LayerAnswer] = (getattr(answer, "layers", None) or {}) \
            if answer is not None else {}
        if not layers:
            return []
        # A breakdown is judged against the network its total was identified as: a total
        # that is ungrouped AlexNet (an accepted variant) has ungrouped layers.
        from reference.engine import analyse

        policy = number_policy(question.params)
        basis: dict[str, str] = {}
        untotalled: set[str] = set()
        for target, raw, _ in self.network_targets(question, network, answer):
            quantity = target.path.rsplit(".", 1)[1]
            basis[quantity] = question.params.basis(network)
            if raw is None:
                untotalled.add(quantity)
            else:
                total = grade_number(target, raw, policy=policy, max_score=1, numbers=numbers)
                variant = _identified(total)
                if variant is None and not total.verdict.is_full_credit:
                    # A total that matches nothing: the breakdown may still be a variant's,
                    # layer for layer (its total then mis-added).
                    variant = next((v for v in question.params.variants_of(network)
                                    if _fits(v, layers, quantity)), None)
                if variant is not None and set(layers) <= set(analyse(variant).layer_names()):
                    basis[quantity] = variant
        variants = question.params.variants_of(network)
        return _grade_layers(f"{question.id}.{network}", question.params.basis(network),
                             layers, question.params, basis,
                             {q: variants for q in COUNT_FIELDS if q in untotalled
                              or q not in basis})


def _identified(total: ItemResult) -> str | None:
    """The accepted variant network a total was identified as, if any."""
    from reference.networks import NETWORKS

    first = next((d for d in total.diagnoses if d.explains), None)
    if first is None or first.code != "variant":
        return None
    variant = first.params.get("variant")
    return variant if isinstance(variant, str) and variant in NETWORKS else None


def _fits(variant: str, layers: dict[str, LayerAnswer], quantity: str) -> bool:
    """Whether every layer value given for `quantity` is exactly `variant`'s (and at
    least two are given)."""
    from reference.engine import analyse

    stats = analyse(variant)
    names = set(stats.layer_names())
    given = 0
    for name, answer in layers.items():
        raw = getattr(answer, quantity, None)
        if raw is None:
            continue
        parsed = try_parse_value(raw)
        if name not in names or not isinstance(parsed, ParsedValue):
            return False
        row = stats.layer(name)
        if parsed.value != (row.params if quantity == "params" else getattr(row, quantity)):
            return False
        given += 1
    return given >= 2


def _basis_of(items: list[ItemResult], quantity: str) -> str | None:
    """The network a breakdown's `quantity` values were judged against (from their notes)."""
    for item in items:
        if item.path.endswith(f".{quantity}"):
            for d in item.diagnoses:
                if d.key == "counts.breakdown_basis":
                    return str(d.params["variant"])
            return None
    return None


def _grade_layers(base: str, network: str, layers: dict[str, LayerAnswer],
                  params: NetworkCountsParams, basis: dict[str, str],
                  variants: dict[str, tuple[str, ...]] | None = None) -> list[ItemResult]:
    """Each submitted layer value as a zero-point item with its own diagnoses, judged
    against the network its quantity's total was identified as. With no total to identify
    it by (`variants`: the accepted variants, per such quantity), a layer's value that is
    the same layer of an accepted variant is that variant (torchvision's 64-filter conv1
    given alone)."""
    from reference.engine import analyse

    names = analyse(network).layer_names()
    policy = number_policy(params)
    items: list[ItemResult] = []
    for layer_name, layer_answer in layers.items():
        path = f"{base}.layers.{layer_name}"
        if layer_name not in names:
            diag = Diagnosis(code="layer_mismatch", key="counts.unknown_layer",
                             params={"layer": layer_name, "network": network,
                                     "hint": did_you_mean(layer_name, names)})
            items.append(item_result(path, submitted=layer_name, expected=None,
                                     verdict=Verdict.INCORRECT, max_score=0, credit=0,
                                     diagnoses=(diag,)))
            continue
        for quantity, raw in layer_answer.model_dump().items():
            if raw is None:
                continue
            judged = basis.get(quantity, network)
            target = _layer_target(f"{path}.{quantity}", judged, layer_name, quantity,
                                   (variants or {}).get(quantity, ()) if judged == network
                                   else ())
            item = grade_number(target, raw, policy=policy, max_score=0)
            if judged != network:
                note = Diagnosis(code="variant", key="counts.breakdown_basis",
                                 params={"variant": judged}, explains=False)
                item = item.model_copy(update={"diagnoses": (*item.diagnoses, note)})
            items.append(item)
    return items


@cache
def _layer_target(path: str, network: str, layer: str, quantity: str,
                  variants: tuple[str, ...] = ()) -> Target:
    """What one layer's value is expected to be: its own count; the same layer of an
    accepted variant; the counting mistakes of that layer; another quantity; another
    layer's value (a line repeated)."""
    from grader.count_candidates import QUANTITY_NAMES, stack_candidates
    from reference.engine import analyse
    from reference.variants import describe

    stats = analyse(network)
    row = stats.layer(layer)
    expected = Fraction(row.params if quantity == "params" else getattr(row, quantity))
    own: tuple[Candidate, ...] = ()
    for variant in variants:
        vstats = analyse(variant)
        if layer in vstats.layer_names():
            vrow = vstats.layer(layer)
            value = vrow.params if quantity == "params" else getattr(vrow, quantity)
            if value and value != expected:
                own += (Candidate(Fraction(value), (Diagnosis(
                    code="variant", key="counts.variant",
                    params={"variant": variant, "description": describe(variant)}),)),)
    own += stack_candidates(stats, quantity, layer, layer)
    others = []
    here = stats.layer_names().index(layer)
    # The line just above first: a student repeats the previous layer's formula.
    nearest = sorted(range(len(stats.layers)),
                     key=lambda k: (k > here, abs(k - here)))
    for other in (stats.layers[k] for k in nearest):
        value = other.params if quantity == "params" else getattr(other, quantity)
        if other.name != layer and value and value != expected:
            others.append(Candidate(Fraction(value), (Diagnosis(
                code="layer_mismatch", key="counts.equals_layer",
                params={"layer": other.name, "quantity": QUANTITY_NAMES[quantity]}),)))
    default: tuple[Candidate, ...] = ()
    if "@" in network:  # the student's own variant: the textbook layer is default_variant
        base = analyse(network.partition("@")[0])
        if layer in base.layer_names():
            row0 = base.layer(layer)
            value0 = row0.params if quantity == "params" else getattr(row0, quantity)
            if value0 != expected:
                default = (Candidate(Fraction(value0), (Diagnosis(
                    code="default_variant", key="counts.default_variant",
                    params={"network": network.partition("@")[0],
                            "quantity": QUANTITY_NAMES[quantity]}),)),)
    return Target(path=path, expected=expected, candidates=default + own + tuple(others),
                  label=layer)


@cache
def _counting_layers(network: str, quantity: str) -> tuple[str, ...]:
    """Names of the layers of `network` that contribute to `quantity`."""
    from reference.engine import analyse

    return tuple(row.name for row in analyse(network).layers
                 if (row.params if quantity == "params" else getattr(row, quantity, 0)))


def _breakdown(network: str, layers: dict[str, LayerAnswer], quantity: str,
               layer_items: list[ItemResult]) -> tuple[Fraction | None, str | None]:
    """Sum of the student's layer values for `quantity` (when every counting layer is given)
    and the first layer whose value is wrong."""
    first_wrong = None
    for item in layer_items:
        if item.path.endswith(f".{quantity}") and not item.verdict.is_full_credit:
            first_wrong = item.path.split(".layers.", 1)[1].rsplit(".", 1)[0]
            break
    total = Fraction(0)
    for name in _counting_layers(network, quantity):
        raw = getattr(layers.get(name), quantity, None) if name in layers else None
        if raw is None:
            return None, first_wrong
        parsed = try_parse_value(raw)
        if not isinstance(parsed, ParsedValue):
            return None, first_wrong
        total += parsed.value
    return total, first_wrong


KIND = NetworkCountsKind()
