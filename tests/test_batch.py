"""`grader batch`: a generated class, the gradebook CSV, reports, summary, HTML, exit codes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import grader.batch._grading as grading_module
from grader.atomic import TEMP_PREFIX, atomic_write_text
from grader.batch import discover
from grader.cli import app
from tests.conftest import ANSWERS
from tests.helpers import grade_file

PERFECT = (ANSWERS / "perfect.yaml").read_text(encoding="utf-8")
PERFECT_STUDENT = 'student: {id: "2023001", name: 张三}'


def _edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, f"answers/perfect.yaml changed: {old!r} not found once"
        text = text.replace(old, new)
    return text


def _student(sid: str | None, name: str) -> tuple[str, str]:
    if sid is None:
        return (PERFECT_STUDENT, f"student: {{name: {name}}}")
    return (PERFECT_STUDENT, f'student: {{id: "{sid}", name: {name}}}')


ALEXNET_PARAMS = ("      params: 60,965,224\n", "      params: 60954656\n")      # weights only
VGG19_PARAMS = ("      params: 143_667_240\n", "      params: 143652544\n")     # weights only
# The two items Dave and Erin get wrong in the very same words.
SHARED_NEURONS = ('      neurons: "14,861,288"\n', "      neurons: 14696\n")
SHARED_PARAMS = ("      params: 60192808\n", "      params: 61 000 000\n")

# file -> (text, what the class fixture knows about it)
CLASS: dict[str, str] = {
    "alice.yaml": _edit(PERFECT, _student("2023001", "Alice")),
    "bob.yaml": _edit(PERFECT, _student("2023002", "Bob"), ALEXNET_PARAMS),
    "carol.yaml": _edit(PERFECT, _student("2023003", "Carol"), VGG19_PARAMS),
    "dave.yaml": _edit(PERFECT, _student("2023004", "Dave"), SHARED_NEURONS, SHARED_PARAMS),
    "erin.yaml": _edit(PERFECT, _student("2023005", "Erin"), SHARED_NEURONS, SHARED_PARAMS),
    "frank.yaml": _edit(PERFECT, _student("2023002", "Frank"), SHARED_NEURONS),  # Bob's id
    "noid.yaml": _edit(PERFECT, _student(None, "Nobody")),
    "seeds/seed_000.yaml": (ANSWERS / "seed_000.yaml").read_text(encoding="utf-8"),
    "seeds/seed_001.yaml": (ANSWERS / "seed_001.yaml").read_text(encoding="utf-8"),
    "sub/grace.yml": _edit(PERFECT, _student("2023007", "=cmd|' /C calc'!A0"), VGG19_PARAMS),
}
BROKEN: dict[str, bytes] = {
    "broken/invalid.yaml": b"assignment: ch3\nanswers: [\n",             # YAML syntax error
    # a list where the answers belong (one misshapen answer alone would be set aside, the
    # rest graded)
    "broken/unknown_field.yaml": b"assignment: ch3\nanswers: [1, 2]\n",
    "broken/binary.yaml": b"\x00\x01\x02PK\x03\x04",                   # NUL bytes
    "broken/empty.yaml": b"",                                          # empty file
}
GOOD = sorted(CLASS)
FAILED = sorted(BROKEN)


def make_class(root: Path) -> Path:
    """Write the class (10 good files, 4 broken, a directory named x.yaml, a note)."""
    for rel, text in CLASS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for rel, data in BROKEN.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "x.yaml").mkdir()                        # a directory: skipped, not a failure
    (root / "x.yaml" / "readme.txt").write_text("not a submission\n", encoding="utf-8")
    (root / "notes.txt").write_text("not a submission\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The class graded once (jobs=1) and everything it wrote."""
    root = make_class(tmp_path_factory.mktemp("class"))
    out = tmp_path_factory.mktemp("out")
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    # every file counted: the duplicate id (bob, frank) is flagged, not resolved
    result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--jobs", "1",
                                 "--lang", "en", "--attempts", "all"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    raw = (out / "grades.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return {"root": root, "out": out, "output": result.output, "summary": summary,
            "csv_bytes": raw, "rows": {r["file"]: r for r in rows},
            "header": list(rows[0]) if rows else []}


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- discovery


