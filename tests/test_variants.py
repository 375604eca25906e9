"""Per-student variants (issue 17): the draw, the rubric made a student's, grading against
their own numbers, and the textbook values named `default_variant`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app
from grader.rubric import find_rubric
from grader.variants import draw, parameters_for
from reference.engine import analyse
from reference.variants import variant_stats
from tests.helpers import grade_text, item

RUBRIC = find_rubric("ch3-variants")


@pytest.mark.parametrize(("seed", "student", "name", "n"), [
    ("aics-ch3-2026", "2023001", "input_size", 4),
    ("aics-ch3-2026", "2023001", "classes", 3),
    ("another-year", "张三-01", "threshold", 3),
])
def test_the_draw_is_the_documented_function(seed: str, student: str, name: str,
                                             n: int) -> None:
    """First 8 bytes of SHA-256(seed NUL id NUL name), big-endian, modulo the choices."""
    digest = hashlib.sha256(f"{seed}\x00{student}\x00{name}".encode()).digest()
    assert draw(seed, student, name, n) == int.from_bytes(digest[:8], "big") % n


def test_every_student_gets_values_from_the_choices_and_they_spread() -> None:
    assert RUBRIC.parameters is not None
    seen = {p.name: set() for p in RUBRIC.parameters.vary}  # type: ignore[var-annotated]
    for k in range(200):
        values = parameters_for(RUBRIC.parameters, f"2023{k:04d}")
        for p in RUBRIC.parameters.vary:
            assert values[p.name] in p.choices
            seen[p.name].add(values[p.name])
    assert all(len(seen[p.name]) == len(p.choices) for p in RUBRIC.parameters.vary)


def _sheet(student: str) -> tuple[int, int, str]:
    assert RUBRIC.parameters is not None
    v = parameters_for(RUBRIC.parameters, student)
    return int(v["input_size"]), int(v["classes"]), str(v["threshold"])


def _submission(student: str, answers: dict[str, object]) -> str:
    return yaml.safe_dump({"assignment": "ch3-variants",
                           "student": {"id": student, "name": "王小明"}, "answers": answers},
                          allow_unicode=True)


def test_a_student_is_graded_against_their_own_numbers() -> None:
    student = "2023001"
    side, classes, _ = _sheet(student)
    own = variant_stats("vgg19", (3, side, side), classes).totals
    report = grade_text(_submission(student, {"network_counts": {
        "vgg19": {"params": own.params, "neurons": own.neurons}}}))
    assert item(report, "network_counts.vgg19.params").verdict.value == "correct"
    assert item(report, "network_counts.vgg19.neurons").verdict.value == "correct"


def test_the_textbook_value_is_default_variant() -> None:
    student = "2023001"
    side, classes, threshold = _sheet(student)
    assert (side, classes) != (224, 1000)
    report = grade_text(_submission(student, {
        "network_counts": {"vgg19": {"params": analyse("vgg19").totals.params}},
        "detection_metrics": {"precision": "2/5"}}))
    found = item(report, "network_counts.vgg19.params")
    assert found.verdict.value == "incorrect"
    assert [d.code for d in found.diagnoses if d.explains] == ["default_variant"]
    if threshold != "0.3":
        precision = item(report, "detection_metrics.precision")
        assert "default_variant" in [d.code for d in precision.diagnoses]


def test_a_personal_assignment_needs_the_student_id(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "hw3.yaml"
    path.write_text("assignment: ch3-variants\nanswers: {detection_metrics: {precision: 0.4}}\n",
                    encoding="utf-8")
    for lang, said in (("zh", "本次作业每位同学的数据各不相同，需要写明学号才能评分"),
                       ("en", "this assignment gives every student their own numbers")):
        result = runner.invoke(app, ["check", str(path), "--lang", lang])
        assert result.exit_code == 2 and said in result.output


def test_the_textbook_rubric_is_unchanged() -> None:
    """ch3 declares no parameters: the same file grades the same with or without an id."""
    text = yaml.safe_dump({"assignment": "ch3", "answers": {
        "network_counts": {"vgg19": {"params": analyse("vgg19").totals.params}}}})
    assert item(grade_text(text), "network_counts.vgg19.params").verdict.value == "correct"


def test_another_students_numbers_are_shown_to_the_ta_only(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    """A copies B's VGG19 count: right for B's parameters, wrong for A's."""
    import json

    a, b = "2023001", "2023003"
    (sa, ca, _), (sb, cb, _) = _sheet(a), _sheet(b)
    theirs = variant_stats("vgg19", (3, sb, sb), cb).totals.params
    assert theirs != variant_stats("vgg19", (3, sa, sa), ca).totals.params
    root = tmp_path / "class"
    root.mkdir()
    (root / "a.yaml").write_text(_submission(a, {"network_counts": {"vgg19": {
        "params": theirs}}}), encoding="utf-8")
    (root / "b.yaml").write_text(_submission(b, {"network_counts": {"vgg19": {
        "params": theirs}}}), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["other_students_variant"] == [
        {"file": "a.yaml", "student_id": a, "item": "network_counts.vgg19.params",
         "equals": b}]
    student_report = (out / "reports" / f"{a}.md").read_text(encoding="utf-8")
    assert "与你的参数不符" in student_report and b not in student_report
    assert "other_students_variant" not in student_report    # the code itself is TA-only
    codes = [d["code"] for q in json.loads((out / "reports" / f"{a}.json").read_text(
        encoding="utf-8"))["questions"] for i in q["items"] for d in i["diagnoses"]]
    assert "other_students_variant" in codes     # the TA's JSON names the code, not B
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "与另一位同学参数下答案完全一致的作答" in page


_LAYER_RUBRIC = """id: conv-variants
title: {zh: 卷积参数（个人版）, en: Convolution parameters (personal)}
lang: en
parameters:
  seed: s1
  vary:
    - {name: filters, kind: layer_field, choices: [4, 8, 16],
       target: {question: conv_params, layer: conv, field: out_channels}}
questions:
  - id: conv_params
    kind: layer_counts
    title: {zh: 卷积参数量, en: Parameters of a convolution}
    params:
      input: [3, 32, 32]
      layers:
        - {type: conv, name: conv, out_channels: 4, kernel: 3, padding: 1}
      items:
        params: {quantity: params}
"""


def test_a_layer_field_varies_per_student(runner: CliRunner, tmp_path: Path) -> None:
    rubric_path = tmp_path / "conv.yaml"
    rubric_path.write_text(_LAYER_RUBRIC, encoding="utf-8")
    rubric = find_rubric(str(rubric_path))
    assert rubric.parameters is not None
    for sid in ("a1", "b2", "c3", "d4"):
        filters = int(parameters_for(rubric.parameters, sid)["filters"])
        path = tmp_path / f"{sid}.yaml"
        path.write_text(yaml.safe_dump({"assignment": "conv-variants",
                                        "student": {"id": sid},
                                        "answers": {"conv_params": {
                                            "params": 3 * 3 * 3 * filters + filters}}}),
                        encoding="utf-8")
        result = runner.invoke(app, ["check", str(path), "--rubric", str(rubric_path)])
        assert result.exit_code == 0, result.output


def test_a_layer_field_must_name_a_real_layer(tmp_path: Path) -> None:
    from grader.errors import RubricError

    path = tmp_path / "bad.yaml"
    path.write_text(_LAYER_RUBRIC.replace("layer: conv, field", "layer: conv9, field"),
                    encoding="utf-8")
    with pytest.raises(RubricError, match="no layer 'conv9' in stack 'main'"):
        find_rubric(str(path))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="0123456789abcdefXYZ-_", min_size=1, max_size=12),
       st.sampled_from(["alexnet", "vgg19", "resnet152"]))
