"""The worker's wire format: what pyoxigraph answers in the worker is what the parent reads."""

from __future__ import annotations

import pickle
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph.convert import from_ox
from graph.results import SelectResult
from graph.store import open_store
from policykg.errors import QueryError, QuerySyntaxError, StoreError
from queries import wire

TERMS = [
    ox.NamedNode("https://x.org/中"),
    ox.BlankNode("b0"),
    ox.Literal("plain"),
    ox.Literal("元", language="zh"),
    ox.Literal("7", datatype=ox.NamedNode(str(XSD.integer))),
    ox.Literal("2016-11-02", datatype=ox.NamedNode(str(XSD.date))),
]


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_a_term_crosses_as_the_store_itself_reads_it(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
    encoded = pickle.loads(pickle.dumps(wire.encode(term)))
    assert wire.decode(encoded) == from_ox(term)
    assert wire.to_ox(encoded) == term


def _answer(sparql: str, max_rows: int | None = None) -> object:
    store = ox.Store()
    s, p = ox.NamedNode("https://x.org/s"), ox.NamedNode("https://x.org/p")
    for o in (ox.Literal("元", language="zh"), ox.Literal("7", datatype=ox.NamedNode(str(XSD.integer)))):
        store.add(ox.Quad(s, p, o))
    try:
        reply = wire.reply(store.query(sparql), max_rows)
    except SyntaxError as exc:
        reply = wire.error("syntax", str(exc))
    return wire.outcome(pickle.loads(pickle.dumps(reply)))


def test_replies_of_every_form() -> None:
    rows = _answer("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o")
    assert isinstance(rows, SelectResult) and rows.variables == ("s", "o", "none")
    assert set(rows.rows) == {
        (URIRef("https://x.org/s"), Literal("元", lang="zh"), None),
        (URIRef("https://x.org/s"), Literal(7), None),
    }
    cut = _answer("SELECT ?o WHERE { ?s ?p ?o }", max_rows=1)
    assert isinstance(cut, SelectResult) and len(cut.rows) == 1 and cut.truncated
    assert _answer("ASK { ?s ?p 7 }") is True
    graph = _answer("CONSTRUCT { ?s <https://x.org/q> ?o } WHERE { ?s ?p ?o }")
    assert isinstance(graph, Graph) and len(graph) == 2
    assert (URIRef("https://x.org/s"), URIRef("https://x.org/q"), Literal("元", lang="zh")) in graph


def test_errors_in_replies_are_raised_as_policykg_errors() -> None:
    with pytest.raises(QuerySyntaxError, match="malformed SPARQL"):
        _answer("SELECT * {")
    with pytest.raises(QueryError, match="more memory"):
        wire.outcome(wire.error("memory", "the query needs more memory than a query may use"))
    with pytest.raises(StoreError, match="query failed: disk"):
        wire.outcome(wire.error("store", "disk"))


def test_only_the_embedded_store_offers_a_worker(seed_store: str) -> None:
    embedded = open_store(Path(seed_store) / "graph")
    try:
        assert embedded.worker_location == str(Path(seed_store) / "graph")
    finally:
        embedded.close()
    assert open_store(":memory:").worker_location is None