def test_discovery_sorted_recursive_skips_directories_and_other_files(tmp_path: Path) -> None:
    root = make_class(tmp_path)
    assert [rel for rel, _ in discover(root)] == sorted(GOOD + FAILED)


def test_discovery_survives_a_symlink_loop(tmp_path: Path) -> None:
    root = make_class(tmp_path / "class")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # class/sub/loop -> class
    rels = [rel for rel, _ in discover(root)]
    assert rels == sorted(GOOD + FAILED)  # every real directory once, no endless walk


def test_discovery_excludes_the_output_directory(tmp_path: Path) -> None:
    root = make_class(tmp_path)
    (root / "out").mkdir()
    (root / "out" / "stale.yaml").write_text("assignment: ch3\n", encoding="utf-8")
    assert "out/stale.yaml" not in [rel for rel, _ in discover(root, exclude=[root / "out"])]


# --------------------------------------------------------------------------- the gradebook


def test_csv_header_is_stable(graded: dict[str, Any]) -> None:
    assert graded["csv_bytes"].startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    assert graded["header"] == [
        "student_id", "name", "file", "report", "network_counts", "forward_ops",
        "detection_metrics", "lstm_gates", "gan_losses", "error_rate_iou_map", "convergence",
        "svm_vs_alexnet", "rcnn_family", "gan_training", "style_transfer", "acceleration",
        "programming_3_10", "programming_3_11", "programming_3_12", "total", "max",
        "confirmed", "provisional", "needs_review", "overrides", "error"]
    assert list(graded["rows"]) == sorted(GOOD + FAILED)  # one row per file, sorted


@pytest.mark.parametrize("rel", GOOD)
def test_csv_row_equals_the_engine(graded: dict[str, Any], rel: str) -> None:
    report = grade_file(graded["root"] / rel)
    row = graded["rows"][rel]
    assert row["student_id"] in (report.student.id or "", "'" + (report.student.id or ""))
    assert float(row["total"]) == report.score
    assert float(row["max"]) == report.max_score
    for q in report.questions:
        if any(i.graded for i in q.items):
            assert float(row[q.id]) == q.score, q.id
        else:  # graded by hand: the TA's cell, left empty
            assert row[q.id] == "", q.id
    assert row["error"] == ""


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        ("broken/binary.yaml", "broken/binary.yaml:1: the file contains NUL bytes"),  # binary
        ("broken/empty.yaml", "broken/empty.yaml: the file is empty"),               # empty
        ("broken/invalid.yaml", "broken/invalid.yaml:3:1: YAML cannot read the file here"),
        ("broken/unknown_field.yaml",                                           # wrong type
         "broken/unknown_field.yaml:2:10: answers should hold keys (network_counts, "),
    ],
)
def test_failed_files_get_a_row_with_the_reason(graded: dict[str, Any], rel: str,
                                                reason: str) -> None:
    row = graded["rows"][rel]
    assert row["error"].startswith(reason)
    assert row["total"] == row["max"] == row["network_counts"] == row["report"] == ""
    # the student's mistake, not an internal failure (which would make the batch exit 3)
    assert {"file": rel, "reason": row["error"], "internal": False} in graded["summary"]["failed"]


@pytest.mark.parametrize(
    ("rel", "network_counts", "lost"),
    [
        ("alice.yaml", 12, 0),          # perfect
        ("bob.yaml", 11, 1),            # AlexNet weights only: bias_omitted, half of 2 points
        ("carol.yaml", 11, 1),          # VGG19 weights only: bias_omitted
        ("dave.yaml", 8, 4),            # two items wrong, 0 of 2 each
        ("frank.yaml", 10, 2),          # one item wrong
    ],
)
def test_known_mistakes_cost_exactly(graded: dict[str, Any], rel: str, network_counts: int,
                                     lost: int) -> None:
    rows = graded["rows"]
    assert float(rows[rel]["network_counts"]) == network_counts
    assert float(rows["alice.yaml"]["total"]) - float(rows[rel]["total"]) == lost


