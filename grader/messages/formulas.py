"""Messages of formula checking (grader.formula): LSTM/GRU gates, GAN losses, conv arithmetic.

`{side}` numbers the expressions of an equation chain `label = 1 = 2 = …` (labels such as
f^{(t)} are not counted); a formula without `=` is expression 1.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "formula.unparsed": {
        "en": "could not read the formula: {reason}",
        "zh": "无法读懂这个公式：{reason}",
    },
    "formula.time_index": {
        "en": "expression {side}: {found} is used where {expected} belongs (wrong time step)",
        "zh": "第 {side} 个式子：应为 {expected} 的位置写成了 {found}（时间下标错误）",
    },
    "formula.wrong_activation": {
        "en": "expression {side}: the activation is {found}, but this formula uses {expected}",
        "zh": "第 {side} 个式子：激活函数写成了 {found}，这里应使用 {expected}",
    },
    "formula.no_activation": {
        "en": "expression {side}: no activation function is applied; this formula needs "
              "{expected} around the weighted sum",
        "zh": "第 {side} 个式子：没有使用激活函数；这个公式需要在加权和外面套上 {expected}",
    },
    "formula.other_loss.wgan": {
        "en": "this is the Wasserstein GAN's (WGAN) loss, not the original GAN's "
              "cross-entropy loss this item asks for",
        "zh": "这是 Wasserstein GAN（WGAN）的损失，不是本题所问的原始 GAN（交叉熵形式）的损失",
    },
    "formula.other_loss.lsgan": {
        "en": "this is the least-squares GAN's (LSGAN) loss, not the original GAN's "
              "cross-entropy loss this item asks for",
        "zh": "这是最小二乘 GAN（LSGAN）的损失，不是本题所问的原始 GAN（交叉熵形式）的损失",
    },
    "formula.other_loss.hinge": {
        "en": "this is the hinge loss of a GAN, not the original GAN's cross-entropy loss "
              "this item asks for",
        "zh": "这是 GAN 的 hinge 损失，不是本题所问的原始 GAN（交叉熵形式）的损失",
    },
    "formula.note.player_name": {
        "en": "read {found}(·) as {player}(·)",
        "zh": "把 {found}(·) 理解为 {player}(·)",
    },
    "formula.note.peephole": {
        "en": "a gate with peephole connections to the cell state (Gers & Schmidhuber, "
              "2000): a known LSTM variant, accepted",
        "zh": "带窥视孔连接（peephole，门也读取细胞状态，Gers 与 Schmidhuber 2000）的门：LSTM 的已知变体，可以接受",
    },
    "formula.note.component_form": {
        "en": "read in vector form: Σ_j U_{{i,j}} x_j is component i of U x",
        "zh": "按向量形式理解：Σ_j U_{{i,j}} x_j 是 U x 的第 i 个分量",
    },
    "formula.note.bce": {
        "en": "read BCELoss(p, 1) as −log p and BCELoss(p, 0) as −log(1 − p)",
        "zh": "把 BCELoss(p, 1) 理解为 −log p，BCELoss(p, 0) 理解为 −log(1 − p)",
    },
    "formula.note.gamma_gate": {
        "en": "read Γ with this subscript as the gate {found}_t",
        "zh": "把带这个下标的 Γ 理解为门 {found}_t",
    },
    "formula.note.hidden_alias": {
        "en": "read {found} at t-1 as the hidden state h_{{t-1}}",
        "zh": "把 t-1 时刻的 {found} 理解为隐状态 h_{{t-1}}",
    },
    "formula.wrong_gate_gru_update": {
        "en": "{found} is a GRU's update gate, not a gate of the LSTM this item asks about",
        "zh": "{found} 是 GRU 的更新门，不是本题所问的 LSTM 的门",
    },
    "formula.wrong_gate_gru_reset": {
        "en": "{found} is a GRU's reset gate, not a gate of the LSTM this item asks about",
        "zh": "{found} 是 GRU 的重置门，不是本题所问的 LSTM 的门",
    },
    "formula.wrong_gate.forget": {
        "en": "the left-hand side {found} is the name of another gate; this item asks for "
              "the forget gate f_t",
        "zh": "等号左边的 {found} 是另一个门的记号；本题要求的是遗忘门 f_t",
    },
    "formula.wrong_gate.input": {
        "en": "the left-hand side {found} is the name of another gate; this item asks for "
              "the input gate i_t",
        "zh": "等号左边的 {found} 是另一个门的记号；本题要求的是输入门 i_t",
    },
    "formula.wrong_gate.output": {
        "en": "the left-hand side {found} is the name of another gate; this item asks for "
              "the output gate o_t",
        "zh": "等号左边的 {found} 是另一个门的记号；本题要求的是输出门 o_t",
    },
    "formula.wrong_gate.update": {
        "en": "the left-hand side {found} is the name of another gate; this item asks for "
              "the update gate z_t",
        "zh": "等号左边的 {found} 是另一个门的记号；本题要求的是更新门 z_t",
    },
    "formula.wrong_gate.reset": {
        "en": "the left-hand side {found} is the name of another gate; this item asks for "
              "the reset gate r_t",
        "zh": "等号左边的 {found} 是另一个门的记号；本题要求的是重置门 r_t",
    },
    "formula.sign_error_whole": {
        "en": "expression {side}: the sign of the whole expression is reversed",
        "zh": "第 {side} 个式子：整个式子的符号反了",
    },
    "formula.sign_error": {
        "en": "expression {side}: the term with {term} has the wrong sign",
        "zh": "第 {side} 个式子：含 {term} 的项符号错误",
    },
    "formula.elementwise_for_matrix": {
        "en": "expression {side}: the term with {term} needs a matrix product (W x), "
              "not an element-wise product ⊙",
        "zh": "第 {side} 个式子：含 {term} 的项应是矩阵乘法（W x），而不是逐元素乘 ⊙",
    },
    "formula.matrix_for_elementwise": {
        "en": "expression {side}: {term} must be an element-wise product (⊙), "
              "not a matrix product",
        "zh": "第 {side} 个式子：{term} 应是逐元素乘（⊙），而不是矩阵乘法",
    },
    "formula.missing_weight": {
        "en": "expression {side}: {term} is added without its weight matrix",
        "zh": "第 {side} 个式子：{term} 前缺少权重矩阵",
    },
    "formula.missing_bias": {
        "en": "expression {side}: the bias term is missing",
        "zh": "第 {side} 个式子：缺少偏置项",
    },
    "formula.missing_bias_stacked": {
        "en": "expression {side}: the stacked form has no bias; write + b, or stack a 1 "
              "under the inputs to show the bias is folded into W",
        "zh": "第 {side} 个式子：拼接形式中没有偏置；请写出 + b，"
              "或在拼接向量中加入常数 1 以表明偏置并入了 W",
    },
    "formula.missing_term": {
        "en": "expression {side}: the term with {term} is missing",
        "zh": "第 {side} 个式子：缺少含 {term} 的项",
    },
    "formula.wrong_coefficient": {
        "en": "expression {side}: {found} is written where {expected} belongs",
        "zh": "第 {side} 个式子：应为 {expected} 的项写成了 {found}",
    },
    "formula.extra_bias": {
        "en": "expression {side}: there is a bias where none belongs",
        "zh": "第 {side} 个式子：多了一个不该有的偏置项",
    },
    "formula.extra_term": {
        "en": "expression {side}: the term with {term} does not belong here",
        "zh": "第 {side} 个式子：多出了含 {term} 的项",
    },
    "formula.inconsistent_chain": {
        "en": "expression {side} is not equal to expression {other}, though an = joins them",
        "zh": "第 {side} 个式子与第 {other} 个式子用等号相连，但二者并不相等",
    },
    "formula.min_max_swapped": {
        "en": "expression {side}: min and max are swapped: the generator minimises, "
              "the discriminator maximises (min_G max_D V)",
        "zh": "第 {side} 个式子：min 与 max 颠倒了：生成器取最小、判别器取最大（min_G max_D V）",
    },
    "formula.non_saturating": {
        "en": "expression {side}: this is the non-saturating generator loss "
              "-E[log D(G(z))], an accepted alternative to the minimax E[log(1 - D(G(z)))]",
        "zh": "第 {side} 个式子：这是非饱和形式的生成器损失 -E[log D(G(z))]，"
              "是极小极大形式 E[log(1 - D(G(z)))] 的可接受替代",
    },
    "formula.saturating": {
        "en": "expression {side}: this is the original minimax generator loss "
              "E[log(1 - D(G(z)))]; accepted, though the non-saturating form was asked",
        "zh": "第 {side} 个式子：这是原始极小极大形式的生成器损失 E[log(1 - D(G(z)))]；"
              "可以接受，但题目要求的是非饱和形式",
    },
    "formula.not_equivalent": {
        "en": "expression {side} is not equivalent to the expected formula",
        "zh": "第 {side} 个式子与标准公式不等价",
    },
    "formula.note.label": {
        "en": "the left-hand side is named {found}; this is usually written {expected}",
        "zh": "等号左边记作 {found}；通常记作 {expected}",
    },
    "formula.note.delta": {
        "en": "expression {side}: δ is used for the sigmoid; the usual symbol is σ",
        "zh": "第 {side} 个式子：用 δ 表示 sigmoid；通常记作 σ",
    },
    "formula.note.row_vector": {
        "en": "expression {side}: weights multiply from the right (x W, row-vector "
              "convention); accepted",
        "zh": "第 {side} 个式子：权重右乘（x W，行向量约定）；可以接受",
    },
    "formula.note.eaten_underscore": {
        "en": "expression {side}: subscripts are written without '_' (e.g. E{{x ~ p{{data}}}}); "
              "markdown probably ate the underscores, read as E_{{x ~ p_data}}",
        "zh": "第 {side} 个式子：下标缺少 '_'（如 E{{x ~ p{{data}}}}），"
              "多半是 markdown 吞掉了下划线，已按 E_{{x ~ p_data}} 理解",
    },
    "formula.note.bias_folded": {
        "en": "expression {side}: the stacked form has no explicit bias; read as folded into "
              "the weight matrix, as the other side of the = shows it",
        "zh": "第 {side} 个式子：拼接形式没有写出偏置；因等号另一侧写了偏置，按偏置并入权重矩阵理解",
    },
    "formula.note.gru_convention": {
        "en": "expression {side}: z and 1 - z are swapped relative to the textbook; this is "
              "PyTorch's convention and is accepted",
        "zh": "第 {side} 个式子：z 与 1 - z 的位置与教材相反；这是 PyTorch 的约定，可以接受",
    },
    "formula.note.pytorch_reset": {
        "en": "expression {side}: the reset gate is applied after the matrix product "
              "(r ⊙ (U h)), PyTorch's form; accepted",
        "zh": "第 {side} 个式子：重置门作用在矩阵乘积之后（r ⊙ (U h)），这是 PyTorch 的写法；可以接受",
    },
    "formula.note.star_elementwise": {
        "en": "expression {side}: * between two vectors is read as the element-wise product ⊙ "
              "(a matrix product of two vectors is not defined here)",
        "zh": "第 {side} 个式子：两个向量之间的 * 按逐元素乘 ⊙ 理解（两个向量之间不存在矩阵乘法）",
    },
    "formula.note.sigmoid_written_out": {
        "en": "expression {side}: 1/(1 + exp(-z)) is read as the sigmoid σ(z)",
        "zh": "第 {side} 个式子：1/(1 + exp(-z)) 按 sigmoid 函数 σ(z) 理解",
    },
    "formula.note.minibatch": {
        "en": "expression {side}: the minibatch average (1/m) Σ over samples x^(i), z^(i) is "
              "read as the expectation E",
        "zh": "第 {side} 个式子：对样本 x^(i)、z^(i) 的小批量平均 (1/m) Σ 按期望 E 理解",
    },
    "formula.note.lee_gate": {
        "en": "z^{found} read as the gate {found}_t (Hung-yi Lee's notation)",
        "zh": "z^{found} 按门 {found}_t 读取（李宏毅课程的记法）",
    },
    "formula.note.lee_candidate": {
        "en": "z read as the candidate c̃_t (Hung-yi Lee's notation: z^f, z^i, z^o are the gates)",
        "zh": "z 按候选值 c̃_t 读取（李宏毅课程的记法：z^f、z^i、z^o 为各门）",
    },
    "formula.note.timeless": {
        "en": "written without time indices: read with x as x_t, h and c on the right as "
              "h_{{t-1}} and c_{{t-1}}, and a primed letter as the new value",
        "zh": "未写时间下标：x 按 x_t，右边的 h、c 按 h_{{t-1}}、c_{{t-1}}，带撇的字母按新值读取",
    },
    "formula.note.stacked_input": {
        "en": "{found} stands alone as the gate's input, set apart from x_t: read as the "
              "stacked input [h_{{t-1}}; x_t]",
        "zh": "{found} 单独作为门的输入，且有别于 x_t：按拼接输入 [h_{{t-1}}; x_t] 读取",
    },
    "formula.note.state_names": {
        "en": "the states' names from code read by role: prev_c (or c_old) as c_{{t-1}}, "
              "next_c (or c_new) as c_t; TensorFlow's cs, cs_prev, ci, co as c_t, c_{{t-1}}, "
              "the candidate c̃_t and tanh(c_t)",
        "zh": "代码中的状态名按其作用读取：prev_c（或 c_old）按 c_{{t-1}}，next_c（或 c_new）按 "
              "c_t；TensorFlow 的 cs、cs_prev、ci、co 按 c_t、c_{{t-1}}、候选值 c̃_t 和 tanh(c_t)",
    },
    "formula.note.definition": {
        "en": "a name defined in another row (x = [h_{{t-1}}; x_t]) read as what it stands for",
        "zh": "另一行定义的记号（x = [h_{{t-1}}; x_t]）按其定义代入读取",
    },
    "formula.note.image_link": {
        "en": "read from the LaTeX inside the image link",
        "zh": "按图片链接中的 LaTeX 读取",
    },
    "formula.note.gradient_step": {
        "en": "a training step written as a gradient: read as the objective it ascends (max) "
              "or descends (min)",
        "zh": "以梯度写出的训练步骤：按其上升（max）或下降（min）的目标函数读取",
    },
    "formula.note.katex_copy": {
        "en": "copied from a rendered page (glyphs, LaTeX, glyphs again): the LaTeX is read",
        "zh": "从渲染后的网页复制（字形、LaTeX、再一遍字形）：按其中的 LaTeX 读取",
    },
    "formula.note.role_words": {
        "en": "written in Chinese role words, read as the symbols they name: 遗忘门 f_t, "
              "输入门 (更新门) i_t, 输出门 o_t, 候选… c̃_t, 细胞状态 (单元状态, 记忆) c_t, "
              "隐藏状态 h_t; 上一时刻 (前一时刻, t-1时刻, 过去, 旧) before a state as t−1; the "
              "cell state the forget gate multiplies as c_{{t-1}}",
        "zh": "用中文的角色词书写，按其所指的符号读取：遗忘门即 f_t，输入门（更新门）即 i_t，"
              "输出门即 o_t，候选…即 c̃_t，细胞状态（单元状态、记忆）即 c_t，隐藏状态即 h_t；"
              "状态前的“上一时刻”（前一时刻、t-1时刻、过去、旧）表示 t−1；与遗忘门相乘的细胞状态"
              "按 c_{{t-1}} 读取",
    },
    "formula.note.comment": {
        "en": "written in code comments: the part of each comment holding the formula is "
              "read (h(t-1) as h_{t-1}, W(f) as W_f, 波浪号 as a tilde, = o(…) as σ)",
        "zh": "写在代码注释中：读取每行注释里的公式部分（h(t-1) 即 h_{t-1}，W(f) 即 W_f，"
              "“波浪号”即上方的波浪线，= o(…) 即 σ）",
    },
    "formula.note.code": {
        "en": "written as code: read as the formula it computes (a mean over the batch as an "
              "expectation, fake samples as G(z))",
        "zh": "以代码形式书写：按其计算的公式读取（对批次求均值即期望，生成样本即 G(z)）",
    },
    "formula.note.lee_lecture": {
        "en": "Hung-yi Lee's notation read: f(z_i), f(z_f), f(z_o) the gates, g(z) the "
              "candidate, h the tanh, c and c' the cell before and after",
        "zh": "按李宏毅课程的记法读取：f(z_i)、f(z_f)、f(z_o) 为各门，g(z) 为候选值，h 为 tanh，"
              "c 与 c' 为更新前后的记忆单元",
    },
    "formula.note.gated_candidate": {
        "en": "the new letter the input gate multiplies in the cell state (a_t) read as the "
              "candidate c̃_t",
        "zh": "细胞状态中与输入门相乘的新字母（如 a_t）按候选值 c̃_t 读取",
    },
    "formula.note.marked_candidate": {
        "en": "the cell state's new term (ĥ_t, g̃_t, or Lee's z) read as the candidate c̃_t",
        "zh": "细胞状态中的新项（ĥ_t、g̃_t 或李宏毅记法的 z）按候选值 c̃_t 读取",
    },
    "formula.note.case_candidate": {
        "en": "the cell state's letter in the other case at time t read as the candidate "
              "(C for the state, c for the candidate)",
        "zh": "与细胞状态同一字母、另一大小写的 t 时刻量按候选值读取（C 为状态，c 为候选值）",
    },
    "formula.note.preactivation": {
        "en": "σ(f), σ(i), σ(o) read as the gates and tanh(a) as the candidate: the letters "
              "name the pre-activations",
        "zh": "σ(f)、σ(i)、σ(o) 按各门读取，tanh(a) 按候选值读取：字母表示激活前的值",
    },
    "formula.note.player_output": {
        "en": "D_real (or D_d) read as D(x) and D_fake as D(G(z)), the discriminator's output",
        "zh": "D_real（或 D_d）按 D(x)、D_fake 按 D(G(z)) 读取，即判别器的输出",
    },
    "formula.note.generated_sample": {
        "en": "x' (or x̃) read as the generated sample G(z)",
        "zh": "x'（或 x̃）按生成样本 G(z) 读取",
    },
    "formula.note.composed": {
        "en": "D_G(z) read as D(G(z)), the discriminator applied to a generated sample",
        "zh": "D_G(z) 按 D(G(z)) 读取，即判别器作用于生成样本",
    },
    "formula.note.inlined": {
        "en": "a gate or the candidate is written out in place of its symbol; that is the "
              "same formula",
        "zh": "把门或候选值的表达式直接代入了式中，与原式等价",
    },
    "formula.note.label_form": {
        "en": "read as binary cross-entropy with the label y: y = 1 for the real sample, "
              "y = 0 for the generated one",
        "zh": "按带标签 y 的二元交叉熵读取：真实样本 y = 1，生成样本 y = 0",
    },
    "formula.note.gloss": {
        "en": "the explanation after the formula (where …) is not checked",
        "zh": "公式后面的说明文字（其中……）不参与批改",
    },
    "formula.note.floor_omitted": {
        "en": "expression {side}: the floor ⌊ ⌋ is left out; right whenever the stride divides "
              "evenly",
        "zh": "第 {side} 个式子：省略了向下取整 ⌊ ⌋；仅在步长能整除时成立",
    },
}
