"""Formulas as students really write them (issue 12): one table per class of real writing.

Each row is a new example in the spirit of the class (the real-world corpus in
tests/realworld/ holds the spellings found on public pages). Verdict and codes are exact.
"""

from __future__ import annotations

import pytest

from grader.formula import check_formula

F, IN, OUT = "lstm.forget_gate", "lstm.input_gate", "lstm.output_gate"
CAND, CELL, HID = "lstm.candidate", "lstm.cell_state", "lstm.hidden_state"
D, G = "gan.discriminator_loss", "gan.generator_loss"

Row = tuple[str, str, str, set[str]]


# 1. Layout debris from copy-paste
DEBRIS: list[Row] = [
    (r"f_t &= \sigma(W_f \cdot [h_{t-1}, x_t] + b_f) \\", F, "correct", set()),  # align row
    (r"\begin{aligned} i_t &= \sigma(W_i[h_{t-1}, x_t] + b_i) \end{aligned}", IN, "correct",
     set()),
    (r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o) \tag{3}", OUT, "correct", set()),   # equation tag
    (r"\[ c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t \]", CELL, "correct", set()),
    (r"h_t = o_t \odot \tanh(c_t)，", HID, "correct", set()),                    # full-width comma
    (r"\displaystyle f_t=\sigma\!\left(W_f[h_{t-1};x_t]+b_f\right)\quad", F, "correct", set()),
    (r"$C_t = f_t * C_{t-1} + i_t * \tilde{C}_t</div>", CELL, "correct", {"notation"}),  # HTML
    (r"[r_t = \sigma(W^r x_t + U^r h_{t-1} + b_r)]", F, "incorrect", {"wrong_gate"}),  # GRU gate
]


# 2. Labels and prose around the formula
LABELS: list[Row] = [
    (r"遗忘门：f_t = \sigma(W_f[h_{t-1}, x_t] + b_f)", F, "correct", set()),
    (r"Input gate: i_t = \sigma(W_i \cdot [h_{t-1}, x_t] + b_i)", IN, "correct", set()),
    (r"(3) o_t = \sigma(W_o[h_{t-1},x_t]+b_o)", OUT, "correct", set()),
    (r"h_t = o_t \odot \tanh(c_t)，表示当前时刻的输出", HID, "correct", set()),
]


# 3. Pasted from Word, PDF or web pages
PASTED: list[Row] = [
    ("𝑓𝑡=𝜎(𝑊𝑓⋅[ℎ𝑡−1,𝑥𝑡]+𝑏𝑓)", F, "correct", set()),        # math-italic letters
    ("ot=σ(Wo·[ht−1,xt]+bo)", OUT, "correct", set()),                   # flattened subscripts
    ("it=σ(Wiixt+bii+Whiht−1+bhi)", IN, "correct", set()),             # PyTorch's, flattened
    ("f(t)=σ(Wfx(t)+Ufh(t1)+bf)", F, "correct", set()),               # t−1 lost its minus
    ("Ct = ft (.) Ct-1 + it (.) gt", CELL, "correct", set()),         # OpenVINO's (.) for ⊙
    ("hₜ = oₜ ⊙ tanh(cₜ)", HID, "correct", set()),                   # subscript characters
]


# 4. Other names for the same roles
NAMES: list[Row] = [
    (r"f_t = \sigma(W_f s_{t-1} + U_f x_t + b_f)", F, "correct", {"notation"}),  # s for h
    (r"\Gamma_o = \sigma(W_o[a^{<t-1>}, x^{<t>}] + b_o)", OUT, "correct", {"notation"}),
    # row vectors, and another letter for the state: full credit, the form noted
    (r"I_t = \sigma(X_t W_{xi} + H_{t-1} W_{hi} + b_i)", IN, "correct", {"notation"}),  # row form
    (r"g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg})", CAND, "correct", set()),
    (r"f_t = \frac{1}{1+e^{-(W_f[h_{t-1},x_t]+b_f)}}", F, "correct", {"notation"}),
    (r"s_t = \tanh(c_t) \circ o", HID, "accepted_variant", {"notation"}),  # bare gate letter
]


# 5. GAN losses in every form courses use
GAN: list[Row] = [
    (r"L_D = -\log D(x) - \log(1 - D(G(z)))", D, "correct", set()),   # per sample
    (r"\max_D \frac{1}{m}\sum_{i=1}^{m}[\log D(x^{(i)}) + \log(1-D(G(z^{(i)})))]", D,
     "correct", {"notation"}),                                        # minibatch, noted
    (r"\min_D -\mathbb{E}_{x\sim p_{data}}[\log D(x)] - \mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",
     D, "correct", set()),
    ("maxDV(D,G)=Ex∼pdata (x)[logD(x)]+Ez∼pz(z)[log(1−D(G(z)))]", D, "correct", set()),
    (r"\min_G \mathbb{E}_{z}[\log(1 - D(G(z)))]", G, "correct", set()),
    (r"L_G = -\log D(G(z))", G, "accepted_variant", {"non_saturating"}),
]


# 6. Real mistakes keep their right name (the formula checker says `incorrect`; the rubric's
# credit table turns sign_error, wrong_activation, min_max_swapped into partial credit)
MISTAKES: list[Row] = [
    (r"f_t = \sigma(W_f[h_{t-1}, x_t] - b_f)", F, "incorrect", {"sign_error"}),
    (r"f_t = \tanh(W_f[h_{t-1}, x_t] + b_f)", F, "incorrect", {"wrong_activation"}),
    (r"z_t = \sigma(W_z[h_{t-1}, x_t] + b_z)", F, "incorrect", {"wrong_gate"}),   # GRU gate
    (r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t", HID, "incorrect",
     {"wrong_gate"}),                                                              # GRU update
    (r"\min_D \mathbb{E}[\log D(x)] + \mathbb{E}[\log(1 - D(G(z)))]", D, "incorrect",
     {"min_max_swapped"}),
    (r"\max_D \mathbb{E}[D(x)] - \mathbb{E}[D(G(z))]", D, "incorrect", {"other_loss"}),  # WGAN
    (r"h_t = o_t \times c_t", HID, "incorrect", {"wrong_activation", "notation"}),  # no tanh
    (r"f_t = \sigma(W_f[h_{t-1}, x_t] + V_f \odot c_{t-1} + b_f)", F, "accepted_variant",
     {"variant"}),                                                                 # peephole
]


