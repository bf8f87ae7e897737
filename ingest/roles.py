"""Who is responsible for a goal: the role an institution's mention plays in it.

Plans say it three ways, and each gives the institutions named there a role:

* labelled lines or cells: ``牵头单位：区发改局``, ``责任单位：规划处、秘书处``, ``配合单位：…``,
  ``牵头科室(单位)：…``, and the columns of a task table (主要责任单位 / 协同配合单位);
* phrases after a list of names: ``（市发展改革委牵头，市财政局、市科技局配合）``, ``X负责``;
* ``由X负责`` / ``由X牵头``.

Roles: ``lead`` (牵头, 主要责任), ``responsible`` (责任, 负责), ``participant`` (配合, 协同, 参与,
协办). A person's line (责任领导, 牵头领导) gives no role: persons are not institutions.

>>> text = "推进平台建设（市发展改革委牵头，市财政局、市科技局配合）。"
>>> spans = [(7, 13), (16, 20), (21, 25)]
>>> [text[a:b] for a, b in spans], roles_of(text, spans, 0, len(text))
(['市发展改革委', '市财政局', '市科技局'], ['lead', 'participant', 'participant'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LEAD, RESPONSIBLE, PARTICIPANT = "lead", "responsible", "participant"
ROLES = (LEAD, RESPONSIBLE, PARTICIPANT)
LABELS = {LEAD: "牵头 lead", RESPONSIBLE: "责任 responsible", PARTICIPANT: "配合 participant"}  # for people

_UNIT = r"(?:单位|部门|处室|科室|机构)(?:\s*[（(](?:单位|科室|处室|部门)[)）])?"
_LABEL = re.compile(
    rf"(主要责任|牵头|责任|协同配合|配合|协同|协办|参与|联系)\s*{_UNIT}\s*[:：|]?\s*"
)  # the label of a line or a table header's cell
_LABEL_ROLE = {
    "主要责任": LEAD,
    "牵头": LEAD,
    "责任": RESPONSIBLE,
    "协同配合": PARTICIPANT,
    "配合": PARTICIPANT,
    "协同": PARTICIPANT,
    "协办": PARTICIPANT,
    "参与": PARTICIPANT,
    "联系": PARTICIPANT,
}
# A role word after a list of names: 市发改委牵头, 各区市政府配合.
_AFTER = re.compile(r"\s*(?:等(?:单位|部门)?)?\s*(牵头|负责|配合|协同|协助|参与|协办)")
_AFTER_ROLE = {"牵头": LEAD, "负责": RESPONSIBLE, "配合": PARTICIPANT, "协同": PARTICIPANT, "协助": PARTICIPANT}
_AFTER_ROLE |= {"参与": PARTICIPANT, "协办": PARTICIPANT}
_LIST_GAP = re.compile(r"[\s、，,和及与]*")
_SEGMENT_END = re.compile(r"[\n。；;]|[:：](?=\S)")


def roles_of(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> list[str | None]:
    """The role of each institution span (sorted, inside ``text[start:end]``): from a labelled
    line, a table column or a role word after the list it ends."""
    labelled = _labelled_segments(text, start, end) + _table_cells(text, start, end)
    out: list[str | None] = []
    for i, (a, b) in enumerate(spans):
        role = next((r for s, e, r in labelled if s <= a and b <= e), None)
        if role is None:
            role = _after_list(text, spans, i, end)
        out.append(role)
    return out


def _labelled_segments(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(start, end, role)`` of the text after each label, up to the line's end or the next label."""
    labels = list(_LABEL.finditer(text, start, end))
    out = []
    for k, m in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else end
        seg_end = _SEGMENT_END.search(text, m.end(), stop)
        out.append((m.end(), seg_end.start() if seg_end else stop, _LABEL_ROLE[m.group(1)]))
    return out


def _after_list(text: str, spans: Sequence[tuple[int, int]], i: int, end: int) -> str | None:
    """The role word after the run of names that span ``i`` belongs to (names joined by 、，和及与)."""
    j = i
    while j + 1 < len(spans):
        gap = _LIST_GAP.fullmatch(text, spans[j][1], spans[j + 1][0])
        if gap is None:
            break
        j += 1
    m = _AFTER.match(text, spans[j][1], end)
    return _AFTER_ROLE[m.group(1)] if m else None


_HEADER_LINE = re.compile(r"^[^\n]*序号[^\n]*$", re.MULTILINE)
_CELL_GAP = re.compile(r"\s*\|\s*|(?<=[\u4e00-\u9fff。）)]) +(?=[\u4e00-\u9fff（(])")
_LOOK_BACK = 4000


def _table_cells(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(start, end, role)`` of a table row's cells under a 责任单位-like column: the row is
    ``text[start:end]`` (after its 序号), its cells cut at ``|`` or at spaces between words, matched
    in order with the columns of the nearest header line above it that has 序号."""
    headers = list(_HEADER_LINE.finditer(text, max(0, start - _LOOK_BACK), start))
    if not headers:
        return []
    columns = [c for c in re.split(r"[\s|]+", _header_text(text, headers[-1].start(), start)) if c][1:]
    if not any(_LABEL.fullmatch(c) for c in columns):
        return []
    out, pos, k = [], start, 0
    for gap in [*_CELL_GAP.finditer(text, start, end), None]:
        stop = gap.start() if gap else end
        if k < len(columns) and (m := _LABEL.fullmatch(columns[k])):
            out.append((pos, stop, _LABEL_ROLE[m.group(1)]))
        if gap is None:
            break
        pos, k = gap.end(), k + 1
    return out


def _header_text(text: str, at: int, limit: int) -> str:
    """The header from its 序号 line on: one line of names, or one name per line (flattened cells)."""
    lines, pos = [], at
    for line in text[at:limit].split("\n"):
        cells = [c for c in re.split(r"[\s|]+", line) if c]
        if pos > at and (not cells or len(line.strip(" |")) > 12):
            break
        lines.append(line)
        pos += len(line) + 1
    return " ".join(lines)