def test_for_every_draw_right_is_right_and_a_slip_is_named(student: str, network: str) -> None:
    """Whatever the draw: the student's own count is correct, their weights alone are
    bias_omitted, their input counted as neurons is input_included."""
    side, classes, _ = _sheet(student)
    own = variant_stats(network, (3, side, side), classes).totals
    report = grade_text(_submission(student, {"network_counts": {network: {
        "params": own.weights, "neurons": own.neurons + 3 * side * side}}}))
    named = [d.code for d in item(report, f"network_counts.{network}.params").diagnoses
             if d.explains]
    # ResNet's weights alone also leave out BatchNorm's γ and β: both named
    assert named == (["bias_omitted", "bn_omitted"] if network == "resnet152"
                     else ["bias_omitted"])
    assert "input_included" in [d.code for d in item(
        report, f"network_counts.{network}.neurons").diagnoses]
    right = grade_text(_submission(student, {"network_counts": {network: {
        "params": own.params, "neurons": own.neurons}}}))
    assert item(right, f"network_counts.{network}.params").verdict.value == "correct"
    assert item(right, f"network_counts.{network}.neurons").verdict.value == "correct"


def test_two_students_get_different_numbers() -> None:
    a, b = _sheet("2023001"), _sheet("2023003")
    assert a != b
    assert variant_stats("alexnet", (3, a[0], a[0]), a[1]).totals != \
        variant_stats("alexnet", (3, b[0], b[0]), b[1]).totals