# 7. Learned from the second real-world set (formulas_b.yaml)
SECOND: list[Row] = [
    # one equation in math delimiters amid prose, numbered before or explained after
    (r"(2)$i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)$", IN, "correct", set()),
    (r"\[o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)\]3. Then the output", OUT, "correct", set()),
    (r"判别器要最大化 $\log D(x) + \log(1 - D(G(z)))$，生成器则相反", D, "correct", set()),
    # a bare direction is the asked player's: minimising V is the direction swapped
    (r"\min \log D(x) + \log(1 - D(G(z)))", D, "incorrect", {"min_max_swapped"}),
    # a Markdown table row: the cell that holds the equation
    ("| ③ 出力ゲート | 「何を出すか」 | oₜ = σ(Wo·[hₜ₋₁, xₜ] + bo) |", OUT, "correct", set()),
    # a trailing code comment; equation numbers; a continued line's leading `=`
    ("h_t = o_t * tanh(c_t)  # the new hidden state", HID, "correct", {"notation"}),
    (r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t (4)", CELL, "correct", set()),
    (r"= -\log D(x) - \log(1 - D(G(z)))", D, "correct", set()),
    # d2l's capitals and Coursera's Γ for the gates
    (r"\mathbf{F}_t = \sigma(\mathbf{W}_f[\mathbf{H}_{t-1}, \mathbf{X}_t] + \mathbf{b}_f)", F,
     "correct", set()),
    (r"c^{<t>} = \Gamma_u * \tilde{c}^{<t>} + \Gamma_f * c^{<t-1>}", CELL, "correct",
     {"notation"}),
    # flattened C̃_t, glued W_C and b_C; •, ◦ and .* for the element-wise product
    ("C~t=tanh(WC·[ht−1,xt]+bC)", CAND, "correct", set()),
    (r"c_t = f_t \bullet c_{t-1} + i_t \bullet \tilde{c}_t", CELL, "correct", set()),
    ("h_t = o_t ◦ tanh(c_t)", HID, "correct", set()),
    ("c_t = f_t .* c_{t-1} + i_t .* g_t", CELL, "correct", set()),
    # a block whose rows lost half of their `\\`
    (r"i_t=\sigma(W_i x_t + b_i) \ f_t=\sigma(W_f[h_{t-1},x_t]+b_f) \ o_t=\sigma(W_o x_t+b_o)",
     F, "correct", set()),
    # a formula inside a sentence: the one after the verb saying which way it goes
    ("G tries to minimise log(1-D(G(z))) while D tries to maximise its accuracy.", G,
     "correct", set()),
    ("At first log(1-D(G(z))) saturates, so instead we maximise log(D(G(z))) for G.", G,
     "accepted_variant", {"non_saturating"}),
    # the framework's BCE: BCELoss(p, 1) = -log p, BCELoss(p, 0) = -log(1 - p)
    (r"\min_D \text{BCELoss}(D(x), 1) + \text{BCELoss}(D(G(z)), 0)", D, "correct",
     {"notation"}),
    (r"\min_G \text{BCELoss}(D(G(z)), 1)", G, "accepted_variant", {"non_saturating", "notation"}),
    # a `\;` that lost its backslash, an expectation's subscript that lost its underscore
    (r"\underset{G}{\min} ; \underset{D}{\max} ; V(D,G) = \mathbb{E}{x}[\log D(x)] + "
     r"\mathbb{E}{z}[\log(1 - D(G(z)))]", D, "correct", set()),
]

# Third round: framework documentation's notations (issue 12).
THIRD: list[Row] = [
    # the transpose written \top, \intercal or \mathsf{T}: the weight's name, nothing more
    (r"i_t = \sigma(W_i^\top x_t + U_i^{\intercal} h_{t-1} + b_i)", IN, "correct", set()),
    (r"f_t = \sigma(W_f^{\mathsf{T}} x_t + U_f^\top h_{t-1} + b_f)", F, "correct", set()),
    # ONNX/OpenVINO: recurrence weights R, two biases Wb and Rb, flattened or not
    ("it = sigmoid(Xt*Wi + Ht-1*Ri + Wbi + Rbi)", IN, "correct", {"notation"}),
    (r"f_t = \sigma(X_t W_f + H_{t-1} R_f + Wb_f + Rb_f)", F, "correct", {"notation"}),
    # ... and their unnamed activation f(...) is still a wrong activation, biases or not
    ("it = f(Xt*(Wi^T) + Ht-1*(Ri^T) + Wbi + Rbi)", IN, "incorrect",
     {"wrong_activation", "notation"}),
    # peepholes beside another mistake: the mistake is named, the peephole a variant
    (r"o_t = \tanh(W_o x_t + U_o h_{t-1} + V_o c_t + b_o)", OUT, "incorrect",
     {"variant", "wrong_activation"}),
    ("ot = f(Xt*(Wo^T) + Ht-1*(Ro^T) + Po (.) Ct + Wbo + Rbo)", OUT, "incorrect",
     {"variant", "wrong_activation", "notation"}),
    # a peephole gate that lost its recurrent term keeps that mistake
    (r"o_t = \sigma(W_o x_t + V_o c_t + b_o)", OUT, "incorrect", {"variant", "missing_term"}),
    # BCE with the label y: y = 1 for the real sample, 1 - y for the generated one
    (r"\min_D -[y \log D(x) + (1 - y) \log(1 - D(x))]", D, "correct", {"notation"}),
    (r"\min_G -(1-y)\log(1 - D(G(z))) = \min_G -\log(1 - D(G(z)))", G, "incorrect",
     {"notation", "min_max_swapped"}),
    (r"\min_G \{-y \log D(G(z))\} = \min_G \{-\log D(G(z))\}", G, "accepted_variant",
     {"notation", "non_saturating"}),
    # ... a label-form term with the wrong sign is still a sign error
    (r"-y \log D(x) + (1-y) \log(1-D(x))", D, "incorrect", {"notation", "sign_error"}),
    # D_G(z) for D(G(z)); a bar over a whole distribution
    (r"\max_D \mathbb{E}[\log D(x)] + \mathbb{E}_{z \sim \bar{p_z(z)}}[\log(1 - D_G(z))]", D,
     "correct", {"notation"}),
    # frameworks' names for t-1 (c_prev, h_tm1), and the timeless form they go with
    (r"c_t = f_t \odot c_{\text{prev}} + i_t \odot g_t", CELL, "correct", set()),
    ("c = f * c_prev + i * g", CELL, "correct", {"notation"}),
    (r"f_t = \sigma(W_f x_t + U_f h_{tm1} + b_f)", F, "correct", set()),
    # t_1 is not t-1: a slip in the index stays a time-index mistake
    (r"c_t=f_t\odot c_{t_1}+i_t\odot g_t", CELL, "incorrect", {"time_index"}),
    # the candidate or the output gate written out in place
    (r"c_t = f_t \odot c_{t-1} + i_t \odot \tanh(W_c x_t + U_c h_{t-1} + b_c)", CELL, "correct",
     {"notation"}),
    (r"h_t = \sigma(W_o x_t + U_o h_{t-1} + b_o) \odot \tanh(c_t)", HID, "correct", {"notation"}),
    # x' and x̃ outside an expectation: the generated sample
    (r"\max \log(D(\mathbf{x'}))", G, "accepted_variant", {"notation", "non_saturating"}),
    (r"\min_D -\log D(x) - \log(1 - D(\tilde{x}))", D, "correct", {"notation"}),
    # Chainer's states over the pre-activations: σ(i), σ(f), σ(o) the gates, tanh(a) the
    # candidate; the hidden state's bare c is the current cell
    (r"c = \tanh(a) \sigma(i) + c_{\text{prev}} \sigma(f)", CELL, "correct", {"notation"}),
    (r"h = \tanh(c) \sigma(o)", HID, "correct", {"notation"}),
    ("h = o * tanh(c)", HID, "correct", {"notation"}),
    # C for the state, c for the candidate (OpenVINO)
    ("Ct = ft (.) Ct-1 + it (.) ct", CELL, "correct", {"notation"}),
    # ... one case throughout is the state itself: the candidate is missing
    (r"C_t = f_t C_{t-1} + i_t C_t", CELL, "incorrect", {"notation", "missing_term", "extra_term"}),
    # a PDF's text layer: each subscript on a line of its own, the superscript glued
    ("cl\nt\n= f l\n\nt\n◦ cl\n\nt−1\n+ il\n\nt\n◦ ĥl\n\nt\n(2)", CELL, "correct",
     {"notation"}),
    ("hl\nt\n= ol\n\nt\n◦ tanh(cl\n\nt\n) (3)", HID, "correct", set()),
    # ĥ_t (precomposed or \hat) as the cell state's new term is the candidate
    ("c_t = f_t ◦ c_{t-1} + i_t ◦ ĥ_t", CELL, "correct", {"notation"}),
    # ... but ĥ_t inside the hidden state's tanh is not the cell
    (r"h_t = o_t \odot \tanh(\hat{h}_t)", HID, "incorrect", {"missing_term", "extra_term"}),
    # the loss as the code that computes it: a batch mean is an expectation, fake samples
    # are G(z), earlier lines' variables stand in place
    ("p_real = netD(real_images)\np_fake = netD(fake_images)\n"
     "loss_d = -torch.mean(torch.log(p_real) + torch.log(1 - p_fake))", D, "correct",
     {"notation"}),
    ("loss_g = np.log(1 - discriminator(fake)).mean()", G, "correct", {"notation"}),
    ("J_G(W_g, W_d, z) = -mean(log.(D(W_d, G(W_g, z)) .+ eps))", G, "accepted_variant",
     {"notation", "non_saturating"}),
    # PyTorch's BCE against all-ones or all-zeros targets
    ("errD = criterion(netD(real), real_label) + criterion(netD(fake.detach()), fake_label)",
     D, "correct", {"notation"}),
    ("g_loss = adversarial_loss(discriminator(gen_imgs), valid)", G, "accepted_variant",
     {"notation", "non_saturating"}),
    # ... and code keeps its mistakes: maximising D's value by minimising it
    ("d_loss = torch.mean(torch.log(D(x)) + torch.log(1 - D(G(z))))", D, "incorrect",
     {"notation", "sign_error"}),
    # TensorFlow and Keras: reduce_mean, sigmoid_cross_entropy_with_logits with keywords,
    # a Keras loss object called (y_true, y_pred), a function's return, names of D's outputs
    ("g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(\n"
     "    logits=d_out_fake, labels=tf.ones_like(d_out_fake)), name='g')", G,
     "accepted_variant", {"notation", "non_saturating"}),
    ("bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)\n"
     "real_loss = bce(tf.ones_like(real_output), real_output)\n"
     "fake_loss = bce(tf.zeros_like(fake_output), fake_output)\n"
     "total = real_loss + fake_loss", D, "correct", {"notation"}),
    ("def d_loss(real_probs, fake_probs):\n"
     "    return -tf.reduce_mean(tf.math.log(real_probs + 1e-8) + tf.math.log(1. - fake_probs))",
     D, "correct", {"notation"}),
    ("-(torch.mean(torch.log(D_real)) + torch.mean(torch.log(1 - D_fake)))", D, "correct",
     {"notation"}),
    # a target tensor filled with a label (MONAI's new_full)
    ("out = netD(fake_images)\nlabels = out.new_full(out.shape, real_label)\n"
     "loss = criterion(out, labels)", G, "accepted_variant", {"notation", "non_saturating"}),
    # einsum with one index pattern is the element-wise product
    ("c = tf.einsum('ij,ij->ij', f, c) + tf.einsum('ij,ij->ij', i, g)", CELL, "correct",
     {"notation"}),
    # prose: what the sentence turns away from is not its answer; -ing verbs give direction
    ("Rather than training G to minimize log(1-D(G(z))) we can train G to maximize "
     "log(D(G(z))).", G, "accepted_variant", {"non_saturating"}),
    ("Instead of minimising log(1-D(G(z))), the generator maximises log D(G(z)) in practice.",
     G, "accepted_variant", {"non_saturating"}),
    ("For G, minimizing the loss is equivalent to minimizing log(1 - D(G(z))).", G, "correct",
     set()),
    # a display after "it maximizes:", with the generated sample named x_fake
    ("Equivalently, it maximizes:\n\\[\\frac{1}{m} \\sum_{i=1}^{m} [\\log D(x^{(i)}) + "
     "\\log(1 - D(x_{\\text{fake}}^{(i)}))]\\]", D, "correct", {"notation"}),
    # two displays joined by prose, an array aligning rows, an annotation after the formula
    (r"\[ \tilde{C}_t = \tanh(W_C[h_{t-1},x_t] + b_C) \] and \[ i_t = \sigma(W_i[h_{t-1},x_t] "
     r"+ b_i) \]", IN, "correct", set()),
    (r"\begin{array}{ll} i = \sigma(W_{ii} x + W_{hi} h + b_i) \\ f = \sigma(W_{if} x + "
     r"W_{hf} h + b_f) \end{array}", F, "correct", {"notation"}),
    (r"h_{t} &= o_t \odot \tanh(c_t) &\text{next hidden state} \newline", HID, "correct", set()),
    # an underscore escaped for Markdown (forget\\_bias); a copy that runs on past its \]
    (r"f_{t} = act_g(W_{x_{f}}x_{t} + W_{h_{f}}h_{t-1} + b_{f} + forget\\_bias)", F,
     "incorrect", {"wrong_activation"}),
    (r"h_t = o_t \odot \tanh(c_t) \end{aligned} \]For more details, see the paper", HID,
     "correct", set()),
    # code's history lists: c[-1] the previous cell, h[t] the current hidden state
    ("h = o * tf.tanh(x=self.c[-1])", HID, "incorrect", {"notation", "time_index"}),
    ("h[t] = o[t] * np.tanh(c[t])", HID, "correct", {"notation"}),
    # flattened rendered math, the whole block run together: each equation is a row
    ("i=σ(Wiix+bii+Whih+bhi)f=σ(Wifx+bif+Whfh+bhf)o=σ(Wiox+bio+Whoh+bho)c=fc+igh=otanh(c)",
     OUT, "correct", {"notation"}),
    ("it=σ(Wixxt+bix+Wihh(t1)+bih)c~t=tanh(Wcxxt+bcx+Wchh(t1)+bch)ct=ftc(t1)+itc~tht=ottanh(ct)",
     CAND, "correct", set()),
    ("it=σ(Wixxt+bix+Wihh(t1)+bih)c~t=tanh(Wcxxt+bcx+Wchh(t1)+bch)ct=ftc(t1)+itc~tht=ottanh(ct)",
     HID, "correct", {"notation"}),
    # the generator's input by any name is the noise; D_real / D_fake for D's outputs;
    # a sum with no index and no limits is no sum
    (r"\min_G \log(1 - D(G(\epsilon)))", G, "correct", set()),
    (r"\min_D -\log D_{real} - \log(1 - D_{fake})", D, "correct", {"notation"}),
    (r"L(G, D) = \sum_{}^{}E(\log D_d) + \sum_{}^{}E[\log(1-D(G(p)))]", D, "incorrect",
     {"notation", "sign_error"}),
    # ... but G(x) is not G of the noise
    (r"\min_G \log(1-D(G(x)))", G, "incorrect", {"missing_term", "extra_term"}),
    # a stacked input named in another row of the block, then used (令 x = [h_{t-1}; x_t])
    (r"令 x = [h_{t-1}; x_t] \\ f_t = \sigma(W_f x + b_f)", F, "correct", {"notation"}),
    ("{\\bf x} = \\left[ \\begin{array}{c} h_{t-1} \\\\ x_t \\end{array} \\right] \\\\\n"
     "f_t = \\sigma(W_f . {\\bf x} + b_f)", F, "correct", {"notation"}),
    # ... a definition the answer does not use changes nothing
    (r"x = [h_{t-1}; x_t] \\ f_t = \sigma(W_f x_t + b_f)", F, "incorrect", {"missing_term"}),
    # a gate as PyTorch code: a linear layer called on the concatenation (its bias is the
    # layer's), x beside h_prev is x_t; the name on the left still says which gate it is
    ("f = torch.sigmoid(self.W_f(torch.cat([h_prev, x], dim=1)))", F, "correct", {"notation"}),
    ("i = torch.sigmoid(self.linear_i(torch.cat([x, h_prev], 1)))", IN, "correct", {"notation"}),
    ("o = torch.sigmoid(self.W_o(torch.cat([h_prev, x], dim=1)))", IN, "incorrect",
     {"notation", "wrong_gate"}),
    ("def forget_gate(self):\n    v = np.vstack([h_prev, x_t])\n"
     "    return 1 / (1 + np.exp(-(self.w_f @ v + self.b_f)))", F, "correct", {"notation"}),
    # one expectation over the whole batch is the sum of the two expectations
    (r"\min_D -\mathbb{E}[\log D(x) + \log(1 - D(G(z)))]", D, "correct", set()),
    # a bracket that closes nothing, left by the copy: the formula is read without it
    (r"f_t=\sigma(W^h_1h_{t-1}+W^x_1x_t])", F, "incorrect", {"missing_bias"}),
    (r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f))", F, "correct", set()),
    # ... but brackets that cross each other are not guessed at
    (r"f_t = \sigma(W_f [h_{t-1}, x_t) + b_f]", F, "unparsed", {"unparsed"}),
    # Hung-yi Lee's lectures: z^f, z^i, z^o the gates, a bare z the candidate
    (r"c_t = z^f \odot c_{t-1} + z^i \odot z", CELL, "correct", {"notation"}),
    (r"h_t = z^o \odot \tanh(c_t)", HID, "correct", {"notation"}),
    # ... while z_t given for an LSTM gate is still the GRU's update gate
    (r"z_t = \sigma(W_z [h_{t-1}; x_t] + b_z)", F, "incorrect", {"wrong_gate"}),
    # ... but a written-out candidate with the wrong activation is not the candidate
    (r"c_t = f_t \odot c_{t-1} + i_t \odot \sigma(W_c x_t + U_c h_{t-1} + b_c)", CELL,
     "incorrect", {"missing_term", "extra_term"}),
]


