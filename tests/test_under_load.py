"""A verdict never depends on the machine: the same file gets the same report idle and
with every core busy (no wall-clock budget can flip a grade)."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ANSWERS


def _spin() -> None:  # pragma: no cover - runs in a child process
    while True:
        pass


@pytest.fixture
def busy_machine() -> Iterator[None]:
    """Three busy loops per core for the duration of the test."""
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_spin, daemon=True)
               for _ in range(3 * (os.cpu_count() or 1))]
    for w in workers:
        w.start()
    try:
        yield
    finally:
        for w in workers:
            w.kill()
        for w in workers:
            w.join()


def _check(path: Path) -> tuple[int, dict[str, object]]:
    env = {**os.environ, "GRADER_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "grader.cli", "check", str(path),
                           "--format", "json", "--reveal"],
                          capture_output=True, text=True, env=env, timeout=300)
    return done.returncode, json.loads(done.stdout)


@pytest.fixture(scope="module")
def idle_report() -> tuple[int, dict[str, object]]:
    """perfect.yaml (every kind of question, every formula) graded on an idle machine."""
    return _check(ANSWERS / "perfect.yaml")


def test_same_report_idle_and_under_load(idle_report: tuple[int, dict[str, object]],
                                         busy_machine: None) -> None:
    assert idle_report[0] == 0
    assert _check(ANSWERS / "perfect.yaml") == idle_report
