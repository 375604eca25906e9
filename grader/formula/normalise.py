"""Tree → canonical sympy expression, one side of an equation chain at a time.

Only this module builds sympy objects, and only from allow-listed tree nodes (sympy is
imported inside the functions). What it decides:

* Recurrent formulas (family lstm/gru): every vector and matrix is a noncommutative
  symbol. A signal is a name with a time index (`h^{(t-1)}`, `h_{t-1}`, `x_t`, `x^{<t>}`)
  and is called `h|t-1`. A learnable weight is renamed by WHAT IT MULTIPLIES: `W_f h_{t-1}`,
  `U^f h^{(t-1)}` and `W_{hf} h_{t-1}` all become `W{h|t-1}*h|t-1`; a stacked vector
  distributes (`W [h; x] = W{h} h + W{x} x`); lone parameters in a sum (brackets opened)
  are one bias `b`. `x W` is `W x`, noted; ⊙ a commutative `had(...)` over sums and stacks;
  matrix products keep order; `*` between vectors is ⊙ and `1/(1 + exp(-z))` σ(z), noted.
* Losses (family gan): commutative; `E_{x~p_data}[body]` becomes `E_data(body)` with the
  bound variable renamed to x (data) or z (noise) and linearity applied; `E_{x~p_g}[f(x)]`
  becomes `E_z(f(G(z)))`; `V(D, G)` expands to its definition; \\min/\\max are recorded.
  A minibatch sum `\\sum_{i=1}^{m} f(x^{(i)}, z^{(i)})` is m·E[f] (so `\\frac{1}{m}\\sum` is
  the expectation), noted.
* Undefined values (0/0, 1/0, log 0) are refused with a reason, never compared.
* Scalars (conv, optimal discriminator): commutative symbols after renaming aliases
  (W/H/N → N, K/F → F, …); floor stays an undefined function of its cancelled argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from grader.formula.limits import (
    MAX_BITS,
    MAX_TERMS,
    FormulaSyntaxError,
    FormulaTooBig,
    check_time,
)
from grader.formula.names import (
    gate_named,
    noise_argument,
    parse_time,
    sample_reading,
    time_style,
)
from grader.formula.sizes import estimate_bits, estimate_terms
from grader.formula.tree import (
    Add,
    Apply,
    Bin,
    Chain,
    Expect,
    Func,
    Neg,
    Node,
    Num,
    Opt,
    Pow,
    Rel,
    Stack,
    Sum,
    Sym,
    flat_terms,
    show_sym,
    sigmoid_argument,
)

__all__ = ["Note", "SideForm", "normalise_side"]

_SIGNALS = frozenset("xhcfiogzrsyan")
_HIDDEN_ALIASES = frozenset("sa")  # the hidden state as some books write it (s_t, a^<t>)
_PLAYER_NAMES = {"D": "D", "G": "G", "d": "D", "g": "G", "c": "D", "f": "D"}
"""Function names of the two players: the critic of a WGAN is often c(x) or f(x)."""
_ACTIVATION_PLACEHOLDERS = frozenset("fgh")
"""Letters standing for an unnamed activation function when applied to a pre-activation."""
_WEIGHTS = frozenset("WUVwuvMAθ")
_COUNTS = frozenset("mnMNB")      # minibatch sizes: (1/m) Σ_{i=1}^{m}
_BCE_NAMES = frozenset({"BCELoss", "BCE", "bce", "binary_cross_entropy"})


@dataclass(frozen=True)
class Note:
    """A remark found while normalising: (diagnosis code, message key, params)."""

    code: str
    key: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass
class SideForm:
    """One side, normalised: the sympy `expr` plus what normalising noticed."""

    expr: Any
    notes: list[Note] = field(default_factory=list)
    has_bias: bool = False
    stacked: bool = False                       # a weight multiplied a stacked vector
    opts: list[tuple[str, str]] = field(default_factory=list)   # [("min", "G"), ...]
    styles: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    # each had(...) as the student ordered its factors (had sorts them), for messages
    orders: dict[Any, tuple[Any, ...]] = field(default_factory=dict)


class _Ctx:
    def __init__(self, family: str) -> None:
        import sympy

        self.sp = sympy
        self.family = family
        self.side = SideForm(expr=None)
        self.bound: dict[str, Any] = {}
        self.sample: str | None = None      # the index of a minibatch sum being read
        self.had = sympy.Function("had", commutative=False)

    # -- classification --------------------------------------------------------------
    def signal_name(self, sym: Sym) -> str | None:
        """`h|t-1` for a signal, None for a learnable parameter (rnn family)."""
        base = sym.name
        if base in _WEIGHTS or base in ("b", "B"):
            return None
        named = gate_named(sym, self.family)     # Γ_f (Coursera), z^f (Hung-yi Lee)
        if named is not None:
            gate, key = named
            if not gate:
                return None
            self.note_once(Note("notation", key, (("found", gate),)))
            return f"{gate}|t"
        time, raw, where = parse_time(sym.sub), sym.sub, "_"
        if time is None:
            time, raw, where = parse_time(sym.sup), sym.sup, "^"
        # capitals for the same signals (d2l: I_t, F_t, O_t, C_t, H_t, X_t)
        letter = base.lower() if base in "CHXZRIFOG" and len(base) == 1 else base
        if time is None and letter not in ("x", "h", "c"):
            return None
        if letter in _HIDDEN_ALIASES and time == "t-1" and self.family in ("lstm", "gru"):
            # s_{t-1}, a^{<t-1>}: whatever plays the hidden state's role at t-1 is h
            self.note_once(Note("notation", "formula.note.hidden_alias",
                                (("found", letter),)))
            letter = "h"
        name = letter + ("~" if sym.mark else "")
        if self.family == "lstm" and name == "g" and time is not None:
            name = "c~"
        if raw is not None and time is not None and name not in self.side.styles:
            left, right = time_style(raw)
            self.side.styles[name] = (name, where, left, right)
        return f"{name}|{time or '?'}"

    def note_once(self, note: Note) -> None:
        if note not in self.side.notes:
            self.side.notes.append(note)

    def is_param(self, node: Node) -> bool:
        if isinstance(node, Sym):
            return self.signal_name(node) is None
        return False

    def params_only(self, node: Node) -> bool:
        """A summand made of parameters alone: a bias, whatever it is called (`b_i`, and
        ONNX's `Wb_i + Rb_i`, which read as products of two parameter letters)."""
        if isinstance(node, Bin) and node.op in ("mul", "ast"):
            return self.params_only(node.left) and self.params_only(node.right)
        return self.is_param(node)

    def signal_valued(self, node: Node) -> bool:
        if isinstance(node, Sym):
            return self.signal_name(node) is not None
        if isinstance(node, Stack):
            return True
        if isinstance(node, Num):
            return False
        if isinstance(node, Apply):
            return self.signal_valued(node.head) or any(self.signal_valued(a)
                                                        for a in node.args)
        if isinstance(node, Neg):
            return self.signal_valued(node.arg)
        if isinstance(node, Add):
            return any(self.signal_valued(t) for t in node.terms)
        if isinstance(node, Bin):
            return self.signal_valued(node.left) or self.signal_valued(node.right)
        if isinstance(node, Pow):
            return self.signal_valued(node.base)
        if isinstance(node, Func):
            return any(self.signal_valued(a) for a in node.args)
        return False

    # -- recurrent -------------------------------------------------------------------
    def rnn(self, node: Node) -> Any:
        check_time()
        sp = self.sp
        if isinstance(node, Num):
            return sp.Rational(node.text)
        if isinstance(node, Sym):
            name = self.signal_name(node)
            if name is None:
                return sp.Symbol("P:" + show_sym(node), commutative=False)
            return sp.Symbol(name, commutative=False)
        if isinstance(node, Neg):
            return -self.rnn(node.arg)
        if isinstance(node, Add):
            return self.rnn_sum(node.terms)
        if isinstance(node, Apply):
            head = node.head
            placeholder = (head.name in _ACTIVATION_PLACEHOLDERS and head.sub is None) \
                or head.name == "act"                # Paddle's act_g, act_c
            if (len(node.args) == 1 and placeholder and head.sup is None and not head.mark
                    and self.signal_valued(node.args[0])):
                # ONNX/OpenVINO write the activations as f, g, h: f(X W + H R + b)
                shown = show_sym(head) if head.name == "act" else head.name
                return sp.Function("act:" + shown, commutative=False)(
                    self.rnn(node.args[0]))
            arg = node.args[0] if len(node.args) == 1 else Stack(node.args, node.col)
            return self.rnn(Bin("mul", cast(Node, head), arg))
        if isinstance(node, Bin):
            written_out = sigmoid_argument(node)
            if written_out is not None:
                self.side.notes.append(Note("notation", "formula.note.sigmoid_written_out"))
                return sp.Function("sigma", commutative=False)(self.rnn(written_out))
            return self.rnn_bin(node)
        if isinstance(node, Pow):
            return self.rnn(node.base) ** node.exp
        if isinstance(node, Func):
            if node.delta:
                self.side.notes.append(Note("notation", "formula.note.delta"))
            if len(node.args) != 1:
                raise FormulaSyntaxError("meaning", node.col, f"{node.name} of one argument")
            name = {"sigma": "sigma", "tanh": "tanh"}.get(node.name, node.name)
            return sp.Function(name, commutative=False)(self.rnn(node.args[0]))
        if isinstance(node, Stack):
            return sp.Function("stack", commutative=False)(*[self.rnn(i) for i in node.items])
        if isinstance(node, Sum) and not node.upper:
            # Σ_j U_{i,j} x_j^{(t)} (Goodfellow §10.10) is component i of U x^{(t)}
            self.note_once(Note("notation", "formula.note.component_form"))
            return self.rnn(node.body)
        raise FormulaSyntaxError("meaning", getattr(node, "col", 1) or 1,
                                 "an expectation or min/max does not belong in this formula")

    def rnn_sum(self, terms: tuple[Node, ...]) -> Any:
        sp = self.sp
        total = sp.Integer(0)
        biases = [0, 0]
        for term in flat_terms(terms):       # (W_x x + b_x) + (W_h h + b_h) + b: one bias
            core, negative = (term.arg, True) if isinstance(term, Neg) else (term, False)
            if self.params_only(core):
                biases[negative] += 1
                continue
            total += self.rnn(term)
        if biases[0] or biases[1]:
            self.side.has_bias = True
            bias = sp.Symbol("b", commutative=False)
            total += bias if biases[0] else -bias
        return total

    def weighted(self, param: Sym, operand: Node) -> Any:
        sp = self.sp
        if isinstance(operand, Stack):
            self.side.stacked = True
            out = sp.Integer(0)
            for item in operand.items:
                if isinstance(item, Num) and item.text == "1":   # [h; x; 1]: bias folded in
                    self.side.has_bias = True
                    out += sp.Symbol("b", commutative=False)
                else:
                    out += self.weighted(param, item)
            return out
        value = self.rnn(operand)
        return sp.Symbol(f"W{{{value}}}", commutative=False) * value

    def weighted_had(self, operand: Node) -> Any:
        """A parameter ⊙ `operand`; distributes over a stacked vector like `weighted`."""
        sp = self.sp
        if isinstance(operand, Stack):
            self.side.stacked = True
            out = sp.Integer(0)
            for item in operand.items:
                if isinstance(item, Num) and item.text == "1":
                    self.side.has_bias = True
                    out += sp.Symbol("b", commutative=False)
                else:
                    out += self.weighted_had(item)
            return out
        value = self.rnn(operand)
        return self.hadamard(sp.Symbol(f"W{{{value}}}", commutative=False), value)

    def rnn_bin(self, node: Bin) -> Any:
        left, right = node.left, node.right
        if node.op in ("ast", "mul") and not self.is_param(left) \
                and not self.is_param(right) \
                and self.signal_valued(left) and self.signal_valued(right):
            # `f_t * c_{t-1}`, `o_t × tanh(c_t)`, `o_t · c_t`: a product of two vectors
            # can only be element-wise
            self.note_once(Note("notation", "formula.note.star_elementwise"))
            return self.hadamard(self.rnn(left), self.rnn(right))
        if node.op in ("mul", "ast"):
            if self.is_param(left) and self.signal_valued(right):
                assert isinstance(left, Sym)
                return self.weighted(left, right)
            if self.is_param(right) and self.signal_valued(left) and isinstance(right, Sym) \
                    and right.name not in ("b", "B"):
                # row-vector form X_t W_{xi}, and ONNX's H_{t-1} R_i: a signal times a
                # parameter (not a bias) is that parameter's weighting
                self.side.notes.append(Note("notation", "formula.note.row_vector"))
                return self.weighted(right, left)
            return self.rnn(left) * self.rnn(right)
        if node.op == "had":
            if self.is_param(left) and self.signal_valued(right):
                return self.weighted_had(right)
            if self.is_param(right) and self.signal_valued(left):
                return self.weighted_had(left)
            return self.hadamard(self.rnn(left), self.rnn(right))
        return self.rnn(left) * self.rnn(right) ** -1

    def hadamard(self, a: Any, b: Any) -> Any:
        sp = self.sp
        out = sp.Integer(0)
        a_terms = sp.Add.make_args(sp.expand(a))
        b_terms = sp.Add.make_args(sp.expand(b))
        if len(a_terms) * len(b_terms) > MAX_TERMS:
            raise FormulaTooBig("too_big", 1, "the formula expands to too many terms")
        for ta in a_terms:
            ca, ra = ta.as_coeff_Mul()
            for tb in b_terms:
                cb, rb = tb.as_coeff_Mul()
                if ra == 1 or rb == 1:
                    out += ca * cb * (rb if ra == 1 else ra)
                    continue
                parts: list[Any] = []
                for r in (ra, rb):
                    parts.extend(self.side.orders.get(r, r.args) if r.func == self.had
                                 else [r])
                product = self.had(*sorted(parts, key=str))
                self.side.orders.setdefault(product, tuple(parts))
                out += ca * cb * product
        return out

    # -- losses ----------------------------------------------------------------------
    def dist_of(self, sub: Node | None, body: Node) -> tuple[str, str | None]:
        """(distribution: data|z|g, bound variable name or None)."""
        var: str | None = None
        dist_node: Node | None = None
        if isinstance(sub, Rel):
            if isinstance(sub.left, Sym):
                var = sub.left.name
            dist_node = sub.right
        elif isinstance(sub, Sym) and sub.name in ("x", "z"):
            var = sub.name
        else:
            dist_node = sub
        if isinstance(dist_node, Apply):
            dist_node = dist_node.head
        label = ""
        if isinstance(dist_node, Sym):
            if dist_node.eaten:
                self.side.notes.append(Note("notation", "formula.note.eaten_underscore"))
            label = (dist_node.sub or dist_node.name if dist_node.name in ("p", "P")
                     else dist_node.name)
            label = re.sub(r"[{}\s]", "", label).lower()
        if label in ("data", "r", "real", "d", "x", "pdata", "true"):
            return "data", var
        if label in ("z", "noise", "n", "latent"):
            return "z", var
        if label in ("g", "model", "gen", "θ"):
            return "g", var
        if var == "z" or "G" in repr(body):
            return "z", var
        return "data", var

    def loss(self, node: Node) -> Any:
        check_time()
        sp = self.sp
        if isinstance(node, Num):
            return sp.Rational(node.text)
        if isinstance(node, Sym):
            reading = sample_reading(node, bound="x" in self.bound)   # x_fake, x', D_real
            if reading is not None:
                self.note_once(Note("notation", "formula.note.generated_sample"
                                    if reading == "G(z)" else "formula.note.player_output"))
                z = sp.Function("G")(sp.Symbol("z"))
                return z if reading == "G(z)" else sp.Function("D")(
                    sp.Symbol("x") if reading == "D(x)" else z)
            if self.sample is not None and node.name in ("x", "z") and \
                    re.sub(r"[(){}\s]", "", node.sup or node.sub or "") == self.sample:
                return sp.Symbol(node.name)          # x^{(i)}: sample i of the minibatch
            if node.name in self.bound and node.sub is None:
                return self.bound[node.name]
            if node.eaten:
                self.side.notes.append(Note("notation", "formula.note.eaten_underscore"))
            if node.name in ("J", "L") and re.sub(r"[(){}\s]", "", node.sup or node.sub or "") \
                    == "D":
                return -self.value_function()     # J^(D) = -V
            if node.name in _COUNTS and node == Sym(node.name):
                return sp.Symbol(node.name, positive=True)   # a minibatch size
            if node.name in ("X", "Z") and node.sub is None and node.sup is None:
                return sp.Symbol(node.name.lower())          # D(X), G(Z): the samples
            return sp.Symbol(show_sym(node).replace("\\", ""))
        if isinstance(node, Neg):
            return -self.loss(node.arg)
        if isinstance(node, Add):
            return sp.Add(*[self.loss(t) for t in node.terms])
        if isinstance(node, Bin):
            if node.op == "div":
                return self.loss(node.left) / self.loss(node.right)
            return self.loss(node.left) * self.loss(node.right)
        if isinstance(node, Pow):
            return self.loss(node.base) ** node.exp
        if isinstance(node, Func):
            if node.name in ("max", "min") and len(node.args) == 2:
                # max(0, 1 - D(x)): the hinge loss's clipping, kept as a function
                pair = [self.loss(a) for a in node.args]
                return sp.Function(node.name.capitalize())(*pair)
            if len(node.args) != 1:
                raise FormulaSyntaxError("meaning", node.col, f"{node.name} of one argument")
            arg = self.loss(node.args[0])
            if node.name == "log":
                return sp.log(arg)
            if node.name == "exp":
                return sp.exp(arg)
            return sp.Function(node.name)(arg)
        if isinstance(node, Apply):
            head = node.head
            if head.name == "V" and len(node.args) == 2:
                return self.value_function()
            if head.name == "D" and head.sup is None and (head.sub or "").strip("{} ") == "G" \
                    and len(node.args) == 1:
                # D_G(z): the discriminator composed with the generator, D(G(z))
                self.note_once(Note("notation", "formula.note.composed"))
                return sp.Function("D")(sp.Function("G")(self.loss(node.args[0])))
            role = _PLAYER_NAMES.get(head.name) if head.sup is None and head.sub is None \
                else None
            if role is not None:
                # D(x), d(x), and a critic written c(x) or f(x); G(z) or g(z)
                if head.name != role:
                    self.note_once(Note("notation", "formula.note.player_name",
                                        (("found", head.name), ("player", role))))
                if role == "G" and noise_argument(node.args, self.bound):
                    return sp.Function("G")(sp.Symbol("z"))       # G(p): p is the noise
                return sp.Function(role)(*[self.loss(a) for a in node.args])
            if head.name in _BCE_NAMES and len(node.args) == 2 and isinstance(node.args[1], Num) \
                    and node.args[1].text in ("0", "1"):
                # BCELoss(p, 1) = -log p, BCELoss(p, 0) = -log(1 - p): the framework form
                p = self.loss(node.args[0])
                self.note_once(Note("notation", "formula.note.bce"))
                return -sp.log(p) if node.args[1].text == "1" else -sp.log(1 - p)
            if head.name in ("p", "P"):
                return sp.Symbol(show_sym(head).replace("\\", ""))
            name = show_sym(head).replace("\\", "")
            return sp.Function(name)(*[self.loss(a) for a in node.args])
        if isinstance(node, Expect):
            return self.expectation(node)
        if isinstance(node, Sum):
            return self.minibatch(node)
        if isinstance(node, Opt):
            self.side.opts.append((node.kind, node.var))
            return self.loss(node.body)
        raise FormulaSyntaxError("meaning", 1, "a stacked vector or ~ does not belong here")

    def value_function(self) -> Any:
        sp = self.sp
        d, g = sp.Function("D"), sp.Function("G")
        x, z = sp.Symbol("x"), sp.Symbol("z")
        return (sp.Function("E_data")(sp.log(d(x)))
                + sp.Function("E_z")(sp.log(1 - d(g(z)))))

    def expectation(self, node: Expect) -> Any:
        sp = self.sp
        if node.eaten:
            self.side.notes.append(Note("notation", "formula.note.eaten_underscore"))
        if node.sub is None and isinstance(node.body, Add):
            # E[log D(x) + log(1 - D(G(z)))] over the whole batch: each term's own samples
            # say what it averages over, as if written E[log D(x)] + E[log(1 - D(G(z)))]
            return sp.Add(*[self.expectation(Expect(None, t, col=node.col))
                            for t in node.body.terms])
        dist, var = self.dist_of(node.sub, node.body)
        saved = dict(self.bound)
        if dist == "g":
            value = sp.Function("G")(sp.Symbol("z"))
            self.bound[var or "x"] = value
            dist = "z"
        else:
            canon = "x" if dist == "data" else "z"
            self.bound[var or canon] = sp.Symbol(canon)
        body = sp.expand(self.loss(node.body))
        self.bound = saved
        out = sp.Integer(0)
        terms = sp.Add.make_args(body)
        if len(terms) > MAX_TERMS:
            raise FormulaTooBig("too_big", node.col or 1, "the formula has too many terms")
        for term in terms:
            coeff, rest = term.as_coeff_Mul()
            if rest.free_symbols:
                out += coeff * sp.Function("E_" + dist)(rest)
            else:
                out += term
        return out

    def minibatch(self, node: Sum) -> Any:
        """`\\sum_{i=1}^{m} f(x^{(i)}, z^{(i)})` = m·E[f]: samples of the data or the noise."""
        sp = self.sp
        if not node.var.strip() and not node.upper.strip() and "Expect(" in repr(node.body):
            return self.loss(node.body)      # `\\sum_{}^{}E[…]`: no index, no limit, no sum
        self.side.notes.append(Note("notation", "formula.note.minibatch"))
        saved = self.sample
        self.sample = node.var or "i"
        body = sp.expand(self.loss(node.body))
        self.sample = saved
        terms = sp.Add.make_args(body)
        if len(terms) > MAX_TERMS:
            raise FormulaTooBig("too_big", node.col or 1, "the formula has too many terms")
        out = sp.Integer(0)
        for term in terms:
            coeff, rest = term.as_coeff_Mul()
            names = {str(s) for s in rest.free_symbols}
            if "z" in names:
                out += coeff * sp.Function("E_z")(rest)
            elif "x" in names:
                out += coeff * sp.Function("E_data")(rest)
            else:
                out += term
        count = node.upper if node.upper in _COUNTS else "m"
        return sp.Symbol(count, positive=True) * out

    # -- scalars ---------------------------------------------------------------------
    def scalar(self, node: Node) -> Any:
        check_time()
        sp = self.sp
        if isinstance(node, Num):
            return sp.Rational(node.text)
        if isinstance(node, Sym):
            return sp.Symbol(self.alias(node))
        if isinstance(node, Apply):
            if node.head.name in ("p", "P"):
                return sp.Symbol(self.alias(node.head))
            raise FormulaSyntaxError("meaning", node.col or 1, "a product, not a function call")
        if isinstance(node, Neg):
            return -self.scalar(node.arg)
        if isinstance(node, Add):
            return sp.Add(*[self.scalar(t) for t in node.terms])
        if isinstance(node, Bin):
            if node.op == "div":
                return self.scalar(node.left) / self.scalar(node.right)
            return self.scalar(node.left) * self.scalar(node.right)
        if isinstance(node, Pow):
            return self.scalar(node.base) ** node.exp
        if isinstance(node, Func) and node.name == "floor" and len(node.args) == 1:
            return sp.Function("floor")(sp.cancel(self.scalar(node.args[0])))
        if isinstance(node, Stack):
            raise FormulaSyntaxError("meaning", node.col or 1, "one value, not a list")
        raise FormulaSyntaxError("meaning", 1, "an arithmetic expression")

    def alias(self, sym: Sym) -> str:
        name, sub = sym.name, (sym.sub or "").replace(" ", "").lower()
        if self.family == "conv":
            if name in "CcD" and sub:
                if sub in ("in", "i", "input", "1", "l-1", "prev"):
                    return "C_in"
                if sub in ("out", "o", "output", "2", "l"):
                    return "C_out"
            if name in "NWHILnwhil":
                return "N"
            if name in "Pp":
                return "P"
            if name in "FKkf":
                return "F" if self.ref_uses_f else "k"
            if name in "Ss":
                return "S"
        if name in ("p", "P") and sub:
            if sub in ("data", "r", "d", "x", "real"):
                return "p_data"
            if sub in ("g", "model", "gen", "θ"):
                return "p_g"
        return show_sym(sym).replace("\\", "")

    ref_uses_f = True


def normalise_side(node: Node, family: str, conv_kernel_f: bool = True) -> SideForm:
    """Normalise one side of a chain for `family` (lstm, gru, gan, conv, scalar)."""
    import sympy

    if estimate_terms(node) > MAX_TERMS:
        raise FormulaTooBig("too_big", 1, "the formula expands to too many terms")
    if estimate_bits(node) > MAX_BITS:
        raise FormulaTooBig("too_big", 1, "a number in the formula is too large")
    ctx = _Ctx(family)
    ctx.ref_uses_f = conv_kernel_f
    if isinstance(node, Chain):
        raise FormulaSyntaxError("meaning", 1, "one side at a time")
    if family in ("lstm", "gru"):
        expr = ctx.rnn(node)
    elif family == "gan":
        expr = ctx.loss(node)
    else:
        expr = ctx.scalar(node)
    check_time()
    expanded = sympy.expand(expr)
    check_time()
    if len(sympy.Add.make_args(expanded)) > MAX_TERMS:
        raise FormulaTooBig("too_big", 1, "the formula expands to too many terms")
    if expanded.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        # 0/0, 1/0, log(0): undefined, so never compared (nan has no order)
        raise FormulaSyntaxError("undefined", 1, "the formula divides by zero or takes "
                                 "the log of 0, so its value is undefined")
    ctx.side.expr = expanded
    return ctx.side
