"""Equivalence of a parsed answer with a reference, side by side along the chain.

Decisions (documented here because they set the verdicts):

* Labels. Leading sides that are a bare letter (`f^{(t)} = …`, `i = f = …`) are labels,
  not checked, except that a gate letter other than the reference's (g for the output
  gate) is a `notation` note that makes the verdict `accepted_variant`. When no label is
  the reference's letter and one is ANOTHER gate's (`i_t = …` under the forget gate), the
  answer is for a different gate: `wrong_gate` (incorrect). Unlabelled, `σ(W_i[…] + b_i)`
  is the same formula after renaming, so it stays correct.
* Every other side is checked against the reference; if the sides disagree with each
  other, `inconsistent_chain` names the side that is wrong (or, if all are wrong, each
  side that differs from the first). Two sides that are each acceptable but different
  (the minimax and the non-saturating loss joined by `=`) are inconsistent too.
* An optimisation written on one side of a GAN chain (`\\max_D V(D,G) = E[…] + E[…]`)
  applies to the sides after it: they spell out V, the objective being maximised.
* A trailing gloss (`where σ is the sigmoid`, `其中…`) is cut off unread, with a note.
* Bias folded into a stacked form. The textbook's stacked form `σ(W [h; x])` folds the
  bias into W (an augmented input). A stacked side without a bias is therefore `correct`
  with a `notation` note when another side of the same chain has the bias (seed 000);
  written alone, it is `missing_bias` (incorrect: nothing shows the bias was meant).
* Notes of mangled typesetting (markdown ate `_` or `\\\\`) keep the verdict `correct`;
  non-standard symbols (δ for σ, another gate letter, row-vector `x W`, GRU's swapped
  z convention, the non-saturating generator loss) make it `accepted_variant`.
* Losses are equal up to a positive factor and up to terms that do not depend on the
  player's own parameters; a `\\max` over the player turns the objective into a loss.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from grader.formula.diagnose import (
    Diag,
    diag,
    loss_diff,
    rnn_diff,
    scalar_diff,
    split_activation,
)
from grader.formula.inputs import read_stacked_input
from grader.formula.labels import label_form
from grader.formula.limits import MAX_TERMS, FormulaSyntaxError, FormulaTooBig, check_time
from grader.formula.normalise import Note, SideForm, normalise_side
from grader.formula.parser import parse
from grader.formula.sizes import estimate_terms
from grader.formula.states import read_states, read_timeless
from grader.formula.tree import (
    Add,
    Apply,
    Bin,
    Chain,
    Func,
    Neg,
    Node,
    Num,
    Sym,
    show,
    show_sym,
    walk,
)
from reference.formulas import REFERENCES, FormulaReference

__all__ = ["Outcome", "assess", "reference_forms"]

_VARIANT_NOTES = frozenset({"formula.note.delta",
                            "formula.note.label", "formula.note.gru_convention",
                            "formula.note.pytorch_reset"})


@dataclass(frozen=True)
class Outcome:
    verdict: str
    diagnoses: tuple[Diag, ...]
    canonical: str


_WRONG_GATE_KEYS = {
    "forget": "formula.wrong_gate.forget", "input": "formula.wrong_gate.input",
    "output": "formula.wrong_gate.output", "update": "formula.wrong_gate.update",
    "reset": "formula.wrong_gate.reset",
}
"""The message naming which gate was asked, when another gate's equation is given."""


def _note(note: Note, side: str) -> Diag:
    severity = "variant" if note.key in _VARIANT_NOTES else "note"
    return Diag(note.code, note.key, tuple(sorted({**dict(note.params), "side": side}.items())),
                severity)


def _family(ref: FormulaReference) -> str:
    return ref.family


@lru_cache(maxsize=64)
def reference_forms(reference_id: str) -> tuple[SideForm, tuple[tuple[SideForm, str], ...]]:
    """The normalised reference (its last side) and its accepted variants."""
    ref = REFERENCES[reference_id]
    main = normalise_side(parse(ref.text).sides[-1], ref.family, _kernel_f(ref))
    variants = tuple((normalise_side(parse(text).sides[-1], ref.family, _kernel_f(ref)), key)
                     for text, key in ref.variants)
    return main, variants


