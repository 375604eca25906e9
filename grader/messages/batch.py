"""Messages of the batch features: `grader batch`, overrides, Gradescope, the class report."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # Overrides (diagnoses on an overridden item).
    "batch.override.comment": {"en": "TA override: {score}/{max_score}. {comment}",
                               "zh": "助教改分：{score}/{max_score}。{comment}"},
    "batch.override.bare": {"en": "TA override: {score}/{max_score}",
                            "zh": "助教改分：{score}/{max_score}"},
    "batch.override.automatic": {"en": "automatic grading gave: {verdict}, {score}/{max_score}",
                                 "zh": "自动评分结果：{verdict}，{score}/{max_score}"},
    # Gradescope.
    "batch.gradescope.waiting": {"en": "Awaiting a TA's review (the score may still rise): "
                                       "{questions}",
                                 "zh": "待助教人工复核（分数可能提高）：{questions}"},
    # Errors.
    "batch.error.not_a_dir": {"en": "{path}: not a directory (expected the class's folder)",
                              "zh": "{path}：不是目录（应为全班提交所在的文件夹）"},
    "batch.error.out_not_writable": {"en": "cannot write to the output directory {path}: {reason}",
                                     "zh": "无法写入输出目录 {path}：{reason}"},
    "batch.error.timeout": {"en": "grading took longer than {seconds} s and was stopped (not "
                                  "the student's fault: re-run, or raise --timeout)",
                            "zh": "评分超过 {seconds} 秒，已中止（不是学生的问题：请重新运行，"
                                  "或调大 --timeout）"},
    "batch.error.worker_died": {"en": "{file}: the worker process grading it died twice ({how}; "
                                      "out of memory?); not the student's fault: re-run",
                                "zh": "{file}：评分进程两次意外退出（{how}；内存不足？）；"
                                      "不是学生的问题：请重新运行"},
    "batch.error.out_is_class": {"en": "--out {path} is the class folder itself: the outputs "
                                       "would mix with the submissions; choose another folder "
                                       "(a subfolder such as {path}/out is fine)",
                                 "zh": "--out {path} 就是全班提交所在的文件夹：结果会与提交混在"
                                       "一起；请换一个文件夹（子文件夹如 {path}/out 可以）"},
    "batch.error.out_locked": {"en": "another grader batch is writing to {path}; wait for it to "
                                     "finish, or choose another --out",
                               "zh": "另一个 grader batch 正在写入 {path}；请等它结束，或换一个 "
                                     "--out"},
    "batch.note.recovered": {"en": "the previous run into this folder was interrupted while "
                                   "replacing its outputs; its swap was completed first",
                             "zh": "上次写入该文件夹的运行在替换结果时被中断；已先将其补全"},
    "batch.note.jobs_capped": {"en": "--jobs {asked} asked for more workers than the {cpus} CPUs; "
                                     "using {cpus}",
                               "zh": "--jobs {asked} 超过了 CPU 数 {cpus}；改用 {cpus} 个进程"},
    "batch.incomplete": {
        "en": "The outputs in this folder are being replaced by grader batch, or a run was "
              "interrupted while replacing them: right now they may disagree with each other. "
              "Run the same grader batch command again; it completes them first.",
        "zh": "grader batch 正在替换这个文件夹里的结果，或某次运行在替换时被中断：此刻这些文件"
              "之间可能不一致。请再运行一次同样的 grader batch 命令，它会先将其补全。",
    },
    "batch.summary.skipped": {"en": "Not graded (listed so that no file goes unnoticed):",
                              "zh": "未评分（列出以免遗漏任何文件）："},
    "batch.skipped.hidden": {"en": "hidden file (name starts with '.'): not graded",
                             "zh": "隐藏文件（文件名以 . 开头）：未评分"},
    "batch.skipped.outside": {"en": "a link leading outside the class folder: not followed",
                              "zh": "指向班级文件夹以外的链接：未跟随"},
    "batch.error.internal": {"en": "{file}: internal error while grading ({error}); "
                                   "please report it",
                             "zh": "{file}：评分时发生内部错误（{error}），请反馈给维护者"},
    "batch.error.other_assignment": {"en": "answers assignment {assignment}, not the class's "
                                           "{rubric}; use --rubric",
                                     "zh": "该提交对应作业 {assignment}，而非本班的 {rubric}；"
                                           "请使用 --rubric"},
    # Progress and the class summary on the terminal.
    "batch.progress": {"en": "Grading", "zh": "评分中"},
    "batch.line.ok": {"en": "{file}: {score}/{max_score}", "zh": "{file}：{score}/{max_score}"},
    "batch.line.failed": {"en": "{file}: failed: {reason}", "zh": "{file}：失败：{reason}"},
    "batch.summary.title": {"en": "Class summary: {assignment}", "zh": "全班汇总：{assignment}"},
    "batch.summary.none": {"en": "No *.yaml/*.yml submissions found under {path}.",
                           "zh": "{path} 下没有找到 *.yaml/*.yml 提交文件。"},
    "batch.summary.graded": {"en": "{graded} of {files} {files:|file|files} graded, {failed} failed",
                             "zh": "共 {files} 个文件，已评分 {graded} 个，失败 {failed} 个"},
    "batch.summary.failed": {"en": "Files that could not be graded:",
                             "zh": "无法评分的文件："},
    "batch.summary.stats": {"en": "Totals (of {max_score}): mean {mean} · median {median} · "
                                  "quartiles {q1}–{q3} · min {min} · max {max}",
                            "zh": "总分（满分 {max_score}）：平均 {mean} · 中位数 {median} · "
                                  "四分位 {q1}–{q3} · 最低 {min} · 最高 {max}"},
    "batch.summary.questions": {"en": "Per-question means:", "zh": "各题平均分："},
    "batch.summary.question": {"en": "{id}: {mean} / {max_score}",
                               "zh": "{id}：{mean} / {max_score}"},
    "batch.summary.diagnoses": {"en": "Most frequent diagnoses:", "zh": "最常见的诊断："},
    "batch.summary.diagnosis": {"en": "{code}: {items} {items:|item|items} in {submissions} {submissions:|submission|submissions}",
                                "zh": "{code}：{submissions} 份提交中共 {items} 项"},
    "batch.summary.duplicates": {"en": "Student id {id} appears in several files: {files}",
                                 "zh": "学号 {id} 出现在多个文件中：{files}"},
    "batch.summary.shared": {"en": "{groups} {groups:|group|groups} of submissions share identical wrong "
                                   "answers (see summary.json; worth a look, not proof)",
                             "zh": "有 {groups} 组提交含有相同的错误答案（见 summary.json；"
                                   "仅供参考，并非抄袭证据）"},
    "batch.summary.overrides": {"en": "{applied} TA overrides applied",
                                "zh": "已应用 {applied} 条助教改分"},
    "batch.error.other_assignment_short": {
        "en": "answers assignment {assignment}, not this class's",
        "zh": "提交的是作业 {assignment}，不属于本班作业",
    },
    "batch.summary.ambiguous": {
        "en": "override for student {student} not applied: several submissions carry that id "
              "({where}); name the file instead",
        "zh": "学生 {student} 的改分条目未生效：有多份提交使用同一学号（{where}）；请改用文件名",
    },
    "batch.summary.unmatched": {"en": "override for unknown student {student} ({where})",
                                "zh": "改分条目的学生 {student} 不在本班提交中（{where}）"},
    "batch.summary.written": {"en": "Wrote {count} {count:|file|files} to {path}",
                              "zh": "已写入 {count} 个文件到 {path}"},
    # The HTML class report.
    "batch.html.title": {"en": "Class report: {assignment}", "zh": "全班成绩报告：{assignment}"},
    "batch.html.stat.files": {"en": "files", "zh": "文件数"},
    "batch.html.stat.graded": {"en": "students graded", "zh": "已评分人数"},
    "batch.html.stat.failed": {"en": "failed files", "zh": "失败文件数"},
    "batch.html.stat.max_score": {"en": "maximum score", "zh": "满分"},
    "batch.html.stat.mean": {"en": "mean", "zh": "平均分"},
    "batch.html.stat.median": {"en": "median", "zh": "中位数"},
    "batch.html.stat.q1": {"en": "first quartile", "zh": "下四分位数"},
    "batch.html.stat.q3": {"en": "third quartile", "zh": "上四分位数"},
    "batch.html.stat.min": {"en": "lowest", "zh": "最低分"},
    "batch.html.stat.max": {"en": "highest", "zh": "最高分"},
    "batch.html.stat.stdev": {"en": "standard deviation (population)", "zh": "标准差（总体）"},
    "batch.html.stat.other": {"en": "other assignment", "zh": "其他作业"},
    "batch.html.stat.skipped": {"en": "skipped", "zh": "已跳过"},
    "batch.html.stat.superseded": {"en": "earlier attempts", "zh": "被取代的提交"},
    "batch.html.superseded": {"en": "Attempts not counted", "zh": "未计入的提交"},
    "batch.html.col.kept": {"en": "counted instead", "zh": "改为计入"},
    "batch.superseded": {"en": "superseded by {kept} (another attempt of the same student)",
                         "zh": "已被 {kept} 取代（同一学生的另一次提交）"},
    "batch.summary.superseded": {"en": "{file}: not counted, {kept} is the attempt kept",
                                 "zh": "{file}：未计入，计入的是 {kept}"},
    "batch.error.attempts": {"en": "--attempts must be latest, best or all (not {value})",
                             "zh": "--attempts 只能是 latest、best 或 all（而不是 {value}）"},
    "batch.html.stat.review": {"en": "items awaiting a TA", "zh": "待复核题目"},
    "batch.html.stat.provisional": {"en": "provisional points", "zh": "暂计分数"},
    "batch.html.accounted": {
        "en": "{files} {files:|file|files} found = {graded} graded + {failed} failed + {other} of another "
              "assignment + {skipped} skipped + {superseded} earlier attempts. Means are of "
              "the graded; suggested essay scores count as provisional until a TA confirms "
              "them.",
        "zh": "共找到 {files} 个文件 = {graded} 个已评分 + {failed} 个失败 + {other} 个属于其他作业 + "
              "{skipped} 个已跳过 + {superseded} 个被取代的提交。平均值只计已评分的提交；"
              "论述题的建议分在助教确认前为暂计。",
    },
    "batch.html.anonymised": {
        "en": "Anonymised: names, files and links removed, student ids replaced by pseudonyms.",
        "zh": "已匿名：去掉了姓名、文件名和链接，学号换成了代号。",
    },
    "batch.html.questions": {"en": "Questions", "zh": "各题得分"},
    "batch.html.distribution_of": {"en": "Scores of {question}", "zh": "{question} 的得分分布"},
    "batch.html.col.median": {"en": "median", "zh": "中位数"},
    "batch.html.col.distribution": {"en": "distribution", "zh": "分布"},
    "batch.html.review": {"en": "Awaiting a TA", "zh": "待助教复核"},
    "batch.html.review_note": {
        "en": "Suggested scores are provisional; `grader batch … --review-sheet FILE` writes "
              "them as an overrides file to confirm.",
        "zh": "建议分为暂计；`grader batch … --review-sheet 文件` 可导出为改分文件逐条确认。",
    },
    "batch.html.col.suggested": {"en": "suggested", "zh": "建议分"},
    "batch.html.col.not_found": {"en": "not found", "zh": "未找到的要点"},
    "batch.html.col.meaning": {"en": "meaning", "zh": "含义"},
    "batch.html.other": {"en": "Files of another assignment", "zh": "属于其他作业的文件"},
    "batch.html.skipped": {"en": "Files skipped", "zh": "已跳过的文件"},
    "batch.html.col.assignment": {"en": "assignment", "zh": "作业"},
    "batch.html.col.review_short": {"en": "to review", "zh": "待复核"},
    "batch.html.filter": {"en": "Filter: id, name, file…", "zh": "筛选：学号、姓名、文件……"},
    "batch.html.sort_hint": {"en": "Click a column heading to sort.", "zh": "点击列标题排序。"},
    "batch.html.histogram": {"en": "Score distribution", "zh": "总分分布"},
    "batch.html.diagnoses": {"en": "Most frequent diagnoses", "zh": "最常见的诊断"},
    "batch.html.items_wrong": {"en": "Items most often wrong", "zh": "错误最多的题目项"},
    "batch.html.failed": {"en": "Files that could not be graded", "zh": "无法评分的文件"},
    "batch.html.duplicates": {"en": "Duplicate student ids", "zh": "重复的学号"},
    "batch.html.shared": {"en": "Identical wrong answers shared", "zh": "相同的错误答案"},
    "batch.html.shared_note": {
        "en": "Submissions below give the same wrong answer text on two or more items. A common "
              "misconception produces the same wrong number, so this is a prompt to look, "
              "never evidence of copying.",
        "zh": "下列提交在两项或更多题目上给出了完全相同的错误答案。常见的误解也会得到相同的错误数值，"
              "因此这只是提示助教查看，绝不是抄袭的证据。"},
    "batch.html.students": {"en": "Students", "zh": "学生成绩"},
    "batch.html.col.question": {"en": "question", "zh": "题目"},
    "batch.html.col.title": {"en": "title", "zh": "标题"},
    "batch.html.col.mean": {"en": "mean", "zh": "平均分"},
    "batch.html.col.max": {"en": "max", "zh": "满分"},
    "batch.html.col.graded": {"en": "graded", "zh": "评分人数"},
    "batch.html.col.code": {"en": "diagnosis", "zh": "诊断"},
    "batch.html.col.items": {"en": "items", "zh": "项数"},
    "batch.html.col.submissions": {"en": "submissions", "zh": "提交数"},
    "batch.html.col.item": {"en": "item", "zh": "题目项"},
    "batch.html.col.wrong": {"en": "wrong", "zh": "错误"},
    "batch.html.col.missing": {"en": "missing", "zh": "未作答"},
    "batch.html.col.file": {"en": "file", "zh": "文件"},
    "batch.html.col.reason": {"en": "reason", "zh": "原因"},
    "batch.html.col.student": {"en": "student id", "zh": "学号"},
    "batch.html.col.name": {"en": "name", "zh": "姓名"},
    "batch.html.col.total": {"en": "total", "zh": "总分"},
    "batch.html.col.notes": {"en": "notes", "zh": "备注"},
    "review.sheet_intro": {
        "en": "Items awaiting a TA, pre-filled with the suggested scores. Edit each score\n"
              "(and the comment), then re-run: grader batch ... --overrides THIS_FILE\n"
              "Every entry confirms its item; delete an entry to leave the item in the queue.",
        "zh": "待助教复核的题目，已填入建议分。请逐条修改分数（和评语），然后重新运行：\n"
              "grader batch ... --overrides 本文件\n"
              "每一条都会确认对应题目的分数；删除某条则该题仍留在待复核队列中。",
    },
    "review.sheet_missing": {
        "en": "not found: {concepts}",
        "zh": "未找到的要点：{concepts}",
    },
    "batch.summary.review": {
        "en": "{items} {items:|item awaits|items await} a TA; their {points} suggested points are provisional in the "
              "totals (--review-sheet FILE writes them for confirming)",
        "zh": "{items} 个题目待助教复核；其建议分共 {points} 分，在总分中暂计（--review-sheet 文件 "
              "可导出以便逐条确认）",
    },
    "batch.error.review_sheet_exists": {
        "en": "{path} already exists: the review sheet is never written over (it may hold your "
              "edits); give another name or delete it",
        "zh": "{path} 已存在：复核表不会被覆盖（里面可能有你的修改）；请换个文件名或先删除它",
    },
    "batch.note.review_sheet": {
        "en": "Wrote the review sheet ({items} {items:|item|items}) to {path}",
        "zh": "已把复核表（{items} 项）写入 {path}",
    },
    "gradescope.answers": {"en": "Expected values", "zh": "参考答案"},
    "gradescope.after_due": {
        "en": "Verdicts and diagnoses are shown now; the expected values after the due date.",
        "zh": "判定与诊断现在即可查看；参考答案在截止日期之后公布。",
    },
    "gradescope.pending": {
        "en": "Pending: a TA confirms this score (the one shown is a suggestion).",
        "zh": "待定：此分数需助教确认（当前为建议分）。",
    },
    "gradescope.graded_file": {
        "en": "Graded file: {file}",
        "zh": "已评分的文件：{file}",
    },
    "gradescope.own_parameters": {
        "en": "Graded with the parameters of your Gradescope student id {sid}.",
        "zh": "按你在 Gradescope 上的学号 {sid} 的个人参数评分。",
    },
    "gradescope.other_id": {
        "en": "Your file says student id {written}, but you are {sid} on Gradescope: graded "
              "with {sid}'s parameters. Write your own id in the file.",
        "zh": "文件里写的学号是 {written}，而你在 Gradescope 上的学号是 {sid}：已按 {sid} 的参数评分。"
              "请在文件里写自己的学号。",
    },
    "gradescope.several_files": {
        "en": "Several YAML files were uploaded ({files}); only {file} was graded.",
        "zh": "上传了多个 YAML 文件（{files}），只评了 {file}。",
    },
    "gradescope.no_file": {
        "en": "No .yaml or .yml file was uploaded: upload your answers (`grader template` "
              "prints a blank one).",
        "zh": "没有上传 .yaml 或 .yml 文件：请上传你的答案（`grader template` 可生成空白模板）。",
    },
    "gradescope.unreadable": {
        "en": "Your file could not be read: {reason}",
        "zh": "无法读取你的文件：{reason}",
    },
    "autograder.written": {
        "en": "Wrote {path}: the grader's wheel, setup.sh and run_autograder (rubric {rubric}, "
              "messages in {lang}). Upload it as the assignment's autograder.",
        "zh": "已写入 {path}：包含本工具的 wheel、setup.sh 和 run_autograder（题库 {rubric}，"
              "消息语言 {lang}）。请在 Gradescope 上作为该作业的自动评分程序上传。",
    },
    "table.threshold_below": {
        "en": "threshold {threshold}: the rubric transcribes only the detections at or above its "
              "own threshold {lowest}; give a threshold of at least that",
        "zh": "阈值 {threshold}：题库只抄录了置信度不低于其阈值 {lowest} 的检测结果；请给出不低于它的阈值",
    },
    "batch.not_your_parameters": {
        "en": "does not match your parameters: compute it with the values on your own sheet",
        "zh": "与你的参数不符：请按你自己题单上的参数计算",
    },
    "batch.html.other_variant": {"en": "Answers that are another student's numbers",
                                 "zh": "与另一位同学参数下答案完全一致的作答"},
    "batch.html.other_variant_note": {
        "en": "Each answer below is wrong for its student and exactly right for the student "
              "named: nobody else's parameters give it. The strongest sign there is — still "
              "a reason to talk to both, not a verdict.",
        "zh": "下列每个答案对本人是错的，却恰好是所列另一位同学参数下的正确答案：别人的参数算不出这个数。"
              "这是最强的信号——但仍应与两位同学核实，而不是直接定论。",
    },
    "batch.html.col.equals": {"en": "another student's number", "zh": "与之相同的同学"},
    "batch.summary.other_variant": {
        "en": "{count} {count:|answer is|answers are} exactly another student's numbers (see summary.json, "
              "report.html)",
        "zh": "{count} 个答案恰好是另一位同学参数下的答案（见 summary.json、report.html）",
    },
}
