"""The allow-listed node types a formula parses into, and their canonical text.

Only these classes ever hold what a student wrote; nothing in them is executable.
`show` prints a node in one canonical LaTeX-ish spelling (the `canonical` text of a
result). A literal `*` prints like juxtaposition, though the tree keeps it apart: between
two vectors it means ⊙ (`grader.formula.normalise`); results are cached by the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, cast

__all__ = [
    "Add",
    "Apply",
    "Bin",
    "Chain",
    "Expect",
    "Func",
    "Neg",
    "Node",
    "Num",
    "Opt",
    "Pow",
    "Rel",
    "Stack",
    "Sum",
    "Sym",
    "flat_terms",
    "map_children",
    "primed_definitions",
    "show",
    "sigmoid_argument",
    "stacked_definitions",
    "substitute",
    "walk",
]


@dataclass(frozen=True)
class Num:
    text: str


@dataclass(frozen=True)
class Sym:
    """A letter or name with its decorations: `h^{(t-1)}` is Sym("h", sup="(t-1)")."""

    name: str
    sub: str | None = None
    sup: str | None = None
    mark: str = ""              # "~" for \tilde/\hat, "bar" for \bar
    prime: bool = False
    eaten: bool = False         # a subscript written as `p{data}`: markdown ate the `_`
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Func:
    """σ, tanh, log, exp, floor, …; `delta` records that σ was written δ."""

    name: str
    args: tuple[Node, ...]
    delta: bool = False
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Apply:
    """A name followed by a bracket: D(x), V(D, G), p_{data}(x), or W (h; x)."""

    head: Sym
    args: tuple[Node, ...]
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Add:
    terms: tuple[Node, ...]


def flat_terms(terms: tuple[Node, ...]) -> list[Node]:
    """The summands of a sum with the bracketed sums inside it opened (`(a + b) + c` is
    a + b + c; `-(a + b)` is -a - b)."""
    out: list[Node] = []
    for term in terms:
        if isinstance(term, Add):
            out.extend(flat_terms(term.terms))
        elif isinstance(term, Neg) and isinstance(term.arg, Add):
            out.extend(Neg(t) for t in flat_terms(term.arg.terms))
        else:
            out.append(term)
    return out


@dataclass(frozen=True)
class Bin:
    """`mul` (·, ×, juxtaposition), `ast` (a literal *), `had` (⊙, ∘, .*) or `div`."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Pow:
    base: Node
    exp: int


@dataclass(frozen=True)
class Stack:
    """A stacked vector [h; x], (h, x), or a one-column matrix environment."""

    items: tuple[Node, ...]
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Rel:
    """`x ~ p` inside an expectation's subscript."""

    left: Node
    right: Node


@dataclass(frozen=True)
class Expect:
    """E_{sub}[body]; `eaten` when the subscript was written without its underscore."""

    sub: Node | None
    body: Node
    eaten: bool = False
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Opt:
    """\\min_G body or \\max_D body."""

    kind: str
    var: str
    body: Node
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Sum:
    """\\sum_{var=1}^{upper} body: a minibatch sum over samples."""

    var: str
    upper: str
    body: Node
    col: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Chain:
    """a = b = c; a single expression is a chain of one side. `gloss`: a trailing
    `where …` / `其中…` explanation was cut off (and not read)."""

    sides: tuple[Node, ...]
    gloss: bool = False


Node = (Num | Sym | Func | Apply | Neg | Add | Bin | Pow | Stack | Rel | Expect | Opt | Sum
        | Chain)

_FUNC_TEXT = {"sigma": "\\sigma", "tanh": "\\tanh", "log": "\\log", "exp": "\\exp",
              "floor": "\\operatorname{floor}", "relu": "\\operatorname{ReLU}",
              "softmax": "\\operatorname{softmax}", "min": "\\min", "max": "\\max"}


def show_sym(sym: Sym) -> str:
    """`h_{t-1}`-style text of a symbol."""
    text = sym.name if len(sym.name) == 1 else f"\\text{{{sym.name}}}"
    if sym.mark == "~":
        text = f"\\tilde{{{text}}}"
    elif sym.mark == "bar":
        text = f"\\bar{{{text}}}"
    if sym.prime:
        text += "'"
    if sym.sub is not None:
        text += f"_{{{sym.sub}}}"
    if sym.sup is not None:
        text += f"^{{{sym.sup}}}"
    return text


def _wrap(node: Node) -> str:
    text = show(node)
    return f"({text})" if isinstance(node, Add | Neg | Rel | Opt | Sum | Chain) else text


