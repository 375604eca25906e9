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

Also read: softplus of D's logits (softplus(−l) = −log σ(l), HyperGAN), `loss += …` as a sum,
a branch's `if …:` / `else:` header dropped (torchgan), a name assigned a loss object called
as the BCE (`log_likelihood = BCELoss()`), Theano's `tensor.` / `T.nnet.` prefixes, weights
held in dicts or objects (`parameters['Wf']`, `self.param.wf`), and `@` as the matrix product.
LSTM code assigning several gates and states is read row by row (grader.formula.coderows).
"""

from __future__ import annotations

import re
import unicodedata

from grader.formula.codefuncs import inline_helpers
from grader.formula.coderows import previous_states, rename_roles, role, state_words
from grader.formula.text import closing, split_top

__all__ = ["from_code", "looks_like_code"]

MAX_LINES = 12
MAX_OUT = 4000

_CODE_MARKS = re.compile(
    r"\b(?:torch|np|numpy|tf|jnp|F)\.\w|\.mean\(\)|\.sum\(\)|\blog\.\(|\bmean\(|"
    r"\b(?:discriminator|generator|netD|netG|\w*criterion|adversarial_loss|bce_loss|bce|"
    r"cross_entropy|loss_fn|loss_func|matmul)\(|^\s*(?:def|return)\b|\.tanh\(\)|\.forward\(|"
    r"\bself\.\w|\w\s*@\s*\w|\b(?:tensor|T)\.\w|\w\[\s*['\"]\w+['\"]\s*\]|\bsoftplus\(|"
    r"^\s*#.*\n\s*[A-Za-z_]\w*\s*=(?!=)|^\s*(?:hidden|cell)\s*=(?!=)|"
    r"^\s*\w+(?:\s*,\s*\w+)+\s*=\s*\w+\(",
    re.MULTILINE)
_BCE_CALL = re.compile(r"\b(?:\w*criterion|adversarial_loss|bce_loss|bce|BCELoss\(\)|loss_fn|"
                       r"loss_func|"
                       r"BCEWithLogitsLoss\(\)|binary_cross_?entropy(?:_with_logits)?|"
                       r"sigmoid_cross_entropy_with_logits|cross_entropy)\s*\(")
_LOSS_OBJECT = re.compile(r"^\s*(?:keras\.losses\.|losses\.|nn\.)?(?:BinaryCrossentropy\s*\(|"
                          r"BCE(?:WithLogits)?Loss\s*\(\s*(?:\w+\s*=[^,()]*)?\s*\)\s*$)")
"""`cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)`: the loss object,
whose calls are the BCE; the assignment itself is no formula."""
_ONES = re.compile(r"^\s*(?:labels\s*=\s*)?(?:ones(?:_like)?\b.*|valid\w*|real_?labels?|"
                   r"label_?real|target_?real|true_?labels?|1(?:\.0*)?)\s*$")
_ZEROS = re.compile(r"^\s*(?:labels\s*=\s*)?(?:zeros(?:_like)?\b.*|fake|fake_?labels?|"
                    r"label_?fake|target_?fake|false_?labels?|0(?:\.0*)?)\s*$")
_PREFIX = re.compile(r"\b(?:torch\.nn\.functional|torch\.nn|torch|numpy|np|tf\.math|tf\.nn|tf|jnp|"
                     r"(?:jt|jittor|paddle|mge|megengine|ms|mindspore)(?:\.nn)?(?:\.functional)?|"
                     r"math|nn|F|(?:theano\.)?tensor\.nnet|(?:theano\.)?tensor|T\.nnet|T)\.")
_CONTAINER = re.compile(r"\b(?:state|param|params|parameters|cache|weights)\.(?=[A-Za-z_])")
"""Objects holding the weights and states (`self.param.wf`, `self.state.s`): the attribute
is the name."""
_KEYED = re.compile(r"\b\w+\[\s*(['\"])(\w+)\1\s*\]")
"""`parameters['Wf']`: a weight looked up by its name, which is the name."""
_CONTROL = re.compile(r"^(?:if|elif|else|for|while|with|try|except|finally)\b.*:$")
_RESHAPE = re.compile(r"\.(?:view|reshape|detach|squeeze|unsqueeze|flatten|cpu|cuda|float)"
                      r"\s*\(")
_METHOD = re.compile(r"\.(mean|sum|log|tanh|sigmoid|exp)\s*\(\s*\)")
_NETWORKS = ((re.compile(r"\b(?:discriminator|netD|net_D|D_net|disc|dis|disc_net|d_net)\s*\("),
              "D("),
             (re.compile(r"\b(?:generator|netG|net_G|G_net|gen)\s*\("), "G("))
_D_OUTPUT = re.compile(r"(?i)(?:d_?|disc_?)?(?:(?:logits?|outputs?|out|probs?|preds?|scores?)_?)?"
                       r"(real|fake|gen)(?:_?(?:logits?|outputs?|out|probs?|preds?|scores?))?")
"""A name for what D says of a sample: `D_real`, `d_fake_logit`, `real_output`, `logits_fake`
(a D- prefix or an output word around real/fake)."""
_OUTPUT_WORD = re.compile(r"(?i)^(?:d_|disc)|logit|output|out\b|_out|prob|pred|score")
_LAYER_CALL = re.compile(r"\b((?:W|w|linear|fc|lin|dense)\w*)\s*\((?!\s*\))")
"""A weight called like a function in code: a linear layer (PyTorch's nn.Linear, with
its bias)."""
_TRAINING_STEP = re.compile(r"\.(?:backward|step|zero_grad)\s*\(\s*\)\s*$")
_LABEL_WORD = re.compile(r"(?i)label|target|valid|ones|zeros|loss|criterion")
"""Names of targets and losses (`fake_label`, `real_loss`), never samples."""
_NOISE = re.compile(r"(?i)z|noise|noises|noisy|latent|random_noise|\w+_noise|noise_\w+|z_\w+")
"""Names of the generator's input."""
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
    """The index of the bracket (round or square) closing the one opened at `start`."""
    return closing(text, start)


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
    match = re.search(r"\b(?:matmul(?:_transpose)?|mm|dot)\s*\(", text)
    if match is not None:                      # torch.matmul(X, W_xi): X W_xi
        close = _closing(text, match.end() - 1)
        args = _split_args(text[match.end():close]) if close is not None else []
        if close is not None and len(args) == 2:
            return f"{text[:match.start()]}(({args[0]}) * ({args[1]})){text[close + 1:]}"
    match = re.search(r"\b(?:add|einsum)\s*\(", text)
    if match is not None:
        close = _closing(text, match.end() - 1)
        args = _split_args(text[match.end():close]) if close is not None else []
        if close is not None and len(args) == 2:                 # tf.add(a, b)
            return f"{text[:match.start()]}(({args[0]}) + ({args[1]})){text[close + 1:]}"
        spec = re.fullmatch(r"\s*['\"](\w+),(\w+)->(\w+)['\"]\s*", args[0]) if args else None
        if close is not None and len(args) == 3 and spec is not None \
                and len(set(spec.groups())) == 1:                # einsum('ij,ij->ij', a, b)
            return f"{text[:match.start()]}(({args[1]}) ⊙ ({args[2]})){text[close + 1:]}"
    match = _LAYER_CALL.search(text)
    if match is not None:                      # self.W_f(v): a linear layer, W_f v + b_f
        close = _closing(text, match.end() - 1)
        if close is not None and len(_split_args(text[match.end():close])) == 1:
            role = re.sub(r"\W", "", match.group(1).rsplit("_", 1)[-1]) or "l"
            return (f"{text[:match.start()]}(W_{{{role}}} * ({text[match.end():close]}) + "
                    f"b_{{{role}}}){text[close + 1:]}")
    match = re.search(r"\bsoftplus\s*\(", text)
    if match is not None:                      # softplus of D's logit l: −log σ(±l)
        close = _closing(text, match.end() - 1)
        if close is not None:
            arg = text[match.end():close].strip()
            read = f"(-log({arg[1:]}))" if arg.startswith("-") else f"(-log(1 - ({arg})))"
            return text[:match.start()] + read + text[close + 1:]
    match = re.search(r"\b(?:vstack|hstack|concatenate|concat|cat|stack)\s*\(\s*[\[(]", text)
    if match is not None:                      # np.vstack([h, x]), torch.cat([h, x], 1)
        close = _closing(text, match.end() - 1)
        end = _closing(text, text.index("(", match.start()))
        if close is not None and end is not None:
            items = _split_args(text[match.end():close])
            return f"{text[:match.start()]}[{'; '.join(i.strip() for i in items)}]{text[end + 1:]}"
    match = re.search(r"\b(mean|sum|reduce_mean|reduce_sum)\s*\(", text)
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


