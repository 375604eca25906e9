"""check_formula: verdicts and diagnosis codes of LSTM/GRU gates, GAN losses, conv formulas."""

from __future__ import annotations

import pytest

from grader.formula import (
    FormulaResult,
    check_formula,
    reference_display,
    reference_ids,
)
from grader.i18n import catalogue, t

# Seed 000, verbatim (its `\\` row separators mangled to `\`, GAN underscores eaten).
SEED_FORGET = (
    r"$$\boldsymbol{f}^{(t)}=\sigma\left(U^{f} \boldsymbol{x}^{(t)}+W^{f} \boldsymbol{"
    r"h}^{(t-1)}+\boldsymbol{b}^{f}\right)=\sigma\left(\mathcal{W}_{f}\left(\begin{arr"
    r"ay}{l}"
    "\n"
    r"\boldsymbol{h}^{(t-1)} "
    "\\"
    "\n"
    r"\boldsymbol{x}^{(t)}"
    "\n"
    r"\end{array}\right)\right)$$"
)
SEED_INPUT = (
    r"$$\boldsymbol{i}^{(t)}=\sigma\left(U^{i} \boldsymbol{x}^{(t)}+W^{i} \boldsymbol{"
    r"h}^{(t-1)}+\boldsymbol{b}^{i}\right)=\sigma\left(\mathcal{W}_{i}\left(\begin{arr"
    r"ay}{l}"
    "\n"
    r"\boldsymbol{h}^{(t-1)} "
    "\\"
    "\n"
    r"\boldsymbol{x}^{(t)}"
    "\n"
    r"\end{array}\right)\right)$$"
)
SEED_OUTPUT = (
    r"$$\boldsymbol{g}^{(t)}=\sigma\left(U^{o} \boldsymbol{x}^{(t)}+W^{o} \boldsymbol{"
    r"h}^{(t-1)}+\boldsymbol{b}^{o}\right)=\sigma\left(\mathcal{W}_{o}\left(\begin{arr"
    r"ay}{l}"
    "\n"
    r"\boldsymbol{h}^{(t)} "
    "\\"
    "\n"
    r"\boldsymbol{x}^{(t)}"
    "\n"
    r"\end{array}\right)\right)$$"
)
SEED_JD = (
    r"$$J^{(D)}=-\mathrm{E}{\boldsymbol{x} \sim p{\text {data }}(\boldsymbol{x})}[\log"
    r" (D(\boldsymbol{x}))]-\mathrm{E}{z \sim p{\boldsymbol{z}}(z)}[\log (1-D(G(\bolds"
    r"ymbol{z})))]$$"
)
SEED_JG = (
    r"$$J^{(G)}=\mathrm{E}{\boldsymbol{z} \sim p{z}(z)}[\log (1-D(G(z)))]$$"
)

E_DATA = r"\mathbb{E}_{x\sim p_{data}}[\log D(x)]"
E_FAKE = r"\mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]"
E_NS = r"\mathbb{E}_{z\sim p_z}[\log D(G(z))]"

