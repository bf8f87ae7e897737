"""Decode a source file's bytes: bytes -> decoded, cleaned text (``SourceText``); ``formats`` reads
the file from disk and picks the reader for its kind.

Decoding tries, in order: a BOM, strict UTF-8, then GB18030 (a superset of GBK and GB2312, the
encodings Chinese government portals still serve) line by line: a GB file often carries lines
pasted in as UTF-8, which GB18030 would read as other characters without complaint, so a line that
is valid UTF-8 with non-ASCII bytes is read as UTF-8 (a line of GBK text is almost never valid
UTF-8). Binary data and a line that decodes in neither are refused with one clear line naming the
line; nothing is guessed silently.
"""

from __future__ import annotations

import codecs
import hashlib

from ingest.clean import clean_text
from ingest.model import SourceText
from policykg.errors import BinaryFileError, DecodeError, EmptyDocumentError, IngestError
from policykg.settings import DEFAULT_MAX_FILE_MB, MB

MAX_BYTES = int(DEFAULT_MAX_FILE_MB * MB)  # the default limit; the setting is ``Settings.max_file_bytes``

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode bytes to text; return ``(text, encoding)``.

    >>> decode("青岛".encode("gb2312"))
    ('青岛', 'gb18030')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{name}: invalid {encoding} after its BOM at byte {exc.start}") from exc
    if looks_binary(data):
        raise BinaryFileError(f"{name}: binary data, not a text document (supported: .txt .html .pdf .docx)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        return decode_gb_lines(data, name, utf8_error.start)


def decode_gb_lines(data: bytes, name: str, utf8_error_at: int = 0) -> tuple[str, str]:
    r"""GB18030 text line by line, its UTF-8 lines as UTF-8; the encoding is ``gb18030``, or
    ``gb18030+utf-8`` when some lines were UTF-8.

    >>> decode_gb_lines("青岛\n".encode("gbk") + "科技局\n".encode("utf-8"), "plan.txt")
    ('青岛\n科技局\n', 'gb18030+utf-8')
    """
    out: list[str] = []
    utf8_lines = 0
    # bytes.splitlines cuts at \n and \r only, which are never part of a GB18030 or UTF-8 character.
    for number, line in enumerate(data.splitlines(keepends=True), 1):
        if not line.isascii():
            try:
                out.append(line.decode("utf-8"))
                utf8_lines += 1
                continue
            except UnicodeDecodeError:
                pass
        try:
            out.append(line.decode("gb18030"))
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"{name}: not valid UTF-8 (byte {utf8_error_at}) nor GB18030/GBK/GB2312 text "
                f"(line {number}, byte {exc.start} of the line)"
            ) from exc
    return "".join(out), "gb18030+utf-8" if utf8_lines else "gb18030"


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 kB: not text."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return len(head) > 0 and controls / len(head) > 0.05


def check_size(data: bytes, name: str, limit: int = MAX_BYTES) -> None:
    """Refuse empty input and input over ``limit`` bytes, before any parser sees it."""
    if not data.strip():
        raise EmptyDocumentError(f"{name}: the file is empty")
    check_limit(len(data), name, limit)


def check_limit(size: int, name: str, limit: int) -> None:
    """One line naming the limit and how to raise it.

    >>> check_limit(3 * MB, "plan.pdf", 2 * MB)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    policykg.errors.IngestError: plan.pdf: 3,145,728 bytes is over the 2 MB limit; raise it with --max-file-mb or ...
    """
    if size > limit:
        shown = f"{limit / MB:.4g} MB" if limit >= MB else f"{limit:,}-byte"
        raise IngestError(
            f"{name}: {size:,} bytes is over the {shown} limit; raise it with --max-file-mb or POLICYKG_MAX_FILE_MB"
        )


def source_from_text(text: str, data: bytes, name: str, encoding: str, media_type: str) -> SourceText:
    """Clean text a reader extracted from ``data``; every reader ends here, so offsets agree."""
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise EmptyDocumentError(f"{name}: nothing is left after removing page chrome")
    return SourceText(
        name=name,
        text=cleaned,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
    )


def read_text_bytes(data: bytes, name: str, max_bytes: int = MAX_BYTES, media_type: str = "text/plain") -> SourceText:
    """Decode and clean already-loaded bytes."""
    check_size(data, name, max_bytes)
    text, encoding = decode(data, name)
    return source_from_text(text, data, name, encoding, media_type)
