"""Checks formulas students write (LSTM/GRU gates, GAN losses, conv arithmetic).

    >>> check_formula(r"\\sigma(W_f [h_{t-1}; x_t] + b_f)", "lstm.forget_gate").verdict
    'correct'

Pipeline, one concept per module: `lexer` (text → tokens, unicode and markdown damage
repaired), `parser` (tokens → a tree of allow-listed nodes, `tree`), `normalise` (tree →
canonical sympy form: weights renamed by what they multiply, biases merged, stacks
expanded, expectations linearised), `compare` (equivalence with `reference.formulas`,
chains, verdicts, cache) and `diagnose` (what differs, and where). Nothing a student
writes is evaluated; sympy is imported only when a formula is first checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, cast

from grader.formula import limits
from grader.formula.codenames import read_state_names
from grader.formula.layout import (
    from_gradient_step,
    from_image_links,
    from_katex_copy,
    join_pdf_lines,
    pick_rows,
)
from grader.formula.limits import MAX_CHARS, FormulaSyntaxError, FormulaTooBig, step_budget
from grader.formula.rolewords import read_role_words
from grader.formula.tree import (
    Chain,
    Node,
    Sym,
    primed_definitions,
    stacked_definitions,
    substitute,
)
from reference.formulas import REFERENCES, FormulaReference

__all__ = ["FormulaDiagnosis", "FormulaResult", "check_formula", "reference_display",
           "reference_ids"]

Verdict = Literal["correct", "accepted_variant", "incorrect", "unparsed"]


@dataclass(frozen=True)
class FormulaDiagnosis:
    """A SPEC §4 formula code, its message key (grader/messages/formulas.py) and params."""

    code: str
    key: str
    params: Mapping[str, str]


@dataclass(frozen=True)
class FormulaResult:
    verdict: Verdict
    diagnoses: tuple[FormulaDiagnosis, ...]
    canonical: str            # canonical text of what the student wrote; "" when unparsed


def reference_ids() -> tuple[str, ...]:
    """Every reference formula id, e.g. `lstm.forget_gate`, `gan.generator_loss`."""
    return tuple(REFERENCES)


def reference_display(reference_id: str) -> str:
    """The reference formula as readable LaTeX-ish text (for revealing answers)."""
    return _reference(reference_id).display


def _reference(reference_id: str) -> FormulaReference:
    try:
        return REFERENCES[reference_id]
    except KeyError:
        raise KeyError(f"unknown formula reference {reference_id!r}; "
                       f"known: {', '.join(REFERENCES)}") from None


def _unparsed(error: FormulaSyntaxError) -> FormulaResult:
    params = MappingProxyType({"column": str(error.column or 1), "reason": error.reason})
    return FormulaResult("unparsed", (FormulaDiagnosis("unparsed", "formula.unparsed",
                                                       params),), "")


def check_formula(text: str, reference_id: str) -> FormulaResult:
    """Grade `text` against the reference `reference_id`; never raises on student input."""
    _reference(reference_id)
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_CHARS:  # refused by the lexer too; just keep it out of the cache
        return _check(text, reference_id)
    return _check_cached(text, reference_id)


@lru_cache(maxsize=4096)
def _check_cached(text: str, reference_id: str) -> FormulaResult:
    # A class of 500 writes a few dozen spellings: each is parsed and judged once.
    return _check(text, reference_id)


_ROW_ALIASES = {"lstm.hidden_state": ("a", "s")}
"""Other letters that name a row for the answer: the hidden state as a^{<t>} (Coursera) or
s_t; the comparison itself notes the letter."""


def _parsed(row: str) -> Chain | None:
    """A row of a block, parsed, or None when it does not parse (it is not the answer)."""
    from grader.formula.parser import parse

    try:
        return parse(row)
    except (FormulaSyntaxError, RecursionError):
        return None


def _whole_readings(labels: tuple[str, ...] = ()
                    ) -> tuple[tuple[Callable[[str], str | None], str], ...]:
    """Ways a whole answer can be something other than a formula to read as it is, in the
    order they are tried, each with the note that says so: a loss as code, LaTeX inside
    image links, a training step written as a gradient, a KaTeX page's triple copy."""
    from grader.formula.code import from_code
    from grader.formula.comments import from_comments

    def code(text: str) -> str | None:
        return from_code(text, labels) if "\\" not in text else None   # LaTeX is not code

    return ((code, "formula.note.code"), (from_comments, "formula.note.comment"),
            (from_image_links, "formula.note.image_link"),
            (from_gradient_step, "formula.note.gradient_step"),
            (from_katex_copy, "formula.note.katex_copy"))


def _check(text: str, reference_id: str) -> FormulaResult:
    from grader.formula.compare import assess
    from grader.formula.parser import parse

    defined: dict[Sym, Node] = {}
    notes: list[str] = []
    if len(text) > MAX_CHARS:   # refused before any reading: work is bounded by the size
        return _unparsed(FormulaTooBig("too_long", 1, f"longer than {MAX_CHARS} characters"))
    try:
        with step_budget(limits.MAX_STEPS):
            written = None
            labels = _reference(reference_id).labels + _ROW_ALIASES.get(reference_id, ())
            if _reference(reference_id).family == "lstm":
                written = read_role_words(text)   # 隐藏状态 = 输出门 * tanh(细胞状态)
                if written is not None:
                    notes.append("formula.note.role_words")
            for reading, note in () if written is not None else _whole_readings(labels):
                written = reading(text)
                if written is not None:
                    notes.append(note)
                    break
            if written is None:
                written = join_pdf_lines(text)
            if _reference(reference_id).family == "lstm" and len(written) <= MAX_CHARS:
                named = read_state_names(written)     # next_c, cs_prev: code's names
                if named is not None:
                    notes.append("formula.note.state_names")
                    written = named
            chosen, others = pick_rows(written, labels)
            tree = parse(chosen)
            rows = [row for row in map(_parsed, others) if row]
            defined = stacked_definitions(rows) | primed_definitions(rows)
            read = cast(Chain, substitute(tree, defined)) if defined else tree
            if read != tree:     # `x = [h_{t-1}; x_t] \\ f_t = σ(W_f x + b_f)`: x is used
                notes.append("formula.note.definition")
            tree = read
            outcome = assess(tree, reference_id)
    except FormulaSyntaxError as error:
        return _unparsed(error)
    except RecursionError:
        return _unparsed(FormulaSyntaxError("too_deep", 1, "nested too deep"))
    except (TypeError, ValueError, ArithmeticError):
        # Last resort: sympy refusing a value normalising did not foresee (undefined values
        # such as 0/0 are already refused with a reason) must not escape as an exception.
        return _unparsed(FormulaSyntaxError("undefined", 1, "the formula has no defined value"))
    diagnoses = tuple(FormulaDiagnosis("notation", key, MappingProxyType({})) for key in notes)
    diagnoses += tuple(FormulaDiagnosis(d.code, d.key, MappingProxyType(dict(d.params)))
                       for d in outcome.diagnoses)
    return FormulaResult(cast(Verdict, outcome.verdict), diagnoses, outcome.canonical)
