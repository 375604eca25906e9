"""One way to grade a number, shared by every question kind that asks for one.

A kind says only what it expects: a `Target` (the item's path, its expected value and the
`Candidate` values that known mistakes, accepted variants and other networks give). The
rest is the same for a network's parameter count, a layer's MACs, a recall or an IoU:

1. parse the text (`grader.values`); absent → `missing`, unreadable → `unparsed`;
2. the right value, exactly, rounded at the precision written, glossed, or truncated;
3. a candidate value: exactly, through the written working (`a×b = c`), or at the
   precision written (a too coarse approximation names no mistake);
4. the student's own other answers: a value repeated from another item is `copied_from`
   it — unless the value is exactly a way of counting this very item; of two equal
   answers the copy is the one the value does not fit (the later one when it fits
   neither); items that expect the same value may rightly be equal;
5. the written working: a chain whose sides disagree, a breakdown that adds up while the
   total does not, the one written term that is no layer, a one-digit typo;
6. credit: the least generous diagnosis that explains the value, from the rubric's credit
   table (`grader.codes.credit_table`), or a diagnosis's own fixed credit (a convention the
   rubric accepts); full credit through anything but rounding is `accepted_variant`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from grader.codes import credit_table, same_network_codes
from grader.errors import ValueParseError
from grader.items import item_result, missing_item, unparsed_item
from grader.report import Diagnosis, ItemResult, Verdict
from grader.values import ParsedValue, format_value, read_as, try_parse_value
from grader.values._limits import _floor_log10

__all__ = [
    "Candidate",
    "NumberPolicy",
    "StudentNumbers",
    "Target",
    "credit_and_verdict",
    "grade_number",
    "slip_note",
    "typo_diagnosis",
    "typo_kind",
]


@dataclass(frozen=True)
class Candidate:
    """A value a student might plausibly write instead of the expected one, and why."""

    value: Fraction
    diagnoses: tuple[Diagnosis, ...]
    other_item: str | None = None
    """The path of another item whose expected value this is (precision given as recall):
    when the student's answer to that item is the same value, it is a copy, not a swap."""

    @property
    def same_network(self) -> bool:
        """The same network or table counted another way (`grader.codes`)."""
        return bool(self.diagnoses) and self.diagnoses[0].code in same_network_codes()


@dataclass(frozen=True)
class Target:
    """What a kind expects of one numeric item."""

    path: str
    expected: Fraction
    candidates: tuple[Candidate, ...] = ()
    """Most specific first: the first match explains the value."""
    label: str = ""
    """What is counted (a network id), for messages."""
    runs: frozenset[int] = frozenset()
    """Every sum of consecutive layers: a written sum whose terms are all runs but one
    names that one term."""
    layer_sum: Fraction | None = None
    """The sum of the student's own per-layer values, when a full breakdown was given."""
    first_wrong_layer: str | None = None


@dataclass(frozen=True)
class NumberPolicy:
    """How a rubric credits numbers."""

    credit: Mapping[str, float] = field(default_factory=credit_table)
    min_sig_figs: int = 1
    """Approximations with fewer significant figures earn half the rounding credit and
    explain no mistake (too many values round alike)."""
    relative_tolerance: Fraction = Fraction(0)
    """An approximation (`61.1M`, `≈…`) within this share of a value also matches it."""



class StudentNumbers:
    """Every number a student gave (by item path, in rubric order) and what each item
    expects: computed once per submission, consulted for `copied_from`."""

    def __init__(self, entries: Iterable[tuple[Target, Any]] = ()) -> None:
        self._parsed: dict[str, ParsedValue] = {}
        self._targets: dict[str, Target] = {}
        for target, raw in entries:
            self._targets[target.path] = target
            if raw is None:
                continue
            parsed = try_parse_value(raw)
            if isinstance(parsed, ParsedValue):
                self._parsed[target.path] = parsed

    def value(self, path: str) -> Fraction | None:
        parsed = self._parsed.get(path)
        return None if parsed is None else parsed.value

    def items(self) -> Iterator[tuple[str, Fraction]]:
        return ((path, parsed.value) for path, parsed in self._parsed.items())

    def expected(self, path: str) -> Fraction | None:
        target = self._targets.get(path)
        return None if target is None else target.expected

    def fits(self, path: str, value: Fraction) -> bool:
        """Whether the student's answer at `path` (equal to `value`) is right there, at the
        precision written, or exactly a way of counting that item."""
        target = self._targets.get(path)
        parsed = self._parsed.get(path)
        if target is None or parsed is None or parsed.value != value:
            return False
        return parsed.matches(target.expected) is not None or any(
            c.value == value and c.same_network for c in target.candidates)


