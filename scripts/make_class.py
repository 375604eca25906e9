"""Generate a class of realistic chapter-3 submissions (for benchmarks and load tests).

    python scripts/make_class.py OUTDIR [--n 100] [--seed 0]

Importable: `write_class(directory, n, seed)` writes `student_0001.yaml` ...;
`make_submission(rng, index)` returns one submission's YAML text. Values are what students
really write: right, bias omitted, input layer counted, a digit typo'd, rounded (`61.0M`,
`6097万`), spelled as an expression (`11*11*3*96+96`, a sum of layers), another network's
count; formulas in ~60 spellings (LaTeX, plain text, unicode; some wrong); short essays.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from functools import cache
from pathlib import Path

import yaml

__all__ = ["COUNTS_ONLY", "make_submission", "write_class"]

NAMES = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二",
         "陈晨", "褚楚", "卫巍", "蒋江", "沈深", "韩涵", "杨洋", "朱珠", "秦勤", "尤优"]

LSTM_TEMPLATES = [
    r"\sigma(W_{g} [h_{t-1}; x_t] + b_{g})",
    r"\sigma(W_{g} \cdot [h_{t-1}, x_t] + b_{g})",
    r"sigmoid(W_{g}*h_{t-1} + U_{g}*x_t + b_{g})",
    r"\sigma\left(U^{g} x^{(t)}+W^{g} h^{(t-1)}+b^{g}\right)",
    r"σ(W_{xg} x_t + W_{hg} h_{t-1} + b_{g})",
    r"{g}_t = \sigma(W_{g} [h_{t-1}, x_t] + b_{g})",
    r"$\sigma(W_{g}h_{t-1}+U_{g}x_{t}+b_{g})$",
    r"\sigma(U_{g} x_t + W_{g} h_{t-1} + b_{g})",
    r"δ(W_{g} h_{t-1} + U_{g} x_t + b_{g})",                 # notation
    r"\tanh(W_{g} [h_{t-1}; x_t] + b_{g})",                  # wrong activation
    r"\sigma(W_{g} [h_t; x_t] + b_{g})",                     # time index
    r"\sigma(W_{g} [h_{t-1}; x_t])",                         # missing bias
    r"\sigma(W_{g} x_t + b_{g})",                            # missing term
    r"\sigma(W_{g} \odot [h_{t-1}; x_t] + b_{g})",           # elementwise
]
DISCRIMINATOR = [
    r"-\mathbb{E}_{x\sim p_{data}}[\log D(x)] - \mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",
    r"-E_{x~p_data}[log D(x)] - E_{z~p_z}[log(1 - D(G(z)))]",
    r"-(\mathbb{E}_{x\sim p_{data}}[\log D(x)] + \mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))])",
    r"\max_D \mathbb{E}_{x\sim p_{data}}[\log D(x)] + \mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",
    r"-\mathbb{E}_{x}[\log D(x)] - \mathbb{E}_{z}[\log(1-D(G(z)))]",
    r"\mathbb{E}_{x\sim p_{data}}[\log D(x)] + \mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",  # sign
    r"-\mathbb{E}_{x\sim p_{data}}[\log D(x)] + \mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",
    r"-\mathbb{E}_{x\sim p_{data}}[\log D(x)]",                                          # term
]
GENERATOR = [
    r"\mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",
    r"-\mathbb{E}_{z\sim p_z}[\log D(G(z))]",                # non-saturating
    r"E_z[log(1-D(G(z)))]",
    r"\min_G \max_D V(D,G)",
    r"\mathbb{E}_{z}\left[\log\left(1-D\left(G\left(z\right)\right)\right)\right]",
    r"-\mathbb{E}_{z\sim p_z}[\log(1-D(G(z)))]",             # sign
    r"\mathbb{E}_{z\sim p_z}[\log D(G(z))]",                 # sign
    r"\log(1-D(G(z)))",                                      # missing expectation
]
ESSAY_SENTENCES = {
    "error_rate_iou_map": [
        "错误率衡量分类出错的比例，只看类别是否正确。",
        "IoU（交并比）是预测框与真实框交集面积除以并集面积。",
        "IoU 大于阈值（如 0.5）的检测才算真正例。",
        "mAP 是各类别 AP 的平均，AP 是精度-召回率曲线下的面积。",
        "Error rate only checks the label; IoU checks localisation.",
    ],
    "rcnn_family": [
        "R-CNN 用选择性搜索产生约 2000 个候选区域，每个区域分别过 CNN。",
        "Fast R-CNN 整图只做一次卷积，用 RoI 池化提取每个候选区域的特征。",
        "Faster R-CNN 用区域建议网络 RPN 代替选择性搜索，和检测网络共享卷积层。",
        "分类和边框回归用多任务损失一起训练。",
    ],
    "gan_training": [
        "GAN 由生成器和判别器组成，交替训练。",
        "固定生成器训练判别器，使其区分真实样本和生成样本。",
        "固定判别器训练生成器，使判别器把生成样本判为真。",
        "两者进行极小极大博弈，最终达到纳什均衡。",
    ],
    "acceleration": [
        "深度学习模型参数量和计算量巨大，VGG19 约 1.4 亿参数。",
        "移动端和嵌入式设备对延迟和功耗有严格限制。",
        "需要专用硬件（GPU、深度学习处理器）和模型压缩（剪枝、量化）来加速。",
    ],
}
COUNTS_ONLY = """\
assignment: ch3
student: {id: "2023000", name: 张三}
answers:
  network_counts:
    alexnet: {neurons: "659,272", params: 60965224}
    vgg19: {neurons: 14861288, params: "143,667,240"}
    resnet152: {neurons: 22555112, params: 60192808}
