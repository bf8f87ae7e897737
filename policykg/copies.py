"""Copies of one plan: a stored document read from several files, and its series links.

A file whose text is a near-duplicate of a stored document's (``ingest.fingerprint``: the same
letters, or a MinHash similarity of at least ``NEAR_DUPLICATE``) is another source of that
document: its file node joins the document's named graph and nothing else changes. The
document's facts come from its first file (its primary source, whose name, SHA-256 and path the
document itself carries); removing that file promotes the next one.

The series links (``prov:wasRevisionOf``) are kept after each ingest and removal: each plan of a
series points to the series' plan of the nearest earlier year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rdflib import Literal, URIRef

from graph.build import SourceFile, source_triples
from graph.iri import PKG, document_iri, source_iri
from graph.results import Triple
from graph.store import GraphStore
from graph.vocab import DCTERMS, PROV
from ingest.fingerprint import NEAR_DUPLICATE, fingerprint, minhash, similarity
from queries import library
from queries.documents import documents


def signatures(store: GraphStore) -> dict[str, tuple[str, str]]:
    """Every document's (fingerprint, MinHash), by id."""
    return {
        str(r["id"]): (str(r["fingerprint"]), str(r["minhash"]))
        for r in library.select(store, "document_signatures").records()
    }


def duplicate_of(text: str, stored: dict[str, tuple[str, str]]) -> str | None:
    """The stored document ``text`` is a copy of: the same fingerprint, else the most similar
    signature at or above ``NEAR_DUPLICATE``; None for a new plan."""
    exact = fingerprint(text)
    for doc_id in sorted(stored):
        if stored[doc_id][0] == exact:
            return doc_id
    signature = minhash(text)
    scored = sorted(((similarity(signature, sig), doc_id) for doc_id, (_, sig) in stored.items()), reverse=True)
    return scored[0][1] if scored and scored[0][0] >= NEAR_DUPLICATE else None


def document_graph(store: GraphStore, doc_id: str) -> set[Triple]:
    rows = library.select(store, "document_triples", document=document_iri(doc_id)).rows
    return {(s, p, o) for s, p, o in rows}  # type: ignore[misc]


def rewrite(store: GraphStore, doc_id: str, drop: Callable[[Triple], bool], add: Iterable[Triple]) -> None:
    """The document's named graph without the triples ``drop`` picks, with ``add``."""
    graph = {t for t in document_graph(store, doc_id) if not drop(t)} | set(add)
    store.replace_document(document_iri(doc_id), graph)


def add_source(store: GraphStore, doc_id: str, source: SourceFile) -> None:
    """``source`` as one more file of the document (replacing its node, by SHA-256, if there)."""
    node = source_iri(doc_id, source.sha256)
    rewrite(store, doc_id, lambda t: t[0] == node, source_triples(doc_id, source))


def drop_source(store: GraphStore, doc_id: str, source: SourceFile, files: list[SourceFile]) -> None:
    """The document without ``source``; when it was the primary one, ``files``' next becomes it."""
    d, node = document_iri(doc_id), source_iri(doc_id, source.sha256)
    rest = [f for f in files if f.sha256 != source.sha256]
    primary = {(p, o) for s, p, o in document_graph(store, doc_id) if s == d}
    is_primary = (PKG.sha256, Literal(source.sha256)) in primary
    add: set[Triple] = set()
    if is_primary and rest:
        nxt = rest[0]
        add = {(d, PKG.sourceFile, Literal(nxt.file)), (d, PKG.sha256, Literal(nxt.sha256))}
        add.add((d, DCTERMS["format"], Literal(nxt.format)))
        if nxt.path is not None:
            add.add((d, PKG.sourcePath, Literal(nxt.path)))
    replaced = {PKG.sourceFile, PKG.sha256, PKG.sourcePath, DCTERMS["format"]} if is_primary else set()

    def dropped(t: Triple) -> bool:
        return t[0] == node or t[2] == node or (t[0] == d and t[1] in replaced)

    rewrite(store, doc_id, dropped, add)


def link_series(store: GraphStore) -> list[str]:
    """Point each plan to its series' plan of the nearest earlier year; the ids relinked."""
    records = documents(store)
    by_series: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in records:
        if r.series is not None and r.year is not None:
            by_series[r.series].append((r.year, r.id))
    wanted: dict[str, str | None] = {}
    for members in by_series.values():
        members.sort()
        for year, doc_id in members:
            earlier = [m for m in members if m[0] < year]
            wanted[doc_id] = earlier[-1][1] if earlier else None
    changed = []
    for r in records:
        want = wanted.get(r.id)
        if want == r.previous:
            continue
        d = document_iri(r.id)
        add = [(d, PROV.wasRevisionOf, document_iri(want))] if want else []
        rewrite(store, r.id, lambda t, d=d: t[0] == d and t[1] == PROV.wasRevisionOf, add)  # type: ignore[misc]
        changed.append(r.id)
    return changed


def kept_links(store: GraphStore, doc_id: str, primary_path: str) -> set[Triple]:
    """What a re-read of the document's primary file keeps of its graph: the other source files
    and the series link."""
    d = document_iri(doc_id)
    graph = document_graph(store, doc_id)
    others = {
        s for s, p, o in graph if p == PKG.sourcePath and isinstance(s, URIRef) and s != d and str(o) != primary_path
    }
    return {t for t in graph if t[0] in others or (t[0] == d and (t[2] in others or t[1] == PROV.wasRevisionOf))}
