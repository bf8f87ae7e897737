"""What crosses the pipe between the runner and a query worker: requests, replies and RDF terms.

Both sides read this one module: the worker (``queries.worker``) builds replies from pyoxigraph's
answers, the parent (``queries.runner``) turns them into rdflib terms and results, and raises the
errors they carry. A term travels as a tuple of strings (``encode``): ``("u", iri)``,
``("b", label)`` or ``("l", value, language, datatype)``, where a plain string's datatype and a
language string's are left empty; so neither side needs the other's term classes.

Request ``(sparql, prefixes, substitutions, max_rows, max_bytes)``; reply ``("select", names, terms,
rows, cut)``, ``("ask", bool)``, ``("graph", terms, triples, cut)`` or ``("error", kind, message)``;
``cut`` is ``""`` for a whole answer, ``"rows"`` or ``"bytes"`` for one cut at that limit. The
bytes are the answer's cells as they will be written out (each term's text in UTF-8, per cell,
repeats included): the worker's memory cap does not bound what the parent builds from a reply,
so the worker stops collecting once the cells pass ``max_bytes``. ``terms`` holds each distinct
term of the reply once; a row or triple refers to them by position (None: unbound). Answers
repeat their terms (a goal's document, an institution in every row), so the reply is about half
the size of one with a tuple per cell, and the parent builds each term once.

The worker imports this module before it answers its first query, and starts without rdflib: the
parent's side imports rdflib and policykg's errors inside its functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from graph.results import QueryOutcome

Encoded = tuple[str, ...]
Request = tuple[str, dict[str, str], dict[str, Encoded], int | None, int | None]
CELL_OVERHEAD = 16  # bytes a written cell adds to its term's text (quotes, a datatype IRI's share)

_PLAIN = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def request(sparql: str, prefixes: Mapping[str, str], max_rows: int | None, max_bytes: int | None = None) -> Request:
    """A query for the worker; its values are already bound in its text (``graph.bindings``)."""
    return (sparql, dict(prefixes), {}, max_rows, max_bytes)


def size(term: Encoded) -> int:
    """About how many bytes ``term`` takes written out: its text and tag in UTF-8 (at most 3 bytes a character)."""
    text = term[1] if term[0] != "l" else term[1] + term[2] + term[3]
    return CELL_OVERHEAD + (len(text) if text.isascii() else 3 * len(text))


# --- the worker's side: pyoxigraph terms --------------------------------------------------------


def encode(term: Any) -> Encoded | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("l", term.value, term.language, "")
        datatype = term.datatype.value
        return ("l", term.value, "", "" if datatype in _PLAIN else datatype)
    return ("l", str(term), "", "")  # RDF-star triple terms: shown as text


def to_ox(term: Encoded) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A request's substitution as the worker's pyoxigraph term."""
    if term[0] == "u":
        return ox.NamedNode(term[1])
    if term[0] == "b":
        return ox.BlankNode(term[1])
    _, value, language, datatype = term
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


class TermTable:
    """The distinct terms of one reply, each encoded once; rows hold their positions.

    ``bytes`` counts every cell written out (a term repeated in 1,000 rows counts 1,000 times).
    """

    def __init__(self) -> None:
        self.terms: list[Encoded] = []
        self._index: dict[Any, int] = {}
        self._sizes: list[int] = []
        self.bytes = 0

    def refs(self, values: Iterable[Any]) -> tuple[int | None, ...]:
        index = self._index
        out: list[int | None] = []
        for value in values:
            if value is None:
                out.append(None)
                continue
            position = index.get(value)
            if position is None:
                position = index[value] = len(self.terms)
                encoded = encode(value)
                assert encoded is not None
                self.terms.append(encoded)
                self._sizes.append(size(encoded))
            self.bytes += self._sizes[position]
            out.append(position)
        return tuple(out)


def reply(result: Any, max_rows: int | None, max_bytes: int | None = None) -> tuple:
    """The reply to one query: pyoxigraph's answer, cut at ``max_rows`` rows or triples or once its
    cells pass ``max_bytes``."""
    if isinstance(result, ox.QueryBoolean):
        return ("ask", bool(result))
    table = TermTable()
    rows: list[tuple[int | None, ...]] = []
    cut = ""
    solutions = isinstance(result, ox.QuerySolutions)
    for item in result:
        if max_rows is not None and len(rows) >= max_rows:
            cut = "rows"
            break
        known = len(table.terms)
        row = table.refs(item if solutions else (item.subject, item.predicate, item.object))
        if max_bytes is not None and table.bytes > max_bytes:
            cut = "bytes"  # this row and its new terms are left out: the reply stays under the limit
            del table.terms[known:]
            break
        rows.append(row)
    if solutions:
        return ("select", [v.value for v in result.variables], table.terms, rows, cut)
    return ("graph", table.terms, rows, cut)


def error(kind: str, message: str) -> tuple[str, str, str]:
    """A query the worker could not answer: ``syntax``, ``memory`` or ``store``."""
    return ("error", kind, message)


# --- the parent's side: rdflib terms ------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # answers repeat the graph's vocabulary, and rdflib's Literal is slow
def decode(term: Encoded) -> Any:
    from rdflib import BNode, Literal, URIRef

    if term[0] == "u":
        return URIRef(term[1])
    if term[0] == "b":
        return BNode(term[1])
    _, value, language, datatype = term
    return Literal(value, lang=language or None, datatype=URIRef(datatype) if datatype else None)


def outcome(answer: tuple) -> QueryOutcome:
    """The result a reply carries, in rdflib terms; the error it carries, raised."""
    from graph.results import GraphAnswer, SelectResult

    if answer[0] == "error":
        raise _error(answer[1], answer[2])
    if answer[0] == "ask":
        return bool(answer[1])
    if answer[0] == "select":
        _, names, table, positions, cut = answer
        terms = [decode(t) for t in table]
        rows = tuple(tuple(None if i is None else terms[i] for i in row) for row in positions)
        return SelectResult(tuple(names), rows, bool(cut), cut or "rows")
    _, table, positions, cut = answer
    terms = [decode(t) for t in table]
    graph = GraphAnswer()
    graph.cut_by = cut
    for s, p, o in positions:
        graph.add((terms[s], terms[p], terms[o]))
    return graph


def _error(kind: str, message: str) -> Exception:
    from graph.bindings import syntax_error
    from policykg.errors import QueryError, StoreError

    if kind == "syntax":
        return syntax_error(message)
    if kind == "memory":
        return QueryError(message)
    return StoreError(f"query failed: {message}")
