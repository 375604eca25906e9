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


@pytest.mark.parametrize(("text", "refused"), [
    # A 1 MiB paste: refused by its size before any layout reading looks at it.
    ("\\sigma(W h_{t-1}) + " * 60_000, True),
    # One character over the limit: the same.
    ("f" * 4001, True),
    # At the limit the readings run (and this one is read as the formula it is).
    ("f_t = \\sigma(W_f [h_{t-1}; x_t] + b_f)" + " " * 3960, False),
])
def test_an_over_long_formula_is_refused_before_any_reading(
        monkeypatch: pytest.MonkeyPatch, text: str, refused: bool) -> None:
    import grader.formula as formula
    from grader.formula.limits import MAX_CHARS

    read: list[int] = []
    real = formula.join_pdf_lines

    def spy(written: str) -> str:
        read.append(len(written))
        return real(written)

    monkeypatch.setattr(formula, "join_pdf_lines", spy)
    result = formula.check_formula(text, "lstm.forget_gate")
    assert (len(text) > MAX_CHARS) is refused
    if refused:
        assert read == []
        assert result.verdict == "unparsed"
        assert "longer than 4000 characters" in str(result.diagnoses[0].params)
    else:
        assert read == [len(text)]
        assert result.verdict == "correct"