def _last_arg(text: str, call: str) -> str:
    """Each call matching `call` replaced by its last argument (`full(shape, real_label)`
    is a tensor of real_label)."""
    for _ in range(10):
        match = re.search(call, text)
        if match is None:
            break
        close = _closing(text, match.end() - 1)
        if close is None:
            break
        text = text[:match.start()] + _split_args(text[match.end():close])[-1].strip() \
            + text[close + 1:]
    return text


def _split_args(text: str) -> list[str]:
    """Top-level arguments of a call (split at `,` and `;` outside brackets and strings)."""
    return split_top(text, ",;", "([", ")]", quotes=True)


def _target(arg: str) -> str | None:
    """"1" or "0" for an all-ones or all-zeros target, else None."""
    arg = arg.strip()
    while arg.startswith("(") and arg.endswith(")") and _closing(arg, 0) == len(arg) - 1:
        arg = arg[1:-1].strip()
    return "1" if _ONES.match(arg) else "0" if _ZEROS.match(arg) else None


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
        args = [a for a in _split_args(text[match.end():close])
                if not re.match(r"\s*(?:name|reduction|from_logits)\s*=", a)]
        if len(args) != 2:
            continue
        if any(re.match(r"\s*logits\s*=", a) for a in args):      # TF's keywords
            args.sort(key=lambda a: 0 if re.match(r"\s*logits\s*=", a) else 1)
            args[0] = args[0].split("=", 1)[1]
        elif _target(args[0]) is not None and _target(args[1]) is None:
            args.reverse()                       # Keras: (y_true, y_pred)
        target = _target(args[1])
        if target is None:
            continue
        out.append(text[pos:match.start()] + f"BCELoss({args[0].strip()}, {target})")
        pos = close + 1
    return "".join(out) + text[pos:]