# Fourth round: Chinese students' and authors' writing (issue 12, formulas_d.yaml).
FOURTH: list[Row] = [
    # a formula as an image link (codecogs; GitHub's percent-encoded render/math)
    ("**输入门：** ![](https://latex.codecogs.com/gif.latex?I_t=\\sigma(X_tW_{xi}+H_{t-1}W_{hi}+b_i))",
     IN, "correct", {"notation"}),
    ("![](https://render.githubusercontent.com/render/math?math=f_t%3D%5Csigma(W_f%5Bh_%7Bt-1%7D,"
     "x_t%5D%2Bb_f))", F, "correct", {"notation"}),
    # a Chinese IME's 。 for ⊙; W_{f}.[h, x]; two equations in one display split at the comma
    (r"C_{t} = f_{t}。C_{t-1} + i_{t}。\tilde{C_{t}}", CELL, "correct", set()),
    (r"1. 遺忘門 $$\ f_{t} = \sigma (W_{f}.[h_{t-1}, x_{t}] + b_{f}) $$", F, "correct", set()),
    (r"4. 輸出門 $$\ o_{t} = \sigma (W_{o}[h_{t-1}, x_{t}] + b_{o}), h_{t} = o_{t}。tanh(C_{t}) $$",
     HID, "correct", set()),
    # ... a full stop at the end is still a full stop
    (r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)。", F, "correct", set()),
    # reST's :math: with the direction after it; the formula the prose gives a direction
    ("所以在train G时 :math:`log(1-D(G(z)))` 最小。 也就是 :math:`d(G(z))` 尽可能为1。", G,
     "correct", set()),
    # a display that lost its `)`, a stray `>`, a derivation whose last row is the answer
    (r"使用${\tilde{c}}^{<t>} = tanh(W_{c}\left\lbrack a^{<t-1>},x^{<t>} \right\rbrack "
     r"+b_{c}$来更新", CAND, "correct", {"notation"}),
    (r"$\Gamma_{o} =\sigma(W_{o}\left\lbrack a^{<t-1>},x^{<t>} \right\rbrack +>b_{o})$", OUT,
     "correct", {"notation"}),
    (r"最后$a^{<t>} = c^{<t>}$的式子会变成$a^{<t>} = \Gamma_{o}*c^{<t>}$。", HID, "incorrect",
     {"notation", "wrong_activation"}),
    # code: d2l's matmul, a capital-letter timeless state, C.tanh(), training steps skipped
    ("I = torch.sigmoid(torch.matmul(X, W_xi) + torch.matmul(H, W_hi) + b_i)", IN, "correct",
     {"notation"}),
    ("C = F * C + I * C_tilda", CELL, "correct", {"notation"}),
    ("H = O * C.tanh()", HID, "correct", {"notation"}),
    ("out = dis(gen(noise))\ng_loss = loss_fn(out, torch.ones_like(out))\ng_loss.backward()",
     G, "accepted_variant", {"notation", "non_saturating"}),
    # \mathop{\max}\limits_D (MathType and Word exports); the one display that optimises
    (r"判别器的优化通过$\mathop {\max}\limits_D V(D,G)$实现，$V(D,G)$为判别器的目标函数", D,
     "correct", set()),
    (r"生成器的优化通过$\mathop {\min }\limits_G({\mathop {\max }\limits_D V(D,G)})$来实现。", G,
     "correct", set()),
    # Markdown's emphasis * where a subscript's _ was
    (r"\max_D {\rm E}*{x\sim{p*{data}}(x)}[\log D(x)] + {\rm E}_{z\sim p_z}[\log(1 - D(G(z)))]",
     D, "correct", set()),
    # Algorithm 1 of the GAN paper: a gradient step, its direction in the prose
    (r"Update the discriminator by ascending its stochastic gradient: \nabla_{\theta_d} "
     r"\frac{1}{m} \sum_{i=1}^{m} [\log D(x^{(i)}) + \log(1 - D(G(z^{(i)})))]", D, "correct",
     {"notation"}),
    ("4. Take a gradient *ascent* step on the discriminator parameters $$\\phi$$:\n{% math %}\n"
     "\\triangledown_\\phi V(G_\\theta, D_\\phi) = \\frac{1}{m} \\triangledown_\\phi "
     "\\sum_{i=1}^m [\\log D_\\phi(x^{(i)}) + \\log (1 - D_\\phi(G_\\theta(z^{(i)})))]", D,
     "correct", {"notation"}),
    (r"判别器按梯度上升更新：∇θd 1/m \sum [log D(x) + log(1 − D(G(z)))]", D, "correct",
     {"notation"}),
    # ... the generator ascending its minimax term is the direction swapped
    (r"Update the generator by ascending its stochastic gradient: \nabla_{\theta_g} "
     r"\frac{1}{m} \sum_{i=1}^{m} \log(1 - D(G(z^{(i)})))", G, "incorrect",
     {"notation", "min_max_swapped"}),
    # a KaTeX page's copy: spaced glyphs, the LaTeX, the glyphs again
    ("Loss D = 1 m ∑ i = 1 m [ log D ( x i ) + log ( 1 − D ( G ( z i ) ) ) ] "
     "\\text{Loss}_D = -\\frac{1}{m} \\sum_{i=1}^{m} [\\log D(x_i) + \\log(1 - D(G(z_i)))] "
     "LossD=−m1i=1∑m[logD(xi)+log(1−D(G(zi)))] - 解释", D, "correct", {"notation"}),
    # DCGAN-tensorflow's names: D_ and D_logits_ are D on generated samples
    ("self.g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(self.D_logits_, "
     "tf.ones_like(self.D_)))", G, "accepted_variant", {"notation", "non_saturating"}),
    # hanbt's much-copied LSTM tutorial: fg/ig/og the gates, ct the candidate, activators
    ("h=og*self.output_activator.forward(c)", HID, "correct", {"notation"}),
    ("c=fg*self.c_prev+ig*ct", CELL, "correct", {"notation"}),
    ("fg = self.gate_activator.forward(np.dot(self.Wfh, h_prev) + np.dot(self.Wfx, x) + self.bf)",
     F, "correct", {"notation"}),
    # ... an index into the code's list of past values is not read: no credit, and the
    # student is told it could not be read (the TA's verdict is incorrect: ct_list holds
    # past candidates, not past cells)
    ("c=fg*self.ct_list[self.times-1]+ig*ct", CELL, "unparsed", {"unparsed"}),
    # ... a * before an ordinary group stays a product
    (r"f_t = \sigma(W_f*{[h_{t-1}, x_t]} + b_f)", F, "correct", set()),
]


