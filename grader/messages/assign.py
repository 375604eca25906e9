"""Messages of per-student variants: question sheets, the template's parameters, the roster."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "variants.param.input_size": {"en": "network input size", "zh": "网络输入尺寸"},
    "variants.param.classes": {"en": "number of classes", "zh": "类别数"},
    "variants.param.threshold": {"en": "confidence threshold of Table 3.7",
                                 "zh": "表 3.7 的置信度阈值"},
    "variants.param.layer": {"en": "{question}: {field} of {layer}",
                             "zh": "{question}：{layer} 的 {field}"},
    "assign.student": {"en": "Student", "zh": "学生"},
    "assign.your_parameters": {"en": "Your parameters", "zh": "你的参数"},
    "assign.use_them": {
        "en": "Answer every question with these parameters (AlexNet, VGG19 and ResNet152 on "
              "your input size, with your number of classes; Table 3.7 at your threshold). "
              "Start from `grader template --rubric {rubric} --student {id}`.",
        "zh": "每道题都按这些参数作答（AlexNet、VGG19 和 ResNet152 用你的输入尺寸和类别数；"
              "表 3.7 用你的阈值）。可用 `grader template --rubric {rubric} --student {id}` "
              "生成答题模板。",
    },
    "assign.questions": {"en": "Questions", "zh": "题目"},
    "assign.written": {"en": "Wrote {count} question sheets and parameters.csv to {path}",
                       "zh": "已把 {count} 份题单和 parameters.csv 写入 {path}"},
    "assign.not_personal": {
        "en": "rubric {rubric} has no per-student parameters: every student gets the same "
              "sheet (use ch3-variants, or add `parameters:` to the rubric)",
        "zh": "题库 {rubric} 没有个人参数，每位同学的题目都一样（请用 ch3-variants，或在题库中加入 "
              "`parameters:`）",
    },
    "assign.roster_encoding": {"en": "the roster is neither UTF-8 nor GBK text: save it as "
                               "UTF-8 CSV",
                               "zh": "名单既不是 UTF-8 也不是 GBK 文本：请另存为 UTF-8 编码的 CSV"},
    "assign.roster_header": {"en": "the roster's first line must name the columns: id,name",
                             "zh": "名单的第一行必须是列名：id,name"},
    "assign.roster_id": {"en": "line {line}: an empty or repeated student id",
                         "zh": "第 {line} 行：学号为空或重复"},
    "assign.roster_size": {"en": "the roster lists more than {limit} students",
                           "zh": "名单超过 {limit} 名学生"},
    "template.your_parameters": {
        "en": "Your parameters ({id}): {values}. Answer every question with them.",
        "zh": "你的参数（{id}）：{values}。每道题都按这些参数作答。",
    },
    "template.bad_student": {
        "en": "--student: a student id of 1 to 100 characters, without quotes or backslashes",
        "zh": "--student：学号应为 1 到 100 个字符，不含引号或反斜杠",
    },
    "template.personal_needs_id": {
        "en": "This assignment gives every student their own numbers: run "
              "`grader template --rubric {rubric} --student YOUR_ID` for yours.",
        "zh": "本次作业每位同学的数据各不相同：请运行 `grader template --rubric {rubric} "
              "--student 你的学号` 生成你自己的模板。",
    },
}
