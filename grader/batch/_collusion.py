"""Shared rare wrong answers: the overlaps between submissions a TA may want to look at."""

from __future__ import annotations

import unicodedata
from collections import Counter

from grader.batch._model import SharedAnswer, SharedGroup
from grader.report import Report, Verdict

__all__ = ["WRONG", "shared_wrong_answers"]

WRONG = (Verdict.PARTIAL, Verdict.INCORRECT, Verdict.UNPARSED)
"""Verdicts that count as a wrong answer."""


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def shared_wrong_answers(reports: dict[str, Report], *, min_items: int = 2
                         ) -> tuple[SharedGroup, ...]:
    """Groups of submissions sharing the same rare wrong answer text on ≥ `min_items` items.

    Only scored items judged partial, incorrect or unparsed count; the text is compared
    after Unicode normalisation, case folding and removing whitespace. A wrong answer given
    by more than 5% of the class (and more than 3 students) is a common misconception, not
    a sign of copying, and is left out. Each group is the set of every submission containing
    all its shared answers. Such overlaps are worth a look; they prove nothing.
    """
    wrong: dict[str, frozenset[tuple[str, str]]] = {}
    shown: dict[tuple[str, str], str] = {}
    for rel in sorted(reports):
        pairs = set()
        for item in reports[rel].items():
            if not (item.graded and item.max_score > 0 and item.verdict in WRONG
                    and item.submitted):
                continue
            norm = _normalise(item.submitted)
            if norm:
                pair = (item.path, norm)
                pairs.add(pair)
                shown.setdefault(pair, " ".join(item.submitted.split()))
        wrong[rel] = frozenset(pairs)
    frequency = Counter(pair for pairs in wrong.values() for pair in pairs)
    common_limit = max(3, len(reports) // 20)
    wrong = {rel: frozenset(p for p in pairs if frequency[p] <= common_limit)
             for rel, pairs in wrong.items()}
    rels = sorted(r for r in wrong if len(wrong[r]) >= min_items)
    # Indexed by answer: only submissions that share a rare answer are ever compared, and
    # a rare answer has at most `common_limit` holders, so the work grows with the class,
    # not with its square.
    holders: dict[tuple[str, str], list[str]] = {}
    for rel in rels:
        for pair in wrong[rel]:
            holders.setdefault(pair, []).append(rel)
    shared: set[frozenset[tuple[str, str]]] = set()
    for a in rels:
        met = Counter(b for pair in wrong[a] for b in holders[pair] if b > a)
        for b, count in met.items():
            if count >= min_items:
                shared.add(wrong[a] & wrong[b])
    found: list[tuple[list[str], list[tuple[str, str]]]] = []
    for common in shared:
        first = next(iter(common))       # every member holds this answer too
        found.append(([r for r in holders[first] if common <= wrong[r]], sorted(common)))
    found.sort(key=lambda g: (-len(g[0]), -len(g[1]), g[0], g[1]))
    return tuple(
        SharedGroup(files=tuple(members),
                    students=tuple(reports[r].student.id for r in members),
                    items=tuple(SharedAnswer(path, shown[(path, norm)]) for path, norm in common))
        for members, common in found)