def show(node: Node) -> str:
    """The canonical text of `node`."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Sym):
        return show_sym(node)
    if isinstance(node, Func):
        name = "\\delta" if node.delta else _FUNC_TEXT.get(node.name, node.name)
        return f"{name}(" + ", ".join(show(a) for a in node.args) + ")"
    if isinstance(node, Apply):
        return show_sym(node.head) + "(" + ", ".join(show(a) for a in node.args) + ")"
    if isinstance(node, Neg):
        return "-" + _wrap(node.arg)
    if isinstance(node, Add):
        out = show(node.terms[0])
        for term in node.terms[1:]:
            out += " - " + _wrap(term.arg) if isinstance(term, Neg) else " + " + show(term)
        return out
    if isinstance(node, Bin):
        if node.op == "div":
            return f"\\frac{{{show(node.left)}}}{{{show(node.right)}}}"
        sep = " \\odot " if node.op == "had" else " "
        return _wrap(node.left) + sep + _wrap(node.right)
    if isinstance(node, Pow):
        return f"{_wrap(node.base)}^{{{node.exp}}}"
    if isinstance(node, Stack):
        return "[" + "; ".join(show(i) for i in node.items) + "]"
    if isinstance(node, Rel):
        return f"{show(node.left)} \\sim {show(node.right)}"
    if isinstance(node, Expect):
        sub = f"_{{{show(node.sub)}}}" if node.sub is not None else ""
        return f"\\mathbb{{E}}{sub}[{show(node.body)}]"
    if isinstance(node, Opt):
        return f"\\{node.kind}_{{{node.var}}} {show(node.body)}"
    if isinstance(node, Sum):
        upper = f"^{{{node.upper}}}" if node.upper else ""
        return f"\\sum_{{{node.var}}}{upper} [{show(node.body)}]"
    return " = ".join(show(s) for s in node.sides)


def walk(node: object) -> Iterator[object]:
    """`node` and every node inside it, depth first (a Chain's sides included)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if is_dataclass(current):
            for f in fields(current):
                value = getattr(current, f.name)
                if isinstance(value, tuple):
                    stack.extend(v for v in value if is_dataclass(v))
                elif is_dataclass(value):
                    stack.append(value)


def map_children(node: Node, fn: Callable[[Node], Node]) -> Node:
    """`node` with `fn` applied to each of its child nodes (one level down)."""
    if not is_dataclass(node):
        return node
    changes: dict[str, Any] = {}
    for f in fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple) and any(is_dataclass(v) for v in value):
            changes[f.name] = tuple(fn(cast(Node, v)) if is_dataclass(v) else v for v in value)
        elif is_dataclass(value) and not isinstance(value, type):
            changes[f.name] = fn(cast(Node, value))
    return cast(Node, replace(cast(Any, node), **changes)) if changes else node


def sigmoid_argument(node: Bin) -> Node | None:
    """z when `node` is 1/(1 + exp(-z)) (the sigmoid written out), else None."""
    if node.op != "div" or node.left != Num("1") or not isinstance(node.right, Add):
        return None
    terms = node.right.terms
    if len(terms) != 2 or Num("1") not in terms:
        return None
    other = terms[1] if terms[0] == Num("1") else terms[0]
    if isinstance(other, Func) and other.name == "exp" and len(other.args) == 1:
        return Neg(other.args[0])
    return None


def substitute(node: Node, names: dict[Sym, Node]) -> Node:
    """`node` with each name of `names` replaced by what it stands for (once: what is put in
    is not searched again)."""
    if isinstance(node, Sym):
        return names.get(node, node)
    return map_children(node, lambda child: substitute(child, names))


def stacked_definitions(rows: list[Chain]) -> dict[Sym, Node]:
    """Of parsed rows, those that name a stacked vector (`x = [h_{t-1}; x_t]`): name → stack."""
    out: dict[Sym, Node] = {}
    for row in rows:
        if len(row.sides) == 2 and isinstance(row.sides[0], Sym) \
                and isinstance(row.sides[1], Stack):
            out[row.sides[0]] = row.sides[1]
    return out



def primed_definitions(rows: list[Chain]) -> dict[Sym, Node]:
    """Of parsed rows, those that name an intermediate quantity with a prime (`C_t' = f_t *
    C_{t-1}`, `\\tilde{C_t'} = i_t * \\tilde{C_t}`, then `C_t = C_t' + \\tilde{C_t'}`): name →
    what it stands for."""
    out: dict[Sym, Node] = {}
    for row in rows:
        if len(row.sides) == 2 and isinstance(row.sides[0], Sym) and row.sides[0].prime:
            out[row.sides[0]] = row.sides[1]
    return out
