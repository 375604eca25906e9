"""Upper bounds on what a formula tree costs, computed before sympy sees it."""

from __future__ import annotations

from grader.formula.tree import Add, Apply, Bin, Expect, Func, Neg, Node, Num, Opt, Pow, Stack, Sum

__all__ = ["estimate_bits", "estimate_terms"]


def estimate_terms(node: Node) -> int:
    """An upper bound on the terms `node` expands to, computed without sympy."""
    if isinstance(node, Add):
        return sum(estimate_terms(t) for t in node.terms)
    if isinstance(node, Bin):
        return estimate_terms(node.left) * estimate_terms(node.right)
    if isinstance(node, Pow):
        return int(min(estimate_terms(node.base) ** node.exp, 10**9))
    if isinstance(node, Neg):
        return estimate_terms(node.arg)
    if isinstance(node, Stack):
        return sum(estimate_terms(i) for i in node.items)
    if isinstance(node, Apply):
        return sum(estimate_terms(a) for a in node.args)
    if isinstance(node, Func | Expect | Opt | Sum):
        inner = node.args if isinstance(node, Func) else (node.body,)
        return max(1, max((estimate_terms(a) for a in inner), default=1))
    return 1


def estimate_bits(node: Node) -> int:
    """An upper bound on the bits of any number `node` computes, without computing it
    (`(1*2)^9^9…` is refused before sympy is asked to raise anything)."""
    if isinstance(node, Num):
        digits = len(node.text.replace(".", "").lstrip("0")) or 1
        return 4 * digits
    if isinstance(node, Pow):
        return estimate_bits(node.base) * max(1, abs(node.exp))
    if isinstance(node, Bin):
        return estimate_bits(node.left) + estimate_bits(node.right)
    if isinstance(node, Add):
        return max((estimate_bits(t) for t in node.terms), default=0) + len(node.terms)
    if isinstance(node, Neg):
        return estimate_bits(node.arg)
    if isinstance(node, Stack):
        return max((estimate_bits(i) for i in node.items), default=0)
    if isinstance(node, Apply):
        return max((estimate_bits(a) for a in node.args), default=0)
    if isinstance(node, Func | Expect | Opt | Sum):
        inner = node.args if isinstance(node, Func) else (node.body,)
        return max((estimate_bits(a) for a in inner), default=0)
    return 0
