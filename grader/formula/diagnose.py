"""Why two normalised forms differ: term-by-term differences named for a student.

Each function compares a student's expanded sympy form with the reference's and returns
`Diag`s: an SPEC §4 code, a message key, params that say WHERE (which term, which side).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from grader.formula.names import signal_display

__all__ = ["Diag", "loss_diff", "rnn_diff", "scalar_diff", "split_activation"]


@dataclass(frozen=True)
class Diag:
    code: str
    key: str
    params: tuple[tuple[str, str], ...]
    severity: str          # "note" (still correct), "variant" (accepted), "error"


def diag(code: str, key: str, severity: str = "error", **params: str) -> Diag:
    return Diag(code, key, tuple(sorted(params.items())), severity)


_ACT_TEXT = {"sigma": "σ", "tanh": "tanh", "relu": "ReLU", "exp": "exp",
             "softmax": "softmax", "log": "log"}


def _act_text(name: str) -> str:
    """How an activation is shown: σ, tanh, …; an unnamed one (`act:f`) as its letter."""
    return _ACT_TEXT.get(name, name.removeprefix("act:"))


def split_activation(expr: Any) -> tuple[Any, str | None, Any]:
    """(coefficient, activation name, argument) of `c·f(arg)`; name None when not so."""
    from sympy.core.function import AppliedUndef

    coeff, core = expr.as_coeff_Mul()
    if isinstance(core, AppliedUndef) and len(core.args) == 1 and (core.func.__name__ in (
            "sigma", "tanh", "relu", "softmax", "exp", "log")
            or core.func.__name__.startswith("act:")):
        return coeff, str(core.func.__name__), core.args[0]
    return coeff, None, expr


# -- recurrent formulas --------------------------------------------------------------------
def _signals(core: Any) -> list[str]:
    return sorted(str(s) for s in core.free_symbols
                  if "|" in str(s) and not str(s).startswith(("W{", "P:")))


def _kind(core: Any) -> str:
    text = str(core)
    if text == "b":
        return "bias"
    if "had(" in text:
        return "had"
    if "W{" in text or core.is_Mul:
        return "mat"
    return "bare" if _signals(core) else "other"


def _untimed(text: str) -> str:
    return re.sub(r"\|[^*,)\s}]+", "|", text)


Orders = dict[Any, tuple[Any, ...]]


def _text(expr: Any, styles: dict[str, tuple[str, str, str, str]],
          orders: Orders | None = None) -> str:
    """A readable LaTeX-ish text of a normalised recurrent expression: no internal names
    (`stack`, `Pow`, `P:`), factors of ⊙ in the order the student wrote them."""
    def sub(a: Any) -> str:
        return _text(a, styles, orders)

    def wrapped(a: Any) -> str:
        return f"({sub(a)})" if a.is_Add or (a.is_Number and a < 0) else sub(a)

    if expr.is_Symbol:
        name = str(expr)
        if name.startswith("W{"):
            return "W"
        return signal_display(name, styles) if "|" in name else name.replace("P:", "")
    if expr.is_Number:
        return str(expr)
    if expr.is_Add:
        return _join_sum(sub(a) for a in expr.args)
    if expr.is_Mul:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            return "-" + wrapped(rest)
        factors = [a for a in expr.args if not (a.is_Number and a == 1)]
        return " ".join(wrapped(a) for a in factors)
    if expr.is_Pow:
        base, exp = expr.args
        if exp == -1:
            return f"1/({sub(base)})" if not base.is_Symbol else f"1/{sub(base)}"
        return (sub(base) if base.is_Symbol else f"({sub(base)})") + f"^{{{exp}}}"
    name = getattr(expr.func, "__name__", "")
    if name == "had":
        args = (orders or {}).get(expr, expr.args)
        return " ⊙ ".join(wrapped(a) for a in args)
    if name == "stack":
        return "[" + "; ".join(sub(a) for a in expr.args) + "]"
    if expr.args and name:
        fname = {"sigma": "σ"}.get(name, name)
        return f"{fname}(" + ", ".join(sub(a) for a in expr.args) + ")"
    return str(expr)


def _term_text(core: Any, styles: dict[str, tuple[str, str, str, str]],
               orders: Orders | None = None) -> str:
    """The weighted term on x_t is named by x_t; other terms are printed whole."""
    sig = _signals(core)
    if _kind(core) == "mat" and "W{" in str(core) and len(sig) == 1:
        return signal_display(sig[0], styles)
    return _text(core, styles, orders)


def rnn_diff(student: Any, ref: Any, styles: dict[str, tuple[str, str, str, str]],
             side: str, orders: Orders | None = None) -> list[Diag]:
    """Differences of a gate / state formula, term by term; `orders`: the student's order
    of the factors of each ⊙ (for messages)."""
    import sympy

    out: list[Diag] = []
    s_coeff, s_act, s_arg = split_activation(student)
    r_coeff, r_act, r_arg = split_activation(ref)
    if r_act is not None:
        if s_act is None:
            out.append(diag("wrong_activation", "formula.no_activation", side=side,
                            expected=_ACT_TEXT[r_act]))
        elif s_act != r_act:
            out.append(diag("wrong_activation", "formula.wrong_activation", side=side,
                            found=_act_text(s_act), expected=_ACT_TEXT[r_act]))
        if s_act is not None and s_coeff * r_coeff < 0:
            out.append(diag("sign_error", "formula.sign_error_whole", side=side))
        if s_act is None:
            s_arg = student
    else:
        s_arg, r_arg = student, ref
    s_terms = [t.as_coeff_Mul() for t in sympy.Add.make_args(sympy.expand(s_arg))]
    r_terms = [t.as_coeff_Mul() for t in sympy.Add.make_args(sympy.expand(r_arg))]
    s_left = list(s_terms)
    r_left = []
    for rc, rcore in r_terms:
        match = next((p for p in s_left if p[1] == rcore), None)
        if match is None:
            r_left.append((rc, rcore))
            continue
        s_left.remove(match)
        if match[0] * rc < 0:
            out.append(diag("sign_error", "formula.sign_error", side=side,
                            term=_term_text(rcore, styles, orders)))
    still: list[tuple[Any, Any]] = []
    for rc, rcore in r_left:
        r_sig, r_kind = _signals(rcore), _kind(rcore)
        match = next((p for p in s_left if _untimed(" ".join(_signals(p[1])))
                      == _untimed(" ".join(r_sig)) and r_sig), None)
        if match is None:
            still.append((rc, rcore))
            continue
        s_left.remove(match)
        inside = _activation_inside(match[1], rcore)
        if inside is not None:
            s_act, r_act = inside
            if s_act is None:
                out.append(diag("wrong_activation", "formula.no_activation", side=side,
                                expected=_ACT_TEXT.get(r_act, r_act)))
            else:
                out.append(diag("wrong_activation", "formula.wrong_activation", side=side,
                                found=_act_text(s_act),
                                expected=_ACT_TEXT.get(r_act, r_act)))
            continue
        m_sig, m_kind = _signals(match[1]), _kind(match[1])
        for found, expected in zip((s for s in m_sig if s not in r_sig),
                                   (s for s in r_sig if s not in m_sig), strict=False):
            out.append(diag("time_index", "formula.time_index", side=side,
                            found=signal_display(found, styles),
                            expected=signal_display(expected, styles)))
        if m_kind != r_kind:
            if {m_kind, r_kind} == {"had", "mat"}:
                if m_kind == "had":
                    out.append(diag("elementwise_vs_matrix", "formula.elementwise_for_matrix",
                                    side=side, term=_term_text(rcore, styles, orders)))
                else:   # the student's own product, in their order
                    out.append(diag("elementwise_vs_matrix", "formula.matrix_for_elementwise",
                                    side=side, term=_text(match[1], styles, orders)))
            elif m_kind == "bare" and r_kind == "mat":
                out.append(diag("missing_term", "formula.missing_weight", side=side,
                                term=_term_text(rcore, styles, orders)))
        if match[0] * rc < 0:
            out.append(diag("sign_error", "formula.sign_error", side=side,
                            term=_term_text(rcore, styles, orders)))
    for _rc, rcore in still:
        if _kind(rcore) == "bias":
            out.append(diag("missing_bias", "formula.missing_bias", side=side))
        else:
            out.append(diag("missing_term", "formula.missing_term", side=side,
                            term=_term_text(rcore, styles, orders)))
    for _sc, score in s_left:
        if _kind(score) == "bias":
            out.append(diag("extra_term", "formula.extra_bias", side=side))
        else:
            out.append(diag("extra_term", "formula.extra_term", side=side,
                            term=_term_text(score, styles, orders)))
    return out


def _activation_inside(student: Any, ref: Any) -> tuple[str | None, str] | None:
    """(student's activation or None, reference's) when two element-wise products differ
    only in one factor's activation: `o ⊙ c` against `o ⊙ tanh(c)`."""
    if getattr(student.func, "__name__", "") != "had" or \
            getattr(ref.func, "__name__", "") != "had" or len(student.args) != len(ref.args):
        return None
    s_rest, r_rest = list(student.args), list(ref.args)
    for a in list(r_rest):
        if a in s_rest:
            s_rest.remove(a)
            r_rest.remove(a)
    if len(s_rest) != 1 or len(r_rest) != 1:
        return None
    s_f, r_f = s_rest[0], r_rest[0]
    r_name = getattr(r_f.func, "__name__", "")
    if r_name not in _ACT_TEXT or len(r_f.args) != 1:
        return None
    if s_f == r_f.args[0]:
        return None, r_name
    s_name = getattr(s_f.func, "__name__", "")
    if (s_name in _ACT_TEXT or s_name.startswith("act:")) and s_name != r_name \
            and s_f.args == r_f.args:
        return s_name, r_name
    return None


