"""How the cell- and hidden-state formulas are read before they are compared.

The states combine the gates, and books write them in more ways than the gates: without
indices (`h = o * tanh(c)`), over the pre-activations (Chainer's `c = tanh(a) σ(i) +
c_prev σ(f)`), in Hung-yi Lee's letters (`c_t = z^f c_{t-1} + z^i z`), with the candidate
named by another letter (ĥ_t) or by the other case of the state's own (OpenVINO's `C_t = …
+ i_t ⊙ c_t`). Each rewrite below reads one of these as the reference's names and is
reported as a note, so a student sees how their formula was read.
"""

from __future__ import annotations

from dataclasses import replace

from grader.formula.names import parse_time
from grader.formula.tree import Apply, Bin, Func, Node, Sym, map_children, walk

__all__ = ["read_states", "read_timeless"]


def read_timeless(sides: list[Node], labels: list[Node], reference_id: str
                  ) -> tuple[list[Node], bool]:
    """Sides written with no time index at all, as the frameworks' docs do
    (`i = σ(W_ii x + b_ii + W_hi h + b_hi)`, `c' = f * c + i * g`), given the times their
    roles have: the input x is x_t; h and c on the right of a gate or of the new cell state
    are the previous ones; a primed letter (c', h') is the new one."""
    everything = [*sides, *labels]
    for node in everything:
        for sym in walk(node):
            if isinstance(sym, Sym) and (sym.name == "t" or parse_time(sym.sub) is not None
                                         or parse_time(sym.sup) is not None):
                # indices written elsewhere: only the input, which is always x_t, is read
                return [_bare_input_at_t(side) for side in sides], False
    hidden = reference_id == "lstm.hidden_state"

    def fix(node: Node) -> Node:
        if isinstance(node, Sym) and node.sub is None and node.sup is None and node.mark \
                and node.name in ("c", "C"):      # C̃ with no index: the candidate, at t
            return replace(node, sub="t")
        if isinstance(node, Sym) and node.sub is None and node.sup is None and not node.mark:
            letter = node.name.lower()
            if letter == "x":
                return replace(node, sub="t")
            if letter in ("h", "c"):
                new = node.prime or (hidden and letter == "c")
                return replace(node, sub="t" if new else "t-1", prime=False)
        if isinstance(node, Apply):      # the applied name is a function, not a signal
            return replace(node, args=tuple(fix(a) for a in node.args))
        return map_children(node, fix)

    read = [fix(side) for side in sides]
    return read, read != sides


def read_states(sides: list[Node], labels: list[Node], reference_id: str
                ) -> tuple[list[Node], list[str]]:
    """The sides of a state formula in the reference's names, and the note keys of each
    reading applied."""
    keys: list[str] = []
    pre = [_preactivations(side) for side in sides]
    if pre != sides:
        keys.append("formula.note.preactivation")
    letters = "fiogFIOGcC" if reference_id == "lstm.hidden_state" else "fiogFIOG"
    lee = [_lee_lecture(side) for side in pre]
    if lee != pre:
        keys.append("formula.note.lee_lecture")
    sides = [_bare_gates_at_t(side, letters) for side in lee]
    if reference_id == "lstm.cell_state":
        gated = [_gated_new_letter(side) for side in sides]
        if gated != sides:
            keys.append("formula.note.gated_candidate")
        marked = [_marked_candidate(_bare_z_candidate(side)) for side in gated]
        if marked != sides:
            keys.append("formula.note.marked_candidate")
        cased = [_case_candidate(side, labels) for side in marked]
        if cased != marked:
            keys.append("formula.note.case_candidate")
        sides = cased
    return sides, keys


def _lee_lecture(side: Node) -> Node:
    """Hung-yi Lee's lecture (李宏毅): `c' = g(z) f(z_i) + c f(z_f)`, `a = h(c') f(z_o)`: f(z_i),
    f(z_f), f(z_o) the gates (f their sigmoid), g(z) the candidate, h the tanh, c the cell
    before and c' after. Read only when the gates are written so."""
    applied = [n for n in walk(side) if isinstance(n, Apply) and isinstance(n.head, Sym)]
    if not any(a.head.name == "f" and len(a.args) == 1 and isinstance(a.args[0], Sym)
               and a.args[0].name == "z" and a.args[0].sub in ("i", "f", "o") for a in applied
               if isinstance(a.head, Sym)):
        return side

    def fix(node: Node) -> Node:
        if isinstance(node, Apply) and isinstance(node.head, Sym) and len(node.args) == 1:
            head, arg = node.head.name, node.args[0]
            if head == "f" and isinstance(arg, Sym) and arg.name == "z" \
                    and arg.sub in ("i", "f", "o"):
                return Sym(arg.sub or "", sub="t", col=arg.col)
            if head == "g" and isinstance(arg, Sym) and arg.name == "z" and arg.sub is None:
                return Sym("c", sub="t", mark="~", col=arg.col)
            if head == "h":
                return Func("tanh", (fix(arg),), False, node.head.col)
        if isinstance(node, Sym) and node.name == "c" and node.sub is None and not node.mark:
            return replace(node, sub="t" if node.prime else "t-1", prime=False)
        return map_children(node, fix)

    return fix(side)