_ACTIVATORS = ((re.compile(r"\b\w*output_activator\.forward\s*\("), "tanh("),
               (re.compile(r"\b\w*gate_activator\.forward\s*\("), "sigmoid("))
"""The activation objects of a much-copied Chinese LSTM tutorial (hanbt's 零基础入门深度学习):
the gates' activator is the sigmoid, the output's tanh."""
_GATE_NAMES = {"fg": "f", "ig": "i", "og": "o", "ct": "\\tilde{c}"}
"""The same tutorial's names: fg, ig, og the gates, ct the candidate."""


def _line(text: str, assigned: frozenset[str] = frozenset()) -> str:
    for pattern, function in _ACTIVATORS:
        text = pattern.sub(function, text)
    text = re.sub(r"\b(fg|ig|og|ct)\b", lambda m: _GATE_NAMES[m.group(1)], text)
    text = _bce_calls(_PREFIX.sub("", text))
    text = text.replace("log.(", "log(").replace("@", "*")
    text = re.sub(r"\b(?:self|tf\.keras|keras|losses)\.", "", text)
    text = _KEYED.sub(r"\2", _CONTAINER.sub("", text))
    text = re.sub(r"\(\s*[a-z_]\w*\s*=(?!=)\s*", "(", text)     # tanh(x=c): keyword dropped
    text = re.sub(r"\b([A-Za-z])\[\s*-\s*1\s*\]", r"\1_{t-1}", text)   # c[-1]: previous
    # PyTorch's (Jittor's, Paddle's) parameter names: weight_ih is W_{ih}, bias_hh b_{hh}
    text = re.sub(r"\b(weight|bias)_([ih]h)\b",
                  lambda m: ("W" if m.group(1) == "weight" else "b") + f"_{{{m.group(2)}}}", text)
    text = re.sub(r"(?<![\w.])input(?![\w(])", "x", text)       # a cell's `input`: x_t
    text = re.sub(r",\s*(?:is_)?train(?:ing)?(?:\s*=\s*\w+)?\s*(?=\))", "", text)  # a mode flag
    # y[:, H:2*H]: a gate's columns of the stacked pre-activation, its own share of it
    text = re.sub(r"\b([A-Za-z_]\w*)\[\s*:\s*,[^\[\]]*:[^\[\]]*\]", r"\1", text)
    text = re.sub(r"\b([A-Za-z])\[\s*t\s*(?:-\s*1\s*)?\]",
                  lambda m: m.group(1) + ("_{t-1}" if "-" in m.group(0) else "_{t}"), text)
    text = re.sub(r"\b\w+\.new_full\s*\(", "full(", text)
    text = _last_arg(text, r"\b(?:full|full_like|fill)\s*\(")
    text = re.sub(r",\s*name\s*=\s*(['\"])[^'\"]*\1", "", text)
    text = re.sub(r"\.([+\-/])", r"\1", text)          # Julia's broadcast .+ .- ./
    for pattern, name in _NETWORKS:
        text = pattern.sub(name, text)
    for _ in range(40):                       # each step shortens or settles the text
        step = _rewrite_once(text)
        if step is None or len(step) > MAX_OUT:
            break
        text = step
    text = re.sub(r"(?<![\w.])(\d+)\.(?![\d\w])", r"\1", text)     # 1. is 1
    return _EPSILON.sub("", re.sub(r"\b[A-Za-z_]\w*\b(?!\s*\()",
                                   lambda m: _name(m.group(0), assigned), text))