CASES: list[tuple[str, str, str, set[str]]] = [
    # --- seed 000 verbatim ---------------------------------------------------------------
    # forget gate: both sides right; the stacked side's bias is folded (other side has it)
    (SEED_FORGET, "lstm.forget_gate", "correct", {"notation"}),
    # input gate: same shape as the forget gate
    (SEED_INPUT, "lstm.input_gate", "correct", {"notation"}),
    # output gate labelled g, stacked side uses h^{(t)} for h^{(t-1)}
    (SEED_OUTPUT, "lstm.output_gate", "incorrect",
     {"inconsistent_chain", "time_index", "notation"}),
    # J^(D) with markdown-eaten underscores: right, with a note
    (SEED_JD, "gan.discriminator_loss", "correct", {"notation"}),
    # J^(G) minimax, underscores eaten
    (SEED_JG, "gan.generator_loss", "correct", {"notation"}),
    # --- SPEC §2 examples ----------------------------------------------------------------
    # stacked form with explicit bias
    (r"\sigma(W_f [h_{t-1}; x_t] + b_f)", "lstm.forget_gate", "correct", set()),
    # plain text, U/W naming, `*` as product
    ("sigmoid(U_i*x_t + W_i*h_{t-1} + b_i)", "lstm.input_gate", "correct", set()),
    # superscript time, \left( \right)
    (r"\sigma\left(U^{o} x^{(t)}+W^{o} h^{(t-1)}+b^{o}\right)", "lstm.output_gate",
     "correct", set()),
    # SPEC discriminator loss
    ("-" + E_DATA + " - " + E_FAKE, "gan.discriminator_loss", "correct", set()),
    # SPEC generator loss
    (E_FAKE, "gan.generator_loss", "correct", set()),
    # --- spellings that are all correct --------------------------------------------------
    # comma-separated stack, \cdot
    (r"f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)", "lstm.forget_gate", "correct", set()),
    # per-source weights W_{xf} W_{hf}
    (r"\sigma(W_{xf} x_t + W_{hf} h_{t-1} + b_f)", "lstm.forget_gate", "correct", set()),
    # two biases count as one (PyTorch's b_if + b_hf)
    (r"\sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf})", "lstm.forget_gate",
     "correct", set()),
    # angle-bracket time and \mathbf
    (r"\sigma(\mathbf{W}_f \mathbf{h}^{<t-1>} + \mathbf{U}_f \mathbf{x}^{<t>} + \mathbf{b}_f)",
     "lstm.forget_gate", "correct", set()),
    # pmatrix stack with \\ rows
    (r"\sigma(W_o \begin{pmatrix} h_{t-1} \\ x_t \end{pmatrix} + b_o)", "lstm.output_gate",
     "correct", set()),
    # bmatrix stack with the bias stacked as a 1
    (r"\sigma(W_i \begin{bmatrix} h_{t-1} \\ x_t \\ 1 \end{bmatrix})", "lstm.input_gate",
     "correct", set()),
    # unicode σ, subscript digits, middle dot
    ("σ(W_f·[hₜ₋₁, xₜ] + b_f)", "lstm.forget_gate", "correct", set()),
    # plain text h_t-1 means h_{t-1}
    ("sigmoid(W_f*h_t-1 + U_f*x_t + b_f)", "lstm.forget_gate", "correct", set()),
    # $...$ delimiters and \big(
    (r"$\sigma\big(W^{i} h_{t - 1} + U^{i} x_{t} + b^{i}\big)$", "lstm.input_gate",
     "correct", set()),
    # candidate with tanh, labelled \tilde{c}_t
    (r"\tilde{c}_t = \tanh(W_c [h_{t-1}; x_t] + b_c)", "lstm.candidate", "correct", set()),
    # candidate labelled g_t
    (r"g_t = \tanh(W_g h_{t-1} + U_g x_t + b_g)", "lstm.candidate", "correct", set()),
    # cell state with ⊙ and g for the candidate
    ("c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t", "lstm.cell_state", "correct", set()),
    # cell state with \odot, commuted factors and terms
    (r"C_t = \tilde{C}_t \odot i_t + c_{t-1} \odot f_t", "lstm.cell_state", "correct", set()),
    # hidden state with \circ
    (r"h_t = o_t \circ \tanh(c_t)", "lstm.hidden_state", "correct", set()),
    # GRU gates
    (r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)", "gru.update_gate", "correct", set()),
    (r"r_t = \sigma(W_r [h_{t-1}, x_t] + b_r)", "gru.reset_gate", "correct", set()),
    (r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)", "gru.candidate",
     "correct", set()),
    # GRU hidden state, textbook convention, (1 - z) distributes over ⊙
    (r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t", "gru.hidden_state",
     "correct", set()),
    (r"h_t = h_{t-1} - z_t \odot h_{t-1} + z_t \odot \tilde{h}_t", "gru.hidden_state",
     "correct", set()),
    # losses: maximising V is the discriminator's loss
    (r"\max_D " + E_DATA + " + " + E_FAKE, "gan.discriminator_loss", "correct", set()),
    # J^(G) = -J^(D): the generator's minimax loss
    (r"J^{(G)} = -J^{(D)}", "gan.generator_loss", "correct", set()),
    # the generator's loss with the term it cannot change
    (E_DATA + " + " + E_FAKE, "gan.generator_loss", "correct", set()),
    # expectation over p_g
    (r"\mathbb{E}_{x \sim p_g}[\log(1 - D(x))]", "gan.generator_loss", "correct", set()),
    # \mathrm{E}, E_{z ~ p_z(z)} and positive factor 1/2
    (r"\frac{1}{2} \mathrm{E}_{z \sim p_z(z)}[\log(1 - D(G(z)))]", "gan.generator_loss",
     "correct", set()),
    # non-saturating reference
    ("-" + E_NS, "gan.generator_loss_non_saturating", "correct", set()),
    # value function
    (r"\min_G \max_D V(D, G) = " + E_DATA + " + " + E_FAKE, "gan.value_function",
     "correct", set()),
    # unicode 𝔼 and ∼
    ("-𝔼_{x∼p_{data}}[log D(x)] - 𝔼_{z∼p_z}[log(1 − D(G(z)))]", "gan.discriminator_loss",
     "correct", set()),
    # \text{data} subscript
    (r"-\mathbb{E}_{x \sim p_{\text{data}}(x)}[\log D(x)] - " + E_FAKE,
     "gan.discriminator_loss", "correct", set()),
    # optimal discriminator
    (r"D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)}", "gan.optimal_discriminator",
     "correct", set()),
    # conv output size with W/K naming
    (r"\lfloor \frac{W - K + 2P}{S} \rfloor + 1", "conv.output_size", "correct", set()),
    # conv params with K^2
    ("K^2 * C_{in} * C_{out} + C_{out}", "conv.param_count", "correct", set()),
    # --- plain-text LSTM notation (review finding 1) --------------------------------------
    # SPEC's own style: h(t-1)/x(t) are time indices, Wf/bf glued names
    ("sigmoid(Wf*[h(t-1),x(t)]+bf)", "lstm.forget_gate", "correct", set()),
    # `ft =` label, `ht-1` and `xt` glued, middle dot
    ("ft = σ(Wf·[ht-1, xt] + bf)", "lstm.forget_gate", "correct", set()),
    # h(t-1)/x(t) with underscored parameters, output gate
    ("sigmoid(W_o*[h(t-1),x(t)]+b_o)", "lstm.output_gate", "correct", set()),
    # `i(t) =` is a label, not i times t
    ("i(t) = σ(W_i·[h(t-1), x(t)] + b_i)", "lstm.input_gate", "correct", set()),
    # `o(t) =` label, plain sigmoid
    ("o(t) = sigmoid(W_o*[h(t-1),x(t)]+b_o)", "lstm.output_gate", "correct", set()),
    # per-source glued names Whf/Wxf
    ("sigmoid(Whf*h(t-1) + Wxf*x(t) + bf)", "lstm.forget_gate", "correct", set()),
    # h_(t-1): the same time-index reading
    ("sigmoid(W_o[h_(t-1),x_t]+b_o)", "lstm.output_gate", "correct", set()),
    # plain-text cell state: glued ct, ft, ct-1 and `*` between vectors
    ("ct = ft*ct-1 + it*gt", "lstm.cell_state", "correct", {"notation"}),
    # --- `*` between two vectors is element-wise (finding 3) ------------------------------
    # Colah's blog: C_t = f_t * C_{t-1} + i_t * C~_t
    (r"C_t = f_t * C_{t-1} + i_t * \tilde{C}_t", "lstm.cell_state", "correct", {"notation"}),
    # Colah's hidden state
    (r"h_t = o_t * \tanh(C_t)", "lstm.hidden_state", "correct", {"notation"}),
    # GRU hidden state with `*`: (1 - z) still distributes
    (r"h_t = (1 - z_t) * h_{t-1} + z_t * \tilde{h}_t", "gru.hidden_state", "correct",
     {"notation"}),
    # `W * x` stays a matrix product
    (r"\sigma(W_f * x_t + U_f * h_{t-1} + b_f)", "lstm.forget_gate", "correct", set()),
    # --- legitimate forms (finding 8) -----------------------------------------------------
    # a trailing Chinese gloss is cut off, with a note
    (r"\sigma(W_f [h_{t-1}; x_t] + b_f)，其中σ为sigmoid函数", "lstm.forget_gate", "correct",
     {"notation"}),
    # an English gloss after a comma
    (r"\sigma(W_f [h_{t-1}; x_t] + b_f), where \sigma is the sigmoid", "lstm.forget_gate",
     "correct", {"notation"}),
    # the sigmoid written out, plain text
    ("1/(1+exp(-(W_o[h_{t-1},x_t]+b_o)))", "lstm.output_gate", "correct", {"notation"}),
    # the sigmoid written out with \frac and e^{...}
    (r"\frac{1}{1+e^{-(W_f [h_{t-1}; x_t] + b_f)}}", "lstm.forget_gate", "correct",
     {"notation"}),
    # minibatch discriminator loss: (1/m) Σ over samples is the expectation
    (r"-\frac{1}{m}\sum_{i=1}^{m}[\log D(x^{(i)}) + \log(1 - D(G(z^{(i)})))]",
     "gan.discriminator_loss", "correct", {"notation"}),
    # minibatch minimax generator loss, implicit body
    (r"\frac{1}{m}\sum_{i=1}^{m}\log(1 - D(G(z^{(i)})))", "gan.generator_loss", "correct",
     {"notation"}),
    # a sum without 1/m is m times the loss: a positive factor
    (r"-\sum_{i=1}^{m}\log D(G(z^{(i)}))", "gan.generator_loss_non_saturating", "correct",
     {"notation"}),
    # --- optimisation over a chain (finding 2) --------------------------------------------
    # \max_D V(D,G) = its definition: maximising V is minimising -V
    (r"\max_D V(D,G) = " + E_DATA + " + " + E_FAKE, "gan.discriminator_loss", "correct",
     set()),
    # the whole game under the discriminator ...
    (r"\min_G \max_D V(D,G) = " + E_DATA + " + " + E_FAKE, "gan.discriminator_loss",
     "correct", set()),
    # ... and under the generator: the same verdict
    (r"\min_G \max_D V(D,G) = " + E_DATA + " + " + E_FAKE, "gan.generator_loss", "correct",
     set()),
    # --- accepted variants ---------------------------------------------------------------
    # δ for σ
    ("δ(W_o[h_{t-1},x_t]+b_o)", "lstm.output_gate", "accepted_variant", {"notation"}),
    # public answer key's "i = f = σ(...)" chain: label mismatch
    (r"i_t = f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)", "lstm.forget_gate", "accepted_variant",
     {"notation"}),
    # row-vector convention (d2l): x W, the same formula for a batch of rows (noted)
    (r"\sigma(x_t W_{xf} + h_{t-1} W_{hf} + b_f)", "lstm.forget_gate", "correct",
     {"notation"}),
    # GRU with PyTorch's z convention
    (r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t", "gru.hidden_state",
     "accepted_variant", {"notation"}),
    # GRU candidate, PyTorch's reset placement
    (r"\tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))", "gru.candidate",
     "accepted_variant", {"notation"}),
    # non-saturating generator loss
    ("-" + E_NS, "gan.generator_loss", "accepted_variant", {"non_saturating"}),
    # minimax asked non-saturating
    (E_FAKE, "gan.generator_loss_non_saturating", "accepted_variant", {"non_saturating"}),
    # floor omitted
    ("(N + 2P - F)/S + 1", "conv.output_size", "accepted_variant", {"notation"}),
    # --- mistakes ------------------------------------------------------------------------
    # h_t where h_{t-1} belongs
    (r"\sigma(W_f h_t + U_f x_t + b_f)", "lstm.forget_gate", "incorrect", {"time_index"}),
    # x_{t-1} where x_t belongs, superscript style
    (r"\sigma(W^i h^{(t-1)} + U^i x^{(t-1)} + b^i)", "lstm.input_gate", "incorrect",
     {"time_index"}),
    # tanh where σ belongs
    (r"\tanh(W_f [h_{t-1}; x_t] + b_f)", "lstm.forget_gate", "incorrect",
     {"wrong_activation"}),
    # σ where tanh belongs
    (r"\sigma(W_c [h_{t-1}; x_t] + b_c)", "lstm.candidate", "incorrect", {"wrong_activation"}),
    # no activation at all
    (r"W_o [h_{t-1}; x_t] + b_o", "lstm.output_gate", "incorrect", {"wrong_activation"}),
    # missing bias
    (r"\sigma(W_f h_{t-1} + U_f x_t)", "lstm.forget_gate", "incorrect", {"missing_bias"}),
    # stacked, no bias, written alone
    (r"\sigma(W_f [h_{t-1}; x_t])", "lstm.forget_gate", "incorrect", {"missing_bias"}),
    # missing the input term
    (r"\sigma(W_f h_{t-1} + b_f)", "lstm.forget_gate", "incorrect", {"missing_term"}),
    # peephole connections (Gers & Schmidhuber 2000): a known LSTM variant, accepted
    (r"\sigma(W_f h_{t-1} + U_f x_t + V_f c_{t-1} + b_f)", "lstm.forget_gate",
     "accepted_variant", {"variant"}),
    (r"\sigma(W_f h_{t-1} + U_f x_t + w_f \odot c_{t-1} + b_f)", "lstm.forget_gate",
     "accepted_variant", {"variant"}),
    # ⊙ used for the weight product
    (r"\sigma(W_f \odot h_{t-1} + U_f x_t + b_f)", "lstm.forget_gate", "incorrect",
     {"elementwise_vs_matrix"}),
    # · or × between two vectors can only mean ⊙ (a note, no cost)
    (r"h_t = o_t \cdot \tanh(c_t)", "lstm.hidden_state", "correct", {"notation"}),
    # ... and then the missing tanh is named
    (r"h_t = o_t \times c_t", "lstm.hidden_state", "incorrect",
     {"notation", "wrong_activation"}),
    # cell state: c_t for c_{t-1}
    ("c_t = f_t ⊙ c_t + i_t ⊙ g_t", "lstm.cell_state", "incorrect", {"time_index"}),
    # cell state: missing the candidate term
    ("c_t = f_t ⊙ c_{t-1}", "lstm.cell_state", "incorrect", {"missing_term"}),
    # sign error on one term
    (r"\sigma(W_f h_{t-1} - U_f x_t + b_f)", "lstm.forget_gate", "incorrect", {"sign_error"}),
    # a chain whose sides disagree (missing bias in side 2, not stacked)
    (r"f_t = \sigma(W_f h_{t-1} + U_f x_t + b_f) = \sigma(W_f h_{t-1} + U_f x_t)",
     "lstm.forget_gate", "incorrect", {"inconsistent_chain", "missing_bias"}),
    # GRU hidden: a sign error
    (r"h_t = (1 + z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t", "gru.hidden_state",
     "incorrect", {"sign_error"}),
    # losses: discriminator loss with the wrong sign
    (E_DATA + " + " + E_FAKE, "gan.discriminator_loss", "incorrect", {"sign_error"}),
    # generator loss with the wrong sign
    ("-" + E_FAKE, "gan.generator_loss", "incorrect", {"sign_error"}),
    # non-saturating with the wrong sign
    (E_NS, "gan.generator_loss", "incorrect", {"sign_error"}),
    # discriminator loss missing the fake term
    ("-" + E_DATA, "gan.discriminator_loss", "incorrect", {"missing_term"}),
    # discriminator loss with one term's sign flipped
    ("-" + E_DATA + " + " + E_FAKE, "gan.discriminator_loss", "incorrect", {"sign_error"}),
    # min and max swapped
    (r"\min_D \max_G V(D, G)", "gan.value_function", "incorrect", {"min_max_swapped"}),
    # conv params without the bias
    ("k*k*C_{in}*C_{out}", "conv.param_count", "incorrect", {"missing_bias"}),
    # conv output size without the +1
    (r"\lfloor (N + 2P - F)/S \rfloor", "conv.output_size", "incorrect", {"missing_term"}),
    # conv output size with P instead of 2P
    (r"\lfloor (N + P - F)/S \rfloor + 1", "conv.output_size", "incorrect",
     {"missing_term"}),
    # ⊙ between the weight and a stacked vector (finding 4)
    (r"f_t = \sigma(W_f \odot [h_{t-1}, x_t] + b_f)", "lstm.forget_gate", "incorrect",
     {"elementwise_vs_matrix"}),
    # minimax = non-saturating: each acceptable, but not equal (finding 5)
    (r"\mathbb{E}_z[\log(1-D(G(z)))] = -\mathbb{E}_z[\log D(G(z))]", "gan.generator_loss",
     "incorrect", {"non_saturating", "inconsistent_chain"}),
    # two GRU conventions joined by = are not equal
    (r"h_t = z_t * h_{t-1} + (1 - z_t) * \tilde{h}_t = (1 - z_t) * h_{t-1} + z_t * "
     r"\tilde{h}_t", "gru.hidden_state", "incorrect", {"notation", "inconsistent_chain"}),
    # \max_D V = the loss (−V): the sign of side 2 is reversed
    (r"\max_D V(D,G) = -" + E_DATA + " - " + E_FAKE, "gan.discriminator_loss", "incorrect",
     {"sign_error", "inconsistent_chain"}),
    # the input gate's label under the forget gate (finding 6)
    (r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)", "lstm.forget_gate", "incorrect",
     {"wrong_gate"}),
    # plain-text label of the forget gate under the input gate
    ("f(t) = sigmoid(Wf*[h(t-1),x(t)]+bf)", "lstm.input_gate", "incorrect", {"wrong_gate"}),
    # GRU: the reset gate's label under the update gate
    (r"r_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)", "gru.update_gate", "incorrect",
     {"wrong_gate"}),
    # unlabelled, W_i/b_i are just names: the forget gate after renaming
    (r"\sigma(W_i [h_{t-1}, x_t] + b_i)", "lstm.forget_gate", "correct", set()),
    # `\cdot` between two vectors is ⊙ (a note)
    (r"c_t = c_{t-1} \cdot f_t + i_t \odot g_t", "lstm.cell_state", "correct",
     {"notation"}),
    # plain-text products of a weight and an untimed signal stay products (Wh, Ux); a
    # formula with no time index anywhere reads h as h_{t-1} and x as x_t (noted)
    ("sigmoid(Wh + Ux + b)", "lstm.forget_gate", "correct", {"notation"}),
    # ... while one index written makes the others count: h here is not h_{t-1}
    ("sigmoid(W h + U x_t + b)", "lstm.forget_gate", "incorrect", {"time_index"}),
    # --- undefined values are refused, never compared (finding 7) -------------------------
    # 0/0 (nightly fuzz crash)
    ("0/0", "conv.output_size", "unparsed", {"unparsed"}),
    # 1/0
    ("1/0", "conv.output_size", "unparsed", {"unparsed"}),
    # 0/0 in a ratio of densities
    ("0/0", "gan.optimal_discriminator", "unparsed", {"unparsed"}),
    # division by a difference that cancels
    ("(N - N)/(P - P)", "conv.param_count", "unparsed", {"unparsed"}),
    # log 0
    ("log(1 - 1)", "gan.generator_loss", "unparsed", {"unparsed"}),
    # 1/0 in a gate
    ("1/0", "lstm.forget_gate", "unparsed", {"unparsed"}),
    # 0^0 is 1 (sympy's convention): just a wrong formula
    ("0^0", "conv.output_size", "incorrect", {"missing_term"}),
]


