"""The kinds of entity a plan names (institution, programme, place): one table, read everywhere.

Each row says how its kind is written in every layer: the ``EntityKind`` the extractors emit, the
RDF class and the goal's property in the graph (``graph/ontology.ttl`` declares them; a test holds
the two together), the IRI path segment, the labels and colours of the app, the jieba tag of its
dictionary words, and the row it contributes to a SPARQL ``VALUES`` block. Adding a kind is one
member of ``EntityKind``, one ``Kind`` row here, its class in the ontology and its extractor.

This module imports nothing of policykg's packages, so ingest, graph, queries and ui all read it.

>>> BY_KIND[EntityKind.PROGRAMME].rdf_class
'pkg:Programme'
>>> BY_KIND[EntityKind.PLACE].values_row
'(pkg:Place "place")'
>>> sparql_values("?class", "?kind")[:60]
'VALUES (?class ?kind) { (pkg:Institution "institution") (pkg'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class EntityKind(StrEnum):
    INSTITUTION = "institution"
    PROGRAMME = "programme"
    PLACE = "place"


@dataclass(frozen=True)
class Kind:
    kind: EntityKind
    rdf_class: str  # prefixed name of the kind's class in the pkg: ontology
    goal_link: str  # prefixed name of the property from a goal to an entity of this kind
    label_zh: str  # the class's rdfs:label@zh in the ontology
    label_en: str  # the class's rdfs:label@en in the ontology
    plural_en: str  # counts and columns: ``policykg stats``, the gold files' keys
    colour: str  # Streamlit markdown colour: highlighted spans, legends
    node_colour: str  # fill of the kind's nodes in the relationship graph
    icon: str  # Streamlit material icon of links to the kind's Browse pages
    pos_tag: str  # jieba part-of-speech tag of the kind's names in the segmenter's dictionary
    iri_segment: str  # path segment of the kind's entity IRIs (id/SEGMENT/…): part of every IRI, never changed
    also_a: tuple[str, ...] = ()  # further classes every entity of this kind has (prefixed names)

    @property
    def name(self) -> str:
        """The kind's name everywhere text names it: mentions, URLs, the network's ``kind`` attribute."""
        return self.kind.value

    @property
    def node_type(self) -> str:
        """The ``kind`` attribute of the kind's nodes in the networkx / GraphML / GEXF projection."""
        return self.kind.value

    @property
    def title(self) -> str:
        """Bilingual label of the app: 机构 Institution."""
        return f"{self.label_zh} {self.label_en.capitalize()}"

    @property
    def values_row(self) -> str:
        """The kind's row of a ``VALUES (?class ?kind)`` block."""
        return f'({self.rdf_class} "{self.name}")'


KINDS: tuple[Kind, ...] = (
    Kind(
        EntityKind.INSTITUTION,
        rdf_class="pkg:Institution",
        also_a=("org:Organization",),
        goal_link="pkg:involves",
        label_zh="机构",
        label_en="institution",
        plural_en="institutions",
        colour="blue",
        node_colour="#4c78a8",
        icon=":material/account_balance:",
        pos_tag="nt",
        iri_segment="institution",
    ),
    Kind(
        EntityKind.PROGRAMME,
        rdf_class="pkg:Programme",
        goal_link="pkg:hasProgramme",
        label_zh="计划/项目",
        label_en="programme",
        plural_en="programmes",
        colour="green",
        node_colour="#54a24b",
        icon=":material/flag:",
        pos_tag="nz",
        iri_segment="programme",
    ),
    Kind(
        EntityKind.PLACE,
        rdf_class="pkg:Place",
        goal_link="pkg:hasPlace",
        label_zh="地点",
        label_en="place",
        plural_en="places",
        colour="violet",
        node_colour="#b279a2",
        icon=":material/place:",
        pos_tag="ns",
        iri_segment="place",
    ),
)

BY_KIND: Mapping[EntityKind, Kind] = MappingProxyType({k.kind: k for k in KINDS})
_PLACEHOLDER = re.compile(r"\{\{kinds (\?\w+)(?: (\?\w+))?\}\}")


def kind_names(separator: str = ", ") -> str:
    """The kinds' names in table order: ``institution, programme, place``."""
    return separator.join(k.name for k in KINDS)


def sparql_values(class_var: str, kind_var: str | None = None) -> str:
    """A ``VALUES`` block of the kinds' classes, with each kind's name in ``kind_var`` if given."""
    if kind_var is None:
        return f"VALUES {class_var} {{ {' '.join(k.rdf_class for k in KINDS)} }}"
    return f"VALUES ({class_var} {kind_var}) {{ {' '.join(k.values_row for k in KINDS)} }}"


def expand_kinds(sparql: str) -> str:
    """``sparql`` with the kinds filled in: ``{{kinds ?class ?kind}}`` becomes ``sparql_values("?class",
    "?kind")``, ``{{kinds ?class}}`` the classes alone, ``{{kind names}}`` the names (in a comment).

    >>> expand_kinds("{{kinds ?c ?k}}").startswith('VALUES (?c ?k) { (pkg:Institution "institution") ')
    True
    >>> expand_kinds("# {{kind names}}").startswith("# institution, programme, ")
    True
    """
    sparql = _PLACEHOLDER.sub(lambda m: sparql_values(m.group(1), m.group(2)), sparql)
    return sparql.replace("{{kind names}}", kind_names())