# ----------------------------------------------------------------------------- grading


def grade_number(target: Target, raw: Any, *, policy: NumberPolicy, max_score: float,
                 numbers: StudentNumbers | None = None) -> ItemResult:
    """Grade one numeric answer against `target` (see the module's docstring)."""
    expected_text = format_value(target.expected)
    if raw is None:
        return missing_item(target.path, expected_text, max_score)
    submitted = str(raw)
    parsed = try_parse_value(raw)
    if isinstance(parsed, ValueParseError):
        return unparsed_item(target.path, submitted, expected_text, parsed, max_score)
    right = None if _working_is_a_mistake(parsed, target, policy) \
        else _right_value(parsed, target.expected, policy)
    if right is not None:
        credit, notes = right
        verdict = Verdict.CORRECT if credit >= 1.0 else Verdict.PARTIAL
        return item_result(target.path, submitted=submitted, expected=expected_text,
                           verdict=verdict, max_score=max_score, credit=credit,
                           diagnoses=notes, read_as=read_as(parsed))
    found = _explain(parsed, target, policy, numbers or StudentNumbers())
    credit, verdict = credit_and_verdict(found, policy.credit)
    return item_result(target.path, submitted=submitted, expected=expected_text,
                       verdict=verdict, max_score=max_score, credit=credit, diagnoses=found,
                       read_as=read_as(parsed))


def credit_and_verdict(diagnoses: Sequence[Diagnosis], credit_table: Mapping[str, float]
                       ) -> tuple[float, Verdict]:
    """The one rule from diagnoses to credit and verdict, for every kind: the least generous
    explaining diagnosis sets the credit (its own fixed credit, else the rubric's table);
    full credit through anything but rounding is an accepted variant."""
    explaining = [d for d in diagnoses if d.explains]
    if not explaining:
        return 0.0, Verdict.INCORRECT
    credit = min(d.credit if d.credit is not None else credit_table.get(d.code, 0.0)
                 for d in explaining)
    if credit >= 1.0:
        plain = all(d.code == "rounding" for d in explaining)
        return 1.0, Verdict.CORRECT if plain else Verdict.ACCEPTED_VARIANT
    return credit, Verdict.PARTIAL if credit > 0 else Verdict.INCORRECT


def slip_note(value: ParsedValue, *, explains: bool) -> Diagnosis:
    """`arithmetic_slip`: the written terms are right, the total written after them not."""
    return Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_chain",
                     params={"computed": format_value(value.sides[0]),
                             "stated": format_value(value.value)}, explains=explains)


def chain_note(value: ParsedValue) -> Diagnosis:
    """`inconsistent_chain` (a note): the first two sides of a written chain that disagree."""
    sides = value.sides
    tols = [value.side_tolerance(i) for i in range(len(sides))]
    for i in range(len(sides) - 1):
        if abs(sides[i] - sides[i + 1]) > max(tols[i], tols[i + 1]):
            return Diagnosis(code="inconsistent_chain", key="counts.inconsistent_chain",
                             params={"left": format_value(sides[i]),
                                     "right": format_value(sides[i + 1])}, explains=False)
    return Diagnosis(code="inconsistent_chain", key="counts.inconsistent_chain",
                     params={"left": format_value(sides[0]),
                             "right": format_value(sides[-1])}, explains=False)


def _unexplained(value: Fraction, expected: Fraction) -> Diagnosis | None:
    """The plain statement that no known mistake gives the value, with the size of the gap."""
    if not expected or value * expected <= 0:
        return Diagnosis(code="unexplained", key="counts.unexplained", explains=False)
    ratio = value / expected
    if ratio >= 2 or ratio <= Fraction(1, 2):
        times = ratio if ratio >= 2 else 1 / ratio
        shown = f"{float(times):.3g}"
        key = "counts.unexplained_times_more" if ratio >= 2 else "counts.unexplained_times_less"
        return Diagnosis(code="unexplained", key=key, params={"times": shown},
                         explains=False)
    percent = abs(ratio - 1) * 100
    shown = f"{float(percent):.2g}" if percent < 10 else str(round(percent))
    key = "counts.unexplained_above" if ratio > 1 else "counts.unexplained_below"
    return Diagnosis(code="unexplained", key=key, params={"percent": shown}, explains=False)


def _chain_slips(value: ParsedValue) -> bool:
    return len(value.sides) > 1 and not value.consistent()


