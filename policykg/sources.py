"""Which document id a source file gets, and the list of source files kept beside the graph.

A document's id is its file stem (``plan`` for ``a/plan.txt``), so links and scripts keep
working; two different files never share one. Each document records the path of the file it
came from (``pkg:sourcePath``, resolved) and its SHA-256, and a file is matched to a stored
document in this order:

1. the document recorded from this very path: updated in place, whatever its bytes now;
2. a document of the same file name with the same bytes: the file was moved or copied;
3. a document of the same file name whose recorded file is gone (moved and edited, or an app
   upload, written to a temporary folder) or that predates recorded paths;
4. otherwise a new id: the stem, or on a clash the stem suffixed ``-2``, ``-3``, …

Before a file gets a new id, ``policykg.copies`` asks whether it is another copy of a stored plan
(the same text in another format or encoding); such a file becomes another source of that
document instead (``dcterms:source``), and the document keeps the id of its first file.

``sources.json`` in the store folder lists every source file's document id, path and SHA-256. It is rewritten
after each ingest and removal, outside the graph, so that ``policykg repair`` can rebuild a graph
that no longer opens from the files it was made of.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from graph.store import GraphStore
from ingest.parse import document_id
from policykg.atomic import write_bytes_atomic
from queries import library

LEDGER = "sources.json"


@dataclass(frozen=True)
class Source:
    id: str
    file: str  # the file name, as pkg:sourceFile
    sha256: str
    path: str | None  # resolved path; None for a document ingested before paths were recorded


def stored_sources(store: GraphStore) -> dict[str, Source]:
    """Every stored document's source, by id."""
    result = library.select(store, "document_sources")
    out: dict[str, Source] = {}
    for row in result.records():
        path = row["path"]
        out[str(row["id"])] = Source(
            str(row["id"]), str(row["file"]), str(row["sha"]), None if path is None else str(path)
        )
    return out


def source_path(path: Path) -> str:
    return str(path.resolve())


def id_for(path: Path, sha256: str, sources: Mapping[str, Source]) -> str:
    """The id the file at ``path`` (with these bytes) gets among the stored ``sources``."""
    here, stem = source_path(path), document_id(path.name)
    for source in sources.values():
        if source.path == here:
            return source.id
    family = re.compile(re.escape(stem) + r"(-[0-9]+)?")
    namesakes = sorted(
        (s for s in sources.values() if s.file == path.name and family.fullmatch(s.id)), key=lambda s: _order(s.id)
    )
    for source in namesakes:
        if source.sha256 == sha256:
            return source.id
    for source in namesakes:
        if source.path is None or not Path(source.path).exists():
            return source.id
    n = 1
    while (candidate := stem if n == 1 else f"{stem}-{n}") in sources:
        n += 1
    return candidate


def _order(doc_id: str) -> int:
    suffix = doc_id.rpartition("-")[2]
    return int(suffix) if suffix.isdigit() else 1


def write_ledger(folder: Path, sources: Iterable[Source]) -> None:
    """``sources.json`` in the store folder: the documents' source files, for ``policykg repair``."""
    rows = [asdict(s) for s in sorted(sources, key=lambda s: (s.id, s.file, s.sha256))]
    write_bytes_atomic(folder / LEDGER, (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def read_ledger(folder: Path) -> list[Source] | None:
    """The sources ``write_ledger`` listed; None when there is no readable list."""
    try:
        rows = json.loads((folder / LEDGER).read_text(encoding="utf-8"))
        return [Source(**row) for row in rows]
    except (OSError, ValueError, TypeError):
        return None
