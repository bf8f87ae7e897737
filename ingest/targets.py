"""Quantitative targets: 技术合同成交额超过100亿元 -> value 1e10, unit 元, comparator ">".

**What a target is.** A number followed by a unit, read as the genre writes it:

- *numbers* in Arabic digits (full-width too, with thousands commas and decimals) or Chinese
  numerals (三十, 一百二十, 两万); 十/百/千 before 万/亿, and 万, 亿, 万亿, 千, 百 after a number are
  folded into the value (1.3万亿斤 -> 1.3e12 斤, 6亿元 -> 6e8 元); 余/多 after the number means ">";
- *units*: money (元, 美元, 欧元, 港元 …), measures (平方米, 公顷, 亩, 公里, 吨, 斤, 千瓦, 千瓦时,
  标准箱 …), counters (家, 个, 项, 条, 场, 期, 尾, 户, 篇, 所, 处, 件, 架, 台, 名, 人 …), counted
  events (人次, 条次, 场次, 架次 …), shares (%, ‰, 个百分点 -> 百分点) and multiples (倍); the unit is
  kept in its base form, simplified (萬億斤 -> 斤, 個 -> 个, 平米 -> 平方米, 个工作日 -> 工作日);
- an *amount without a unit* when 万 or 亿 is written (总投资6202.65亿 -> 6.20265e11, unit "");
- a *unitless index* after 指数, 系数, 得分, 分值 (科技进步指数160 -> 160, unit "");
- *ranges* with - ~ — 至 到 between two numbers (2-3个, 1～2家, 两到三所, 80%-90%): value and value_max;
- *doubling*: 翻一番 / 增长1倍 / 增加一倍 is a target of 1 倍 (翻两番 -> 3 倍), read only when the
  sentence states no value; where it does (数量翻一番，达到14个) the value is the target;
- *time spans* (小时, 工作日, 天, 分钟) only with a comparator or 内 (控制在2小时以内), ages (岁) only
  after a comparator (达到80岁).

Around the number: a comparator word before it (超过, 不低于, 达到, 控制在 …) or after it (以上,
左右, 以内 …), and the thing counted: the words after a count unit (打造10个创业街区) or else the
noun phrase before the number (全年访问量突破150万人次).

**What is not.** Dates, years and plan periods (年 and 月 are no units: 2021-2023年, 到2025年,
12月底, 3个月), document numbers (〔2023〕2号), ordinals (第三次, 十三届五次, 第四代, 二期, 党的十九大),
list labels and row numbers, page chrome (第1页 / 共14页), numbers inside names (5G, G60, PM2.5, 《…》
titles, 30万吨级 and 千亿级 designations, 五家渠 and other places ending in a unit), Chinese counts
that open a quoted slogan (“四个意识”), ordinals listed after one 第 (第1、2批), an amount bounding a
class that is then counted (培育产值10亿元以上企业20家: only 20家), masked digits (**家), times of
day (9:00-18:30), index and phone numbers, page counters (浏览次数：1234) and the links to other
articles at a page's foot (上一篇 / 下一篇 / 相关阅读 lines).

**Script and damage.** Traditional characters (萬, 億, 項, 個, 條, 場, 戶, 達到, 超過 …) and pinyin
glosses a converter inserted (億(yì)) are read through a view of the text of the same offsets; spans
and subjects are those of the text as written.

>>> [(t.value, t.unit, t.comparator, t.subject) for t in find_targets("全年技术合同成交额超过100亿元。")]
[(10000000000.0, '元', '>', '技术合同成交额')]
>>> [(t.value, t.value_max, t.unit) for t in find_targets("引进2-3个人才团队")]
[(2.0, 3.0, '个')]
>>> [(t.value, t.unit) for t in find_targets("確保糧食產量穩定在1.3萬億斤以上")]
[(1300000000000.0, '斤')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.names import PREDICATE_VERBS
from ingest.numerals import CN_DIGITS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------- the reading view

# One character for one: traditional forms the target grammar reads, full-width digits and signs.
_FOLD = str.maketrans(
    "０１２３４５６７８９．％～－＞＜＝"
    "萬億兩個項條場戶噸畝臺輛頃點張處間門種類隻頭號頁屆級過達於約餘內歲時鐘標準縮壓減穩長擴當區國計統黨會歐幣學課車棟"
    "筆塊顆務組輪進實啟動織開舉辦設勵強貫徹積極爭獲駐構圍繞發揮現選擔參與協調簽確報創籌對帶採認關幫執牽負責著繼續優規"
    "範資產業總額數營蓋閱讀聞鏈薦瀏覽擊訪問〜",
    "0123456789.%~-><="
    "万亿两个项条场户吨亩台辆顷点张处间门种类只头号页届级过达于约余内岁时钟标准缩压减稳长扩当区国计统党会欧币学课车栋"
    "笔块颗务组轮进实启动织开举办设励强贯彻积极争获驻构围绕发挥现选担参与协调签确报创筹对带采认关帮执牵负责着继续优规"
    "范资产业总额数营盖阅读闻链荐浏览击访问~",
)
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-z{_TONES}]{{1,7}}[)）]")


@dataclass(frozen=True)
class _View:
    key: str  # folded: what the grammar matches
    clean: str  # as written, glosses dropped: what subjects are cut from
    pos: tuple[int, ...]  # pos[i]: offset in the text of key[i]; one more entry for the end

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.pos[s], self.pos[e - 1] + 1 if e > s else self.pos[s]


def _view(text: str, start: int, end: int) -> _View:
    parts: list[str] = []
    pos: list[int] = []
    i = start
    for m in _GLOSS.finditer(text, start, end):
        parts.append(text[i : m.start()])
        pos.extend(range(i, m.start()))
        i = m.end()
    parts.append(text[i:end])
    pos.extend(range(i, end))
    pos.append(end)
    clean = "".join(parts)
    return _View(clean.translate(_FOLD), clean, tuple(pos))


# --------------------------------------------------------------------------- units

# written unit -> base unit; multipliers (万吨, 亿元, 万平方米) are folded into the value instead.
_UNIT_BASE = {"%": "%", "个百分点": "百分点", "平米": "平方米", "立方": "立方米", "方": "立方米", "标箱": "标准箱"}
_UNIT_BASE |= {"人民币": "元", "港币": "港元", "个工作日": "工作日", "个小时": "小时", "m2": "平方米", "㎡": "平方米"}
_UNIT_BASE |= {"km2": "平方公里"}
MONEY = _words("元 美元 欧元 港元 日元 英镑 人民币 港币")
MEASURES = _words(
    """平方公里 平方千米 平方米 平米 公顷 亩 公里 千米 海里 延米 米 立方米 立方 方 吨 蒸吨 公斤 千克 克 斤
    千瓦时 千瓦 兆瓦 吉瓦 度 标准箱 标箱 TEU MW GW kW m2 ㎡ km2 微克/立方米"""
)
COUNTED = _words(
    """次 人次 条次 场次 家次 项次 户次 架次 艘次 车次 批次 班次 航次 亩次 人年 学时 课时 % ‰ 个百分点 百分点 倍 分"""
)
COUNT_UNITS = _words(
    """家 个 项 名 人 位 户 套 台套 台 艘 辆 架 座 所 支 批 条 种 类 件 部 篇 场 列 张 株 棵 头 只 羽 尾 处 期 栋
    幢 间 册 本 份 例 宗 笔 款 门 幅 颗 枚 块 口 眼 组 轮"""
)
TIME_UNITS = _words("小时 个小时 工作日 个工作日 天 分钟")
AGE_UNITS = _words("岁")
_UNITS = MONEY | MEASURES | COUNTED | COUNT_UNITS | TIME_UNITS | AGE_UNITS
# Characters after which a one-character unit begins a word instead (5G基站 aside): 本科, 口岸, 分局 …
_UNIT_NOT_BEFORE = {
    "本": "科地土级届", "口": "岸径罩", "分": "局院行会所中之类区支别配解析布享钟", "方": "面案式向法位针略舱",
    "门": "户类槛诊店", "组": "团织建成", "度": "假", "米": "级", "期": "间", "名": "义单称录", "部": "门委署",
    "个": "月",
}  # fmt: skip
# Chinese numerals count only these: 三个, 两家, 五所 (not 五次全会, 二期工程, 五位一体, 两人小组)
CN_UNITS = _words(
    """家 个 项 名 套 台套 台 艘 辆 架 座 所 支 批 条 种 类 件 篇 场 处 户 尾 株 元 美元 吨 亩 公顷 平方米
    平方公里 公里 千瓦 人次 场次 个百分点 百分点 倍"""
)


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _unit_pattern(words: frozenset[str]) -> str:
    alts = []
    for w in sorted(words, key=len, reverse=True):
        stop = _UNIT_NOT_BEFORE.get(w)
        alts.append(re.escape(w) + (f"(?![{stop}])" if stop else ""))
    return "|".join(alts)


# --------------------------------------------------------------------------- numbers

_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# after a number: 万, 亿, 万亿, 千万, 百亿 …; 千 and 百 alone not where they begin a unit (千瓦, 百分点)
_MULT = r"(?:[十百千]?(?:万亿|万|亿)|千(?![瓦克米])|百(?!分))"
_CN = r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
_RANGE = r"[-~—–至到]"
_BEFORE_NUMBER = r"(?<![A-Za-z\d./*×#第])"


def multiplier(word: str | None) -> float:
    """十万 -> 1e5, 万亿 -> 1e12, None -> 1."""
    value = 1.0
    for ch in word or "":
        value *= _MAGNITUDE[ch]
    return value


def chinese_value(s: str) -> float | None:
    """A Chinese numeral as a quantity: 三十 -> 30, 一百二十 -> 120, 两万五千 -> 25000; None if malformed."""
    total, section, digit, last = 0.0, 0.0, None, 10**9
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and ch not in "零〇":
                return None  # 三五: no digit follows a digit
            digit = None if ch in "零〇" else CN_DIGITS[ch]
        elif ch in "十百千":
            size = _MAGNITUDE[ch]
            if size >= last:
                return None
            section += (1 if digit is None else digit) * size
            digit, last = None, size
        elif ch in "万亿":
            section += digit or 0
            if section == 0 and (ch == "万" or total == 0):
                return None
            total = (total + section) * _MAGNITUDE[ch] if ch == "亿" else total + section * _MAGNITUDE[ch]
            section, digit, last = 0.0, None, 10**9
        else:
            return None
    return total + section + (digit or 0)


# --------------------------------------------------------------------------- comparators

BEFORE = (
    ("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("不下于", ">="), ("≥", ">="),
    ("不超过", "<="), ("不高于", "<="), ("控制在", "<="), ("最多", "<="), ("≤", "<="),
    ("超过", ">"), ("突破", ">"), ("高于", ">"), ("多于", ">"), ("大于", ">"), ("超", ">"), ("逾", ">"), (">", ">"),
    ("低于", "<"), ("少于", "<"), ("不足", "<"), ("<", "<"),
    ("达到", "="), ("提高到", "="), ("提升到", "="), ("提高至", "="), ("提升至", "="), ("增加到", "="), ("增至", "="),
    ("压缩至", "="), ("压缩到", "="), ("缩短至", "="), ("缩短到", "="), ("降低至", "="), ("降低到", "="),
    ("降至", "="), ("减少至", "="), ("减少到", "="), ("稳定在", "="), ("保持在", "="), ("达", "="),
    ("约", "~"), ("大约", "~"), ("近", "~"),
)  # fmt: skip
AFTER = (("及以上", ">="), ("以上", ">="), ("以内", "<="), ("以下", "<="), ("左右", "~"), ("上下", "~"))
_INDEX_WORDS = ("指数", "系数", "得分", "分值", "指标值")
_INDEX_LINK = ("", "为", "是", "保持在", "稳定在")

# --------------------------------------------------------------------------- the grammar

_ARABIC = (
    rf"{_BEFORE_NUMBER}(?P<a>{_NUM})(?![*])(?P<amult>{_MULT})?"
    rf"(?:(?P<aunit>{_unit_pattern(_UNITS)})?{_RANGE}(?P<b>{_NUM}))?"
    rf"(?P<more>[余多])?(?P<mult>{_MULT})?(?P<more2>[余多])?(?P<unit>{_unit_pattern(_UNITS)})?"
)
_CHINESE = (
    rf"(?<![第届初零〇一二两三四五六七八九十百千万亿])(?P<ca>{_CN})(?:{_RANGE}(?P<cb>{_CN}))?"
    rf"(?P<cmore>[余多])?(?P<cunit>{_unit_pattern(CN_UNITS)})"
)
_SET = (
    r"(?<![第届零〇一二两三四五六七八九十百千])"
    r"(?P<cset>[二两三四五六七八九]|十[一二三四五六七八九]?)大(?=[\u4e00-\u9fff])"
)
_DOUBLING = r"翻(?P<fan>[一两二三]?)番"
_PERCENT_WORDS = rf"百分之(?P<pct>{_CN}|{_NUM})"
_TARGET = re.compile("|".join((_ARABIC, _PERCENT_WORDS, _CHINESE, _SET, _DOUBLING)))

_BOUNDARY = re.compile(r"[，,。；;：:！？!?\n]")
_SENTENCE = re.compile(r"[。；;！？!?\n]")
_TITLE = re.compile(r"《[^《》\n]{1,80}》")
_LINK_LINE = re.compile(
    r"^[ \t\u3000•·*\-–—]*(?:上一篇|下一篇|上一条|下一条|相关阅读|相关新闻|相关文章|相关链接|推荐阅读|延伸阅读)",
    re.MULTILINE,
)
_COUNTER_CHROME = re.compile(r"(?:浏览|阅读|点击|访问)(?:次数|量|数)?\s*[:：]\s*$")
_ORDINAL_LIST = re.compile(r"第[\d一二三四五六七八九十]+(?:[、,，和及][\d一二三四五六七八九十]+)*[、,，和及]$")
_QUOTES = "“‘\"'「『"
_CONGRESS_AFTER = ("精神", "以来", "报告", "胜利", "召开", "代表", "和", "及", "、", "期间", "作出", "部署", "提出")
# the place names that end in a unit character: 五家渠, 七台河, 九台区, 三台县
_PLACE_AFTER_UNIT = "市县区镇乡村河渠山"
_FAN = {"": 1.0, "一": 1.0, "两": 3.0, "二": 3.0, "三": 7.0}


@dataclass(frozen=True)
class Found:
    text: str
    start: int
    end: int
    value: float
    unit: str
    comparator: str | None
    value_max: float | None
    subject: str


@dataclass(frozen=True)
class _Reading:
    value: float
    value_max: float | None
    unit: str
    more: bool


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _read(m: re.Match[str], key: str) -> _Reading | None:
    """The value and unit a match writes, or None where it writes no target."""
    if m.group("a"):
        unit = m.group("unit")
        mult, amult = m.group("mult"), m.group("amult")
        value = _number(m.group("a")) * multiplier(amult or mult)
        value_max = _number(m.group("b")) * multiplier(mult) if m.group("b") else None
        more = bool(m.group("more") or m.group("more2"))
        if m.group("aunit") and m.group("aunit") != unit:
            return None  # 100家到2025年: the caller re-reads the first part alone
        if unit is None:
            if "万" in (amult or mult or "") or "亿" in (amult or mult or ""):
                return _Reading(value, value_max, "", more)  # 总投资6202.65亿
            return _Reading(value, value_max, "", more) if _after_index_word(key, m.start()) else None
        return _Reading(value, value_max, _UNIT_BASE.get(unit, unit), more)
    if m.group("pct"):
        pct = m.group("pct")
        v = chinese_value(pct) if not pct[0].isdigit() else _number(pct)
        return None if v is None else _Reading(v, None, "%", False)
    if m.group("ca"):
        ca, cb, unit = m.group("ca"), m.group("cb"), m.group("cunit")
        if ca == "一" and unit != "倍":
            return None  # 一个, 一家, 一批: an article, not a count
        v = chinese_value(ca)
        vmax = chinese_value(cb) if cb else None
        if v is None and not cb and len(ca) == 2 and ca[0] in CN_DIGITS and ca[1] in CN_DIGITS:
            v, vmax = float(CN_DIGITS[ca[0]]), float(CN_DIGITS[ca[1]])  # 两三个
            if vmax != v + 1:
                return None
        if v is None or (cb and vmax is None):
            return None
        return _Reading(v, vmax, _UNIT_BASE.get(unit, unit), bool(m.group("cmore")))
    if m.group("cset"):
        v = chinese_value(m.group("cset"))
        return None if v is None else _Reading(v, None, "个", False)
    return _Reading(_FAN[m.group("fan")], None, "倍", False)


def _after_index_word(key: str, s: int) -> bool:
    """科技进步指数160, 系数达到0.57: a unitless index (not 指数2023年)."""
    head = key[max(0, s - 8) : s]
    for word, _comp in BEFORE:
        if head.endswith(word):
            head = head[: -len(word)]
            break
    return any(head.endswith(w + link) for w in _INDEX_WORDS for link in _INDEX_LINK)


def _excluded(text: str) -> list[tuple[int, int]]:
    """Spans read as names or chrome: 《…》 titles and lines linking to other articles."""
    spans = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    for m in _LINK_LINE.finditer(text):
        eol = text.find("\n", m.start())
        spans.append((m.start(), len(text) if eol < 0 else eol))
    return spans


def _not_a_target(key: str, m: re.Match[str], e: int, reading: _Reading) -> bool:
    s = m.start()
    nxt = key[e : e + 1]
    if nxt == "级":
        return True  # 30万吨级航道, 百亿元级: a designation
    if _COUNTER_CHROME.search(key[max(0, s - 8) : s]):
        return True  # 浏览次数: 1234
    if _ORDINAL_LIST.search(key[max(0, s - 16) : s]):
        return True  # 第1、2批, 第三、四批: ordinals listed after one 第
    if m.group("ca"):
        if key[s - 1 : s] in _QUOTES:
            return True  # “四个意识”, “两个确保”: a slogan
        if m.group("cunit") in ("家", "台") and nxt and nxt in _PLACE_AFTER_UNIT:
            return True  # 五家渠, 七台河
    if m.group("cset") and reading.value > 10:
        before = key[max(0, s - 2) : s]
        if before.endswith(("党的", "党")) or key.startswith(_CONGRESS_AFTER, e):
            return True  # 党的十九大, 十九大精神
    return False


@dataclass(frozen=True)
class _Hit:
    start: int  # view offsets of the phrase, comparator words included
    end: int
    reading: _Reading
    comparator: str | None
    subject: str


def find_targets(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Targets in ``text[start:end]``, in text order, spans into ``text``."""
    end = len(text) if end is None else end
    view = _view(text, start, end)
    hits = _drop_class_thresholds(view.key, _drop_restated_doubling(view.key, _hits(view)))
    found = []
    for h in hits:
        a, b = view.span(h.start, h.end)
        r = h.reading
        found.append(Found(text[a:b], a, b, r.value, r.unit, h.comparator, r.value_max, h.subject))
    return found


