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
        # a key indented one space less than its siblings
        ("  network_counts:\n    alexnet:\n      neurons: 1\n     params: 2\n", ":6:6:",
         "这一行的缩进与上面的键对不上：同一层的键要左对齐，子项比上一级多缩进两个空格"),
        # a quote never closed
        ("  lstm_gates:\n    forget_gate: '\\sigma(x)\n", ":4:18:",
         "这里开始的引号没有闭合"),
        # the same key twice (the second would silently replace the first)
        ("  network_counts:\n    alexnet: {neurons: 1}\n    alexnet: {params: 2}\n", ":5:5:",
         "键 alexnet 在同一层出现了两次：只保留一个（把两段合并）"),
        # a value starting with a backquote
        ("  lstm_gates:\n    forget_gate: `f_t`\n", ":4:18:",
         "YAML 的值不能以这个字符开头：请用单引号 '…' 把答案括起"),
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


@pytest.mark.parametrize(
    ("raw", "where", "zh"),
    [
        # a file saved as GBK by a Chinese Windows editor
        ("assignment: ch3\nstudent: {name: 张三}\n".encode("gbk"), ":2:17:",
         "文件不是 UTF-8 编码（此处出现字节 0xd5；中文 Windows 上常见的是 GBK 编码）："
         "请用编辑器另存为 UTF-8"),
        # an empty file
        (b"", ": ", "文件是空的：请先运行 `grader template > answers.yaml` 生成模板，再填写答案"),
        # the top level is not keys
        (b"- ch3\n", ":1:1:", "作业文件的最外层应是顶格书写的几个键：assignment、student、answers"),
        # no assignment line
        (b"answers: {}\n", ":1:1:", "文件没有写明是哪次作业：请在开头加一行 `assignment: ch3`"),
        # an assignment id one letter off
        (b"assignment: ch33\n", ":1:13:", "没有名为 'ch33' 的作业；是否想写 ch3？"),
    ],
)
def test_file_level_mistakes_are_explained_in_chinese(tmp_path: Path, runner: CliRunner,
                                                      raw: bytes, where: str, zh: str) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_bytes(raw)
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    message = result.output + result.stderr
    assert f"hw3.yaml{where}" in message and zh in message


def test_a_byte_order_mark_is_fine(tmp_path: Path, runner: CliRunner) -> None:
    """Notepad's "UTF-8 with BOM": read as UTF-8, graded."""
    path = tmp_path / "hw3.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "  detection_metrics: {precision: 0.4}\n").encode())
    result = runner.invoke(app, ["check", str(path), "--lang", "zh", "--format", "json"])
    assert result.exit_code == 1  # graded: the other items are missing
    assert '"path": "detection_metrics.precision"' in result.output


@pytest.mark.parametrize(
    ("body", "where", "zh"),
    [
        # the student written as plain text instead of id and name
        ("student: 王小明 2023012\nanswers:\n  detection_metrics: {precision: 0.4}\n", "2:10",
         "student 下面应是若干个键（id, name），每个占一行并多缩进两个空格，"
         "或写成 {id: …, name: …}"),
        # a list where one question's keys belong
        ("answers:\n  network_counts: [1, 2]\n  detection_metrics: {precision: 0.4}\n", "3:19",
         "answers.network_counts 下面应是若干个键（alexnet, vgg19, resnet152）"),
        # keys under a value
        ("answers:\n  detection_metrics:\n    precision: {value: 0.4}\n    recall: 4/25\n",
         "4:16", "answers.detection_metrics.precision 应是单个值（文字或数字），"
         "不能是列表，也不能在下面再写键"),
    ],
)
def test_values_of_the_wrong_shape_are_set_aside(tmp_path: Path, runner: CliRunner, body: str,
                                                 where: str, zh: str) -> None:
    """Reported where they are, in Chinese, while everything else is graded (exit 1)."""
    path = tmp_path / "hw3.yaml"
    path.write_text("assignment: ch3\n" + body, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"])
    assert result.exit_code == 1
    assert "未评分的内容（作业中没有的键，或格式不对的值）：" in result.output
    assert f"{where}: {zh}" in result.output
    assert "Input should be" not in result.output and "_StudentModel" not in result.output
    assert "总分：2 / 69" in result.output   # the rest was graded


@pytest.mark.parametrize(
    ("body", "reported"),
    [
        # a formula starting with # is a comment to YAML: the answer is silently empty
        ("  lstm_gates:\n    forget_gate: # \\sigma(W_f x_t + b_f)\n",
         "4:18: answers.lstm_gates.forget_gate 的答案以 # 开头，YAML 把它当成了注释"),
        ("  network_counts:\n    alexnet: {neurons: 1}\n    vgg19:\n      params:   # 约1.4亿\n",
         "6:17: answers.network_counts.vgg19.params 的答案以 # 开头"),
    ],
)
def test_an_answer_written_as_a_comment_is_pointed_out(tmp_path: Path, runner: CliRunner,
                                                       body: str, reported: str) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"])
    assert result.exit_code == 1
    assert reported in result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_templates_own_comments_are_not_answers(tmp_path: Path, runner: CliRunner,
                                                    lang: str) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text(runner.invoke(app, ["template", "--lang", lang]).output, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--lang", "zh"])
    assert "未评分的内容" not in result.output
