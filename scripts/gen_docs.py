"""Regenerate the documents generated from the code: docs/diagnoses.md (from grader/codes).

A test fails when a generated document is out of date; run this after changing a code's
row and commit the result.
"""

from __future__ import annotations

from pathlib import Path

from grader.explain import catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent
GENERATED = {ROOT / "docs" / "diagnoses.md": catalogue_markdown}


def main() -> None:
    for path, render in GENERATED.items():
        path.write_text(render(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
