"""Free-text answers: normalisation, concept matching, suggested scores, the seeds' essays."""

from __future__ import annotations

import pytest

from grader.freetext import (
    Concept,
    fold_traditional,
    match_concepts,
    normalise,
    suggested_score,
    text_length,
)
from grader.i18n import LANGS, catalogue
from grader.messages.freetext import MESSAGES
from grader.report import Verdict
from grader.rubric import find_rubric
from tests.conftest import ANSWERS
from tests.helpers import codes, grade_file, grade_text, item


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("ＲｏＩ　池化", "roi 池化"),                          # full-width letters and space (NFKC)
        ("End-to-End", "end to end"),                          # hyphens become spaces
        ("端到端，训练。", "端到端 训练"),                     # Chinese punctuation stripped
        ("卷積網絡的訓練", "卷积网络的训练"),                  # traditional folded
        ("選擇性搜索、區域建議網絡", "选择性搜索 区域建议网络"),  # 選擇 區域 網絡
        ("判別器與生成器的損失", "判别器与生成器的损失"),      # 判別 與 損失
        ("錨框", "锚框"),                                      # 錨
        ("記憶體頻寬", "内存带宽"),                            # Taiwan terms, folded as words
        ("  GPU\t(DLP)  ", "gpu dlp"),                         # brackets, blanks collapsed
        ("|A∩B|/|A∪B|", "a 交集 b a 并集 b"),                    # IoU's symbols as words
    ],
)
def test_normalise(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


def test_fold_traditional_leaves_simplified_alone() -> None:
    text = "生成器和判别器交替训练，直到纳什均衡"
    assert fold_traditional(text) == text


def concept(*synonyms: str) -> Concept:
    return Concept("c", {"zh": "c", "en": "c"}, synonyms)


@pytest.mark.parametrize(
    ("text", "synonym", "found"),
    [
        ("用 RoI 池化层", "roi池化", True),                   # spaces removed for Chinese synonyms
        ("RoI池化", "RoI 池化", True),                        # ... on either side
        ("區域建議網絡", "区域建议网络", True),               # traditional text, simplified synonym
        ("区域建议网络", "區域建議網絡", True),               # and the reverse
        ("trained end to end", "end-to-end", True),           # hyphen / space variants
        ("an endtoend detector", "end-to-end", True),         # run together
        ("end-to-end", "end to end", True),
        ("Anchors of three scales", "anchor", True),          # plural
        ("anchor boxes", "anchor box", True),                 # -es plural
        ("by pruning and quantization", "prune", True),       # -ing against a final e
        ("convolutions are shared", "share", True),           # -ed
        ("SHARED CONVOLUTION", "shared convolution", True),   # case-insensitive
        ("the generator learns", "generator", True),
        ("regenerators", "generator", False),                 # whole words only in English
        ("trainable", "train", False),                        # -able is not stemmed
        ("an RPN", "rpn", True),
        ("RPNs", "rpn", True),
        ("用SVM分类", "svm", True),                           # Latin word inside Chinese text
        ("支持向量", "支持向量机", False),                    # the whole synonym is needed
        ("real time", "real-time", True),
        ("realtime", "real-time", True),
        ("memory", "memory bandwidth", False),                # every word of the phrase
        ("IoU = |A∩B|/|A∪B|", "交集", True),                 # the symbols say the words
        ("mAP 是各类 AP 的平均", "各类", True),
        # `…`: the parts in order, words allowed between them
        ("fix住生成网络的参数，训练判别网络", "fix…训练", True),
        ("训练判别网络，然后固定", "固定…训练", False),         # order matters
        ("固定" + "学" * 31 + "训练", "固定…训练", False),       # a gap of at most 30 characters
        ("固定" + "学" * 30 + "训练", "固定…训练", True),
        ("we fix the generator and train the critic", "fix … train", True),
        ("fix a b c d e f g h i train", "fix … train", False),  # more than 8 words between
        ("fix a b c d e f g h train", "fix … train", True),
        ("fixing G while training D", "fix...train", True),     # three dots, stemmed words
        ("a (b", "(…b", False),                                 # a part that is only punctuation
        # a plain Chinese synonym stays within one clause
        ("验证准确率低于。训练过程中", "低于训练", False),        # not across a full stop
        ("训练损失很高，下降缓慢", "损失很高下降", False),        # nor across a comma
        ("低于训练精度", "低于训练", True),                      # within a clause it matches
        ("约7.2亿次", "7.2亿", True),                           # a decimal point is no full stop
        ("固定生成器。训练判别器", "固定…训练", True),           # a `…` gap may cross clauses
        # comparison signs between Chinese words or figures say their words
        ("训练精度>验证精度>测试精度", "训练…大于…测试", True),
        ("训练精度 ＞ 测试精度", "大于", True),                  # full-width, spaced
        ("95%<97%", "小于", True),
        ("<td>训练</td>", "大于", False),                       # markup is no comparison
        ("a > b", "大于", False),                                # only between Chinese or figures
        # English -ional/-ionally read as the noun in -ion
        ("DNNs are computationally intensive", "computation", True),
        ("demanding computational resources", "computation", True),
        ("computation", "computational", True),                 # both sides alike
        ("a small computer", "computation", False),
        # Greek letters are words too (an essay's weights α and β)
        ("调整 α 和 β 可以平衡", "α", True),
        ("alpha", "α", False),
    ],
)
def test_synonym_matching(text: str, synonym: str, found: bool) -> None:
    (match,) = match_concepts(text, [concept(synonym)])
    assert match.found is found
    assert match.evidence == (synonym if found else None)


@pytest.mark.parametrize(
    ("text", "ignore", "found"),
    [
        ("生成对抗网络由生成器和判别器组成", ["生成对抗网络"], False),  # the name is not the idea
        ("生成对抗网络中两者相互对抗", ["生成对抗网络"], True),      # the idea in its own words
        ("生成對抗網絡的训练", ["生成对抗网络"], False),               # traditional spelling too
        ("Generative Adversarial Networks", ["generative adversarial network"], False),  # plural
        ("two adversarial networks", ["generative adversarial network"], True),
        ("subnets are adversarial", ["net"], True),             # whole words only
    ],
)
def test_ignored_phrases(text: str, ignore: list[str], found: bool) -> None:
    (match,) = match_concepts(text, [concept("对抗", "adversarial")], ignore)
    assert match.found is found


def test_first_matching_synonym_is_the_evidence() -> None:
    (match,) = match_concepts("uses an RPN with anchors", [concept("区域建议网络", "rpn")])
    assert match.evidence == "rpn"


def test_length_ignores_spaces_and_punctuation() -> None:
    assert text_length("端到端，训练。 A B") == 7


@pytest.mark.parametrize(
    ("found", "weights", "points", "score"),
    [
        ([True, True], [1, 1], 5, 5.0),             # everything
        ([False, False], [1, 1], 5, 0.0),           # nothing
        ([True, False, False, False], [1] * 4, 5, 1.5),   # 1.25 rounds half up to 1.5
        ([True] * 5 + [False] * 3, [1] * 8, 5, 3.0),      # 3.125 → 3.0
        ([True] * 5 + [False] * 2, [1] * 7, 5, 3.5),      # 3.571 → 3.5
        ([True, False], [3, 1], 2, 1.5),            # weights count: 3/4 × 2
        ([True, False], [1, 1], 0, 0.0),            # a zero-point question
    ],
)
def test_suggested_score(found: list[bool], weights: list[float], points: float,
                         score: float) -> None:
    concepts = [Concept(f"c{i}", {"zh": "", "en": ""}, (f"w{i}",), w)
                for i, w in enumerate(weights)]
    text = " ".join(f"w{i}" for i, hit in enumerate(found) if hit)
    assert suggested_score(match_concepts(text, concepts), points) == score


def test_no_concepts_suggests_zero() -> None:
    assert suggested_score(match_concepts("anything", []), 5) == 0.0


# The seeds' own essays against ch3's concept lists: exactly what is found and missing.
SEED_ESSAYS = [
    # seed 000, 3.3: defines error rate, IoU and mAP; no IoU threshold, no recall.
    ("seed_000.yaml", "error_rate_iou_map",
     ["error_rate", "iou_overlap", "map_mean", "localisation", "comprehensive"],
     ["iou_threshold", "ap_pr_curve"], 3.5),
    # seed 000, 3.6: per-region CNN, RoI pooling, whole-image convolution, RPN; no selective
    # search, SVM, anchors or end-to-end training.
    ("seed_000.yaml", "rcnn_family",
     ["per_region_cnn", "roi_pooling", "shared_conv", "rpn"],
     ["selective_search", "svm", "anchors", "end_to_end"], 2.5),
    # seed 000, 3.8: the two players and their goals, but not how training proceeds.
    ("seed_000.yaml", "gan_training",
     ["generator", "discriminator", "real_vs_fake", "fool_discriminator", "distribution"],
     ["alternating", "minimax", "equilibrium"], 3.0),
    # seed 001: "huge numbers of parameters, many rounds of forward and backward passes".
    ("seed_001.yaml", "acceleration",
     ["compute_and_params", "training_cost"],
     ["latency", "energy", "memory_bandwidth", "hardware", "compression", "deployment"], 1.5),
    # the model answers of perfect.yaml cover every concept
    ("perfect.yaml", "error_rate_iou_map",
     ["error_rate", "iou_overlap", "iou_threshold", "map_mean", "ap_pr_curve", "localisation",
      "comprehensive"], [], 5.0),
    ("perfect.yaml", "rcnn_family",
     ["selective_search", "per_region_cnn", "svm", "roi_pooling", "shared_conv", "rpn",
      "anchors", "end_to_end"], [], 5.0),
    ("perfect.yaml", "gan_training",
     ["generator", "discriminator", "real_vs_fake", "fool_discriminator", "alternating",
      "minimax", "equilibrium", "distribution"], [], 5.0),
    ("perfect.yaml", "acceleration",
     ["compute_and_params", "training_cost", "latency", "energy", "memory_bandwidth",
      "hardware", "compression", "deployment"], [], 5.0),
]


@pytest.mark.parametrize(("file", "qid", "found", "missing", "score"), SEED_ESSAYS)
def test_seed_essays(file: str, qid: str, found: list[str], missing: list[str],
                     score: float) -> None:
    result = item(grade_file(ANSWERS / file), qid)
    assert result.verdict is Verdict.NEEDS_REVIEW
    assert result.score == score
    assert result.max_score == 5
    review = next(d for d in result.diagnoses if d.code == "needs_review")
    assert review.params["found"] == found
    if missing:
        assert [d.code for d in result.diagnoses] == ["concepts_missing", "needs_review"]
        assert result.diagnoses[0].params["missing"] == missing
    else:
        assert [d.code for d in result.diagnoses] == ["needs_review"]


def test_seed_messages_name_missing_concepts_in_the_report_language() -> None:
    result = item(grade_file(ANSWERS / "seed_000.yaml"), "rcnn_family")
    missing = result.diagnoses[0]
    assert missing.message("zh") == (
        "未找到的要点：R-CNN 用选择性搜索产生候选区域、R-CNN 用 SVM 分类、"
        "RPN 使用锚框、Faster R-CNN 可端到端训练")
    assert missing.message("en") == (
        "key ideas not found: R-CNN takes its proposals from selective search, R-CNN "
        "classifies with SVMs, the RPN uses anchor boxes, Faster R-CNN trains end to end")
    assert result.diagnoses[1].message("en").endswith("suggested score 2.5 of 5")


def test_every_ch3_essay_has_concepts() -> None:
    rubric = find_rubric("ch3")
    essays = [q for q in rubric.questions if q.kind == "short_answer"]
    assert [q.id for q in essays] == ["error_rate_iou_map", "convergence", "svm_vs_alexnet",
                                      "rcnn_family", "gan_training", "style_transfer",
                                      "acceleration"]
    assert all(len(q.params.concepts) >= 7 for q in essays)  # type: ignore[attr-defined]


ESSAY = "assignment: ch3\nanswers:\n  gan_training: {text}\n"


@pytest.mark.parametrize(
    ("text", "verdict", "diag_codes", "score"),
    [
        ('""', Verdict.MISSING, [], 0),                    # empty string
        ('"   "', Verdict.MISSING, [], 0),                 # blanks only
        ("null", Verdict.MISSING, [], 0),                  # explicit null
        # short and thin: two concepts, and a too-short note
        ("生成器和判别器", Verdict.NEEDS_REVIEW,
         ["concepts_missing", "needs_review", "needs_review"], 1.5),
        # English: alternation, minimax and Nash equilibrium found, among others
        ('"The generator and the discriminator are trained alternately in a minimax game on '
         'real data until a Nash equilibrium, when the generated distribution matches."',
         Verdict.NEEDS_REVIEW, ["concepts_missing", "needs_review"], 4.5),
        # nothing relevant at all
        ('"不知道"', Verdict.NEEDS_REVIEW, ["concepts_missing", "needs_review", "needs_review"], 0),
    ],
)
def test_short_answer_items(text: str, verdict: Verdict, diag_codes: list[str],
                            score: float) -> None:
    report = grade_text(ESSAY.format(text=text))
    assert item(report, "gan_training").verdict is verdict
    assert codes(report, "gan_training") == diag_codes
    assert item(report, "gan_training").score == score


def test_nothing_found_message() -> None:
    result = item(grade_text(ESSAY.format(text='"不知道"')), "gan_training")
    assert result.diagnoses[1].message("en") == (
        "to be reviewed by a TA; none of the 8 key ideas was found; suggested score 0 of 5")
    assert result.diagnoses[2].message("zh") == "答案只有 3 个字符，至少应有 60 个"


def test_needs_review_does_not_fail_all_correct() -> None:
    report = grade_file(ANSWERS / "perfect.yaml")
    assert report.all_correct()
    assert item(report, "acceleration").verdict is Verdict.NEEDS_REVIEW


def test_every_message_has_both_languages() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), key
        assert catalogue()[key] is texts


