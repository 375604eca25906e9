"""Exercise 3.2 for the three networks of 3.1, under every fair counting convention."""

from __future__ import annotations

import pytest

from grader.report import Verdict
from reference.engine import analyse
from reference.operations import additions, multiplications, operations
from tests.helpers import grade_text, item

# ResNet152 (torchvision): 11,513,626,624 MACs; 22,555,112 conv/FC outputs, of which only
# the 1,000 of fc have a bias; 22,554,112 BatchNorm elements; 13,146,112 residual additions.
R152 = operations("resnet152")


def test_operation_parts_of_resnet152() -> None:
    assert (R152.macs, R152.outputs, R152.biased_outputs, R152.bn_elements,
            R152.residual_additions) == (11_513_626_624, 22_555_112, 1000, 22_554_112,
                                         13_146_112)
    # The residual additions are the elements of every block's output: 3 + 8 + 36 + 3
    # bottleneck blocks of 256×56×56, 512×28×28, 1024×14×14, 2048×7×7.
    assert R152.residual_additions == (3 * 256 * 56 * 56 + 8 * 512 * 28 * 28
                                       + 36 * 1024 * 14 * 14 + 3 * 2048 * 7 * 7)


def _ops(network: str, mults: int | str | None = None, adds: int | str | None = None) -> str:
    fields = ", ".join(f"{k}: '{v}'" for k, v in (("mults", mults), ("adds", adds))
                       if v is not None)
    return f"assignment: ch3\nanswers:\n  forward_ops:\n    {network}: {{{fields}}}\n"


@pytest.mark.parametrize(
    ("network", "field", "value", "verdict", "keys"),
    [
        # the rubric's convention: k−1 additions per output plus its bias
        ("resnet152", "adds", additions(R152, "with_bias"), Verdict.CORRECT, []),
        ("resnet152", "mults", R152.macs, Verdict.CORRECT, []),
        ("vgg19", "mults", analyse("vgg19").totals.macs, Verdict.CORRECT, []),
        # k−1 per output, no bias additions: accepted, named
        ("resnet152", "adds", additions(R152, "accumulate_only"), Verdict.ACCEPTED_VARIANT,
         ["ops.adds_accumulate_only"]),
        ("vgg19", "adds", additions(operations("vgg19"), "accumulate_only"),
         Verdict.ACCEPTED_VARIANT, ["ops.adds_accumulate_only"]),
        # residual shortcuts' additions counted too
        ("resnet152", "adds", additions(R152, "with_bias", residual=True),
         Verdict.ACCEPTED_VARIANT, ["ops.plus_residual"]),
        # one addition per MAC and the residual additions
        ("resnet152", "adds", additions(R152, "macs", residual=True),
         Verdict.ACCEPTED_VARIANT, ["ops.adds_macs", "ops.plus_residual"]),
        # BatchNorm's scale counted as multiplications
        ("resnet152", "mults", multiplications(R152, bn=True), Verdict.ACCEPTED_VARIANT,
         ["ops.mults_with_bn"]),
        # FLOPs (two per MAC) given as multiplications: a mistake
        ("resnet152", "mults", 2 * R152.macs, Verdict.INCORRECT, ["counts.flops_counted"]),
        # Keras's ResNet152 (an accepted variant of the network)
        ("resnet152", "mults", analyse("resnet152_keras").totals.macs,
         Verdict.ACCEPTED_VARIANT, ["counts.variant"]),
    ],
)
def test_forward_ops_conventions(network: str, field: str, value: int, verdict: Verdict,
                                 keys: list[str]) -> None:
    answer = _ops(network, **{field: value})
    found = item(grade_text(answer), f"forward_ops.{network}.{field}")
    assert found.verdict is verdict
    assert [d.key for d in found.diagnoses if d.explains] == keys


def test_all_three_networks_are_asked() -> None:
    report = grade_text("assignment: ch3\nanswers: {}\n")
    paths = [i.path for q in report.questions if q.id == "forward_ops" for i in q.items]
    assert paths == [f"forward_ops.{n}.{f}" for n in ("alexnet", "vgg19", "resnet152")
                     for f in ("mults", "adds")]


@pytest.mark.parametrize(
    ("network", "value", "key"),
    [
        # thop / torchinfo: the MACs plus one operation per biased output (659,272 of them)
        ("alexnet", 724_406_816 + 659_272, "counts.tool_bias_ops"),
        # torchinfo also adds BatchNorm's parameters (ResNet152: 1,000 biased outputs and
        # 151,424 BatchNorm parameters)
        ("resnet152", R152.macs + 1000 + analyse("resnet152").totals.bn_params,
         "counts.tool_torchinfo"),
    ],
)
def test_a_profilers_figure_is_named(network: str, value: int, key: str) -> None:
    found = item(grade_text(_ops(network, mults=value)), f"forward_ops.{network}.mults")
    assert found.verdict is Verdict.PARTIAL
    assert [(d.code, d.key) for d in found.diagnoses] == [("tool_figure", key)]


