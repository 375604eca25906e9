"""`grader autograder` (issue 16): the zip, and its run_autograder in a simulated Gradescope
layout — the wheel installed by pip into a fresh virtual environment (offline: its
dependencies are taken from this environment), the upload graded whatever its name."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from grader.cli import app
from grader.gradescope_run import find_upload

ANSWERS = Path(__file__).resolve().parent.parent / "answers"


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The autograder image: the zip unpacked in source/, the wheel installed by pip in a
    fresh venv (as setup.sh does), run_autograder ready."""
    root = tmp_path_factory.mktemp("gradescope")
    zip_path = root / "autograder.zip"
    result = CliRunner().invoke(app, ["autograder", "--rubric", "ch3", "--lang", "zh",
                                      "--out", str(zip_path)])
    assert result.exit_code == 0, result.output
    source = root / "source"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(source)
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The runtime dependencies come from this environment (no network in the test).
    deps = env_dir / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / \
        "site-packages" / "grader_test_deps.pth"
    deps.write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    wheel = next(source.glob("grader-*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, timeout=300)
    # what runs is the wheel's copy, with its rubrics, not this checkout
    where = subprocess.run([str(python), "-c", "import grader, grader.rubric as r; "
                            "print(grader.__file__); print(r.builtin_rubric_dir())"],
                           cwd=root, capture_output=True, text=True, check=True).stdout
    assert where.splitlines()[0].startswith(str(env_dir))
    assert where.splitlines()[1] == str(Path(where.splitlines()[0]).parent / "_rubrics")
    return {"root": root, "source": source, "python": python, "zip": zip_path}


def _run(image: dict[str, Path], tmp: Path, uploads: dict[str, bytes]) -> dict[str, Any]:
    layout = tmp / "autograder"
    (layout / "submission").mkdir(parents=True)
    for name, data in uploads.items():
        (layout / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (layout / "submission" / name).write_bytes(data)
    env = {**os.environ, "AUTOGRADER_ROOT": str(layout),
           "GRADER_PYTHON": str(image["python"])}
    proc = subprocess.run(["bash", str(image["source"] / "run_autograder")], env=env,
                          cwd=layout, capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert (layout / "results" / "results.json").is_file(), proc.stderr
    results: dict[str, Any] = json.loads(
        (layout / "results" / "results.json").read_text(encoding="utf-8"))
    return results


def test_the_zip_holds_what_gradescope_needs(image: dict[str, Path]) -> None:
    with zipfile.ZipFile(image["zip"]) as archive:
        names = sorted(archive.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
    assert names == ["grader-0.1.0-py3-none-any.whl", "run_autograder", "setup.sh"]
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    setup = (image["source"] / "setup.sh").read_text(encoding="utf-8")
    assert "python3 -m venv /autograder/venv" in setup      # never a system-wide install
    assert "pip3 install" not in setup


def test_the_same_inputs_give_the_same_zip(tmp_path: Path) -> None:
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    for out in (a, b):
        assert CliRunner().invoke(app, ["autograder", "--out", str(out)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_a_submission_is_graded_whatever_its_name(image: dict[str, Path],
                                                  tmp_path: Path) -> None:
    upload = (ANSWERS / "seed_001.yaml").read_bytes()
    results = _run(image, tmp_path, {"我的 作业 (final).yml": upload})
    assert "已评分的文件：我的 作业 (final).yml" in results["output"]
    assert "Graded file: 我的 作业 (final).yml" in results["output"]
    assert results["output_format"] == "md"
    visible = [t for t in results["tests"] if t["visibility"] == "visible"]
    after = [t for t in results["tests"] if t["visibility"] == "after_due_date"]
    assert visible and len(after) == 1
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))
    assert "60,965,224" not in "".join(t["output"] for t in visible)   # answers kept back
    assert "60,965,224" in after[0]["output"]


@pytest.mark.parametrize(
    ("uploads", "said"),
    [
        # nothing uploaded: a message in both languages, a zero score, the run succeeds
        ({}, ["没有上传 .yaml 或 .yml 文件", "No .yaml or .yml file was uploaded"]),
        # a file saved as GBK: why, where, how to fix it
        ({"hw3.yaml": "assignment: ch3\nstudent: {name: 张三}\n".encode("gbk")},
         ["无法读取你的文件：", "hw3.yaml:2:17", "另存为 UTF-8"]),
        # two files: the shallowest is graded, and the student is told
        ({"a.yaml": (ANSWERS / "perfect.yaml").read_bytes(),
          "old/b.yaml": (ANSWERS / "seed_000.yaml").read_bytes()},
         ["上传了多个 YAML 文件（a.yaml, old/b.yaml），只评了 a.yaml。",
          "only a.yaml was graded"]),
    ],
)
def test_what_the_student_is_told(image: dict[str, Path], tmp_path: Path,
                                  uploads: dict[str, bytes], said: list[str]) -> None:
    results = _run(image, tmp_path, uploads)
    for text in said:
        assert text in results["output"]


def test_hidden_files_are_not_uploads(tmp_path: Path) -> None:
    (tmp_path / ".hidden.yaml").write_text("x: 1", encoding="utf-8")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    assert find_upload(tmp_path) == (None, [])
