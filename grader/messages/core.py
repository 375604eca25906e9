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

MESSAGES.update({
    "question.not_graded_yet": {"en": "not graded yet by this version",
                                "zh": "本版本尚不能自动评分"},
    "question.graded_by_hand": {"en": "graded by hand by a TA", "zh": "由助教人工评分"},
    "report.header": {"en": "{assignment} · {student}", "zh": "{assignment} · {student}"},
    "report.col.item": {"en": "item", "zh": "题目项"},
    "report.col.submitted": {"en": "submitted", "zh": "提交"},
    "report.col.expected": {"en": "expected", "zh": "参考答案"},
    "report.col.verdict": {"en": "verdict", "zh": "判定"},
    "report.col.points": {"en": "points", "zh": "得分"},
    "report.col.why": {"en": "why", "zh": "原因"},
    "report.total": {"en": "Total: {score} / {max_score}", "zh": "总分：{score} / {max_score}"},
    "report.hidden_correct": {"en": "({count} more breakdown values, all correct)",
                              "zh": "（另有 {count} 个逐层数值，全部正确）"},
    "report.read_as": {"en": "read as {value}", "zh": "读作 {value}"},
    "report.explain_hint": {
        "en": "What a code means and how to fix it: grader explain CODE (here: {codes})",
        "zh": "各代码的含义与改正方法：grader explain 代码（本报告中：{codes}）"},
    "report.hidden": {"en": "Expected values are hidden (student mode); a TA can use --reveal.",
                      "zh": "参考答案已隐藏（学生自查模式）；助教可用 --reveal 查看。"},
    "ref.col.layer": {"en": "layer", "zh": "层"},
    "ref.col.type": {"en": "type", "zh": "类型"},
    "ref.col.shape": {"en": "output", "zh": "输出形状"},
    "ref.col.params": {"en": "params", "zh": "参数"},
    "ref.col.neurons": {"en": "neurons", "zh": "神经元"},
    "ref.total": {"en": "total", "zh": "合计"},
    "ref.breakdown": {"en": "input {input}; params = {weights} weights + {biases} biases + "
                            "{bn} BatchNorm",
                      "zh": "输入 {input}；参数 = {weights} 权重 + {biases} 偏置 + {bn} BatchNorm"},
    "ref.alternatives": {"en": "Named alternatives (what common mistakes give):",
                         "zh": "常见算法/错误对应的数值："},
    "at_column": {"en": "column {column}: {message}", "zh": "第 {column} 列：{message}"},
    "unparsed": {"en": "could not read this value", "zh": "无法读取该值"},
})

MESSAGES.update({
    "template.intro": {
        "en": "Fill in what you can; absent answers are reported missing. Numbers may be "
              "written as 60,965,224 · 6.1e7 · 61.1M · 11*11*3*96+96 · 4/25 · 16%.",
        "zh": "能填多少填多少；未填的项目记为未作答。数字可写作 60,965,224 · 6.1e7 · 61.1M · "
              "6110万 · 11*11*3*96+96 · 4/25 · 16%。",
    },
})
