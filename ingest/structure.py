"""Which headings of a plan's outline are its goals, and which are sections.

The outline (``ingest.outline``) is every numbered heading, nested. Goals are the work items an
analyst would list, decided by what a heading holds, not by a fixed depth:

* sections that are not work (指导思想, 基本原则, 保障措施, 组织领导 …) hold no goals;
* a heading with numbered headings under it (一、, （一）, 1., 第一项, a table's rows) is a
  section, and the goals are further down; the lowest numbered level is the goals, so in
  ``二、主要任务 / （一）… / 1.…`` the ``1.`` items are goals, in ``一、… / （一）…`` the ``（一）``;
* ``（1）``, ``①``, ``一是`` and bullets under a goal are its sub-measures, part of its text; they
  are the goals themselves only under a heading that announces tasks (二、主要任务 一是…二是…)
  or where nothing else is numbered (a plan written as 一是…；二是…, or as —— bullets);
* a 目标 heading (主要目标, 工作目标) without numbered items under it states the plan's headline
  targets and is a section; table rows are goals; chapters (第一章, 第一节) are sections;
* an empty heading (a table of contents' entry) is no goal, unless the page ends on it.

A goal's number is the one the text gives (（十二） is 12, table row 33 is 33); its title is its
heading or the lead phrase of its paragraph; names and targets in titles count.

>>> plan = "一、指导思想\\n坚持创新驱动。\\n二、主要任务\\n（一）建设平台\\n新建5家。\\n（二）培育企业\\n新增10家。"
>>> [(g.number, g.path, g.title, g.section) for g in find_goals(plan)]
[(1, '二.（一）', '建设平台', ('主要任务',)), (2, '二.（二）', '培育企业', ('主要任务',))]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import Goal, Section
from ingest.outline import Node, Style, outline

_MAIN = {Style.ITEM, Style.CN, Style.CN_PAREN, Style.ROW, Style.ARABIC, Style.ARABIC_DUN}
_CHAPTERS = {Style.CHAPTER, Style.JIE}
_NUMBERED = _MAIN | _CHAPTERS  # the levels a heading's work items can sit at
_SUB = {Style.ARABIC_PAREN, Style.CIRCLED, Style.INLINE, Style.BULLET}

_NOT_WORK = re.compile(
    r"指导思想|总体思路|基本思路|基本原则|工作原则|总体要求|重要意义|背景|发展基础|发展成就|面临形势|现实基础|"
    r"保障措施|保障机制|组织领导|组织保障|组织实施|实施保障|工作要求|实施步骤|工作步骤|进度安排|时间安排|"
    r"适用范围|实施范围|附则|监督考核|考核评估|工作机制|(?:印发|发布)之日起"
)
_TARGETS_HEADING = re.compile(r"目标$")
_TASKS_HEADING = re.compile(r"(?:任务|工作|举措|措施|要点|重点)$")
_SHORT_HEADING = 16
_HAN = re.compile(r"[\u4e00-\u9fff]")


def find_goals(text: str) -> list[Goal]:
    return find_outline(text)[0]


def find_outline(text: str, reading: str | None = None) -> tuple[list[Goal], list[Section]]:
    """The goals of ``text`` and the sections above and beside them, both in text order. Headings
    are read in ``reading`` (the simplified reading of a traditional text: same length, same
    offsets); titles and content are the original's."""
    nodes = outline(reading or text)
    roots = [n for n in nodes if n.parent is None]
    chosen = _select_top(roots)
    last = nodes[-1] if nodes else None
    chosen = [n for n in chosen if not _empty(n, text) or n is last]
    in_goal = {id(n) for g in chosen for n in _subtree(g)}  # the goals and their sub-measures
    numbers = [g.number for g in chosen]
    unique = len(set(numbers)) == len(numbers)
    goals = [_goal(text, node, 0 if unique else i + 1) for i, node in enumerate(chosen)]
    sections = [_section(text, n) for n in nodes if id(n) not in in_goal]
    return goals, sections


