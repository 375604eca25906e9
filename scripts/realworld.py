"""Agreement of the grader with a careful TA on the real-world corpus (tests/realworld/).

    python scripts/realworld.py [--show N]

Prints, for the numeric answers and for the formula spellings, how many items the grader
judged as the TA did (verdict class and named diagnoses), over how many sources, and the
first N disagreements to read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.realworld.agreement import (  # noqa: E402
    Summary,
    corpus_files,
    essay_outcomes,
    formula_outcomes,
    number_outcomes,
    summarise,
)


def report(title: str, summary: Summary, show: int) -> None:
    n = len(summary.outcomes)
    print(f"{title}: {summary.agreed}/{n} items agree ({summary.rate:.1%}), "
          f"{summary.sources()} sources; TA verdicts {dict(summary.by_ta_verdict())}")
    for o in summary.disagreements()[:show]:
        print(f"  ✗ {o.case} {o.path}: TA {o.ta_verdict} {list(o.ta_codes)} · grader "
              f"{o.verdict} {list(o.codes)}  «{o.text[:90]}»")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=20, help="disagreements to print")
    args = parser.parse_args()
    report("Numbers (3.1, 3.2, Table 3.7)", summarise(number_outcomes()), args.show)
    report("Formulas (LSTM gates, GAN losses)", summarise(formula_outcomes()), args.show)
    report("Essay concepts (found or not)", summarise(essay_outcomes()), 0)
    for name in corpus_files("essays"):
        report(f"  {name}", summarise(essay_outcomes(name)), args.show)


if __name__ == "__main__":
    main()
