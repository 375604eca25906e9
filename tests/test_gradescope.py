"""Gradescope's results.json (`grader check --format gradescope`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.gradescope import TEST_KEYS, TOP_KEYS, gradescope_results
from grader.i18n import Lang
from grader.report import Report
from tests.conftest import ANSWERS
from tests.helpers import grade_file

SUBMISSIONS = ["perfect.yaml", "seed_000.yaml", "seed_001.yaml"]


def _report(name: str) -> Report:
    return grade_file(ANSWERS / name)


@pytest.mark.parametrize("name", SUBMISSIONS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exactly_the_documented_keys(name: str, lang: Lang) -> None:
    out = gradescope_results(_report(name), lang=lang, reveal=False)
    assert tuple(out) == TOP_KEYS == ("score", "output", "tests")
    assert out["tests"], "every submission has scored items"
    for test in out["tests"]:
        assert tuple(test) == TEST_KEYS
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] == "visible"
    json.dumps(out)  # plain JSON data


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_scores_sum_to_the_report(name: str) -> None:
    report = _report(name)
    out = gradescope_results(report, lang="en", reveal=True)
    assert out["score"] == report.score
    assert sum(t["score"] for t in out["tests"]) == pytest.approx(report.score, abs=1e-9)
    assert sum(t["max_score"] for t in out["tests"]) == pytest.approx(report.max_score,
                                                                       abs=1e-9)
    scored = [i for i in report.items() if i.graded and i.max_score > 0]
    assert [t["status"] == "passed" for t in out["tests"]] == [
        i.verdict.is_full_credit for i in scored]


def test_numbers_and_names_are_ordered() -> None:
    out = gradescope_results(_report("seed_001.yaml"), lang="en", reveal=False)
    first = out["tests"][0]
    # The first item of the first question: AlexNet's neurons, counted with the input.
    assert (first["number"], first["name"]) == (
        "1.1", "3.1 Neurons and trainable parameters: alexnet.neurons")
    assert (first["score"], first["max_score"], first["status"]) == (1, 2, "failed")
    assert "[input_included]" in first["output"]


@pytest.mark.parametrize(
    ("reveal", "shown"),
    [
        (True, True),    # a TA's run: the expected value is in the output
        (False, False),  # a student's self-check: never the answer
    ],
)
def test_expected_only_when_revealed(reveal: bool, shown: bool) -> None:
    report = _report("seed_001.yaml")
    out = gradescope_results(report, lang="en", reveal=reveal)
    text = "\n".join(t["output"] for t in out["tests"])
    expected = [i.expected for i in report.items()
                if i.expected and i.graded and i.max_score > 0 and not i.verdict.is_full_credit]
    assert expected
    assert all((f"expected: {e}" in text) is shown for e in expected)


def test_check_format_gradescope_prints_it(runner: CliRunner) -> None:
    path = ANSWERS / "seed_000.yaml"
    result = runner.invoke(app, ["check", str(path), "--format", "gradescope", "--lang", "en"])
    assert result.exit_code == 1  # graded, with mistakes
    assert json.loads(result.stdout) == gradescope_results(grade_file(path), lang="en",
                                                           reveal=False)


def test_deterministic(tmp_path: Path) -> None:
    a = gradescope_results(_report("seed_000.yaml"), lang="zh", reveal=False)
    b = gradescope_results(_report("seed_000.yaml"), lang="zh", reveal=False)
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
    assert "execution_time" not in a
