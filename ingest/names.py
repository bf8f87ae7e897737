"""Find names of institutions, programmes and places in a stretch of text.

The method is general, not a list of known strings:

* **suffix rules** — a word ending in an organisation suffix (大学, 研究所, 中心, 公司, 园区, …) or a
  programme suffix (计划, 基金, 工程, 大会, 办法, 试点, …) is the head of a name; the name grows
  leftwards over jieba words until a predicate verb (推进, 加快 …), a function word (的, 与, 等 …)
  or punctuation. An institution must also look *specific* — a place, an organisation word, a
  foreign or brand name, 国家/省/市 in front — so 创新平台 or 重点实验室 are not names; so must a
  route (铁路, 公路, 班列: 济南至青岛高速铁路, not 农村公路), and a line needs its code (轨道交通R1线);
* **quotes** — “千帆计划”, "一带一路", 《…管理办法》 and quoted names with a suffix after them
  (“千帆汇”创新创业大赛);
* **lists with a class noun** — 德国史太白、英国阿斯顿等技术转移机构: the items before 等 are
  names of the class (institutions or programmes);
* **N大…** — 十大科技创新中心, 九大服务体系 name a set of things;
* **organisation words** — jieba's ``nt`` tag, taught the gazetteer's names and aliases;
* **places** — gazetteer places and words ending in 省/市/区/县/新区 after a place word.

Within a kind the longest name wins; an institution inside a programme name is kept (阿斯图联盟 in
阿斯图联盟第三届年会); places inside other names are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.gazetteer import Gazetteer, default_gazetteer
from ingest.model import EntityKind
from ingest.segment import Token
from ingest.units import unit_names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _tuple(text: str) -> tuple[str, ...]:
    return tuple(text.split())


INSTITUTION_SUFFIXES = (
    "大学", "学院", "研究院", "研究所", "分所", "分院", "实验室", "中心", "公司", "集团", "银行", "机构",
    "联盟", "协会", "学会", "商会", "基金会", "基地", "平台", "园区", "科技园", "产业园", "合作园",
    "工业园", "创业园", "孵化器", "高新区", "开发区", "保税区", "自贸区", "科创城", "科技城", "大学城",
    "局", "委员会", "委", "厅", "政府", "办公室", "代办处", "交易所", "交易市场", "医院", "研究会",
    "事务所", "创新区", "经济区", "合作区", "保护区", "自然保护区",
)  # fmt: skip
# Routes built as projects: a programme only when named (a place, 济南至青岛高速铁路, or a code,
# 轨道交通R1线), never 农村公路. Lines are found by ``_LINE`` (R1线, 1号线), not by a bare 线.
INFRASTRUCTURE_SUFFIXES = ("铁路", "高速铁路", "城际铁路", "公路", "高速公路", "班列")
_LINE = re.compile(r"(?:[A-Za-z]+\d*|\d+号)线$")
PROGRAMME_SUFFIXES = (
    "计划", "基金", "工程", "专项", "项目", "大会", "论坛", "年会", "峰会", "大赛", "博览会", "交易会",
    "展览会", "活动周", "活动月", "方案", "办法", "规划", "纲要", "意见", "条例", "细则", "试点",
    "试点城市", "贷款", "示范区", "试验区", "先行区", "示范市", "协议", "行动", "专项行动", "创新券",
    "要点", "工作要点", "工作报告", "普查", "展销会", "推介会", "洽谈会", "对接会", "招聘会", "文化节", "美食节",
    "旅游节", "艺术节", "科技节", "购物节", "电影节", "音乐节", *INFRASTRUCTURE_SUFFIXES,
)  # fmt: skip
# Class nouns after 等 that say the listed items are institutions / programmes.
INSTITUTION_CLASSES = ("企业", "高校", "院所", "机构", "公司", "单位", "园区", "研究院", "基地", "大学")
PROGRAMME_CLASSES = ("工程", "计划", "活动", "会议", "项目", "行动", "专项", "基金")

# Verbs that open a predicate: a name never runs leftwards across them.
PREDICATE_VERBS = _words(
    """推进 加快 实施 出台 制定 发布 启动 组建 引进 推动 开展 组织 召开 举办 设立 新设立 探索
    打造 培育 支持 鼓励 加强 完善 深化 落实 贯彻 贯彻落实 深入 积极 争取 力争 获批 入驻 建立
    构建 形成 强化 提升 围绕 发挥 促进 做大 实现 新建 新增 选育 扩大 提高 承担 依托 参与 协调
    签约 落户 完成 确保 加大 聚焦 申报 创建 成立 筹建 共建 联合共建 吸引 对接 带动 采取 新认定 新开工 关停
    交付 承接 帮助 推出 压减 实行 执行 牵头 负责 配合 会同 全力 着力 继续 进一步 大力 优化 规范 健全
    整合 扶持 资助 提供 入选 通过 获得 开通 建成 通车 办好 做好 抓好 用好 促成 发放 推广 推行 坚持 做到
    取得 拓展 加力 谋划 复制 面向 利用 跟着 督促 拟定 举行 审议 印发"""
)
# Verbs that say a table cell is a task; a few name a division's work (综合协调处) and are not.
_TASK_VERBS = PREDICATE_VERBS - _words("协调 督促 推进 服务 落实")
# Verbs that can sit inside a name (研发中心, 产业投资基金, 合作协议) but do not begin one.
LEADING_VERBS = _words("建设 服务 合作 投资 引导 开发 研发 推广 培养 重点 加速 改造 认定") | PREDICATE_VERBS
STOP_WORDS = _words(
    """的 地 得 等 与 和 及 以及 或 或者 在 对 为 向 从 由 将 把 被 以 于 并 及其 暨 我市 全市 本市 我省
    全省 本省 各 各类 各级 一批 其 同时 年内 全年 今年 当年 其中 包括 如 例如 通过 之 至"""
)
_STOP_POS = ("uj", "ul", "u", "ud", "ug", "uv", "uz", "p", "c", "r", "d", "q", "y", "e", "o", "t", "f", "m", "x")
# Direction words that begin names (南方科技大学, 东方电气集团) though jieba tags them f.
_NAME_DIRECTIONS = _words("南方 北方 东方 西方")
_PHRASE_POS = ("v", "i", "l", "d", "ad")
_LONG_VERBS = sorted((v for v in PREDICATE_VERBS if len(v) >= 2), key=len, reverse=True)
_PREDICATE_END = re.compile("(?:" + "|".join(_LONG_VERBS) + ")$")
_PREDICATE_START = re.compile("(?:" + "|".join(_LONG_VERBS) + ")")
# Ends of a government body's or state company's name after a jurisdiction prefix (区药投公司).
_BODIES = ("局", "委", "厅", "办", "政府", "中心", "公司", "集团", "委员会", "办公室")
_NOT_JURISDICTION = frozenset("域级内外块属直民")
_NOUN_POS = ("n", "j", "vn", "l")
# Nouns that a programme word only modifies: 试点企业, 行动策略, 工程装备.
_MODIFIED_HEADS = _words("策略 人员 装备 工程师 经理 设施 企业 单位 高校 院所 机构 公司 基地")
# Ends of a bureau's divisions, read as names only where units are listed (ingest.units).
_DIVISIONS = ("处", "科", "部", "办", "室", "股")
_NOT_SPECIFIC = _words("海洋 城市 新建 国际 东部 西部 沿海 海外 全国 国内 地方 中 西 东 南 北")
_BAD_HEADS = _tuple("格局 布局 开局 大局 结局 当局 书局 邮局 骗局 成交额 中心城区")
_GENERIC_PROGRAMME_WORDS = _words(
    """科技 重大 重点 相关 各类 各项 有关 建设 工作 实施 具体 国家 专项 大型 国际 科研 创新 发展 管理 年度
    总体 行动 示范 试点 配套 专业 一批 若干 省级 市级 区级 国家级 新 改革 政策 支持 有关部门 整改 分工 责任 任务"""
)
_YEARS = re.compile(r"^[一二两三四五六七八九十\d]+年$")
_ORDINAL = re.compile(r"^第[\d一二三四五六七八九十百]+[届轮期批次]?$")
_CN_SET = re.compile(
    r"(?<![第\d一二三四五六七八九十])([二两三四五六七八九十]|十[一二三四五六七八九])大(?=[\u4e00-\u9fff])"
)
# A quoted name may be broken by one line break (a page's line wrap).
_QUOTE = re.compile(r"“([^“”\n]{1,30}(?:\n[^“”\n]{1,20})?)”|\"([^\"\n]{1,30})\"|《([^《》\n]{1,60})》")
_NUMERAL_ONLY = re.compile(r"^[\d一二三四五六七八九十百千.．]+$")
# What may follow a quoted name with no suffix for it to be a programme's name: punctuation, a
# joining word, or a word that says what it is (“无忧办”工作机制, “X”品牌); else it is a slogan or a
# modifier (“陆海空”科技创新高地, “冲锋号”迅速传递).
_AFTER_QUOTED_NAME = _words("等 为 和 与 及 以及 作为")
_QUOTED_FRAMES = (
    "工作", "机制", "制度", "模式", "品牌", "活动", "行动", "工程", "建设", "改革", "体系", "战略", "业务", "产品",
    "会", "节",
)  # fmt: skip
_PLACE_ADMIN = ("省", "市", "区", "县", "新区", "自治区", "自治州", "州", "镇", "乡")
_NOT_PLACE = _words(
    """全市 我市 城市 本市 全省 城区 市区 园区 社区 景区 新区 示范区 试验区 高新区 开发区 保税区 先行区 街区
    片区 辖区 山区 湾区 全区 各区 示范市 市场 上市 超市 都市 门市 县市 区县 区市"""
)
_SCOPES = frozenset(("全市", "全省", "全国", "全区"))  # 全市创新中心建设方案
_LEVEL_CLASS = ("市级", "省级", "国家级", "区级", "县级", "部级", "世界级", "国际级")
_ORG_ENDINGS = tuple("院所局委部办会厅行司校区")
_OPEN_CLOSE = {"(": ")", "（": "）"}
_MAX_NAME = 32
# How far back (in characters) a name may grow before it is called too long. Longer than any
# kept name, so a capped scan changes nothing on real text; it keeps the work per suffix word
# constant on a long run of name-like words with no punctuation.
_MAX_SCAN = 2 * _MAX_NAME


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    kind: EntityKind
    rule: str  # which rule found it: suffix, quote, book, list, set, nt, gazetteer, place


def _ends_with(word: str, suffixes: tuple[str, ...]) -> str | None:
    best = None
    for s in suffixes:
        if word.endswith(s) and (best is None or len(s) > len(best)):
            best = s
    return best


def _is_name_end(toks: list[Token], j: int, text: str) -> bool:
    """Does a complete institution name (or a class noun like 龙头企业) end at token ``j``?"""
    tok = toks[j]
    if tok.pos == "nt" or _ends_with(tok.word, INSTITUTION_CLASSES):
        return True
    if _ends_with(tok.word, INSTITUTION_SUFFIXES) is None:
        return False
    first = _extend_left(toks, j, False, text)
    if toks[j].end - toks[first].start > _MAX_SCAN:
        return False  # too long to be one name
    return _is_specific(toks[first : j + 1], text, default_gazetteer())


def _is_stop(tok: Token, programme: bool) -> bool:
    if tok.word in STOP_WORDS or tok.word in PREDICATE_VERBS:
        return True
    if _ORDINAL.match(tok.word) or tok.word in _NAME_DIRECTIONS:
        return False
    if (
        tok.pos in _PHRASE_POS
        and len(tok.word) >= 3
        and (_PREDICATE_END.search(tok.word) or _PREDICATE_START.match(tok.word))
    ):
        return True  # 深入开展, 积极参与, 推广先进: a verb phrase in one word
    return tok.pos.startswith(_STOP_POS)


def _extend_left(toks: list[Token], last: int, programme: bool, text: str) -> int:
    """Index of the first token of the name whose last token is ``last``.

    A name that would run further back than ``_MAX_SCAN`` characters is returned as it stands at
    that point, longer than any name: callers reject it.
    """
    first = last
    j = last - 1
    limit = toks[last].end - _MAX_SCAN
    while j >= 0:
        tok = toks[j]
        if tok.start < limit:
            return j
        if tok.word in (")", "）"):
            k = j - 1
            while k >= 0 and k > j - 5 and toks[k].word not in _OPEN_CLOSE:
                k -= 1
            if k >= 0 and toks[k].word in _OPEN_CLOSE and k > 0 and not _is_stop(toks[k - 1], programme):
                first = j = k
                j -= 1
                continue
            break
        if (
            programme
            and tok.word in ("至", "到")
            and 0 < j < last
            and toks[j - 1].pos.startswith("ns")
            and toks[j + 1].pos.startswith("ns")
        ):
            first = j  # 济南至青岛高速铁路
            j -= 1
            continue
        if tok.word in ("-", "－", "—") and j > 0 and toks[j - 1].pos.startswith("ns"):
            first = j
            j -= 1
            continue
        if tok.word in LEADING_VERBS and j > 0 and _is_name_end(toks, j - 1, text):
            break  # 浪潮集团建设…实验室: the verb follows a complete name
        if tok.word in ("和", "与") and j > 0:
            # 科技成果转化股权和分红激励实施办法, 生物能源与过程研究所: 和/与 join two parts of one name unless the left
            # part is a complete name itself (天津大学和大连理工大学).
            left = toks[j - 1].word
            complete = _ends_with(left, PROGRAMME_SUFFIXES + INSTITUTION_SUFFIXES) or left.endswith("线")
            if complete or _is_stop(toks[j - 1], True):
                break
            first = j
            j -= 1
            continue
        if programme and _YEARS.match(tok.word) and _ends_with(toks[j + 1].word, PROGRAMME_SUFFIXES):
            first = j  # 三年行动: the span of a programme is part of its name
            j -= 1
            continue
        if programme and _ORDINAL.match(tok.word) and j > 0 and toks[j - 1].word in ("和", "与", "及", "、"):
            first = j  # 调查和第三次农业普查: an ordinal after a joining word begins a new name
            break
        if (
            programme
            and tok.word not in STOP_WORDS
            and tok.pos != "x"
            and 0 < j < last
            and _ends_with(toks[j + 1].word, PROGRAMME_SUFFIXES)
            and not _is_stop(toks[j - 1], programme)
            and toks[j - 1].pos != "x"
            and not _ends_with(toks[j - 1].word, PROGRAMME_SUFFIXES + INSTITUTION_SUFFIXES)
        ):
            first = j  # 特殊教育提升计划, 大豆振兴计划: the action the programme is named for
            j -= 1
            continue
        if _is_stop(tok, programme):
            break
        first = j
        j -= 1
    # A name does not begin with an ordinal (for institutions) or with a leftover verb/adjective.
    while first < last and (
        (not programme and _ORDINAL.match(toks[first].word))
        or toks[first].pos in ("a", "ad")
        or (toks[first].pos == "v" and len(toks[first].word) == 1)
        or toks[first].word in LEADING_VERBS
    ):
        first += 1
    # but 第三届 or 全市 in front of a programme name belongs to it
    if programme and first > 0 and (_ORDINAL.match(toks[first - 1].word) or toks[first - 1].word in _SCOPES):
        first -= 1
    # and so does the year of an event: 2019中国（南京）国际…博览会
    if programme and first > 0 and re.fullmatch(r"(19|20)\d\d", toks[first - 1].word):
        first -= 1
    # or 2023年 in front of a plan's title: 2023年全市科技创新工作要点
    elif (
        programme and first > 1 and toks[first - 1].word == "年" and re.fullmatch(r"(19|20)\d\d", toks[first - 2].word)
    ):
        first -= 2
    return first


def _place_like(tok: Token, gazetteer: Gazetteer) -> bool:
    if gazetteer.match(tok.word, EntityKind.PLACE):
        return True
    return tok.pos.startswith("ns") and tok.word not in _NOT_SPECIFIC and len(tok.word) >= 2


def _is_specific(toks: list[Token], text: str, gazetteer: Gazetteer) -> bool:
    """Does this institution name point at one organisation rather than a class of them?"""
    words = [t.word for t in toks]
    name = "".join(words)
    if len(toks) == 1 and toks[0].pos == "nt":
        return True
    if name.startswith(_LEVEL_CLASS):
        return False  # 市级国合基地, 国家级孵化器: a level, not a name
    if words[0] in ("省", "市", "区", "县") or name.startswith(("国家", "中国")):
        return True
    if len(name) <= 10 and name[0] in "省市区县" and name[1] not in _NOT_JURISDICTION and name.endswith(_BODIES):
        return True  # 区经信局, 区农投公司: a body of the document's own jurisdiction
    if len(name) <= 7 and name.endswith(("局", "厅")) and all(t.pos.startswith(_NOUN_POS) for t in toks):
        return True  # 科技局, 规划建设局: a bureau, read in the document's jurisdiction
    if re.search(r"[A-Za-z]|[(（][^)）]+[)）]", name):
        return True
    if words[0] in _NAME_DIRECTIONS:
        return True  # 南方科技大学
    for t in toks[:-1] if len(toks) > 1 else toks:
        if t.word == "国家":
            return True  # a national designation: 高速列车国家技术创新中心
        if t.pos.startswith(("nt", "nz", "nr", "eng")) and len(t.word) >= 2:
            return True
        if _place_like(t, gazetteer) or gazetteer.match(t.word):
            return True
    return False


def find_names(text: str, toks: list[Token], start: int, end: int, gazetteer: Gazetteer | None = None) -> list[Name]:
    """Names in ``text[start:end]``; ``toks`` are that stretch's tokens (offsets into ``text``)."""
    gaz = gazetteer or default_gazetteer()
    found: list[Name] = []
    class_spans: set[tuple[int, int]] = set()
    found += _list_names(toks, text, gaz, class_spans)
    found += _suffix_names(toks, text, gaz, class_spans)
    found += _quoted_names(text, toks, start, end)
    found += _set_names(text, toks, start, end)
    found += _org_words(toks, gaz)
    found += _places(toks, gaz)
    units = [Name(s, e, EntityKind.INSTITUTION, "unit") for s, e in unit_names(text, start, end, gaz, _TASK_VERBS)]
    kept = _select(found + units)
    # Listed units and institutions named in brackets are names of their own even inside a longer
    # name: 区商务局(区药发中心), 谯城(江南大学)离岸健康科技研发中心.
    spans = {(n.start, n.end) for n in kept}
    extra = [
        n
        for n in [*units, *found]
        if (n.start, n.end) not in spans
        and n.kind is EntityKind.INSTITUTION
        and (n.rule == "unit" or (text[n.start - 1 : n.start] in "(（" and text[n.end : n.end + 1] in ")）"))
    ]
    return sorted(kept + list({(n.start, n.end): n for n in extra}.values()), key=lambda n: (n.start, n.end))


