"""Which reader handles which file: one function per format, chosen by suffix.

Every reader takes the file's bytes, name and size limit (``Settings.max_file_bytes``) and returns
a ``SourceText`` whose text went through ``ingest.clean`` (so all offsets point into the same
cleaned text), or raises an ``IngestError`` with one line. The libraries behind HTML, PDF and DOCX
are imported when a file of that kind is first read, so reading plain text never loads them.
``read_source`` reads a file from disk with its reader.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol

from ingest.model import SourceText
from ingest.read import MAX_BYTES, check_limit, read_text_bytes
from policykg.errors import IngestError


class Reader(Protocol):
    def __call__(self, data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText: ...


def _text(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText:
    return read_text_bytes(data, name, max_bytes)


def _lazy(module: str, function: str, package: str) -> Reader:
    def read(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText:
        try:
            reader: Reader = getattr(importlib.import_module(module), function)
        except ImportError as exc:
            raise IngestError(
                f"{name}: reading this format needs the {package} package: pip install {package}"
            ) from exc
        return reader(data, name, max_bytes)

    return read


_html = _lazy("ingest.html", "read_html", "lxml")
_pdf = _lazy("ingest.pdf", "read_pdf", "pypdf")
_docx = _lazy("ingest.docx", "read_docx", "python-docx")

READERS: dict[str, Reader] = {
    ".txt": _text,
    ".text": _text,
    ".md": _text,
    ".html": _html,
    ".htm": _html,
    ".xhtml": _html,
    ".shtml": _html,
    ".pdf": _pdf,
    ".docx": _docx,
}


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    try:
        return READERS[suffix]
    except KeyError:
        raise IngestError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; supported: {' '.join(supported_suffixes())}"
        ) from None


def read_source(path: Path, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one file from disk with the reader registered for its suffix; files over
    ``max_bytes`` are refused before they are read into memory."""
    reader = reader_for(path)
    try:
        check_limit(path.stat().st_size, path.name, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise IngestError(f"{path}: is a folder; pass the files inside it") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from exc
    return reader(data, path.name, max_bytes)
