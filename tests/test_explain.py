"""`grader explain`, `grader explain --list` and the generated docs/diagnoses.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.codes import CODES
from grader.explain import catalogue_markdown
from reference.alternatives import alternatives
from reference.engine import analyse

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "SPEC.md"


@pytest.mark.parametrize(
    ("lang", "first", "fix"),
    [
        ("en", "bias_omitted — the weights were counted, the biases left out",
         "  Every filter (output channel) and every fully connected unit has one bias: "
         "params = weights + biases."),
        ("zh", "bias_omitted — 只数了权重，漏掉了偏置",
         "  每个卷积核（输出通道）和每个全连接神经元各有一个偏置：参数 = 权重 + 偏置。"),
    ],
)
def test_explain_one_code(runner: CliRunner, lang: str, first: str, fix: str) -> None:
    result = runner.invoke(app, ["explain", "bias_omitted", "--lang", lang])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == first
    assert fix in lines
    assert "0.5" in lines[-1]  # the default credit


def test_explain_a_note_says_it_costs_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["explain", "notation", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == ("A note on how a right answer is written: it "
                                              "never costs points.")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_list_has_every_code(runner: CliRunner, lang: str) -> None:
    result = runner.invoke(app, ["explain", "--list", "--lang", lang])
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.splitlines()
              if line.startswith("  ")}
    assert listed == set(CODES)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "no diagnosis code 'bias_omited'; did you mean 'bias_omitted'?"),
        ("zh", "没有诊断代码 'bias_omited'"),
    ],
)
def test_explain_unknown_code(runner: CliRunner, lang: str, message: str) -> None:
    result = runner.invoke(app, ["explain", "bias_omited", "--lang", lang])
    assert result.exit_code == 2
    assert message in result.output


def test_docs_diagnoses_is_current() -> None:
    written = (ROOT / "docs" / "diagnoses.md").read_text(encoding="utf-8")
    assert written == catalogue_markdown(), "run python scripts/gen_docs.py"


def test_every_spec_code_has_a_row() -> None:
    if not SPEC.is_file():
        pytest.skip("the steering SPEC is not beside this checkout")
    section = SPEC.read_text(encoding="utf-8").split("## 4.", 1)[1].split("## 5.", 1)[0]
    named = set(re.findall(r"`([a-z_]+)`", section))
    assert named <= set(CODES)
    assert {c for c, row in CODES.items() if row.spec} <= named


def _n(value: int) -> str:
    return f"{value:,}"


@pytest.mark.parametrize(
    ("code", "network", "alternative"),
    [
        ("bias_omitted", "alexnet", "params_without_biases"),
        ("bn_omitted", "resnet152", "params_without_bn"),
        ("input_included", "alexnet", "neurons_with_input_224"),
        ("pooling_included", "vgg19", "neurons_with_pooling"),
        ("shortcut_excluded", "resnet152", "params_without_shortcuts"),
        ("channels_not_neurons", "vgg19", "channels_not_neurons"),
        ("non_trainable_included", "resnet152", "params_with_bn_statistics"),
    ],
)
def test_worked_examples_use_the_reference_values(code: str, network: str,
                                                  alternative: str) -> None:
    value = next(a.value for a in alternatives(network) if a.key == alternative)
    row = CODES[code]
    assert _n(value) in row.example.en and _n(value) in row.example.zh


@pytest.mark.parametrize(
    ("code", "network", "quantity"),
    [
        ("bias_omitted", "alexnet", "params"),      # the total the example corrects to
        ("other_network", "vgg16", "params"),       # VGG16's count under VGG19
        ("variant", "alexnet_torchvision", "params"),
        ("quantity_swapped", "alexnet", "neurons"),
        ("macs_not_params", "alexnet", "macs"),
    ],
)
def test_worked_examples_name_reference_totals(code: str, network: str, quantity: str) -> None:
    value = getattr(analyse(network).totals, quantity)
    assert _n(value) in CODES[code].example.en
