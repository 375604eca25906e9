"""Rewrite the golden CLI outputs in tests/golden after a deliberate change of rendering.

Review the diff before committing: the numbers in these files are pinned independently
by the engine and seed tests; the golden files pin the layout.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from grader.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = {
    "reference_alexnet.txt": ["reference", "alexnet", "--lang", "en"],
    "check_seed_001_en.txt": ["check", "answers/seed_001.yaml", "--lang", "en", "--reveal"],
}


def main() -> None:
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    for name, args in GOLDEN.items():
        result = runner.invoke(app, [a if not a.startswith("answers/") else str(ROOT / a)
                                     for a in args])
        (ROOT / "tests" / "golden" / name).write_text(result.output, encoding="utf-8")
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()
