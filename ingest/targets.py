"""Quantitative targets: 技术合同成交额超过100亿元 -> value 1e10, unit 元, comparator ">".

A target is a number (Arabic, with 万/亿 multipliers, or a Chinese numeral) followed by a unit of
the genre's list, optionally a range (2-3个, 1～2家), a comparator word before it (超过, 不低于,
达到 …) or after it (以上, 左右, 以内 …), and the thing counted: the words after a count unit
(打造10个创业街区) or else the noun phrase before the number (全年访问量突破150万人次).

>>> [(t.value, t.unit, t.comparator, t.subject) for t in find_targets("全年技术合同成交额超过100亿元。")]
[(10000000000.0, '元', '>', '技术合同成交额')]
>>> [(t.value, t.value_max, t.unit) for t in find_targets("引进2-3个人才团队")]
[(2.0, 3.0, '个')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.names import PREDICATE_VERBS
from ingest.structure import CN_DIGITS, chinese_number


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Multipliers folded into the value; the unit keeps its base form (万吨 -> 吨, 亿美元 -> 美元).
MULTIPLIERS = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
}
MEASURES = (
    "亿千瓦时", "万千瓦时", "千瓦时", "平方公里", "平方米", "立方米", "公顷", "公里", "千米", "兆瓦", "吉瓦",
    "千瓦", "标准箱", "人次", "个百分点", "百分点", "美元", "欧元", "元", "吨", "亩", "%", "％",
    "家", "个", "项", "名", "人", "位", "户", "套", "台", "艘", "辆", "架", "座", "所", "支", "批", "条",
    "种", "类", "件", "部", "篇", "场", "次", "列", "张", "株", "头", "只", "倍", "TEU",
)  # fmt: skip
COUNT_UNITS = _words("家 个 项 名 人 位 户 套 台 艘 辆 架 座 所 支 批 条 种 类 件 部 篇 场 列 张 株 头 只")
BEFORE = (
    ("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("不下于", ">="),
    ("不超过", "<="), ("不高于", "<="), ("控制在", "<="),
    ("超过", ">"), ("突破", ">"), ("高于", ">"), ("多于", ">"), ("大于", ">"), ("超", ">"),
    ("低于", "<"), ("少于", "<"),
    ("达到", "="), ("提高到", "="), ("提升到", "="), ("提高至", "="), ("达", "="),
    ("约", "~"), ("大约", "~"), ("近", "~"),
)  # fmt: skip
AFTER = (("以上", ">="), ("以内", "<="), ("以下", "<="), ("左右", "~"), ("上下", "~"))

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
_MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in sorted(MEASURES, key=len, reverse=True))
_RANGE = r"[-－~～—至到]"
_TARGET = re.compile(
    rf"(?<![A-Za-z\d.第/])(?P<a>{_NUM})(?P<amult>{_MULT})?(?:{_RANGE}(?P<b>{_NUM}))?"
    rf"(?P<more>[余多])?(?P<mult>{_MULT})?(?P<more2>[余多])?(?P<unit>{_UNIT})"
    rf"|(?<![第一二三四五六七八九十])(?P<cset>[二两三四五六七八九]|十[一二三四五六七八九]?)大(?=[\u4e00-\u9fff])"
    rf"|(?<![第零〇一二两三四五六七八九十百千万亿])(?P<cn>{_CN})(?P<cunit>家|个|项|名|套|艘|座|所|批|条|类|种)"
)
_BOUNDARY = re.compile(r"[，,。；;：:！？!?\n]")
_SCOPE = re.compile(r"^(?:到|至)?(?:\d{4}年(?:底|末)?|全年|年内|今年|当年|全市|全省|全区|全国|其中|累计|年)")
# 新增 stays: 新增产业化公司 counts new ones, not all of them
_VERBS = tuple(
    sorted(
        (PREDICATE_VERBS - {"新增"}) | {"在", "和", "及", "并", "共", "培训", "交付", "压减", "建成"},
        key=len,
        reverse=True,
    )
)
_TAIL_STOP = re.compile(r"[，,。；;：:、！？!?\n（(“”\"《》]|和\d|等|的|建设|入驻|落户|以上|左右")


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


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def _cn_value(s: str) -> float | None:
    """Chinese numerals up to the thousands: 三十 -> 30, 一百二十 -> 120, 两千 -> 2000."""
    small = chinese_number(s)
    if small is not None:
        return float(small)
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            current = 0
        else:
            return None
    return float(total + current)


def find_targets(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    end = len(text) if end is None else end
    out: list[Found] = []
    clause_starts = [b.end() for b in _BOUNDARY.finditer(text, start, end)]
    for m in _TARGET.finditer(text, start, end):
        if m.group("a"):
            unit = m.group("unit")
            mult = MULTIPLIERS.get(m.group("mult") or "", 1.0)
            amult = MULTIPLIERS.get(m.group("amult") or "", mult)
            value = _number(m.group("a")) * amult
            value_max = _number(m.group("b")) * mult if m.group("b") else None
            if unit == "%" or unit == "％":
                unit = "%"
            elif unit in ("个百分点",):
                unit = "百分点"
            elif unit in ("亿千瓦时", "万千瓦时"):
                value *= 1e8 if unit[0] == "亿" else 1e4
                value_max = value_max * (1e8 if unit[0] == "亿" else 1e4) if value_max else None
                unit = "千瓦时"
            more = m.group("more") or m.group("more2")
        elif m.group("cset"):
            unit, more = "个", None
            value, value_max = float(_cn_value(m.group("cset")) or 0), None
        else:
            cn = m.group("cn")
            if cn in ("一", "千", "百") or cn.startswith(("千", "百")):
                continue  # 一个/一批 are not targets; 千帆/百企 are names
            v = _cn_value(cn)
            if v is None:
                continue
            unit, more, value, value_max = m.group("cunit"), None, v, None
        s, e = m.start(), m.end()
        comparator = ">" if more else None
        before = text[max(start, s - 4) : s]
        for word, comp in BEFORE:
            if before.endswith(word):
                comparator, s = comp, s - len(word)
                break
        after = text[e : min(end, e + 2)]
        for word, comp in AFTER:
            if after.startswith(word):
                comparator, e = comp, e + len(word)
                break
        subject = _subject(text, start, end, s, e, unit, out, clause_starts)
        out.append(Found(text[s:e], s, e, value, unit, comparator, value_max, subject))
    return out


def _subject(
    text: str, start: int, end: int, s: int, e: int, unit: str, previous: list[Found], clause_starts: list[int]
) -> str:
    # After a count unit: 打造10个创业街区, 新认定10家市级国合基地, 十大科技创新中心
    if unit in COUNT_UNITS:
        tail = text[e : min(end, e + 24)]
        stop = _TAIL_STOP.search(tail)
        tail = tail[: stop.start()] if stop else tail
        tail = re.split(r"\d", tail)[0]
        if len(tail) >= 2:
            return tail
    # Before the number: back to the clause start or the previous target
    k = bisect_right(clause_starts, s)
    lo = clause_starts[k - 1] if k else start
    if previous and previous[-1].end > lo:
        lo = previous[-1].end
    head = text[lo:s].strip().lstrip("、")
    if "等" in head:
        after_deng = head.rsplit("等", 1)[1]
        head = after_deng if len(after_deng) >= 2 else head.rsplit("等", 1)[0]
    return _strip_leading(head).rstrip("的为")


def _strip_leading(head: str) -> str:
    """Drop time/scope words and predicate verbs in front of the thing counted, keeping 2+ chars."""
    changed = True
    while changed:
        changed = False
        m = _SCOPE.match(head)
        if m and m.end() and len(head) - m.end() >= 2:
            head, changed = head[m.end() :], True
            continue
        for verb in _VERBS:
            if head.startswith(verb) and len(head) - len(verb) >= 3:
                head, changed = head[len(verb) :], True
                break
    return head
