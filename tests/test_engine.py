"""The grading engine's contract: pure, deterministic, and safe with kinds it cannot grade."""

from __future__ import annotations

import pytest

from grader.kinds import KIND_MODULES, get_kind
from grader.report import Verdict
from grader.rubric import rubric_from_document
from grader.yamlsafe import load_yaml_text
from tests.conftest import ANSWERS
from tests.helpers import grade_file, grade_text, item


def test_grading_is_deterministic() -> None:
    first = grade_file(ANSWERS / "seed_000.yaml").to_json(lang="en", reveal=True)
    second = grade_file(ANSWERS / "seed_000.yaml").to_json(lang="en", reveal=True)
    assert first == second


def test_a_declared_kind_without_an_implementation_is_not_graded_yet(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A rubric written for a newer version names a kind this one does not have.
    monkeypatch.setitem(KIND_MODULES, "future_kind", "grader.kinds.future_kind")
    get_kind.cache_clear()
    doc = load_yaml_text(
        "id: demo\ntitle: {zh: 演示, en: Demo}\nquestions:\n"
        "  - {id: q1, kind: future_kind, title: {zh: 题, en: Q}, points: 3}\n", "demo.yaml")
    rubric = rubric_from_document(doc)
    report = grade_text("assignment: demo\nanswers: {q1: 'anything'}\n", rubric)
    only = item(report, "q1")
    assert (only.graded, only.verdict, only.score) == (False, Verdict.NEEDS_REVIEW, 0)
    assert report.max_score == 0          # ungraded points are not counted against anyone
    assert report.all_correct()           # and do not fail the exit code
    get_kind.cache_clear()


def test_formula_warm_up_imports_sympy_before_workers_fork() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from grader.kinds import get_kind\n"
        "from grader.rubric import find_rubric\n"
        "q = find_rubric('ch3').question('lstm_gates')\n"
        "assert 'sympy' not in sys.modules\n"
        "get_kind(q.kind).warm_up(q)\n"
        "assert 'sympy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
