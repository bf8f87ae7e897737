"""Namespaces of the policykg ontology and the W3C vocabularies it reuses (see ontology.ttl)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

from graph.iri import BASE, ID, PKG

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDO = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
ROR = Namespace("https://ror.org/")
UNIT = Namespace("http://qudt.org/vocab/unit/")

# The ontology's own named graph in the store (graph/ontology.ttl), named by the ontology's IRI.
ONTOLOGY = URIRef(BASE + "ontology")
ONTOLOGY_FILE = Path(__file__).with_name("ontology.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")

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
    "wd": str(WD),
    "unit": str(UNIT),
}


def expand(name: str) -> URIRef:
    """The IRI of a prefixed name with one of the prefixes above.

    >>> expand("org:Organization")
    rdflib.term.URIRef('http://www.w3.org/ns/org#Organization')
    """
    prefix, _, local = name.partition(":")
    return URIRef(PREFIXES[prefix] + local)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology as the store holds it: graph/ontology.ttl plus ``owl:versionInfo`` with the
    file's digest, so an ingest can tell whether the stored copy is the shipped one."""
    data = ONTOLOGY_FILE.read_bytes()
    graph = Graph().parse(data=data, format="turtle")
    graph.add((ONTOLOGY, OWL.versionInfo, Literal(hashlib.sha256(data).hexdigest()[:16])))
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to put before a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = [
    "BASE", "DCTERMS", "ID", "OA", "ONTOLOGY", "ORG", "OWL", "PKG", "PREFIXES", "PROV", "RDF", "RDFS", "ROR", "SDO",
    "SKOS", "UNIT", "WD", "XSD",
]  # fmt: skip