def _kernel_f(ref: FormulaReference) -> bool:
    return ref.id != "conv.param_count"


def _is_label(node: Node, family: str) -> bool:
    if family in ("lstm", "gru"):
        return isinstance(node, Sym) and len(node.name) == 1 and node.name.isalpha() \
            and node.name not in "WUVb"
    return isinstance(node, Sym | Apply) or _letters_only(node)


def _letters_only(node: Node) -> bool:
    """A name spelt in letters (`D_loss`, `loss_G`): juxtaposed symbols and nothing else."""
    if isinstance(node, Sym):
        return True
    return isinstance(node, Bin) and node.op == "mul" and _letters_only(node.left) \
        and _letters_only(node.right)


_GAMMA_GATES = {"f": "f", "i": "i", "u": "i", "o": "o", "r": "r", "z": "z"}
"""Γ_f, Γ_u, Γ_o (deeplearning.ai's gates; Γ_u is the LSTM's input gate, "update")."""

_GRU_GATES = {"z": "formula.wrong_gate_gru_update", "r": "formula.wrong_gate_gru_reset"}


def _gru_interpolation(sides: list[Node]) -> Sym | None:
    """The gate of a GRU's interpolation `(1 − z)` in an answer for an LSTM item, if any."""
    for side in sides:
        for node in walk(side):
            if isinstance(node, Add) and len(node.terms) == 2:
                one, other = node.terms
                if (isinstance(one, Num) and one.text == "1" and isinstance(other, Neg)
                        and isinstance(other.arg, Sym) and other.arg.name.lower() == "z"):
                    return other.arg
    return None


def _label_letter(node: Sym) -> str:
    if node.name in ("Γ", "γ") and node.sub:
        return _GAMMA_GATES.get(node.sub.strip("{} ").lower(), node.sub)
    if node.name == "z" and (node.sup or "").strip("{} ") in ("f", "i", "o"):
        return (node.sup or "").strip("{} ")      # Hung-yi Lee's z^f, z^i, z^o
    letter = node.name.lower()
    return letter + ("~" if node.mark else "")


def _lee_candidate(label: Node, ref: FormulaReference, sides: list[Node]) -> bool:
    """A bare z (no index, no mark) naming the candidate: Hung-yi Lee's letter for it (his
    gates are z^f, z^i, z^o), unless what it names is a sigmoid — the GRU's update gate."""
    return ref.family == "lstm" and "c~" in ref.labels and label == Sym("z") \
        and not (sides and isinstance(sides[0], Func) and sides[0].name == "sigma")


def _label_diags(labels: list[Node], ref: FormulaReference,
                 sides: list[Node] | None = None) -> list[Diag]:
    """A label letter other than the reference's: a note, or another gate's name."""
    lee = [label for label in labels if _lee_candidate(label, ref, sides or [])]
    letters = [(label, "c~" if label in lee else _label_letter(label)) for label in labels
               if isinstance(label, Sym)]
    notes = [diag("notation", "formula.note.lee_candidate", "note") for _ in lee[:1]]
    return notes + _other_labels(letters, ref)


def _other_labels(letters: list[tuple[Sym, str]], ref: FormulaReference) -> list[Diag]:
    if not ref.labels or not letters:
        return []
    if ref.family == "lstm" and all(letter not in ref.labels for _, letter in letters):
        gru = next(((label, letter) for label, letter in letters if letter in _GRU_GATES),
                   None)
        if gru is not None:  # z_t, r_t: a GRU's gate given for the LSTM
            return [diag("wrong_gate", _GRU_GATES[gru[1]], found=show_sym(gru[0]))]
    if ref.gate and all(letter not in ref.labels for _, letter in letters):
        others = {letter for other in REFERENCES.values()
                  if other.family == ref.family and other.gate and other.id != ref.id
                  for letter in other.labels}
        wrong = next((label for label, letter in letters if letter in others), None)
        if wrong is not None:
            return [diag("wrong_gate", _WRONG_GATE_KEYS[ref.gate], found=show_sym(wrong))]
    return [diag("notation", "formula.note.label", "variant", found=show_sym(label),
                 expected=ref.labels[0]) for label, letter in letters
            if letter not in ref.labels]


