"""A loss written as code (PyTorch, NumPy, TensorFlow, Julia), rewritten as a formula.

Students and framework docs write the GAN losses as the line of code that computes them:

    p_x = discriminator(imgs.view(-1, 28 * 28))
    p_g = discriminator(fake_imgs)
    d_loss = torch.mean(torch.log(p_x) + torch.log(1 - p_g))

    g_loss = torch.log(1 - discriminator(fake_imgs)).mean()
    J_g(W_g, W_d, z) = -mean(log.(D(W_d, G(W_g, z)) + ε))        (Julia)

Nothing here is run. The text is rewritten, step by bounded step, into the formula it
spells: module prefixes dropped (`torch.log` → log), a mean over the minibatch is an
expectation (`mean(…)`, `….mean()` → E[…]), the networks are D and G (`discriminator`,
`netD`), generated samples are G(z) (`fake_imgs`, `Gz`) and real ones x (`imgs`,
`real_images`), a network's weight arguments and a log's ε guard are left out, and the
variables assigned on earlier lines are put in place of their names. What comes out is
read by the ordinary parser, so anything it cannot read stays unreadable.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["from_code", "looks_like_code"]

MAX_LINES = 12
MAX_OUT = 4000

_CODE_MARKS = re.compile(
    r"\b(?:torch|np|numpy|tf|jnp|F)\.\w|\.mean\(\)|\.sum\(\)|\blog\.\(|\bmean\(|"
    r"\b(?:discriminator|generator|netD|netG|criterion|adversarial_loss|bce_loss|bce)\(")
_BCE_CALL = re.compile(r"\b(?:criterion|adversarial_loss|bce_loss|bce|BCELoss\(\)|"
                       r"nn\.BCELoss\(\)|binary_cross_entropy)\s*\(")
_ONES = re.compile(r"^\s*(?:ones(?:_like)?\b.*|valid\w*|real_?labels?|label_?real|"
                   r"target_?real|true_?labels?|1(?:\.0*)?)\s*$")
_ZEROS = re.compile(r"^\s*(?:zeros(?:_like)?\b.*|fake|fake_?labels?|label_?fake|target_?fake|"
                    r"false_?labels?|0(?:\.0*)?)\s*$")
_PREFIX = re.compile(r"\b(?:torch\.nn\.functional|torch|numpy|np|tf\.math|tf|jnp|math|F)\.")
_RESHAPE = re.compile(r"\.(?:view|reshape|detach|squeeze|unsqueeze|flatten|cpu|cuda|float)"
                      r"\s*\(")
_METHOD = re.compile(r"\.(mean|sum|log)\s*\(\s*\)")
_NETWORKS = ((re.compile(r"\b(?:discriminator|netD|net_D|D_net|disc)\s*\("), "D("),
             (re.compile(r"\b(?:generator|netG|net_G|G_net|gen)\s*\("), "G("))
_GENERATED = re.compile(r"\b(?:G_?z|fake|fakes|fake_\w+|\w+_fake|gen_\w+|generated\w*|x_g)\b")
_REAL = re.compile(r"\b(?:imgs?|images?|real|reals|real_\w+|\w+_real|x_r|x_data)\b")
_EPSILON = re.compile(r"\s*\+\s*(?:ε|ϵ|eps|epsilon|1e-\d+|1\.?0?e-\d+)(?=\s*\))")
_ASSIGN = re.compile(r"^\s*([A-Za-z_]\w*)\s*=(?!=)\s*(.+?)\s*$")
_PARAM_ARG = re.compile(r"^\s*(?:W|w|θ|theta|params?|weights?)\w*\s*$")


def _plain(text: str) -> str:
    """Math-alphanumeric letters (𝑱, 𝗪, 𝜀) as plain ones."""
    return "".join(unicodedata.normalize("NFKC", ch) if 0x1D400 <= ord(ch) <= 0x1D7FF else ch
                   for ch in text)


def looks_like_code(text: str) -> bool:
    """Whether `text` is written as code rather than as a formula."""
    return bool(_CODE_MARKS.search(_plain(text)))


def _closing(text: str, start: int) -> int | None:
    """The index of the bracket closing the one opened at `start`."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "([":
            depth += 1
        elif text[i] in ")]":
            depth -= 1
            if depth == 0:
                return i
    return None


def _receiver_start(text: str, end: int) -> int:
    """Where the expression ending just before `end` (a method call's receiver) begins."""
    i = end - 1
    while i >= 0:
        if text[i] in ")]":
            depth = 0
            while i >= 0:
                depth += text[i] in ")]"
                depth -= text[i] in "(["
                if depth == 0:
                    break
                i -= 1
            i -= 1
        elif text[i].isalnum() or text[i] in "_.":
            i -= 1
        else:
            break
    return i + 1


def _rewrite_once(text: str) -> str | None:
    """One rewriting step, or None when there is nothing left to rewrite."""
    match = _RESHAPE.search(text)
    if match is not None:
        close = _closing(text, match.end() - 1)
        if close is not None:
            return text[:match.start()] + text[close + 1:]
    match = _METHOD.search(text)
    if match is not None:
        start = _receiver_start(text, match.start())
        name = match.group(1)
        return f"{text[:start]}{name}({text[start:match.start()]}){text[match.end():]}"
    match = re.search(r"\b(mean|sum)\s*\(", text)
    if match is not None:
        close = _closing(text, match.end() - 1)
        if close is not None:
            inner = text[match.end():close]
            return f"{text[:match.start()]}E[{inner}]{text[close + 1:]}"
    match = re.search(r"\b([DG])\s*\(", text)
    while match is not None:
        close = _closing(text, match.end() - 1)
        if close is None:
            break
        args = _split_args(text[match.end():close])
        kept = [a for a in args if not _PARAM_ARG.match(a)]
        if len(args) > 1 and kept and len(kept) < len(args):
            return f"{text[:match.end()]}{', '.join(a.strip() for a in kept)}{text[close:]}"
        match = re.compile(r"\b([DG])\s*\(").search(text, match.end())
    return None


def _split_args(text: str) -> list[str]:
    """Top-level arguments of a call (split at `,` and `;` outside brackets)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]"
        if depth == 0 and ch in ",;":
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def _bce_calls(text: str) -> str:
    """`criterion(D(fake), ones)` → `BCELoss(D(fake), 1)`: a BCE against all-ones or
    all-zeros targets (PyTorch's GAN tutorials), the one form the parser knows."""
    out, pos = [], 0
    for match in _BCE_CALL.finditer(text):
        if match.start() < pos:
            continue
        close = _closing(text, match.end() - 1)
        if close is None:
            continue
        args = _split_args(text[match.end():close])
        if len(args) != 2:
            continue
        target = "1" if _ONES.match(args[1]) else "0" if _ZEROS.match(args[1]) else None
        if target is None:
            continue
        out.append(text[pos:match.start()] + f"BCELoss({args[0].strip()}, {target})")
        pos = close + 1
    return "".join(out) + text[pos:]


def _line(text: str, assigned: frozenset[str] = frozenset()) -> str:
    text = _bce_calls(_PREFIX.sub("", text))
    text = text.replace("log.(", "log(").replace("@", "*")
    text = re.sub(r"\.([+\-/])", r"\1", text)          # Julia's broadcast .+ .- ./
    for pattern, name in _NETWORKS:
        text = pattern.sub(name, text)
    for _ in range(40):                       # each step shortens or settles the text
        step = _rewrite_once(text)
        if step is None or len(step) > MAX_OUT:
            break
        text = step
    def sample(name: str) -> Any:
        # a variable the code assigns (`p_real = netD(real)`) keeps its name
        return lambda m: m.group(0) if m.group(0) in assigned else name

    text = _GENERATED.sub(sample("G(z)"), text)
    text = _REAL.sub(sample("x"), text)
    return _EPSILON.sub("", text)


def from_code(text: str) -> str | None:
    """The formula `text` computes, written as math; None when it is not code."""
    text = _plain(text)
    if not looks_like_code(text) or len(text) > MAX_OUT:
        return None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) > MAX_LINES:
        return None
    known: dict[str, str] = {}
    assigned = frozenset(m.group(1) for ln in lines if (m := _ASSIGN.match(ln)))
    last = ""
    for raw in lines:
        line = _line(raw.split("#", 1)[0], assigned)
        assign = _ASSIGN.match(line)
        if assign is not None and len(lines) > 1:
            name, value = assign.groups()
            for var, expr in known.items():
                uses = len(re.findall(rf"\b{re.escape(var)}\b", value))
                if len(value) + uses * (len(expr) + 2) > MAX_OUT:
                    return None                 # grows past any real loss: not read
                value = re.sub(rf"\b{re.escape(var)}\b", f"({expr})", value)
            known[name] = value
            last = f"{name} = {value}"
        else:
            last = line
    assign = _FINAL.match(last)      # `d_loss = …`, `J_d(W, x) = …`: the value, unnamed
    return (assign.group(1) if assign is not None else last) or None


_FINAL = re.compile(r"^\s*[A-Za-z_]\w*\s*(?:\([^()=]*(?:\([^()=]*\)[^()=]*)*\))?\s*=(?!=)\s*(.+)$")