def _working_is_a_mistake(parsed: ParsedValue, target: Target, policy: NumberPolicy
                          ) -> bool:
    """Whether a stated value that rounds the expected one only glosses a working that
    computes exactly a known mistake's count (`3*3*512*512 = 2.4*10^6`: the weights
    without the bias, rounded). The mistake explains it, as the expected value in the
    working would earn it full credit; an accepted variant in the working changes nothing."""
    if len(parsed.sides) < 2 or parsed.sides[0] == target.expected \
            or parsed.matches(target.expected) == "exact" \
            or not (parsed.approximate or parsed.consistent()):
        return False
    cand = _index(target.candidates).get(parsed.sides[0])
    return cand is not None and cand.same_network and any(
        (d.credit if d.credit is not None else policy.credit.get(d.code, 0.0)) < 1.0
        for d in cand.diagnoses if d.explains)


def _right_value(parsed: ParsedValue, expected: Fraction, policy: NumberPolicy
                 ) -> tuple[float, list[Diagnosis]] | None:
    """Credit and notes when `parsed` states the expected value (exactly, rounded,
    glossed or truncated); None when it does not. A written chain whose sides disagree
    earns a note (`arithmetic_slip`, no cost): the answer stands, the working slipped."""
    found = _right_value_notes(parsed, expected, policy)
    if found is None:
        return None
    credit, notes = found
    if _chain_slips(parsed) and expected not in parsed.sides[:-1]:
        notes.append(chain_note(parsed))
    return credit, notes


def _right_value_notes(parsed: ParsedValue, expected: Fraction, policy: NumberPolicy
                       ) -> tuple[float, list[Diagnosis]] | None:
    rounding_credit = policy.credit.get("rounding", 1.0)
    match = parsed.matches(expected)
    if match == "exact":
        return 1.0, []
    if expected in parsed.sides[:-1] and (parsed.approximate or parsed.consistent()):
        # `143667240 ≈ 1.44亿`, `256×5×5×4096 = 26.2M`: the exact value is there; the last
        # side only glosses it. (`4/(4+6) = 0.5` is a slip: the last side is the answer.)
        notes = [] if match else [Diagnosis(code="rounding", key="counts.gloss_off",
                                            explains=False)]
        return 1.0, notes
    sig = parsed.sig_figs
    if match is None and sig is None and not parsed.is_expression:
        sig = _implied_sig_figs(parsed.value, expected)  # 143,700,000: trailing zeros
        match = "rounding" if sig else None
    if match is None:
        coarser = parsed.matches_coarser(expected)  # 660K: the last zero a placeholder
        if coarser is not None:
            sig, match = coarser, "rounding"
    if match is None and _within_relative(parsed, expected, policy):
        match = "rounding"
    if match == "rounding":
        working = len(parsed.sides) > 1 and parsed.sides[0] == expected
        if sig is not None and sig < policy.min_sig_figs and not working:
            return rounding_credit / 2, [Diagnosis(
                code="rounding", key="counts.too_imprecise",
                params={"sig_figs": sig, "min": policy.min_sig_figs})]
        if parsed.rounded_steps and not working:
            return rounding_credit, [Diagnosis(code="rounding", key="counts.rounded_steps")]
        return rounding_credit, [Diagnosis(code="rounding", key="counts.rounding",
                                           params={"sig_figs": sig or 0})]
    cut = sig if sig is not None else _trailing_zero_figs(parsed)  # 650,000: two figures
    if cut is not None and _truncated(parsed.value, expected, cut):
        return rounding_credit / 2, [Diagnosis(code="rounding", key="counts.truncated",
                                               params={"sig_figs": cut})]
    return None


def _trailing_zero_figs(parsed: ParsedValue) -> int | None:
    """The figures of a plain whole number ending in three or more zeros (650,000: 2), at
    least two of them; None otherwise."""
    value = parsed.value
    if parsed.is_expression or value.denominator != 1 or value <= 0:
        return None
    digits = str(value.numerator)
    zeros = len(digits) - len(digits.rstrip("0"))
    figs = len(digits) - zeros
    return figs if zeros >= 3 and figs >= 2 else None


def _within_relative(value: ParsedValue, target: Fraction, policy: NumberPolicy) -> bool:
    if not policy.relative_tolerance or not target:
        return False
    if value.sig_figs is None and not value.approximate:
        return False
    return abs(value.value - target) <= abs(target) * policy.relative_tolerance