def _suffix_names(toks: list[Token], text: str, gaz: Gazetteer, class_spans: set[tuple[int, int]]) -> list[Name]:
    out = []
    for i, tok in enumerate(toks):
        if tok.pos == "x" or tok.word.endswith(_BAD_HEADS):
            continue
        window = text[max(0, tok.end - 5) : tok.end]
        nxt = toks[i + 1].word if i + 1 < len(toks) else ""
        for kind, suffixes in (
            (EntityKind.PROGRAMME, PROGRAMME_SUFFIXES),
            (EntityKind.INSTITUTION, INSTITUTION_SUFFIXES),
        ):
            suffix = _ends_with(window, suffixes)
            line = _LINE.search(window) if kind == EntityKind.PROGRAMME else None
            if line:
                suffix = line.group()
            if suffix is None or (nxt and _ends_with(window + nxt, suffixes) not in (None, suffix)):
                continue
            programme = kind == EntityKind.PROGRAMME
            # the suffix may span words (年/m 会/v): extend from the word where it begins
            head = i
            while head > 0 and toks[head].start > tok.end - len(suffix):
                head -= 1
            if programme and nxt in _MODIFIED_HEADS:
                continue  # 试点企业, 行动策略: the programme word only modifies the noun after it
            first = min(head, _extend_left(toks, head, programme, text))
            span = toks[first : i + 1]
            s, e = span[0].start, span[-1].end
            if programme:
                s = _joined_start(text, s)  # a title or table cell broken over two lines
            name = text[s:e]
            if e - s > _MAX_NAME or len(name) <= len(suffix):
                continue
            if programme:
                modifiers = [t.word for t in span if not t.word.endswith(suffix)]
                if not modifiers or all(w in _GENERIC_PROGRAMME_WORDS for w in modifiers):
                    continue
                route = line is not None or suffix in INFRASTRUCTURE_SUFFIXES
                if route and not (line or _is_specific(span, text, gaz)):
                    continue
            else:
                if (s, e) in class_spans or not _is_specific(span, text, gaz):
                    continue
                if gaz.match(name, EntityKind.PLACE):
                    continue
            out.append(Name(s, e, kind, "suffix"))
            break
    return out


