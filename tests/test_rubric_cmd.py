"""`grader rubric validate` and `grader rubric test`: located errors, self-test tables, exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.report import Verdict
from grader.rubric import load_rubric
from grader.rubric_test import example_models, run_examples
from grader.yamlsafe import load_yaml_file
from tests.conftest import RUBRICS

HEAD = """id: mini
title: {zh: 小测, en: Mini}
questions:
  - id: conv
    kind: layer_counts
    title: {zh: 卷积, en: Conv}
    params:
      input: [3, 8, 8]
      layers: [{type: conv, name: c, out_channels: 4, kernel: 3, padding: 1}]
      items:
        params: {quantity: params}
"""


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("file", "output"),
    [
        (str(RUBRICS / "ch3.yaml"), "ok: ch3, 15 questions\n"),
        (str(RUBRICS / "cnn-basics.yaml"), "ok: cnn-basics, 9 questions\n"),
        ("ch3", "ok: ch3, 15 questions\n"),                  # a shipped id
    ],
)
def test_validate_ok(runner: CliRunner, file: str, output: str) -> None:
    result = runner.invoke(app, ["rubric", "validate", file])
    assert (result.exit_code, result.output) == (0, output)


BAD = [
    # a layer that does not fit its input: located at the question's params
    (HEAD.replace("kernel: 3", "kernel: 11"), ":8:7:", "kernel 11 along H is larger"),
    # an unknown quantity, located at the value
    (HEAD.replace("quantity: params", "quantity: parms"), ":11:28:", "Input should be"),
    # an unknown kind with a suggestion
    (HEAD.replace("kind: layer_counts", "kind: layer_count"), ":5:11:",
     "did you mean 'layer_counts'?"),
    # an example answering an unknown field
    (HEAD + "examples:\n  - name: e\n    answers: {conv: {parms: 1}}\n"
            "    expect: {conv.params: {verdict: missing}}\n", ":14:22:",
     "example 'e': unknown field 'parms' in answers.conv; did you mean 'params'?"),
    # an expectation with a misspelt key
    (HEAD + "examples:\n  - name: e\n    answers: {}\n    expect: {conv.params: {verdit: x}}\n",
     ":15:", "unknown field 'verdit'"),
    # an unknown verdict
    (HEAD + "examples:\n  - name: e\n    answers: {}\n"
            "    expect: {conv.params: {verdict: right}}\n", ":15:", "verdict"),
    # two examples with one name
    (HEAD + "examples:\n  - {name: e, answers: {}, expect: {conv.params: {verdict: missing}}}\n"
            "  - {name: e, answers: {}, expect: {conv.params: {verdict: missing}}}\n",
     ":14:12:", "example name 'e' appears twice"),
    # not YAML at all
    ("id: [unclosed\n", ":", ""),
]


@pytest.mark.parametrize(("text", "where", "message"), BAD)
def test_validate_errors(runner: CliRunner, tmp_path: Path, text: str, where: str,
                         message: str) -> None:
    path = _write(tmp_path, text)
    result = runner.invoke(app, ["rubric", "validate", path])
    assert result.exit_code == 2
    assert f"{path}{where}" in result.output
    assert message in " ".join(result.output.split())


def test_validate_missing_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rubric", "validate", "no/such/rubric.yaml"])
    assert result.exit_code == 2
    assert "no/such/rubric.yaml" in result.output


PASSING = HEAD + """examples:
  - name: right
    answers: {conv: {params: 112}}
    expect: {conv.params: {verdict: correct, codes: [], score: 1}}
  - name: weights only
    answers: {conv: {params: 108}}
    expect: {conv.params: {verdict: partial, codes: [bias_omitted]}}
"""
FAILING = HEAD + """examples:
  - name: wrong expectation
    answers: {conv: {params: 108}}
    expect:
      conv.params: {verdict: correct}
      conv.parms: {verdict: missing}
"""


@pytest.mark.parametrize(
    ("text", "exit_code", "lines"),
    [
        (PASSING, 0, ["right", "conv.params", "correct [] 1 pts", "pass", "weights only",
                      "partial [bias_omitted]", "2/2 checks passed"]),
        (FAILING, 1, ["wrong expectation", "correct", "partial", "FAIL",
                      "no such item; did you mean 'conv.params'?", "0/2 checks passed"]),
        (HEAD, 0, ["mini", "no examples", "0/0 checks passed"]),
    ],
)
def test_rubric_test_command(runner: CliRunner, tmp_path: Path, text: str, exit_code: int,
                             lines: list[str]) -> None:
    result = runner.invoke(app, ["rubric", "test", _write(tmp_path, text)])
    assert result.exit_code == exit_code, result.output
    flat = " ".join(result.output.split())
    for expected in lines:
        assert expected in flat, (expected, result.output)


def test_rubric_test_defaults_to_every_shipped_rubric(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rubric", "test"])
    assert result.exit_code == 0, result.output
    assert "ch3 (" in result.output and "cnn-basics (" in result.output
    assert "FAIL" not in result.output
    assert result.output.rstrip().endswith("checks passed")


def test_rubric_test_unreadable_rubric(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["rubric", "test", _write(tmp_path, "id: [unclosed\n")])
    assert result.exit_code == 2


@pytest.mark.parametrize("name", ["ch3", "cnn-basics"])
def test_shipped_examples_all_pass(name: str) -> None:
    path = RUBRICS / f"{name}.yaml"
    doc = load_yaml_file(path)
    results = run_examples(load_rubric(path), doc)
    failed = [r for r in results if not r.passed]
    assert not failed
    assert len(results) >= 15


def test_ch3_examples_cover_the_required_diagnoses() -> None:
    rubric = load_rubric(RUBRICS / "ch3.yaml")
    examples = example_models(rubric)
    wanted = {code for ex in examples for exp in ex.expect.values() for code in exp.codes or []}
    assert {"bias_omitted", "input_included", "channels_not_neurons", "copied_from",
            "other_network", "recall_denominator", "concepts_missing"} <= wanted
    verdicts = {exp.verdict for ex in examples for exp in ex.expect.values()}
    assert Verdict.CORRECT in verdicts and Verdict.NEEDS_REVIEW in verdicts


def test_cnn_basics_examples_cover_its_diagnoses() -> None:
    examples = example_models(load_rubric(RUBRICS / "cnn-basics.yaml"))
    wanted = {code for ex in examples for exp in ex.expect.values() for code in exp.codes or []}
    assert {"bias_omitted", "macs_not_params", "arithmetic_slip", "typo", "rounding",
            "copied_from", "unparsed"} <= wanted


def test_docs_worked_example_passes(runner: CliRunner, tmp_path: Path) -> None:
    docs = (RUBRICS.parent / "docs" / "rubrics.md").read_text(encoding="utf-8")
    start = docs.index("```yaml\nid: conv-demo") + len("```yaml\n")
    path = tmp_path / "conv-demo.yaml"
    path.write_text(docs[start:docs.index("```", start)], encoding="utf-8")
    assert runner.invoke(app, ["rubric", "validate", str(path)]).output == (
        "ok: conv-demo, 2 questions\n")
    result = runner.invoke(app, ["rubric", "test", str(path)])
    assert result.exit_code == 0
    assert "4/4 checks passed" in result.output
