"""How a gate's input is read when it is a name for the stacked input [h_{t-1}; x_t].

Books that stack the input write it under a name of its own, set apart from the input x_t
by a mark or by case: Hung-yi Lee's notes write `z^i = σ(W^i x')` with x' = [x_t; h_{t-1}],
an NLP overview `tanh(W_c · X + b_c)` with X the stacked vector (its other letters in lower
case). Such a name standing ALONE as what a gate's weights multiply — no hidden state, no
other signal anywhere in the gate's argument — can only be the stacked input, and is read
as [h_{t-1}; x_t], with a note that says so. The plain input never is: `σ(W_f x_t + b_f)`
and `σ(W_f x + b_f)` still lack h_{t-1}, and d2l's capital X (written beside capital H_t,
I_t, F_t) stays the input.
"""

from __future__ import annotations

from grader.formula.tree import Func, Node, Stack, Sym, map_children, walk

__all__ = ["read_stacked_input"]

_PARAMETERS = frozenset("WUVwuvMAθbBR")
"""Letters of learnable weights and biases (R: ONNX's recurrence weights)."""
_WEIGHTS = frozenset("WUVwuvMAθR")
_ACTIVATIONS = frozenset({"sigma", "tanh"})
_LOWER_SIGNALS = frozenset("xhcfiog")


def _bare(sym: Sym) -> bool:
    return sym.sub is None and sym.sup is None


def _variant(sym: Sym, lower_case: bool) -> bool:
    """Whether `sym` is a name set apart from the input x_t: x', x̃, x̂, x̄ without an index,
    or a capital X without one when the answer writes its signals in lower case."""
    if not _bare(sym):
        return False
    if sym.name == "x":
        return sym.prime or sym.mark in ("~", "bar")
    return sym.name == "X" and not sym.prime and not sym.mark and lower_case


def _lower_case(nodes: list[Node]) -> bool:
    """Whether the answer names some signal in lower case (`c_t`, `f_t`, a label `f`)."""
    return any(isinstance(n, Sym) and n.name in _LOWER_SIGNALS and not _parameter(n)
               for node in nodes for n in walk(node))


def _parameter(sym: Sym) -> bool:
    return sym.name in _PARAMETERS


def _alone(arg: Node, lower_case: bool) -> Sym | None:
    """The one stacked-input name `arg` is made of, beside weights and biases only; None
    when anything else (h_{t-1}, x_t, another signal) is there, or no weight multiplies."""
    syms = [n for n in walk(arg) if isinstance(n, Sym)]
    found = {s for s in syms if _variant(s, lower_case)}
    others = [s for s in syms if not _variant(s, lower_case) and not _parameter(s)]
    weighted = any(s.name in _WEIGHTS for s in syms)
    if len(found) != 1 or others or not weighted:
        return None
    return next(iter(found))


def _stacked(col: int) -> Stack:
    return Stack((Sym("h", sub="t-1", col=col), Sym("x", sub="t", col=col)), col=col)


def read_stacked_input(sides: list[Node], labels: list[Node]) -> tuple[list[Node], str]:
    """`sides` with a stacked-input name alone in a gate's argument read as [h_{t-1}; x_t]
    (see the module), and the name as written ("" when none was read)."""
    lower_case = _lower_case([*sides, *labels])
    read: list[str] = []

    def fix(node: Node) -> Node:
        if isinstance(node, Func) and node.name in _ACTIVATIONS and len(node.args) == 1:
            name = _alone(node.args[0], lower_case)
            if name is not None:
                read.append(_shown(name))
                return Func(node.name, (_replace(node.args[0], name),), node.delta, node.col)
        return map_children(node, fix)

    out = [fix(side) for side in sides]
    return out, read[0] if read else ""


def _replace(node: Node, name: Sym) -> Node:
    if isinstance(node, Sym):
        return _stacked(node.col) if node == name else node
    return map_children(node, lambda child: _replace(child, name))


def _shown(sym: Sym) -> str:
    letter = {"~": f"\\tilde{{{sym.name}}}", "bar": f"\\bar{{{sym.name}}}"}.get(sym.mark,
                                                                              sym.name)
    return letter + ("'" if sym.prime else "")
