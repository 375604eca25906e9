"""Binary cross-entropy written with the label: `-y log D(x) - (1-y) log(1-D(x))`.

Courses (d2l among them) write the GAN losses as the BCE of a sample `x` with label `y`:
1 for a real sample, 0 for a generated one. The label form is read by giving each term
its label: a term multiplied by `y` is the label-1 term, a term multiplied by `(1-y)` the
label-0 term, whose sample is the generated one — `D(x)` there is `D(G(z))`. So

    -y log D(x) - (1-y) log(1-D(x))   →   -log D(x) - log(1-D(G(z)))
    -y log D(G(z))                     →   -log D(G(z))        (the generator's flipped label)

and a chain `min_G {-y log D(G(z))} = min_G {-log D(G(z))}` is one formula, not two.
"""

from __future__ import annotations

from dataclasses import replace

from grader.formula.tree import Add, Apply, Bin, Neg, Node, Num, Sym, map_children

__all__ = ["label_form"]

_PRODUCTS = ("mul", "ast", "*")


def _is_y(node: Node) -> bool:
    return isinstance(node, Sym) and node.name == "y" and node.sub is None \
        and node.sup is None and not node.mark


def _label_of(node: Node) -> int | None:
    """1 for the factor `y`, 0 for `(1 - y)`, None for anything else."""
    if _is_y(node):
        return 1
    if isinstance(node, Add) and len(node.terms) == 2:
        one, minus = node.terms
        if isinstance(one, Num) and one.text == "1" and isinstance(minus, Neg) \
                and _is_y(minus.arg):
            return 0
    return None


def _factors(node: Node) -> list[Node]:
    if isinstance(node, Bin) and node.op in _PRODUCTS:
        return _factors(node.left) + _factors(node.right)
    return [node]


def _product(factors: list[Node]) -> Node:
    out = factors[0]
    for f in factors[1:]:
        out = Bin("mul", out, f)
    return out


def _generated(node: Node) -> Node:
    """`node` with the real sample's D(x) as D(G(z))."""
    if isinstance(node, Apply) and node.head.name in ("D", "d") and len(node.args) == 1 \
            and isinstance(node.args[0], Sym) and node.args[0].name == "x" \
            and node.args[0].sub is None:
        z = Sym("z", col=node.col)
        return replace(node, args=(Apply(Sym("G", col=node.col), (z,), col=node.col),))
    return map_children(node, _generated)


def _term(node: Node) -> tuple[Node, bool]:
    """One summand with its label factor taken out (and the label applied)."""
    negative = isinstance(node, Neg)
    core = node.arg if isinstance(node, Neg) else node
    factors = _factors(core)
    labels = [(i, label) for i, f in enumerate(factors) if (label := _label_of(f)) is not None]
    if len(labels) != 1 or len(factors) < 2:
        return node, False
    at, label = labels[0]
    rest = _product(factors[:at] + factors[at + 1:])
    if label == 0:
        rest = _generated(rest)
    return (Neg(rest) if negative else rest), True


def label_form(node: Node) -> tuple[Node, bool]:
    """`node` with every labelled BCE term read (see the module), and whether any was."""
    if isinstance(node, Add):
        read = [_term(t) for t in node.terms]
        if any(changed for _, changed in read):
            return Add(tuple(t for t, _ in read)), True
        inner = [label_form(t) for t in node.terms]
        return Add(tuple(t for t, _ in inner)), any(c for _, c in inner)
    term, changed = _term(node)
    if changed:
        return term, True
    found = False

    def visit(child: Node) -> Node:
        nonlocal found
        out, changed_ = label_form(child)
        found = found or changed_
        return out

    out = map_children(node, visit)
    return out, found
