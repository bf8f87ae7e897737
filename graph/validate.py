"""SHACL validation of the graph (graph/shapes.ttl) with pyshacl: the store, an export file or a
document's triples, with the shipped ontology mixed in so ``sh:class`` sees its subclasses.

A violation is one line: the shape, the node, the property and what is wrong, in prefixed names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph, Node, URIRef
from rdflib.namespace import SH

from graph.results import Triple
from graph.vocab import PREFIXES, SHAPES_FILE, ontology_graph
from policykg.errors import ConfigError

_NAMES = {**PREFIXES, "pkgsh": "https://w3id.org/policykg/shapes#", "sh": str(SH)}
# rdflib's parser of each export format `policykg export` writes, by file suffix
_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld"}


@dataclass(frozen=True)
class Violation:
    shape: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.shape}: {self.focus} {self.path}: {self.message}"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate(triples: Iterable[Triple]) -> list[Violation]:
    """The violations of the shapes in ``triples`` (a graph or a set), sorted; [] when it conforms."""
    import pyshacl

    data = Graph()
    for triple in triples:
        data.add(triple)
    data += ontology_graph()  # the categories, roles and subclasses the shapes refer to
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    assert isinstance(results, Graph)
    out = {
        Violation(
            shape=_name(_shape(results, result)),
            focus=_name(results.value(result, SH.focusNode)),
            path=_name(results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or "does not conform"),
        )
        for result in results.subjects(SH.resultSeverity, SH.Violation)
    }
    return sorted(out, key=lambda v: (v.shape, v.focus, v.path, v.message))


def read_export(path: Path) -> Graph:
    """The triples of an export file (``policykg export``: turtle, nt, nquads, trig, jsonld),
    named graphs merged; a file that is not one is a ``ConfigError`` naming it."""
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ConfigError(f"{path}: unknown RDF file type; use one of {', '.join(sorted(_FORMATS))}")
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            merged = Graph()
            for s, p, o, _ in dataset.quads():
                merged.add((s, p, o))
            return merged
        return Graph().parse(path, format=fmt)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    except Exception as exc:  # rdflib's parsers raise many types for a malformed file
        raise ConfigError(
            f"{path}: not valid {fmt}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from exc


def _shape(results: Graph, result: Node) -> Node | None:
    """The named shape a result comes from: its source shape, or the node shape holding that
    property shape (a blank node of shapes.ttl)."""
    source = results.value(result, SH.sourceShape)
    if isinstance(source, URIRef):
        return source
    holder = shapes_graph().value(None, SH.property, source)
    return holder if holder is not None else source


def _name(node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, iri in _NAMES.items():
            if text.startswith(iri) and text != iri:
                return f"{prefix}:{text[len(iri) :]}"
        return f"<{text}>"
    return node.n3()