@lru_cache(maxsize=8192)
def assess(tree: Chain, reference_id: str) -> Outcome:
    """Verdict and diagnoses of a parsed answer; cached by the tree (so by normalised text)."""
    ref = REFERENCES[reference_id]
    sides = list(tree.sides)
    diags: list[Diag] = []
    labels: list[Node] = []
    while len(sides) > 1 and _is_label(sides[0], ref.family):
        labels.append(sides.pop(0))
        if ref.family not in ("lstm", "gru"):
            break
    diags += _label_diags(labels, ref, sides)
    if tree.gloss:
        diags.append(diag("notation", "formula.note.gloss", "note"))
    main, variants = reference_forms(reference_id)
    if sum(estimate_terms(side) for side in sides) > MAX_TERMS:
        # each side is bounded on its own; a long chain of them must be too
        raise FormulaTooBig("too_big", 1, "the formula expands to too many terms")
    if ref.family == "gan":
        read = [label_form(side) for side in sides]
        if any(changed for _, changed in read):
            sides = [side for side, _ in read]
            diags.append(diag("notation", "formula.note.label_form", "note"))
    if ref.family == "lstm":
        sides, stacked = read_stacked_input(sides, labels)
        if stacked:        # Lee's x', an overview's X: the stacked input, named
            diags.append(diag("notation", "formula.note.stacked_input", "note", found=stacked))
        sides, timeless = read_timeless(sides, labels, reference_id)
        if timeless:
            diags.append(diag("notation", "formula.note.timeless", "note"))
    if ref.family == "lstm" and not ref.gate:
        # the cell and hidden states combine the gates, written in many ways
        sides, keys = read_states(sides, labels, reference_id)
        diags += [diag("notation", key, "note") for key in keys]
    gru = _gru_interpolation(sides) if ref.family == "lstm" else None
    forms = [normalise_side(side, ref.family, _kernel_f(ref)) for side in sides]
    check_time()
    if gru is not None:   # the GRU's h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t: one explanation
        diags.append(diag("wrong_gate", _GRU_GATES["z"], found=show_sym(gru)))
    elif ref.family in ("lstm", "gru"):
        diags += _rnn(forms, main, variants)
    elif ref.family == "gan":
        diags += _gan(forms, main, ref)
    else:
        diags += _scalar(forms, main, ref)
    severities = {d.severity for d in diags}
    verdict = ("incorrect" if "error" in severities
               else "accepted_variant" if "variant" in severities else "correct")
    unique = tuple(dict.fromkeys(diags))
    return Outcome(verdict, unique, show(tree))


# -- recurrent -----------------------------------------------------------------------------
def _with_bias(expr: Any) -> Any:
    import sympy

    bias = sympy.Symbol("b", commutative=False)
    coeff, act, arg = split_activation(expr)
    if act is None:
        return sympy.expand(expr + bias)
    return sympy.expand(coeff * sympy.Function(act, commutative=False)(arg + bias))


def _rnn(forms: list[SideForm], main: SideForm,
         variants: tuple[tuple[SideForm, str], ...]) -> list[Diag]:
    out: list[Diag] = []
    any_bias = any(f.has_bias for f in forms)
    exprs: list[Any] = []
    right: list[bool] = []
    for index, form in enumerate(forms, start=1):
        side = str(index)
        out += [_note(n, side) for n in form.notes]
        expr = form.expr
        folded = form.stacked and not form.has_bias and main.has_bias
        if folded:
            expr = _with_bias(expr)
        exprs.append(expr)
        if expr == main.expr:
            right.append(True)
            if folded:
                out.append(_folded(any_bias and len(forms) > 1, side))
            continue
        variant = next((key for v, key in variants if v.expr == expr), None)
        if variant is None and _peephole(expr, main.expr):
            variant = "formula.note.peephole"
        if variant is not None:
            right.append(True)
            out.append(diag("notation" if variant != "formula.note.peephole" else "variant",
                            variant, "note" if variant in _SAME_FORMULA else "variant",
                            side=side))
            continue
        right.append(False)
        if folded:
            out.append(_folded(len(forms) > 1 and any_bias, side))
        plain = _without_peepholes(expr)
        if plain is not expr:    # judge the gate; its peepholes are a variant, not the error
            out.append(diag("variant", "formula.note.peephole", "variant", side=side))
            expr = plain
        found = rnn_diff(expr, main.expr, form.styles or main.styles, side,
                         {**main.orders, **form.orders})
        out += found or [diag("not_equivalent", "formula.not_equivalent", side=side)]
    out += _consistency(exprs, right, strict=True)
    return out


