"""The real students' answers (../shared/seeds) graded with the mistakes they really made."""

from __future__ import annotations

import pytest

from grader.report import Verdict
from tests.conftest import ANSWERS
from tests.helpers import codes, grade_file, item

SEED_000 = ANSWERS / "seed_000.yaml"
SEED_001 = ANSWERS / "seed_001.yaml"
PERFECT = ANSWERS / "perfect.yaml"

NC = "network_counts"


@pytest.mark.parametrize(
    ("path", "verdict", "score", "expected_codes"),
    [
        # 55·55·96 + … + 1000 = 659,272: the paper's network, counted right.
        (f"{NC}.alexnet.neurons", Verdict.CORRECT, 2, []),
        # 60,954,656 is the weights alone; the breakdown's first layer already lacks its bias.
        (f"{NC}.alexnet.params", Verdict.PARTIAL, 1, ["bias_omitted", "layer_mismatch"]),
        # Each layer of the breakdown is the weight count without the bias.
        (f"{NC}.alexnet.layers.conv1.params", Verdict.PARTIAL, 0, ["bias_omitted"]),
        (f"{NC}.alexnet.layers.fc8.params", Verdict.PARTIAL, 0, ["bias_omitted"]),
        # Its VGG19 neuron terms add up to 14,761,960, yet the total says 64,614,528; and of
        # the terms, every block is right but the first (3,161,600 × 2, not 224·224·64 × 2);
        # no known mistake gives the total (4.35 times the reference).
        (f"{NC}.vgg19.neurons", Verdict.INCORRECT, 0,
         ["inconsistent_chain", "layer_mismatch", "unexplained"]),
        # Its VGG19 parameter terms add up to 131,464,424, not the 138,357,104 written
        # (3.7% below the reference, no known mistake).
        (f"{NC}.vgg19.params", Verdict.INCORRECT, 0, ["inconsistent_chain", "unexplained"]),
        # ResNet152's neurons repeat the VGG19 computation word for word.
        (f"{NC}.resnet152.neurons", Verdict.INCORRECT, 0, ["copied_from", "inconsistent_chain"]),
        # Never answered.
        (f"{NC}.resnet152.params", Verdict.MISSING, 0, []),
    ],
)
def test_seed_000_counts(path: str, verdict: Verdict, score: float,
                         expected_codes: list[str]) -> None:
    report = grade_file(SEED_000)
    assert item(report, path).verdict is verdict
    assert item(report, path).score == score
    assert codes(report, path) == expected_codes


def test_seed_000_copied_from_names_the_vgg19_answer() -> None:
    report = grade_file(SEED_000)
    copied = item(report, f"{NC}.resnet152.neurons").diagnoses[0]
    assert copied.params["other"] == f"{NC}.vgg19.neurons"
    assert "network_counts.vgg19.neurons" in copied.message("en")


@pytest.mark.parametrize(
    ("path", "verdict", "score", "expected_codes"),
    [
        # 809,800 = 659,272 + 224·224·3: the input counted as neurons; the breakdown's
        # fc8 row says 4096 neurons where the layer has 1000.
        # The rubric gives half credit for counting the input.
        (f"{NC}.alexnet.neurons", Verdict.PARTIAL, 1, ["input_included", "layer_mismatch"]),
        # 60,965,224: right, with a right per-layer breakdown.
        (f"{NC}.alexnet.params", Verdict.CORRECT, 2, []),
        (f"{NC}.alexnet.layers.conv2.params", Verdict.CORRECT, 0, []),
        # fc8's 4096 is fc7's value: the line above repeated
        (f"{NC}.alexnet.layers.fc8.neurons", Verdict.INCORRECT, 0, ["layer_mismatch"]),
        # 14,696 is the sum of filter and unit counts, not of feature-map elements.
        (f"{NC}.vgg19.neurons", Verdict.INCORRECT, 0, ["channels_not_neurons"]),
        # 143,652,544 = 143,667,240 − 14,696 biases.
        (f"{NC}.vgg19.params", Verdict.PARTIAL, 1, ["bias_omitted"]),
    ],
)
def test_seed_001_counts(path: str, verdict: Verdict, score: float,
                         expected_codes: list[str]) -> None:
    report = grade_file(SEED_001)
    assert item(report, path).verdict is verdict
    assert item(report, path).score == score
    assert codes(report, path) == expected_codes


def test_seed_001_bias_message_names_the_amount() -> None:
    report = grade_file(SEED_001)
    diag = item(report, f"{NC}.vgg19.params").diagnoses[0]
    assert diag.message("en") == ("matches the weights alone; the 14,696 bias terms, one per "
                                  "output channel or unit, are missing")
    assert "14,696" in diag.message("zh")


def test_perfect_submission_is_all_correct() -> None:
    report = grade_file(PERFECT)
    wrong = [(i.path, i.verdict) for i in report.items()
             if i.graded and i.verdict not in (Verdict.CORRECT, Verdict.NEEDS_REVIEW)]
    assert wrong == []
    assert report.all_correct()


@pytest.mark.parametrize(
    ("path", "verdict", "expected_codes"),
    [
        # f^{(t)} = σ(U^f x + W^f h + b^f) = σ(𝒲_f (h; x)): right; the stacked side folds the bias.
        ("lstm_gates.forget_gate", Verdict.CORRECT, ["notation"]),
        ("lstm_gates.input_gate", Verdict.CORRECT, ["notation"]),
        # The output gate's stacked side uses h^{(t)} where h^{(t-1)} belongs, so the two
        # sides of its "=" disagree; it is also named g rather than o.
        ("lstm_gates.output_gate", Verdict.PARTIAL,
         ["time_index", "inconsistent_chain", "notation", "notation"]),
        # Markdown ate the underscores of E_{x∼p_data}; read back, both losses are right.
        ("gan_losses.discriminator_loss", Verdict.CORRECT, ["notation"]),
        ("gan_losses.generator_loss", Verdict.CORRECT, ["notation"]),
    ],
)
def test_seed_000_formulas(path: str, verdict: Verdict, expected_codes: list[str]) -> None:
    report = grade_file(SEED_000)
    assert item(report, path).verdict is verdict
    assert sorted(codes(report, path)) == sorted(expected_codes)
    assert codes(report, path)[-1] == "notation"  # notes come after what costs points


def test_seed_000_names_its_one_wrong_term() -> None:
    report = grade_file(SEED_000)
    note = item(report, f"{NC}.vgg19.neurons").diagnoses[1]
    assert note.params["term"] == "(3,161,600 * 2)"
    assert not note.explains  # a pointer for the student, not a source of credit
