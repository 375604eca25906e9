"""How recurrent signals are named: time indices as students write them, and how a
normalised signal (`h|t-1`) is shown back in the student's own style."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["GAMMA_GATES", "gate_named", "noise_argument", "parse_time", "sample_reading",
           "signal_display", "time_style"]

_TIME = re.compile(r"t(?:[-+]\d)?|k(?:[-+]\d)?")

GAMMA_GATES = {("lstm", "f"): "f", ("lstm", "u"): "i", ("lstm", "i"): "i",
                ("lstm", "o"): "o", ("gru", "u"): "z", ("gru", "z"): "z", ("gru", "r"): "r"}
"""Γ_x's subscript → the gate it names (Coursera's LSTM calls the input gate Γ_u)."""


def parse_time(raw: str | None) -> str | None:
    """`(t-1)` → "t-1", `<t>` → "t", `t - 1` → "t-1"; None when not a time index."""
    if raw is None:
        return None
    text = re.sub(r"[(){}<>\s]", "", raw)
    if text.lower() in _PREVIOUS:   # c_prev, h_{\text{prev}}: frameworks' names for t-1
        return "t-1"
    return text if _TIME.fullmatch(text) else None


_PREVIOUS = frozenset({"prev", "previous", "old", "last", "tm1"})   # tm1: Keras's h_tm1


def time_style(raw: str) -> tuple[str, str]:
    """The brackets a time index was written in: `(t-1)` → ("(", ")"), `t-1` → ("", "")."""
    raw = raw.strip()
    for left, right in (("(", ")"), ("<", ">")):
        if raw.startswith(left) and raw.endswith(right):
            return left, right
    return "", ""


def signal_display(name: str, styles: dict[str, tuple[str, str, str, str]]) -> str:
    """`h|t-1` → `h_{t-1}` in the student's own style (`h^{(t-1)}` if they wrote that)."""
    if "|" not in name:
        return name
    base, time = name.split("|", 1)
    style = styles.get(base) or next(iter(styles.values()), ("", "_", "", ""))
    letter = base.rstrip("~")
    text = f"\\tilde{{{letter}}}" if base.endswith("~") else letter
    if time == "?":
        return text
    where, left, right = style[1], style[2], style[3]
    return f"{text}{where}{{{left}{time}{right}}}"


def sample_reading(sym: Any, bound: bool) -> str | None:
    """What a GAN formula's name stands for, when it names a sample or D's verdict on one:
    "G(z)" for `x_fake`, `x_{\\text{gen}}` (of sample i in a sum too), or x' and x̃ outside an
    expectation that binds x (d2l's x' = G(z); inside E_{x̃∼p_g} the expectation has bound
    it already); "D(x)" / "D(G(z))" for `D_real`, `D_d` / `D_fake` written without an
    argument. None for any other name."""
    sub = re.sub(r"[{}\s]|\\text", "", sym.sub or "").lower()
    if sym.name == "x":
        if sub in ("fake", "gen", "generated", "g"):
            return "G(z)"
        return "G(z)" if (sym.prime or sym.mark == "~") and not sym.sub and not bound else None
    if sym.name == "D" and not sym.sup:
        return {"real": "D(x)", "data": "D(x)", "d": "D(x)", "r": "D(x)",
                "fake": "D(G(z))", "gen": "D(G(z))", "g": "D(G(z))"}.get(sub)
    return None


def noise_argument(args: Any, bound: Any) -> bool:
    """G's one argument is a bare name other than x and not bound by an expectation: the
    noise, whatever the page calls it (`G(p)`, `G(\\epsilon)`)."""
    return len(args) == 1 and type(args[0]).__name__ == "Sym" and not args[0].sub \
        and args[0].name not in ("x", "X") and args[0].name not in bound


def gate_named(sym: Any, family: str) -> tuple[str, str] | None:
    """(gate letter, note key) when `sym` names a gate by another letter: Γ_f, Γ_u, Γ_o
    (Coursera; "" when Γ's subscript is no gate), Hung-yi Lee's z^f, z^i, z^o (z alone is
    the input); None for any other symbol."""
    if sym.name in ("Γ", "γ") and family in ("lstm", "gru"):
        return GAMMA_GATES.get((family, (sym.sub or "").strip().lower()), ""), \
            "formula.note.gamma_gate"
    lee = (sym.sup or "").strip("{} ")
    if sym.name == "z" and family == "lstm" and lee in ("f", "i", "o") and not sym.sub:
        return lee, "formula.note.lee_gate"
    return None