_SAME_FORMULA = frozenset({"formula.note.inlined"})
"""Reference variants that are the same formula written out (correct, with a note), not
another model (accepted variants)."""


def _peephole_term(term: Any) -> bool:
    names = [str(s) for s in term.free_symbols]
    return any(n.startswith("c|") for n in names) and all(
        n.startswith(("c|", "W{c|")) or "|" not in n for n in names)


def _without_peepholes(expr: Any) -> Any:
    """A gate `act(… + P ⊙ c)` without its peephole terms (the gate unchanged if none):
    what is left is judged as the gate, the peepholes being a known variant."""
    import sympy

    if not isinstance(expr, sympy.Function) or len(expr.args) != 1:
        return expr
    terms = sympy.Add.make_args(sympy.expand(expr.args[0]))
    kept = [t for t in terms if not _peephole_term(t)]
    if len(kept) == len(terms) or not kept:
        return expr
    return expr.func(sympy.Add(*kept))


def _peephole(expr: Any, reference: Any) -> bool:
    """Whether `expr` is the reference gate with peephole connections (Gers & Schmidhuber
    2000): the same gate function of the same terms, plus weighted cell-state terms."""
    import sympy

    if expr.func != reference.func or len(expr.args) != 1 or len(reference.args) != 1 \
            or str(reference.func) not in ("sigma", "sigmoid"):
        return False
    extra = sympy.expand(expr.args[0] - reference.args[0])
    terms = sympy.Add.make_args(extra)
    return extra != 0 and all(
        any(str(s).startswith("c|") for s in t.free_symbols)
        and all(str(s).startswith(("c|", "W{c|")) or "|" not in str(s)
                for s in t.free_symbols)
        for t in terms)


def _folded(other_side_has_bias: bool, side: str) -> Diag:
    if other_side_has_bias:
        return diag("notation", "formula.note.bias_folded", "note", side=side)
    return diag("missing_bias", "formula.missing_bias_stacked", side=side)


def _consistency(exprs: list[Any], right: list[bool], strict: bool = False) -> list[Diag]:
    """`inconsistent_chain` for sides that differ; `strict`: also two different sides that
    are each acceptable (their forms are canonical, so unequal means different)."""
    if len(exprs) < 2 or all(e == exprs[0] for e in exprs):
        return []
    good = [i for i, ok in enumerate(right) if ok]
    out = []
    if good:
        for i, ok in enumerate(right):
            if not ok or (strict and exprs[i] != exprs[good[0]]):
                out.append(diag("inconsistent_chain", "formula.inconsistent_chain",
                                side=str(i + 1), other=str(good[0] + 1)))
    else:
        for i in range(1, len(exprs)):
            if exprs[i] != exprs[0]:
                out.append(diag("inconsistent_chain", "formula.inconsistent_chain",
                                side=str(i + 1), other="1"))
    return out


# -- losses --------------------------------------------------------------------------------
def _vector(expr: Any, player: str | None) -> dict[Any, Any]:
    """{expectation: coefficient}, keeping only terms that depend on `player`."""
    out: dict[Any, Any] = {}
    for atom, coeff in expr.as_coefficients_dict().items():
        if atom.is_Mul:              # m·E[…] (a minibatch sum): m is a positive count
            expects = [f for f in atom.args if _is_expectation(f)]
            if len(expects) == 1 and all(f.is_positive for f in atom.args
                                         if f is not expects[0]):
                coeff, atom = coeff * atom / expects[0], expects[0]
        if not _is_expectation(atom):
            atom = _per_sample(atom)  # -log D(G(z)): a loss per sample, its expectation
            if atom is None:
                continue             # constants do not depend on any player's parameters
        if player is not None and player not in str(atom):
            continue
        out[atom] = out.get(atom, 0) + coeff
    return out


