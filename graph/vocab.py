"""Namespaces of the policykg ontology and the W3C vocabularies it reuses (see ontology.ttl)."""

from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace, URIRef

from graph.iri import BASE, ID, PKG

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDO = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "pkg": str(PKG),
    "id": str(ID),
    "org": str(ORG),
    "oa": str(OA),
    "schema": str(SDO),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def expand(name: str) -> URIRef:
    """The IRI of a prefixed name with one of the prefixes above.

    >>> expand("org:Organization")
    rdflib.term.URIRef('http://www.w3.org/ns/org#Organization')
    """
    prefix, _, local = name.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to put before a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = ["BASE", "DCTERMS", "ID", "OA", "ORG", "OWL", "PKG", "PREFIXES", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD"]
