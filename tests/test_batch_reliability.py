"""A class never fails because of one file: names, ids, dying workers, interrupted runs,
the output folder, links, overrides, markup, bounds and output encodings (issue 14)."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import grader.batch._grading as grading_module
from grader.batch import INCOMPLETE, STAGING, FileResult
from grader.batch._outputs import PARTS, locked
from grader.cli import app
from tests.conftest import ANSWERS

PERFECT = (ANSWERS / "perfect.yaml").read_text(encoding="utf-8")
STUDENT = 'student: {id: "2023001", name: 张三}'
GRADER = [sys.executable, "-c", "from grader.cli import main; main()"]


def _answer(sid: str, name: str = "S", *, params: str | None = None) -> str:
    assert PERFECT.count(STUDENT) == 1
    sid_text, name_text = (json.dumps(x, ensure_ascii=False) for x in (sid, name))
    fields = f"id: {sid_text}, name: {name_text}"
    text = PERFECT.replace(STUDENT, f"student: {{{fields}}}")
    if params is not None:
        text = text.replace("      params: 60,965,224\n", f"      params: {params}\n", 1)
    return text


def _batch(runner: CliRunner, root: Path, out: Path, *extra: str) -> Any:
    return runner.invoke(app, ["batch", str(root), "--out", str(out), "--lang", "en", *extra])


def _summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig"))))


def consistent(out: Path) -> None:
    """grades.csv, summary.json, report.html and every per-student report tell one story."""
    rows, summary = _rows(out), _summary(out)
    graded = [r for r in rows if r["total"]]
    assert summary["graded"] == len(graded)
    assert summary["reports"] == {r["file"]: r["report"] for r in graded}
    for r in graded:
        report = json.loads((out / "reports" / f"{r['report']}.json").read_text(encoding="utf-8"))
        assert (report["student"]["id"], str(report["score"])) == (r["student_id"], r["total"])
        md = (out / "reports" / f"{r['report']}.md").read_text(encoding="utf-8")
        assert f"Total: {r['total']} / " in md or f"总分：{r['total']} / " in md
    ours = {p.name for p in (out / "reports").iterdir()}
    expected = {f"{r['report']}.{ext}" for r in graded for ext in ("json", "md")}
    assert ours == expected, (sorted(ours - expected), sorted(expected - ours))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f'id="stat-graded">{summary["graded"]}<' in page
    # A run cut while staging leaves its hidden staging folder (cleared by the next run); the
    # set in place is whole all the same.
    assert not (out / INCOMPLETE).exists()


# --------------------------------------------------------------------------- 1, 2: names, ids


def test_a_file_name_that_is_not_utf8_is_graded_and_shown(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    if sys.platform == "win32" or sys.platform == "darwin":
        pytest.skip("only POSIX file systems other than macOS's keep arbitrary name bytes")
    root = tmp_path / "class"
    root.mkdir()
    gbk = os.fsencode(root) + b"/" + "张三_hw3.yaml".encode("gbk")  # a zip from Chinese Windows
    with open(gbk, "wb") as handle:
        handle.write(_answer("2023001").encode("utf-8"))
    (root / "li.yaml").write_text(_answer("2023002"), encoding="utf-8")
    result = _batch(runner, root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "张三_hw3.yaml: 69/69" in result.output           # shown as GBK reads it
    assert [r["file"] for r in _rows(tmp_path / "out")] == ["li.yaml", "张三_hw3.yaml"]
    consistent(tmp_path / "out")


def test_undecodable_name_bytes_are_escaped(tmp_path: Path, runner: CliRunner) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("only POSIX file systems other than macOS's keep arbitrary name bytes")
    root = tmp_path / "class"
    root.mkdir()
    with open(os.fsencode(root) + b"/bad\xff\xfe.yaml", "wb") as handle:  # neither UTF-8 nor GBK
        handle.write(_answer("2023001").encode("utf-8"))
    result = _batch(runner, root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [r["file"] for r in _rows(tmp_path / "out")] == ["bad\\xff\\xfe.yaml"]


@pytest.mark.parametrize(
    ("ids", "keys"),
    [
        # 80 × U+1D400 (4 bytes each): 320 bytes would be too long a file name
        (["𝐀" * 80], ["𝐀" * 24]),
        # two ids alike in their first 96 bytes stay apart
        (["a" * 200 + "1", "a" * 200 + "2"], ["a" * 96, "a" * 94 + "-2"]),
        # ids that differ only in case or unsafe characters
        (["AB/1", "ab 1"], ["AB_1", "ab_1-2"]),
    ],
)
def test_report_names_are_bounded_in_bytes_and_unique(tmp_path: Path, runner: CliRunner,
                                                      ids: list[str], keys: list[str]) -> None:
    root = tmp_path / "class"
    root.mkdir()
    for n, sid in enumerate(ids):
        (root / f"s{n}.yaml").write_text(_answer(sid), encoding="utf-8")
    result = _batch(runner, root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [r["report"] for r in _rows(tmp_path / "out")] == keys
    assert all(len(k.encode("utf-8")) <= 96 for k in keys)
    consistent(tmp_path / "out")


# --------------------------------------------------------------------------- 3: workers


def _class(root: Path, n: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"s{i:03d}.yaml").write_text(_answer(f"2023{i:03d}", f"S{i}"), encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="kills a worker with SIGKILL")
@pytest.mark.parametrize(
    ("deaths", "exit_code", "graded"),
    [
        (1, 0, 12),   # killed once (as by the OOM killer): retried in a fresh worker, graded
        (99, 3, 11),  # dies every time: only that file fails, with the reason; exit 3
    ],
)
def test_a_worker_that_dies_costs_at_most_its_own_file(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
        deaths: int, exit_code: int, graded: int) -> None:
    root = tmp_path / "class"
    _class(root, 12)
    real = grading_module.grade
    parent, tally = os.getpid(), tmp_path / "deaths"

    def dying(rubric: Any, submission: Any) -> Any:
        if submission.student.id == "2023005" and os.getpid() != parent:
            with open(tally, "a", encoding="utf-8") as handle:
                handle.write("x")
            if len(tally.read_text(encoding="utf-8")) <= deaths:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(rubric, submission)

    monkeypatch.setattr(grading_module, "grade", dying)  # forked workers inherit the patch
    result = _batch(runner, root, tmp_path / "out", "--jobs", "2")
    assert result.exit_code == exit_code, result.output
    summary = _summary(tmp_path / "out")
    assert summary["graded"] == graded
    if exit_code:
        assert summary["failed"] == [{
            "file": "s005.yaml", "internal": True,
            "reason": "s005.yaml: the worker process grading it died twice (SIGKILL; out of "
                      "memory?); not the student's fault: re-run"}]
    consistent(tmp_path / "out")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_batch_killed_by_sigkill_leaves_no_workers(tmp_path: Path) -> None:
    _class(tmp_path / "class", 300)
    proc = subprocess.Popen([*GRADER, "batch", str(tmp_path / "class"), "--out",
                             str(tmp_path / "out"), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the batch never started its two workers"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and
                                              "Z" not in _state(w) for w in workers):
        time.sleep(0.1)
    assert [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)] == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# --------------------------------------------------------------------------- 4: one set


def test_a_second_run_into_a_locked_folder_refuses(tmp_path: Path, runner: CliRunner) -> None:
    _class(tmp_path / "class", 2)
    with locked(tmp_path / "out"):
        result = _batch(runner, tmp_path / "class", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 2
    assert "another grader batch is writing to" in result.output + result.stderr
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_a_run_cut_during_the_swap_is_completed_by_the_next(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = tmp_path / "class", tmp_path / "out"
    _class(root, 6)
    assert _batch(runner, root, out, "--jobs", "1").exit_code == 0
    (root / "s000.yaml").write_text(_answer("2023000", params="60954656"), encoding="utf-8")
    (root / "s005.yaml").unlink()
    real_replace, calls = os.replace, [0]

    def crash_midway(src: Any, dst: Any) -> None:
        if STAGING not in Path(dst).parts:  # moves into staging (READY, reports) not counted
            calls[0] += 1
        if calls[0] == 5:  # INCOMPLETE.txt, then three outputs in: the power goes
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_midway)
    with pytest.raises(KeyboardInterrupt):
        from grader.batch import BatchConfig, run_batch

        run_batch(BatchConfig(root=root, out=out, jobs=1, lang="en"))
    monkeypatch.setattr(os, "replace", real_replace)
    assert "may disagree" in (out / INCOMPLETE).read_text(encoding="utf-8")
    result = _batch(runner, root, out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "its swap was completed first" in " ".join(result.output.split())
    consistent(out)
    assert _summary(out)["graded"] == 5


def test_a_full_disk_leaves_the_old_set_untouched(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = tmp_path / "class", tmp_path / "out"
    _class(root, 3)
    assert _batch(runner, root, out, "--jobs", "1").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "s001.yaml").write_text(_answer("2023001", params="60954656"), encoding="utf-8")
    real_write = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name == "report.html":
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = _batch(runner, root, out, "--jobs", "1")
    assert result.exit_code == 2 and "No space left on device" in result.output + result.stderr
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (out / STAGING).exists()


def _kill_and_check(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    root, out = tmp_path / "class", tmp_path / "out"
    _class(root, 40)
    args = [*GRADER, "batch", str(root), "--out", str(out), "--jobs", "2"]
    start = time.monotonic()
    subprocess.run(args, check=True, capture_output=True)
    span = time.monotonic() - start
    for _ in range(kills):
        for i in rng.sample(range(40), 5):  # a re-grade that changes five students' totals
            wrong = rng.choice(["60954656", "60965224", "62,000,000"])
            (root / f"s{i:03d}.yaml").write_text(_answer(f"2023{i:03d}", params=wrong),
                                                 encoding="utf-8")
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, span * 1.1))
        proc.kill()
        proc.wait()
        if (out / INCOMPLETE).exists():   # cut in the instant of the swap: it says so ...
            subprocess.run(args, check=True, capture_output=True)  # ... and the next run heals
        consistent(out)
    subprocess.run(args, check=True, capture_output=True)
    consistent(out)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_at_random_moments_never_leaves_a_mixed_set(tmp_path: Path) -> None:
    _kill_and_check(tmp_path, kills=3, seed=14)


@pytest.mark.nightly
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_at_random_moments_never_leaves_a_mixed_set_long(tmp_path: Path) -> None:
    _kill_and_check(tmp_path, kills=40, seed=1414)


# --------------------------------------------------------------------------- 5, 6: folders


def test_out_equal_to_the_class_folder_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    _class(tmp_path / "class", 2)
    result = _batch(runner, tmp_path / "class", tmp_path / "class" / ".." / "class")
    assert result.exit_code == 2
    assert "is the class folder itself" in result.output + result.stderr
    assert sorted(p.name for p in (tmp_path / "class").iterdir()) == ["s000.yaml", "s001.yaml"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_links_out_of_the_class_and_hidden_files_are_listed_not_graded(
        tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "class"
    _class(root, 1)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text(_answer("9"), encoding="utf-8")
    (root / "escape").symlink_to(outside, target_is_directory=True)   # a link to / or ~
    (root / "passwd.yaml").symlink_to("/etc/passwd")                    # a link to a file
    (root / ".hw3.yaml").write_text(_answer("8"), encoding="utf-8")     # hidden
    (root / "inside.yaml").symlink_to(root / "s000.yaml")               # stays inside: graded
    result = _batch(runner, root, tmp_path / "out", "--jobs", "1", "--attempts", "all")
    assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "out")
    assert summary["skipped"] == [
        {"file": ".hw3.yaml", "reason": "hidden"},
        {"file": "escape/", "reason": "outside"},
        {"file": "passwd.yaml", "reason": "outside"},
    ]
    assert summary["graded"] == 2 and summary["files"] == 5
    assert "a link leading outside the class folder: not followed" in result.output


# --------------------------------------------------------------------------- 7: overrides


def test_an_override_for_an_id_never_reaches_a_file_of_that_name(tmp_path: Path,
                                                                  runner: CliRunner) -> None:
    root = tmp_path / "class"
    root.mkdir()
    (root / "alice.yaml").write_text(_answer("20240001", "Alice"), encoding="utf-8")
    (root / "20240001.yaml").write_text(_answer("20240002", "Bob"), encoding="utf-8")
    (root / "noid.yaml").write_text(_answer("", "Carol"), encoding="utf-8")
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text('- {student: "20240001", item: rcnn_family, score: 1}\n'
                         '- {student: "noid", item: rcnn_family, score: 2}\n', encoding="utf-8")
    result = _batch(runner, root, tmp_path / "out", "--jobs", "1", "--overrides", str(overrides))
    assert result.exit_code == 0, result.output
    rows = {r["file"]: r for r in _rows(tmp_path / "out")}
    assert rows["alice.yaml"]["overrides"] == "rcnn_family"       # the id holder
    assert rows["20240001.yaml"]["overrides"] == ""                # not the file named so
    assert rows["noid.yaml"]["overrides"] == "rcnn_family"         # no id: by file name
    assert _summary(tmp_path / "out")["overrides"]["applied"] == 2


# --------------------------------------------------------------------------- 8: markup


def test_nothing_a_student_writes_becomes_markup_or_control(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    root = tmp_path / "class"
    (root / "[").mkdir(parents=True)
    forged = "<img src=x onerror=alert(1)>\n\n**Total: 50 / 50**"
    (root / "a.yaml").write_text(_answer("-1-1", forged, params="60,965,224\u202e"),
                                 encoding="utf-8")
    (root / "[" / "x.yaml").write_text(_answer("2"), encoding="utf-8")     # `[/` in a path
    (root / "\x1b[2Jc.yaml").write_text(_answer("3"), encoding="utf-8")    # ESC in a name
    result = _batch(runner, root, tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\\x1b[2Jc.yaml" in result.output
    assert "[/x.yaml" in result.output
    md = (tmp_path / "out" / "reports" / "-1-1.md").read_text(encoding="utf-8")
    heading = md.splitlines()[0]
    assert heading == ("# ch3 · -1-1 &lt;img src=x onerror=alert(1)&gt; \\*\\*Total: 50 / "
                       "50\\*\\*")
    assert "\n**Total" not in md and "<img" not in md and "\u202e" not in md
    row = next(r for r in _rows(tmp_path / "out") if r["file"] == "a.yaml")
    assert row["student_id"] == "'-1-1"          # a spreadsheet would compute -1-1
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x" in page


def test_the_progress_bar_takes_no_markup_from_names() -> None:
    from rich.console import Console

    from grader.render_batch import RichProgress

    buffer = io.StringIO()
    bar = RichProgress(Console(file=buffer, force_terminal=True, width=100), "en")
    bar.start(1)
    bar.advance(FileResult("[/]\x1b[2J.yaml", error="x"))  # rich would raise MarkupError
    bar.stop()
    assert "\x1b[2J" not in buffer.getvalue().replace("\x1b[2K", "")


# --------------------------------------------------------------------------- 9, 10: bounds


def test_a_huge_name_is_bounded_everywhere(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "class"
    root.mkdir()
    (root / "a.yaml").write_text(_answer("1", "n" * 1_500_000), encoding="utf-8")  # 1.5 MB
    result = _batch(runner, root, tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    for name in ("grades.csv", "summary.json", "report.html", "reports/1.md", "reports/1.json"):
        assert (out / name).stat().st_size < 60_000, name
    assert "[1,496,000 more characters]" in _rows(out)[0]["name"]


@pytest.mark.parametrize(
    ("where", "text", "message"),
    [
        # an exponent that would build a billion-digit number
        ("threshold", 'threshold: "1e999999999"', "exponent beyond ±30"),
        # points that overflow every statistic
        ("points", "points: 1e308", "less than or equal to 10000"),
        ("points", "points: .inf", "valid number"),  # YAML infinity is not read as a number
    ],
)
def test_rubric_numbers_are_bounded(tmp_path: Path, runner: CliRunner, where: str, text: str,
                                    message: str) -> None:
    source = (Path(__file__).parents[1] / "rubrics" / "ch3.yaml").read_text(encoding="utf-8")
    old = 'threshold: "0.3"' if where == "threshold" else "points: 2 "
    assert old in source
    (tmp_path / "r.yaml").write_text(source.replace(old, text + " ", 1), encoding="utf-8")
    result = runner.invoke(app, ["rubric", "validate", str(tmp_path / "r.yaml")])
    assert result.exit_code == 2 and message in result.output + result.stderr
    _class(tmp_path / "class", 1)
    result = _batch(runner, tmp_path / "class", tmp_path / "out", "--rubric",
                    str(tmp_path / "r.yaml"))
    assert result.exit_code == 2 and message in result.output + result.stderr


def test_an_override_score_is_bounded(tmp_path: Path, runner: CliRunner) -> None:
    _class(tmp_path / "class", 1)
    (tmp_path / "o.yaml").write_text(
        '- {student: "2023000", item: rcnn_family, score: "1e99999999"}\n', encoding="utf-8")
    result = _batch(runner, tmp_path / "class", tmp_path / "out", "--overrides",
                    str(tmp_path / "o.yaml"))
    assert result.exit_code == 2
    assert "o.yaml:1:" in result.output + result.stderr


def test_too_many_jobs_are_capped_and_said(tmp_path: Path, runner: CliRunner) -> None:
    _class(tmp_path / "class", 3)
    result = _batch(runner, tmp_path / "class", tmp_path / "out", "--jobs", "64")
    cpus = os.cpu_count() or 1
    assert result.exit_code == 0, result.output
    assert f"--jobs 64 asked for more workers than the {cpus} CPUs; using {cpus}" in result.output


@pytest.mark.parametrize("command", ["check", "batch"])
def test_output_that_cannot_take_utf8_degrades(tmp_path: Path, command: str) -> None:
    _class(tmp_path / "class", 1)
    target = ([str(tmp_path / "class" / "s000.yaml")] if command == "check"
              else [str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--jobs", "1"])
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "GRADER_LANG": "zh"}
    done = subprocess.run([*GRADER, command, *target], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert b"Traceback" not in done.stderr
    assert b"\\u" in done.stdout and max(done.stdout) < 128   # escaped, not lost


@pytest.mark.parametrize("jobs", [
    "1",   # graded in this process: the texts are written to the parts folder all the same
    "2",   # workers write their own report files while the other grades
])
def test_report_files_written_while_grading_land_in_the_set(
        tmp_path: Path, runner: CliRunner, jobs: str) -> None:
    _class(tmp_path / "class", 5)
    result = _batch(runner, tmp_path / "class", tmp_path / "out", "--jobs", jobs)
    assert result.exit_code == 0, result.output
    consistent(tmp_path / "out")
    assert len(list((tmp_path / "out" / "reports").iterdir())) == 10
    assert not (tmp_path / "out" / PARTS).exists()   # every file was moved in


def test_a_worker_that_cannot_write_its_report_files_hands_the_texts_over(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _class(tmp_path / "class", 3)

    def disk_full(result: FileResult, part: str) -> FileResult:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(grading_module, "written", disk_full)
    result = _batch(runner, tmp_path / "class", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    consistent(tmp_path / "out")