def _per_sample(atom: Any) -> Any:
    """`log D(x)` written without an expectation: the term of a loss per sample, read as
    its expectation over that sample's distribution (E_x, or E_z when z appears)."""
    import sympy

    text = str(atom)
    if "D(" not in text and "G(" not in text:
        return None
    # as expectations are named: over generated samples when G appears, else over data
    return sympy.Function("E_z" if "G(" in text else "E_data")(atom)


def _is_expectation(atom: Any) -> bool:
    return str(getattr(atom.func, "__name__", "")).startswith("E_")


def _ratio(student: dict[Any, Any], ref: dict[Any, Any]) -> Any:
    """k with student == k·ref (k ≠ 0), or None."""
    if set(student) != set(ref) or not ref:
        return None
    ks = {student[a] / ref[a] for a in ref}
    return ks.pop() if len(ks) == 1 else None


def _positive(k: Any) -> bool:
    return k is not None and bool(k.is_positive)


def _negative(k: Any) -> bool:
    return k is not None and bool(k.is_negative)


def _same_loss(a: dict[Any, Any], b: dict[Any, Any]) -> bool:
    """Equal up to a positive factor (the equivalence losses are graded by)."""
    return a == b or _positive(_ratio(a, b))


def _swapped(opts: list[tuple[str, str]]) -> bool:
    kinds = dict((v, k) for k, v in opts)
    if kinds.get("D") == "min" or kinds.get("G") == "max":
        return True
    return [v for _k, v in opts][:2] == ["D", "G"]


@lru_cache(maxsize=8)
def _other_vectors(player: str) -> tuple[tuple[str, dict[Any, Any]], ...]:
    """Each other GAN objective's loss for `player`, as an expectation vector."""
    from reference.formulas import OTHER_OBJECTIVES

    out = []
    for objective in OTHER_OBJECTIVES:
        if objective.player == player:
            form = normalise_side(parse(objective.text).sides[-1], "gan", True)
            out.append((objective.message, _vector(form.expr, player)))
    return tuple(out)


def _other_objective(vec: dict[Any, Any], player: str | None) -> str | None:
    """The message key of another GAN objective (WGAN, LSGAN, hinge) `vec` is, up to a
    factor of either sign (a loss or its negative, maximised), or None."""
    if player is None or not vec:
        return None
    for message, other in _other_vectors(player):
        if _ratio(vec, other) is not None:
            return message
    return _objective_family(vec)


def _objective_family(vec: dict[Any, Any]) -> str | None:
    """The other GAN objective a loss is shaped like, when it is none exactly (written with
    its own labels or constants): squares of D → least squares; a max(0, ·) → hinge;
    D itself, no logarithm → Wasserstein."""
    import sympy

    inner = [atom.args[0] for atom in vec if atom.args]
    if not inner or any(e.has(sympy.log) for e in inner):
        return None
    d = sympy.Function("D")
    if any(any(p.base.has(d) for p in e.atoms(sympy.Pow)) for e in inner):
        return "formula.other_loss.lsgan"
    if any(e.has(sympy.Function("Max")) for e in inner):
        return "formula.other_loss.hinge"
    if all(e.func == d for e in inner):     # E[D(x)], E[D(G(z))]: the critic's scores
        return "formula.other_loss.wgan"
    return None


_PLAYER_OF_PARAMETERS = {"φ": "D", "θ_d": "D", "θ_D": "D", "θ": "G", "θ_g": "G", "θ_G": "G"}
r"""`\max_φ`, `\min_{θ_g}`: an optimisation over a network's parameters is over that player
(邱锡鹏's book: θ the generator's, φ the discriminator's; Goodfellow: θ_g, θ_d)."""