def _name(word: str, assigned: frozenset[str]) -> str:
    """What a name in the code stands for: D's verdict on a real or generated sample, the
    sample itself, or (a variable the code assigns, anything else) the name unchanged."""
    if word in assigned or _LABEL_WORD.search(word):
        return word
    output = _D_OUTPUT.fullmatch(word)
    if output is not None and _OUTPUT_WORD.search(word):
        return "D(x)" if output.group(1).lower() == "real" else "D(G(z))"
    dcgan = re.fullmatch(r"D(_logits)?(_?)", word)   # DCGAN-tensorflow: D_, D_logits_ fake
    if dcgan is not None and (dcgan.group(1) or dcgan.group(2)):
        return "D(G(z))" if word.endswith("_") else "D(x)"
    if re.fullmatch(r"d_?g_?z", word):                # torchgan's dgz, dx
        return "D(G(z))"
    if re.fullmatch(r"d_?x", word):
        return "D(x)"
    if _NOISE.fullmatch(word):
        return "z"
    if _GENERATED.fullmatch(word):
        return "G(z)"
    if _REAL.fullmatch(word):
        return "x"
    return word


def from_code(text: str, labels: tuple[str, ...] = ()) -> str | None:
    """The formula `text` computes, written as math; None when it is not code. Of LSTM code
    assigning several gates and states, the row whose name has the role of one of `labels`
    (see grader.formula.coderows)."""
    text = _plain(text)
    if not looks_like_code(text) or len(text) > MAX_OUT:
        return None
    text = inline_helpers(text)           # `def celoss_ones(logits): …` called in the loss
    lines = _statements(text)
    if lines is None:
        return None
    lines = _loss_objects_called(lines)
    chosen = _row_by_role(lines, labels)
    if chosen is not None:
        return chosen
    known: dict[str, str] = {}
    assigned = frozenset(m.group(1) for ln in lines if (m := _ASSIGN.match(ln)))
    last = ""
    for raw in lines:
        line = _line(raw, assigned)
        assign = _ASSIGN.match(line)
        if assign is not None and len(lines) > 1:
            name, value = assign.groups()
            if _LOSS_OBJECT.match(value) or _NOISE.fullmatch(name):
                continue     # the BCE object (its calls are read as BCE); the noise, drawn
            value = _substituted(value, known)
            if value is None:
                return None
            known[name] = value
            last = f"{name} = {value}"
        else:
            last = _substituted(line, known) or ""
    assign = _FINAL.match(last)      # `J_d(W, x) = …`: the value, unnamed
    value = _players_arguments(assign.group(1) if assign is not None else last, assigned)
    value = _bce_calls(value)            # targets known only once variables are in place
    # a code name's multi-letter subscript is one subscript: W_xi is W_{xi}
    return re.sub(r"\b([A-Za-z])_([A-Za-z0-9]{2,})\b", r"\1_{\2}", value) or None


def _players_arguments(value: str, assigned: frozenset[str]) -> str:
    """G's one argument is the noise and D's, when it is no generated sample the code made,
    the data, whatever their names: `G(G_ideas)` is G(z), `D(artist_paintings)` is D(x)."""
    value = re.sub(r"\bG\(\s*[A-Za-z_]\w*\s*\)", "G(z)", value)

    def sample(m: re.Match[str]) -> str:
        word = m.group(1)
        if re.fullmatch(r"[Gg]_[A-Za-z]\w*", word):
            return "D(G(z))"                        # G_paintings, G_sample: G's output
        if word in assigned or word in ("x", "z") or _GENERATED.fullmatch(word) \
                or _NOISE.fullmatch(word):
            return m.group(0)
        return "D(x)"

    return re.sub(r"\bD\(\s*([A-Za-z_]\w*)\s*\)", sample, value)


