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
    "input.yaml.comment_answer": {
        "en": "{path} starts with '#', so YAML read the answer as a comment and it is empty: "
              "put the answer in single quotes '…'",
        "zh": "{path} 的答案以 # 开头，YAML 把它当成了注释，答案为空：请用单引号 '…' 把答案括起",
    },
    "input.yaml.flow_comma": {
        "en": "inside {{…}} a comma separates entries, so 659,272 is split in two: quote the "
              "number ('659,272') or drop the commas (659272)",
        "zh": "在 {{…}} 里逗号用来分隔条目，`659,272` 会被拆开：请加引号（'659,272'）或去掉逗号"
              "（659272）",
    },
    # -- the file itself ------------------------------------------------------------------
    "input.file.directory": {
        "en": "this is a folder, not a file: give the path of your .yaml file",
        "zh": "这是一个文件夹，不是文件：请给出你的 .yaml 文件的路径",
    },
    "input.file.unreadable": {
        "en": "the file cannot be read ({reason}): check the path and that you may read it",
        "zh": "无法读取该文件（{reason}）：请检查路径是否正确、是否有读取权限",
    },
    "input.file.not_regular": {
        "en": "this is not an ordinary file (a device, pipe or socket): give your .yaml file",
        "zh": "这不是普通文件（而是设备、管道或套接字）：请给出你的 .yaml 文件",
    },
    "input.file.too_large": {
        "en": "the file is larger than {limit} bytes; a submission is a few kilobytes: "
              "check that you chose the right file",
        "zh": "文件超过 {limit} 字节，而一份作业只有几 KB：请确认选对了文件",
    },
    "input.file.encoding": {
        "en": "the file is not {encoding} text (byte 0x{byte} here): save it again as UTF-8 "
              "(Notepad: Save As → Encoding: UTF-8; VS Code: the encoding in the status bar "
              "→ Save with Encoding → UTF-8)",
        "zh": "文件不是 {encoding} 编码（此处出现字节 0x{byte}；中文 Windows 上常见的是 GBK 编码）："
              "请用编辑器另存为 UTF-8（记事本：另存为 → 编码选 UTF-8；VS Code：点右下角的编码 "
              "→ 通过编码保存 → UTF-8）",
    },
    "input.file.nul": {
        "en": "the file contains NUL bytes: it is binary data, or UTF-16 without a byte-order "
              "mark; save it as UTF-8 text",
        "zh": "文件中含有 NUL 字节：这是二进制文件，或没有 BOM 的 UTF-16 文本；请另存为 UTF-8 文本",
    },
    "input.file.empty": {
        "en": "the file is empty: start from `grader template > answers.yaml` and fill it in",
        "zh": "文件是空的：请先运行 `grader template > answers.yaml` 生成模板，再填写答案",
    },
    # -- YAML the parser cannot read --------------------------------------------------------
    "input.yaml.indent": {
        "en": "this line's indentation does not fit the keys above it: keys of the same level "
              "start in the same column, and a key's contents are indented two more spaces",
        "zh": "这一行的缩进与上面的键对不上：同一层的键要左对齐，子项比上一级多缩进两个空格",
    },
    "input.yaml.missing_colon": {
        "en": "a line here is not `key: value`: write a colon and a space after each key",
        "zh": "这里有一行不是“键: 值”的形式：每个键后面要写英文冒号和一个空格",
    },
    "input.yaml.unclosed_quote": {
        "en": "a quote opened here is never closed: end the text with the same quote "
              "(' or \")",
        "zh": "这里开始的引号没有闭合：请用同样的引号（' 或 \"）把文字结束",
    },
    "input.yaml.bad_start": {
        "en": "a value cannot start with this character in YAML: put the answer in single "
              "quotes '…'",
        "zh": "YAML 的值不能以这个字符开头：请用单引号 '…' 把答案括起",
    },
    "input.yaml.syntax": {
        "en": "YAML cannot read the file here: check the indentation (spaces only), the "
              "space after each ':' and that quotes and brackets come in pairs",
        "zh": "YAML 无法读懂这里：请检查缩进（只用空格）、每个冒号后的空格，以及引号、括号是否成对",
    },
    "input.yaml.control_char": {
        "en": "the file contains the invisible control character {char}: delete it (retype "
              "the line if you cannot see it)",
        "zh": "文件中有不可见的控制字符 {char}：请删除（看不见时把这一行重新输入一遍）",
    },
    "input.yaml.too_many": {
        "en": "the document has more than {limit} values (aliases expanded): a submission is "
              "a short list of answers",
        "zh": "文件中的值超过 {limit} 个（别名展开后）：一份作业只是一小组答案",
    },
    "input.yaml.too_deep": {
        "en": "the document is nested more than {depth} levels deep: a submission is a short "
              "list of answers",
        "zh": "文件嵌套超过 {depth} 层：一份作业只是一小组答案",
    },
    "input.yaml.tag": {
        "en": "YAML tags ({tag}) are not allowed: write plain values",
        "zh": "不允许使用 YAML 标签（{tag}）：请直接写值",
    },
    "input.yaml.second_document": {
        "en": "a second document ('---') follows the first: one submission per file",
        "zh": "第一个文档之后又有一个（“---”）：一个文件只写一份作业",
    },
    "input.yaml.merge_key": {
        "en": "merge keys ('<<') are not allowed: write every key out",
        "zh": "不允许使用合并键（“<<”）：请把每个键都写出来",
    },
    "input.yaml.plain_key": {
        "en": "a key must be a plain name (like alexnet or forget_gate)",
        "zh": "键必须是普通的名字（如 alexnet、forget_gate）",
    },
    "input.yaml.duplicate_key": {
        "en": "the key {name} appears twice at this level: keep one (merge the two parts)",
        "zh": "键 {name} 在同一层出现了两次：只保留一个（把两段合并）",
    },
    "input.yaml.anchor": {
        "en": "anchors and aliases (&name, *name) are not allowed here: write the values out "
              "(a value starting with * or & must be quoted)",
        "zh": "这里不能用锚点和别名（&名字、*名字）：请把值直接写出（以 * 或 & 开头的值要加引号）",
    },
    # -- the submission's frame -----------------------------------------------------------
    "input.submission.mapping": {
        "en": "a submission is keys at the left margin: assignment, student, answers (start "
              "from `grader template`)",
        "zh": "作业文件的最外层应是顶格书写的几个键：assignment、student、answers（可先用 "
              "`grader template` 生成模板）",
    },
    "input.submission.no_assignment": {
        "en": "the file does not say which assignment it answers: add a line `assignment: ch3` "
              "at the top",
        "zh": "文件没有写明是哪次作业：请在开头加一行 `assignment: ch3`",
    },
    "input.submission.unknown_assignment.suggest": {
        "en": "there is no assignment {name}; did you mean {suggestion}? (the assignments are: "
              "{known})",
        "zh": "没有名为 {name} 的作业；是否想写 {suggestion}？（可用的作业有：{known}）",
    },
    "input.submission.unknown_assignment": {
        "en": "there is no assignment {name}; the assignments are: {known}",
        "zh": "没有名为 {name} 的作业；可用的作业有：{known}",
    },
    "input.variants.no_id": {
        "en": "this assignment gives every student their own numbers, so the file needs your "
              "student id: add `student: {{id: \"2023001\", name: …}}` with your own id",
        "zh": "本次作业每位同学的数据各不相同，需要写明学号才能评分：请加上 "
              "`student: {{id: \"你的学号\", name: …}}`",
    },
    # -- values of the wrong shape ------------------------------------------------------
    "input.value.missing_field": {
        "en": "the key {field} is missing here: add `{field}: …`",
        "zh": "这里缺少键 {field}：请加上“{field}: …”",
    },
    "input.value.mapping": {
        "en": "{path} should hold keys ({fields}), each on its own line indented two more "
              "spaces, or as {{{example}}}",
        "zh": "{path} 下面应是若干个键（{fields}），每个占一行并多缩进两个空格，或写成 {{{example}}}",
    },
    "input.value.single": {
        "en": "{path} should be one value (text or a number), not a list or keys under it",
        "zh": "{path} 应是单个值（文字或数字），不能是列表，也不能在下面再写键",
    },
    "input.value.list": {
        "en": "{path} should be a list, like [3, 224, 224]",
        "zh": "{path} 应是一个列表，如 [3, 224, 224]",
    },
    "input.value.number": {
        "en": "{path} should be a number",
        "zh": "{path} 应是一个数",
    },
    "input.value.choice": {
        "en": "{path} should be one of: {allowed}",
        "zh": "{path} 只能是以下之一：{allowed}",
    },
    "input.value.invalid": {
        "en": "{path} is not a valid value here",
        "zh": "{path} 的值在这里无效",
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
        "en": "Not graded — keys the assignment does not have, or values of the wrong shape:",
        "zh": "未评分的内容（作业中没有的键，或格式不对的值）：",
    },
}
