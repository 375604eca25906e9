"""The command line: exit codes, formats, languages, errors that name file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app
from tests.conftest import ANSWERS

GOLDEN = Path(__file__).parent / "golden"


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["check", str(ANSWERS / "perfect.yaml")], 0),   # everything right
        (["check", str(ANSWERS / "seed_000.yaml")], 1),  # graded, with mistakes
        (["check", str(ANSWERS / "seed_001.yaml")], 1),  # graded, with mistakes
        (["check", "no/such/file.yaml"], 2),            # unreadable
        (["reference", "alexnet"], 0),                   # a known network
        (["reference", "vgg-19"], 2),                    # unknown: did you mean
        (["reference", "--list"], 0),                    # the ids
        (["reference", "table3.7"], 0),                  # the ranked detection table
        (["reference", "table3.7", "--rubric", "nope"], 2),  # no such rubric
        (["schema"], 0),                                 # JSON Schema of ch3
        (["template"], 0),                               # blank submission
        (["--version"], 0),                              # the installed version
    ],
)
def test_exit_codes(runner: CliRunner, args: list[str], exit_code: int) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, result.output


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        # Broken YAML: said in the student's words, never the parser's.
        ("assignment: ch3\nanswers: [\n", "s.yaml:3:1: YAML cannot read the file here",
         "s.yaml:3:1: YAML 无法读懂这里"),
        # No assignment line.
        ("answers: {}\n", "s.yaml:1:1: the file does not say which assignment it answers",
         "s.yaml:1:1: 文件没有写明是哪次作业：请在开头加一行 `assignment: ch3`"),
        # An assignment nobody wrote a rubric for.
        ("assignment: ch33\n", "there is no assignment 'ch33'; did you mean ch3?",
         "没有名为 'ch33' 的作业；是否想写 ch3？"),
        # Python object tags are refused, never constructed.
        ("assignment: !!python/object:os.system ch3\n", "s.yaml:1:13: YAML tags",
         "s.yaml:1:13: 不允许使用 YAML 标签"),
        # A billion-laughs document is cut off.
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
         "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nassignment: ch3\n",
         "values (aliases expanded)", "（别名展开后）"),
        # Duplicate keys would silently lose an answer.
        ("assignment: ch3\nassignment: ch3\n", "s.yaml:2:1: the key assignment appears twice",
         "s.yaml:2:1: 键 assignment 在同一层出现了两次"),
        # An empty file.
        ("", "the file is empty: start from `grader template > answers.yaml`",
         "文件是空的：请先运行 `grader template > answers.yaml` 生成模板"),
    ],
)
def test_unreadable_submissions_name_the_place(runner: CliRunner, tmp_path: Path, text: str,
                                               en: str, zh: str) -> None:
    for lang, message in (("en", en), ("zh", zh)):
        result = runner.invoke(app, ["check", _write(tmp_path, text), "--lang", lang])
        assert result.exit_code == 2
        assert message in result.output.replace("\n", " ").replace(str(tmp_path) + "/", "")
        assert "Traceback" not in result.output


def test_a_value_of_the_wrong_shape_is_set_aside(runner: CliRunner, tmp_path: Path) -> None:
    """A list where one value belongs: reported where it is, the rest graded (exit 1)."""
    text = ("assignment: ch3\nanswers:\n  network_counts:\n    vgg19: {params: [1, 2]}\n"
            "  detection_metrics: {precision: 0.4}\n")
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--lang", "en"])
    assert result.exit_code == 1
    assert ("4:21: answers.network_counts.vgg19.params should be one value (text or a number), "
            "not a list or keys under it") in result.output
    assert "precision" in result.output and "✓" in result.output


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        # An unknown question id, one letter off.
        ("assignment: ch3\nanswers:\n  netwrok_counts: {}\n",
         "3:3: unknown key answers.netwrok_counts: not graded; did you mean "
         "answers.network_counts?"),
        # An unknown network inside a known question.
        ("assignment: ch3\nanswers:\n  network_counts:\n    vgg91: {params: 1}\n",
         "4:5: unknown key answers.network_counts.vgg91: not graded; did you mean "
         "answers.network_counts.vgg19?"),
        # An unknown field of a network.
        ("assignment: ch3\nanswers:\n  network_counts:\n    vgg19: {parms: 1}\n",
         "4:13: unknown key answers.network_counts.vgg19.parms: not graded; did you mean "
         "answers.network_counts.vgg19.params?"),
    ],
)
def test_unknown_keys_are_reported_and_the_rest_graded(runner: CliRunner, tmp_path: Path,
                                                       text: str, reported: str) -> None:
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--lang", "en"])
    assert result.exit_code == 1          # graded; something to look at
    assert reported in " ".join(result.output.split())
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--lang", "en",
                                 "--format", "json"])
    assert [u["message"] for u in json.loads(result.output)["unknown_fields"]] == [reported]


def test_three_misspelled_keys_are_all_reported(runner: CliRunner, tmp_path: Path) -> None:
    text = (ANSWERS / "perfect.yaml").read_text(encoding="utf-8")
    for right, wrong in (("network_counts:", "netwrok_counts:"), ("lstm_gates:", "lstm_gate:"),
                         ("gan_losses:", "gan_loss:")):
        text = text.replace(right, wrong, 1)
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--lang", "zh", "--format",
                                 "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert [u["path"] for u in report["unknown_fields"]] == [
        "answers.netwrok_counts", "answers.lstm_gate", "answers.gan_loss"]
    assert "是否想写 answers.network_counts？" in report["unknown_fields"][0]["message"]
    scores = {q["id"]: q["score"] for q in report["questions"]}
    assert scores["detection_metrics"] == 6 and scores["forward_ops"] == 6  # the rest graded
    assert scores["network_counts"] == 0                                   # set aside


def test_unparsed_value_is_reported_and_the_rest_graded(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    text = ("assignment: ch3\nanswers:\n  network_counts:\n"
            "    alexnet: {neurons: '659,272', params: '60,965,22x'}\n")
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--format", "json",
                                 "--lang", "en"])
    assert result.exit_code == 1
    items = {i["path"]: i for q in json.loads(result.output)["questions"] for i in q["items"]}
    assert items["network_counts.alexnet.neurons"]["verdict"] == "correct"
    assert items["network_counts.alexnet.params"]["verdict"] == "unparsed"
    assert items["network_counts.alexnet.params"]["diagnoses"][0]["code"] == "unparsed"


def test_json_report_has_the_spec_shape(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(ANSWERS / "seed_001.yaml"), "--format", "json",
                                 "--lang", "en", "--reveal"])
    report = json.loads(result.output)
    assert list(report) == ["student", "assignment", "score", "max_score", "questions",
                            "unknown_fields"]
    assert report["unknown_fields"] == []
    assert report["student"] == {"id": "seed-001", "name": "种子答案 001"}
    first = report["questions"][0]
    assert list(first) == ["id", "score", "max_score", "items"]
    params = next(i for i in first["items"] if i["path"] == "network_counts.vgg19.params")
    assert params == {
        "path": "network_counts.vgg19.params",
        "submitted": "143652544",
        "read_as": "143652544",  # SPEC §3: how the grader read the answer
        "expected": "143,667,240",
        "verdict": "partial",
        "score": 1,
        "max_score": 2,
        "diagnoses": [{"code": "bias_omitted",
                       "message": "matches the weights alone; the 14,696 bias terms, one per "
                                  "output channel or unit, are missing"}],
    }


@pytest.mark.parametrize(
    ("flag", "revealed"),
    [
        ([], False),              # ch3's policy: students are not handed the answers
        (["--reveal"], True),     # a TA asks for them
        (["--no-reveal"], False),
    ],
)
def test_reveal_policy(runner: CliRunner, flag: list[str], revealed: bool) -> None:
    result = runner.invoke(app, ["check", str(ANSWERS / "seed_001.yaml"), "--format", "json",
                                 *flag])
    items = [i for q in json.loads(result.output)["questions"] for i in q["items"]]
    assert any("expected" in i for i in items) is revealed


@pytest.mark.parametrize(
    ("lang", "fragment"),
    [
        ("en", "matches the weights alone"),
        ("zh", "只等于权重数"),
    ],
)
def test_languages(runner: CliRunner, lang: str, fragment: str) -> None:
    result = runner.invoke(app, ["check", str(ANSWERS / "seed_001.yaml"), "--lang", lang])
    assert fragment in result.output.replace("\n", "").replace(" ", "") or \
        fragment.replace(" ", "") in result.output.replace("\n", "").replace(" ", "")


def test_reference_json_matches_spec(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reference", "vgg19", "--format", "json"])
    data = json.loads(result.output)
    assert data["network"] == "vgg19"
    assert data["input"] == [3, 224, 224]
    assert data["layers"][0] == {"name": "conv1_1", "type": "conv",
                                 "output_shape": [64, 224, 224], "weights": 1728, "biases": 64,
                                 "bn_params": 0, "params": 1792, "neurons": 3211264,
                                 "macs": 86704128}
    assert data["totals"]["params"] == 143_667_240  # torchvision's published count
    assert list(data["totals"]) == ["weights", "biases", "bn_params", "params", "neurons", "macs"]


def test_reference_text_golden(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reference", "alexnet", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output == (GOLDEN / "reference_alexnet.txt").read_text(encoding="utf-8")


def test_check_text_golden(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(ANSWERS / "seed_001.yaml"), "--lang", "en",
                                 "--reveal"])
    assert result.output == (GOLDEN / "check_seed_001_en.txt").read_text(encoding="utf-8")


def test_schema_describes_every_question(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    answers = schema["properties"]["answers"]["properties"]
    assert list(answers) == ["network_counts", "forward_ops", "detection_metrics", "lstm_gates",
                             "gan_losses", "error_rate_iou_map", "convergence",
                             "svm_vs_alexnet", "rcnn_family", "gan_training", "style_transfer",
                             "acceleration", "programming_3_10", "programming_3_11",
                             "programming_3_12"]


def test_template_is_a_valid_empty_submission(runner: CliRunner, tmp_path: Path) -> None:
    text = runner.invoke(app, ["template", "--lang", "en"]).output
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--format", "json"])
    assert result.exit_code == 1  # readable; everything missing
    items = [i for q in json.loads(result.output)["questions"] for i in q["items"]]
    assert {i["verdict"] for i in items if i.get("graded", True)} == {"missing"}
    # the programming exercises are the TA's: listed, never "missing"
    assert {(i["path"], i["verdict"]) for i in items if not i.get("graded", True)} == {
        (f"programming_3_{n}", "needs_review") for n in (10, 11, 12)}


def test_a_stray_file_named_like_a_rubric_does_not_shadow_it(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ch3").write_text("junk: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(ANSWERS / "perfect.yaml")])
    assert result.exit_code == 0, result.output


def test_forward_ops_accepted_convention(runner: CliRunner, tmp_path: Path) -> None:
    # Additions without the bias adds: an accepted convention, said by name.
    from reference.operations import additions, operations

    adds = additions(operations("alexnet"), "accumulate_only")
    text = f"assignment: ch3\nanswers: {{forward_ops: {{alexnet: {{adds: '{adds:,}'}}}}}}\n"
    result = runner.invoke(app, ["check", _write(tmp_path, text), "--format", "json"])
    items = {i["path"]: i for q in json.loads(result.output)["questions"] for i in q["items"]}
    adds_item = items["forward_ops.alexnet.adds"]
    assert (adds_item["verdict"], adds_item["score"]) == ("accepted_variant", 1)
    assert [d["code"] for d in adds_item["diagnoses"]] == ["variant"]


@pytest.mark.parametrize(
    ("rubric_lang", "env_lang", "title"),
    [
        ("", "en_US.UTF-8", "Q  0/2"),         # no language in the rubric: the environment's
        ("", "zh_CN.UTF-8", "题  0/2"),
        ("lang: zh\n", "en_US.UTF-8", "题  0/2"),  # the rubric's language wins
    ],
)
def test_report_language_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  rubric_lang: str, env_lang: str, title: str) -> None:
    rubric = _write(tmp_path, "id: demo\ntitle: {zh: 演示, en: Demo}\n" + rubric_lang +
                    "questions:\n  - {id: q, kind: network_counts, title: {zh: 题, en: Q}, "
                    "params: {networks: [alexnet]}}\n", "demo.yaml")
    submission = _write(tmp_path, "assignment: demo\nanswers: {q: {alexnet: {params: 1}}}\n")
    for name in ("GRADER_LANG", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", env_lang)
    result = CliRunner(env={"COLUMNS": "100", "LANG": env_lang}).invoke(
        app, ["check", submission, "--rubric", rubric])
    assert title in result.output.splitlines()
