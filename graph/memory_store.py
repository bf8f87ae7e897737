"""rdflib in memory: no persistence. The baseline in benchmarks, and handy in notebooks.

rdflib would fetch the graphs a query names in ``FROM``/``FROM NAMED`` from the web (or a local
file); here they name graphs of the store, as in Oxigraph, so a query makes no request. SERVICE,
which rdflib evaluates with urllib, is refused before a user's query gets here (``queries.safety``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import rdflib.plugins.sparql
from rdflib import Dataset, URIRef
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Variable

from graph.forms import QueryForms
from graph.results import QueryOutcome, SelectResult, Term, Triples
from graph.vocab import ONTOLOGY, PREFIXES
from policykg.errors import QuerySyntaxError

rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <iri> names a graph of the store, never fetches it


class MemoryStore(QueryForms):
    def __init__(self) -> None:
        self.location = ":memory:"
        self.worker_location: str | None = None  # no other process can see this memory
        self._dataset = Dataset(default_union=True)

    def replace_document(self, document: URIRef, graph: Triples) -> None:
        self._dataset.remove_graph(document)
        named = self._dataset.graph(document)
        for triple in graph:
            named.add(triple)

    def remove_document(self, document: URIRef) -> bool:
        present = document in self.documents()
        self._dataset.remove_graph(document)
        return present

    def documents(self) -> list[URIRef]:
        return sorted(
            g.identifier
            for g in self._dataset.graphs()
            if isinstance(g.identifier, URIRef)
            and g.identifier not in (URIRef("urn:x-rdflib:default"), ONTOLOGY)  # the ontology is no document
            and len(g)
        )

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryOutcome:
        try:
            parseQuery(sparql)
        except Exception as exc:  # pyparsing's ParseException carries the position
            raise QuerySyntaxError(f"malformed SPARQL: {exc}") from exc
        result = self._dataset.query(
            sparql, initNs=PREFIXES, initBindings={Variable(k): v for k, v in (bindings or {}).items()}
        )
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return result.graph
        names = tuple(str(v) for v in result.vars or ())
        rows: list[tuple[Term | None, ...]] = []
        for i, row in enumerate(result):
            if max_rows is not None and i >= max_rows:
                return SelectResult(names, tuple(rows), truncated=True)
            rows.append(tuple(row))  # type: ignore[arg-type]  # rdflib types rows as Node
        return SelectResult(names, tuple(rows))

    def quads(self) -> Iterator[tuple[Term, Term, Term, URIRef]]:
        for s, p, o, g in self._dataset.quads():
            if isinstance(g, URIRef):
                yield s, p, o, g  # type: ignore[misc]

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    def compact(self) -> None:
        pass  # rdflib memory has nothing to compact

    def close(self) -> None:
        pass
