"""Kind `layer_counts` and the cnn-basics rubric: engine-computed values, seeds 002–004."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.count_candidates import stack_candidates
from grader.errors import RubricError
from grader.kinds.layer_counts import (
    LayerCountsParams,
    expected_value,
    parse_shape,
)
from grader.report import Verdict
from grader.rubric import find_rubric, load_rubric
from tests.conftest import ANSWERS
from tests.helpers import codes, grade_file, grade_text, item

RUBRIC = find_rubric("cnn-basics")


def _expected(qid: str, name: str) -> int | tuple[int, ...]:
    params: LayerCountsParams = RUBRIC.question(qid).params  # type: ignore[assignment]
    spec = params.items[name]
    _, stack = params.stack_of(spec)
    return expected_value(stack.stats, spec.quantity, spec.layer)


@pytest.mark.parametrize(
    ("qid", "name", "value"),
    [
        ("conv_params", "params", 3 * 3 * 3 * 4 + 4),            # 112 with biases
        ("conv_params", "weights", 3 * 3 * 3 * 4),               # 108
        ("conv_params", "output_shape", (4, 64, 64)),            # padding 1 keeps 64×64
        ("inception_branch", "direct", 3 * 3 * 256 * 192),       # 442,368
        ("inception_branch", "reduced", 256 * 64 + 3 * 3 * 64 * 192),  # 126,976
        ("factorised_5x5", "five", 25),
        ("factorised_5x5", "two3x3", 18),
        ("bottleneck_5x5", "direct_mults", 28 * 28 * 32 * 5 * 5 * 192),   # 120,422,400
        ("bottleneck_5x5", "bottleneck_mults", 28 * 28 * 16 * 192 + 28 * 28 * 32 * 5 * 5 * 16),
        ("bottleneck_5x5", "direct_params", 5 * 5 * 192 * 32 + 32),
        ("bottleneck_5x5", "bottleneck_params", 192 * 16 + 16 + 5 * 5 * 16 * 32 + 32),
        ("bottleneck_5x5", "reduce_mults", 28 * 28 * 192 * 16),
        ("bottleneck_5x5", "conv_mults", 28 * 28 * 16 * 5 * 5 * 32),
        ("first_fc", "lenet", 16 * 5 * 5 * 120),                 # d2l LeNet
        ("first_fc", "alexnet", 256 * 5 * 5 * 4096),             # d2l AlexNet
        ("first_fc", "vgg", 512 * 7 * 7 * 4096),                 # VGG-16 fc6
        ("output_size", "same_5x5", 28),                         # (28 − 5 + 4)/1 + 1
        ("output_size", "alexnet_conv1", 55),                    # (227 − 11)/4 + 1
        ("output_size", "d2l_conv1", 54),                        # ⌊(224 − 11 + 2)/4⌋ + 1
        ("output_size", "pool_2x2", 112),
        ("vgg16_shapes", "pool3", (256, 28, 28)),
        ("vgg16_shapes", "flatten", 7 * 7 * 512),
        ("vgg16_shapes", "fc8", (1000,)),
        ("vgg16_weights", "conv3_1", 128 * 3 * 3 * 256),
        ("vgg16_weights", "fc7", 4096 * 4096),
        ("vgg16_activations", "input", 224 * 224 * 3),
        ("vgg16_activations", "conv1_1", 224 * 224 * 64),
        ("vgg16_activations", "pool2", 56 * 56 * 128),
        ("vgg16_activations", "fc8", 1000),
    ],
)
def test_expected_values_come_from_the_engine(qid: str, name: str,
                                              value: int | tuple[int, ...]) -> None:
    assert _expected(qid, name) == value


# (path, verdict, codes, score) for every answered item of the seeds.
SEED_002 = [
    # 3x3x3x4=108: the formula k·k·Cin·Cout leaves out the 4 biases
    ("conv_params.params", Verdict.PARTIAL, ["bias_omitted"], 0.5),
    ("inception_branch.direct", Verdict.CORRECT, [], 1),       # 3x3x256x192=442,368
    ("inception_branch.reduced", Verdict.CORRECT, [], 1),      # "126, 976"
    ("factorised_5x5.five", Verdict.CORRECT, [], 0.5),
    ("factorised_5x5.two3x3", Verdict.CORRECT, [], 0.5),
]
SEED_003 = [
    # the multiplications, called 参数量 (parameters)
    # The multiplications, right, given as "参数量": half credit in this question.
    ("bottleneck_5x5.direct_params", Verdict.PARTIAL, ["macs_not_params", "rounding"], 0.5),
    ("bottleneck_5x5.bottleneck_params", Verdict.PARTIAL, ["macs_not_params", "rounding"], 0.5),
    # 28×28×192×32 is not 2.4M (the 1×1 conv has 16 filters); 2.4M is its MACs
    # (optional items: no points, the verdict still says "half right")
    ("bottleneck_5x5.reduce_params", Verdict.PARTIAL,
     ["inconsistent_chain", "macs_not_params", "rounding"], 0),
    ("bottleneck_5x5.conv_params", Verdict.PARTIAL, ["macs_not_params", "rounding"], 0),
    ("vgg16_shapes.conv1_2", Verdict.CORRECT, [], 0.5),         # H×W×C order accepted
    ("vgg16_shapes.pool1", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.conv2_2", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.pool2", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.conv3_3", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.pool3", Verdict.PARTIAL, ["typo"], 0.25),    # 28×28×25: a 6 lost
    ("vgg16_shapes.conv4_3", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.pool4", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.conv5_3", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.pool5", Verdict.CORRECT, [], 0.5),
    ("vgg16_shapes.flatten", Verdict.CORRECT, [], 0.5),         # 7×7×512=25088
    ("vgg16_shapes.fc7", Verdict.CORRECT, [], 0.5),             # 1×1×4096
    ("vgg16_shapes.fc8", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.conv1_1", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.conv1_2", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.conv2_1", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.conv2_2", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.conv3_1", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.conv3_2", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.fc6", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.fc7", Verdict.CORRECT, [], 0.5),
    ("vgg16_weights.fc8", Verdict.CORRECT, [], 0.5),
    # 224×224×3=150k: 150,528 is not 150k at three figures, but within the 1% tolerance
    ("vgg16_activations.input", Verdict.CORRECT, ["rounding"], 0.5),
    # The exact working, then a rounded gloss that agrees with it: no note needed
    ("vgg16_activations.conv1_1", Verdict.CORRECT, [], 0.5),   # 3.2m (m = million)
    ("vgg16_activations.conv1_2", Verdict.CORRECT, [], 0.5),
    # 800k read at three figures (802,816 is not 800,000 ± 500): within the 1% tolerance
    ("vgg16_activations.pool1", Verdict.CORRECT, ["rounding"], 0.5),
    ("vgg16_activations.conv2_1", Verdict.CORRECT, [], 0.5),   # 1.6m
    ("vgg16_activations.conv2_2", Verdict.CORRECT, [], 0.5),
    ("vgg16_activations.pool2", Verdict.CORRECT, ["rounding"], 0.5),     # 400k, likewise
    # 112×112×128=800k: the size is right, the working is conv2's (its sides disagree)
    ("vgg16_activations.conv3_1", Verdict.CORRECT, ["rounding", "inconsistent_chain"], 0.5),
    ("vgg16_activations.conv3_2", Verdict.CORRECT, ["rounding", "inconsistent_chain"], 0.5),
    ("vgg16_activations.fc6", Verdict.CORRECT, [], 0.5),
    ("vgg16_activations.fc7", Verdict.CORRECT, [], 0.5),
    ("vgg16_activations.fc8", Verdict.CORRECT, [], 0.5),
]
SEED_004 = [
    ("first_fc.lenet", Verdict.CORRECT, [], 1),                  # 16x5x5x120=48k is exact
    ("first_fc.alexnet", Verdict.CORRECT, [], 1),      # exact working, then 26M: no note
    ("first_fc.vgg", Verdict.CORRECT, ["rounding"], 1),          # exact working, then 102M
]


@pytest.mark.parametrize(
    ("file", "rows", "score"),
    [("seed_002.yaml", SEED_002, 3.5), ("seed_003.yaml", SEED_003, 17.75),
     ("seed_004.yaml", SEED_004, 3)],
)
def test_seed_verdicts(file: str, rows: list[tuple[str, Verdict, list[str], float]],
                       score: float) -> None:
    report = grade_file(ANSWERS / file)
    answered = [it.path for it in report.items() if it.verdict is not Verdict.MISSING]
    assert answered == [path for path, *_ in rows]
    for path, verdict, diag_codes, points in rows:
        assert (item(report, path).verdict, codes(report, path), item(report, path).score) == (
            verdict, diag_codes, points), path
    assert report.score == score
    assert report.max_score == 31


def test_seed_003_macs_message_names_the_stack() -> None:
    report = grade_file(ANSWERS / "seed_003.yaml")
    diag = item(report, "bottleneck_5x5.conv_params").diagnoses[0]
    assert diag.message("en") == "equals the multiply-accumulates of conv5x5, not its parameters"
    assert diag.message("zh") == "这是 conv5x5 的乘加运算次数（MACs），不是参数数"


def test_seed_002_bias_message_counts_the_biases() -> None:
    diag = item(grade_file(ANSWERS / "seed_002.yaml"), "conv_params.params").diagnoses[0]
    assert diag.params["missing"] == 4


def test_optional_items_are_reported_only_when_given() -> None:
    report = grade_file(ANSWERS / "seed_002.yaml")
    paths = [it.path for it in report.items()]
    assert "conv_params.weights" not in paths
    assert "bottleneck_5x5.reduce_mults" not in paths
    assert "bottleneck_5x5.direct_mults" in paths               # required: reported missing


ANSWER = "assignment: cnn-basics\nanswers:\n  {qid}: {{{name}: {value}}}\n"


@pytest.mark.parametrize(
    ("qid", "name", "value", "verdict", "diag_codes"),
    [
        ("conv_params", "params", "112", Verdict.CORRECT, []),
        ("conv_params", "params", "3*3*3*4+4", Verdict.CORRECT, []),
        ("conv_params", "params", "3*3*3*4+4 = 114", Verdict.PARTIAL,        # slip + one digit
         ["arithmetic_slip", "typo"]),
        ("conv_params", "params", "121", Verdict.PARTIAL, ["typo"]),          # swapped digits
        ("conv_params", "params", "442368", Verdict.INCORRECT, ["macs_not_params"]),  # its MACs
        ("conv_params", "params", "500", Verdict.INCORRECT, ["unexplained"]),  # said plainly
        ("conv_params", "params", "'3.2 furlongs'", Verdict.UNPARSED, ["unparsed"]),
        ("conv_params", "output_shape", "'[4, 64, 64]'", Verdict.CORRECT, []),
        ("conv_params", "output_shape", "[4, 64, 64]", Verdict.CORRECT, []),  # a YAML list
        ("conv_params", "output_shape", "64×64×4", Verdict.CORRECT, []),      # H×W×C
        ("conv_params", "output_shape", "64×4×64", Verdict.INCORRECT, ["shape_order"]),
        ("conv_params", "output_shape", "16384", Verdict.INCORRECT, ["output_elements_not_shape"]),
        ("conv_params", "output_shape", "64×64", Verdict.INCORRECT, []),
        ("conv_params", "output_shape", "sixty-four", Verdict.UNPARSED, ["unparsed"]),
        ("bottleneck_5x5", "direct_mults", "153632", Verdict.PARTIAL, ["macs_not_params"]),
        ("bottleneck_5x5", "direct_mults", "120.4M", Verdict.CORRECT, ["rounding"]),
        ("bottleneck_5x5", "direct_mults", "1.2e8", Verdict.PARTIAL, ["rounding"]),  # 2 sig figs
        ("bottleneck_5x5", "direct_params", "153600", Verdict.PARTIAL, ["bias_omitted"]),
        ("vgg16_activations", "pool1", "800k", Verdict.CORRECT, ["rounding"]),  # within 1 %
        ("vgg16_activations", "pool1", "780k", Verdict.INCORRECT, ["unexplained"]),  # 2.8% off
        ("vgg16_activations", "pool1", "802816", Verdict.CORRECT, []),
        ("first_fc", "vgg", "102760448", Verdict.CORRECT, []),
        ("first_fc", "vgg", "512*7*7*4096 = 10M", Verdict.PARTIAL, ["arithmetic_slip"]),
    ],
)
def test_layer_count_answers(qid: str, name: str, value: str, verdict: Verdict,
                             diag_codes: list[str]) -> None:
    report = grade_text(ANSWER.format(qid=qid, name=name, value=value))
    path = f"{qid}.{name}"
    assert (item(report, path).verdict, codes(report, path)) == (verdict, diag_codes)


def test_copied_from_earlier_answer() -> None:
    report = grade_text("assignment: cnn-basics\nanswers:\n"
                        "  vgg16_weights: {conv1_2: 36864, conv2_1: 36864}\n")
    assert codes(report, "vgg16_weights.conv2_1") == ["copied_from"]
    assert item(report, "vgg16_weights.conv2_1").diagnoses[0].params == {
        "other": "vgg16_weights.conv1_2"}


_CONV = {"type": "conv", "name": "c", "out_channels": 4, "kernel": 3, "padding": 1}


@pytest.mark.parametrize(
    ("layers", "quantity", "layer", "alternatives"),
    [
        # conv 3→4, 3×3 on 8×8 (padding 1): weights 108, biases 4, params 112, neurons 256,
        # MACs 108·64 = 6,912. Counting mistakes of the layers first, then other quantities;
        # without its 3 input channels the filter has 3·3 weights: 36 + 4 biases = 40.
        ([_CONV], "params", None, [(108, "bias_omitted"), (40, "input_channels_omitted"),
                                   (6912, "macs_not_params"), (256, "quantity_swapped")]),
        # multiplications: without input channels (6,912 / 3), FLOPs (2 × 6,912), a
        # profiler's count (+1 per biased output: 6,912 + 256), the parameters, the weights
        ([_CONV], "macs", None, [(2304, "input_channels_omitted"), (13824, "flops_counted"),
                                 (7168, "tool_figure"), (112, "macs_not_params"),
                                 (108, "macs_not_params")]),
        ([_CONV], "weights", None, [(6912, "macs_not_params")]),
        # conv without bias, BatchNorm after it: γ/β 8, params 116; Keras's statistics 8 more
        ([{**_CONV, "bias": False}, {"type": "bn", "name": "bn"}],
         "params", None, [(108, "bn_omitted"), (124, "non_trainable_included"),
                          (44, "input_channels_omitted"), (6912, "macs_not_params"),
                          (256, "quantity_swapped")]),
        # neurons: input included (3·8·8 = 192), pooling included (4·4·4 = 64), the channel
        # sum, both first two mistakes at once (256 + 192 + 64), the parameters
        ([_CONV, {"type": "maxpool", "name": "p", "kernel": 2}],
         "neurons", None, [(256 + 192, "input_included"), (256 + 64, "pooling_included"),
                           (4, "channels_not_neurons"), (256 + 192 + 64, "input_included"),
                           (112, "quantity_swapped")]),
        # a single layer: no input_included
        ([_CONV], "neurons", "c", [(4, "channels_not_neurons"), (112, "quantity_swapped")]),
        ([_CONV], "output_elements", "c", []),
    ],
)
def test_stack_candidates(layers: list[dict[str, object]], quantity: str, layer: str | None,
                          alternatives: list[tuple[int, str]]) -> None:
    params = LayerCountsParams.model_validate(
        {"input": [3, 8, 8], "layers": layers, "items": {"x": {"quantity": "params"}}})
    stats = params.stacks["main"].stats
    found = stack_candidates(stats, quantity, layer, "s")
    assert [(c.value, c.diagnoses[0].code) for c in found] == alternatives


def test_concat_branch_and_container_counts() -> None:
    params = LayerCountsParams.model_validate({
        "input": [256, 28, 28],
        "layers": [{"type": "concat", "name": "inc", "branches": [
            [{"type": "conv", "name": "b1", "out_channels": 64, "kernel": 1}],
            [{"type": "conv", "name": "b2", "out_channels": 96, "kernel": 1},
             {"type": "conv", "name": "b3", "out_channels": 128, "kernel": 3, "padding": 1}],
        ]}],
        "items": {"x": {"quantity": "params", "layer": "inc"}}})
    stats = params.stacks["main"].stats
    assert expected_value(stats, "output_shape", "inc") == (192, 28, 28)
    assert expected_value(stats, "params", "inc") == (256 * 64 + 64 + 256 * 96 + 96
                                                      + 9 * 96 * 128 + 128)
    assert expected_value(stats, "weights", "inc.b2") == 256 * 96


@pytest.mark.parametrize(
    ("raw", "shape"),
    [
        ("[64, 224, 224]", (64, 224, 224)),
        ("224×224×64", (224, 224, 64)),
        ("224 x 224 x 64", (224, 224, 64)),
        ("(1, 1, 4096)", (1, 1, 4096)),
        ("7×7×512=25088", (7, 7, 512)),      # the product after = is ignored
        ([32, 28, 28], (32, 28, 28)),
        (4096, (4096,)),
        ("28×28×", (28, 28)),
        ("a×b", None),
        ("1" * 300, None),                   # too long
        ("1" * 12, None),                    # absurd dimension
        ([True, 2], None),
    ],
)
def test_parse_shape(raw: object, shape: tuple[int, ...] | None) -> None:
    assert parse_shape(raw) == shape


RUBRIC_HEAD = ("id: t\ntitle: {zh: t, en: t}\nquestions:\n  - id: q\n    kind: layer_counts\n"
               "    title: {zh: q, en: q}\n    params:\n")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("      input: [3, 8, 8]\n      layers: [{type: conv, out_channels: 4, kernel: 11}]\n"
         "      items: {p: {quantity: params}}\n", "kernel 11 along H is larger"),
        ("      input: [3, 8, 8]\n      layers: [{type: conv, out_channels: 4, kernel: 3}]\n"
         "      items: {p: {quantity: parms}}\n", "Input should be 'weights'"),
        ("      input: [3, 8, 8]\n      layers: [{type: conv, out_channels: 4, kernel: 3}]\n"
         "      items: {p: {quantity: params, layer: conv9}}\n", "did you mean 'conv1'?"),
        ("      network: vgg61\n      items: {p: {quantity: params}}\n", "unknown network"),
        ("      network: vgg16\n      input: [3, 8, 8]\n      items: {p: {quantity: params}}\n",
         "not both"),
        ("      input: [3, 8, 8]\n      items: {p: {quantity: params}}\n", "needs `input`"),
        ("      stacks:\n        a: {network: vgg16}\n        b: {network: vgg11}\n"
         "      items: {p: {quantity: params}}\n", "say which `stack`"),
        ("      stacks:\n        a: {network: vgg16}\n"
         "      items: {p: {quantity: params, stack: c}}\n", "unknown stack 'c'"),
        ("      network: vgg16\n      items: {p: {quantity: params, layer: input}}\n",
         "the input has no params"),
        ("      input: [3, 8, 8]\n      layers: [{type: conv2d, out_channels: 4, kernel: 3}]\n"
         "      items: {p: {quantity: params}}\n", "conv2d"),
        ("      input: [3, 8, 8]\n      layers: [{type: conv, name: a, out_channels: 4, "
         "kernel: 3}, {type: conv, name: a, out_channels: 4, kernel: 3}]\n"
         "      items: {p: {quantity: params}}\n", "repeated: a"),
        ("      network: vgg16\n      items: {}\n", "at least 1 item"),
    ],
)
def test_bad_layer_rubrics(tmp_path: Path, params: str, message: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(RUBRIC_HEAD + params, encoding="utf-8")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert message in exc.value.message
    assert exc.value.line is not None and exc.value.line >= 7