_TITLE_START = re.compile(r"\d|全[市省区县国]|本")  # a whole title on its line: 2024年全县…工作要点
_LINE_PART = re.compile(r"[\u4e00-\u9fff0-9]{2,16}")


def _joined_start(text: str, s: int) -> int:
    """Where a name that begins a line really begins: on the line before, when that line is a short
    run of words with no punctuation that does not end a name (普惠性学前教育 / 巩固提升行动计划)."""
    line = text.rfind("\n", 0, s) + 1
    if text[line:s].strip():
        return s
    prev_end = line - 1
    while prev_end > 0 and text[prev_end - 1] in "\n \t\r　":
        prev_end -= 1
    prev = text.rfind("\n", 0, prev_end) + 1
    part = text[prev:prev_end].strip()
    if (
        _TITLE_START.match(text, s)
        or not _LINE_PART.fullmatch(part)
        or part.endswith(PROGRAMME_SUFFIXES + INSTITUTION_SUFFIXES + _DIVISIONS)
    ):
        return s
    return text.index(part, prev)


def _list_names(toks: list[Token], text: str, gaz: Gazetteer, class_spans: set[tuple[int, int]]) -> list[Name]:
    """A、B和C等<class noun>: the items are names of that class."""
    out = []
    for i, tok in enumerate(toks):
        if tok.word != "等" or i == 0 or i + 1 >= len(toks):
            continue
        # the class noun: name-like words right after 等, up to its head noun (等青岛研发基地建设)
        if re.match(r"[一二两三四五六七八九十\d]", toks[i + 1].word):
            continue  # 等十大科技创新中心: a set, not a class of named items
        heads = INSTITUTION_CLASSES + INSTITUTION_SUFFIXES + PROGRAMME_CLASSES
        k = i + 1
        head_end = None
        while k < len(toks) and k - i <= 6 and toks[k].pos != "x" and not _is_stop(toks[k], True):
            if head_end is not None and toks[k].word in LEADING_VERBS:
                break
            if _ends_with(toks[k].word, heads):
                head_end = k + 1
            k += 1
        if head_end is None:
            continue
        k = head_end
        cls = text[toks[i + 1].start : toks[k - 1].end]
        if _ends_with(cls, INSTITUTION_CLASSES + INSTITUTION_SUFFIXES):
            kind = EntityKind.INSTITUTION
            class_spans.add((toks[i + 1].start, toks[k - 1].end))
            # also the shorter tails: 专业技术转移公司 -> 技术转移公司 is still the class
            for m in range(i + 2, k):
                class_spans.add((toks[m].start, toks[k - 1].end))
        elif _ends_with(cls, PROGRAMME_CLASSES):
            kind = EntityKind.PROGRAMME
        else:
            continue
        last = i - 1
        while last >= 0:
            if toks[last].word in ("”", '"', "》"):
                break  # quoted items are found by the quote rule
            first = _extend_left(toks, last, kind == EntityKind.PROGRAMME, text)
            if first > last:
                break
            span = toks[first : last + 1]
            s, e = span[0].start, span[-1].end
            if e - s > _MAX_SCAN:
                break  # no name this long: the list is not a list of names
            item = text[s:e]
            if sum(item.count(c) for c in ")）") > sum(item.count(c) for c in "(（"):
                pass  # 县发改委(县重点办)等: the tail of a bracket, not an item
            elif e - s >= 2 and e - s <= _MAX_NAME:
                if gaz.match(item, EntityKind.PLACE) or (item.endswith(_PLACE_ADMIN) and item not in _NOT_PLACE):
                    out.append(Name(s, e, EntityKind.PLACE, "list"))
                elif (
                    kind == EntityKind.PROGRAMME
                    and e - s >= 4
                    and (_ends_with(item, PROGRAMME_SUFFIXES) or _is_specific(span, text, gaz))
                ) or (kind == EntityKind.INSTITUTION and _is_specific(span, text, gaz)):
                    out.append(Name(s, e, kind, "list"))
            sep = first - 1
            if sep >= 0 and toks[sep].word in ("、", "和", "及", "与", "以及"):
                last = sep - 1
                continue
            break
    return out