def test_csv_cells_cannot_become_formulas(graded: dict[str, Any]) -> None:
    assert graded["rows"]["sub/grace.yml"]["name"] == "'=cmd|' /C calc'!A0"


# --------------------------------------------------------------------------- reports


@pytest.mark.parametrize("rel", GOOD)
def test_report_json_is_what_check_prints(graded: dict[str, Any], runner: CliRunner,
                                          rel: str) -> None:
    key = graded["summary"]["reports"][rel]
    result = runner.invoke(app, ["check", str(graded["root"] / rel), "--format", "json",
                                 "--lang", "en"])
    assert result.exit_code in (0, 1)
    written = (graded["out"] / "reports" / f"{key}.json").read_text(encoding="utf-8")
    assert json.loads(written) == json.loads(result.stdout)  # the same report, compact


@pytest.mark.parametrize(
    ("rel", "key"),
    [
        ("alice.yaml", "2023001"),                  # the student id
        ("bob.yaml", "2023002"),                    # first of a duplicated id (sorted order)
        ("frank.yaml", "2023002-2"),                # the duplicate, disambiguated
        ("noid.yaml", "noid"),                      # no id: the file stem
        ("seeds/seed_000.yaml", "seed-000"),
    ],
)
def test_report_names(graded: dict[str, Any], rel: str, key: str) -> None:
    assert graded["summary"]["reports"][rel] == key
    assert graded["rows"][rel]["report"] == key
    md = (graded["out"] / "reports" / f"{key}.md").read_text(encoding="utf-8")
    assert md.startswith("# ch3 · ")


def test_no_report_for_failed_files(graded: dict[str, Any]) -> None:
    names = sorted(p.name for p in (graded["out"] / "reports").iterdir())
    assert len(names) == 2 * len(GOOD)


# --------------------------------------------------------------------------- summary


def test_summary_counts_and_statistics(graded: dict[str, Any]) -> None:
    s = graded["summary"]
    totals = sorted(float(graded["rows"][rel]["total"]) for rel in GOOD)
    assert (s["files"], s["graded"], len(s["failed"])) == (14, 10, 4)
    assert s["totals"]["mean"] == round(sum(totals) / len(totals), 4)
    assert s["totals"]["min"] == totals[0]
    assert s["totals"]["max"] == totals[-1]
    assert s["totals"]["median"] == (totals[4] + totals[5]) / 2
    assert sum(b["count"] for b in s["histogram"]) == 10
    means = {q["id"]: q["mean"] for q in s["questions"]}
    assert means["network_counts"] == round(
        sum(float(graded["rows"][rel]["network_counts"]) for rel in GOOD) / 10, 4)


def test_summary_diagnoses_and_items_wrong(graded: dict[str, Any]) -> None:
    s = graded["summary"]
    codes = {d["code"]: d for d in s["diagnoses"]}
    # Bob, Carol, Grace each omit biases once; seed 000 and seed 001 once each.
    assert codes["bias_omitted"]["submissions"] == 5
    wrong = {w["path"]: w["wrong"] for w in s["items_wrong"]}
    # Dave, Erin, Frank, seed 000 and seed 001 get VGG19's neurons wrong.
    assert wrong["network_counts.vgg19.neurons"] == 5
    assert s["items_wrong"] == sorted(s["items_wrong"],
                                      key=lambda w: (-w["wrong"], -w["missing"], w["path"]))


def test_duplicate_ids_are_reported(graded: dict[str, Any]) -> None:
    assert graded["summary"]["duplicate_ids"] == [
        {"id": "2023002", "files": ["bob.yaml", "frank.yaml"]}]
    assert "2023002" in graded["output"]