BAD_CONCEPTS = [
    # duplicate concept ids
    ("[{id: a, label: {zh: a, en: a}, synonyms: [x]}, {id: a, label: {zh: b, en: b}, "
     "synonyms: [y]}]", "concept id 'a' appears twice"),
    # a synonym that normalises to nothing
    ('[{id: a, label: {zh: a, en: a}, synonyms: ["——"]}]', "empty after normalisation"),
    # no synonyms at all
    ("[{id: a, label: {zh: a, en: a}, synonyms: []}]", "at least 1 item"),
    # label in one language only
    ("[{id: a, label: {zh: a}, synonyms: [x]}]", "'en' is missing"),
]


@pytest.mark.parametrize(("concepts", "message"), BAD_CONCEPTS)
def test_bad_concept_lists_are_rubric_errors(tmp_path: object, concepts: str,
                                             message: str) -> None:
    from pathlib import Path

    from grader.errors import RubricError
    from grader.rubric import load_rubric

    path = Path(str(tmp_path)) / "r.yaml"
    path.write_text("id: t\ntitle: {zh: t, en: t}\nquestions:\n  - id: q\n    kind: short_answer\n"
                    "    title: {zh: q, en: q}\n    params:\n      concepts: " + concepts + "\n",
                    encoding="utf-8")
    with pytest.raises(RubricError) as exc:
        load_rubric(path)
    assert message in str(exc.value)
    assert exc.value.line == 8