"""
"""A submission that needs no formula work (for the cold-start benchmark)."""


@cache
def _stats(network: str) -> dict[str, int]:
    from reference.engine import analyse

    s = analyse(network)
    totals = s.to_json_dict()["totals"]
    first = s.layers[0]
    return {**totals, "input": _input_elements(s.to_json_dict()["input"]),
            "conv1_params": first.params, "conv1_weights": first.weights,
            "layer_params": [row.params for row in s.layers if row.params],
            "layer_neurons": [row.neurons for row in s.layers if row.neurons]}


def _input_elements(shape: list[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _digits(value: int, rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        return f"{value:,}"
    if style == 1:
        return f"{value:,}".replace(",", " ")
    if style == 2:
        return f"{value:_}"
    return str(value)


def _typo(value: int, rng: random.Random) -> str:
    digits = list(str(value))
    i = rng.randrange(1, len(digits))
    if rng.random() < 0.5 and i + 1 < len(digits):
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
    else:
        digits[i] = str((int(digits[i]) + rng.randrange(1, 9)) % 10)
    return "".join(digits)


def _rounded(value: int, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{value / 1e6:.1f}M"
    if style == 1:
        return f"{value / 1e4:.0f}万"
    if style == 2:
        return f"≈{value / 1e8:.2f}亿"
    return f"{value:.3e}".replace("e+0", "e")


def _count(network: str, quantity: str, rng: random.Random) -> str | None:
    s = _stats(network)
    right = s[quantity]
    roll = rng.random()
    if roll < 0.05:
        return None                                            # left out
    if roll < 0.45:
        return _digits(right, rng)
    if roll < 0.55:
        return _rounded(right, rng)
    if roll < 0.65 and quantity == "params":
        return _digits(s["weights"], rng)                      # bias omitted
    if roll < 0.65:
        return _digits(right + s["input"], rng)                # input layer counted
    if roll < 0.72:
        return _typo(right, rng)
    if roll < 0.80:
        parts = s["layer_params" if quantity == "params" else "layer_neurons"]
        return " + ".join(str(p) for p in parts)              # the sum, written out
    if roll < 0.86:
        other = {"vgg19": "vgg16", "resnet152": "resnet101", "alexnet": "alexnet_ungrouped"}
        return _digits(_stats(other[network])[quantity], rng)
    if roll < 0.90:
        return f"{_digits(right, rng)} 个参数" if quantity == "params" else f"{right} 个"
    if roll < 0.93:
        return "约六千万"                                       # unparsed
    return _digits(right + rng.randrange(-5000, 5000), rng)   # plain wrong


def _formula(templates: list[str], letter: str, rng: random.Random) -> str | None:
    if rng.random() < 0.05:
        return None
    # The first few spellings (all right) are the common ones.
    pick = templates[min(int(rng.expovariate(0.35)), len(templates) - 1)]
    return (pick.replace("{g}", letter).replace("xg", "x" + letter)
            .replace("hg", "h" + letter))


def make_submission(rng: random.Random, index: int) -> str:
    """One student's submission as YAML text."""
    answers: dict[str, object] = {}
    counts: dict[str, dict[str, object]] = {}
    for network in ("alexnet", "vgg19", "resnet152"):
        entry = {q: v for q in ("neurons", "params") if (v := _count(network, q, rng))}
        if network == "alexnet" and rng.random() < 0.4:
            s = _stats("alexnet")
            conv1 = rng.choice(["11*11*3*96 + 96", "11×11×3×96+96", str(s["conv1_params"]),
                                str(s["conv1_weights"])])
            entry["layers"] = {"conv1": {"neurons": 290400, "params": conv1}}
        counts[network] = entry
    answers["network_counts"] = counts
    macs = _stats("alexnet")["macs"]
    answers["forward_ops"] = {"alexnet": {
        "mults": rng.choice([_digits(macs, rng), _rounded(macs, rng), _typo(macs, rng)]),
        "adds": rng.choice([_digits(macs, rng), "724,406,816", "723,747,544", "约7.2亿"]),
    }}
    answers["detection_metrics"] = {
        "precision": rng.choice(["0.4", "4/10", "40%", "0.40", "0.5"]),
        "recall": rng.choice(["4/25", "0.16", "16%", "4/10", "0.4"]),
        "ap": rng.choice(["0.128", "23/180", "(1 + 1 + 3/4 + 4/9)/25", "0.1278", "0.13",
                          "0.6389"]),
    }
    answers["lstm_gates"] = {
        gate: text for gate, letter in (("forget_gate", "f"), ("input_gate", "i"),
                                        ("output_gate", "o"))
        if (text := _formula(LSTM_TEMPLATES, letter, rng)) is not None}
    answers["gan_losses"] = {
        name: text for name, pool in (("discriminator_loss", DISCRIMINATOR),
                                      ("generator_loss", GENERATOR))
        if (text := _formula(pool, "", rng)) is not None}
    for qid, sentences in ESSAY_SENTENCES.items():
        if rng.random() < 0.9:
            answers[qid] = "".join(rng.sample(sentences, rng.randint(1, len(sentences))))
    doc = {"assignment": "ch3",
           "student": {"id": f"2023{index:04d}", "name": rng.choice(NAMES)},
           "answers": answers}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)


def write_class(directory: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` submissions into `directory`; returns their paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(1, n + 1):
        path = out / f"student_{i:04d}.yaml"
        path.write_text(make_submission(rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_class(args.outdir, args.n, args.seed)
    print(f"wrote {len(paths)} submissions to {args.outdir}")


if __name__ == "__main__":
    main()
