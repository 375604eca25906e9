"""Messages of the count diagnoses (network_counts, forward_ops, layer counts)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "counts.bias_omitted": {
        "en": "matches the weights alone; the {missing} bias terms, one per output channel "
              "or unit, are missing",
        "zh": "只等于权重数；缺少 {missing} 个偏置（每个输出通道或神经元一个）",
    },
    "counts.bn_omitted": {
        "en": "matches the count without BatchNorm; the {missing} BatchNorm parameters "
              "(γ and β, two per channel) are missing",
        "zh": "等于不含 BatchNorm 的参数数；缺少 {missing} 个 BatchNorm 参数（每个通道 γ 和 β 两个）",
    },
    "counts.input_included": {
        "en": "counts the {input} input values as neurons; the input layer is not a layer "
              "of neurons and is left out",
        "zh": "把输入的 {input} 个数值也算作神经元；输入层不计入神经元",
    },
    "counts.pooling_included": {
        "en": "includes the {pooling} outputs of pooling layers; only convolution and fully "
              "connected outputs count as neurons",
        "zh": "包含了池化层的 {pooling} 个输出；只有卷积层和全连接层的输出计为神经元",
    },
    "counts.shortcut_excluded": {
        "en": "leaves out the projection shortcuts (the 1×1 convolutions on the residual "
              "path): {missing} {quantity} missing",
        "zh": "漏掉了投影捷径（残差支路上的 1×1 卷积）：{quantity}少了 {missing}",
    },
    "counts.channels_not_neurons": {
        "en": "is the sum of channel and unit counts; neurons are every element of every "
              "feature map (C×H×W per layer)",
        "zh": "这是各层通道数（卷积核个数）之和；神经元数应是每层特征图的全部元素数（C×H×W）",
    },
    "counts.macs_not_params": {
        "en": "equals the multiply-accumulates of {network}, not its parameters",
        "zh": "这是 {network} 的乘加运算次数（MACs），不是参数数",
    },
    "counts.params_not_macs": {
        "en": "equals the parameters of {network}, not its multiply-accumulates",
        "zh": "这是 {network} 的参数数，不是乘加运算次数（MACs）",
    },
    "counts.other_network": {
        "en": "equals the {quantity} of {other}, not of {network}",
        "zh": "这是 {other} 的{quantity}，不是 {network} 的{quantity}",
    },
    "counts.variant": {
        "en": "matches {variant} ({description}), a known variant of this network",
        "zh": "与 {variant} 一致，是该网络的一种已知变体（{description}）",
    },
    "counts.paper_quoted_neurons": {
        "en": "matches the per-layer figures quoted in the AlexNet paper (§3.5), whose first "
              "layer ({quoted_conv1}) disagrees with its own arithmetic (55×55×96 = {computed_conv1})",
        "zh": "与 AlexNet 论文第 3.5 节引用的各层数字一致；论文第一层的 {quoted_conv1} 与其自身结构的计算"
              "（55×55×96 = {computed_conv1}）不符",
    },
    "counts.copied_from": {
        "en": "is the same value as your answer to {other}; was it copied by mistake?",
        "zh": "与你对 {other} 的答案完全相同，是否误抄？",
    },
    "counts.arithmetic_slip_chain": {
        "en": "the terms you wrote add up to {computed}, not to the {stated} you wrote",
        "zh": "你列出的各项之和是 {computed}，而不是你写的 {stated}",
    },
    "counts.inconsistent_chain": {
        "en": "the sides of your chain disagree: {left} is not {right}",
        "zh": "你写的等式前后不一致：{left} 不等于 {right}",
    },
    "counts.unexplained": {
        "en": "matches none of the known mistakes",
        "zh": "不符合任何已知的错误类型",
    },
    "counts.unexplained_above": {
        "en": "matches none of the known mistakes; your value is {percent}% above the reference",
        "zh": "不符合任何已知的错误类型；你的数值比参考值大 {percent}%",
    },
    "counts.unexplained_below": {
        "en": "matches none of the known mistakes; your value is {percent}% below the reference",
        "zh": "不符合任何已知的错误类型；你的数值比参考值小 {percent}%",
    },
    "counts.unexplained_times_more": {
        "en": "matches none of the known mistakes; your value is about {times} times the reference",
        "zh": "不符合任何已知的错误类型；你的数值约为参考值的 {times} 倍",
    },
    "counts.unexplained_times_less": {
        "en": "matches none of the known mistakes; the reference is about {times} times your value",
        "zh": "不符合任何已知的错误类型；参考值约为你的数值的 {times} 倍",
    },
    "counts.breakdown_basis": {
        "en": "judged against {variant}, the variant your total matches",
        "zh": "按你的总数所对应的变体 {variant} 判断",
    },
    "counts.tool_bias_ops": {
        "en": "is the figure profilers such as thop and torchinfo print: the "
              "multiply-accumulates plus one operation per output for its bias ({extra} "
              "more); the multiplications alone are fewer",
        "zh": "这是 thop、torchinfo 等工具给出的数值：乘加次数再加上每个输出一次偏置运算（多 {extra} 次）；"
              "单算乘法要少一些",
    },
    "counts.tool_torchinfo": {
        "en": "is torchinfo's \"Total mult-adds\": the multiply-accumulates plus one per "
              "biased output and the BatchNorm parameters ({extra} more); the multiplications "
              "alone are fewer",
        "zh": "这是 torchinfo 的“Total mult-adds”：乘加次数再加上每个带偏置输出一次以及 BatchNorm 参数"
              "（多 {extra} 次）；单算乘法要少一些",
    },
    "counts.equals_layer": {
        "en": "this value belongs to {layer} ({quantity}), not to this layer: a line repeated?",
        "zh": "这是 {layer} 的{quantity}，不是本层的：是否重复了上一行？",
    },
    "counts.input_channels_omitted": {
        "en": "every convolution is counted without its input channels: a filter has "
              "k×k×C_in weights, not k×k",
        "zh": "每个卷积都漏乘了输入通道数：一个卷积核有 k×k×C_in 个权重，而不是 k×k 个",
    },
    "counts.tool_torchinfo_early": {
        "en": "is the \"Total mult-adds\" torchinfo printed before version 1.6: the "
              "multiply-accumulates plus each layer's weights again for every module that "
              "holds it ({extra} more); the multiplications alone are fewer",
        "zh": "这是 torchinfo 1.6 之前版本打印的“Total mult-adds”：乘加次数再加上每层权重"
              "（被外层模块重复计入，多 {extra} 次）；单算乘法要少一些",
    },
    "counts.tool_ptflops": {
        "en": "is what ptflops (and mmcv, which copies it) prints as \"MACs\"/\"FLOPs\": the "
              "multiply-accumulates plus one per biased output, two per BatchNorm element, one "
              "per ReLU output and one per element entering a pooling layer ({extra} more); "
              "the multiplications alone are fewer",
        "zh": "这是 ptflops（及照搬它的 mmcv）给出的 MACs/FLOPs：乘加次数再加上每个带偏置输出一次、"
              "每个 BatchNorm 元素两次、每个 ReLU 输出一次、每个进入池化层的元素一次（多 {extra} 次）；"
              "单算乘法要少一些",
    },
    "counts.tool_thop": {
        "en": "is what thop prints: the multiply-accumulates plus one per output of a biased "
              "convolution, two per BatchNorm element and an adaptive average pool's additions "
              "and division ({extra} more); the multiplications alone are fewer",
        "zh": "这是 thop 给出的数值：乘加次数再加上每个带偏置卷积输出一次、每个 BatchNorm 元素两次、"
              "自适应平均池化的加法与除法（多 {extra} 次）；单算乘法要少一些",
    },
    "counts.default_variant": {
        "en": "is {network}'s {quantity} in the textbook's setting, not for your parameters: "
              "compute it for the input size and classes of your own sheet",
        "zh": "这是教材设定下 {network} 的{quantity}，不是你的参数下的值：请按你题单上的输入尺寸和类别数计算",
    },
    "counts.arithmetic_slip_layers": {
        "en": "your per-layer numbers add up to {sum}, which is right, but your total says {stated}",
        "zh": "你的各层数字之和 {sum} 是对的，但总数写成了 {stated}",
    },
    "counts.pooling_layer": {
        "en": "{layer} is a pooling layer: its outputs are not counted as neurons",
        "zh": "{layer} 是池化层：其输出不计为神经元",
    },
    "counts.term_mismatch": {
        "en": "every term you wrote is a layer or a run of layers of {network} except {term}: "
              "check that one",
        "zh": "你写的各项中，除 {term} 外都对应 {network} 的某一层或连续几层之和：请检查这一项",
    },
    "counts.layer_mismatch": {
        "en": "the first wrong layer of your breakdown is {layer}",
        "zh": "你的逐层计算中第一个出错的层是 {layer}",
    },
    "counts.unknown_layer": {
        "en": "{network} has no layer called {layer!r}; {hint}",
        "zh": "{network} 没有名为 {layer!r} 的层；{hint}",
    },
    "counts.typo_changed": {
        "en": "one digit differs from the correct value (a typo?)",
        "zh": "与正确值只差一位数字（笔误？）",
    },
    "counts.typo_swapped": {
        "en": "two neighbouring digits of the correct value are swapped (a typo?)",
        "zh": "正确值中相邻两位数字写颠倒了（笔误？）",
    },
    "counts.typo_dropped": {
        "en": "one digit of the correct value is missing (a typo?)",
        "zh": "比正确值少写了一位数字（笔误？）",
    },
    "counts.typo_added": {
        "en": "one digit too many compared with the correct value (a typo?)",
        "zh": "比正确值多写了一位数字（笔误？）",
    },
    "counts.rounding": {
        "en": "an approximation, correct to the {sig_figs} significant figures given",
        "zh": "近似值，在所给的 {sig_figs} 位有效数字内正确",
    },
    "counts.rounding_of_alternative": {
        "en": "the match above holds at the {sig_figs} significant figures given",
        "zh": "上述判断按所给的 {sig_figs} 位有效数字成立",
    },
    "counts.flops_counted": {
        "en": "counts each multiply-accumulate as two operations (FLOPs); the multiplications "
              "alone are half of that",
        "zh": "把每次乘加算作两次运算（FLOPs）；乘法次数只有它的一半",
    },
    "counts.quantity_swapped": {
        "en": "this is the number of {quantity}; were the two answers swapped?",
        "zh": "这是{quantity}；两个答案是否写反了？",
    },
    "counts.non_trainable_included": {
        "en": "includes the {extra} BatchNorm running means and variances, which are not "
              "trained (Keras's \"Total params\"); count the trainable parameters only",
        "zh": "包含了 {extra} 个 BatchNorm 的滑动均值和方差，它们不参与训练（Keras 的“Total params”）；"
              "只应计可训练参数",
    },
    "counts.gloss_off": {
        "en": "the exact value is right; the rounded figure written after it is not",
        "zh": "精确值正确，但后面写的近似值不对",
    },
    "counts.rounded_steps": {
        "en": "right, up to the rounding of an intermediate value in your working "
              "(e.g. 0.444 for 4/9)",
        "zh": "正确，只是计算过程中某个中间值做了舍入（如用 0.444 代替 4/9）",
    },
    "counts.truncated": {
        "en": "cut off rather than rounded at {sig_figs} significant figures",
        "zh": "按 {sig_figs} 位有效数字截断而不是四舍五入",
    },
    "counts.too_imprecise": {
        "en": "only {sig_figs} significant figure(s); give at least {min}",
        "zh": "只有 {sig_figs} 位有效数字；至少需要 {min} 位",
    },
}

MESSAGES.update({
    "ops.adds_accumulate_only": {
        "en": "counts only the additions that sum the products (k−1 per output), without the "
              "bias additions: an accepted convention",
        "zh": "只计入累加乘积的加法（每个输出 k−1 次），未计偏置加法：可接受的约定",
    },
    "ops.adds_macs": {
        "en": "counts one addition per multiply-accumulate (k per output, as if each sum "
              "started from zero): an accepted convention",
        "zh": "每次乘加计一次加法（每个输出 k 次，相当于从 0 开始累加）：可接受的约定",
    },
    "ops.plus_bn": {
        "en": "includes BatchNorm's addition per element (its shift β at inference): accepted",
        "zh": "计入了 BatchNorm 每个元素的一次加法（推理时的平移 β）：可接受",
    },
    "ops.plus_residual": {
        "en": "includes the additions of the residual shortcuts (one per element of each "
              "block's output): accepted",
        "zh": "计入了残差捷径的加法（每个残差块输出的每个元素一次）：可接受",
    },
    "ops.mults_with_bn": {
        "en": "includes BatchNorm's multiplication per element (its scale γ at inference): "
              "accepted",
        "zh": "计入了 BatchNorm 每个元素的一次乘法（推理时的缩放 γ）：可接受",
    },
    "ops.adds_with_bias": {
        "en": "counts the additions that sum the products plus one bias addition per output: "
              "an accepted convention",
        "zh": "计入累加乘积的加法并为每个输出加一次偏置：可接受的约定",
    },
})