def _quoted_names(text: str, toks: list[Token], start: int, end: int) -> list[Name]:
    out = []
    by_start = {t.start: n for n, t in enumerate(toks)}
    by_end = {t.end: n for n, t in enumerate(toks)}
    for m in _QUOTE.finditer(text, start, end):
        book = m.group(3) is not None
        inner = m.group(1) or m.group(2) or m.group(3) or ""
        if book:
            out.append(Name(m.start(3), m.end(3), EntityKind.PROGRAMME, "book"))
            continue
        s, e = m.start(), m.end()
        # a suffix right after the closing quote: “千帆汇”创新创业大赛, “310”计划
        tail_end = None
        n = by_start.get(e)
        while n is not None and n < len(toks) and toks[n].end - e <= 10:
            t = toks[n]
            if t.pos == "x" or t.word in STOP_WORDS or t.word in PREDICATE_VERBS:
                break
            if _ends_with(t.word, PROGRAMME_SUFFIXES + INSTITUTION_SUFFIXES):
                tail_end = t.end
            n += 1
        list_like = "、" in inner or "，" in inner or "," in inner
        if tail_end is None and (list_like or _NUMERAL_ONLY.match(inner) or len(inner) < 2):
            continue
        if (
            tail_end is None
            and not _ends_with(inner, INSTITUTION_SUFFIXES)
            and not _named_by_context(toks, by_start, by_end, s, e)
        ):
            continue
        if tail_end is not None:
            e = tail_end
        # a noun phrase right before the opening quote: 海洋生物医药“310”计划, 专利质押融资“青岛模式”
        n = by_end.get(s)
        if n is not None:
            first = _extend_left(toks, n, True, text)
            nouns = all(t.pos.startswith(("n", "vn", "j")) for t in toks[first : n + 1])
            if first <= n and toks[n].end - toks[first].start <= _MAX_NAME and nouns:
                s = toks[first].start
        kind = (
            EntityKind.INSTITUTION
            if _ends_with(inner, INSTITUTION_SUFFIXES) and tail_end is None
            else EntityKind.PROGRAMME
        )
        out.append(Name(s, e, kind, "quote"))
    return out


