"""The kinds of entity a plan names (institution, programme, place): one table, read everywhere.

Each row says how its kind is written in every layer: the ``EntityKind`` the extractors emit, the
RDF class, the goal's property and the parent's property in the graph (``graph/ontology.ttl``
declares them; a test holds the two together), the IRI path segment, the labels and colours of
the app, the jieba tag of its dictionary words, and the row it contributes to a SPARQL ``VALUES``
block. Adding a kind is one
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
    parent_link: str  # prefixed name of the property from an entity to the one it is part of
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
        parent_link="org:subOrganizationOf",
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
        parent_link="dcterms:isPartOf",
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
        parent_link="schema:containedInPlace",
        also_a=("dcterms:Location",),
    ),
)

BY_KIND: Mapping[EntityKind, Kind] = MappingProxyType({k.kind: k for k in KINDS})


@dataclass(frozen=True)
class Category:
    """A category of entity (``pkg:category``): a ``skos:Concept`` of the ontology's
    ``pkg:categories`` scheme, named ``pkg:NAME`` (the ontology declares each; a test holds the
    two together). The gazetteer's category column and the suffix guesses of ``ingest.resolve``
    use these names and no others."""

    name: str
    kind: EntityKind
    label_zh: str
    label_en: str

    @property
    def iri(self) -> str:
        """Prefixed name of the concept."""
        return f"pkg:{self.name}"


_I, _P, _L = EntityKind.INSTITUTION, EntityKind.PROGRAMME, EntityKind.PLACE
CATEGORIES: tuple[Category, ...] = (
    Category("academy", _I, "科学院/工程院", "academy"),
    Category("cas_institute", _I, "中国科学院研究所", "CAS institute"),
    Category("institute", _I, "研究院所", "research institute"),
    Category("university", _I, "高等院校", "university"),
    Category("lab", _I, "实验室", "laboratory"),
    Category("centre", _I, "中心", "centre"),
    Category("company", _I, "企业", "company"),
    Category("park", _I, "园区", "park or zone"),
    Category("government", _I, "政府部门", "government body"),
    Category("alliance", _I, "联盟/协会", "alliance or association"),
    Category("finance", _I, "金融机构", "financial institution"),
    Category("platform", _I, "平台", "platform"),
    Category("hospital", _I, "医院", "hospital"),
    Category("plan", _P, "计划/专项", "plan or project"),
    Category("fund", _P, "基金", "fund"),
    Category("event", _P, "会议/活动", "event"),
    Category("policy", _P, "政策文件", "policy"),
    Category("pilot", _P, "试点/示范", "pilot or demonstration zone"),
    Category("country", _L, "国家", "country"),
    Category("province", _L, "省级行政区", "province-level division"),
    Category("city", _L, "城市", "city"),
    Category("district", _L, "区/县", "district or county"),
)
BY_CATEGORY: Mapping[str, Category] = MappingProxyType({c.name: c for c in CATEGORIES})


def parent_path() -> str:
    """A SPARQL property path from an entity to the one it is part of, whatever its kind.

    >>> parent_path()
    '(org:subOrganizationOf|dcterms:isPartOf|schema:containedInPlace)'
    """
    return "(" + "|".join(k.parent_link for k in KINDS) + ")"


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
    "?kind")``, ``{{kinds ?class}}`` the classes alone, ``{{kind names}}`` the names (in a comment),
    ``{{parent}}`` the path from an entity to its parent (``parent_path``).

    >>> expand_kinds("{{kinds ?c ?k}}").startswith('VALUES (?c ?k) { (pkg:Institution "institution") ')
    True
    >>> expand_kinds("# {{kind names}}").startswith("# institution, programme, ")
    True
    """
    sparql = _PLACEHOLDER.sub(lambda m: sparql_values(m.group(1), m.group(2)), sparql)
    return sparql.replace("{{kind names}}", kind_names()).replace("{{parent}}", parent_path())
