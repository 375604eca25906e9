"""Concept matching for free-text answers (essays in Chinese, English or both): pure logic.

An essay is never judged automatically; this module only finds which of a rubric's key
concepts the text mentions, so that a TA starts from a suggested score and a list of what
is missing. Matching is deliberately simple and predictable:

* Text and synonyms go through the same normalisation: NFKC (full-width → half-width),
  case folding, traditional → simplified Chinese for the characters these answers use,
  ∩ and ∪ → 交集 and 并集, punctuation and hyphens → spaces.
* A synonym containing Chinese characters matches as a substring of the text with all
  spaces removed (Chinese has no word boundaries): "RoI 池化" matches "roi池化".
* A synonym in Latin (or Greek: "α", "β") letters matches whole words: its words, lightly
  stemmed (plurals, -ing, -ed), must appear consecutively in the text, or run together as
  one word ("end-to-end" = "end to end" = "endtoend").
* A synonym with `…` between its parts ("固定…训练", "fix … train") matches when the parts
  appear in that order, each within a short gap of the previous one (`GAP_CHARS` Chinese
  characters, `GAP_WORDS` words): the way answers put words between the ones that matter
  ("fix住生成网络的参数，训练判别网络").
* A synonym without `…` matches within one clause: never across the text's sentence or
  clause punctuation (。，、；：!?,;: and a full stop not followed by a digit), so that
  "验证准确率低于。训练过程中" does not read as "低于训练".
* A comparison sign between Chinese words or figures says what its words say:
  "训练精度>测试精度" reads as "训练精度 大于 测试精度" (and < as 小于).
* English words in -ional/-ionally are read as their noun in -ion ("computational",
  "computationally" → "computation"), on both sides.
* Phrases a question ignores (the name of what is asked about: "生成对抗网络") are taken out
  of the text first, so that a synonym inside them ("对抗") does not count.

Nothing here executes or interprets student text beyond these string operations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

__all__ = [
    "Concept",
    "ConceptMatch",
    "fold_traditional",
    "match_concepts",
    "normalise",
    "suggested_score",
    "text_length",
]

MAX_TEXT = 100_000
"""Characters of an essay examined; anything longer is cut (a chapter answer is ~1,000)."""

# Taiwan/Hong Kong terms whose simplified form is a different word, folded before characters.
_PHRASES: dict[str, str] = {
    "網路": "网络",
    "記憶體": "内存",
    "硬體": "硬件",
    "軟體": "软件",
    "晶片": "芯片",
    "演算法": "算法",
    "頻寬": "带宽",
    "訊號": "信号",
    "資料": "数据",
    "類神經": "神经",
    "即時": "实时",
}

# Traditional → simplified for the characters likely in chapter-3 answers (detection,
# R-CNN, GANs, acceleration) and common function words. One character each way; only
# characters whose simplified form is unambiguous are listed.
_CHARS = (
    "選选 擇择 區区 網网 絡络 卷卷 積积 訓训 練练 別别 損损 錨锚 端端 對对 於于 與与 個个 為为 "
    "這这 將将 從从 後后 應应 實实 現现 時时 間间 檢检 測测 標标 準准 確确 誤误 錯错 類类 數数 "
    "據据 樣样 機机 學学 習习 參参 計计 運运 輸输 層层 徵征 圖图 權权 極极 優优 佈布 偽伪 雜杂 "
    "處处 視视 覺觉 語语 義义 邊边 預预 歸归 議议 鑑鉴 鑒鉴 遲迟 記记 憶忆 體体 內内 帶带 寬宽 "
    "壓压 縮缩 並并 專专 動动 設设 備备 緣缘 雲云 試试 驗验 證证 節节 點点 頻频 電电 閾阈 聯联 "
    "連连 單单 雙双 獨独 掃扫 稱称 綜综 評评 價价 覽览 傳传 遞递 饋馈 響响 總总 結结 構构 際际 "
    "統统 產产 給给 負负 責责 達达 穩稳 斂敛 無无 麼么 說说 問问 題题 還还 會会 過过 擬拟 幾几 "
    "兩两 種种 簡简 複复 級级 長长 門门 狀状 態态 隨随 隱隐 歷历 製制 輕轻 邏逻 輯辑 決决 資资 "
    "儲储 讀读 寫写 陣阵 萬万 億亿 開开 銷销 減减 額额 須须 顯显 納纳 衡衡 貝贝 葉叶 氣气 "
    "務务 進进 濾滤 較较 獲获 取取 籤签 箋笺 錄录 適适 當当 準准 縮缩 裡里 裏里 們们 麗丽 "
    "點点 變变 換换 雖虽 則则 觀观 億亿 幣币 場场 報报 認认 識识 讓让 條条 記记 談谈 該该 "
    "細细 線线 條条 錢钱 鍵键 關关 閉闭 頭头 題题 風风 飛飞 餘余 馬马 驅驱 體体 高高 龐庞 "
    "響响 嚴严 舉举 興兴 爭争 戰战 敗败 勝胜 勞劳 務务 紀纪 約约 紅红 級级 純纯 細细 終终 "
    "組组 絕绝 統统 經经 維维 綱纲 網网 緊紧 線线 編编 緩缓 纖纤 續续 臺台 華华 萬万 蘇苏 "
    "蟲虫 規规 覆覆 親亲 訊讯 許许 設设 詞词 詳详 認认 誘诱 調调 諸诸 謂谓 豐丰 賦赋 質质 "
    "購购 趨趋 軌轨 軸轴 較较 載载 輔辅 輸输 轉转 辦办 辭辞 迴回 週周 達达 遠远 適适 選选 "
    "邊边 醫医 釋释 針针 鏈链 長长 閘闸 閱阅 隊队 陰阴 陽阳 際际 隻只 離离 難难 靈灵 韌韧 "
    "順顺 須须 預预 領领 頻频 顆颗 題题 類类 顯显 飽饱 驗验 鬆松 魯鲁 黨党 齊齐 龍龙 "
    "佔占 來来 係系 倉仓 側侧 備备 傅傅 儀仪 價价 僅仅 優优 兒儿 內内 冊册 劃划 劑剂 "
    "勢势 匯汇 協协 卻却 厲厉 參参 叢丛 啟启 團团 圍围 執执 堅坚 塊块 塗涂 壞坏 壓压 "
    "奪夺 妝妆 嬰婴 導导 屬属 島岛 峽峡 幫帮 廣广 廠厂 彈弹 彙汇 徑径 復复 徹彻 恆恒 "
    "惡恶 慣惯 慮虑 憑凭 應应 懷怀 戲戏 據据 擊击 擴扩 攝摄 敵敌 斷断 於于 暫暂 曆历 "
    "樞枢 標标 樣样 橫横 檔档 權权 歡欢 殘残 毀毁 淺浅 測测 湊凑 滅灭 滿满 漢汉 潛潜 "
    "濃浓 灣湾 燈灯 爐炉 牽牵 獎奖 環环 産产 畫画 異异 療疗 發发 盡尽 監监 盤盘 碼码 "
    "礎础 禮礼 稅税 穩稳 窮穷 競竞 筆笔 範范 築筑 簽签 糧粮 紋纹 級级 "
)
_TABLE: dict[int, str] = {}
for _pair in _CHARS.split():
    if _pair[0] != _pair[1]:
        _TABLE.setdefault(ord(_pair[0]), _pair[1])
del _pair

_HYPHENS = "-‐‑‒–—―−_/"


def fold_traditional(text: str) -> str:
    """Traditional Chinese → simplified, for the listed phrases and characters."""
    for trad, simp in _PHRASES.items():
        text = text.replace(trad, simp)
    return text.translate(_TABLE)


def normalise(text: str) -> str:
    """NFKC, case-folded, simplified, punctuation and hyphens as single spaces."""
    text = unicodedata.normalize("NFKC", text[:MAX_TEXT]).casefold()
    text = fold_traditional(text)
    # The symbols an answer writes IoU with (|A∩B|/|A∪B|) say what their words say.
    text = text.replace("∩", " 交集 ").replace("∪", " 并集 ")
    # ... and so do comparison signs between Chinese words or figures (训练精度>测试精度).
    if ">" in text or "<" in text:
        text = _GREATER.sub(" 大于 ", _LESS.sub(" 小于 ", text))
    return " ".join(text.translate(_SEPARATORS).split())


_CJK_CLASS = "\u3400-\u9fff\uf900-\ufaff"
_GREATER = re.compile(rf"(?<=[{_CJK_CLASS}0-9%)])\s*>\s*(?=[{_CJK_CLASS}0-9(])")
_LESS = re.compile(rf"(?<=[{_CJK_CLASS}0-9%)])\s*<\s*(?=[{_CJK_CLASS}0-9(])")
_CLAUSE = re.compile(r"[。，、；：！？!?,;:]|\.(?!\d)")
"""Clause punctuation (after NFKC): a synonym without `…` never matches across it."""
_CLAUSE_MARK = "\u01c2"
"""Where a clause ended, while the text is normalised: a letter (ǂ) that normalising keeps
and no synonym holds."""


class _Separators(dict[int, str]):
    """`str.translate` table: punctuation, symbols, spaces, controls and hyphens become a
    space, everything else stays; each code point's category looked up once."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = " " if ch in _HYPHENS or unicodedata.category(ch)[0] in "PSZC" else ch
        if len(self) < 65_536:
            self[code] = out
        return out