def goal_regions(goals: Sequence[Goal], length: int) -> list[tuple[int, int, Goal | None]]:
    """The text cut at the goals: ``(start, end, goal)`` for each goal from its number on, and
    ``(start, end, None)`` for the text around them (a notice, a preamble, 主要目标, a document
    without numbered goals), in text order, covering ``[0, length)``. A goal's number belongs to
    the goal, so the text between two goals is only what is not theirs (a section's heading).

    >>> text = "某局工作要点\\n一、建设平台\\n新建5家。\\n二、培育企业\\n新增10家。"
    >>> [(text[a:b], g and g.number) for a, b, g in goal_regions(find_goals(text), len(text))]
    [('某局工作要点\\n', None), ('一、建设平台\\n新建5家。', 1), ('\\n', None), ('二、培育企业\\n新增10家。', 2)]
    """
    regions: list[tuple[int, int, Goal | None]] = []
    cursor = 0
    for goal in sorted(goals, key=lambda g: g.title_start):
        start = goal.title_start if goal.marker is None else goal.marker
        if start > cursor:
            regions.append((cursor, start, None))
        regions.append((start, goal.end, goal))
        cursor = max(cursor, goal.end)
    if cursor < length:
        regions.append((cursor, length, None))
    return regions


def _select_top(roots: list[Node]) -> list[Node]:
    main = [n for n in roots if n.style in _NUMBERED]
    if main:
        return [g for n in main for g in _select(n)]
    sub = [n for n in roots if n.style in _SUB]
    return sub if len(sub) >= 2 else []


def _select(node: Node) -> list[Node]:
    if node.style is Style.ROW:
        return [node]
    title = _bare(node.title)
    short = len(title) <= _SHORT_HEADING
    if short and _NOT_WORK.search(title):
        return []
    main = [k for k in node.children if k.style in _NUMBERED]
    if main:
        return [g for k in main for g in _select(k)]
    if node.style in _CHAPTERS:
        return []
    sub = [k for k in node.children if k.style in _SUB]
    if short and _TASKS_HEADING.search(title) and len(sub) >= 2:
        return sub
    if short and _TARGETS_HEADING.search(title):
        return []  # 主要目标：headline targets, no work items
    return [node]


def _bare(title: str) -> str:
    return re.sub(r"[\s，,。：:；;、“”\"《》（）()]", "", title)


def _empty(node: Node, text: str) -> bool:
    """A heading with nothing under it: an entry of a table of contents."""
    content = text[node.content_start : node.end]
    return len(_HAN.findall(content)) < 2 and len(_HAN.findall(node.title)) < 8 and not re.search(r"\d", node.title)


def _subtree(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out.extend(_subtree(child))
    return out


def _written(text: str, node: Node) -> str:
    """The node's title as the text writes it (``node.title`` was read in the reading)."""
    return text[node.title_start : node.title_start + len(node.title)]


def _goal(text: str, node: Node, key: int) -> Goal:
    title = _written(text, node)
    start, end = node.content_start, node.end
    while start < end and text[start].isspace():
        start += 1
    if start >= end:  # the heading is the whole item: its words are title and content
        start, end = node.title_start, node.title_start + len(title)
    return Goal(
        number=node.number,
        title=title,
        title_start=node.title_start,
        text=text[start:end],
        start=start,
        end=end,
        path=node.path,
        section=tuple(_written(text, a) for a in node.ancestors()),
        parent=node.parent.path if node.parent is not None else None,
        key=key,
        marker=node.start,
    )


def _section(text: str, node: Node) -> Section:
    return Section(
        path=node.path,
        number=node.number,
        title=_written(text, node),
        title_start=node.title_start,
        start=node.start,
        end=node.end,
        parent=node.parent.path if node.parent is not None else None,
    )
