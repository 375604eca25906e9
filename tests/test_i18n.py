"""The message catalogue: every sentence in both languages, with the same blanks to fill."""

from __future__ import annotations

import string

import pytest

from grader.i18n import catalogue, default_lang, t


def _fields(template: str) -> set[str]:
    # A field may come in a per-language form (`label_zh` / `label_en`): same blank.
    names = {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(template) if name}
    return {n.removesuffix("_zh").removesuffix("_en") for n in names}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    texts = catalogue()[key]
    assert set(texts) == {"zh", "en"}
    assert texts["zh"].strip() and texts["en"].strip()
    assert _fields(texts["zh"]) == _fields(texts["en"])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "matches the weights alone; the 10,568 bias terms, one per output channel or "
               "unit, are missing"),  # integers get thousands separators
        ("zh", "只等于权重数；缺少 10,568 个偏置（每个输出通道或神经元一个）"),
    ],
)
def test_formatting(lang: str, expected: str) -> None:
    assert t("counts.bias_omitted", lang, missing=10568) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("preferred", "env", "expected"),
    [
        ("en", {}, "en"),                       # an explicit choice wins
        (None, {"LANG": "en_US.UTF-8"}, "en"),  # then the environment
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "fr_FR.UTF-8"}, "zh"),  # unknown: the course's language
        ("xx", {}, "zh"),                       # an invalid choice is ignored
    ],
)
def test_default_lang(monkeypatch: pytest.MonkeyPatch, preferred: str | None,
                      env: dict[str, str], expected: str) -> None:
    for name in ("GRADER_LANG", "LC_ALL", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_lang(preferred) == expected


@pytest.mark.parametrize(("key", "params", "expected"), [
    # One file: the singular noun.
    ("batch.summary.written", {"count": 1, "path": "out"}, "Wrote 1 file to out"),
    # Two files, and a thousand: the plural, the number with its separator.
    ("batch.summary.written", {"count": 2, "path": "out"}, "Wrote 2 files to out"),
    ("batch.summary.written", {"count": 1000, "path": "out"}, "Wrote 1,000 files to out"),
    # None: the plural, as English says "0 files".
    ("batch.summary.written", {"count": 0, "path": "out"}, "Wrote 0 files to out"),
    # Each number picks its own word, verb included.
    ("batch.summary.diagnosis", {"code": "typo", "items": 1, "submissions": 1},
     "typo: 1 item in 1 submission"),
    ("batch.summary.diagnosis", {"code": "typo", "items": 3, "submissions": 1},
     "typo: 3 items in 1 submission"),
    ("batch.summary.other_variant", {"count": 1},
     "1 answer is exactly another student's numbers (see summary.json, report.html)"),
])
def test_english_nouns_agree_with_their_number(key: str, params: dict[str, object],
                                               expected: str) -> None:
    assert t(key, "en", **params) == expected


def test_chinese_texts_take_the_number_as_it_is() -> None:
    assert t("batch.summary.written", "zh", count=1, path="out") == "已写入 1 个文件到 out"