# -- losses --------------------------------------------------------------------------------
def atom_text(atom: Any) -> str:
    """`E_z(log(1 - D(G(z))))` → `E_{z}[log(1 - D(G(z)))]`, `E_data(…)` → `E_{x}[…]`."""
    name = getattr(atom.func, "__name__", "")
    if name.startswith("E_") and len(atom.args) == 1:
        var = {"data": "x", "z": "z"}.get(name[2:], name[2:])
        return f"E_{{{var}}}[{atom.args[0]}]"
    return str(atom)


def loss_diff(student: dict[Any, Any], ref: dict[Any, Any], side: str) -> list[Diag]:
    """Differences of two loss vectors {expectation: coefficient} (same sign convention)."""
    out: list[Diag] = []
    for atom, rc in ref.items():
        sc = student.get(atom, 0)
        if sc == 0:
            out.append(diag("missing_term", "formula.missing_term", side=side,
                            term=atom_text(atom)))
        elif sc * rc < 0:
            out.append(diag("sign_error", "formula.sign_error", side=side,
                            term=atom_text(atom)))
    for atom, sc in student.items():
        if atom not in ref and sc != 0:
            out.append(diag("extra_term", "formula.extra_term", side=side,
                            term=atom_text(atom)))
    return out


# -- scalars -------------------------------------------------------------------------------
def scalar_text(expr: Any) -> str:
    """`2*P/S` → `2 P/S`, `floor(a)` → `⌊a⌋`, `k**2` → `k^2`: readable, not sympy's syntax."""
    if expr.is_Add:
        return _join_sum(scalar_text(a) for a in expr.as_ordered_terms())
    if expr.is_Mul:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            return "-" + scalar_text(rest)
        num, den = expr.as_numer_denom()
        if den != 1:
            top, bottom = scalar_text(num), scalar_text(den)
            top = f"({top})" if num.is_Add else top
            bottom = f"({bottom})" if den.is_Add or den.is_Mul else bottom
            return f"{top}/{bottom}"
        return " ".join(f"({scalar_text(a)})" if a.is_Add else scalar_text(a)
                        for a in expr.as_ordered_factors())
    if expr.is_Pow:
        base, exp = expr.args
        if exp == -1:
            return f"1/({scalar_text(base)})" if not base.is_Symbol else f"1/{base}"
        return (str(base) if base.is_Symbol else f"({scalar_text(base)})") + f"^{exp}"
    if getattr(expr.func, "__name__", "") == "floor" and len(expr.args) == 1:
        return f"⌊{scalar_text(expr.args[0])}⌋"
    return str(expr)