def _named_by_context(toks: list[Token], by_start: dict[int, int], by_end: dict[int, int], s: int, e: int) -> bool:
    """Is the quoted text at ``s:e`` (quotes included) used as a name rather than a slogan?"""
    before = by_end.get(s)
    if before is not None and toks[before].word == "的":
        return False  # 会场上的“冲锋号”
    n = by_start.get(e)
    if n is None or toks[n].pos == "x" or toks[n].word in _AFTER_QUOTED_NAME:
        return True
    phrase: list[str] = []
    while n < len(toks) and toks[n].pos != "x" and not _is_stop(toks[n], True) and len(phrase) < 6:
        phrase.append(toks[n].word)
        n += 1
    return bool(phrase) and (phrase[0] in _QUOTED_FRAMES or phrase[-1].endswith(_QUOTED_FRAMES))


def _set_names(text: str, toks: list[Token], start: int, end: int) -> list[Name]:
    """十大科技创新中心, 九大服务体系: a numbered set of things is named as a whole."""
    out = []
    by_start = {t.start: n for n, t in enumerate(toks)}
    for m in _CN_SET.finditer(text, start, end):
        after = m.end()
        n = by_start.get(after)
        if n is None:
            continue  # 大 ends inside a word
        e = after
        while n < len(toks) and not _is_stop(toks[n], True) and toks[n].pos != "x" and toks[n].end - after <= 14:
            e = toks[n].end
            n += 1
        if e > after:
            out.append(Name(m.start(), e, EntityKind.PROGRAMME, "set"))
    return out