_SEPARATORS = _Separators()


def text_length(text: str) -> int:
    """Length of an answer for `min_length`: characters left after normalisation, no spaces."""
    return len(normalise(text).replace(" ", ""))


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


_WORD = re.compile(r"[a-z0-9\u03b1-\u03c9]+")
"""A word: Latin letters and digits, or Greek letters (the weights α, β of an essay)."""


def _stem(word: str) -> str:
    """A light English stemmer: plurals, -ing and -ed, a final e, a doubled consonant."""
    w = word
    if len(w) > 4 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 5 and w.endswith("ed") and not w.endswith("eed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("es") and (w[-3] in "sxz" or w[-4:-2] in ("ch", "sh")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 8 and w.endswith("ionally"):     # computationally → computation
        w = w[:-4]
    elif len(w) > 6 and w.endswith("ional"):     # computational → computation
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Concept:
    """A key idea an answer should contain, and the ways of saying it."""

    id: str
    label: Mapping[str, str]
    synonyms: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class ConceptMatch:
    """Whether one concept was found, and by which synonym (as the rubric wrote it)."""

    concept: Concept
    found: bool
    evidence: str | None = None


GAP_CHARS = 30
"""Most characters (spaces not counted) between two parts of a `…` synonym in Chinese."""
GAP_WORDS = 8
"""Most words between two parts of a `…` synonym in English."""


class _Prepared:
    """A normalised text ready for both kinds of synonym."""

    def __init__(self, text: str, ignore: Iterable[str] = ()) -> None:
        ignore = tuple(ignore)
        # Chinese is matched without spaces, clause by clause: "|" (never in a normalised
        # synonym) stands between clauses, which a `…` gap may cross and a plain one not.
        # One normalising pass: clause punctuation is first marked with a letter that
        # normalising keeps, then the text is cut there.
        marked = normalise(_CLAUSE.sub(_CLAUSE_MARK, unicodedata.normalize(
            "NFKC", text[:MAX_TEXT])))
        clauses = (_without(c.strip(), ignore).replace(" ", "")
                   for c in marked.split(_CLAUSE_MARK))
        self.joined = "|".join(c for c in clauses if c)
        norm = _without(" ".join(marked.replace(_CLAUSE_MARK, " ").split()), ignore)
        self.words = _words(norm)
        self.word_text = " " + " ".join(self.words) + " "
        self.word_set = set(self.words)

    def contains(self, synonym: str) -> bool:
        if "…" in synonym or "..." in synonym:
            gap = _gap_pattern(synonym)
            if gap is None:
                return False
            cjk, pattern = gap
            return pattern.search(self.joined if cjk else self.word_text) is not None
        form = _synonym_form(synonym)
        if form is None:
            return False
        cjk, needle, stem = form
        if cjk:
            return needle in self.joined
        return needle in self.word_text or (stem is not None and stem in self.word_set)


def _without(norm: str, ignore: tuple[str, ...]) -> str:
    """A normalised text with the ignored phrases taken out."""
    for phrase in ignore:
        cut = _normalised_phrase(phrase)
        if cut and _has_cjk(cut):
            norm = norm.replace(cut, " ")
        elif cut:  # whole words, with their endings ("networks")
            norm = re.sub(rf"(?<![a-z0-9]){re.escape(cut)}[a-z0-9]*", " ", norm)
    return norm


@lru_cache(maxsize=1024)
def _normalised_phrase(phrase: str) -> str:
    """A rubric's phrase, normalised once."""
    return normalise(phrase)


@lru_cache(maxsize=1024)
def _gap_pattern(synonym: str) -> tuple[bool, re.Pattern[str]] | None:
    """The search pattern of a `…` synonym: its parts in order, short gaps between them
    (every part escaped: a rubric's synonym is text, never a pattern)."""
    parts = [normalise(p) for p in synonym.replace("...", "…").split("…")]
    if len(parts) < 2 or not all(parts):
        return None
    if _has_cjk("".join(parts)):
        gap = f".{{0,{GAP_CHARS}}}?"
        return True, re.compile(gap.join(re.escape(p.replace(" ", "")) for p in parts))
    words = [" ".join(_words(p)) for p in parts]
    if not all(words):
        return None
    gap = f" (?:\\S+ ){{0,{GAP_WORDS}}}"
    return False, re.compile(" " + gap.join(re.escape(w) for w in words) + " ")


@lru_cache(maxsize=8192)
def _synonym_form(synonym: str) -> tuple[bool, str, str | None] | None:
    """How a synonym is searched for: (is Chinese, needle, joined stem), computed once."""
    norm = normalise(synonym)
    if not norm:
        return None
    if _has_cjk(norm):
        return True, norm.replace(" ", ""), None
    words = _words(norm)
    if not words:
        return None
    stem = _stem("".join(_WORD.findall(norm))) if len(words) > 1 else None
    return False, " " + " ".join(words) + " ", stem


def match_concepts(text: str, concepts: Iterable[Concept], ignore: Iterable[str] = ()
                   ) -> tuple[ConceptMatch, ...]:
    """Each concept with whether `text` mentions it (the first matching synonym as evidence),
    the `ignore` phrases taken out of the text first."""
    prepared = _Prepared(text, ignore)
    out = []
    for concept in concepts:
        hit = next((s for s in concept.synonyms if prepared.contains(s)), None)
        out.append(ConceptMatch(concept, hit is not None, hit))
    return tuple(out)


def coverage(matches: Sequence[ConceptMatch]) -> Fraction:
    """Weighted share of the concepts found (0 when there are none to find)."""
    # A float weight is n / 2^k exactly: scaled to the largest 2^k every weight is a whole
    # number, and the share is exact without summing Fractions (this runs once per essay).
    ratios = [m.concept.weight.as_integer_ratio() for m in matches]
    scale = max((d for _, d in ratios), default=1)
    whole = [n * (scale // d) for n, d in ratios]
    total = sum(whole)
    if total <= 0:
        return Fraction(0)
    return Fraction(sum(w for w, m in zip(whole, matches, strict=True) if m.found), total)


def suggested_score(matches: Sequence[ConceptMatch], points: float) -> float:
    """Coverage × points, rounded half-up to the nearest 0.5 (never above `points`)."""
    raw = coverage(matches) * Fraction(points)
    halves = (raw * 2 + Fraction(1, 2)).__floor__()
    return float(min(Fraction(halves, 2), Fraction(points)))
