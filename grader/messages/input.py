"""Messages for a submission file that cannot be read: what is wrong and how to fix it."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "input.yaml.tab": {
        "en": "a Tab is used for indentation; YAML indents with spaces only: replace the Tab "
              "with spaces (two per level)",
        "zh": "不能用 Tab 缩进，请改用空格（每级两个空格）",
    },
    "input.yaml.fullwidth": {
        "en": "the full-width '{char}' is not YAML punctuation: write the ASCII character "
              "(':' ',' '(' ')') with the input method switched to English",
        "zh": "全角符号“{char}”不是 YAML 的标点：请切换到英文输入法，改用半角的 : , ( )",
    },
    "input.yaml.backslash": {
        "en": "a backslash inside double quotes starts an escape (\\s, \\t…): put formulas with "
              "'\\' in single quotes '…'",
        "zh": "双引号里的反斜杠会被当作转义符：含 `\\` 的公式请用单引号 '…' 括起",
    },
    "input.yaml.unquoted_colon": {
        "en": "this value contains ':' and is read as another key: put formulas with ':' or "
              "'\\' in single quotes '…'",
        "zh": "这个值里含有 `:`，被当成了新的键：含 `:` 或 `\\` 的公式请用单引号 '…' 括起",
    },
    "input.yaml.unquoted_start": {
        "en": "a value starting with '{char}' means something else in YAML: put the answer in "
              "single quotes '…'",
        "zh": "以“{char}”开头的值在 YAML 里另有含义：请用单引号 '…' 把答案括起",
    },
    "input.yaml.flow_comma": {
        "en": "inside {{…}} a comma separates entries, so 659,272 is split in two: quote the "
              "number ('659,272') or drop the commas (659272)",
        "zh": "在 {{…}} 里逗号用来分隔条目，`659,272` 会被拆开：请加引号（'659,272'）或去掉逗号"
              "（659272）",
    },
    "input.unknown_field": {
        "en": "unknown key {path}: not graded (check its spelling and indentation)",
        "zh": "未知的键 {path}：未评分（请检查拼写和缩进）",
    },
    "input.unknown_field.suggest": {
        "en": "unknown key {path}: not graded; did you mean {suggestion}?",
        "zh": "未知的键 {path}：未评分；是否想写 {suggestion}？",
    },
    "report.unknown_fields": {
        "en": "Keys the assignment does not have (their answers were not graded):",
        "zh": "作业中没有的键（其下的答案未评分）：",
    },
}
