"""Recursive-descent parser: tokens → a tree of `grader.formula.tree` nodes.

Grammar (one for LaTeX and plain text):

    chain   := rel ('=' rel)*
    rel     := expr ('~' expr)?
    expr    := ('+'|'-')? term (('+'|'-') term)*
    term    := factor (('*'|'·'|'×'|'⊙'|'/'|<juxtaposition>) factor)*
    factor  := '-' factor | postfix
    postfix := atom ('_' script | '^' script | "'" | '{'script'}' | '(' time ')'
                     | '(' list ')')*
    atom    := number | name | func | '(' list ')' | '[' list ']' | '{' list '}'
             | \\frac{..}{..} | \\tilde{..} | \\begin{env} rows \\end{env} | ⌊ expr ⌋
             | \\sum_{i=1}^{m} atom
    list    := rel ((','|';') rel)*          (more than one item: a stacked vector)

A signal letter followed by a bracketed time (`h(t-1)`, `x(t)`) is the time-indexed
signal `h_{t-1}`, not a product; `e^{...}` is exp; a literal `*` is kept apart from
`\\cdot` (between two vectors it can only mean the element-wise product). A trailing
gloss (`, where σ is …`, `其中…`) is cut off and remembered on the chain.

Depth, token count and exponents are bounded (`grader.formula.limits`).
"""

from __future__ import annotations

import re

from grader.formula.layout import clean_layout
from grader.formula.lexer import Token, split_gloss, tokenize
from grader.formula.limits import MAX_DEPTH, FormulaSyntaxError, FormulaTooBig
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
)

__all__ = ["parse"]

_ATOM_KINDS = frozenset({"num", "id", "func", "open", "frac", "mark", "begin"})
_CLOSERS = {"(": (")", "]"), "[": ("]", ")"), "{": ("}",), "floor": ("floor",)}
_SHOW_CLOSE = {"floor": "\\rfloor", ")": ")", "]": "]", "}": "}"}
# Letters that name a recurrent signal: `h(t-1)` is h at time t-1.
_SIGNAL_LETTERS = frozenset("xhcfiogzrCHX")
_TIME_TOKENS = re.compile(r"[tk](?:[-+]\d)?")


def parse(text: str) -> Chain:
    """Parse `text`; raises FormulaSyntaxError (with a 1-based column) when it is not a formula."""
    body, gloss = split_gloss(clean_layout(text))
    tokens = _parens_closed_by_bracket(_without_unopened_ends(tokenize(body)))
    if not tokens:
        raise FormulaSyntaxError("empty", 1, "the formula is empty")
    chain = _Parser(tokens, len(body) + 1).parse_chain()
    return Chain(chain.sides, gloss) if gloss else chain


def _without_unopened_ends(tokens: list[Token]) -> list[Token]:
    """The tokens without the `\\end{…}`s closing at the end what the copy never opened
    (the last row of an array: `h_t = o_t * \\tanh(c_t) \\end{array}\\end{split}`)."""
    while tokens and tokens[-1].kind == "end":
        env = tokens[-1].text
        if sum(t.kind == "begin" and t.text == env for t in tokens) \
                >= sum(t.kind == "end" and t.text == env for t in tokens):
            break
        tokens = tokens[:-1]
    return tokens


def _parens_closed_by_bracket(tokens: list[Token]) -> list[Token]:
    """A `]` (or `}`) reached while parentheses opened inside its bracket are still open
    closes them first: the `)` a copy lost (`[\\log (1 - D(G(z))\\big]`)."""
    pairs = {")": "(", "]": "[", "}": "{"}
    out: list[Token] = []
    stack: list[str] = []
    for tok in tokens:
        if tok.kind == "open":
            stack.append(tok.text)
        elif tok.kind == "close" and tok.text in pairs:
            want = pairs[tok.text]
            if want != "(" and want in stack and stack[-1] == "(":
                k = len(stack) - 1 - stack[::-1].index(want)
                if all(s == "(" for s in stack[k + 1:]):
                    out.extend(Token("close", ")", tok.col) for _ in stack[k + 1:])
                    del stack[k + 1:]
            if stack and stack[-1] == want:
                stack.pop()
        out.append(tok)
    return out


