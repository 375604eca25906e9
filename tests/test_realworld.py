"""The real-world corpus (tests/realworld/): its shape, and the grader's agreement with the
TA's labels, held at the level measured when it was last raised (scripts/realworld.py
prints the figures and the disagreements)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.realworld.agreement import (
    CORPUS,
    corpus_files,
    essay_outcomes,
    formula_outcomes,
    number_outcomes,
    summarise,
)

# Raised, never lowered, when the grader improves; the README states the same figures.
# Each corpus file keeps its own floor: a new, harder file is measured as found and raised
# as the grader learns from it, without lowering what the earlier files hold.
# formulas.yaml's labeller gave half credit (time_index) to three spellings with no time
# index at all, which the consistent-renaming rule (and formulas_c.yaml's labeller,
# for the framework docs' timeless LSTM) accept: those three stay as disagreements.
# formulas_e.yaml (writing nobody here had seen) arrived at 38/74 (51.4%).
# Real-world: formulas in Chinese role words, labelled before grading (formulas_g.yaml)
# arrived at 0/12 (0.0%), every spelling unread; raised to 10/12 (83.3%) as the role words
# were read (grader/formula/rolewords.py), which also read formulas_f.yaml's comment in role
# words (59/60).
FORMULA_FLOORS = {"formulas.yaml": 0.95, "formulas_b.yaml": 0.97, "formulas_c.yaml": 0.96,
                  "formulas_d.yaml": 0.94, "formulas_e.yaml": 0.93,
                  "formulas_f.yaml": 0.98, "formulas_g.yaml": 0.91}
UNREAD_FAIR = {"formulas.yaml": 0, "formulas_b.yaml": 1, "formulas_c.yaml": 2, "formulas_d.yaml": 2,
               "formulas_e.yaml": 1, "formulas_f.yaml": 0, "formulas_g.yaml": 0}
"""Fair spellings still left unread, per file (0 is the aim; never raised)."""
# counts_c.yaml (answers nobody here had seen) arrived at 37/55 (67.3%); its TA gave half
# credit to two exact workings glossed at one or two figures (`… = 4.6 * 10^8`), which the
# gloss rule (tests/test_count_diagnosis.py) accepts: those two stay as disagreements.
NUMBER_FLOORS = {"counts.yaml": 0.95, "counts_b.yaml": 0.97, "counts_c.yaml": 0.96}
ACCEPTED_MARKED_WRONG = {"counts.yaml": 0, "counts_b.yaml": 0, "counts_c.yaml": 0}
"""Counts the TA gives full credit that the grader marks wrong, per file (0 is the aim)."""
WRONG_WITHOUT_WHY = {"counts.yaml": 0, "counts_b.yaml": 0, "counts_c.yaml": 0}
"""Incorrect or partial counts graded without a diagnosis, per file (0 is the aim)."""
ESSAY_FLOORS = {"essays.yaml": 0.95, "essays_b.yaml": 0.97}
"""Concepts found or not, as the TA judged them, per file (essays_b.yaml: the questions
other than 3.8, arrived at 150/164 = 91.5%, raised as the matching learned from it)."""
VERDICTS = {"correct", "accepted_variant", "partial", "incorrect", "unparsed"}


def _files() -> list[tuple[str, dict[str, Any]]]:
    return [(name, yaml.safe_load((CORPUS / name).read_text(encoding="utf-8")))
            for name in corpus_files("formulas") + corpus_files("counts")
            + corpus_files("essays")]


@pytest.mark.parametrize(("name", "data"), _files())
def test_every_case_has_a_known_source_and_a_verdict(name: str, data: dict[str, Any]) -> None:
    sources = {s["id"] for s in data["sources"]}
    assert all(s["url"].startswith(("https://", "http://")) for s in data["sources"])
    for case in data.get("cases", []):
        assert case["source"] in sources, case["id"]
        assert case["verdict"] in VERDICTS, case["id"]
    for essay in data.get("essays", []):
        assert essay["source"] in sources, essay["id"]
        assert all(isinstance(v, bool) for v in essay["concepts"].values()), essay["id"]
    for answer in data.get("answers", []):
        assert answer["source"] in sources, answer["id"]
        assert all(e["verdict"] in VERDICTS for e in answer["expect"].values()), answer["id"]


def test_case_ids_are_unique_across_files() -> None:
    ids = [c["id"] for _, data in _files()
           for c in data.get("cases", []) + data.get("answers", []) + data.get("essays", [])]
    assert len(ids) == len(set(ids))


def test_the_formula_corpus_is_large_and_varied() -> None:
    summary = summarise(formula_outcomes())
    assert len(summary.outcomes) >= 150 and summary.sources() >= 30


@pytest.mark.parametrize("name", sorted(FORMULA_FLOORS))
def test_formula_agreement_holds(name: str) -> None:
    summary = summarise(formula_outcomes(name))
    shown = [(o.case, o.verdict, o.codes) for o in summary.disagreements()]
    assert summary.rate >= FORMULA_FLOORS[name], shown


@pytest.mark.parametrize("name", sorted(UNREAD_FAIR))
def test_no_fair_formula_is_left_unread(name: str) -> None:
    """A formula the TA gives full credit is not `unparsed` (layout, labels, pasting)."""
    unread = [o.case for o in formula_outcomes(name)
              if o.ta_verdict in ("correct", "accepted_variant") and o.verdict == "unparsed"]
    assert len(unread) <= UNREAD_FAIR[name], unread


@pytest.mark.parametrize("name", sorted(NUMBER_FLOORS))
def test_number_agreement_holds(name: str) -> None:
    assert len(list(number_outcomes())) >= 30 and summarise(number_outcomes()).sources() >= 14
    summary = summarise(number_outcomes(name))
    shown = [(o.case, o.path, o.verdict, o.codes) for o in summary.disagreements()]
    assert summary.rate >= NUMBER_FLOORS[name], shown


@pytest.mark.parametrize("name", sorted(NUMBER_FLOORS))
def test_no_accepted_number_is_marked_wrong(name: str) -> None:
    """A count the TA gives full credit never loses all its points."""
    wrong = [(o.case, o.path) for o in number_outcomes(name)
             if o.ta_verdict in ("correct", "accepted_variant")
             and o.verdict in ("incorrect", "unparsed")]
    assert len(wrong) <= ACCEPTED_MARKED_WRONG[name], wrong


@pytest.mark.parametrize("name", sorted(NUMBER_FLOORS))
def test_every_wrong_number_says_why(name: str) -> None:
    """No incorrect or partial count in the corpus comes without a diagnosis."""
    bare = [(o.case, o.path) for o in number_outcomes(name)
            if o.verdict in ("incorrect", "partial") and not o.codes]
    assert len(bare) <= WRONG_WITHOUT_WHY[name], bare


def test_the_essay_corpus_covers_the_questions() -> None:
    """Every file of essays is measured, and together they cover most essay questions."""
    assert sorted(ESSAY_FLOORS) == corpus_files("essays")
    outcomes = list(essay_outcomes())
    assert len(outcomes) >= 56 + 140 and summarise(outcomes).sources() >= 20
    assert len({o.path.split(".")[0] for o in outcomes}) >= 5


@pytest.mark.parametrize("name", sorted(ESSAY_FLOORS))
def test_essay_concepts_agree(name: str) -> None:
    """The concepts reported found and missing in real essays are the ones a TA sees."""
    summary = summarise(essay_outcomes(name))
    shown = [(o.case, o.path, o.ta_verdict) for o in summary.disagreements()]
    assert summary.rate >= ESSAY_FLOORS[name], shown