def scalar_diff(student: Any, ref: Any, side: str, bias_term: str | None = None) -> list[Diag]:
    """Term differences of two scalar formulas (floors compared by their arguments)."""
    import sympy

    s_terms = dict(sympy.expand(student).as_coefficients_dict())
    r_terms = dict(sympy.expand(ref).as_coefficients_dict())
    s_floor = [t for t in s_terms if getattr(t.func, "__name__", "") == "floor"]
    r_floor = [t for t in r_terms if getattr(t.func, "__name__", "") == "floor"]
    out: list[Diag] = []
    if len(s_floor) == 1 and len(r_floor) == 1 and s_floor[0] != r_floor[0]:
        out += scalar_diff(s_floor[0].args[0], r_floor[0].args[0], side)
        s_terms.pop(s_floor[0])
        r_terms.pop(r_floor[0])
    for term, rc in r_terms.items():
        sc = s_terms.get(term, 0)
        if sc == 0:
            if bias_term is not None and str(term) == bias_term:
                out.append(diag("missing_bias", "formula.missing_bias", side=side))
            else:
                out.append(diag("missing_term", "formula.missing_term", side=side,
                                term=scalar_text(rc * term)))
        elif sc * rc < 0:
            out.append(diag("sign_error", "formula.sign_error", side=side,
                            term=scalar_text(term)))
        elif sc != rc:
            out.append(diag("missing_term", "formula.wrong_coefficient", side=side,
                            found=scalar_text(sc * term), expected=scalar_text(rc * term)))
    for term, sc in s_terms.items():
        if term not in r_terms and sc != 0:
            out.append(diag("extra_term", "formula.extra_term", side=side,
                            term=scalar_text(sc * term)))
    return out


def _join_sum(texts: Iterable[str]) -> str:
    """Terms written as one sum: `a + b - c`, a leading minus sign turned into ` - `."""
    out = ""
    for text in texts:
        out += (f" - {text[1:]}" if text.startswith("-") else f" + {text}") if out else text
    return out