def _hits(view: _View) -> list[_Hit]:
    key = view.key
    excluded = _excluded(key)
    clause_starts = [b.end() for b in _BOUNDARY.finditer(key)]
    out: list[_Hit] = []
    pos = 0
    while (m := _TARGET.search(key, pos)) is not None:
        pos = m.end() if m.end() > m.start() else m.start() + 1
        s, e = m.start(), m.end()
        reading = _read(m, key)
        if reading is None and m.group("aunit"):
            e = pos = m.end("aunit")  # 100家到2025年: the first part alone
            unit = m.group("aunit")
            value = _number(m.group("a")) * multiplier(m.group("amult"))
            reading = _Reading(value, None, _UNIT_BASE.get(unit, unit), False)
        if reading is None or any(a <= s < b for a, b in excluded) or _not_a_target(key, m, e, reading):
            continue
        comparator = ">" if reading.more else None
        before_comparator = False
        for word, comp in BEFORE:
            if s >= len(word) and key.startswith(word, s - len(word)):
                comparator, s, before_comparator = comp, s - len(word), True
                break
        for word, comp in AFTER:
            if key.startswith(word, e):
                comparator, e = comp, e + len(word)
                break
        if reading.unit in TIME_UNITS and comparator is None and key[e : e + 1] != "内":
            continue  # 24小时服务: a description, not a limit
        if reading.unit in AGE_UNITS and not before_comparator:
            continue  # 3-6岁儿童: a class of people
        lo, hi = _subject(key, s, e, reading.unit, out[-1].end if out else 0, clause_starts)
        out.append(_Hit(s, e, reading, comparator, view.clean[lo:hi]))
    return out


