"""The outline of a plan: every numbered heading, nested as the text nests them.

Government plans number their parts in a handful of styles, outer to inner (GB/T 9704 and habit):
``第一章`` / ``第一节`` (chapters of long plans, tables of contents), ``第一项``, ``一、``, ``（一）``,
rows of a 序号 table flattened to lines, ``1.`` / ``1、``, ``（1）``, ``①``, and the inline
``一是…；二是…`` and unnumbered ``——`` / ``·`` bullets. A marker counts where such a number can
start an item: at a line's start, after a sentence's end or a colon, after a space in text a PDF
flattened, and anywhere for the bracketed forms; and only when it continues a list (``（二）``
after ``（一）``) or opens one (``1.`` under a heading). A page that starts mid-list keeps its first
number (``（十二）``, ``4.``, table row ``33``). Markers on site-chrome lines (download notices,
view counters) are not headings.

``outline(text)`` returns the tree's nodes in text order; ``ingest.structure`` decides which of
them are goals.

>>> text = "一、主要任务\\n（一）建设平台。新建5家。\\n（二）培育企业\\n新增10家。"
>>> nodes = outline(text)
>>> [(n.path, n.title) for n in nodes]
[('一', '主要任务'), ('一.（一）', '建设平台'), ('一.（二）', '培育企业')]
>>> text[nodes[1].start : nodes[1].end]
'（一）建设平台。新建5家。'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from ingest.numerals import chinese_number


class Style(StrEnum):
    CHAPTER = "chapter"  # 第一章
    JIE = "jie"  # 第一节
    ITEM = "item"  # 第一项目标： / 第一部分
    CN = "cn"  # 一、
    CN_PAREN = "cn_paren"  # （一）
    ROW = "row"  # a 序号 table's row number
    ARABIC = "arabic"  # 1.
    ARABIC_DUN = "arabic_dun"  # 1、
    ARABIC_PAREN = "arabic_paren"  # （1）
    CIRCLED = "circled"  # ①
    INLINE = "inline"  # 一是
    BULLET = "bullet"  # —— · •


RANK = {
    Style.CHAPTER: 0,
    Style.JIE: 1,
    Style.ITEM: 2,
    Style.CN: 3,
    Style.CN_PAREN: 4,
    Style.ROW: 5,
    Style.ARABIC: 6,
    Style.ARABIC_DUN: 6,
    Style.ARABIC_PAREN: 7,
    Style.CIRCLED: 8,
    Style.INLINE: 9,
    Style.BULLET: 9,
}

MAX_TITLE = 80


@dataclass
class Node:
    style: Style
    number: int
    label: str  # the number as a path element: 二, （三）, 2, 33, 一是
    start: int  # where the marker starts
    body: int  # where the text after the marker starts
    title: str = ""
    title_start: int = 0
    content_start: int = 0  # where the text after the title starts
    end: int = 0  # end of the node with everything under it
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def path(self) -> str:
        labels = []
        node: Node | None = self
        while node is not None:
            labels.append(node.label)
            node = node.parent
        return ".".join(reversed(labels))

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return list(reversed(out))


# Full-width digits and brackets read as ASCII, one character for one, so offsets stay.
_WIDTH = str.maketrans("０１２３４５６７８９（）．：　", "0123456789().: ")
_CN = "一二三四五六七八九十"
_SENTENCE_END = "。；;！？!?"
_BREAK = _SENTENCE_END + ":：，,"
_BULLETS = "——|—|•|●|·|■|◆|▪|▲|★|-(?=\\s)"

_LINE_START_PATTERNS: list[tuple[Style, re.Pattern[str]]] = [
    (Style.CHAPTER, re.compile(r"第([一二三四五六七八九十百零〇\d]{1,4})章\s*")),
    (Style.JIE, re.compile(r"第([一二三四五六七八九十百零〇\d]{1,4})节\s*")),
    (Style.ITEM, re.compile(rf"第([{_CN}]{{1,3}})(?:项|部分)(?:目标|任务|工作)?\s*[:、,，.]?\s*")),
    (Style.BULLET, re.compile(rf"(?:{_BULLETS})\s*")),
]
_BREAK_PATTERNS: list[tuple[Style, re.Pattern[str]]] = [
    (Style.CN, re.compile(rf"([{_CN}]{{1,3}})\s*[、.](?![\d{_CN}])\s*")),
    (Style.ARABIC, re.compile(r"(\d{1,3})\s*\.(?!\s*\d)\s*")),
    (Style.ARABIC_DUN, re.compile(r"(\d{1,3})\s*、(?!\s*\d)\s*")),
]
_ANYWHERE_PATTERNS: list[tuple[Style, re.Pattern[str]]] = [
    (Style.CN_PAREN, re.compile(rf"\(\s*([{_CN}]{{1,3}})\s*\)\s*")),
    (Style.ARABIC_PAREN, re.compile(r"\(\s*(\d{1,2})\s*\)(?![\d%])\s*")),
    (Style.CIRCLED, re.compile(r"([\u2460-\u2473])\s*")),
]
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_INLINE = re.compile(rf"([{_CN}]{{1,3}})是(?=[^\s，,。])")
_ROW_ALONE = re.compile(r"(\d{1,3})\s*\|?\s*$")
_ROW_CELLS = re.compile(r"(\d{1,3})\s*\|?\s+(?=[\u4e00-\u9fff“《(\[【])")

# Column names of the task tables plans publish (序号 | 重点工作 | 责任单位 | 完成时限 …).
_HEADER_CELL = re.compile(
    r"^(?:序号|编号|序|(?:重点|主要|年度)?(?:工作|任务|目标)(?:任务|名称|内容|举措|措施|目标|要点)?|"
    r"具体(?:内容|措施|任务)|工作举措|完成(?:情况|时限|期限|时间|标准)|时间节点|时限|进度安排|"
    r"(?:主要|牵头|责任|配合|协同配合|协同|协办|参与)(?:责任)?单位|责任(?:领导|人|处室|科室|部门)|牵头(?:领导|科室|部门)|"
    r"分管领导|存在问题|下一步(?:打算|计划)?|备注|类别|指标|目标值|责任|单位|存在|问题|打算)$"
)
# Lines of a document-sharing or portal page, not of the plan: their numbers are no headings.
_CHROME = re.compile(
    r"下载|预览|客服|退款|侵权|VIP|Vip|vip|购物车|足迹|登录|注册|浏览次数|阅读次数|字体|收藏|分享到|扫一扫|上一篇|下一篇"
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    body: int
    style: Style
    number: int
    label: str


def outline(text: str) -> list[Node]:
    """Every accepted heading of ``text`` in text order, with parents, titles and spans."""
    plain = text.translate(_WIDTH)
    nodes = _accept(_candidates(plain))
    _spans(nodes, plain)
    return nodes


def _candidates(t: str) -> list[_Candidate]:
    found: dict[int, _Candidate] = {}
    lines = _line_spans(t)
    table_from = _table_starts(t, lines)
    bare_rows: list[_Candidate] = []  # number lines over title lines, with no header above them
    for i, (line_start, line_end) in enumerate(lines):
        line = t[line_start:line_end]
        if _CHROME.search(line):
            continue
        lead = len(line) - len(line.lstrip())
        s = line_start + lead
        in_table = bool(table_from) and table_from[0] <= line_start  # below the first header
        m = _ROW_ALONE.match(t, s, line_end) or (_ROW_CELLS.match(t, s, line_end) if in_table else None)
        if m and int(m.group(1)) > 0:
            row = _Candidate(s, m.end(), Style.ROW, int(m.group(1)), m.group(1))
            if in_table:
                found.setdefault(s, row)
                continue
            if _title_line_follows(t, lines, i):
                bare_rows.append(row)
                continue
        for style, pattern in _LINE_START_PATTERNS:
            m = pattern.match(t, s, line_end)
            if m:
                if style is Style.BULLET:
                    found.setdefault(s, _Candidate(s, m.end(), style, 0, "·"))
                    s = m.end()  # a bullet may carry a number after it (- 1、…)
                elif number := _number(m.group(1)):
                    found.setdefault(s, _Candidate(s, m.end(), style, number, _item_label(style, m.group(1))))
                break
        for style, pattern in _BREAK_PATTERNS:
            for m in pattern.finditer(t, line_start, line_end):
                if (m.start() == s or _after_break(t, m.start(), line_start)) and (n := _number(m.group(1))):
                    found.setdefault(m.start(), _Candidate(m.start(), m.end(), style, n, m.group(1)))
        for style, pattern in _ANYWHERE_PATTERNS:
            for m in pattern.finditer(t, line_start, line_end):
                if m.start() > line_start and t[m.start() - 1].isascii() and t[m.start() - 1].isalnum():
                    continue
                n = ord(m.group(1)) - 0x245F if style is Style.CIRCLED else _number(m.group(1))
                if n:
                    label = _paren_label(style, m.group(1))
                    found.setdefault(m.start(), _Candidate(m.start(), m.end(), style, n, label))
        for m in _INLINE.finditer(t, line_start, line_end):
            if (m.start() == s or _after_break(t, m.start(), line_start, _BREAK)) and (n := _number(m.group(1))):
                found.setdefault(m.start(), _Candidate(m.start(), m.end(), Style.INLINE, n, m.group(1) + "是"))
    if len(bare_rows) >= 2:  # one number line alone could be anything; a numbered run is a table
        for row in bare_rows:
            found.setdefault(row.start, row)
    return [found[k] for k in sorted(found)]


def _title_line_follows(t: str, lines: list[tuple[int, int]], i: int) -> bool:
    for a, b in lines[i + 1 :]:
        line = t[a:b].strip(" |")
        if line:
            return len(line) <= 40 and not line.endswith("。") and not line.isdigit() and bool(_HAN_RE.search(line))
    return False


def _line_spans(t: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in t.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _table_starts(t: str, lines: list[tuple[int, int]]) -> list[int]:
    """Where a table's header ends: a line of column names with 序号, or a run of column names
    (one per line, as tables flattened cell by cell read)."""
    starts: list[int] = []
    run: list[str] = []
    for a, b in lines:
        cells = [c for c in re.split(r"[\s|]+", t[a:b]) if c]
        if not cells:
            continue
        if all(_HEADER_CELL.match(c) for c in cells):
            run.extend(cells)
            if ("序号" in run and len(run) >= 2) or len(run) >= 3:
                starts.append(b)
        else:
            run = []
    return starts


def _after_break(t: str, i: int, line_start: int, breaks: str = _SENTENCE_END + ":：") -> bool:
    """Does position ``i`` follow a sentence's end or a colon (spaces between allowed), or a space
    between two Han characters as PDF text runs lines together?"""
    j = i - 1
    while j >= line_start and t[j] == " ":
        j -= 1
    if j < line_start:
        return True
    if t[j] in breaks:
        return True
    return j + 1 < i and bool(_HAN_RE.match(t[j]))


def _number(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    return chinese_number(numeral) or 0


def _item_label(style: Style, numeral: str) -> str:
    return {Style.CHAPTER: f"第{numeral}章", Style.JIE: f"第{numeral}节", Style.ITEM: f"第{numeral}项"}[style]


def _paren_label(style: Style, numeral: str) -> str:
    return numeral if style is Style.CIRCLED else f"（{numeral}）"


def _accept(candidates: list[_Candidate]) -> list[Node]:
    """Keep the candidates that continue or open a list, nesting them by style."""
    accepted: list[Node] = []
    roots: list[Node] = []
    stack: list[Node] = []
    for c in candidates:
        same = next((j for j in range(len(stack) - 1, -1, -1) if stack[j].style is c.style), None)
        if same is not None:
            prev = stack[same]
            if c.style is Style.BULLET:
                number = prev.number + 1
            elif c.number == prev.number + 1:
                number = c.number
            else:
                continue
            parent = stack[same - 1] if same > 0 else None
            stack = stack[:same]
        else:
            k = next((j for j in range(len(stack) - 1, -1, -1) if RANK[stack[j].style] < RANK[c.style]), -1)
            parent = stack[k] if k >= 0 else None
            number = 1 if c.style is Style.BULLET else c.number
            opens = number == 1
            cut_page = parent is None and not any(r.style is c.style for r in roots) and c.style is not Style.INLINE
            if not (opens or cut_page):
                continue
            stack = stack[: k + 1]
        label = f"·{number}" if c.style is Style.BULLET else c.label
        node = Node(c.style, number, label, c.start, c.body, parent=parent)
        (parent.children if parent is not None else roots).append(node)
        stack.append(node)
        accepted.append(node)
    return accepted


def _spans(nodes: list[Node], t: str) -> None:
    """Each node's end (the next node that is not under it), title and content start."""
    open_nodes: list[Node] = []
    for node in nodes:
        while open_nodes and node.depth <= open_nodes[-1].depth:
            open_nodes.pop().end = node.start
        open_nodes.append(node)
    for node in open_nodes:
        node.end = len(t)
    starts = [n.start for n in nodes] + [len(t)]
    for i, node in enumerate(nodes):
        end = node.end
        while end > node.body and t[end - 1].isspace():  # trailing blank lines belong to no node
            end -= 1
        node.end = max(node.body, end)
        limit = min(starts[i + 1], node.end)
        _title(node, t, limit)


