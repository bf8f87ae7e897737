"""Which reader handles which file: one function per format, chosen by suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.model import SourceText
from policykg.errors import IngestError

Reader = Callable[[bytes, str], SourceText]


def _text(data: bytes, name: str) -> SourceText:
    from ingest.read import read_text_bytes

    return read_text_bytes(data, name)


READERS: dict[str, Reader] = {".txt": _text, ".text": _text, ".md": _text}


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