@pytest.mark.parametrize(("text", "ref", "verdict", "codes"), CASES)
def test_check(text: str, ref: str, verdict: str, codes: set[str]) -> None:
    result = check_formula(text, ref)
    assert result.verdict == verdict, result
    assert {d.code for d in result.diagnoses} == codes, result


def test_seed_output_gate_says_where() -> None:
    result = check_formula(SEED_OUTPUT, "lstm.output_gate")
    time_index = next(d for d in result.diagnoses if d.code == "time_index")
    assert dict(time_index.params) == {"side": "2", "found": "h^{(t)}",
                                       "expected": "h^{(t-1)}"}
    chain = next(d for d in result.diagnoses if d.code == "inconsistent_chain")
    assert dict(chain.params) == {"side": "2", "other": "1"}
    label = next(d for d in result.diagnoses if d.key == "formula.note.label")
    assert label.params["found"] == "g^{(t)}"


def test_missing_term_names_the_term() -> None:
    result = check_formula(r"\sigma(W_o h_{t-1} + b_o)", "lstm.output_gate")
    assert [dict(d.params) for d in result.diagnoses] == [{"side": "1", "term": "x_{t}"}]


def _messages(text: str, ref: str) -> list[str]:
    return [t(d.key, "en", **d.params) for d in check_formula(text, ref).diagnoses]