def _org_words(toks: list[Token], gaz: Gazetteer) -> list[Name]:
    out = []
    for i, t in enumerate(toks):
        if len(t.word) < 2 or _in_slogan(toks, i):
            continue
        known = gaz.match(t.word)
        if known:
            kind = gaz.entities[known[0]].kind
            out.append(Name(t.start, t.end, kind, "gazetteer"))
        elif t.pos == "nt" and (t.word.endswith(_ORG_ENDINGS) or _ends_with(t.word, INSTITUTION_SUFFIXES)):
            out.append(Name(t.start, t.end, EntityKind.INSTITUTION, "nt"))
    return out


def _in_slogan(toks: list[Token], i: int) -> bool:
    """新中国, 中国特色社会主义: the country's name inside a set phrase names no place."""
    if toks[i].word != "中国":
        return False
    before = toks[i - 1].word if i > 0 else ""
    after = toks[i + 1].word if i + 1 < len(toks) else ""
    return before == "新" or after.startswith("特色")


def _place_at(toks: list[Token], i: int, gaz: Gazetteer) -> int:
    """Number of tokens (0, 1 or 2) of a place name starting at token ``i``."""
    t = toks[i]
    if len(t.word) < 2 or t.word in _NOT_PLACE or _in_slogan(toks, i):
        return 0
    nxt = toks[i + 1].word if i + 1 < len(toks) else ""
    stem_like = t.pos.startswith(("ns", "nr", "nz")) and t.word not in _NOT_SPECIFIC
    if nxt in _PLACE_ADMIN and (stem_like or gaz.match(t.word, EntityKind.PLACE)):
        return 2  # 章丘/nr 区/n
    if gaz.match(t.word, EntityKind.PLACE):
        return 1
    if t.pos.startswith("ns") and t.word.endswith(_PLACE_ADMIN) and len(t.word) >= 3:
        return 1  # 平阴县/ns
    return 0