def test_shared_identical_wrong_answers(graded: dict[str, Any]) -> None:
    groups = graded["summary"]["shared_wrong_answers"]
    assert {"files": ["dave.yaml", "erin.yaml"], "students": ["2023004", "2023005"],
            "items": [{"path": "network_counts.resnet152.params", "submitted": "61 000 000"},
                      {"path": "network_counts.vgg19.neurons", "submitted": "14696"}]} in groups
    for g in groups:  # Frank shares only one of the two: never in a group with them
        assert not {"dave.yaml", "frank.yaml"} <= set(g["files"])
        assert len(g["items"]) >= 2


def test_console_summary(graded: dict[str, Any]) -> None:
    out = graded["output"]
    assert "Class summary: ch3" in out
    assert "10 of 14 files graded, 4 failed" in out
    assert f"mean {graded['summary']['totals']['mean']:g}" in out
    assert "broken/empty.yaml: the file is empty" in out
    assert "[14/14]" in out  # plain progress lines when stdout is not a terminal


# --------------------------------------------------------------------------- HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: dict[str, str] = {}
        self._id: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._id = dict(attrs).get("id")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._id:
            self.ids[self._id] = data
            self._id = None


def test_html_is_self_contained_and_shows_the_figures(graded: dict[str, Any]) -> None:
    page = (graded["out"] / "report.html").read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(page)
    parser.close()
    s = graded["summary"]
    assert parser.ids["stat-graded"] == "10"
    assert parser.ids["stat-failed"] == "4"
    assert parser.ids["stat-mean"] == f"{s['totals']['mean']:,.2f}"   # two decimals, always
    # every file accounted for: graded + failed + other assignment + skipped = found
    assert [parser.ids[f"stat-{k}"] for k in ("files", "graded", "failed", "other",
                                              "skipped")] == ["14", "10", "4", "0", "0"]
    # the total histogram, diagnoses, items wrong, and one distribution per question
    assert parser.tags.count("svg") == 3 + sum(1 for q in s["questions"] if q["histogram"])
    assert parser.tags.count("script") == 1 and "link" not in parser.tags  # inline only
    assert "src=" not in page and "url(" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "=cmd|&#x27; /C calc&#x27;!A0" in page  # escaped, as text


# --------------------------------------------------------------------------- determinism


