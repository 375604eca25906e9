"""The formula lexer and parser: spellings, parse errors with columns, hostile input."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from grader.formula import check_formula
from grader.formula.limits import FormulaSyntaxError
from grader.formula.parser import parse
from grader.formula.tree import show

SPELLINGS: list[tuple[str, str]] = [
    # \boldsymbol and \left( \right) disappear
    (r"\boldsymbol{f}^{(t)}=\sigma\left(W \boldsymbol{h}\right)", r"f^{(t)} = \sigma(W h)"),
    # sigmoid / sigm / \operatorname{sigmoid} are σ
    ("sigm(a) + sigmoid(b)", r"\sigma(a) + \sigma(b)"),
    (r"\operatorname{sigmoid}(a)", r"\sigma(a)"),
    # δ is read as σ but remembered
    (r"\delta(a)", r"\delta(a)"),
    # ln, \ln, log are all log; \exp
    (r"\ln x + ln(y) + \exp(z)", r"\log(x) + \log(y) + \exp(z)"),
    # unicode: σ ⊙ − ·
    ("σ(a) ⊙ b − c·d", r"\sigma(a) \odot b - c d"),
    # .* and ∘ are elementwise
    ("a .* b ∘ c", r"a \odot b \odot c"),
    # time indices in every style
    ("x_t + x^{(t)} + x^t + x^{<t>} + h_{t-1} + h^{(t-1)}",
     "x_{t} + x^{(t)} + x^{t} + x^{<t>} + h_{t-1} + h^{(t-1)}"),
    # plain text h_t-1
    ("W*h_t-1", "W h_{t-1}"),
    # unicode subscripts
    ("hₜ₋₁", "h_{t-1}"),
    # stacked vectors: ; , pmatrix, bmatrix, array with mangled row separator
    ("[h; x]", "[h; x]"),
    ("[h, x]", "[h; x]"),
    (r"\begin{pmatrix} h \\ x \end{pmatrix}", "[h; x]"),
    (r"\begin{bmatrix} h \\ x \end{bmatrix}", "[h; x]"),
    ("\\begin{array}{l}\nh \\\nx\n\\end{array}", "[h; x]"),
    # \frac and implicit multiplication
    (r"\frac{a}{b} c", r"\frac{a}{b} c"),
    # expectation forms
    (r"\mathbb{E}_{x\sim p_{data}}[\log D(x)]", r"\mathbb{E}_{x \sim p_{data}}[\log(D(x))]"),
    (r"E_{z \sim p_z(z)}[\log(1 - D(G(z)))]",
     r"\mathbb{E}_{z \sim p_{z}(z)}[\log(1 - D(G(z)))]"),
    # markdown-eaten underscores are recovered
    (r"\mathrm{E}{x \sim p{\text {data }}(x)}[\log D(x)]",
     r"\mathbb{E}_{x \sim p_{data}(x)}[\log(D(x))]"),
    # min/max
    (r"\min_G \max_D V(D,G)", r"\min_{G} \max_{D} V(D, G)"),
    # \mathcal, \mathbf, \bm wrappers
    (r"\mathcal{W}_{f} + \mathbf{W}_f + \bm{W}_f", "W_{f} + W_{f} + W_{f}"),
    # $$ delimiters
    ("$$a = b$$", "a = b"),
    # floor
    (r"\lfloor a/b \rfloor", r"\operatorname{floor}(\frac{a}{b})"),
    # plain-text time index: a signal letter and (t-1) is h_{t-1}, not h·(t-1)
    ("h(t-1) + x(t) + c(t+1) + C(t)", "h_{t-1} + x_{t} + c_{t+1} + C_{t}"),
    # other letters, or a bracket that is not a time, stay calls
    ("D(t) + W(t) + h(s)", "D(t) + W(t) + h(s)"),
    # glued names: Wf, bf (parameter + gate letter), ht-1, xt (signal + t)
    ("Wf*[ht-1, xt] + bf", "W_{f} [h_{t-1}; x_{t}] + b_{f}"),
    # per-source Whf is one name; Wh and Ux (weight times signal) stay products
    ("Whf + Wh + Ux", "W_{hf} + W h + U x"),
    # a glued label and a bracketed-time label
    ("ft = o(t)", "f_{t} = o_{t}"),
    # e^{...} is exp, but e with a time superscript is a symbol
    ("e^{-z} + e^{(t)}", r"\exp(-z) + e^{(t)}"),
    # a minibatch sum
    (r"\frac{1}{m}\sum_{i=1}^{m}[\log D(x^{(i)})]",
     r"\frac{1}{m} (\sum_{i}^{m} [\log(D(x^{(i)}))])"),
    # a literal * prints like juxtaposition (the tree keeps it apart)
    (r"a*b + a \ast b", "a b + a b"),
    # D^* keeps its star superscript
    ("D^*(x)", "D^{*}(x)"),
    # a trailing gloss is cut off: English, \text{where}, Chinese
    ("a = b, where a is b", "a = b"),
    (r"a = b \quad \text{where } a", "a = b"),
    ("f = g，其中 g 为门", "f = g"),
]


@pytest.mark.parametrize(("text", "canonical"), SPELLINGS)
def test_spellings(text: str, canonical: str) -> None:
    assert show(parse(text)) == canonical


@pytest.mark.parametrize(("text", "gloss"), [
    # cut and remembered
    ("a = b, where a is b", True),
    # the word alone is not a gloss of anything: read as letters
    ("where", False),
    # "where" inside a longer word is not a gloss
    (r"a + \text{somewhere}", False),
])
def test_gloss_is_remembered(text: str, gloss: bool) -> None:
    assert parse(text).gloss is gloss


ERRORS: list[tuple[str, int, str]] = [
    # unclosed bracket: the end is where ')' was expected
    (r"\sigma(W h", 11, "expected ')'"),
    # an operator with nothing after it
    ("a + ", 5, "found the end"),
    # unknown command
    (r"a + \foo b", 5, "unknown command"),
    # a stray character
    ("a $ b ?", 7, "unexpected character"),
    # two subscripts
    ("h_t_1", 4, "second subscript"),
    # Chinese text is not a formula
    ("遗忘门", 1, "unexpected character"),
    # a sum of nothing
    (r"\sum_{i=1}^{m}", 15, "what is summed"),
]


@pytest.mark.parametrize(("text", "column", "reason"), ERRORS)
def test_errors_name_the_column(text: str, column: int, reason: str) -> None:
    with pytest.raises(FormulaSyntaxError) as caught:
        parse(text)
    assert caught.value.column == column
    assert reason in caught.value.reason


def test_unparsed_result_names_column() -> None:
    result = check_formula(r"\sigma(W h", "lstm.forget_gate")
    assert result.verdict == "unparsed" and result.canonical == ""
    (d,) = result.diagnoses
    assert d.code == "unparsed" and d.key == "formula.unparsed"
    assert d.params["column"] == "11" and "')'" in d.params["reason"]


HOSTILE = [
    "(" * 10_000,                                  # 10,000 nested brackets
    "[" * 5_000 + "x" + "]" * 5_000,
    "x" * 1_000_000,                               # 1 MB
    "__import__('os').system('ls')",               # code
    "2^2^2^2^2^2^2^2",                             # exponent tower
    "9^{9^{9^{9}}}",
    r"\frac{" * 500 + "1" + "}{2}" * 500,          # \frac 500 deep
    "-" * 3_000 + "x",                             # unary minus chain
    "(a+b)" * 300,                                 # a product that expands to 2^300 terms
    r"\sigma(" * 45 + "x" + ")" * 45,
    "{" * 2_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_refused_quickly(text: str) -> None:
    for ref in ("lstm.forget_gate", "gan.discriminator_loss", "conv.output_size"):
        start = time.perf_counter()
        result = check_formula(text, ref)
        assert time.perf_counter() - start < 2
        assert result.verdict in ("unparsed", "incorrect")
        if result.verdict == "unparsed":
            assert result.diagnoses[0].params["column"].isdigit()


def test_import_does_not_import_sympy() -> None:
    code = ("import sys, grader.formula, grader.formula.parser, grader.formula.compare;"
            "from grader.formula.parser import parse; parse('a+b');"
            "assert 'sympy' not in sys.modules, 'sympy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_nothing_is_executed() -> None:
    import builtins

    before = dict(vars(builtins))
    check_formula("__import__('os').system('false')", "lstm.forget_gate")
    check_formula("eval(x)", "lstm.forget_gate")
    assert dict(vars(builtins)) == before


def _long_chain() -> str:
    a = "+".join(f"a_{i}" for i in range(20))
    b = "+".join(f"b_{i}" for i in range(20))
    return "=".join([f"({a})*({b})"] * 6)


def test_a_long_chain_is_refused_by_its_size() -> None:
    # Six sides of a 400-term product: each side within bounds, the chain not.
    result = check_formula(_long_chain(), "gan.optimal_discriminator")
    assert result.verdict == "unparsed"
    assert result.diagnoses[0].params["reason"] == "the formula expands to too many terms"


POWER_TOWER = (r"\sigma(W_f[h_{t-1};x_t]+b_f) + "
               "(1*(1*(1*(1*(1*(1*(1*(1*(1*(1*2)^9)^9)^9)^9)^9)^9)^9)^9)^9)^9")


def test_a_power_tower_is_refused_before_any_arithmetic() -> None:
    import time

    start = time.process_time()
    result = check_formula(POWER_TOWER, "lstm.forget_gate")
    assert result.verdict == "unparsed"
    assert result.diagnoses[0].params["reason"] == "a number in the formula is too large"
    assert time.process_time() - start < 1.0  # CPU time: refused unseen, not computed


def test_the_step_budget_spent_gives_unparsed_with_the_reason(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from grader.formula import limits

    monkeypatch.setattr(limits, "MAX_STEPS", 0)
    # A spelling no other test uses, so the result cache cannot answer it.
    result = check_formula(r"\sigma(W_{q} [h_{t-1}; x_t] + b_{q})", "lstm.forget_gate")
    assert result.verdict == "unparsed"
    assert result.diagnoses[0].params["reason"] == "the formula takes too many steps to check"
