"""One file through every ingest stage: read -> parse -> extract -> resolve."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ingest.extract import extract
from ingest.formats import read_source, supported_suffixes
from ingest.gazetteer import Gazetteer, load_gazetteer
from ingest.model import ResolvedDocument, SourceText
from ingest.parse import parse
from ingest.read import MAX_BYTES
from ingest.resolve import resolve
from policykg.errors import IngestError


def process_source(source: SourceText, gazetteer: Gazetteer | None = None) -> ResolvedDocument:
    document = parse(source)
    return resolve(document, extract(document, gazetteer), gazetteer)


def process_file(path: Path, gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES) -> ResolvedDocument:
    """Read one file (refused over ``max_bytes``) and take it through every stage, in this process;
    ``ingest.worker`` runs it in a worker process under a time limit."""
    return process_source(read_source(path, max_bytes), gazetteer)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files to ingest: the files given, and supported files found recursively in folders given."""
    suffixes = set(supported_suffixes())
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes))
        elif path.exists():
            out.append(path)
        else:
            raise IngestError(f"{path}: no such file or folder")
    return out


__all__ = ["expand_paths", "load_gazetteer", "process_file", "process_source"]
