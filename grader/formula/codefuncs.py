"""Helper functions a loss written as code defines and then calls, put in place.

    def celoss_ones(logits):
        y = tf.ones_like(logits)
        loss = keras.losses.binary_crossentropy(y, logits, from_logits=True)
        return tf.reduce_mean(loss)

    def g_loss_fn(generator, discriminator, batch_z, is_training):
        fake_image = generator(batch_z, is_training)
        d_fake_logits = discriminator(fake_image, is_training)
        loss = celoss_ones(d_fake_logits)
        return loss

(龙良曲's TensorFlow 2 book). Every function but the last is a helper: its return value,
its local assignments put in place, replaces each call of it with the call's arguments for
its parameters. The last function is the loss: its body is what the answer computes.
"""

from __future__ import annotations

import re

from grader.formula.text import closing, split_top

__all__ = ["inline_helpers"]

_DEF = re.compile(r"^(\s*)def\s+([A-Za-z_]\w*)\s*\(([^()]*)\)\s*(?:->[^:]*)?:\s*$")
_ASSIGN = re.compile(r"^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$")
_MAX_HELPERS = 4


def _wrap(expr: str) -> str:
    """`expr` bracketed unless it is a name or one call (`tf.ones_like(logits)`)."""
    expr = expr.strip()
    call = re.match(r"[A-Za-z_][\w.]*\s*\(", expr)
    if re.fullmatch(r"[A-Za-z_][\w.]*", expr):
        return expr
    if call is not None and expr.endswith(")"):
        close = _closing(expr, call.end() - 1)
        if close is not None:
            return expr if close == len(expr) - 1 else f"({expr})"
    return f"({expr})"


def _closing(text: str, open_at: int) -> int | None:
    """Where the round bracket opened at `open_at` closes."""
    return closing(text, open_at, "(", ")")


def _split_args(text: str) -> list[str]:
    """A call's or a `def`'s arguments: split at top-level commas, blanks dropped."""
    return [a.strip() for a in split_top(text, ",", "([{", ")]}") if a.strip()]


def _blocks(lines: list[str]) -> list[tuple[str, list[str], list[str]]] | None:
    """(name, parameters, body lines without comments) of each top-level `def`."""
    blocks: list[tuple[str, list[str], list[str]]] = []
    for line in lines:
        match = _DEF.match(line)
        if match is not None and not match.group(1):
            params = [p.split("=")[0].strip() for p in _split_args(match.group(3))]
            blocks.append((match.group(2), params, []))
        elif blocks and (line.startswith((" ", "\t")) or not line.strip()):
            code = line.split("#", 1)[0].strip()
            if code:
                blocks[-1][2].append(code)
        elif line.strip() and not line.lstrip().startswith("#"):
            return None                      # code outside the functions: not this shape
    return blocks


def _returned(params: list[str], body: list[str]) -> str | None:
    """The helper's return value, its locals put in place."""
    local: dict[str, str] = {}
    for code in body:
        returned = re.match(r"return\s+(.+)$", code)
        value = returned.group(1) if returned else None
        assign = _ASSIGN.match(code) if value is None else None
        expr = value if value is not None else assign.group(2) if assign else None
        if expr is None:
            return None
        for name, sub in local.items():
            expr = re.sub(rf"\b{re.escape(name)}\b", _wrap(sub), expr)
        if value is not None:
            return expr
        assert assign is not None
        local[assign.group(1)] = expr
    return None


def inline_helpers(text: str) -> str:
    """`text` with its helper functions put in place and the last function's body as the
    answer; `text` unchanged when it is not a few functions, the last one calling others."""
    blocks = _blocks(text.splitlines())
    if blocks is None or not 2 <= len(blocks) <= _MAX_HELPERS + 1:
        return text
    *helpers, (_, _, body) = blocks
    main = "\n".join(body)
    for name, params, helper_body in helpers:
        value = _returned(params, helper_body)
        if value is None or not re.search(rf"\b{name}\s*\(", main):
            return text

        out, pos = [], 0
        for m in re.finditer(rf"\b{name}\s*\(", main):
            if m.start() < pos:
                continue
            close = _closing(main, m.end() - 1)
            args = _split_args(main[m.end():close]) if close is not None else []
            if close is None or len(args) != len(params):
                return text
            expr = value
            for param, arg in zip(params, args, strict=True):
                expr = re.sub(rf"\b{re.escape(param)}\b", _wrap(arg), expr)
            out.append(main[pos:m.start()] + _wrap(expr))
            pos = close + 1
        main = "".join(out) + main[pos:]
    return main
