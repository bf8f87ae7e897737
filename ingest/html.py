"""Read a saved web page (.html/.htm) into cleaned text.

Government portals wrap a plan in navigation, scripts, share buttons and footers, and often
serve it as GB2312. The reader

* decodes: a BOM first; then strict UTF-8, because a page re-saved as UTF-8 often keeps its old
  ``gb2312`` meta and GB18030 would decode UTF-8 bytes into mojibake without an error; then the
  charset the page declares (``<meta charset>`` or ``http-equiv`` content-type; GB2312/GBK are
  read as GB18030, their superset); then the plain-text rules of ``ingest.read.decode``;
* drops what a reader never sees as the document: scripts, styles, forms' controls, hidden
  elements, ``<nav>``/``<aside>``, page ``<header>``/``<footer>``, blocks whose class or id says
  nav/menu/footer/breadcrumb/share…, and blocks that are almost only links (menus, link lists);
* flattens the rest to lines: each block is a paragraph, ``<br>`` a line break, each table cell
  a paragraph. A 序号/目标名称/目标内容 table thus reads ``1`` / title / content, the layout
  ``ingest.structure`` finds goals in.

lxml parses the page: it is fast, tolerant of the broken markup portals serve, and well kept.
By default libxml2 silently drops everything nested deeper than 256 elements; the reader lifts that
limit and refuses a page nested deeper than ``MAX_DEPTH`` with an error that says so, rather than
return a page whose text has quietly gone.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from ingest.model import SourceText
from ingest.read import MAX_BYTES, check_size, decode, looks_binary, source_from_text
from policykg.errors import BinaryFileError, DecodeError, EmptyDocumentError

MEDIA_TYPE = "text/html"
# Real pages nest a few dozen elements deep. Past this the page is refused: libxml2 stops at 2048
# even with its limit lifted, and the chrome rules' work grows with depth.
MAX_DEPTH = 512

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Declared charsets we believe. A Latin-1/ASCII declaration on a Chinese page is far more often a
# template default than the truth, so for those the plain-text detection decides.
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312-80", "csgb2312", "chinese"}
_TRUSTED = {"big5", "big5-hkscs", "shift_jis", "euc-jp", "euc-kr", "utf-16", "utf-16le", "utf-16be"}

_DROP_TAGS = {
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "aside", "input", "select", "option", "button", "textarea", "map", "audio", "video",
}  # fmt: skip
_PAGE_PARTS = {"header", "footer"}  # dropped unless inside the article itself
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menus|breadcrumbs?|crumbs?|footer|foot|header|topbar|"
    r"sidebar|share|toolbar|copyright|banner|skip|search|login)(?:$|[\s_\d-])"
    r"|bdshare|jiathis",
    re.IGNORECASE,
)
_BLOCKS = {
    "p", "div", "section", "article", "main", "blockquote", "center", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "caption", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
    "form", "fieldset", "figure", "figcaption", "address", "hr", "body", "html",
}  # fmt: skip
_LINES = {"li", "dt", "dd"}  # a line each, no blank line between
_LINK_LISTS = {"div", "ul", "ol", "dl", "table", "tr", "td", "p", "section", "span"}
_SEPARATORS = re.compile(r"[\s|｜·•>»/\\\-–—_:：,，、.。]+")
_WS = re.compile(r"[ \t\r\n\f]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_TITLE_SPLIT = re.compile(r"\s*[-_|｜–—]+\s*")


def read_html(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText:
    """Decode, strip and flatten a web page; offsets point into the returned cleaned text."""
    check_size(data, name, max_bytes)
    text, encoding = decode_html(data, name)
    root = _parse(text, name)
    title = _page_title(root)
    _strip(root)
    body = _flatten(root)
    if title and title not in body:
        body = f"{title}\n\n{body}"
    return source_from_text(body, data, name, encoding, MEDIA_TYPE)


def decode_html(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a page's bytes; return ``(text, encoding)``.

    >>> page = '<meta charset="gb2312"><p>青岛</p>'.encode("gb2312")
    >>> decode_html(page)
    ('<meta charset="gb2312"><p>青岛</p>', 'gb18030')
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name)
    if looks_binary(data):  # NUL bytes are valid UTF-8: check before trying it
        raise BinaryFileError(f"{name}: binary data, not a web page")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared == "gb18030":  # line by line: UTF-8 lines pasted into a GB page stay readable
        return decode(data, name)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration is wrong; detect as for plain text
    return decode(data, name)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 kB, as a Python codec we trust, else None.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    >>> declared_charset(b'<meta charset="iso-8859-1">') is None
    True
    """
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in _GB:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return codec if codec in _TRUSTED else None


