"""Embedded on-disk store: Oxigraph (RocksDB), the default backend.

Writers open the store read-write (RocksDB allows one such process); every reader opens it
read-only and sees the snapshot of its opening — reopen to see later ingests. Replacing a
document is one SPARQL update, which Oxigraph applies as one transaction: a crash leaves the
old graph or the new one, never a mix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.bindings import bind_values, syntax_error
from graph.convert import from_ox
from graph.results import QueryOutcome, SelectResult, Term
from graph.vocab import PREFIXES
from policykg.errors import StoreError, StoreLockedError


class OxigraphStore:
    def __init__(self, path: Path, *, write: bool = False) -> None:
        self.location = str(path)
        self.writable = write
        try:
            if write:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
            elif not (path / "CURRENT").exists():
                raise StoreError(f"no graph store at {path}; run `policykg ingest` first")
            else:
                self._store = ox.Store.read_only(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                # RocksDB's own lock fires before graph.lock's: say the same thing, as the same error.
                raise StoreLockedError(
                    f"another policykg process is writing to {path}; wait for it to finish and try again"
                ) from exc
            raise StoreError(f"cannot open the graph store at {path}: {exc}") from exc

    def replace_document(self, document: URIRef, graph: Graph) -> None:
        body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        update = f"DROP SILENT GRAPH <{document}> ;\nINSERT DATA {{ GRAPH <{document}> {{\n{body}\n}} }}"
        self._store.update(update)
        self._store.flush()

    def remove_document(self, document: URIRef) -> bool:
        node = ox.NamedNode(str(document))
        if not self._store.contains_named_graph(node):
            return False
        self._store.update(f"DROP GRAPH <{document}>")
        self._store.flush()
        return True

    def documents(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryOutcome:
        try:
            result = self._store.query(
                bind_values(sparql, bindings), prefixes=PREFIXES, use_default_graph_as_union=True
            )
        except SyntaxError as exc:
            raise syntax_error(str(exc)) from exc
        except (OSError, RuntimeError) as exc:
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
                rows.append(tuple(None if solution[i] is None else from_ox(solution[i]) for i in range(len(names))))
            return SelectResult(names, tuple(rows), truncated)
        graph = Graph()
        assert isinstance(result, ox.QueryTriples)
        for i, triple in enumerate(result):
            if max_rows is not None and i >= max_rows:
                break
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
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
        return len(self._store)

    def close(self) -> None:
        if self.writable:
            self._store.flush()
        del self._store