def _places(toks: list[Token], gaz: Gazetteer) -> list[Name]:
    out = []
    i = 0
    while i < len(toks):
        n = _place_at(toks, i, gaz)
        if not n:
            i += 1
            continue
        start, end = toks[i].start, toks[i + n - 1].end
        i += n
        # 南京 + 江北新区: a place inside a known place is one name, unless both are known places
        if i < len(toks):
            m = _place_at(toks, i, gaz)
            inner = "".join(t.word for t in toks[i : i + m])
            if m and not gaz.match(inner, EntityKind.PLACE) and inner.endswith(_PLACE_ADMIN):
                end = toks[i + m - 1].end
                i += m
        out.append(Name(start, end, EntityKind.PLACE, "place"))
    return out


# The kinds of name a name of each kind disappears inside: its own kind; a programme also inside an
# institution (船舶工程 in 船舶工程有限公司); a place inside anything.
_CONTAINERS = {
    EntityKind.INSTITUTION: (EntityKind.INSTITUTION,),
    EntityKind.PROGRAMME: (EntityKind.PROGRAMME, EntityKind.INSTITUTION),
    EntityKind.PLACE: tuple(EntityKind),
}
_PRIORITY = {"book": 0, "quote": 1, "gazetteer": 2, "unit": 3, "suffix": 4, "list": 5, "set": 6, "nt": 7, "place": 8}