_ROUNDED = ("rounding", "counts.rounding_of_alternative")  # the figure as printed, rounded


@pytest.mark.parametrize(
    ("network", "written", "diagnoses"),
    [
        # "Total mult-adds" as torchinfo printed it before 1.6 (published summaries): the
        # MACs plus each layer's weights once more for every module holding it
        ("vgg19", "19.78G", [("tool_figure", "counts.tool_torchinfo_early"), _ROUNDED]),
        ("resnet152", "11.63G", [("tool_figure", "counts.tool_torchinfo_early"), _ROUNDED]),
        # torchvision's AlexNet (an accepted variant) under that convention: 775.28M
        ("alexnet", "775.28M", [("variant", "counts.variant"),
                                ("tool_figure", "counts.tool_torchinfo_early"), _ROUNDED]),
    ],
)
def test_early_torchinfo_figures_are_named(network: str, written: str,
                                           diagnoses: list[tuple[str, str]]) -> None:
    found = item(grade_text(_ops(network, mults=written)), f"forward_ops.{network}.mults")
    assert found.verdict is Verdict.PARTIAL
    assert [(d.code, d.key) for d in found.diagnoses if d.explains] == diagnoses


@pytest.mark.parametrize(
    ("network", "value"),
    [
        # exact values behind the summaries torchinfo printed for torchvision's models
        ("alexnet_torchvision", 775_278_976),   # "Total mult-adds (M): 775.28"
        ("vgg19", 19_775_715_008),              # "Total mult-adds (G): 19.78"
        ("resnet152", 11_632_592_320),          # "Total mult-adds (G): 11.63"
    ],
)
def test_early_torchinfo_convention_values(network: str, value: int) -> None:
    from reference.alternatives import confusions

    found = {a.key: a.value for a in confusions(analyse(network), "macs")}
    assert found["torchinfo_early_mult_adds"] == value


_PTFLOPS = ("tool_figure", "counts.tool_ptflops")
_THOP = ("tool_figure", "counts.tool_thop")


@pytest.mark.parametrize(
    ("network", "written", "verdict", "diagnoses"),
    [
        # ptflops / mmcv (model-zoo tables): MACs + biases, 2 per BatchNorm element, ReLU
        # outputs and pooling inputs — VGG19 19.668G, ResNet152 11.581G
        ("vgg19", "19.67G", Verdict.PARTIAL, [_PTFLOPS, _ROUNDED]),
        ("resnet152", "11.58G", Verdict.PARTIAL, [_PTFLOPS, _ROUNDED]),
        # thop: MACs + one per biased convolution output, 2 per BatchNorm element and the
        # adaptive average pool (torchvision's AlexNet, an accepted variant: 714,691,904)
        ("resnet152", "11.56G", Verdict.PARTIAL, [_THOP, _ROUNDED]),
        ("alexnet", "714691904", Verdict.PARTIAL, [("variant", "counts.variant"), _THOP]),
        ("alexnet", "715561896", Verdict.PARTIAL, [("variant", "counts.variant"), _PTFLOPS]),
        # negative: the multiplications themselves stay right; a figure of no known
        # convention (counts_b.yaml's 11.60G) is explained by nothing
        ("vgg19", "19.63G", Verdict.CORRECT, [("rounding", "counts.rounding")]),
        ("resnet152", "11.60G", Verdict.INCORRECT, []),
    ],
)
def test_ptflops_and_thop_figures_are_named(network: str, written: str, verdict: Verdict,
                                            diagnoses: list[tuple[str, str]]) -> None:
    found = item(grade_text(_ops(network, mults=written)), f"forward_ops.{network}.mults")
    assert found.verdict is verdict
    assert [(d.code, d.key) for d in found.diagnoses if d.explains] == diagnoses


@pytest.mark.parametrize(
    ("network", "figures"),
    [
        # the figures the tools' own READMEs print: ptflops ResNet-50 "4.12 GMac",
        # thop ResNet-50 "4.11G", VGG-16 15.50 / 15.48
        ("resnet50", {"counts.tool_ptflops": 4_121_925_096, "counts.tool_thop": 4_111_514_624}),
        ("vgg16", {"counts.tool_ptflops": 15_503_498_216, "counts.tool_thop": 15_483_811_840}),
        # negative: networks torchvision does not ship have no profiler figure here
        ("alexnet", {}),
        ("resnet152_keras", {}),
    ],
)
def test_profiler_figure_values(network: str, figures: dict[str, int]) -> None:
    from grader.kinds.forward_ops import profiler_figures

    assert profiler_figures(network) == figures