def _implied_sig_figs(value: Fraction, expected: Fraction) -> int | None:
    """Significant figures of a whole number written with three or more trailing zeros,
    when at that precision it is the expected value (143,700,000 for 143,667,240)."""
    if value.denominator != 1 or value <= 0:
        return None
    digits = str(value.numerator)
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros < 3:
        return None
    return len(digits) - zeros if abs(value - expected) * 2 <= 10 ** zeros else None


def _truncated(value: Fraction, expected: Fraction, sig: int) -> bool:
    """True when `value` is `expected` cut off (not rounded) at `sig` significant figures
    (60,900,000 for 60,965,224; 0.127 for 0.12778)."""
    if value <= 0 or expected <= value:
        return False
    unit = Fraction(10) ** (_floor_log10(expected) - sig + 1)
    return value == (expected // unit) * unit


# ----------------------------------------------------------------------------- explaining


def _explain(value: ParsedValue, target: Target, policy: NumberPolicy,
             numbers: StudentNumbers) -> list[Diagnosis]:
    """Every diagnosis that explains a wrong `value`, most specific first."""
    found: list[Diagnosis] = []
    match = _match_candidate(value, target.candidates, target.expected, policy)
    cand, how = match if match is not None else (None, None)
    if cand is not None and cand.other_item is not None \
            and numbers.value(cand.other_item) == value.value:
        cand = None  # the other item's answer is the same value: a copy, said below
    exact_own = cand is not None and how == "exact" and cand.same_network
    copy = None if exact_own else _copied_from(value.value, target, numbers)
    if copy is not None:
        found.append(copy)
        if how != "exact":
            cand = None  # a coincidence at the precision given explains less than a copy
    if _chain_slips(value):
        found.append(slip_note(value, explains=True) if value.sides[0] == target.expected
                     else chain_note(value))
    if cand is not None:
        found.extend(d for d in cand.diagnoses if d not in found)
        if how == "coarse":
            found.append(Diagnosis(code="rounding", key="counts.too_imprecise",
                                   params={"sig_figs": value.sig_figs or 0,
                                           "min": policy.min_sig_figs},
                                   credit=policy.credit.get("rounding", 1.0) / 2))
        elif how == "truncated":
            found.append(Diagnosis(code="rounding", key="counts.truncated",
                                   params={"sig_figs": _written_figs(value) or 0},
                                   credit=policy.credit.get("rounding", 1.0) / 2))
        elif how != "exact" and value.value != cand.value:
            found.append(Diagnosis(code="rounding", key="counts.rounding_of_alternative",
                                   params={"sig_figs": value.sig_figs or 0}))
    stated = value.value
    # One mistake, one explanation: when a known mistake gives the value, the written
    # working's other oddities (a total beside the breakdown, a stray term) follow from it.
    if cand is None and target.layer_sum is not None and target.layer_sum != stated \
            and target.layer_sum in _accepted_totals(target):
        found.append(Diagnosis(code="arithmetic_slip", key="counts.arithmetic_slip_layers",
                               params={"sum": format_value(target.layer_sum),
                                       "stated": format_value(stated)}))
    stray = _stray_term(value, target) if cand is None else None
    if stray is not None:
        found.append(stray)
    if target.first_wrong_layer is not None:
        found.append(Diagnosis(code="layer_mismatch", key="counts.layer_mismatch",
                               params={"layer": target.first_wrong_layer}, explains=False))
    if (cand is None and stated.denominator == 1 and target.expected.denominator == 1
            and not value.approximate and value.sig_figs is None):
        typo = typo_diagnosis(int(stated), int(target.expected))
        if typo is not None:
            found.append(typo)
    if not any(d.explains for d in found):
        plain = _unexplained(stated, target.expected)
        if plain is not None:
            found.append(plain)
    return _unique(found)


_How = Literal["exact", "working", "rounding", "coarse", "truncated"]


def _match_candidate(value: ParsedValue, candidates: Sequence[Candidate], expected: Fraction,
                     policy: NumberPolicy
                     ) -> tuple[Candidate, _How] | None:
    """The first candidate equal to the value; else whose value the written working
    computes; else the first within the precision written (unless too coarse)."""
    if not candidates:
        return None
    hit = _index(candidates).get(value.value)
    if hit is not None:
        return hit, "exact"
    if len(value.sides) > 1 and value.sides[0] != expected:
        hit = _index(candidates).get(value.sides[0])
        if hit is not None:
            return hit, "working"
    if not value.tolerance() and not (policy.relative_tolerance and value.approximate):
        return None
    coarse = value.sig_figs is not None and value.sig_figs < policy.min_sig_figs
    for cand in candidates:
        # The rubric's own tolerance holds at any precision; significant figures explain
        # a mistake only when there are enough of them.
        if _within_relative(value, cand.value, policy) or (
                not coarse and value.matches(cand.value) is not None):
            return cand, "rounding"
    if coarse:
        # An accepted variant rounded too coarsely (62M for ungrouped AlexNet) is that
        # variant, imprecise — as the expected value rounded too coarsely is.
        for cand in candidates:
            if _is_variant_total(cand) and value.matches(cand.value) is not None:
                return cand, "coarse"
    figs = _written_figs(value)
    if figs is not None:
        # An accepted variant cut off instead of rounded (62.3M for ungrouped AlexNet's
        # 62,378,344) is that variant, imprecise — as the expected value cut off is.
        for cand in candidates:
            if _is_variant_total(cand) and _truncated(value.value, cand.value, figs):
                return cand, "truncated"
    return None


def _written_figs(value: ParsedValue) -> int | None:
    """The significant figures a value was written with (`62.3M`: 3, `650,000`: 2)."""
    return value.sig_figs if value.sig_figs is not None else _trailing_zero_figs(value)


def _is_variant_total(cand: Candidate) -> bool:
    """An accepted variant's own total (no mistake on top of it)."""
    return len(cand.diagnoses) == 1 and cand.diagnoses[0].code == "variant"


def _accepted_readings(target: Target) -> set[Fraction]:
    """The expected value and every value an accepted convention or variant gives."""
    return {target.expected, *(c.value for c in target.candidates
                               if c.diagnoses and all(d.code == "variant"
                                                      for d in c.diagnoses))}


def _accepted_totals(target: Target) -> set[Fraction]:
    """The expected value and every accepted variant's own total."""
    return {target.expected, *(c.value for c in target.candidates if _is_variant_total(c))}


_INDEXES: dict[int, tuple[Sequence[Candidate], dict[Fraction, Candidate]]] = {}


def _index(candidates: Sequence[Candidate]) -> dict[Fraction, Candidate]:
    """Candidates by value, the most specific first (memoised per candidate tuple: kinds
    cache theirs, so a class builds each index once)."""
    memo = _INDEXES.get(id(candidates))
    if memo is not None and memo[0] is candidates:
        return memo[1]
    index: dict[Fraction, Candidate] = {}
    for cand in candidates:
        index.setdefault(cand.value, cand)
    if len(_INDEXES) > 4096:
        _INDEXES.clear()
    _INDEXES[id(candidates)] = (candidates, index)
    return index


def _copied_from(stated: Fraction, target: Target, numbers: StudentNumbers
                 ) -> Diagnosis | None:
    """`copied_from` when the value repeats the student's answer to another item."""
    if stated == target.expected:
        return None
    before = True
    for other_path, other_value in numbers.items():
        if other_path == target.path:
            before = False
            continue
        if other_value != stated or numbers.expected(other_path) in _accepted_readings(target):
            # items expecting the same value may rightly be equal, and so may an item
            # whose value is an accepted reading of this one (additions counted as MACs)
            continue
        if before or numbers.fits(other_path, stated):
            return Diagnosis(code="copied_from", key="counts.copied_from",
                             params={"other": other_path})
    return None


def _stray_term(value: ParsedValue, target: Target) -> Diagnosis | None:
    """The one written term that is no layer or run of layers, when all the others are."""
    if not target.runs or len(value.terms) < 3:
        return None
    stray = [text for text, term in value.terms
             if term.denominator != 1 or term.numerator not in target.runs]
    if len(stray) != 1:
        return None
    return Diagnosis(code="layer_mismatch", key="counts.term_mismatch",
                     params={"term": stray[0], "network": target.label}, explains=False)


def typo_kind(submitted: int, expected: int
              ) -> Literal["changed", "swapped", "dropped", "added"] | None:
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


_TYPO_KEYS = {"changed": "counts.typo_changed", "swapped": "counts.typo_swapped",
              "dropped": "counts.typo_dropped", "added": "counts.typo_added"}


def typo_diagnosis(submitted: int, expected: int) -> Diagnosis | None:
    """The `typo` diagnosis naming the slip (digit changed, swapped, dropped or added)."""
    kind = typo_kind(submitted, expected)
    return None if kind is None else Diagnosis(code="typo", key=_TYPO_KEYS[kind])


def _unique(items: Iterable[Diagnosis]) -> list[Diagnosis]:
    seen: set[tuple[str, str]] = set()
    out = []
    for d in items:
        if (d.code, d.key) not in seen:
            seen.add((d.code, d.key))
            out.append(d)
    return out
