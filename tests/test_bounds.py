"""What a report repeats of hostile input is bounded and harmless."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.items import MAX_ECHO_CHARS
from grader.kinds.short_answer import MAX_ESSAY_CHARS
from tests.helpers import codes, grade_text, item


def test_a_huge_essay_is_searched_in_part_and_echoed_in_part() -> None:
    essay = "选择性搜索。" + "很长的答案。" * 40_000
    report = grade_text(f"assignment: ch3\nanswers:\n  rcnn_family: '{essay}'\n")
    essay_item = item(report, "rcnn_family")
    assert "needs_review" in codes(report, "rcnn_family")
    assert any(d.key == "freetext.too_long" and d.params["limit"] == MAX_ESSAY_CHARS
               for d in essay_item.diagnoses)
    assert essay_item.submitted is not None
    assert len(essay_item.submitted) < MAX_ECHO_CHARS + 50
    assert essay_item.submitted.endswith("more characters]")


@pytest.mark.parametrize(
    "name",
    [
        "Alice\u202eevil",   # right-to-left override would reverse what follows on screen
        "Bob\x1b[2Jx",        # (refused by the loader as a raw control; here via the model)
    ],
)
def test_names_are_printed_without_control_characters(name: str) -> None:
    from grader.render import _printable

    cleaned = _printable(name)
    assert "\u202e" not in cleaned and "\x1b" not in cleaned
    assert cleaned.startswith(name[:3])


def test_bidi_override_in_a_value_is_not_printed(runner: CliRunner, tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("assignment: ch3\nstudent: {name: \"A\u202eB\"}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "\u202e" not in result.output
