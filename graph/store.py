"""The graph store interface, and the factory that picks a backend from the store setting.

Backends (one file each): ``oxigraph_store`` — embedded, on disk, the default;
``memory_store`` — rdflib in memory (tests and benchmarks' baseline); a remote SPARQL 1.1
server is selected with a ``sparql+http://…`` location.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from rdflib import Graph, URIRef

from graph.results import QueryOutcome, SelectResult, Term, Triples
from policykg.errors import ConfigError


class GraphStore(Protocol):
    """Named graphs, one per source document, and read-only SPARQL over their union.

    Code that knows its query's form calls ``select``, ``ask`` or ``construct``; ``query`` answers
    whatever form a user's query has (the runner, the endpoint) and the caller dispatches on it.
    """

    location: str
    # A folder that a separate process can open read-only to answer a query (the embedded store):
    # the runner then runs user queries there and kills the process at the time limit. None where
    # queries are answered in this process (in memory; a remote server bounds its own by timeout).
    worker_location: str | None

    def replace_document(self, document: URIRef, graph: Triples) -> None:
        """Atomically replace the document's named graph with ``graph`` (an rdflib graph or a set of triples)."""

    def remove_document(self, document: URIRef) -> bool:
        """Delete the document's named graph; False when there was none."""

    def documents(self) -> list[URIRef]:
        """IRIs of the documents' named graphs."""

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryOutcome:
        """Run a read-only query of any form over the union of all documents' graphs."""

    def select(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> SelectResult:
        """Run a SELECT query; ``QueryError`` if ``sparql`` is of another form."""

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        """Run an ASK query; ``QueryError`` if ``sparql`` is of another form."""

    def construct(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; ``QueryError`` if ``sparql`` is of another form."""

    def quads(self) -> Iterator[tuple[Term, Term, Term, URIRef]]:
        """Every quad, for export."""

    def __len__(self) -> int:
        """Number of quads."""

    def compact(self) -> None:
        """Reorganise the storage for fast reads after a large write (a no-op where the backend
        or its server manages that itself)."""

    def close(self) -> None: ...


def open_store(location: str | Path, *, write: bool = False) -> GraphStore:
    """Open the store at ``location``: a folder (embedded) or ``sparql+http(s)://…`` (remote)."""
    text = str(location)
    if text.startswith(("sparql+http://", "sparql+https://")):
        try:
            from graph.remote_store import RemoteStore
        except ImportError as exc:  # the remote backend is optional
            raise ConfigError(f"the remote SPARQL store is not available: {exc}") from exc
        return RemoteStore(text.removeprefix("sparql+"))
    if text == ":memory:":
        from graph.memory_store import MemoryStore

        return MemoryStore()
    from graph.oxigraph_store import OxigraphStore

    return OxigraphStore(Path(text), write=write)