def _drop_restated_doubling(key: str, hits: list[_Hit]) -> list[_Hit]:
    """数量翻一番，达到14个: where the sentence states the value, the doubling is not a target of its own."""
    sentence = [0] + [m.end() for m in _SENTENCE.finditer(key)]
    valued = {bisect_right(sentence, h.start) for h in hits if h.reading.unit != "倍"}
    return [h for h in hits if h.reading.unit != "倍" or bisect_right(sentence, h.start) not in valued]


def _drop_class_thresholds(key: str, hits: list[_Hit]) -> list[_Hit]:
    """培育产值10亿元以上企业20家: an amount bounding a class of things that are then counted is not a target."""
    keep = []
    for i, h in enumerate(hits):
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        bounds_a_class = (
            h.comparator is not None
            and h.reading.unit not in COUNT_UNITS
            and re.match(r"的?[\u4e00-\u9fff]", key[h.end : h.end + 2]) is not None
            and nxt is not None
            and nxt.reading.unit in COUNT_UNITS
            and _BOUNDARY.search(key, h.end, nxt.start) is None
        )
        if not bounds_a_class:
            keep.append(h)
    return keep


# --------------------------------------------------------------------------- what is counted

_LABEL = re.compile(
    r"\s*(?:[（(][\d一二三四五六七八九十]+[)）]|\d+(?:[.、．]|\s+)(?!\d)|[一二三四五六七八九十]+[是、])\s*"
)
_SCOPE = re.compile(r"(?:到|至)?(?:\d{4}年(?:底|末)?|全年|年内|今年|当年|全市|全省|全区|全国|其中|累计|年)")
# 新增 stays: 新增产业化公司 counts new ones, not all of them
_VERBS = tuple(
    sorted(
        (PREDICATE_VERBS - {"新增"}) | {"在", "和", "及", "并", "共", "培训", "交付", "压减", "建成"},
        key=len,
        reverse=True,
    )
)
_TAIL_STOP = re.compile(r"[，,。；;：:、！？!?\n（(“”\"《》]|和\d|等|的|建设|入驻|落户|以上|左右")