_HEADING_STYLES = {Style.CHAPTER, Style.JIE, Style.ITEM, Style.CN, Style.CN_PAREN}
_LINE_GAP = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff“]")
_TITLE_STOP = re.compile(r"[。；;！？!?\n]|[:：](?!\d)")
_CLAUSE = re.compile(r"[，,、]")


def _title(node: Node, t: str, limit: int) -> None:
    """A heading's title: its text up to the first sentence end, colon or line end (its lead
    phrase); a row number alone on its line takes the next line, the row's first cell."""
    start = node.body
    while start < limit and t[start] in " |\n":
        if t[start] == "\n" and node.style is not Style.ROW:
            break
        start += 1
    m = _TITLE_STOP.search(t, start, limit)
    stop = m.start() if m else limit
    if node.style in _HEADING_STYLES:  # a heading's line ends where PDF text shows a space
        gap = _LINE_GAP.search(t, start + 2, stop)
        stop = gap.start() + 1 if gap else stop
    if stop - start > MAX_TITLE:
        cuts = [c.start() for c in _CLAUSE.finditer(t, start, start + MAX_TITLE)]
        stop = cuts[-1] if cuts else start + MAX_TITLE
    title = t[start:stop].rstrip(" |")
    node.title, node.title_start = title, start
    after = start + len(title)
    while after < node.end and t[after] in "。；;：: |\n！？!?":
        after += 1
    node.content_start = after
