"""Messages of `grader serve`: the self-check page, its API's errors, the command's lines."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # The command
    "serve.needs_extra": {
        "en": "grader serve needs the web extra: pip install \"grader[web]\"",
        "zh": "grader serve 需要安装 web 扩展：pip install \"grader[web]\"",
    },
    "serve.started": {
        "en": "Self-check page for {rubric} at {url} ({workers} grading workers, {rate} "
              "requests a minute per client, {budget} s per check). Answers are neither "
              "logged nor stored. Ctrl+C stops it.",
        "zh": "{rubric} 的自查页面：{url}（{workers} 个评分进程，每个客户端每分钟 {rate} 次请求，"
              "每次检查限时 {budget} 秒）。答案不记录、不保存。按 Ctrl+C 停止。",
    },
    "serve.bad_limits": {
        "en": "--workers, --timeout and --max-bytes must be positive and --rate at least 0",
        "zh": "--workers、--timeout 和 --max-bytes 必须为正数，--rate 不能小于 0",
    },
    # The page
    "serve.title": {"en": "Self-check: {rubric}", "zh": "作业自查：{rubric}"},
    "serve.intro": {
        "en": "Fill in your answers: under each field you see how it was read. \"Check\" "
              "grades them and explains every mistake; \"Download\" gives the YAML file to "
              "hand in. Nothing you type is stored on the server.",
        "zh": "填写你的答案，每个输入框下方会显示它被读成了什么。“检查”会评分并解释每个错误；"
              "“下载”得到要提交的 YAML 文件。你输入的内容不会保存在服务器上。",
    },
    "serve.student": {"en": "Student", "zh": "学生"},
    "serve.student_id": {"en": "Student id", "zh": "学号"},
    "serve.student_name": {"en": "Name", "zh": "姓名"},
    "serve.parameters_hint": {
        "en": "This assignment gives every student their own numbers: enter your student id "
              "to see yours.",
        "zh": "本次作业每位同学的数据各不相同：输入学号即可看到你的参数。",
    },
    "serve.check": {"en": "Check", "zh": "检查"},
    "serve.download": {"en": "Download YAML", "zh": "下载 YAML"},
    "serve.file_title": {"en": "Or check a YAML file", "zh": "或者检查一个 YAML 文件"},
    "serve.file_hint": {
        "en": "Paste the file's text below or choose the file; its answers also fill the "
              "form.",
        "zh": "把文件内容粘贴到下面，或选择文件；文件中的答案也会填入上面的表格。",
    },
    "serve.check_file": {"en": "Check this file", "zh": "检查此文件"},
    "serve.read_as": {"en": "read as {value}", "zh": "读作 {value}"},
    "serve.checking": {"en": "Checking…", "zh": "正在检查…"},
    "serve.report": {"en": "Report", "zh": "评分结果"},
    "serve.score": {"en": "Score: {score} of {max}", "zh": "得分：{score} / {max}"},
    "serve.unknown_fields": {"en": "Not graded", "zh": "未评分的内容"},
    "serve.unreachable": {
        "en": "The server could not be reached; your answers are still in the form.",
        "zh": "无法连接服务器；你的答案仍保留在表格中。",
    },
    "serve.language": {"en": "中文", "zh": "English"},
    # The API's errors
    "serve.too_large": {
        "en": "the request is larger than {limit} bytes",
        "zh": "请求超过 {limit} 字节",
    },
    "serve.too_slow": {
        "en": "the request did not arrive within {seconds} seconds",
        "zh": "请求未能在 {seconds} 秒内发送完毕",
    },
    "serve.too_many": {
        "en": "too many requests from your address: try again in {seconds} s",
        "zh": "你的地址请求过于频繁：请 {seconds} 秒后再试",
    },
    "serve.timeout": {
        "en": "grading this took longer than {seconds} s and was stopped; check the "
              "answers for something very long or deeply nested",
        "zh": "评分超过 {seconds} 秒，已被停止；请检查答案中是否有过长或嵌套过深的内容",
    },
    "serve.busy": {
        "en": "the server is busy: try again in a few seconds",
        "zh": "服务器繁忙：请几秒后再试",
    },
    "serve.internal": {
        "en": "internal error while grading ({kind}); please tell your TA",
        "zh": "评分时发生内部错误（{kind}）；请告诉助教",
    },
    "serve.bad_request": {
        "en": "the request is not what this address takes: {expected}",
        "zh": "请求格式不对：应为 {expected}",
    },
    "serve.bad_field": {
        "en": "no such field in this assignment",
        "zh": "本次作业没有这个字段",
    },
}
