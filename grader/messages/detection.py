"""Messages of the detection features: precision/recall/AP diagnoses, IoU, the ranked table."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- detection_metrics diagnoses
    "detection.recall_denominator_kept": {
        "en": "divides by {denominator}, the true positives among the kept detections, instead "
              "of by M = {m}, the number of all ground-truth objects; recall = TP / M also "
              "counts the objects the detector missed",
        "zh": "分母用了保留下来的检测结果中的正例数 {denominator}，而应是全部真实目标数 M = {m}；"
              "召回率 = TP / M，漏检的目标也要计入分母",
    },
    "detection.recall_denominator_listed": {
        "en": "divides by {denominator}, the true positives listed in the table, instead of by "
              "M = {m}, the number of all ground-truth objects; recall = TP / M also counts "
              "the objects the detector never found",
        "zh": "分母用了表中列出的正例数 {denominator}，而应是全部真实目标数 M = {m}；"
              "召回率 = TP / M，检测器没有找到的目标也要计入分母",
    },
    "detection.recall_denominator_table": {
        "en": "divides by {denominator}, the true positives in the whole table (rows under the "
              "threshold included), instead of by M = {m}, the number of all ground-truth "
              "objects; recall = TP / M also counts the objects the detector never found",
        "zh": "分母用了整张表中的正例数 {denominator}（包括阈值以下的行），而应是全部真实目标数 "
              "M = {m}；召回率 = TP / M，检测器没有找到的目标也要计入分母",
    },
    "detection.threshold_exclusive": {
        "en": "matches keeping only the detections with confidence > {threshold}; the question "
              "keeps confidence ≥ {threshold}, so the detection(s) at exactly {threshold} "
              "(id {ids}) must be kept",
        "zh": "与只保留置信度 > {threshold} 的检测结果时一致；题目要求保留置信度 ≥ {threshold} 的结果，"
              "置信度恰为 {threshold} 的检测（编号 {ids}）也应保留",
    },
    "detection.threshold_inclusive": {
        "en": "matches keeping the detections with confidence ≥ {threshold}; the question keeps "
              "only confidence > {threshold}, so the detection(s) at exactly {threshold} "
              "(id {ids}) must be left out",
        "zh": "与保留置信度 ≥ {threshold} 的检测结果时一致；题目只保留置信度 > {threshold} 的结果，"
              "置信度恰为 {threshold} 的检测（编号 {ids}）应去掉",
    },
    "detection.ap_convention": {
        "en": "matches the AP under another convention, {convention_en}; this question uses "
              "{reference_en}",
        "zh": "与另一种 AP 算法（{convention_zh}）的结果一致；本题采用的是{reference_zh}",
    },
    "detection.ap_convention_accepted": {
        "en": "computed as {convention_en}, a convention this question also accepts "
              "(the reference is {reference_en})",
        "zh": "按{convention_zh}计算，本题同样接受这种算法（参考算法为{reference_zh}）",
    },
    "detection.swapped_precision": {
        "en": "this is the recall, not the precision: precision = TP / (TP + FP), the share "
              "of the kept detections that are correct; precision and recall look swapped",
        "zh": "这是召回率而不是精度：精度 = TP / (TP + FP)，即保留的检测结果中正确的比例；"
              "精度与召回率似乎写反了",
    },
    "detection.swapped_recall": {
        "en": "this is the precision, not the recall: recall = TP / M, the share of all "
              "ground-truth objects that were found; precision and recall look swapped",
        "zh": "这是精度而不是召回率：召回率 = TP / M，即全部真实目标中被找到的比例；"
              "精度与召回率似乎写反了",
    },
    # -- iou diagnoses
    "detection.iou_min_area": {
        "en": "divides the intersection by the area of the smaller box; IoU divides it by the "
              "union: area(A) + area(B) − intersection",
        "zh": "用交集面积除以较小框的面积；IoU 应除以并集面积：面积(A) + 面积(B) − 交集面积",
    },
    "detection.iou_sum_areas": {
        "en": "divides the intersection by area(A) + area(B) without subtracting the "
              "intersection, which is then counted twice; the union is "
              "area(A) + area(B) − intersection",
        "zh": "用交集面积除以两框面积之和，没有减去交集（交集被算了两次）；"
              "并集面积 = 面积(A) + 面积(B) − 交集面积",
    },
    "detection.iou_one_box": {
        "en": "divides the intersection by the area of box {box} alone; IoU divides it by the "
              "union of both boxes",
        "zh": "只用框 {box} 的面积作分母；IoU 应除以两个框的并集面积",
    },
    "detection.iou_intersection_only": {
        "en": "is the area of the intersection, not yet divided by the area of the union",
        "zh": "这是交集的面积，还需要除以并集的面积",
    },
    "detection.iou_pixel_inclusive": {
        "en": "counts pixels inclusively (width = x2 − x1 + 1), the old PASCAL VOC devkit "
              "convention; accepted",
        "zh": "按像素含端点计算宽高（宽 = x2 − x1 + 1），这是旧版 PASCAL VOC 工具包的约定；可以接受",
    },
    # -- the ranked table (grader table)
    "table.title": {
        "en": "Detections with confidence {op} {threshold}, ranked; M = {m} ground-truth objects",
        "zh": "置信度 {op} {threshold} 的检测结果按置信度排序；真实目标数 M = {m}",
    },
    "table.col.rank": {"en": "rank", "zh": "排名"},
    "table.col.id": {"en": "id", "zh": "编号"},
    "table.col.confidence": {"en": "confidence", "zh": "置信度"},
    "table.col.label": {"en": "label", "zh": "标签"},
    "table.col.tp": {"en": "TP", "zh": "TP"},
    "table.col.fp": {"en": "FP", "zh": "FP"},
    "table.col.precision": {"en": "precision", "zh": "精度"},
    "table.col.recall": {"en": "recall", "zh": "召回率"},
    "table.col.interpolated": {"en": "interpolated precision", "zh": "插值精度"},
    "table.summary": {
        "en": "At confidence {op} {threshold}: precision = TP / kept = {precision}; "
              "recall = TP / M = {recall}",
        "zh": "置信度 {op} {threshold} 时：精度 = TP / 保留数 = {precision}；"
              "召回率 = TP / M = {recall}",
    },
    "table.ap_title": {"en": "AP under each convention", "zh": "各种算法下的 AP"},
    "table.col.convention": {"en": "convention", "zh": "算法"},
    "table.col.fraction": {"en": "fraction", "zh": "分数"},
    "table.col.decimal": {"en": "decimal", "zh": "小数"},
    "table.col.status": {"en": "status", "zh": "状态"},
    "table.reference": {"en": "← reference", "zh": "← 参考算法"},
    "table.accepted": {"en": "accepted", "zh": "可接受"},
    "table.empty": {
        "en": "no detection has confidence {op} {threshold}",
        "zh": "没有置信度 {op} {threshold} 的检测结果",
    },
    "table.no_question": {
        "en": "rubric {rubric} has no detection_metrics question",
        "zh": "评分标准 {rubric} 中没有 detection_metrics 类型的题目",
    },
    "table.unknown_question": {
        "en": "rubric {rubric} has no question {question!r}; {hint}",
        "zh": "评分标准 {rubric} 中没有题目 {question!r}；{hint}",
    },
    "table.not_detection": {
        "en": "question {question} of rubric {rubric} is a {kind} question, not "
              "detection_metrics; detection questions: {choices}",
        "zh": "评分标准 {rubric} 的题目 {question} 是 {kind} 类型，不是 detection_metrics；"
              "检测类题目：{choices}",
    },
    "detection.default_variant": {
        "en": "is the value at the textbook's threshold {threshold}, not at yours: keep the "
              "detections at or above the threshold on your own sheet",
        "zh": "这是教材阈值 {threshold} 下的值，不是你的阈值下的：请按你题单上的阈值保留检测结果",
    },
}
