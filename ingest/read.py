"""Decode a source file's bytes: bytes -> decoded, cleaned text (``SourceText``); ``formats`` reads
the file from disk and picks the reader for its kind.

Decoding tries, in order: a BOM, strict UTF-8, then GB18030 (a superset of GBK and GB2312, the
encodings Chinese government portals still serve). Binary data and text that decodes in none of
them are refused with one clear line; nothing is guessed silently.
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
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise DecodeError(
                f"{name}: not valid UTF-8 (byte {utf8_error.start}) nor GB18030/GBK/GB2312 text"
            ) from utf8_error


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
