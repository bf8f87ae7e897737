"""Find the numbered goals of a work plan in its cleaned text.

Two layouts are common in the genre:

* a 序号 / 目标名称 / 目标内容 table flattened to text: a line holding only the number, a line
  holding the title, then the content paragraphs (the seed document);
* headings: ``一、标题`` / ``（一）标题`` / ``1. 标题`` / ``1、标题``, the content following until
  the next heading of the same style. A heading line that goes on after its title
  (``一、加强合作。推进……``, ``一、总体目标：到2020年……``) gives a title up to the first 。 or ：
  and content from there (see ``split_heading``).

Goals are numbered consecutively from 1; a number that breaks the sequence is content.

Nesting: goals are the *top* level that numbers at least two items, tried in the order table,
``一、``, ``（一）``, ``1.``/``1、``. In ``一、…（一）…（二）…二、…`` the 一、 sections are the goals
and the （一） items stay in their text; a plan with a single ``一、主要任务`` over （一）（二）（三）
has the （一） items as goals. Text with no numbering has no goals: ``parse`` still cuts it into
passages.

One goal alone is taken only where nothing else can be meant, because text outside goals is not
extracted: a table row ``1`` under a 序号 header with another column name, or — when no style
numbers two items — the only heading of its style, numbered 1, with a short title, Chinese content
after it and nothing but a title block (no sentence) before it. ``一、… 三、…`` (a broken
sequence) is still no goal. Web pages, PDFs and Word files reach this module as the same cleaned lines (their
readers flatten tables and unwrap lines), so one set of rules serves every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Goal

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23).

    >>> [chinese_number(s) for s in ("九", "十", "十一", "二十", "九十九", "百")]
    [9, 10, 11, 20, 99, None]
    """
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


@dataclass(frozen=True)
class _Line:
    text: str
    start: int


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(raw, pos))
        pos += len(raw) + 1
    return out


_TABLE_HEADER = re.compile(r"^(序号|目标名称|目标内容|工作目标|具体内容|责任单位|完成时限)$")
_NUMBER_LINE = re.compile(r"^(\d{1,3})$")
_HEADINGS = (
    re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.+)$"),
    re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.+)$"),
    re.compile(r"^(\d{1,3})[.．、](?!\s*\d)\s*(.+)$"),
)
_MAX_TITLE = 40


def find_goals(text: str) -> list[Goal]:
    lines = _lines(text)
    goals = _table_goals(lines, text)
    if len(goals) >= 2 or (goals and goals[0].text and _under_table_header(lines, goals[0].title_start)):
        return goals
    for pattern in _HEADINGS:
        goals = _heading_goals(lines, text, pattern)
        if len(goals) >= 2:
            return goals
    for pattern in _HEADINGS:
        goal = _single_heading_goal(lines, text, pattern)
        if goal is not None:
            return [goal]
    return []


def _under_table_header(lines: list[_Line], before: int) -> bool:
    """Is there a 序号 line and another column name line (目标名称, 目标内容 …) before ``before``?"""
    header = {line.text for line in lines if line.start < before and _TABLE_HEADER.match(line.text)}
    return "序号" in header and len(header) >= 2


_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";")
_MAX_PREAMBLE_LINE = 60


def _single_heading_goal(lines: list[_Line], text: str, pattern: re.Pattern[str]) -> Goal | None:
    """The goal of a plan with one numbered section, when nothing else can be meant.

    Only when the one line of ``pattern``'s style is number 1 with a short title, nothing before
    it reads as body text (only a title block: title, issuer, date — so no sentence of the body
    is left outside the goal and unextracted), and Chinese content follows it.
    """
    matches = [(i, m) for i, line in enumerate(lines) if (m := pattern.match(line.text))]
    if len(matches) != 1:
        return None  # none, or a broken sequence (一、 … 三、): the structure is not understood
    i, m = matches[0]
    if _number(m.group(1)) != 1:
        return None
    for line in lines[:i]:
        body = line.text.strip()
        if body.endswith(_SENTENCE_END) or len(body) > _MAX_PREAMBLE_LINE:
            return None
    title, content = split_heading(m.group(2))
    if content == 0 or len(title) > _MAX_TITLE:
        return None  # a sentence with a number in front, not a heading
    goal = _heading_goals(lines, text, pattern)[0]
    if len(_HAN.findall(goal.text)) < _MIN_CONTENT_HAN:
        return None
    return goal