@pytest.mark.parametrize(
    ("question", "text", "found"),
    [
        # Phrasings of a complete answer found by the independent review.
        ("gan_training", "先固定G训练D，判别器把真实样本判断为真；两者相互对抗，最后判别器无法区分",
         {"discriminator", "real_vs_fake", "fool_discriminator", "alternating", "minimax",
          "equilibrium"}),
        ("gan_training", "We fix G and update D, then fix D and update G until p_g = p_data.",
         {"alternating", "distribution"}),
        ("rcnn_family", "Faster R-CNN 用区域候选网络生成候选框", {"rpn"}),
        ("acceleration", "tight power budgets on phones", {"energy"}),
        ("error_rate_iou_map", "mAP is a more complete measure", {"comprehensive"}),
    ],
)
def test_review_phrasings(question: str, text: str, found: set[str]) -> None:
    from grader.kinds.short_answer import concepts_of
    from grader.rubric import find_rubric

    params = find_rubric("ch3").question(question).params
    hits = {m.concept.id for m in match_concepts(text, concepts_of(params)) if m.found}
    assert found <= hits


@pytest.mark.parametrize(
    ("question", "text", "concept", "found"),
    [
        # Ways of stating a concept met in real answers (tests/realworld/essays_b.yaml) ...
        ("rcnn_family", "将SS算法生成的候选框投影到特征图上获得特征矩阵", "shared_conv", True),
        ("rcnn_family", "proposals are projected onto the conv feature map", "shared_conv", True),
        ("rcnn_family", "截取候选区域的图像，裁剪缩放后依次送入CNN提取特征", "per_region_cnn",
         True),
        ("convergence", "随着训练的进行，训练损失应该逐渐下降", "loss_converges", True),
        ("convergence", "一般来讲，训练精度>验证精度>测试精度", "gap", True),
        ("convergence", "训练和验证性能曲线之间出现明显差异", "gap", True),
        ("svm_vs_alexnet", "AlexNet 约 0.7 GMACs", "alexnet_cost", True),
        ("style_transfer", "使得内容特征集F与P接近、风格特征集G与A接近", "content_loss", True),
        ("style_transfer", "使得内容特征集F与P接近、风格特征集G与A接近", "style_loss", True),
        ("style_transfer", "样式损失令合成图像与样式图像在样式特征上接近", "style_loss", True),
        ("style_transfer", "输入内容图像和样式图像", "content_and_style", True),
        ("style_transfer", "超参数控制内容与风格权重，调整 α 和 β", "weighted_total", True),
        ("acceleration", "DNN workloads are getting more computationally intensive",
         "compute_and_params", True),
        ("acceleration", "demanding computational resources and power consumption",
         "compute_and_params", True),
        # ... and what does not state it, which stays missing
        ("rcnn_family", "将RoI特征依次送入全连接层", "per_region_cnn", False),  # not the regions
        ("rcnn_family", "对每个候选区域提取特征图", "shared_conv", False),    # a map per region
        ("convergence", "若训练损失不下降，说明学习率不当", "loss_converges", False),
        ("convergence", "训练精度和测试精度都很低", "gap", False),           # both low: no gap
        ("convergence", "验证准确率低于。训练过程中应观察曲线", "gap", False),  # across a full stop
        ("svm_vs_alexnet", "关注加法和乘法(MACs)的数量", "alexnet_cost", False),  # no figure
        ("svm_vs_alexnet", "以 FLOPs 衡量计算量", "alexnet_cost", False),    # a unit, no amount
        ("style_transfer", "内容特征通常从网络的较深层提取", "content_loss", False),
        ("style_transfer", "通过梯度下降最小化总损失函数", "weighted_total", False),  # no weights
        ("style_transfer", "minimise the total loss", "weighted_total", False),
        ("acceleration", "runs on a small computer", "compute_and_params", False),
    ],
)
def test_rubric_synonyms(question: str, text: str, concept: str, found: bool) -> None:
    from grader.kinds.short_answer import concepts_of

    params = find_rubric("ch3").question(question).params
    matches = {m.concept.id: m for m in match_concepts(text, concepts_of(params))}
    assert matches[concept].found is found, matches[concept].evidence
