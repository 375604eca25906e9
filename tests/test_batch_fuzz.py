"""Properties of what a class folder may throw at the batch: file names (any bytes), student
ids (any text), and the numbers of rubrics and overrides files (any text). Quick by default;
`pytest -m nightly tests/test_batch_fuzz.py` runs 10,000 examples each."""

from __future__ import annotations

import os
import re
from fractions import Fraction

from hypothesis import strategies as st

from grader.batch import display_name, safe_text
from grader.batch._files import MAX_KEY_BYTES, report_key_for
from grader.values import exact_fraction
from tests.test_fuzz import _both

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _name_bytes(raw: bytes) -> None:
    """Any bytes a zip may put in a file name are shown as printable UTF-8 text."""
    name = os.fsdecode(raw.replace(b"/", b"_").replace(b"\x00", b"_") or b"x")
    shown = safe_text(display_name(name))
    shown.encode("utf-8")                       # no surrogates left
    assert CONTROL.search(shown) is None        # nothing a terminal would obey


def _ids(ids: list[str]) -> None:
    """Report names from any ids: bounded in bytes, safe characters, unique."""
    used: set[str] = set()
    keys = [report_key_for(sid, f"f{n}.yaml", used) for n, sid in enumerate(ids)]
    assert len({k.casefold() for k in keys}) == len(keys)
    for key in keys:
        assert 0 < len(key.encode("utf-8")) <= MAX_KEY_BYTES
        assert re.fullmatch(r"[\w.-]+", key) and not key.startswith(".")


def _config_number(text: str) -> None:
    """A rubric or overrides number is read at once, or refused; never a huge value."""
    try:
        value = exact_fraction(text)
    except ValueError:
        return
    assert isinstance(value, Fraction)
    assert abs(value.numerator) < 10**80 and value.denominator < 10**80


NUMBERISH = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[+-]?\d{0,50}(\.\d{0,50})?([eE][+-]?\d{1,12})?", fullmatch=True),
    st.from_regex(r"[+-]?\d{1,50}/\d{1,50}", fullmatch=True),
)

test_name_bytes, test_name_bytes_nightly = _both(_name_bytes, st.binary(min_size=1, max_size=80))
test_ids, test_ids_nightly = _both(_ids, st.lists(st.text(max_size=300), min_size=1, max_size=6))
test_config_number, test_config_number_nightly = _both(_config_number, NUMBERISH)