_HAN = re.compile(r"[\u4e00-\u9fff]")
_MIN_CONTENT_HAN = 6


def _table_goals(lines: list[_Line], text: str) -> list[Goal]:
    """Number line, title line, content lines — the flattened 序号/目标名称/目标内容 table."""
    starts: list[tuple[int, int]] = []  # (line index, number)
    expected = 1
    for i, line in enumerate(lines):
        m = _NUMBER_LINE.match(line.text)
        if m and int(m.group(1)) == expected:
            title_idx = _next_nonblank(lines, i + 1)
            if title_idx is not None and _is_title(lines[title_idx].text):
                starts.append((i, expected))
                expected += 1
    goals = []
    for n, (i, number) in enumerate(starts):
        title_idx = _next_nonblank(lines, i + 1)
        assert title_idx is not None
        title_line = lines[title_idx]
        end_idx = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        goals.append(_goal(text, number, title_line.text, title_line.start, lines, title_idx + 1, end_idx))
    return goals


def _heading_goals(lines: list[_Line], text: str, pattern: re.Pattern[str]) -> list[Goal]:
    starts: list[tuple[int, int, str, int]] = []  # (line index, number, title, title start)
    expected = 1
    for i, line in enumerate(lines):
        m = pattern.match(line.text)
        if not m:
            continue
        number = _number(m.group(1))
        if number != expected:
            continue
        starts.append((i, number, m.group(2), line.start + m.start(2)))
        expected += 1
    goals = []
    for n, (i, number, rest, rest_start) in enumerate(starts):
        end_idx = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        title, content = split_heading(rest)
        if content is None:
            goals.append(_goal(text, number, title, rest_start, lines, i + 1, end_idx))
        else:
            # The heading line carries content after its title (一、加强合作。推进……).
            goals.append(_goal(text, number, title, rest_start, lines, i + 1, end_idx, rest_start + content))
    return goals


def _number(numeral: str) -> int | None:
    return int(numeral) if numeral.isdigit() else chinese_number(numeral)


_TITLE_END = re.compile(r"[。：:；;]")
_CLAUSE_END = re.compile(r"[，,]")


def split_heading(rest: str) -> tuple[str, int | None]:
    """Split a heading line's text into its title and where content starts on the line (or None).

    >>> split_heading("加强合作")
    ('加强合作', None)
    >>> split_heading("总体目标：到2020年，建成创新型城市。")
    ('总体目标', 5)
    >>> split_heading("加强合作，推进中国科学院海洋研究所、中科院青岛科教融合基地和兰化所、自动化所等青岛研发基地建设")
    ('加强合作', 5)
    """
    m = _TITLE_END.search(rest)
    if m and 0 < m.start() <= _MAX_TITLE and m.end() < len(rest):
        return rest[: m.start()], m.end()
    if len(rest) <= _MAX_TITLE:
        return rest.rstrip("。；;"), None
    m = _CLAUSE_END.search(rest)
    if m and 0 < m.start() <= _MAX_TITLE:
        return rest[: m.start()], m.end()
    # A long heading line with no short title: the line is both title and content, so its
    # words stay in the goal's passages.
    return rest, 0


def _goal(
    text: str,
    number: int,
    title: str,
    title_start: int,
    lines: list[_Line],
    first: int,
    stop: int,
    content_start: int | None = None,
) -> Goal:
    body = [line for line in lines[first:stop] if line.text and not _TABLE_HEADER.match(line.text)]
    start = content_start if content_start is not None else (body[0].start if body else title_start + len(title))
    end = (body[-1].start + len(body[-1].text)) if body else max(start, len(text[:start].rstrip()))
    if content_start is not None:  # content begins on the heading line itself
        heading = lines[first - 1]
        end = max(end, heading.start + len(heading.text))
    end = max(end, start)
    return Goal(number=number, title=title, title_start=title_start, text=text[start:end], start=start, end=end)


def _next_nonblank(lines: list[_Line], i: int) -> int | None:
    while i < len(lines):
        if lines[i].text:
            return i
        i += 1
    return None


def _is_title(line: str) -> bool:
    return 0 < len(line) <= _MAX_TITLE and not line.endswith("。") and not _NUMBER_LINE.match(line)