def test_two_runs_give_identical_bytes(tmp_path: Path, runner: CliRunner) -> None:
    root = make_class(tmp_path / "class")
    before = _digest(root)
    outputs = []
    for name, jobs in (("a", "1"), ("b", "1"), ("c", "2")):  # also across process pools
        out = tmp_path / name
        result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outputs.append(_tree(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert _digest(root) == before  # inputs never modified
    assert str(tmp_path) not in b"".join(outputs[0].values()).decode("utf-8")  # no abs paths


def test_writes_are_atomic_and_replace_whole_files(tmp_path: Path, runner: CliRunner) -> None:
    root = make_class(tmp_path / "class")
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "grades.csv").write_text("old,junk\n" * 10_000, encoding="utf-8")
    (out / "reports" / "gone.json").write_text("{}", encoding="utf-8")  # not grader's: kept
    (out / "reports" / "keep.txt").write_text("TA notes", encoding="utf-8")  # not ours: kept
    result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    text = (out / "grades.csv").read_text(encoding="utf-8-sig")
    assert "junk" not in text and len(text.splitlines()) == 15
    assert (out / "reports" / "gone.json").read_text(encoding="utf-8") == "{}"
    assert (out / "reports" / "keep.txt").read_text(encoding="utf-8") == "TA notes"
    # A student who left the class: the report grader wrote for them goes with the re-run.
    (root / "alice.yaml").unlink()
    result = runner.invoke(app, ["batch", str(root), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert not (out / "reports" / "2023001.json").exists()
    assert (out / "reports" / "gone.json").exists() and (out / "reports" / "keep.txt").exists()
    assert [p for p in out.rglob(f"{TEMP_PREFIX}*")] == []


def test_failed_atomic_write_keeps_the_old_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "grades.csv"
    target.write_text("old\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("grader.atomic.os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv"]


# --------------------------------------------------------------------------- time budget


def test_a_slow_submission_is_cut_and_the_batch_goes_on(tmp_path: Path, runner: CliRunner,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "class"
    root.mkdir()
    for rel in ("alice.yaml", "bob.yaml"):
        (root / rel).write_text(CLASS[rel], encoding="utf-8")
    from grader.engine import grade as real

    def slow_for_bob(rubric: Any, submission: Any) -> Any:
        if submission.student.name == "Bob":
            time.sleep(30)
        return real(rubric, submission)

    # The worker processes are forked from this one, so they grade with the patched engine.
    monkeypatch.setattr(grading_module, "grade", slow_for_bob)
    start = time.monotonic()
    result = runner.invoke(app, ["batch", str(root), "--out", str(tmp_path / "out"),
                                 "--jobs", "2", "--timeout", "0.5", "--lang", "en"])
    assert time.monotonic() - start < 10
    assert result.exit_code == 3, result.output  # an internal failure: worth re-running
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["graded"] == 1
    assert summary["failed"] == [{
        "file": "bob.yaml", "internal": True,
        "reason": "grading took longer than 0.5 s and was stopped (not the student's fault: "
                  "re-run, or raise --timeout)"}]


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("case", "exit_code", "message"),
    [
        ("ok", 0, "Class summary"),                               # bad files are results
        ("empty_dir", 0, "No *.yaml/*.yml submissions found"),   # nothing to grade: fine
        ("missing_dir", 2, "not a directory"),                    # DIR missing
        ("bad_rubric", 2, "no rubric 'ch33'"),                    # rubric unreadable
        ("rubric_file_broken", 2, "rubric.yaml:2:1: YAML syntax"),  # rubric file malformed
        ("out_is_a_file", 2, "cannot write to the output directory"),  # OUTDIR not writable
        ("bad_overrides", 2, "overrides.yaml:2:"),                # unknown item path
    ],
)
def test_exit_codes(tmp_path: Path, runner: CliRunner, case: str, exit_code: int,
                    message: str) -> None:
    root = tmp_path / "class"
    root.mkdir()
    (root / "alice.yaml").write_text(CLASS["alice.yaml"], encoding="utf-8")
    (root / "broken.yaml").write_bytes(BROKEN["broken/invalid.yaml"])
    out = tmp_path / "out"
    args = ["batch", str(root), "--out", str(out), "--jobs", "1", "--lang", "en"]
    if case == "empty_dir":
        args[1] = str(tmp_path / "nothing")
        (tmp_path / "nothing").mkdir()
    elif case == "missing_dir":
        args[1] = str(tmp_path / "absent")
    elif case == "bad_rubric":
        args += ["--rubric", "ch33"]
    elif case == "rubric_file_broken":
        (tmp_path / "rubric.yaml").write_text("id: [\n", encoding="utf-8")
        args += ["--rubric", str(tmp_path / "rubric.yaml")]
    elif case == "out_is_a_file":
        out.write_text("a file", encoding="utf-8")
    elif case == "bad_overrides":
        (tmp_path / "overrides.yaml").write_text(
            '- {student: "2023001", item: network_counts.alexnet.params, score: 2}\n'
            '- {student: "2023001", item: network_counts.alexnet.parms, score: 2}\n',
            encoding="utf-8")
        args += ["--overrides", str(tmp_path / "overrides.yaml")]
    result = runner.invoke(app, args)
    assert result.exit_code == exit_code, result.output
    assert message in result.output + result.stderr
    if exit_code == 2 and case != "out_is_a_file":
        assert not (out / "grades.csv").exists()  # nothing half-written


def test_overrides_file_inside_the_class_is_not_a_submission(tmp_path: Path,
                                                               runner: CliRunner) -> None:
    root = tmp_path / "class"
    root.mkdir()
    (root / "alice.yaml").write_text(CLASS["alice.yaml"], encoding="utf-8")
    (root / "overrides.yaml").write_text("[]\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(root), "--out", str(root / "out"), "--jobs", "1",
                                 "--overrides", str(root / "overrides.yaml")])
    assert result.exit_code == 0, result.output
    summary = json.loads((root / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["files"], summary["failed"]) == (1, [])
