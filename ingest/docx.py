"""Read a Word document (.docx) into cleaned text.

python-docx (well kept, the standard reader and writer of the format) gives the body's paragraphs
and tables in document order. Each paragraph is a line; each table cell a paragraph, so a
序号/目标名称/目标内容 table reads ``1`` / title / content as in a flattened web page. Merged
cells are read once. Word's automatic list numbering (``一、`` typed by Word, not by the author)
is not part of a paragraph's text, so it is rendered from the numbering definitions: without it
a plan's headings would lose the numbers ``ingest.structure`` finds goals by.

A .docx is a zip archive: its uncompressed size is checked before anything is parsed, so a
small file that inflates to gigabytes is refused.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest.model import SourceText
from ingest.read import MAX_BYTES, check_size, source_from_text
from policykg.errors import IngestError

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # a document part rarely compresses better than ~20:1
MAX_MEMBERS = 10_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText:
    """Paragraphs and tables of the body, in order, as cleaned text."""
    check_size(data, name, max_bytes)
    check_archive(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and its zip/XML layers raise many kinds; map at the border
        raise IngestError(f"{name}: not a readable .docx ({type(exc).__name__}: {exc})") from exc
    numbering = _Numbering(document)
    text = "\n\n".join(_blocks(document, numbering))
    return source_from_text(text, data, name, "docx", MEDIA_TYPE)


def check_archive(data: bytes, name: str) -> None:
    """Refuse archives that are not zip files or would inflate past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise IngestError(f"{name}: not a .docx file (not a zip archive; old .doc files are not supported)") from exc
    if len(members) > MAX_MEMBERS:
        raise IngestError(f"{name}: {len(members):,} archive members; refused as a possible zip bomb")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total > MAX_RATIO * max(packed, 1)):
        raise IngestError(
            f"{name}: inflates to {total:,} bytes from {packed:,}; refused as a possible zip bomb "
            f"(limit {MAX_UNCOMPRESSED:,} bytes)"
        )


def _blocks(container: Document | _Cell, numbering: _Numbering) -> Iterator[str]:
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield numbering.label(item) + item.text
        elif isinstance(item, Table):
            yield from _table(item, numbering)


def _table(table: Table, numbering: _Numbering) -> Iterator[str]:
    seen: set[etree._Element] = set()  # a merged cell is yielded once per grid cell it spans
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield "\n".join(_blocks(cell, numbering))


class _Numbering:
    """Renders Word's list numbers (``%1、`` with format chineseCounting -> ``一、``)."""

    def __init__(self, document: Document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int, str]]] = {}  # numId -> ilvl -> level
        self.counters: dict[str, dict[int, int]] = {}
        self.style_lists: dict[str | None, tuple[str | None, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            levels = {}
            for lvl in definition.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    int(_val(lvl, "start") or "1"),
                    _val(lvl, "suff") or "tab",
                )
            self.levels[num.get(f"{_W}numId", "")] = levels

    def label(self, paragraph: Paragraph) -> str:
        if not self.levels:
            return ""
        num_id, ilvl = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id or "", {})
        fmt, template, start, suffix = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts its sub-lists
        if fmt in ("bullet", "none") or not template:
            return ""
        text = template
        for level in range(9):
            if f"%{level + 1}" in text:
                value = counters.get(level, levels.get(level, ("decimal", "", 1, ""))[2])
                text = text.replace(f"%{level + 1}", _format(value, levels.get(level, (fmt,))[0]))
        return text + {"tab": " ", "space": " "}.get(suffix, "")

    def _num_pr(self, paragraph: Paragraph) -> tuple[str | None, int]:
        """The paragraph's list (numId, level), set on the paragraph or inherited from its style."""
        found = _num_pr_of(paragraph._p.pPr)
        if found is not None:
            return found
        style_id = paragraph._p.style
        if style_id not in self.style_lists:  # looking a style up is slow in python-docx: once per style
            self.style_lists[style_id] = (None, 0)
            style = paragraph.style
            while style is not None:
                inherited = _num_pr_of(style.element.pPr)
                if inherited is not None:
                    self.style_lists[style_id] = inherited
                    break
                style = style.base_style
        return self.style_lists[style_id]


def _num_pr_of(ppr: etree._Element | None) -> tuple[str | None, int] | None:
    num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
    if num_pr is None:
        return None
    num_id = _val(num_pr, "numId")
    return (num_id if num_id and num_id != "0" else None), int(_val(num_pr, "ilvl") or "0")


def _val(el: etree._Element, child: str) -> str | None:
    node = el.find(f"{_W}{child}")
    return node.get(f"{_W}val") if node is not None else None


_CN = "〇一二三四五六七八九"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"


def _format(n: int, fmt: str) -> str:
    """A list number in Word's format ``fmt``.

    >>> [_format(n, "chineseCounting") for n in (1, 10, 12, 20, 35)]
    ['一', '十', '十二', '二十', '三十五']
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting") and 0 < n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return _HEAVENLY[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalEnclosedCircleChinese" or fmt == "decimalEnclosedCircle":
        return chr(0x245F + n) if 0 < n <= 20 else str(n)
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(n)
