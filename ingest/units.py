"""Organisational units listed where the genre lists who does the work.

Work plans name the units responsible for each task in two places, and every item there is an
institution however short it is written (规划处, 计划科, 改革办, 区经信局):

* **role lines** — ``牵头单位：区发改局``, ``责任单位：规划处、秘书处``, ``牵头科室(单位):…``;
* **table cells** — a flattened 责任单位 column leaves cells on lines of their own
  (``招商工作部、安商工作部 |``) or between spaces in a row; a cell is a unit list only when every
  item in it is a unit or a generic collective (各街道, 区直各部门, 各有关单位), which is never a name.

Items are split at 、，,；; and 等 (``区财政局等区政府有关部门``); a unit in brackets is a name of its
own as well (``区商务局(区药发中心)``). A unit ends in an organisation word: a bureau, committee,
office, division or section (局 委 厅 办 处 科 部 室 股 站 队 所 中心 公司 管委会 …).
"""

from __future__ import annotations

import re

from ingest.gazetteer import Gazetteer

# Ends of a unit's name. The one-character ones (处 科 部 办 …) are read only inside unit lists:
# in running text they end ordinary words (好处, 学科, 全部, 举办).
UNIT_ENDINGS = (
    "局", "委", "委员会", "管委会", "厅", "办", "办公室", "办事处", "处", "科", "部", "室", "股", "站",
    "队", "所", "院", "中心", "公司", "集团", "政府", "开发区", "高新区", "经开区", "园区", "专班", "大学",
    "学院", "学校", "医院", "协会", "学会", "研究会", "联盟", "银行",
)  # fmt: skip
_ROLE_LABEL = re.compile(
    r"(?:主要|协同|共同)?(?:牵头|责任|配合|协同配合|协办|参与|承办|主办|主责|实施)"
    r"(?:单位|部门|科室|处室)(?:[(（][^)）\n]{0,6}[)）])?[ \t]*[:：]"
)
_GENERIC = re.compile(r"^(?:各|全|其他|其它|局属|区直|市直|县直|省直|有关|相关)|各|有关|相关")
_SEPARATORS = re.compile(r"[、，,；;]|等")
_CELL_BREAK = re.compile(r"[|｜\t]| +|　+")
_ITEM = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9()（）]+$")
_BRACKET = re.compile(r"^([^()（）]+)[(（]([^()（）]+)[)）]$")
_EDGE = "等及和与 \t.。:：|｜"


def _unit(item: str, gazetteer: Gazetteer, verbs: frozenset[str] = frozenset()) -> bool:
    """Is ``item`` a unit's name? With ``verbs`` (for table cells), a task never is: 争取在…新建
    国家重点实验室 begins with a verb and ends in a lab (宣传推广部 has a verb inside and is a unit)."""
    if verbs and (any(c in item for c in "的在将") or any(item.startswith(v) for v in verbs)):
        return False
    return (
        2 <= len(item) <= 24
        and _ITEM.match(item) is not None
        and (bool(gazetteer.match(item)) or (len(item) >= 3 and item.endswith(UNIT_ENDINGS)))
    )


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items of the list ``text[start:end]``, trimmed of joining words and punctuation."""
    out = []
    at = start
    for m in [*_SEPARATORS.finditer(text, start, end), None]:
        stop = m.start() if m else end
        s, e = at, stop
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if e > s:
            out.append((s, e))
        if m:
            at = m.end()
    return out


def _names_in(
    text: str, items: list[tuple[int, int]], gazetteer: Gazetteer, whole: bool, verbs: frozenset[str]
) -> list[tuple[int, int]]:
    """Unit names among ``items``; with ``whole``, none unless every item is a unit or generic."""
    out: list[tuple[int, int]] = []
    for s, e in items:
        item = text[s:e]
        if _GENERIC.search(item):
            continue
        parts = [(s, e)]
        m = _BRACKET.match(item)
        if m:  # 区商务局(区药发中心): both are units
            parts = [(s, s + m.end(1)), (s + m.start(2), s + m.end(2))]
        good = [(ps, pe) for ps, pe in parts if _unit(text[ps:pe], gazetteer, verbs if whole else frozenset())]
        if whole and len(good) < len(parts):
            return []
        out += good
    return out


def unit_names(
    text: str, start: int, end: int, gazetteer: Gazetteer, verbs: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """Spans of the units listed in role lines and table cells of ``text[start:end]``; ``verbs``
    are the predicate verbs that say a cell is a task, not a unit."""
    out: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end < 0:
            line_end = end
        label = _ROLE_LABEL.search(text, line_start, line_end)
        if label:
            out += _names_in(text, _items(text, label.end(), line_end), gazetteer, False, verbs)
        else:
            at = line_start
            for m in [*_CELL_BREAK.finditer(text, line_start, line_end), None]:
                stop = m.start() if m else line_end
                if stop - at >= 2:
                    out += _names_in(text, _items(text, at, stop), gazetteer, True, verbs)
                if m:
                    at = m.end()
        line_start = line_end + 1
    return out