def _substituted(value: str, known: dict[str, str]) -> str | None:
    """`value` with the variables assigned before put in place (None if it grows too big)."""
    for var, expr in known.items():
        uses = len(re.findall(rf"\b{re.escape(var)}\b", value))
        if len(value) + uses * (len(expr) + 2) > MAX_OUT:
            return None                 # grows past any real loss: not read
        value = re.sub(rf"\b{re.escape(var)}\b", f"({expr})", value)
    return value


def _statements(text: str) -> list[str] | None:
    """The code's statements: comments cut, a call continued over lines joined, `def`
    lines dropped and `return x` as x; None when there are too many to be one loss."""
    out: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        pending = f"{pending} {line.strip()}" if pending else line.strip()
        if pending.count("(") + pending.count("[") > pending.count(")") + pending.count("]"):
            continue                                   # the call goes on on the next line
        if re.match(r"def\s+\w+\s*\(.*\)\s*(?:->.*)?:$", pending) or _CONTROL.match(pending):
            pending = ""                               # `if nonsaturating:`, `for t in …:`
            continue
        augmented = re.match(r"([A-Za-z_]\w*)\s*([+*-])=\s*(.+)$", pending)
        if augmented is not None:                      # `loss += bce(…)`: loss = loss + …
            name, op, value = augmented.groups()
            pending = f"{name} = {name} {op} ({value})"
        if not _TRAINING_STEP.search(pending):      # `loss.backward()`, `opt.step()`
            out.append(re.sub(r"^return\s+", "", pending))
        pending = ""
        if len(out) > MAX_LINES:
            return None
    if pending:       # a copy that lost its last closing brackets: closed again
        missing = pending.count("(") - pending.count(")")
        out.append(pending + ")" * max(0, min(missing, 3)))
    return out


def _loss_objects_called(lines: list[str]) -> list[str]:
    """Calls of a name assigned a BCE loss object (`log_likelihood = BCELoss()`) as calls of
    the BCE."""
    names = [m.group(1) for ln in lines
             if (m := _ASSIGN.match(ln)) is not None and _LOSS_OBJECT.match(m.group(2))]
    for name in names:
        lines = [re.sub(rf"\b{re.escape(name)}\s*\(", "bce(", ln) for ln in lines]
    return lines


def _row_by_role(lines: list[str], labels: tuple[str, ...]) -> str | None:
    """The row of LSTM code that answers the item of `labels` (see coderows), written as
    math, or None when no row (or only one row) has such a name."""
    rows = [(m.group(1), m.group(2)) for ln in lines
            if (m := _ASSIGN.match(re.sub(r"^\s*(?:self\.)?", "", _CONTAINER.sub("", ln))))]
    roles = [role(name) for name, _ in rows]
    if not labels:
        return None
    wanted = next((w for w in labels if w in roles), None)
    if wanted is None:
        return None
    index = max(k for k, r in enumerate(roles) if r == wanted)
    temporaries: dict[str, str] = {}
    for (temp, temp_value), r in zip(rows[:index], roles[:index], strict=True):
        if r is None:        # `y = y + bias`: a temporary built on its own earlier value
            read = _line(temp_value)
            if temp in temporaries:
                read = re.sub(rf"\b{re.escape(temp)}\b", f"({temporaries[temp]})", read)
            temporaries[temp] = read
    name, value = rows[index]
    # the latest temporary first: it may use an earlier one (`value = W @ concat`)
    value = _substituted(state_words(wanted, _line(value)),
                         dict(reversed(list(temporaries.items()))))
    if value is None:
        return None
    value = previous_states(value, name, {n for n, _ in rows[:index]})
    lhs = {"h": "h_t", "c": "c_t"}.get(wanted, name) if name in ("hidden", "cell") else name
    return rename_roles(f"{lhs} = {value}")


_FINAL = re.compile(r"^\s*[A-Za-z_]\w*\s*\([^()=]*(?:\([^()=]*\)[^()=]*)*\)\s*=(?!=)\s*(.+)$")
"""`J_d(W, x) = …`: a left-hand side written as a call, which would read as a product; a
plain name (`d_loss =`, `f =`) stays, a label the comparison knows."""
