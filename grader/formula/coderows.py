"""The rows of LSTM code, read by role: which row answers the item, and what a state's bare
name stands for where the row runs.

Code for one LSTM step assigns every gate and state on its own row, often through helper
functions that return several of them at once:

    ft = sigmoid(np.dot(parameters['Wf'], concat) + parameters['bf'])     (NumPy's tutorial)
    o_t = sigmoid(x_t @ U_o + h_prev @ W_o)
    h_t = o_t * np.tanh(c_t)                                         (o_t is a gate, kept)
    cell = f_t * cell + i_t * g_t                                    (a student's loop)
    hidden = o_t * torch.tanh(cell)

The row that answers an item is the one whose name has the item's role (`ft`, `f_t`, `f` the
forget gate; `next_hs`, `hidden` the hidden state; `cmt`, `c_tilde` the candidate): of
several such rows, the last. Rows assigned to names with no role (`io = it * cmt`,
`xc = np.hstack((x, h_prev))`) are temporaries, put in place where they are used; a gate or
state is never replaced by the formula that computed it, it is the name the answer uses.
A state written by its bare word (`hidden`, `cell`) is its value where the row runs: one
LSTM step computes the gates and the candidate, then the cell state, then the hidden state,
so `hidden` on the right is always h_{t-1}, and `cell` is c_{t-1} except in the hidden
state's row, which runs after the cell state's update.
"""

from __future__ import annotations

import re

__all__ = ["previous_states", "rename_roles", "role", "state_words"]

_GATE = re.compile(r"([fiog])_?t")
_CANDIDATE = re.compile(r"(?:c_?tilde\w*|c_?hat\w*|cct|cmt|cand\w*|c_?bar\w*)")
_NEXT_STATE = re.compile(r"(?:next|new)_?([ch])s?|([ch])s?_(?:next|new)")
_START = r"(?<![\w.{_\\])"
"""Where a code name starts: not inside a word, an attribute, a subscript or a command."""
_WORDS = {"hidden": "h", "hidden_state": "h", "cell": "c", "cell_state": "c"}


def role(name: str) -> str | None:
    """The LSTM quantity a code name assigns ('f', 'i', 'o', 'g', 'c~', 'c', 'h'), or None
    for a temporary."""
    if len(name) == 1 and name in "fiogch":
        return name
    if _GATE.fullmatch(name):
        return name[0]
    if _CANDIDATE.fullmatch(name):
        return "c~"
    if name in _WORDS:
        return _WORDS[name]
    match = _NEXT_STATE.fullmatch(name)
    if match is not None:
        return match.group(1) or match.group(2)
    if re.fullmatch(r"([ch])_t", name):
        return name[0]
    return None


def rename_roles(text: str) -> str:
    """Code's two-letter gate names and candidate names as the formula's (`ft` → f_t,
    `cmt` → \\tilde{c}_t); `next_hs` as the new hidden state."""
    text = re.sub(r"(?<![\w.{_\\])([fiog])t(?![\w(])", r"\1_t", text)
    text = re.sub(r"(?<![\w.{_\\])([Ww]|b)(cm|[fiogc]|[xh][fiogc])(?![\w(])",
                  lambda m: f"{m.group(1).upper() if m.group(1) != 'b' else 'b'}_{{{m.group(2)}}}",
                  text)                                    # wf, Wcm, bcm: W_{f}, W_{cm}, b_{cm}
    text = re.sub(r"(?<![\w.{_\\])(?:concat|combined|xc|xh|hx)(?![\w(])", "[h_{t-1}; x_t]", text)
    text = re.sub(r"(?<![\w.{_\\])([ch])_(?![\w{(])", r"\1_{t-1}", text)      # Theano's c_, h_
    text = re.sub(_START + _CANDIDATE.pattern + r"(?![\w(])", r"\\tilde{c}_t", text)
    return re.sub(r"(?<![\w.{_\\])(?:next|new)_?([ch])s(?![\w(])", r"\1_{t}", text)


def state_words(lhs_role: str | None, value: str) -> str:
    """`value` (the right-hand side of a row assigning `lhs_role`) with the bare state words
    as the states at the time the row runs (see the module)."""
    value = re.sub(r"(?<![\w.{_\\])hidden(?:_state)?(?![\w(])", "h_{t-1}", value)
    cell_time = "t" if lhs_role == "h" else "t-1"
    return re.sub(r"(?<![\w.{_\\])cell(?:_state)?(?![\w(])", f"c_{{{cell_time}}}", value)


def previous_states(value: str, lhs: str, assigned_before: set[str]) -> str:
    """`value` with `h_t` (and, on the right of the row assigning it, `c_t`) as the previous
    step's when no row before assigns it: code reads a variable's last value, and one LSTM
    step computes h_t last (`combined = torch.cat((x, h_t))`, `c_t = f_t * c_t + i_t * g_t`)."""
    for name in ("h_t", "c_t"):
        if name in assigned_before or (name == "c_t" and lhs != name):
            continue
        value = re.sub(rf"(?<![\w.{{_\\]){name}(?![\w(])", name[0] + "_{t-1}", value)
    return value