# Fifth round: names of the stacked input, Lee's candidate letter (issue 12).
FIFTH: list[Row] = [
    # a name set apart from x_t standing alone where the gate takes [h_{t-1}; x_t]: the
    # stacked input (an NLP overview's capital X beside lower-case letters; Lee's x')
    (r"c_t = f_t \odot c_{t-1} + i_t \odot \tanh(W_c \cdot X + b_c)", CELL, "correct",
     {"notation"}),
    (r"f_t = \sigma(W_f X + b_f)", F, "correct", {"notation"}),
    (r"o_t = \sigma(W_o x' + b_o)", OUT, "correct", {"notation"}),
    (r"i_t = \sigma(W_i \bar{x} + b_i)", IN, "correct", {"notation"}),          # x̄
    (r"\tilde{c}_t = \tanh(W_c \hat{x} + b_c)", CAND, "correct", {"notation"}),   # x̂
    # ... read as the stack, it still needs its bias (Lee's notes leave it out)
    (r"z^i = \sigma(W^i x')", IN, "incorrect", {"notation", "missing_bias"}),
    # ... and Lee's bare z for the candidate is his letter for it, not the GRU's gate
    (r"z = \tanh(W x')", CAND, "incorrect", {"notation", "missing_bias"}),
    (r"z = \tanh(W x' + b)", CAND, "correct", {"notation"}),
    # ... but a bare z that is a sigmoid is still the GRU's update gate
    (r"z = \sigma(W x' + b)", CAND, "incorrect", {"notation", "wrong_gate", "wrong_activation"}),
    # the input itself is never the stack: x_t, x, an indexed X_t alone miss h_{t-1}
    (r"f_t = \sigma(W_f x_t + b_f)", F, "incorrect", {"missing_term"}),
    (r"\sigma(W_f x_t + b_f)", F, "incorrect", {"missing_term"}),
    (r"f_t = \sigma(W_f x + b_f)", F, "incorrect", {"missing_term"}),
    (r"f_t = \sigma(W_f X_t + b_f)", F, "incorrect", {"missing_term"}),
    # ... nor d2l's capital X among capital letters, nor an X with nothing to set it apart
    (r"F_t = \sigma(W_f X + b_f)", F, "incorrect", {"time_index", "missing_term"}),
    (r"\sigma(W_f X + b_f)", F, "incorrect", {"notation", "missing_term"}),
    # ... nor a name beside the hidden state: then it is the input, written oddly
    (r"f_t = \sigma(W_f x' + U_f h_{t-1} + b_f)", F, "incorrect", {"time_index"}),
    (r"f_t = \sigma(W_f X + U_f h_{t-1} + b_f)", F, "incorrect", {"time_index"}),
    # ... nor a name no weight multiplies
    (r"h_t = o_t \odot \tanh(X)", HID, "incorrect", {"missing_term", "extra_term"}),
    # the states named as words in code: prev/old the state at t-1, next/new the state at t
    # (CS231n's prev_c, next_h), and TensorFlow's LSTMBlockCell cs, cs_prev, ci, co
    ("next_c = f * prev_c + i * g", CELL, "correct", {"notation"}),
    ("next_h = o * np.tanh(next_c)", HID, "correct", {"notation"}),
    ("c_new = f * c_old + i * g", CELL, "correct", {"notation"}),
    ("h_{new} = o * tanh(c_{new})", HID, "correct", {"notation"}),
    ("cs = ci .* i + cs_prev .* f", CELL, "correct", {"notation"}),
    ("h = co .* o", HID, "correct", {"notation"}),
    # ... read by role, the mistakes stay: the new state on the right, the previous one in
    # the output, the gates swapped, the candidate for tanh(c)
    ("next_c = f * next_c + i * g", CELL, "incorrect", {"notation", "time_index"}),
    ("next_h = o * tanh(prev_c)", HID, "incorrect", {"notation", "time_index"}),
    ("cs = ci .* f + cs_prev .* i", CELL, "incorrect", {"notation", "missing_term",
                                                         "extra_term"}),
    ("h = ci .* o", HID, "incorrect", {"notation", "missing_term", "extra_term"}),
    # ... a peephole weight's subscript ci is no candidate
    ("i_t = sigmoid(W_{ci} * c_prev + W_i * [h_prev, x_t] + b_i)", IN, "accepted_variant",
     {"variant"}),
    # Coursera's a for the hidden state takes the same affixes (a_next, a_prev), in text as
    # in code; the missing tanh stays a mistake
    ("a_next = o_t * tanh(c_next)", HID, "accepted_variant", {"notation"}),
    (r"f_t = \sigma(W_f [a_prev, x_t] + b_f)", F, "correct", {"notation"}),
    ("a_next = o_t * c_next", HID, "incorrect", {"notation", "wrong_activation"}),
]