def test_plain_text_has_no_row_vector_note() -> None:
    # W written before the vector: no "weights multiply from the right" note
    for text in ("sigmoid(Wf*[h(t-1),x(t)]+bf)", "sigmoid(W_o*[h(t-1),x(t)]+b_o)"):
        assert not any(d.key == "formula.note.row_vector"
                       for d in check_formula(text, "lstm.forget_gate").diagnoses)


def test_products_are_shown_in_the_students_order() -> None:
    # a missing ⊙ term is named in the reference's order, not sorted
    assert "i_{t} ⊙ \\tilde{c}_{t}" in " ".join(
        _messages("c_t = f_t*c_{t-1} + i_t*c_t", "lstm.cell_state"))


@pytest.mark.parametrize(("text", "ref"), [
    # an internal stack(...) once leaked here
    (r"\sigma(W_f (h_{t-1} h_t) + b_f + V_f[c_{t-1}, x_t])", "lstm.forget_gate"),
    # Pow(...) once leaked from a division
    (r"\sigma(W_f h_{t-1} + U_f x_t + b_f) + 1/(1 + x_t)", "lstm.forget_gate"),
    # the activation "—"
    (r"W_o [h_{t-1}; x_t] + b_o", "lstm.output_gate"),
    # E_z[...] of a loss
    ("-" + E_DATA, "gan.discriminator_loss"),
])
def test_messages_show_no_internal_forms(text: str, ref: str) -> None:
    messages = " ".join(_messages(text, ref))
    assert messages
    for internal in ("stack(", "Pow(", "P:", "W{", "—", "E_z[", "E_data", "-1 "):
        assert internal not in messages, messages


