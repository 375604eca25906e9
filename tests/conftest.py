"""Shared fixtures: paths, a CLI runner at a fixed width, and graded seeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

# A message key missing from the catalogue raises in the tests (and their subprocesses).
os.environ["GRADER_STRICT_MESSAGES"] = "1"

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "answers"
RUBRICS = ROOT / "rubrics"


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner whose terminal is 100 columns wide and colourless."""
    return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