def _select(found: list[Name]) -> list[Name]:
    """Drop names inside a longer name of a containing kind, and all but the best rule's on one span.

    One sweep in (start, longest first) order: every longer name containing a name comes before it,
    so the furthest end reached so far by each kind says whether the name is inside one.
    """
    unique = {(n.start, n.end, n.kind): n for n in sorted(found, key=lambda n: -_PRIORITY[n.rule])}
    names = sorted(unique.values(), key=lambda n: (n.start, -(n.end - n.start)))
    reach: dict[EntityKind, int] = {}  # furthest end of an earlier (so longer or earlier) span, by kind
    programme_ends: set[int] = set()  # ends of earlier programme spans: they start at or before this one
    kept: list[Name] = []
    i = 0
    while i < len(names):
        j = i
        while j < len(names) and (names[j].start, names[j].end) == (names[i].start, names[i].end):
            j += 1
        group = names[i:j]  # one span, one name per kind
        best = min(_PRIORITY[n.rule] for n in group)
        for n in group:
            inside = any(reach.get(k, -1) >= n.end for k in _CONTAINERS[n.kind])
            # An institution word that is a programme's head (交易会 in 海峡项目成果交易会) is no name
            # of its own; one at the front is (阿斯图联盟 in 阿斯图联盟第三届年会).
            head = n.kind is EntityKind.INSTITUTION and n.end in programme_ends
            if not inside and not head and _PRIORITY[n.rule] == best:
                kept.append(n)
        for n in group:
            reach[n.kind] = max(reach.get(n.kind, -1), n.end)
            if n.kind is EntityKind.PROGRAMME:
                programme_ends.add(n.end)
        i = j
    return kept