def test_no_activation_says_so() -> None:
    (message,) = _messages(r"W_o [h_{t-1}; x_t] + b_o", "lstm.output_gate")
    assert message == ("expression 1: no activation function is applied; this formula "
                       "needs σ around the weighted sum")


def test_wrong_gate_names_the_gate_asked_for() -> None:
    result = check_formula(r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)", "lstm.forget_gate")
    (found,) = result.diagnoses
    assert found.key == "formula.wrong_gate.forget"
    assert "i_{t}" in t(found.key, "en", **found.params)
    assert "遗忘门" in t(found.key, "zh", **found.params)


@pytest.mark.parametrize("text", ["0/0", "1/0", "0^0", "log(0)", "(N-N)/(P-P)",
                                  r"\frac{0}{0} + \log 0", "exp(1/0)"])
@pytest.mark.parametrize("ref", ["conv.output_size", "conv.param_count",
                                 "gan.optimal_discriminator", "gan.discriminator_loss",
                                 "lstm.forget_gate"])
def test_undefined_values_never_raise(text: str, ref: str) -> None:
    result = check_formula(text, ref)
    assert result.verdict in ("unparsed", "incorrect")
    if result.verdict == "unparsed":
        assert result.diagnoses[0].params["reason"]


def test_every_key_has_both_languages() -> None:
    texts = [text for text, *_ in CASES] + ["((", r"\foo"]
    for text, (_, ref, _, _) in zip(texts, CASES + CASES[:2], strict=True):
        for d in check_formula(text, ref).diagnoses:
            assert d.key in catalogue(), d.key
            for lang in ("en", "zh"):
                message = t(d.key, lang, **d.params)
                assert message and message != d.key


