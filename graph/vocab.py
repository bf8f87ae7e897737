"""Namespaces of the policykg ontology and the W3C vocabularies it reuses (see ontology.ttl)."""

from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace

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


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to put before a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = ["BASE", "DCTERMS", "ID", "OA", "ORG", "OWL", "PKG", "PREFIXES", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD"]