def _preactivations(node: Node) -> Node:
    """`node` with σ(i), σ(f), σ(o) as the gates i_t, f_t, o_t and tanh(a), tanh(g) as the
    candidate c̃_t: Chainer and the LLTM write the states over the gates' pre-activations,
    named by the gates' letters (`c = tanh(a) σ(i) + c_prev σ(f)`)."""
    if isinstance(node, Func) and len(node.args) == 1 and isinstance(node.args[0], Sym):
        arg = node.args[0]
        bare = arg.sub is None and arg.sup is None and not arg.mark
        if bare and node.name == "sigma" and arg.name in ("f", "i", "o"):
            return Sym(arg.name, sub="t", col=arg.col)
        if bare and node.name == "tanh" and arg.name in ("a", "g"):
            return Sym("c", sub="t", mark="~", col=arg.col)
        return node
    return map_children(node, _preactivations)


def _bare_gates_at_t(node: Node, letters: str = "fiog") -> Node:
    """`node` with every bare gate letter f, i, o, g (no index, not applied to anything)
    given the time t: `h_t = tanh(c_t) ∘ o` writes the output gate without its index.
    (`letters` adds c for the hidden state, which can only read the current cell.)"""
    if isinstance(node, Sym):
        if node.name in letters and node.sub is None and node.sup is None and not node.mark:
            return replace(node, sub="t")
        return node
    if isinstance(node, Apply):   # the applied name is a function, not a gate
        return replace(node, args=tuple(_bare_gates_at_t(a, letters) for a in node.args))
    return map_children(node, lambda child: _bare_gates_at_t(child, letters))


def _bare_z_candidate(side: Node) -> Node:
    """A bare z beside Lee's gates z^f, z^i is the candidate: `c_t = z^f c_{t-1} + z^i z`."""
    syms = [n for n in walk(side) if isinstance(n, Sym)]
    if not any(s.name == "z" and (s.sup or "").strip("{} ") in ("f", "i") for s in syms):
        return side

    def fix(node: Node) -> Node:
        if isinstance(node, Sym) and node.name == "z" and node.sub is None \
                and node.sup is None and not node.mark:
            return Sym("c", sub="t", mark="~", col=node.col)
        return map_children(node, fix)

    return fix(side)


def _gated_new_letter(side: Node) -> Node:
    """`c_t = f_t · c_{t-1} + i_t · a_t` (Paddle's tutorial: a_t the 待输入信息): the factor
    beside the input gate, a letter at time t that names no state, gate or input, can only be
    the candidate c̃_t."""
    def new_letter(node: Node) -> bool:
        return isinstance(node, Sym) and node.name in ("a", "A", "u", "U") \
            and not node.mark and parse_time(node.sub) == "t" and node.sup is None

    def input_gate(node: Node) -> bool:
        return isinstance(node, Sym) and node.name in ("i", "I") and parse_time(node.sub) == "t"

    def fix(node: Node) -> Node:
        if isinstance(node, Bin) and node.op in ("mul", "ast", "had"):
            for gate, other in ((node.left, node.right), (node.right, node.left)):
                if input_gate(gate) and new_letter(other):
                    assert isinstance(other, Sym)
                    candidate = Sym("c", sub="t", mark="~", col=other.col)
                    if other is node.right:
                        return replace(node, right=candidate)
                    return replace(node, left=candidate)
        return map_children(node, fix)

    return fix(side)


def _marked_candidate(side: Node) -> Node:
    """In the cell state, a marked letter at time t (ĥ_t, g̃_t) can only be the candidate
    c̃_t: the state's one new term, whatever letter the book gives it."""
    def fix(node: Node) -> Node:
        if isinstance(node, Sym) and node.mark == "~" and node.name in ("h", "H", "g", "G") \
                and (node.sub is None or parse_time(node.sub) == "t"):
            return replace(node, name="c", sub="t")
        return map_children(node, fix)

    return fix(side)


def _case_candidate(side: Node, labels: list[Node]) -> Node:
    """`C_t = f_t ⊙ C_{t-1} + i_t ⊙ c_t` (OpenVINO): the state is C, so the other case of
    its letter at time t can only be the candidate c̃_t."""
    state = next((n for n in labels if isinstance(n, Sym) and n.name in ("c", "C")), None)
    if state is None:
        return side
    other = "c" if state.name == "C" else "C"
    syms = [n for n in walk(side) if isinstance(n, Sym)]
    if not any(s.name == state.name for s in syms):
        return side          # one case throughout: the capital fold reads it

    def fix(node: Node) -> Node:
        if isinstance(node, Sym) and node.name == other and not node.mark \
                and parse_time(node.sub) == "t":
            return replace(node, mark="~")
        return map_children(node, fix)

    return fix(side)


def _bare_input_at_t(node: Node) -> Node:
    """A bare x beside indexed signals (`σ(W [h_prev; x] + b)`, code's `x`) is the input
    x_t, and a bare c̃ the candidate c̃_t: a recurrent cell has no other."""
    if isinstance(node, Sym):
        unindexed = node.sub is None and node.sup is None and not node.prime
        bare = node.name == "x" and not node.mark
        candidate = node.name in ("c", "C") and node.mark == "~"       # c̃: always at t
        return replace(node, sub="t") if unindexed and (bare or candidate) else node
    if isinstance(node, Apply):
        return replace(node, args=tuple(_bare_input_at_t(a) for a in node.args))
    return map_children(node, _bare_input_at_t)

