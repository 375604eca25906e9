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


def _items(out: dict) -> list[dict]:  # type: ignore[type-arg]
    """The per-item tests (the last test holds the expected values)."""
    return [t for t in out["tests"] if t["visibility"] == "visible"]


@pytest.mark.parametrize("name", SUBMISSIONS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exactly_the_documented_keys(name: str, lang: Lang) -> None:
    out = gradescope_results(_report(name), lang=lang, reveal=False)
    assert tuple(out) == TOP_KEYS == ("score", "output", "output_format", "tests")
    assert out["output_format"] == "md"
    assert _items(out), "every submission has scored items"
    for test in _items(out):
        keys = tuple(k for k in TEST_KEYS if k in test)
        assert keys == tuple(test)
        if test["extra_data"]["verdict"] == "needs_review":
            assert "status" not in test          # pending: neither passed nor failed
        else:
            assert test["status"] in ("passed", "failed") and keys == TEST_KEYS
        assert test["output_format"] == "md"
        assert test["extra_data"]["codes"] == [
            c for c in test["extra_data"]["codes"]]  # a list of codes
    answers = out["tests"][-1]
    assert (answers["visibility"], answers["score"], answers["max_score"]) == (
        "after_due_date", 0, 0)
    json.dumps(out)  # plain JSON data


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_scores_sum_to_the_report(name: str) -> None:
    report = _report(name)
    out = gradescope_results(report, lang="en")
    assert out["score"] == report.score
    assert sum(t["score"] for t in out["tests"]) == pytest.approx(report.score, abs=1e-9)
    assert sum(t["max_score"] for t in out["tests"]) == pytest.approx(report.max_score,
                                                                       abs=1e-9)
    scored = [i for i in report.items() if i.graded and i.max_score > 0]
    assert [t.get("status") for t in _items(out)] == [
        None if i.verdict.value == "needs_review" else
        "passed" if i.verdict.is_full_credit else "failed" for i in scored]
    assert [t["extra_data"]["codes"] for t in _items(out)] == [
        [d.code for d in i.diagnoses] for i in scored]


def test_numbers_and_names_are_ordered() -> None:
    out = gradescope_results(_report("seed_001.yaml"), lang="en")
    first = out["tests"][0]
    # The first item of the first question: AlexNet's neurons, counted with the input.
    assert (first["number"], first["name"]) == (
        "1.1", "3.1 Neurons and trainable parameters: alexnet.neurons")
    assert (first["score"], first["max_score"], first["status"]) == (1, 2, "failed")
    assert "- `input_included`" in first["output"]
    assert first["extra_data"] == {"verdict": "partial",
                                   "codes": ["input_included", "layer_mismatch"]}


@pytest.mark.parametrize(
    ("reveal", "in_items"),
    [
        (True, True),    # a TA's run: the expected value also in each item's output
        (False, False),  # a student's: only in the test shown after the due date
    ],
)
def test_expected_values_only_after_the_due_date(reveal: bool, in_items: bool) -> None:
    report = _report("seed_001.yaml")
    out = gradescope_results(report, lang="en", reveal=reveal)
    visible = "\n".join(t["output"] for t in _items(out))
    after = out["tests"][-1]["output"]
    expected = [i.expected for i in report.items()
                if i.expected and i.graded and i.max_score > 0 and not i.verdict.is_full_credit]
    assert expected
    assert all((f"**expected**: {e}" in visible) is in_items for e in expected)
    assert all(f"`{e}`" in after for e in expected)


def test_essays_are_pending_not_failed() -> None:
    out = gradescope_results(_report("seed_000.yaml"), lang="zh")
    essay = next(t for t in _items(out) if t["name"].startswith("3.8"))
    assert "status" not in essay and essay["extra_data"]["verdict"] == "needs_review"
    assert "待定：此分数需助教确认" in essay["output"]


def test_student_text_is_inert_markdown() -> None:
    from grader.gradescope import _md

    assert _md("**bold** [x](http://e) <b>`c`</b>") == (
        "\\*\\*bold\\*\\* \\[x\\]\\(http://e\\) \\<b\\>\\`c\\`\\</b\\>")


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
