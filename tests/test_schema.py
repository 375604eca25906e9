"""`grader schema` and `grader template` speak the student's language, and the schema agrees
with the grader (issue 15): checked with a real JSON Schema validator."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app
from grader.rubric import find_rubric
from grader.schema import DIALECT, submission_schema
from tests.helpers import grade_text

ANSWERS = Path(__file__).resolve().parent.parent / "answers"
CJK = re.compile(r"[\u3400-\u9fff]")


def _validator(rubric: str = "ch3", lang: str = "zh") -> jsonschema.Draft202012Validator:
    schema = submission_schema(find_rubric(rubric), lang)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("rubric", ["ch3", "cnn-basics"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_schema_is_a_valid_2020_12_schema(rubric: str, lang: str) -> None:
    schema = submission_schema(find_rubric(rubric), lang)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["$id"] == f"urn:grader:submission:{rubric}:{lang}"
    text = json.dumps(schema, ensure_ascii=False)
    assert "anyOf" not in text and "$ref" not in text and "x-note" not in text
    assert schema["properties"]["assignment"] == {
        "const": rubric, "description": schema["properties"]["assignment"]["description"]}


def test_descriptions_are_in_the_students_language() -> None:
    descriptions: dict[str, list[str]] = {}
    for lang in ("zh", "en"):
        text = json.dumps(submission_schema(find_rubric("ch3"), lang))  # type: ignore[arg-type]
        descriptions[lang] = re.findall(r'"description": "((?:[^"\\]|\\.)*)"',
                                        json.loads(json.dumps(text)))
    assert descriptions["zh"] and all(CJK.search(json.loads(f'"{d}"'))
                                      for d in descriptions["zh"])
    assert not any(CJK.search(json.loads(f'"{d}"')) for d in descriptions["en"])


@pytest.mark.parametrize("name", sorted(p.name for p in ANSWERS.glob("*.yaml")))
def test_every_shipped_answer_file_agrees_with_the_grader(name: str) -> None:
    """Valid for the schema exactly when the grader has nothing to set aside."""
    text = (ANSWERS / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if data.get("assignment") != "ch3":
        pytest.skip("another assignment")
    errors = list(_validator().iter_errors(data))
    report = grade_text(text)
    assert (not errors) == (not report.unknown_fields), [e.message for e in errors]


@pytest.mark.parametrize(
    ("answers", "valid"),
    [
        # blank fields, as the template leaves them
        ("  network_counts:\n    alexnet: {neurons: , params: }\n", True),
        # numbers the way YAML reads them unquoted, and text
        ("  network_counts:\n    alexnet: {neurons: 659272, params: '60,965,224'}\n", True),
        ("  detection_metrics: {precision: 0.4, recall: 4/25, ap: true}\n", True),
        # a breakdown with the network's own layer names (and an accepted variant's)
        ("  network_counts:\n    alexnet:\n      layers: {conv1: {params: 34944}}\n", True),
        # a misspelled question, network, field or layer
        ("  netwrok_counts: {}\n", False),
        ("  network_counts:\n    vgg91: {params: 1}\n", False),
        ("  network_counts:\n    alexnet: {parms: 1}\n", False),
        ("  network_counts:\n    alexnet:\n      layers: {conv9: {params: 1}}\n", False),
        # a list where one value belongs, keys where a question's answer belongs
        ("  network_counts:\n    alexnet: {params: [1, 2]}\n", False),
        ("  network_counts: [1, 2]\n", False),
    ],
)
def test_schema_and_grader_agree(answers: str, valid: bool) -> None:
    text = "assignment: ch3\nstudent: {id: 2023001, name: 张三}\nanswers:\n" + answers
    errors = list(_validator().iter_errors(yaml.safe_load(text)))
    assert (not errors) is valid, [e.message for e in errors]
    report = grade_text(text)
    assert _objections(report) == (not valid)
    assert report.student.id == "2023001"    # an unquoted numeric id, accepted by both


def _objections(report: Any) -> bool:
    """Whether the grader set something aside or named a layer the network does not have."""
    return bool(report.unknown_fields) or any(
        d.key == "counts.unknown_layer" for i in report.items() for d in i.diagnoses)


def test_an_unknown_assignment_or_a_plain_text_student_is_invalid() -> None:
    validator = _validator()
    assert list(validator.iter_errors({"assignment": "ch4", "answers": {}}))
    assert list(validator.iter_errors({"assignment": "ch3", "student": "王小明 2023012"}))


def test_the_filled_template_is_valid() -> None:
    """`grader template` with its blanks filled validates; the blank template too."""
    runner = CliRunner()
    blank = runner.invoke(app, ["template", "--lang", "zh"]).output
    validator = _validator()
    assert not list(validator.iter_errors(yaml.safe_load(blank)))
    filled = blank.replace("neurons:", "neurons: 659272", 1).replace(
        'student: {id: "", name: ""}', "student: {id: 2023001, name: 张三}")
    data: dict[str, Any] = yaml.safe_load(filled)
    assert data["answers"]["network_counts"]["alexnet"]["neurons"] == 659272
    assert not list(validator.iter_errors(data))


@pytest.mark.parametrize("rubric", ["ch3", "cnn-basics"])
def test_the_chinese_template_has_no_english_comment(rubric: str) -> None:
    """Every comment of `grader template --lang zh` is in Chinese (code and names aside)."""
    text = CliRunner().invoke(app, ["template", "--rubric", rubric, "--lang", "zh"]).output
    comments = [line.rsplit("# ", 1)[1] for line in text.splitlines() if "# " in line]
    assert comments
    english = [c for c in comments if not CJK.search(c)]
    assert english == []


def test_schema_command_takes_the_language() -> None:
    runner = CliRunner()
    zh = json.loads(runner.invoke(app, ["schema", "--lang", "zh"]).output)
    en = json.loads(runner.invoke(app, ["schema", "--lang", "en"]).output)
    assert zh["$id"].endswith(":zh") and en["$id"].endswith(":en")
    assert zh["properties"]["answers"]["properties"]["network_counts"]["description"] == \
        "3.1 神经元数目与可训练参数数目"
    assert en["properties"]["answers"]["properties"]["network_counts"]["description"] == \
        "3.1 Neurons and trainable parameters"


def test_every_reference_formula_says_what_it_is() -> None:
    from grader.kinds.formulas import _WHAT
    from reference.formulas import REFERENCES

    assert set(_WHAT) == set(REFERENCES)
