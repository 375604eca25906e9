"""`grader assign` and `grader template --student` (issue 17): each student's sheet states
their own parameters, the TA gets parameters.csv, the roster is untrusted."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from typer.testing import CliRunner

from grader.cli import app
from grader.rubric import find_rubric
from grader.variants import parameters_for

RUBRIC = find_rubric("ch3-variants")


def _roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def test_one_sheet_per_student_and_parameters_csv(runner: CliRunner, tmp_path: Path) -> None:
    roster = _roster(tmp_path, "id,name\n2023001,张三\n2023002,=HYPERLINK(1)\n../x,<b>李</b>\n")
    out = tmp_path / "sheets"
    result = runner.invoke(app, ["assign", str(roster), "--rubric", "ch3-variants",
                                 "--out", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "2023001.html", "2023001.md", "2023002.html", "2023002.md", "parameters.csv",
        "x.html", "x.md"]
    rows = list(csv.DictReader(io.StringIO(
        (out / "parameters.csv").read_text(encoding="utf-8-sig"))))
    assert RUBRIC.parameters is not None
    for row in rows:
        sid = row["id"].lstrip("'")
        assert {k: row[k] for k in ("input_size", "classes", "threshold")} == {
            k: str(v) for k, v in parameters_for(RUBRIC.parameters, sid).items()}
    assert rows[1]["name"] == "'=HYPERLINK(1)"        # never a spreadsheet formula
    values = parameters_for(RUBRIC.parameters, "2023001")
    sheet = (out / "2023001.md").read_text(encoding="utf-8")
    assert f"- 网络输入尺寸: 3×{values['input_size']}×{values['input_size']}" in sheet
    assert f"- 表 3.7 的置信度阈值: {values['threshold']}" in sheet
    # the parameters inside the questions that use them
    assert (f"- 3.1 神经元数目与可训练参数数目 — **网络输入尺寸 3×{values['input_size']}×"
            f"{values['input_size']}；类别数 {values['classes']}**") in sheet
    assert "- 3.7 LSTM 三个门的计算公式\n" in sheet       # no parameter: as it is
    page = (out / "x.html").read_text(encoding="utf-8")
    assert "<b>李</b>" not in page and "&lt;b&gt;李&lt;/b&gt;" in page


def test_a_bad_roster_is_refused_saying_where(runner: CliRunner, tmp_path: Path) -> None:
    roster = _roster(tmp_path, "id,name\n2023001,张三\n2023001,李四\n")
    result = runner.invoke(app, ["assign", str(roster), "--out", str(tmp_path / "o"),
                                 "--lang", "zh"])
    assert result.exit_code == 2
    assert "第 3 行：学号为空或重复" in result.output


def test_a_rubric_without_parameters_has_no_personal_sheets(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    roster = _roster(tmp_path, "id,name\n2023001,张三\n")
    result = runner.invoke(app, ["assign", str(roster), "--rubric", "ch3", "--out",
                                 str(tmp_path / "o"), "--lang", "en"])
    assert result.exit_code == 2 and "has no per-student parameters" in result.output


def test_the_template_shows_a_students_parameters(runner: CliRunner) -> None:
    result = runner.invoke(app, ["template", "--rubric", "ch3-variants", "--student",
                                 "2023001", "--lang", "en"])
    assert result.exit_code == 0
    assert RUBRIC.parameters is not None
    v = parameters_for(RUBRIC.parameters, "2023001")
    assert (f"# Your parameters (2023001): network input size: 3×{v['input_size']}×"
            f"{v['input_size']}; number of classes: {v['classes']}; confidence threshold of "
            f"Table 3.7: {v['threshold']}.") in result.output
    data = yaml.safe_load(result.output)
    assert data["student"]["id"] == "2023001" and data["assignment"] == "ch3-variants"


def test_the_template_without_an_id_says_how_to_get_yours(runner: CliRunner) -> None:
    result = runner.invoke(app, ["template", "--rubric", "ch3-variants", "--lang", "zh"])
    assert "grader template --rubric ch3-variants --student 你的学号" in result.output


import pytest  # noqa: E402


@pytest.mark.parametrize(("data", "name"), [
    # UTF-8 with the BOM Excel writes for "CSV UTF-8"
    (b"\xef\xbb\xbfid,name\n2023001,\xe5\xbc\xa0\xe4\xb8\x89\n", "张三"),
    # plain UTF-8, as written by a script
    ("id,name\n2023001,张三\n".encode(), "张三"),
    # GBK: what "CSV" means in Excel on a Chinese Windows
    ("id,name\r\n2023001,张三\r\n".encode("gbk"), "张三"),
])
def test_a_roster_is_read_in_the_encodings_tas_save(tmp_path: Path, data: bytes,
                                                   name: str) -> None:
    from grader.assign import read_roster

    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    students = read_roster(path)
    assert [(s.id, s.name) for s in students] == [("2023001", name)]
