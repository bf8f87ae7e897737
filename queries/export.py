"""Exports: SPARQL results in the W3C formats and XLSX; the graph in RDF formats and GraphML.

CSV, TSV and XLSX are written by ``queries.tabular``, whose formula guard keeps policy text from
ever running in an analyst's spreadsheet.
"""

from __future__ import annotations

from typing import Literal as TypingLiteral

from rdflib import Dataset, Graph, URIRef

from graph.results import SelectResult, cut_by, to_python
from graph.store import GraphStore
from graph.vocab import PREFIXES
from policykg.errors import QueryError
from queries import cut
from queries.tabular import guard as neutralise
from queries.tabular import write_table

ResultFormat = TypingLiteral["csv", "tsv", "json", "xml", "xlsx"]
GraphFormat = TypingLiteral["turtle", "nt", "nquads", "trig", "jsonld", "graphml", "gexf"]
RESULT_FORMATS: tuple[str, ...] = ("csv", "tsv", "json", "xml", "xlsx")
GRAPH_FORMATS: tuple[str, ...] = ("turtle", "nt", "nquads", "trig", "jsonld", "graphml", "gexf")
MEDIA_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


def serialize_result(result: SelectResult, fmt: str, *, bom: bool = False) -> bytes:
    """A SELECT result as bytes in one of RESULT_FORMATS; ``bom`` (CSV/TSV) for Excel.

    An answer cut at a limit says so where the format has room (``queries.cut``): a link in the
    JSON/XML head, a ``note`` sheet in XLSX; CSV/TSV have none (the caller says it beside them)."""
    by = cut_by(result)
    if fmt == "csv":  # the W3C SPARQL CSV format: plain values
        rows = (["" if t is None else str(t) for t in row] for row in result.rows)
        return write_table(result.variables, rows, "csv", bom=bom)
    if fmt == "tsv":  # the W3C SPARQL TSV format: ?names, then terms in Turtle syntax
        rows = (["" if t is None else t.n3() for t in row] for row in result.rows)
        return write_table([f"?{v}" for v in result.variables], rows, "tsv", bom=bom)
    if fmt == "xlsx":  # numbers, dates and booleans as Excel types
        note = cut.sheet_note(by, len(result.rows)) if by else None
        return write_table(result.variables, ([to_python(t) for t in row] for row in result.rows), "xlsx", note=note)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    out = result.to_rdflib().serialize(format=fmt, encoding="utf-8")
    assert out is not None
    return cut.mark(out, fmt, by) if by else out


JSONLD_CONTEXT = {prefix: iri for prefix, iri in PREFIXES.items()} | {"@language": "zh"}


def dataset(store: GraphStore) -> Dataset:
    ds = Dataset()
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    for s, p, o, g in store.quads():
        ds.graph(g).add((s, p, o))
    return ds


def serialize_graph(store: GraphStore, fmt: str) -> bytes:
    """The whole graph: named graphs kept in nquads/trig, merged in turtle/nt/jsonld."""
    if fmt in ("graphml", "gexf"):
        from queries.network import to_gexf, to_graphml

        return to_graphml(store) if fmt == "graphml" else to_gexf(store)
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"unknown graph format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    ds = dataset(store)
    if fmt in ("nquads", "trig"):
        out = ds.serialize(format=fmt, encoding="utf-8")
    else:
        merged = Graph()
        for prefix, iri in PREFIXES.items():
            merged.bind(prefix, iri)
        for s, p, o, _ in ds.quads():
            merged.add((s, p, o))
        if fmt == "jsonld":
            out = merged.serialize(format="json-ld", context=JSONLD_CONTEXT, encoding="utf-8")
        else:
            out = merged.serialize(format=fmt, encoding="utf-8")
    assert out is not None
    return out


def serialize_graph_result(graph: Graph, fmt: str) -> bytes:
    """A CONSTRUCT/DESCRIBE result."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    if fmt == "jsonld":
        out = graph.serialize(format="json-ld", context=JSONLD_CONTEXT, encoding="utf-8")
    else:
        out = graph.serialize(format=fmt if fmt != "table" else "turtle", encoding="utf-8")
    assert out is not None
    return out


__all__ = ["URIRef", "dataset", "neutralise", "serialize_graph", "serialize_graph_result", "serialize_result"]