def test_cache_serves_the_second_check() -> None:
    from grader.formula.compare import assess

    text = r"\sigma(W_{q} h_{t-1} + U_{q} x_t + b_{q})"
    check_formula(text, "lstm.forget_gate")
    hits = assess.cache_info().hits
    again = check_formula("  " + text.replace(" ", "  "), "lstm.forget_gate")
    assert assess.cache_info().hits == hits + 1
    assert again.verdict == "correct"


def test_canonical_and_api() -> None:
    result = check_formula("sigmoid(U_i*x_t + W_i*h_{t-1} + b_i)", "lstm.input_gate")
    assert isinstance(result, FormulaResult)
    assert result.canonical == r"\sigma(U_{i} x_{t} + W_{i} h_{t-1} + b_{i})"
    assert "lstm.forget_gate" in reference_ids() and "conv.param_count" in reference_ids()
    shown = reference_display("lstm.cell_state")
    assert shown == r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t"
    with pytest.raises(KeyError):
        check_formula("x", "lstm.nope")


@pytest.mark.parametrize("ref", reference_ids())
def test_every_reference_matches_itself(ref: str) -> None:
    assert check_formula(reference_display(ref), ref).verdict == "correct"


def test_a_repeated_check_is_answered_from_the_cache() -> None:
    # Speed itself is measured by scripts/bench.py; here: the same text is judged once.
    first = check_formula(SEED_FORGET, "lstm.forget_gate")
    assert check_formula(SEED_FORGET, "lstm.forget_gate") is first


