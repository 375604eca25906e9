"""The "identical wrong answers shared" signal: rare shared mistakes, not common ones."""

from __future__ import annotations

from grader.batch import shared_wrong_answers
from tests.helpers import grade_text


def _submission(vgg_params: str, resnet_params: str) -> str:
    return ("assignment: ch3\nanswers:\n  network_counts:\n"
            f"    vgg19: {{params: '{vgg_params}'}}\n"
            f"    resnet152: {{params: '{resnet_params}'}}\n")


def test_a_rare_shared_pair_is_listed_and_a_common_misconception_is_not() -> None:
    reports = {}
    # 26 students make the same common mistakes (biases left out, a popular wrong total).
    for i in range(26):
        reports[f"common_{i:02}.yaml"] = grade_text(_submission("143652544", "60191808"))
    # Two students share two idiosyncratic wrong values.
    for name in ("x.yaml", "y.yaml"):
        reports[name] = grade_text(_submission("143,111,111", "59,999,123"))
    # Others answer right.
    for i in range(12):
        reports[f"right_{i:02}.yaml"] = grade_text(_submission("143667240", "60192808"))
    groups = shared_wrong_answers(reports)
    assert [g.files for g in groups] == [("x.yaml", "y.yaml")]
    items = {i.path: i.submitted for i in groups[0].items}
    assert items == {"network_counts.vgg19.params": "143,111,111",
                     "network_counts.resnet152.params": "59,999,123"}
