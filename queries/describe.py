"""Dereferenceable IRIs: the description of one entity, goal or document, for ``GET /id/…``.

A description is the resource's concise bounded description (its triples, blank nodes followed)
plus the labels of the resources it links to, so that a client shows names, not bare IRIs.

Every IRI in the graph is minted under ``graph.iri.BASE`` (``https://w3id.org/policykg/``). A
public deployment names the address it serves them at with ``POLICYKG_BASE_IRI`` (the target
of the w3id redirect, e.g. ``https://kg.example.org/policykg/``): a request path is read relative
to that base's path, so ``/policykg/id/doc/x`` there, and ``/id/doc/x`` on a bare
``policykg serve``, both name ``https://w3id.org/policykg/id/doc/x``; links in the HTML page
point at the public base.

>>> str(iri_for_path("/id/doc/x/goal/2", None))
'https://w3id.org/policykg/id/doc/x/goal/2'
>>> str(iri_for_path("/kg/id/institution/a-1", "https://kg.example.org/kg/"))
'https://w3id.org/policykg/id/institution/a-1'
>>> iri_for_path("/sparql", None) is None, iri_for_path("/id/a b", None) is None
(True, True)
>>> public_path("https://w3id.org/policykg/id/doc/x", "https://kg.example.org/kg/")
'https://kg.example.org/kg/id/doc/x'
"""

from __future__ import annotations

import re
import urllib.parse

from rdflib import Graph, URIRef

from graph.iri import BASE
from graph.store import GraphStore
from policykg.errors import ConfigError
from queries.runner import run_query

ID_PATH = "id/"  # what of a path names a resource: ``id/…`` below the base
# An IRI path as RFC 3987 allows it, percent escapes included; nothing that would break out of <…>.
_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/%-]+")

DESCRIPTION = """CONSTRUCT { ?iri ?p ?o . ?o ?bp ?bo . ?o ?lp ?label . }
WHERE {
  { ?iri ?p ?o . OPTIONAL { ?o ?bp ?bo FILTER(isBlank(?o)) } }
  UNION
  { ?iri ?p ?o FILTER(isIRI(?o)) VALUES ?lp { skos:prefLabel rdfs:label dcterms:title } ?o ?lp ?label }
}"""


def check_base(base: str | None) -> str | None:
    """The public base, validated: an absolute http(s) IRI ending in ``/``; ``ConfigError`` else."""
    if base is None:
        return None
    parsed = urllib.parse.urlsplit(base)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or not base.endswith("/") or parsed.query:
        raise ConfigError(f"POLICYKG_BASE_IRI={base!r} must be an http(s) IRI ending in / (https://kg.example.org/)")
    return base


def _base_path(public_base: str | None) -> str:
    return urllib.parse.urlsplit(public_base).path if public_base else "/"


def iri_for_path(path: str, public_base: str | None) -> URIRef | None:
    """The graph IRI a request path names, or None when it names none (``/sparql``, ``/``, junk)."""
    for prefix in dict.fromkeys((_base_path(public_base), "/", urllib.parse.urlsplit(BASE).path)):
        if path.startswith(prefix) and path[len(prefix) :].startswith(ID_PATH):
            rest = path[len(prefix) :]
            if len(rest) > len(ID_PATH) and _PATH.fullmatch(rest) and ".." not in rest.split("/"):
                return URIRef(BASE + rest)
            return None
    return None


def public_path(iri: str, public_base: str | None) -> str | None:
    """Where a graph IRI is served: under the public base, else the server's own ``/id/…``; None
    for IRIs that are not the graph's own."""
    if not iri.startswith(BASE + ID_PATH):
        return None
    rest = iri[len(BASE) :]
    return (public_base + rest) if public_base else "/" + rest


def describe(store: GraphStore, iri: URIRef, *, max_rows: int, timeout_s: float, max_bytes: int) -> Graph:
    """The description of ``iri`` (empty when the graph says nothing of it), under the query limits."""
    answer = run_query(store, DESCRIPTION, {"iri": iri}, max_rows=max_rows, timeout_s=timeout_s, max_bytes=max_bytes)
    assert isinstance(answer, Graph)
    return answer
