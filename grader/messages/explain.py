"""Messages of `grader explain`."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "explain.family": {"en": "Family: {family} · {origin}", "zh": "类别：{family} · {origin}"},
    "explain.spec": {"en": "listed in the SPEC", "zh": "规范（SPEC）中的代码"},
    "explain.extension": {"en": "an extension of this project", "zh": "本项目扩展的代码"},
    "explain.example": {"en": "Example:", "zh": "示例："},
    "explain.fix": {"en": "How to fix it:", "zh": "如何改正："},
    "explain.credit": {
        "en": "By default it earns {credit} of the item's points when it explains the answer "
              "(a rubric's credit table may say otherwise).",
        "zh": "默认情况下，该代码解释的答案得到该项分数的 {credit}（评分标准的 credit 表可另行规定）。"},
    "explain.note": {
        "en": "A note on how a right answer is written: it never costs points.",
        "zh": "这是对正确答案写法的说明，不扣分。"},
    "explain.list_hint": {
        "en": "grader explain CODE shows the example and how to fix it.",
        "zh": "grader explain 代码 可查看示例与改正方法。"},
    "explain.unknown": {
        "en": "no diagnosis code {code!r}; {hint} (grader explain --list shows them all)",
        "zh": "没有诊断代码 {code!r}；{hint}（grader explain --list 可列出全部代码）"},
}
