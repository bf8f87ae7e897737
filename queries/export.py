"""Exports: SPARQL results in the W3C formats and XLSX; the graph in RDF formats and GraphML.

CSV and XLSX cells that a spreadsheet would run as a formula (starting with = + - @) get a
leading apostrophe: policy text must never execute in an analyst's Excel.
"""

from __future__ import annotations

import csv
import io
from typing import Literal as TypingLiteral

from rdflib import Dataset, Graph, URIRef

from graph.results import SelectResult, to_python
from graph.store import GraphStore
from graph.vocab import PREFIXES
from policykg.errors import QueryError

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Defuse spreadsheet formula injection.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5"), neutralise(-5), neutralise("中科院")
    ("'=HYPERLINK(1)", "'-5", -5, '中科院')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def serialize_result(result: SelectResult, fmt: str) -> bytes:
    """A SELECT result as bytes in one of RESULT_FORMATS."""
    if fmt == "xlsx":
        return _xlsx(result)
    if fmt == "csv":
        return _csv(result)
    if fmt == "tsv":
        return _tsv(result)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    out = result.to_rdflib().serialize(format=fmt, encoding="utf-8")
    assert out is not None
    return out


def _csv(result: SelectResult) -> bytes:
    # The W3C SPARQL CSV format, written here so that cells can be neutralised.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else neutralise(str(term)) for term in row])
    return buffer.getvalue().encode("utf-8")


def _tsv(result: SelectResult) -> bytes:
    # The W3C SPARQL TSV format: ?names, then terms in Turtle syntax (rdflib has no TSV writer).
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else t.n3().replace("\t", "\\t") for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx(result: SelectResult) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "results"
    sheet.append(list(result.variables))
    for row in result.rows:
        sheet.append([neutralise(to_python(term)) for term in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
