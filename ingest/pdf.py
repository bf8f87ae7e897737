"""Read a text PDF into cleaned text.

pypdf extracts the text layer page by page (pure Python, well kept, maps CJK glyphs back to
Unicode through the fonts' ToUnicode tables). A PDF lays a paragraph out as visual lines, so
lines that were wrapped only to fit the page are joined again: a line as wide as the page's
body text that does not end a sentence continues on the next line unless that one starts a
heading. Without this, names and sentences broken across lines would be split into pieces.

Refused with one line each: files that are not PDFs, PDFs that need a password, PDFs with no
text layer (scanned pages: run OCR first), and PDFs over ``MAX_PAGES`` pages.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from ingest.model import SourceText
from ingest.read import MAX_BYTES, check_size, source_from_text
from policykg.errors import IngestError

MEDIA_TYPE = "application/pdf"
MAX_PAGES = 2000
_ENDS_SENTENCE = set("。！？；：!?;:”’」』）)》")
_STARTS_BLOCK = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}(?:[.．、](?!\d)|$)|第[一二三四五六七八九十百\d]+[章节条])"
)
_FULL_LINE = 0.85  # a line this close to the body width was probably wrapped
_MIN_BODY = 40  # display width (CJK = 2) of the narrowest body text we unwrap: 20 characters


def read_pdf(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText:
    """Extract, unwrap and clean a PDF's text layer."""
    check_size(data, name, max_bytes)
    if b"%PDF-" not in data[:1024]:
        raise IngestError(f"{name}: not a PDF file (no %PDF header)")
    pages = _page_texts(data, name)
    text = "\n\n".join(_unwrap(page) for page in _drop_page_furniture(pages))
    if len("".join(text.split())) < 10:
        raise IngestError(
            f"{name}: the PDF has no text layer ({len(pages)} page(s), scanned or image-only); run OCR on it first"
        )
    return source_from_text(text, data, name, "pdf", MEDIA_TYPE)


def _page_texts(data: bytes, name: str) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise IngestError(f"{name}: the PDF is encrypted with a password; ingest an unprotected copy")
        if len(reader.pages) > MAX_PAGES:
            raise IngestError(f"{name}: {len(reader.pages)} pages is over the {MAX_PAGES}-page limit")
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError(f"{name}: the PDF is encrypted with a password; ingest an unprotected copy") from exc
    except DependencyError as exc:
        raise IngestError(f"{name}: cannot decrypt this PDF ({exc})") from exc
    except PdfReadError as exc:
        raise IngestError(f"{name}: damaged or unreadable PDF ({exc})") from exc
    except Exception as exc:  # pypdf raises many kinds on malformed files; map them at the border
        raise IngestError(f"{name}: cannot read this PDF ({type(exc).__name__}: {exc})") from exc


def _drop_page_furniture(pages: list[str]) -> list[str]:
    """Remove, at a page's top or bottom only, bare page numbers and a line repeated at the edge
    of most pages (a document number, a site name). A bare number must go: ``structure`` would
    read ``2`` on its own line as the number of a goal."""
    split = [[line.strip() for line in page.split("\n")] for page in pages]
    edges = [_edges(lines) for lines in split]
    counts: Counter[str] = Counter()
    for lines, ends in zip(split, edges, strict=True):
        counts.update({lines[i] for i in ends})
    running = {line for line, k in counts.items() if len(pages) >= 3 and k >= max(3, len(pages) // 2 + 1)}
    out = []
    for n, (lines, ends) in enumerate(zip(split, edges, strict=True), start=1):
        furniture = running | {str(n), f"{n}/{len(pages)}", f"{n} / {len(pages)}"}
        out.append("\n".join(line for i, line in enumerate(lines) if not (i in ends and line in furniture)))
    return out


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the first and last non-empty line."""
    filled = [i for i, line in enumerate(lines) if line]
    return {filled[0], filled[-1]} if filled else set()


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _unwrap(page: str) -> str:
    """Join lines the layout wrapped; keep lines that end a sentence or start a heading.

    >>> body = "推进中国科学院海洋研究所青岛基地建设，加快"
    >>> _unwrap(f"一、加强合作\\n{body}\\n海洋装备研发，全年新增10家以上企业研发平台\\n合作。\\n二、优化服务")
    '一、加强合作\\n推进中国科学院海洋研究所青岛基地建设，加快海洋装备研发，全年新增10家以上企业研发平台合作。\\n二、优化服务'
    """
    lines = [line.strip() for line in page.split("\n")]
    widths = [_width(line) for line in lines]
    body = max(widths, default=0)
    # Only a page with at least two lines of (about) body width has wrapped paragraphs.
    if body < _MIN_BODY or sum(1 for w in widths if w >= _FULL_LINE * body) < 2:
        return "\n".join(lines)
    out: list[str] = []
    previous = ""  # the previous visual line, before any joining
    for line in lines:
        if out and previous and line and _wrapped(previous, body) and not _STARTS_BLOCK.match(line):
            glue = " " if previous[-1].isascii() and previous[-1].isalnum() and line[0].isascii() else ""
            out[-1] += glue + line
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


def _wrapped(line: str, body: int) -> bool:
    return _width(line) >= _FULL_LINE * body and line[-1] not in _ENDS_SENTENCE