def _parse(text: str, name: str) -> lxml.html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
    text = _XML_DECL.sub("", text.lstrip("\ufeff"), count=1)
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if not text.strip():
            raise EmptyDocumentError(f"{name}: the page is empty") from exc
        raise DecodeError(f"{name}: not a readable HTML page ({exc})") from exc
    too_deep = any("Excessive depth" in e.message for e in parser.error_log)
    if too_deep or _depth(root) > MAX_DEPTH:
        raise DecodeError(f"{name}: HTML nested too deeply (more than {MAX_DEPTH} levels); its text cannot be read")
    return root


def _depth(root: etree._Element) -> int:
    deepest, todo = 0, [(root, 0)]
    while todo:
        el, depth = todo.pop()
        deepest = max(deepest, depth)
        todo.extend((child, depth + 1) for child in el)
    return deepest


def _page_title(root: lxml.html.HtmlElement) -> str | None:
    """The document part of ``<title>`` (``市科技局2016年度业务职能目标_青岛政务网`` -> the first part)."""
    node = root.find(".//title")
    if node is None or not node.text_content().strip():
        return None
    parts = [p for p in _TITLE_SPLIT.split(node.text_content().strip()) if p]
    return max(parts, key=len) if parts else None


def _strip(root: lxml.html.HtmlElement) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments, processing instructions
        elif _is_chrome(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            _drop(el)
    # Link lists after the named chrome: a menu inside a kept wrapper is judged on its own.
    for el in [e for e in root.iter(*_LINK_LISTS) if _mostly_links(e)]:
        if el.getparent() is not None:
            _drop(el)


def _drop(el: etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it (its tail)."""
    parent = el.getparent()
    assert parent is not None
    tail = el.tail or ""
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_chrome(el: lxml.html.HtmlElement) -> bool:
    tag = el.tag.lower()
    if tag in _DROP_TAGS:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if el.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style:
        return True
    if tag in ("body", "html", "main", "article"):
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if tag in _PAGE_PARTS or _CHROME_NAME.search(names):
        # An article's own header (holding its h1) is content, not page furniture.
        inside_article = any(a.tag in ("article", "main") for a in el.iterancestors())
        return not (inside_article or el.find(".//h1") is not None)
    return False


def _mostly_links(el: lxml.html.HtmlElement) -> bool:
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    link_chars = sum(len(_SEPARATORS.sub("", a.text_content())) for a in links)
    other = len(_SEPARATORS.sub("", el.text_content())) - link_chars
    return other < max(6, link_chars // 10)


class _Lines:
    """Collects inline text and turns block boundaries into line breaks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.inline: list[str] = []

    def text(self, text: str | None) -> None:
        if text:
            self.inline.append(text)

    def raw(self, text: str) -> None:
        self.flush()
        self.parts.append(text)

    def brk(self, sep: str) -> None:
        self.flush()
        self.parts.append(sep)

    def flush(self) -> None:
        if self.inline:
            self.parts.append(_collapse("".join(self.inline)))
            self.inline = []

    def result(self) -> str:
        self.flush()
        return "".join(self.parts)


def _collapse(text: str) -> str:
    """HTML white space: runs become one space, none where a source line broke between CJK."""

    def repl(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if "\n" in m.group() and _WIDE.match(before) and _WIDE.match(after):
            return ""
        return " "

    return _WS.sub(repl, text)


def _flatten(root: lxml.html.HtmlElement) -> str:
    lines = _Lines()
    _walk(root, lines)
    return lines.result()


def _walk(root: lxml.html.HtmlElement, lines: _Lines) -> None:
    """Depth first, with a stack rather than recursion: a page may nest up to ``MAX_DEPTH`` deep."""
    todo: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while todo:
        el, closing = todo.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        sep = "\n\n" if tag in _BLOCKS else "\n" if tag in _LINES else ""
        if closing:
            if sep:
                lines.brk(sep)
        elif tag == "br":
            lines.brk("\n")
        elif tag == "pre":
            lines.raw("\n\n" + el.text_content() + "\n\n")
        else:
            if sep:
                lines.brk(sep)
            lines.text(el.text)
            todo.append((el, True))
            todo.extend((child, False) for child in reversed(el))
            continue  # the tail comes when the element closes
        lines.text(el.tail)
