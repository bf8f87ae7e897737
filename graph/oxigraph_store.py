"""Embedded on-disk store: Oxigraph (RocksDB), the default backend.

Writers open the store read-write (RocksDB allows one such process); every reader opens it
read-only and sees the snapshot of its opening — reopen to see later ingests. Adding a document
is one ``extend`` and replacing one is one SPARQL update; Oxigraph applies each as one
transaction, logged in RocksDB's write-ahead log before it returns: a crash leaves the old graph
or the new one, never a mix, and a reader opened afterwards sees it. Writes are not flushed to
table files one by one (a flush per document was a quarter of the write time); RocksDB flushes
its memtables as they fill, and ``close`` and ``compact`` flush the rest.

The default graph is kept equal to the union of the documents' named graphs, in the same
transaction as each change, and queries read it directly. Oxigraph's own union mode
(``use_default_graph_as_union``) gives the same answers but is up to 10,000× slower on some
joins at a million triples (BENCHMARKS.md, SPARQL). A triple that several documents state (an
institution's label) leaves the default graph only when the last of them goes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.bindings import bind_values, syntax_error
from graph.convert import as_graph, cached_from_ox, from_ox, skolemized, to_ox
from graph.forms import QueryForms
from graph.results import QueryOutcome, SelectResult, Term, Triples
from graph.vocab import ONTOLOGY, PREFIXES
from policykg.errors import StoreError, StoreLockedError

REPAIR = "policykg repair"


def lost_current(path: Path) -> bool:
    """RocksDB files in ``path`` but no CURRENT (the file naming the live MANIFEST): opening it for
    writing would start an empty database over the old one, whose data is then hidden, not gone."""
    if (path / "CURRENT").exists() or not path.is_dir():
        return False
    return any(p.name.startswith("MANIFEST-") or p.suffix in (".sst", ".log") for p in path.iterdir())


def damaged(path: Path, exc: Exception) -> StoreError:
    """The one line for a store RocksDB reports corrupt."""
    reason = " ".join(str(exc).split("  ")[0].split())  # RocksDB's first sentence; the rest repeats paths
    return StoreError(f"the graph store at {path} is damaged ({reason}); run `{REPAIR}`")


def _open_read_only(path: Path, tries: int = 5) -> ox.Store:
    """A read-only view of the store a writer may be compacting: RocksDB reads the file list, then
    opens the files, and a compaction can delete one in between ("No such file"); the next try
    reads the new list. Any other error, or the same one ``tries`` times, is real damage."""
    for attempt in range(tries):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "No such file" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class OxigraphStore(QueryForms):
    def __init__(self, path: Path, *, write: bool = False) -> None:
        self.location = str(path)
        self.worker_location: str | None = str(path)  # a read-only worker process opens it by path
        self.writable = write
        if lost_current(path):
            raise StoreError(
                f"the graph store at {path} has lost its CURRENT file (its data is still there); "
                f"run `{REPAIR}`: nothing is written over it until then"
            )
        try:
            if write:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
            elif not (path / "CURRENT").exists():
                raise StoreError(f"no graph store at {path}; run `policykg ingest` first")
            else:
                self._store = _open_read_only(path)
        except OSError as exc:
            if "lock" in str(exc).lower():
                # RocksDB's own lock fires before graph.lock's: say the same thing, as the same error.
                raise StoreLockedError(
                    f"another policykg process is writing to {path}; wait for it to finish and try again"
                ) from exc
            raise StoreError(f"cannot open the graph store at {path}: {exc}") from exc
        except RuntimeError as exc:  # pyoxigraph's type for RocksDB's "Corruption: …"
            raise damaged(path, exc) from exc

    def replace_document(self, document: URIRef, graph: Triples) -> None:
        graph = skolemized(document, graph)
        node = ox.NamedNode(str(document))
        if not self._store.contains_named_graph(node):
            self._add_new(node, graph)
            return
        body = as_graph(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
        new = {(t.subject, t.predicate, t.object) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
        self._apply(document, drop=self._only_here(document) - new, body=body)

    def _add_new(self, node: ox.NamedNode, graph: Triples) -> None:
        """A document not in the store yet: its quads and their default-graph mirror in one
        ``extend`` (one transaction), without the N-Triples round trip and SPARQL parse of a
        replacement: a synthetic plan's write took 0.55 of the time alone, 0.85 with both cores busy."""
        term: Any = cache(to_ox)  # subjects, predicates and objects alike: a graph repeats them

        triples = [(term(s), term(p), term(o)) for s, p, o in graph]
        quads = [ox.Quad(s, p, o, node) for s, p, o in triples]
        quads += [ox.Quad(s, p, o) for s, p, o in triples]
        try:
            self._store.extend(quads)  # pyoxigraph: all of them, or nothing
        except OSError as exc:
            raise StoreError(f"cannot write to the graph store at {self.location}: {exc}") from exc

    def remove_document(self, document: URIRef) -> bool:
        if not self._store.contains_named_graph(ox.NamedNode(str(document))):
            return False
        self._apply(document, drop=self._only_here(document), body=None)
        return True

    def _only_here(self, document: URIRef) -> set[tuple[object, object, object]]:
        """Triples of the document's graph that no other document's graph states."""
        node = ox.NamedNode(str(document))
        only: set[tuple[object, object, object]] = set()
        for quad in self._store.quads_for_pattern(None, None, None, node):
            others = self._store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
            if not any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name != node for q in others):
                only.add((quad.subject, quad.predicate, quad.object))
        return only

    def _apply(self, document: URIRef, drop: set[tuple[object, object, object]], body: str | None) -> None:
        parts = [f"DROP SILENT GRAPH <{document}>"]
        if drop:
            parts.append("DELETE DATA {\n" + "\n".join(f"{s} {p} {o} ." for s, p, o in drop) + "\n}")
        if body is not None:
            # One block for the graph and its mirror: a blank node's label is scoped to its block.
            parts.append(f"INSERT DATA {{ GRAPH <{document}> {{\n{body}\n}}\n{body}\n}}")
        self._store.update(" ;\n".join(parts))  # one update, one transaction

    def documents(self) -> list[URIRef]:
        graphs = (URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(g for g in graphs if g != ONTOLOGY)  # the ontology's graph is no document

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryOutcome:
        try:
            result = self._store.query(bind_values(sparql, bindings), prefixes=PREFIXES)
        except SyntaxError as exc:
            raise syntax_error(str(exc)) from exc
        except RuntimeError as exc:
            raise damaged(Path(self.location), exc) from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):  # ASK
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows: list[tuple[Term | None, ...]] = []
            truncated = False
            for solution in result:
                if max_rows is not None and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(tuple(None if value is None else cached_from_ox(value) for value in solution))
            return SelectResult(names, tuple(rows), truncated)
        graph = Graph()
        assert isinstance(result, ox.QueryTriples)
        for i, triple in enumerate(result):
            if max_rows is not None and i >= max_rows:
                break
            graph.add((cached_from_ox(triple.subject), cached_from_ox(triple.predicate), cached_from_ox(triple.object)))
        return graph

    def quads(self) -> Iterator[tuple[Term, Term, Term, URIRef]]:
        for quad in self._store:
            if isinstance(quad.graph_name, ox.NamedNode):
                yield (
                    from_ox(quad.subject),
                    from_ox(quad.predicate),
                    from_ox(quad.object),
                    URIRef(quad.graph_name.value),
                )

    def __len__(self) -> int:
        """Quads in the documents' graphs (the default graph only mirrors them)."""
        mirrored = sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return len(self._store) - mirrored

    def compact(self) -> None:
        """Merge RocksDB's files into one sorted run per index (``Store.optimize``): each lookup then
        seeks one file instead of several. Named queries over a bulk-written million-triple store
        take 0.53-0.79 of the time (BENCHMARKS.md, ``bench.compaction``); it costs ~10 s per
        million triples, so ingest runs it only after large batches (``policykg.corpus``)."""
        try:
            self._store.optimize()
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"cannot compact the graph store at {self.location}: {exc}") from exc

    def close(self) -> None:
        if self.writable:
            self._store.flush()
        del self._store
