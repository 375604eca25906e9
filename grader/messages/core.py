"""Messages of the engine, the report and the CLI."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "verdict.correct": {"en": "correct", "zh": "正确"},
    "verdict.accepted_variant": {"en": "accepted variant", "zh": "可接受的变体"},
    "verdict.partial": {"en": "partial", "zh": "部分正确"},
    "verdict.incorrect": {"en": "incorrect", "zh": "错误"},
    "verdict.missing": {"en": "missing", "zh": "未作答"},
    "verdict.unparsed": {"en": "unparsed", "zh": "无法解析"},
    "verdict.needs_review": {"en": "needs review", "zh": "需人工复核"},
}
