"""Errors a student causes by hand-editing YAML (issue 15): the real place, the offending
line with a caret, and how to fix it, in the report's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app

HEAD = "assignment: ch3\nanswers:\n"


@pytest.mark.parametrize(
    ("body", "where", "zh"),
    [
        # a Tab in the indentation (the parser blames "a character that cannot start a token")
        ("\tnetwork_counts: {}\n", ":3:1:", "不能用 Tab 缩进，请改用空格"),
        # a full-width colon after a key: blamed on the next line by the parser
        ("  network_counts：\n    alexnet: {neurons: 1}\n", ":3:17:", "全角符号“：”"),
        # a formula with backslashes in double quotes
        ('  lstm_gates:\n    forget_gate: "\\sigma(W_f[h_{t-1}, x_t] + b_f)"\n', ":4:18:",
         "含 `\\` 的公式请用单引号 '…' 括起"),
        # an unquoted formula holding a colon
        ("  lstm_gates:\n    forget_gate: f_t: \\sigma(x)\n", ":4:18:",
         "含 `:` 或 `\\` 的公式请用单引号 '…' 括起"),
        # an unquoted formula starting with [
        ("  lstm_gates:\n    forget_gate: [h_{t-1}, x_t] + b\n", ":4:18:",
         "以“[”开头的值在 YAML 里另有含义"),
    ],
)
def test_yaml_mistakes_are_explained_in_chinese(tmp_path: Path, runner: CliRunner, body: str,
                                                where: str, zh: str) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    message = result.output + result.stderr
    assert f"hw3.yaml{where}" in message and zh in message
    line = (HEAD + body).splitlines()[int(where.split(":")[1]) - 1].replace("\t", "→")
    column = int(where.split(":")[2])
    assert f"    {line}\n    {' ' * (column - 1)}^" in message   # the line, a caret under it
    for parser_words in ("cannot start any token", "could not find expected",
                         "mapping values", "unknown escape"):
        assert parser_words not in message


def test_the_same_mistake_in_english(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text(HEAD + "\tnetwork_counts: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "YAML indents with spaces only" in result.output + result.stderr


def test_a_number_split_by_commas_in_braces_is_explained(tmp_path: Path,
                                                         runner: CliRunner) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text(HEAD + "  network_counts:\n    alexnet: {neurons: 659,272, params: 1}\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"])
    assert result.exit_code == 1     # read, graded, and told what happened
    assert "4:28: 在 {…} 里逗号用来分隔条目，`659,272` 会被拆开" in result.output
    assert "unknown key" not in result.output and "未知的键" not in result.output