# 6. The fifth real-world set (writing nobody here had seen): LSTM code read row by row,
# state words by when the row runs, loss code with softplus and augmented sums, bold rows
SIXTH: list[Row] = [
    # a state's bare word is its value where the row runs: `cell` on the right of its own
    # update is c_{t-1}, in the hidden state's row the new c_t; `hidden` is always h_{t-1}
    ("cell = f_t * cell + i_t * g_t", CELL, "correct", {"notation"}),
    ("hidden = o_t * torch.tanh(cell)", HID, "correct", {"notation"}),
    ("i_t = torch.sigmoid(self.W_xi(x_t) + self.W_hi(hidden) + self.b_i)", IN, "correct",
     {"notation"}),
    # ... and the mistakes stay: the old hidden state in the output, the cell for the input
    ("hidden = o_t * torch.tanh(hidden)", HID, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    ("i_t = torch.sigmoid(self.W_xi(x_t) + self.W_hi(cell) + self.b_i)", IN, "incorrect",
     {"notation", "missing_term", "variant"}),
    # of code assigning several gates and states, the row with the item's role answers it;
    # a gate used by a later row stays its name (o_t), never the formula that computed it
    ("o_t = sigmoid(x_t @ U_o + h_prev @ W_o + b_o)\nh_t = o_t * np.tanh(c_t)", OUT, "correct",
     {"notation"}),
    ("o_t = sigmoid(x_t @ U_o + h_prev @ W_o + b_o)\nh_t = o_t * np.tanh(c_t)", HID, "correct",
     {"notation"}),
    ("o_t = sigmoid(x_t @ U_o + h_prev @ W_o + b_o)\nh_t = o_t * np.tanh(c_prev)", HID,
     "incorrect", {"notation", "time_index"}),
    # ... a helper function returning it (NumPy's tutorial: weights looked up by name in a
    # dict, concat the stacked input); its wrong activation is still found
    ("def fp_forget_gate(concat, parameters):\n    ft = sigmoid(np.dot(parameters['Wf'], concat)"
     "\n                 + parameters['bf'])\n    return ft", F, "correct", {"notation"}),
    ("def fp_forget_gate(concat, parameters):\n    ft = np.tanh(np.dot(parameters['Wf'], concat)"
     "\n                 + parameters['bf'])\n    return ft", F, "incorrect",
     {"notation", "wrong_activation"}),
    # ... temporaries are put in place (io = it * cmt; cmt the candidate memory)
    ("it, cmt = fp_input_gate(concat, parameters)\nio = it * cmt\nnext_cs = (ft * prev_cs) + io",
     CELL, "correct", {"notation"}),
    ("it, cmt = fp_input_gate(concat, parameters)\nio = it * cmt\nnext_cs = (ft * next_cs) + io",
     CELL, "incorrect", {"notation", "time_index"}),
    # ... weights and states held in objects (self.param.wg, self.state.g), a tuple stacked
    ("xc = np.hstack((x, h_prev))\nself.state.g = np.tanh(np.dot(self.param.wg, xc) + "
     "self.param.bg)", CAND, "correct", {"notation"}),
    ("xc = np.hstack((x, h_prev))\nself.state.g = sigmoid(np.dot(self.param.wg, xc) + "
     "self.param.bg)", CAND, "incorrect", {"notation", "wrong_activation"}),
    # Theano: tensor.tanh, T.nnet.sigmoid, and c_ (a trailing underscore) the previous state
    ("h = o * tensor.tanh(c)", HID, "correct", {"notation"}),
    ("h = o * T.nnet.sigmoid(c)", HID, "incorrect", {"notation", "wrong_activation"}),
    ("c = tensor.tanh(x_)\nc = f * c_ + i * g", CELL, "correct", {"notation"}),
    # `@` is the matrix product; a missing bias is still missing
    ("f_t = sigmoid(x_t @ U_f + h_prev @ W_f + b_f)", F, "correct", {"notation"}),
    ("f_t = sigmoid(x_t @ U_f + h_prev @ W_f)", F, "incorrect", {"notation", "missing_bias"}),
    # softplus of D's logits: softplus(-l) = -log σ(l), softplus(l) = -log(1 - σ(l))
    ("d_loss = self.softplus(-d_real) + self.softplus(d_fake)", D, "correct", {"notation"}),
    ("g_loss = self.softplus(-d_fake)", G, "accepted_variant", {"notation", "non_saturating"}),
    # ... the labels swapped, or the generator climbing its own loss, stay wrong
    ("d_loss = self.softplus(d_real) + self.softplus(-d_fake)", D, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    ("g_loss = self.softplus(d_fake)", G, "incorrect", {"notation", "sign_error"}),
    # torchgan: a branch's header is no formula; `loss +=` adds; dgz and dx are D's outputs
    ("if nonsaturating:\n    target = torch.ones_like(dgz)\n"
     "    return F.binary_cross_entropy_with_logits(dgz, target)", G, "accepted_variant",
     {"notation", "non_saturating"}),
    ("loss = F.binary_cross_entropy_with_logits(dx, torch.ones_like(dx))\n"
     "loss += F.binary_cross_entropy_with_logits(dgz, torch.zeros_like(dgz))", D, "correct",
     {"notation"}),
    ("loss = F.binary_cross_entropy_with_logits(dx, torch.ones_like(dx))\n"
     "loss += F.binary_cross_entropy_with_logits(dgz, torch.ones_like(dgz))", D, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    # biases inside bracketed sums are one bias (a linear layer's own, plus another)
    (r"i_t = \sigma((W_{xi} x_t + b_{xi}) + (W_{hi} h_{t-1} + b_{hi}) + b_i)", IN, "correct",
     set()),
    (r"i_t = \sigma((W_{xi} x_t) + (W_{hi} h_{t-1}))", IN, "incorrect", {"missing_bias"}),
    # a row named in bold (\mathbf{O}_t) is picked from its block
    ("\\begin{aligned}\n\\mathbf{I}_t &= \\sigma(\\mathbf{X}_t \\mathbf{W}_{xi} + "
     "\\mathbf{H}_{t-1} \\mathbf{W}_{hi} + \\mathbf{b}_i),\\\\\n\\mathbf{O}_t &= \\sigma("
     "\\mathbf{X}_t \\mathbf{W}_{xo} + \\mathbf{H}_{t-1} \\mathbf{W}_{ho} + \\mathbf{b}_o),\n"
     "\\end{aligned}", OUT, "correct", {"notation"}),
    ("\\begin{aligned}\n\\mathbf{I}_t &= \\sigma(\\mathbf{X}_t \\mathbf{W}_{xi} + "
     "\\mathbf{H}_{t-1} \\mathbf{W}_{hi} + \\mathbf{b}_i),\\\\\n\\mathbf{O}_t &= \\tanh("
     "\\mathbf{X}_t \\mathbf{W}_{xo} + \\mathbf{H}_{t-1} \\mathbf{W}_{ho} + \\mathbf{b}_o),\n"
     "\\end{aligned}", OUT, "incorrect", {"notation", "wrong_activation"}),
    # the last row of an array, copied with the ends of environments it never opened
    (r"h_t = o_t * \tanh(c_t) \end{array}\end{split}", HID, "correct", {"notation"}),
    (r"h_t = o_t * c_t \end{array}", HID, "incorrect", {"notation", "wrong_activation"}),
    # a gradient step whose display is broken over lines inside its brackets (labml)
    ("Generator should **descend** on the gradient,\n\n$$\\nabla_{\\theta_g} \\frac{1}{m} "
     "\\sum_{i=1}^m \\Bigg[\n    \\log \\Big(1 - D\\Big(G\\Big(\\pmb{z}^{(i)}\\Big)\\Big)"
     "\\Big)\n\\Bigg]$$", G, "correct", {"notation"}),
    ("Generator should **ascend** on the gradient,\n\n$$\\nabla_{\\theta_g} \\frac{1}{m} "
     "\\sum_{i=1}^m \\Bigg[\n    \\log \\Big(1 - D\\Big(G\\Big(\\pmb{z}^{(i)}\\Big)\\Big)"
     "\\Big)\n\\Bigg]$$", G, "incorrect", {"notation", "min_max_swapped"}),
    # English prose giving the direction of the one formula it optimises ("minimize the
    # term $…$"), beside a second formula (`$D(\cdots)$`, an elided argument)
    (r"The goal of the generator is to minimize the term $log(1 − D(G(z)))$, while the "
     r"discriminator maximizes both terms (both have $D(\cdots)$).", G, "correct", set()),
    (r"The goal of the generator is to maximize the term $log(1 − D(G(z)))$, while the "
     r"discriminator minimizes both terms (both have $D(\cdots)$).", G, "incorrect",
     {"min_max_swapped"}),
    (r"The generator should minimize $\log(1 - D(G(z)))$.", G, "correct", set()),
    (r"The generator should maximize $\log(1 - D(G(z)))$.", G, "incorrect", {"min_max_swapped"}),
    # ... "descend/ascend the gradient of $…$" is the direction; the one set aside ("instead
    # of $…$") is not the answer; the non-saturating loss descended with its sign flipped
    # stays a sign error
    (r"the generator should ascend the gradient of $\log D(G(z))$ instead of "
     r"$\log(1 - D(G(z)))$", G, "accepted_variant", {"non_saturating"}),
    (r"the generator should descend the gradient of $-\log D(G(z))$", G, "accepted_variant",
     {"non_saturating"}),
    (r"the update of the generator is descend the gradient of $\log D(G(Z))$ instead of "
     r"$\log (1- D(G(Z)))$", G, "incorrect", {"sign_error"}),
    # a bracket closing over a parenthesis a copy lost: the `)` is closed there (labml)
    (r"\min_G \max_D V(D, G) = \mathbb{E}_{x \sim p_{data}(x)}[\log D(x)] + "
     r"\mathbb{E}_{z \sim p_z(z)}\big[\log (1 - D(G(z))\big]", D, "correct", set()),
    (r"\min_G \max_D V(D, G) = \mathbb{E}_{x \sim p_{data}(x)}[\log D(x)] + "
     r"\mathbb{E}_{z \sim p_z(z)}\big[\log (D(G(z))\big]", D, "incorrect",
     {"missing_term", "extra_term", "inconsistent_chain"}),
]


JITTOR = ("y = jt.nn.matmul_transpose(input, self.weight_ih) + jt.nn.matmul_transpose(h, "
          "self.weight_hh)\n\nif self.bias:\n    y = y + self.bias_ih + self.bias_hh\n\n"
          "i = y[:, :self.hidden_size].sigmoid()\nf = y[:, self.hidden_size : 2 * "
          "self.hidden_size].sigmoid()")
CELOSS = ("def celoss_{t}(logits):\n    y = tf.{t}_like(logits)\n    loss = keras.losses."
          "binary_crossentropy(y, logits, from_logits=True)\n    return tf.reduce_mean(loss)\n\n")
GLOSS = ("def g_loss_fn(generator, discriminator, batch_z, is_training):\n    fake_image = "
         "generator(batch_z, is_training)\n    d_fake_logits = discriminator(fake_image, "
         "is_training)\n    loss = celoss_{t}(d_fake_logits)\n\n    return loss")
STEPS = ("将 $f_t$ 与上一长期状态 $C_{{t-1}}$ 相乘：\n$$\nC_t' = f_t * {prev}\n$$\n"
         "最终记忆门更新公式如下:\n$$\n\\tilde{{C_t'}}=  i_t * \\tilde{{C_t}}\n$$\n"
         "可以通过加法直接结合\n$$\n"
         "C_t =  C_t' + \\tilde{{C_t'}}\n$$")

# 7. Chinese students' writing (formulas_f.yaml): course notes, Chinese textbooks' code,
# PaddlePaddle's Chinese docs and tutorials
SEVENTH: list[Row] = [
    # Andrew Ng's notes with the time index in angle brackets ⟨t⟩ (U+27E8/9, or CJK 〈〉),
    # Markdown's escaped \_; the time index is still checked, the tanh still needed
    (r"$$Γ\_f = \sigma(W\_f[a^{⟨t-1⟩}, x^{⟨t⟩}] + b\_f)$$", F, "correct", {"notation"}),
    (r"$$Γ\_f = \sigma(W\_f[a^{⟨t⟩}, x^{⟨t⟩}] + b\_f)$$", F, "incorrect",
     {"missing_term", "extra_term"}),
    (r"$$a^{⟨t⟩} = Γ\_o^{⟨t⟩} \times tanh(c^{⟨t⟩})$$-->", HID, "accepted_variant", {"notation"}),
    (r"$$a^{〈t〉} = Γ_o \times c^{〈t〉}$$", HID, "incorrect", {"notation", "wrong_activation"}),
    # ℓ_G, ℓ_D (\ell): a loss's script l; the non-saturating objective without its minus is
    # still a sign error, with it the accepted variant
    (r"$$\ell_G  =  \mathbb{E}_{z \sim p(z)}\left[\log D(G(z))\right]$$", G, "incorrect",
     {"sign_error"}),
    (r"$$\ell_G  =  -\mathbb{E}_{z \sim p(z)}\left[\log D(G(z))\right]$$", G,
     "accepted_variant", {"non_saturating"}),
    # \mathop{min}\limits_{G} without the backslash of \min, and the expectation typed as
    # the Greek capital Epsilon Ε (U+0395); min and max swapped are still found
    (r"\mathop{min}\limits_{G}\mathop{max}\limits_{D}V(D,G) = Ε_{x\sim p_{data}(x)}[\log D(x)]"
     r"+Ε_{z\sim p_{z}(z)}[\log(1 - D(G(z)))]", D, "correct", set()),
    (r"\mathop{max}\limits_{G}\mathop{min}\limits_{D}V(D,G) = Ε_{x\sim p_{data}(x)}[\log D(x)]"
     r"+Ε_{z\sim p_{z}(z)}[\log(1 - D(G(z)))]", D, "incorrect",
     {"min_max_swapped", "sign_error"}),
    # 邱锡鹏's notation: D(x; φ), G(z; θ) carry their parameters after `;`, and \max_φ is
    # over D (θ over G); a display that starts with `=` goes on with the display before
    ("$$\n\\max_{\\phi} \\mathbb{E}_{x \\sim p_r(x)}[\\log D(x ; \\phi)] + \\mathbb{E}_{z \\sim "
     "p(z)}[\\log (1-D(G(z ; \\theta) ; \\phi))]\n$$\n$$\n=\\max_{\\phi} \\mathbb{E}_{x \\sim "
     "p_r(x)}[\\log D(x ; \\phi)]+\\mathbb{E}_{z \\sim p(z)}[\\log (1-D(G(z ; \\theta) ; \\phi))]"
     "\n$$", D, "correct", set()),
    ("$$\n\\min_{\\phi} \\mathbb{E}_{x \\sim p_r(x)}[\\log D(x ; \\phi)] + \\mathbb{E}_{z \\sim "
     "p(z)}[\\log (1-D(G(z ; \\theta) ; \\phi))]\n$$", D, "incorrect", {"min_max_swapped"}),
    # two optimisations joined by `=` (a row starting `=&`) say they share a solution: the
    # minimax and non-saturating problems of G; a chain of values that differ stays
    # inconsistent, and so does a problem whose direction is wrong
    ("\\begin{aligned}\n& \\max_{\\theta} \\mathbb{E}_{z \\sim p(z)}[\\log D(G(z ; \\theta) ; "
     "\\phi)] \\\\\n=& \\min_{\\theta} \\mathbb{E}_{z \\sim p(z)}[\\log (1-D(G(z ; \\theta) ; "
     "\\phi))]\n\\end{aligned}", G, "accepted_variant", {"non_saturating"}),
    ("\\begin{aligned}\n& \\max_{\\theta} \\mathbb{E}_{z \\sim p(z)}[\\log D(G(z ; \\theta) ; "
     "\\phi)] \\\\\n=& \\max_{\\theta} \\mathbb{E}_{z \\sim p(z)}[\\log (1-D(G(z ; \\theta) ; "
     "\\phi))]\n\\end{aligned}", G, "incorrect",
     {"non_saturating", "min_max_swapped", "inconsistent_chain"}),
    (r"L_G = -\log D(G(z)) = \log(1 - D(G(z)))", G, "incorrect",
     {"non_saturating", "inconsistent_chain"}),
    # a one-line `$$\begin{align} … \\ … \end{align}$$`: its rows, each named by its gate
    (r"$$\begin{align} i_t &= sigmoid(W_ix_t+U_ih_{t-1}+b_i) \\ f_t &= sigmoid(W_fx_t+U_fh_"
     r"{t-1}+b_f) \\ o_t &= sigmoid(W_ox_t+U_oh_{t-1}+b_o) \end{align}$$", OUT, "correct",
     set()),
    (r"$$\begin{align} i_t &= sigmoid(W_ix_t+U_ih_{t-1}+b_i) \\ f_t &= sigmoid(W_fx_t+U_fh_"
     r"{t-1}+b_f) \\ o_t &= tanh(W_ox_t+U_oh_{t-1}+b_o) \end{align}$$", OUT, "incorrect",
     {"wrong_activation"}),
    # GAN code (莫烦): G's one argument is the noise and D's, when no generated sample (G_…),
    # the data, whatever the names; a missing 1 − is still found
    ("prob_artist0 = D(artist_paintings)\nprob_artist1 = D(G_paintings.detach())\nD_loss = - "
     "torch.mean(torch.log(prob_artist0) + torch.log(1. - prob_artist1))", D, "correct",
     {"notation"}),
    ("prob_artist0 = D(artist_paintings)\nprob_artist1 = D(G_paintings.detach())\nD_loss = - "
     "torch.mean(torch.log(prob_artist0) + torch.log(prob_artist1))", D, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    ("G_paintings = G(G_ideas)\nprob_artist1 = D(G_paintings)\nG_loss = torch.mean(torch.log(1. "
     "- prob_artist1))", G, "correct", {"notation"}),
    ("G_paintings = G(G_ideas)\nprob_artist1 = D(G_paintings)\nG_loss = torch.mean(torch.log("
     "prob_artist1))", G, "incorrect", {"notation", "sign_error"}),
    # Chinese prose giving the direction: 最大化 X 而不是 最小化 Y (the one set aside with
    # 而不是 is not the answer); the minimax loss maximised is still swapped
    ("因此我们选择最大化logD(G(z))而不是最小化log(1−D(G(z)))来训练G。", G, "accepted_variant",
     {"non_saturating"}),
    ("因此我们选择最小化log(1−D(G(z)))而不是最大化logD(G(z))来训练G。", G, "correct", set()),
    ("因此我们选择最大化log(1−D(G(z)))而不是最小化logD(G(z))来训练生成器G。", G, "incorrect",
     {"min_max_swapped"}),
    # formulas kept in `#` comments (label # formula # gloss): the formula part, `==` for
    # `=`, h(t-1)/X(t) time indices, W(c)/b(c) a gate's weight and bias, c(t)波浪號 (波浪号,
    # "tilde") the candidate; the time index, the tanh and the bias are still checked
    ("# 4.細胞態(c(t))  # C(t) = f(t) * C(t-1) + i(t) * (c(t)波浪號) #細胞態 = 遺忘門 * "
     "上個時刻的長期記憶 + 輸入門 * 新知識", CELL, "correct", {"notation"}),
    ("# 4.細胞態(c(t))  # C(t) = f(t) * C(t) + i(t) * (c(t)波浪號) #細胞態 = 遺忘門 * 長期記憶 + "
     "輸入門 * 新知識", CELL, "incorrect", {"notation", "time_index"}),
    ("# 5.記憶體(短期記憶)           # ht = o(t) * tanh(c(t)) # 輸出門 * 細胞態過tanh激活函數", HID,
     "correct", {"notation"}),
    ("# 5.記憶體(短期記憶)           # ht = o(t) * c(t) # 輸出門 * 細胞態", HID, "incorrect",
     {"notation", "wrong_activation"}),
    ("# 6.候選態(C(t)波浪號) # (C(t)波浪號) =tanh( W(c)*[ h(t-1),X(t) ]+b(c) ) #", CAND,
     "correct", {"notation"}),
    ("# 6.候選態(C(t)波浪號) # (C(t)波浪號) =tanh( W(c)*[ h(t-1),X(t) ] ) #", CAND, "incorrect",
     {"notation", "missing_bias"}),
    # in LSTM code, h_t read before a row assigns it, and c_t on the right of its own row,
    # hold the previous step's values (code reads a variable's last value); a wrong
    # activation, or the hidden state fed back in place of the cell, is still found
    ("# 输入与短期记忆相拼接\ncombined = torch.cat((x, h_t), dim=2)\n# 记忆门\ni_t = "
     "self.sigmoid(self.fc_i(combined))", IN, "correct", {"notation"}),
    ("combined = torch.cat((x, h_t), dim=2)\ni_t = self.tanh(self.fc_i(combined))", IN,
     "incorrect", {"notation", "wrong_activation"}),
    ("# 长期状态 =  遗忘门 * 上一时刻的长期状态 + 记忆门* 当前记忆状态\n"
     "c_t = f_t * c_t + i_t * g_t", CELL, "correct", {"notation"}),
    ("h_t = o_t * self.tanh(h_t)", HID, "incorrect", {"notation", "missing_term", "extra_term"}),
    # Paddle's tutorial names the candidate a_t (待输入信息): in the cell state, a new letter at
    # time t beside the input gate can only be it; beside the output gate it stays wrong
    (r"$$c_t = f_t \cdot c_{t-1} + i_t \cdot a_t$$", CELL, "correct", {"notation"}),
    (r"$$c_t = f_t \cdot c_{t-1} + o_t \cdot a_t$$", CELL, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    # Jittor's LSTMCell: jt.nn.matmul_transpose, PyTorch's parameter names (weight_ih is
    # W_{ih}), the cell's `input` as x, a gate's columns y[:, H:2H] of the stacked
    # pre-activation, and `y = y + bias` built on y's earlier value; a wrong activation or a
    # bias left out is still found
    (JITTOR, F, "correct", {"notation"}),
    (JITTOR.replace("2 * self.hidden_size].sigmoid()", "2 * self.hidden_size].tanh()"), F,
     "incorrect", {"notation", "wrong_activation"}),
    (JITTOR.replace("    y = y + self.bias_ih + self.bias_hh\n", "    pass\n"), F, "incorrect",
     {"notation", "missing_bias"}),
    # a helper function the loss defines and calls (龙良曲's celoss_ones), put in place with
    # the call's arguments; Keras's binary_crossentropy(y_true, logits) and a mode flag
    # (is_training) read; a generator trained against zeros is still a sign error
    (CELOSS.format(t="ones") + GLOSS.format(t="ones"), G, "accepted_variant",
     {"notation", "non_saturating"}),
    (CELOSS.format(t="zeros") + GLOSS.format(t="zeros"), G, "incorrect",
     {"notation", "sign_error"}),
    # the cell state in steps (thorough-pytorch): a primed name another row defines
    # (C_t' = f_t * C_{t-1}, \tilde{C_t'} = i_t * \tilde{C_t}) put in place; its time index
    # still checked
    (STEPS.format(prev="C_{t-1}"), CELL, "correct", {"notation"}),
    (STEPS.format(prev="C_t"), CELL, "incorrect", {"notation", "time_index"}),
    # comment rows: a value `= o(…)` is σ typed as the letter o (never o(t), the output
    # gate), and a left-hand name that the label (遺忘門(f(t))) and every weight's gate
    # (W(f), b(f)) contradict is a copied slip; with the weights of another gate it stays
    ("# 1.輸入門(i(t))     #i(t) == o(W(i)*[ h(t-1) , X(t) ] + b(i))  # 門限", IN, "correct",
     {"notation"}),
    ("# 1.輸入門(i(t))     #i(t) == o(W(i)*[ h(t) , X(t) ] + b(i))  # 門限", IN, "incorrect",
     {"notation", "time_index"}),
    ("# 2.遺忘門(f(t))     #i(t) == o(W(f)*[ h(t-1) , X(t) ] + b(f))  #gloss", F, "correct",
     {"notation"}),
    ("# 2.遺忘門(f(t))     #i(t) == o(W(i)*[ h(t-1) , X(t) ] + b(i))  #gloss", F, "incorrect",
     {"notation", "wrong_gate"}),
    # Hung-yi Lee's lecture notes (李宏毅): f(z_i), f(z_f), f(z_o) the gates, g(z) the
    # candidate, h the tanh, c and c' the cell before and after; a gate swapped or the tanh
    # left out is still found
    (r"得到存在memory中的新值$c'=g(z)\cdot f(z_i)+cf(z_f)$", CELL, "correct", {"notation"}),
    (r"得到存在memory中的新值$c'=g(z)\cdot f(z_i)+cf(z_i)$", CELL, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    (r"得到输出$a=h(c')f(z_o)$", HID, "accepted_variant", {"notation"}),
    (r"得到输出$a=c'f(z_o)$", HID, "incorrect", {"notation", "wrong_activation"}),
]


EIGHTH: list[Row] = [
    # the hidden state in Chinese role words (输出门 o_t, 细胞状态/长期状态 c_t, 隐藏状态 h_t), in a
    # comment or with the Traditional forms; the tanh left out (as `h_t = o_t * c_t`) is still
    # the missing-tanh diagnosis, and another gate in place of the output gate is still wrong
    ("隐藏状态 = 输出门 * tanh(细胞状态)", HID, "correct", {"notation"}),
    ("# 隐藏状态 = 输出门 × tanh(细胞状态)", HID, "correct", {"notation"}),
    ("隱藏狀態 = 輸出門 * tanh(細胞狀態)", HID, "correct", {"notation"}),
    ("隐藏状态 = 输出门 * 长期状态", HID, "incorrect", {"notation", "wrong_activation"}),
    ("隐藏状态 = 遗忘门 * tanh(细胞状态)", HID, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    # words and symbols mixed; a bullet giving the formula in symbols, then in words
    ("h_t = 输出门 * tanh(细胞状态)", HID, "correct", {"notation"}),
    ("h_t = 输出门 * 细胞状态", HID, "incorrect", {"notation", "wrong_activation"}),
    ("- hₜ = oₜ ⊙ tanh(Cₜ) — 隐藏状态 = 输出门 × tanh(细胞状态)", HID, "correct", {"notation"}),
    # a comment in words over code in symbols: the code is the answer (its tanh counts)
    ("# 隐藏状态 = 输出门 * 长期状态\nh_t = o_t * self.tanh(c_t)", HID, "correct", {"notation"}),
    # the cell state: 上一时刻/前一时刻/t-1时刻 mark t−1, 候选… the candidate; × ⊙ the
    # products; another gate, or the previous hidden state in place of the candidate, stays
    # wrong, and a symbol written at t where t−1 is meant keeps its time-index diagnosis
    ("细胞状态 = 遗忘门 × 上一时刻的细胞状态 + 输入门 × 候选记忆", CELL, "correct", {"notation"}),
    ("細胞狀態 = 遺忘門 × t-1時刻的細胞狀態 + 輸入門 × 候選值", CELL, "correct", {"notation"}),
    ("C_t = 遗忘门 ⊙ C_{t-1} + 输入门 ⊙ 候选值", CELL, "correct", {"notation"}),
    ("细胞状态 = 遗忘门 × 上一时刻的细胞状态 + 输出门 × 候选记忆", CELL, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    ("细胞状态 = 遗忘门 × 前一时刻的细胞状态 + 输入门 × 上一时刻的隐藏状态", CELL, "incorrect",
     {"notation", "missing_term", "extra_term"}),
    ("C_t = 遗忘门 ⊙ C_t + 输入门 ⊙ 候选值", CELL, "incorrect", {"notation", "time_index"}),
    # the state the forget gate multiplies is the one from before the update, even when
    # called 当前 ("held now"); the sum written before `=`; `X，由 … 组成` ("made of")
    ("单元状态 = 遗忘门 * 当前单元状态 + 输入门 * 新输入单元", CELL, "correct", {"notation"}),
    ("（遗忘门×旧记忆 + 输入门×新信息 = 新记忆）", CELL, "correct", {"notation"}),
    ("# 新的细胞状态，由 遗忘门×过去细胞状态 + 输入门×候选细胞状态组成（注意）", CELL, "correct",
     {"notation"}),
    ("# 新的细胞状态，由 遗忘门×过去细胞状态 + 输入门×上一时刻的隐藏状态组成", CELL, "incorrect",
     {"notation", "missing_term", "extra_term"}),
]


CLASSES = {"debris": DEBRIS, "labels": LABELS, "pasted": PASTED, "names": NAMES, "gan": GAN,
           "mistakes": MISTAKES, "second": SECOND, "third": THIRD, "fourth": FOURTH,
           "fifth": FIFTH, "sixth": SIXTH, "seventh": SEVENTH,
           "eighth": EIGHTH}


@pytest.mark.parametrize(
    ("text", "ref", "verdict", "codes"),
    [pytest.param(*row, id=f"{name}-{n}") for name, rows in CLASSES.items()
     for n, row in enumerate(rows)])
def test_real_writing(text: str, ref: str, verdict: str, codes: set[str]) -> None:
    result = check_formula(text, ref)
    assert result.verdict == verdict, result
    assert {d.code for d in result.diagnoses} == codes, result


# 8. How a formula was read, when that is not the literal text
@pytest.mark.parametrize(
    ("text", "ref", "read_as"),
    [
        ("ot=σ(Wo·[ht−1,xt]+bo)", OUT, r"o_{t} = \sigma(W_{o} [h_{t-1}; x_{t}] + b_{o})"),
        ("遗忘门：𝑓𝑡=𝜎(𝑊𝑓⋅[ℎ𝑡−1,𝑥𝑡]+𝑏𝑓)，", F, r"f_{t} = \sigma(W_{f} [h_{t-1}; x_{t}] + b_{f})"),
        # TensorFlow's LSTMBlockCell names, read by role
        ("cs = ci .* i + cs_prev .* f", CELL, r"c_{t} = \tilde{c}_{t} \odot i + c_{t-1} \odot f"),
        # Chinese role words, read as the symbols they name
        ("细胞状态 = 遗忘门 × 上一时刻的细胞状态 + 输入门 × 候选记忆", CELL,
         r"c_{t} = f_{t} c_{t-1} + i_{t} \tilde{c}_{t}"),
    ],
)
def test_the_reading_is_shown(text: str, ref: str, read_as: str) -> None:
    assert check_formula(text, ref).canonical == read_as
