"""Binding values to a query's variables as data: a ``VALUES`` block at the top of its WHERE clause.

SPARQL 1.1 has no protocol for parameters, and pyoxigraph 0.5 substitutes only projected
variables; an inline ``VALUES`` block works with every backend. The values are RDF terms
written by their own serialiser (IRIs checked, literals escaped), so a value can never turn
into query syntax.

>>> from rdflib import Literal, URIRef
>>> bind_values('SELECT ?g WHERE { ?g pkg:involves ?i }', {"i": URIRef("https://x.org/i")})
'SELECT ?g WHERE { VALUES (?i) { (<https://x.org/i>) }\\n ?g pkg:involves ?i }'
>>> bind_values('ASK { ?s ?p "a{b" }', {"s": Literal('x" } DROP ALL #')})
'ASK { VALUES (?s) { ("x\\\\" } DROP ALL #") }\\n ?s ?p "a{b" }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef

from graph.results import Term
from policykg.errors import QueryError, QuerySyntaxError

_MASKED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_WHERE = re.compile(r"(?<![?$:\w])WHERE(?![\w:-])", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def serialize_term(term: Term) -> str:
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise QueryError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a query parameter")
    raise QueryError(f"unsupported parameter value {term!r}")


def where_brace(sparql: str) -> int | None:
    """Offset of the ``{`` that opens the WHERE clause; None when there is none (DESCRIBE <x>)."""
    code = _MASKED.sub(lambda m: " " * len(m.group()), sparql)
    where = _WHERE.search(code)
    position = code.find("{", where.end() if where else 0)
    return None if position < 0 else position


def bind_values(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """``sparql`` with ``bindings`` as a one-row VALUES block joined to its WHERE clause."""
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a variable name: {name!r}")
    brace = where_brace(sparql)
    if brace is None:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(serialize_term(term) for term in bindings.values())
    return f"{sparql[: brace + 1]} VALUES ({names}) {{ ({values}) }}\n{sparql[brace + 1 :]}"


def syntax_error(message: str, limit: int = 160) -> QuerySyntaxError:
    """One short line from a parser's message, keeping its ``line:column``.

    >>> str(syntax_error("error at 1:11: expected one of " + ", ".join(["x"] * 200)))[:45]
    'malformed SPARQL: error at 1:11: expected one'
    """
    message = " ".join(message.split())
    if len(message) > limit:
        message = message[:limit].rsplit(",", 1)[0] + ", …"
    return QuerySyntaxError(f"malformed SPARQL: {message}")
