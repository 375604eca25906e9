"""Reference formulas of chapter 3 (LSTM, GRU, GAN, convolution), written once.

Each formula is text in the grammar of `grader.formula` (parsed by its parser, so the
reference and the students' answers go through the same code). `display` is what a
report reveals. `labels` are the letters accepted on the left of `=` (a different gate
letter is reported as `notation`). `gate` names a gate (forget, input, output, update,
reset): a left-hand side written with ANOTHER gate's letter (`i_t = …` for the forget gate)
answers a different question. `role` says, for a loss, whose loss it is: "D" and "G"
are minimised by that player, "V" is the value function of the game.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OTHER_OBJECTIVES", "REFERENCES", "FormulaReference", "OtherObjective"]


@dataclass(frozen=True)
class FormulaReference:
    id: str
    family: str                       # lstm | gru | gan | conv | scalar
    text: str                         # canonical form, in the grader's grammar
    labels: tuple[str, ...] = ()      # accepted left-hand-side letters
    role: str = ""                    # for losses: D, G, G_ns, V
    variants: tuple[tuple[str, str], ...] = ()  # (text, message key): accepted variants
    gate: str = ""                    # forget | input | output | update | reset

    @property
    def display(self) -> str:
        return self.text


_GATE = "W_{gate} [h_{t-1}; x_t] + b_{gate}"

_ALL = (
    FormulaReference("lstm.forget_gate", "lstm",
                     "f_t = \\sigma(" + _GATE.replace("gate", "f") + ")", ("f",), gate="forget"),
    FormulaReference("lstm.input_gate", "lstm",
                     "i_t = \\sigma(" + _GATE.replace("gate", "i") + ")", ("i",), gate="input"),
    FormulaReference("lstm.output_gate", "lstm",
                     "o_t = \\sigma(" + _GATE.replace("gate", "o") + ")", ("o",), gate="output"),
    FormulaReference("lstm.candidate", "lstm",
                     "\\tilde{c}_t = \\tanh(" + _GATE.replace("gate", "c") + ")",
                     ("c~", "g", "a", "c")),
    FormulaReference("lstm.cell_state", "lstm",
                     "c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde{c}_t", ("c",),
                     # the candidate written out in place (PaddlePaddle's docs do)
                     variants=(("f_t \\odot c_{t-1} + i_t \\odot \\tanh("
                                + _GATE.replace("gate", "c") + ")", "formula.note.inlined"),)),
    FormulaReference("lstm.hidden_state", "lstm", "h_t = o_t \\odot \\tanh(c_t)", ("h",),
                     variants=(("\\sigma(" + _GATE.replace("gate", "o")
                                + ") \\odot \\tanh(c_t)", "formula.note.inlined"),)),
    FormulaReference("gru.update_gate", "gru",
                     "z_t = \\sigma(W_z x_t + U_z h_{t-1} + b_z)", ("z", "u"), gate="update"),
    FormulaReference("gru.reset_gate", "gru",
                     "r_t = \\sigma(W_r x_t + U_r h_{t-1} + b_r)", ("r",), gate="reset"),
    FormulaReference("gru.candidate", "gru",
                     "\\tilde{h}_t = \\tanh(W_h x_t + U_h (r_t \\odot h_{t-1}) + b_h)",
                     ("h~", "h", "n", "g"),
                     variants=(("\\tanh(W_h x_t + r_t \\odot (U_h h_{t-1}) + b_h)",
                                "formula.note.pytorch_reset"),
                               ("\\tanh(W_h x_t + b_h + r_t \\odot (U_h h_{t-1} + b_{hn}))",
                                "formula.note.pytorch_reset"))),
    FormulaReference("gru.hidden_state", "gru",
                     "h_t = (1 - z_t) \\odot h_{t-1} + z_t \\odot \\tilde{h}_t", ("h",),
                     variants=(("h_t = z_t \\odot h_{t-1} + (1 - z_t) \\odot \\tilde{h}_t",
                                "formula.note.gru_convention"),)),
    FormulaReference("gan.discriminator_loss", "gan",
                     "J^{(D)} = -\\mathbb{E}_{x \\sim p_{data}}[\\log D(x)]"
                     " - \\mathbb{E}_{z \\sim p_z}[\\log(1 - D(G(z)))]", role="D"),
    FormulaReference("gan.generator_loss", "gan",
                     "J^{(G)} = \\mathbb{E}_{z \\sim p_z}[\\log(1 - D(G(z)))]", role="G"),
    FormulaReference("gan.generator_loss_non_saturating", "gan",
                     "J^{(G)} = -\\mathbb{E}_{z \\sim p_z}[\\log D(G(z))]", role="G_ns"),
    FormulaReference("gan.value_function", "gan",
                     "\\min_G \\max_D V(D, G) = \\min_G \\max_D \\mathbb{E}_{x \\sim p_{data}}"
                     "[\\log D(x)] + \\mathbb{E}_{z \\sim p_z}[\\log(1 - D(G(z)))]", role="V"),
    FormulaReference("gan.optimal_discriminator", "scalar",
                     "D^*(x) = \\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}"),
    FormulaReference("conv.output_size", "conv",
                     "\\lfloor \\frac{N + 2P - F}{S} \\rfloor + 1"),
    FormulaReference("conv.param_count", "conv",
                     "k \\cdot k \\cdot C_{in} \\cdot C_{out} + C_{out}"),
)

REFERENCES: dict[str, FormulaReference] = {ref.id: ref for ref in _ALL}


@dataclass(frozen=True)
class OtherObjective:
    """A GAN objective other than the original (cross-entropy) one: recognised and named
    (`other_loss`) when given for the original's loss. `player` is whose loss it is."""

    id: str
    player: str
    text: str
    message: str


OTHER_OBJECTIVES: tuple[OtherObjective, ...] = (
    # Wasserstein GAN (Arjovsky et al. 2017): the critic's loss and the generator's
    OtherObjective("wgan.critic", "D", "\\mathbb{E}_z[D(G(z))] - \\mathbb{E}_x[D(x)]",
                   "formula.other_loss.wgan"),
    OtherObjective("wgan.generator", "G", "-\\mathbb{E}_z[D(G(z))]", "formula.other_loss.wgan"),
    # least-squares GAN (Mao et al. 2017)
    OtherObjective("lsgan.discriminator", "D",
                   "\\mathbb{E}_x[(D(x) - 1)^2] + \\mathbb{E}_z[D(G(z))^2]",
                   "formula.other_loss.lsgan"),
    OtherObjective("lsgan.generator", "G", "\\mathbb{E}_z[(D(G(z)) - 1)^2]",
                   "formula.other_loss.lsgan"),
    # hinge loss (Lim & Ye 2017; Miyato et al. 2018)
    OtherObjective("hinge.discriminator", "D",
                   "\\mathbb{E}_x[\\max(0, 1 - D(x))] + \\mathbb{E}_z[\\max(0, 1 + D(G(z)))]",
                   "formula.other_loss.hinge"),
)
