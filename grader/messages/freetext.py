"""Messages of the free-text questions (short_answer) and of custom layer stacks (layer_counts)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "freetext.too_long": {
        "en": "the answer is {length} characters long; only the first {limit} were searched "
              "for concepts",
        "zh": "答案长 {length} 个字符，只在前 {limit} 个字符中查找要点",
    },
    "freetext.concepts_missing": {
        "en": "key ideas not found: {missing_en}",
        "zh": "未找到的要点：{missing_zh}",
    },
    "freetext.needs_review": {
        "en": "to be reviewed by a TA; found {found_count} of {total} key ideas ({found_en}); "
              "suggested score {score} of {max_score}",
        "zh": "需助教复核；找到 {total} 个要点中的 {found_count} 个（{found_zh}）；"
              "建议得分 {score}/{max_score}",
    },
    "freetext.needs_review_none": {
        "en": "to be reviewed by a TA; none of the {total} key ideas was found; "
              "suggested score {score} of {max_score}",
        "zh": "需助教复核；{total} 个要点一个也没有找到；建议得分 {score}/{max_score}",
    },
    "freetext.no_concepts": {
        "en": "to be reviewed by a TA (the rubric lists no key ideas for this question)",
        "zh": "需助教复核（评分标准未列出本题要点）",
    },
    "freetext.too_short": {
        "en": "the answer is only {length} characters long; at least {min_length} are expected",
        "zh": "答案只有 {length} 个字符，至少应有 {min_length} 个",
    },
    "layers.shape_unparsed": {
        "en": "cannot read {text!r} as a shape; write e.g. 64×224×224 or [64, 224, 224]",
        "zh": "无法把 {text!r} 读作形状；请写成 64×224×224 或 [64, 224, 224] 这样的形式",
    },
    "layers.shape_order": {
        "en": "the same numbers in another order; give C×H×W or H×W×C",
        "zh": "数字相同但顺序不对；请按 C×H×W 或 H×W×C 书写",
    },
    "layers.output_elements_not_shape": {
        "en": "gives the number of elements ({elements}), not the shape",
        "zh": "给出的是元素个数（{elements}），而不是形状",
    },
}
