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