def _describe(tok: Token | None) -> str:
    if tok is None:
        return "the end"
    if tok.kind == "rowsep":
        return "a row break \\\\"
    if tok.kind in ("begin", "end"):
        return f"\\{tok.kind}{{{tok.text}}}"
    return repr(_SHOW_CLOSE.get(tok.text, tok.text) if tok.kind == "close" else tok.text)


class _Parser:
    def __init__(self, tokens: list[Token], end_col: int, depth: int = 0) -> None:
        self.toks = tokens
        self.pos = 0
        self.end_col = end_col
        self.depth = depth

    # -- helpers ---------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        i = self.pos + ahead
        return self.toks[i] if i < len(self.toks) else None

    def next(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise FormulaSyntaxError("eof", self.end_col, "the formula ends too early")
        self.pos += 1
        return tok

    def at(self, kind: str, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind and (not texts or tok.text in texts)

    def col(self) -> int:
        tok = self.peek()
        return tok.col if tok is not None else self.end_col

    def fail(self, expected: str) -> FormulaSyntaxError:
        return FormulaSyntaxError("syntax", self.col(),
                                  f"expected {expected}, found {_describe(self.peek())}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaTooBig("too_deep", self.col(), f"nested more than {MAX_DEPTH} deep")

    def leave(self) -> None:
        self.depth -= 1

    # -- grammar ---------------------------------------------------------------------
    def parse_chain(self) -> Chain:
        sides = [self.rel()]
        while self.at("op", "="):
            self.pos += 1
            sides.append(self.rel())
        if self.peek() is not None:
            raise self.fail("an operator or the end")
        return Chain(tuple(sides))

    def rel(self) -> Node:
        left = self.expr()
        if self.at("op", "~"):
            self.pos += 1
            return Rel(left, self.expr())
        return left

    def expr(self) -> Node:
        self.enter()
        terms: list[Node] = []
        negative = False
        if self.at("op", "+", "-"):
            negative = self.next().text == "-"
        first = self.term()
        terms.append(Neg(first) if negative else first)
        while self.at("op", "+", "-"):
            sign = self.next().text
            term = self.term()
            terms.append(Neg(term) if sign == "-" else term)
        self.leave()
        return terms[0] if len(terms) == 1 else Add(tuple(terms))

    def starts_atom(self) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind in _ATOM_KINDS and tok.text != "~after"

    def term(self) -> Node:
        left = self.factor()
        while True:
            if self.at("op", "*", "ast", "had", "/"):
                op = {"*": "mul", "ast": "ast", "had": "had", "/": "div"}[self.next().text]
                left = Bin(op, left, self.factor())
            elif self.starts_atom():
                left = Bin("mul", left, self.factor())
            else:
                return left

    def factor(self) -> Node:
        if self.at("op", "-"):
            self.pos += 1
            self.enter()
            node: Node = Neg(self.factor())
            self.leave()
            return node
        if self.at("op", "+"):
            self.pos += 1
        return self.postfix()

    def implicit_chain(self) -> Node:
        """Argument of a function written without brackets: `\\log D(x)`, `\\tanh c_t`."""
        node = self.postfix()
        while self.starts_atom() and not self.at("func"):
            node = Bin("mul", node, self.postfix())
        return node

    # -- scripts ---------------------------------------------------------------------
    def script(self) -> tuple[str, list[Token]]:
        """The raw text and tokens of a sub/superscript after `_` or `^`."""
        tok = self.peek()
        if tok is None:
            raise self.fail("a subscript or superscript")
        if tok.kind == "open":
            toks = self.group_tokens()
            inner = toks[1:-1] if toks[0].text == "{" else toks
        elif tok.kind in ("id", "num", "func") or tok.text in ("*", "ast", "'"):
            self.pos += 1
            inner = [tok] if tok.text != "ast" else [Token("op", "*", tok.col)]
            # plain text `h_t-1` means h_{t-1}
            nxt, one = self.peek(), self.peek(1)
            if (tok.text in ("t", "k", "n") and nxt is not None and one is not None
                    and nxt.text in ("-", "+") and not nxt.space_before
                    and one.kind == "num" and not one.space_before):
                inner += [nxt, one]
                self.pos += 2
        else:
            raise self.fail("a subscript or superscript")
        raw = "".join(t.text for t in inner if t.text not in ("{", "}"))
        return raw, inner

    def group_tokens(self) -> list[Token]:
        """The tokens of one balanced bracket group, brackets included."""
        start = self.pos
        depth = 0
        while True:
            tok = self.next()
            if tok.kind == "open":
                depth += 1
                if depth > MAX_DEPTH:
                    raise FormulaTooBig("too_deep", tok.col, f"nested more than {MAX_DEPTH} deep")
            elif tok.kind == "close":
                depth -= 1
                if depth == 0:
                    return self.toks[start:self.pos]

    def sub_parse(self, toks: list[Token]) -> Node:
        sub = _Parser(toks, toks[-1].col + 1 if toks else self.col(), self.depth + 1)
        if self.depth + 1 > MAX_DEPTH:
            raise FormulaTooBig("too_deep", self.col(), f"nested more than {MAX_DEPTH} deep")
        node = sub.rel()
        if sub.peek() is not None:
            raise sub.fail("the end of the subscript")
        return node

    # -- postfix ---------------------------------------------------------------------
    def postfix(self) -> Node:
        node = self.atom()
        sub_toks: list[Token] | None = None
        while True:
            tok = self.peek()
            if tok is None:
                break
            if tok.kind == "op" and tok.text in ("_", "^"):
                self.pos += 1
                raw, toks = self.script()
                node, sub_toks = self.attach(node, tok.text, raw, toks, tok.col, sub_toks)
            elif tok.kind == "op" and tok.text == "'" and isinstance(node, Sym):
                self.pos += 1
                node = Sym(node.name, node.sub, node.sup, node.mark, True, node.eaten, node.col)
            elif tok.kind == "mark" and tok.text == "~after" and isinstance(node, Sym):
                self.pos += 1
                node = Sym(node.name, node.sub, node.sup, "~", node.prime, node.eaten, node.col)
            elif (tok.kind == "open" and tok.text == "{" and not tok.space_before
                  and isinstance(node, Sym) and node.sub is None):
                # `p{data}`, `\mathrm{E}{x \sim p}`: a subscript whose `_` markdown ate
                raw, toks = self.script()
                sub_toks = toks
                node = Sym(node.name, raw, node.sup, node.mark, node.prime, True, node.col)
            elif isinstance(node, Sym) and node.name == "E" and (
                    (tok.kind == "open" and tok.text in ("[", "("))
                    or (node.sub is not None and self.starts_atom())):
                return self.expectation(node, sub_toks)
            elif (tok.kind == "open" and tok.text == "(" and isinstance(node, Sym)
                  and node.sub is None and node.sup is None and node.name in _SIGNAL_LETTERS
                  and (time := self.time_group()) is not None):
                # plain text `h(t-1)`, `x(t)`: the signal at that time, like h_{t-1}
                node = Sym(node.name, time, None, node.mark, node.prime, node.eaten, node.col)
            elif tok.kind == "open" and tok.text in ("(", "[") and isinstance(node, Sym):
                col = tok.col
                node = Apply(node, self.bracket_list(), col)
            else:
                break
        return node

    def time_group(self) -> str | None:
        """`t-1` when the next tokens are `( t-1 )` (a time index), else None; consumes it."""
        end = self.pos + 1
        while end < len(self.toks) and end - self.pos <= 4 and self.toks[end].kind != "close":
            end += 1
        if end >= len(self.toks) or self.toks[end].text != ")":
            return None
        raw = "".join(t.text for t in self.toks[self.pos + 1:end])
        if re.fullmatch(r"[tk]1", raw):   # flattened text lost the minus: h(t1) is h(t-1)
            raw = raw[0] + "-1"
        if not _TIME_TOKENS.fullmatch(raw):
            return None
        self.pos = end + 1
        return raw

    def attach(self, node: Node, which: str, raw: str, toks: list[Token], col: int,
               sub_toks: list[Token] | None) -> tuple[Node, list[Token] | None]:
        if (isinstance(node, Sym) and node.name == "e" and which == "^" and node.sub is None
                and node.sup is None and not node.mark and not raw.isdigit()
                and raw not in ("*", "'")
                and not _TIME_TOKENS.fullmatch(re.sub(r"[(){}<>\s]", "", raw))):
            # e^{-z} is exp(-z) (the sigmoid written out: 1/(1 + e^{-z}))
            return Func("exp", (self.sub_parse(toks),), False, node.col), sub_toks
        if isinstance(node, Sym) and which == "_" and node.sub is None:
            return Sym(node.name, raw, node.sup, node.mark, node.prime, node.eaten,
                       node.col), toks
        if isinstance(node, Sym) and which == "^" and node.sup is None and not raw.isdigit():
            return Sym(node.name, node.sub, raw, node.mark, node.prime, node.eaten,
                       node.col), sub_toks
        if which == "^" and not isinstance(node, Pow):
            if not re.fullmatch(r"\d{1,2}", raw):
                raise FormulaSyntaxError("syntax", col, "an exponent must be a small integer")
            if int(raw) > 9:
                raise FormulaTooBig("too_big", col, "exponent larger than 9")
            return Pow(node, int(raw)), sub_toks
        raise FormulaSyntaxError("syntax", col, f"a second {'sub' if which == '_' else 'super'}"
                                 "script on the same symbol")

    def expectation(self, sym: Sym, sub_toks: list[Token] | None) -> Node:
        sub = self.sub_parse(sub_toks) if sub_toks else None
        self.enter()
        if self.at("open", "[", "("):
            items = self.bracket_list()
            if (len(items) == 1 and isinstance(items[0], Rel) and sub is None
                    and self.at("open", "[", "(")):
                # E[x~p_data][log D(x)]: the first bracket is the subscript
                sub = items[0]
                items = self.bracket_list()
            if len(items) != 1:
                raise FormulaSyntaxError("syntax", sym.col, "an expectation of one expression")
            body = items[0]
        else:
            body = self.implicit_chain()
        self.leave()
        return Expect(sub, body, sym.eaten, sym.col)

    def bracket_list(self) -> tuple[Node, ...]:
        """`( a, b )` / `[a; b]` → its items (one item when there is no separator)."""
        self.enter()
        open_tok = self.next()
        items = [self.rel()]
        while self.at("op", ",", ";"):
            self.pos += 1
            items.append(self.rel())
        closers = _CLOSERS[open_tok.text]
        if not self.at("close", *closers):
            raise self.fail(repr(_SHOW_CLOSE[closers[0]]) + f" to close the {open_tok.text!r}"
                            f" of column {open_tok.col}")
        self.pos += 1
        self.leave()
        return tuple(items)

    # -- atoms -----------------------------------------------------------------------
    def atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("a symbol, number or '('")
        if tok.kind == "num":
            self.pos += 1
            return Num(tok.text)
        if tok.kind == "id":
            self.pos += 1
            return Sym(tok.text, col=tok.col)
        if tok.kind == "func":
            return self.function()
        if tok.kind == "open":
            if tok.text == "floor":
                items = self.bracket_list()
                if len(items) != 1:
                    raise FormulaSyntaxError("syntax", tok.col, "one expression inside ⌊ ⌋")
                return Func("floor", items, col=tok.col)
            items = self.bracket_list()
            return items[0] if len(items) == 1 else Stack(items, tok.col)
        if tok.kind == "frac":
            self.pos += 1
            self.enter()
            num = self.frac_part()
            den = self.frac_part()
            self.leave()
            return Bin("div", num, den)
        if tok.kind == "mark":
            self.pos += 1
            inner = self.frac_part()
            if not isinstance(inner, Sym) and tok.text == "bar":
                # \bar{P_z(z)}, \overline{...} over more than a letter: an empirical or
                # average distribution's decoration, no part of what the formula computes
                return inner
            if not isinstance(inner, Sym):
                raise FormulaSyntaxError("syntax", tok.col, "a single letter under \\tilde")
            return Sym(inner.name, inner.sub, inner.sup, tok.text, inner.prime, inner.eaten,
                       inner.col)
        if tok.kind == "begin":
            return self.environment()
        raise self.fail("a symbol, number or '('")

    def frac_part(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "open" and tok.text == "{":
            items = self.bracket_list()
            return items[0] if len(items) == 1 else Stack(items, tok.col)
        if tok is not None and tok.kind in ("num", "id"):
            self.pos += 1
            return Num(tok.text[0]) if tok.kind == "num" else Sym(tok.text, col=tok.col)
        raise self.fail("'{' after \\frac or \\tilde")

    def function(self) -> Node:
        tok = self.next()
        name = tok.text
        if name == "arg":  # \arg\min_G: same optimisation
            if not self.at("func", "min", "max"):
                raise self.fail("\\min or \\max after \\arg")
            return self.function()
        if name == "sum":
            return self.summation(tok)
        sub = None
        if self.at("op", "_"):
            self.pos += 1
            sub, _ = self.script()
        if self.at("op", "^") and name not in ("min", "max"):
            raise self.fail(f"'(' after \\{name}")
        if name in ("min", "max") and (sub is not None or not self.at("open")):
            self.enter()
            body = self.expr()
            self.leave()
            return Opt(name, sub or "", body, tok.col)
        self.enter()
        if self.at("open", "(", "[", "{"):
            args = self.bracket_list()
        else:
            if not self.starts_atom():
                raise self.fail(f"an argument after {name}")
            args = (self.implicit_chain(),)
        self.leave()
        if name == "delta":
            return Func("sigma", args, True, tok.col)
        return Func(name, args, False, tok.col)

    def summation(self, tok: Token) -> Node:
        """`\\sum_{i=1}^{m} body`: the body is one bracket group or one implicit product."""
        index, upper = "", ""
        for _ in range(2):
            if self.at("op", "_") and not index:
                self.pos += 1
                index = self.script()[0]
            elif self.at("op", "^") and not upper:
                self.pos += 1
                upper = self.script()[0]
        self.enter()
        if self.at("open", "(", "[", "{"):
            items = self.bracket_list()
            if len(items) != 1:
                raise FormulaSyntaxError("syntax", tok.col, "a sum of one expression")
            body = items[0]
        else:
            if not self.starts_atom():
                raise self.fail("what is summed after \\sum")
            body = self.implicit_chain()
        self.leave()
        var = index.split("=")[0].strip(" {}()")
        return Sum(var, upper.strip(" {}()"), body, tok.col)

    def environment(self) -> Node:
        begin = self.next()
        self.enter()
        items = [self.rel()]
        while self.at("rowsep") or self.at("op", "&", ",", ";"):
            self.pos += 1
            if self.at("end"):
                break
            items.append(self.rel())
        if not self.at("end", begin.text):
            raise self.fail(f"\\end{{{begin.text}}}")
        self.pos += 1
        self.leave()
        return items[0] if len(items) == 1 else Stack(tuple(items), begin.col)
