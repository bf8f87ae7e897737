"""The stored documents as records: title, issuer, year, series, the previous plan, sources."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.build import SourceFile
from graph.store import GraphStore
from queries.library import select


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    title: str
    issuer: str | None
    year: int | None
    series: str | None  # the series' IRI
    previous: str | None  # id of the series' plan of the nearest earlier year
    goals: int
    sources: tuple[SourceFile, ...]


def source_files(store: GraphStore) -> dict[str, list[SourceFile]]:
    """Every document's source files, by document id."""
    out: dict[str, list[SourceFile]] = defaultdict(list)
    for row in select(store, "document_files").records():
        path = row["path"]
        out[str(row["id"])].append(
            SourceFile(str(row["file"]), str(row["format"]), str(row["sha"]), None if path is None else str(path))
        )
    return dict(out)


def documents(store: GraphStore) -> list[DocumentRecord]:
    """Every document, by id (named queries ``documents`` and ``document_files``)."""
    files = source_files(store)
    out = []
    for row in select(store, "documents").records():
        doc_id = str(row["id"])
        year, goals = row["year"], row["goals"]
        out.append(
            DocumentRecord(
                id=doc_id,
                title=str(row["title"]),
                issuer=None if row["issuer"] is None else str(row["issuer"]),
                year=None if year is None else int(str(year)[:4]),
                series=None if row["series"] is None else str(row["series"]),
                previous=None if row["previous"] is None else str(row["previous"]),
                goals=0 if goals is None else int(str(goals)),
                sources=tuple(files.get(doc_id, ())),
            )
        )
    return out


def document(store: GraphStore, doc_id: str) -> DocumentRecord | None:
    return next((d for d in documents(store) if d.id == doc_id), None)