def _gan(forms: list[SideForm], main: SideForm, ref: FormulaReference) -> list[Diag]:
    import sympy

    role = ref.role
    player = {"D": "D", "G": "G", "G_ns": "G", "V": None}[role]
    ref_vec = _vector(main.expr, player)
    out: list[Diag] = []
    vectors: list[dict[Any, Any]] = []
    right: list[bool] = []
    opts: list[tuple[str, str]] = []
    for index, form in enumerate(forms, start=1):
        side = str(index)
        out += [_note(n, side) for n in form.notes]
        swapped = bool(form.opts) and role == "V" and _swapped(form.opts)
        if swapped:
            out.append(diag("min_max_swapped", "formula.min_max_swapped", side=side))
        # `\max_D V = …`: the sides after spell out V; `\max_φ`: over D's parameters
        opts = [(kind, _PLAYER_OF_PARAMETERS.get(var, var)) for kind, var in form.opts] or opts
        sign = 1
        for kind, var in opts:
            # `\max_D …`, or a bare `maximize …` for the player this item asks about
            if player is not None and (var == player or (not var and len(opts) == 1)):
                sign = -1 if kind == "max" else 1
        vec = {a: sign * c for a, c in _vector(form.expr, player).items()}
        vectors.append(vec)
        k = _ratio(vec, ref_vec)
        if _positive(k):
            right.append(not swapped)
            continue
        right.append(False)
        if swapped:
            continue
        if _negative(k):
            # a loss and its direction judged together: `\min_D E[log D(x)] + …` says
            # the direction and the sign disagree; without a direction, the sign is wrong
            if form.opts and player is not None and any(
                    v == player or (not v and len(form.opts) == 1) for _, v in opts):
                out.append(diag("min_max_swapped", "formula.min_max_swapped", side=side))
            else:
                out.append(diag("sign_error", "formula.sign_error_whole", side=side))
            continue
        objective = _other_objective(vec, player)
        if objective is not None:
            out.append(diag("other_loss", objective, side=side))
            continue
        if role in ("G", "G_ns"):
            d, g, z = sympy.Function("D"), sympy.Function("G"), sympy.Symbol("z")
            minimax = {sympy.Function("E_z")(sympy.log(1 - d(g(z)))): 1}
            non_sat = {sympy.Function("E_z")(sympy.log(d(g(z)))): -1}
            other = non_sat if role == "G" else minimax
            k2 = _ratio(vec, other)
            if _positive(k2):
                right[-1] = True
                key = "formula.non_saturating" if role == "G" else "formula.saturating"
                out.append(diag("non_saturating", key, "variant", side=side))
                continue
            if _negative(k2):
                out.append(diag("sign_error", "formula.sign_error_whole", side=side))
                continue
        out += loss_diff(vec, ref_vec, side) or [
            diag("not_equivalent", "formula.not_equivalent", side=side)]
    # sides equal up to a positive factor are one class; acceptable but different sides
    # (minimax = non-saturating) are inconsistent
    classes = [next(j for j in range(i + 1) if _same_loss(vectors[i], vectors[j]))
               for i in range(len(vectors))]
    # … unless each side is a problem of its own (`\max_G E[log D(G(z))] = \min_G E[log(1 −
    # D(G(z)))]`): `=` between two optimisations says they have one solution, not one value
    problems = len(forms) > 1 and all(form.opts for form in forms)
    out += _consistency(classes, right, strict=not problems)
    return out


# -- scalars -------------------------------------------------------------------------------
def _scalar(forms: list[SideForm], main: SideForm, ref: FormulaReference) -> list[Diag]:
    import sympy

    out: list[Diag] = []
    exprs = []
    right = []
    floor = sympy.Function("floor")
    for index, form in enumerate(forms, start=1):
        check_time()
        side = str(index)
        out += [_note(n, side) for n in form.notes]
        exprs.append(form.expr)
        if sympy.cancel(form.expr - main.expr) == 0:
            right.append(True)
            continue
        unfloored = main.expr.replace(floor, lambda a: a)
        if main.expr.has(floor) and sympy.cancel(form.expr - unfloored) == 0:
            right.append(True)
            out.append(diag("notation", "formula.note.floor_omitted", "variant", side=side))
            continue
        right.append(False)
        check_time()
        bias = "C_out" if ref.id == "conv.param_count" else None
        found = scalar_diff(form.expr, main.expr, side, bias)
        out += found or [diag("not_equivalent", "formula.not_equivalent", side=side)]
    out += _consistency(exprs, right)
    return out


def parse_error_params(error: FormulaSyntaxError) -> dict[str, str]:
    return {"column": str(error.column or 1), "reason": error.reason}