def _subject(key: str, s: int, e: int, unit: str, prev_end: int, clause_starts: list[int]) -> tuple[int, int]:
    """The span of what is counted, in view offsets."""
    # After a count unit: 打造10个创业街区, 新认定10家市级国合基地, 十大科技创新中心
    if unit in COUNT_UNITS:
        tail = key[e : e + 24]
        stop = _TAIL_STOP.search(tail)
        n = stop.start() if stop else len(tail)
        digit = re.search(r"\d", tail[:n])
        n = digit.start() if digit else n
        if n >= 2:
            return e, e + n
    # Before the number: back to the clause start or the previous target
    k = bisect_right(clause_starts, s)
    lo = max(clause_starts[k - 1] if k else 0, prev_end)
    hi = s
    while lo < hi and key[lo].isspace():
        lo += 1
    while hi > lo and key[hi - 1].isspace():
        hi -= 1
    while lo < hi and key[lo] in "、的":
        lo += 1
    deng = key.rfind("等", lo, hi)
    if deng >= 0:
        if hi - (deng + 1) >= 2:
            lo = deng + 1
        else:
            hi = deng
    label = _LABEL.match(key, lo, hi)
    if label and hi - label.end() >= 2:
        lo = label.end()  # 1.努力实现…, （3）新建…, 33 新培育…: a list label or row number
    lo = _strip_leading(key, lo, hi)
    while hi > lo and key[hi - 1] in "的为":
        hi -= 1
    return lo, hi


def _strip_leading(key: str, lo: int, hi: int) -> int:
    """Drop time/scope words and predicate verbs in front of the thing counted, keeping 2+ chars."""
    changed = True
    while changed:
        changed = False
        m = _SCOPE.match(key, lo, hi)
        if m and m.end() > lo and hi - m.end() >= 2:
            lo, changed = m.end(), True
            continue
        for verb in _VERBS:
            if key.startswith(verb, lo, hi) and hi - lo - len(verb) >= 3:
                lo, changed = lo + len(verb), True
                break
    return lo