def _reference_expr(ref: str) -> object:
    from grader.formula.compare import reference_forms

    return reference_forms(ref)[0].expr


def test_optimal_discriminator_maximises_the_pointwise_value() -> None:
    import sympy

    a, b, y = sympy.symbols("a b y", positive=True)
    value = a * sympy.log(y) + b * sympy.log(1 - y)
    (critical,) = sympy.solve(sympy.diff(value, y), y)
    optimum = _reference_expr("gan.optimal_discriminator")
    p_data, p_g = sympy.Symbol("p_data"), sympy.Symbol("p_g")
    assert sympy.simplify(optimum.subs({p_data: a, p_g: b}) - critical) == 0
    assert sympy.diff(value, y, 2).subs(y, critical).simplify().is_negative


def test_losses_are_consistent_with_the_value_function() -> None:
    import sympy

    v = _reference_expr("gan.value_function")
    assert sympy.expand(_reference_expr("gan.discriminator_loss") + v) == 0
    fake = [a for a in v.as_coefficients_dict() if "G" in str(a)]
    assert _reference_expr("gan.generator_loss") == sum(fake)


def test_conv_references_give_known_numbers() -> None:
    import sympy

    size = _reference_expr("conv.output_size")
    n, p, f, s = sympy.symbols("N P F S")
    floor = sympy.Function("floor")
    numeric = size.subs({n: 227, p: 0, f: 11, s: 4}).replace(floor, sympy.floor)
    assert numeric == 55                                   # AlexNet conv1
    count = _reference_expr("conv.param_count")
    k, ci, co = sympy.symbols("k C_in C_out")
    assert count.subs({k: 11, ci: 3, co: 96}) == 34944    # AlexNet conv1 params
