"""Terms between pyoxigraph and rdflib (rdflib is the lingua franca of the rest of policykg)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.results import Term, Triples

_PLAIN = {str(XSD.string), str(RDF.langString)}


def from_ox(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype in _PLAIN else URIRef(datatype))
    raise TypeError(f"unsupported RDF term {term!r}")


# Query answers repeat a graph's vocabulary (documents, goals, entities, numbers), and rdflib's
# Literal constructor costs 5-13 µs: answers convert through a bounded cache (a few MB when full).
# Whole-store exports use ``from_ox`` itself, so they do not churn it.
cached_from_ox = lru_cache(maxsize=1 << 16)(from_ox)


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def as_graph(triples: Triples) -> Graph:
    """An rdflib graph of ``triples`` (itself when it is one already)."""
    if isinstance(triples, Graph):
        return triples
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def skolemized(document: URIRef, triples: Triples) -> Triples:
    """``triples`` with each blank node as an IRI under the document's (``…/genid/<label>``).

    The embedded store mirrors every document's triples into the default graph and deletes them
    again on replacement; a blank node cannot be named in a later delete, so it would stay behind.
    Graphs built by ingest hold no blank nodes and pass through untouched.
    """
    if not any(isinstance(term, BNode) for triple in triples for term in triple):
        return triples

    def named(term: Any) -> Any:
        return URIRef(f"{document}/genid/{term}") if isinstance(term, BNode) else term

    return [(named(s), named(p), named(o)) for s, p, o in triples]