_CH3_VARIANTS = (Path(__file__).parent.parent / "rubrics" / "ch3-variants.yaml").read_text(
    encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "match"), [
    # a threshold below the table's own: the rows under 0.3 were never transcribed
    ('choices: ["0.3", "0.4", "0.5"]', 'choices: ["0.2", "0.4"]',
     r"choice 0.2 is below question 'detection_metrics''s threshold 0.3"),
    # a threshold that is not a number from 0 to 1
    ('choices: ["0.3", "0.4", "0.5"]', 'choices: ["abc", "0.4"]',
     "a threshold is a decimal from 0 to 1"),
    ('choices: ["0.3", "0.4", "0.5"]', 'choices: ["1.5"]',
     "a threshold is a decimal from 0 to 1"),
    # an input size that is no size
    ("choices: [224, 227, 192, 256]", "choices: [224, big]",
     "input_size takes whole numbers from 1 to 100000"),
    # a class count of zero
    ("choices: [1000, 100, 10]", "choices: [1000, 0]",
     "classes takes whole numbers from 1 to 100000"),
])
def test_a_parameter_that_cannot_apply_is_refused_when_the_rubric_is_read(
        tmp_path: Path, old: str, new: str, match: str) -> None:
    from grader.errors import RubricError

    assert old in _CH3_VARIANTS
    path = tmp_path / "bad.yaml"
    path.write_text(_CH3_VARIANTS.replace(old, new), encoding="utf-8")
    with pytest.raises(RubricError, match=match):
        find_rubric(str(path))


def _gradescope(tmp_path: Path, student: str | None, metadata: object | None
                ) -> tuple[str, dict[str, object]]:
    """Run the Gradescope runner in-process on a file that answers VGG19's parameters for
    2023001's variant, with the file's id `student` and Gradescope's `metadata`."""
    import json

    from grader.gradescope_run import results_for

    side, classes, _ = _sheet("2023001")
    own = variant_stats("vgg19", (3, side, side), classes).totals.params
    body: dict[str, object] = {"assignment": "ch3-variants",
                               "answers": {"network_counts": {"vgg19": {"params": own}}}}
    if student is not None:
        body["student"] = {"id": student}
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "hw.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    meta = tmp_path / "submission_metadata.json"
    if metadata is not None:
        meta.write_text(json.dumps(metadata), encoding="utf-8")
    results = results_for(tmp_path / "submission", "ch3-variants", "en", meta)
    return str(results["output"]), results


def _users(*sids: object) -> dict[str, object]:
    return {"users": [{"name": "x", "email": "x@example.edu", "sid": s} for s in sids]}


@pytest.mark.parametrize(("student", "metadata", "points", "said"), [
    # the file and Gradescope agree: graded, and the student is told whose parameters
    ("2023001", _users("2023001"), 2.0, "parameters of your Gradescope student id 2023001"),
    # no id in the file: Gradescope's id picks the parameters instead of refusing the file
    (None, _users("2023001"), 2.0, "parameters of your Gradescope student id 2023001"),
    # a classmate's id in the file: the submitter's own parameters still decide
    ("2023003", _users("2023001"), 2.0, "Your file says student id 2023003"),
    # the file claims 2023001 but the submitter is 2023003: 2023001's numbers are wrong
    ("2023001", _users("2023003"), 0.0, "you are 2023003 on Gradescope"),
    # the sid as a JSON number is the same id
    ("2023001", _users(2023001), 2.0, "student id 2023001"),
    # no metadata (a local run): the file's id decides
    ("2023001", None, 2.0, "Graded file: hw.yaml"),
    # a group submission names no one submitter: the file's id decides
    ("2023001", _users("2023001", "2023003"), 2.0, "Graded file: hw.yaml"),
    # an id that is no plain id is not used
    ("2023001", _users("../../x"), 2.0, "Graded file: hw.yaml"),
])
def test_gradescope_grades_with_the_submitters_own_parameters(
        tmp_path: Path, student: str | None, metadata: object | None, points: float,
        said: str) -> None:
    output, results = _gradescope(tmp_path, student, metadata)
    assert said in output
    tests = results["tests"]
    assert isinstance(tests, list)
    vgg = [t for t in tests if t["name"].endswith(": vgg19.params")]
    assert len(vgg) == 1 and vgg[0]["score"] == points
