"""Small read-only lookups the pages need beyond ``queries.goals``: one goal, one entity, documents.

Each is a single SPARQL query over the read-only store, with values bound as terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph.iri import goal_iri
from graph.results import SelectResult, to_python
from graph.store import GraphStore
from graph.vocab import expand
from policykg.kinds import KINDS as ENTITY_KINDS
from policykg.kinds import expand_kinds

KINDS = tuple(k.name for k in ENTITY_KINDS)
KIND_LABELS = {k.name: k.title for k in ENTITY_KINDS} | {"goal": "目标 Goal", "document": "文件 Document"}


@dataclass(frozen=True)
class Span:
    start: int  # into the goal's text
    end: int
    kind: str  # institution | programme | place | target
    text: str
    entity: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class GoalDetail:
    document: str
    document_title: str
    number: int
    title: str
    text: str
    iri: str
    start: int  # where the goal's text starts in the document's text
    spans: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str
    label: str
    label_en: str | None
    aliases: list[str]
    category: str | None
    parents: list[tuple[str, str]]  # (iri, label)
    children: list[tuple[str, str]]


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    issuer: str | None
    issued: str | None
    source: str
    goals: int


def _select(store: GraphStore, sparql: str, **bindings: URIRef | Literal) -> SelectResult:
    result = store.query(sparql, bindings or None)
    assert isinstance(result, SelectResult)
    return result


_GOAL = """
SELECT ?title ?text ?start ?doc_title WHERE {
  ?goal dcterms:title ?title ; pkg:text ?text ; pkg:span/oa:start ?start ; dcterms:isPartOf ?doc .
  OPTIONAL { ?doc dcterms:title ?doc_title }
}"""
_GOAL_SPANS = expand_kinds("""
SELECT ?kind ?exact ?entity ?label ?start ?end WHERE {
  ?m pkg:inGoal ?goal ; pkg:exact ?exact ; pkg:span ?sel .
  ?sel oa:start ?start ; oa:end ?end .
  OPTIONAL {
    ?m pkg:denotes ?entity . ?entity a ?class ; skos:prefLabel ?label FILTER(LANG(?label) = "zh")
    {{kinds ?class ?ekind}}
  }
  OPTIONAL { ?m a pkg:Target . BIND("target" AS ?tkind) }
  BIND(COALESCE(?ekind, ?tkind) AS ?kind)
  FILTER(BOUND(?kind))
}
ORDER BY ?start""")


def goal_detail(store: GraphStore, document: str, number: int) -> GoalDetail | None:
    iri = goal_iri(document, number)
    rows = _select(store, _GOAL, goal=iri).records()
    if not rows:
        return None
    row = rows[0]
    offset = int(str(row["start"]))
    text = str(row["text"])
    spans = [
        Span(
            start=int(str(r["start"])) - offset,
            end=int(str(r["end"])) - offset,
            kind=str(r["kind"]),
            text=str(r["exact"]),
            entity=None if r["entity"] is None else str(r["entity"]),
            label=None if r["label"] is None else str(r["label"]),
        )
        for r in _select(store, _GOAL_SPANS, goal=iri).records()
    ]
    spans = [s for s in spans if text[s.start : s.end] == s.text]  # only spans that point where they say
    return GoalDetail(
        document=document,
        document_title=str(row["doc_title"] or document),
        number=number,
        title=str(row["title"]),
        text=text,
        iri=str(iri),
        start=offset,
        spans=spans,
    )


_ENTITY = expand_kinds("""
SELECT ?class ?label ?label_en ?alias ?category ?parent ?parent_label ?child ?child_label WHERE {
  ?entity a ?class ; skos:prefLabel ?label FILTER(LANG(?label) = "zh")
  {{kinds ?class}}
  OPTIONAL { ?entity skos:prefLabel ?label_en FILTER(LANG(?label_en) = "en") }
  OPTIONAL { ?entity skos:altLabel ?alias }
  OPTIONAL { ?entity pkg:category ?category }
  OPTIONAL { ?entity org:subOrganizationOf ?parent .
             OPTIONAL { ?parent skos:prefLabel ?parent_label FILTER(LANG(?parent_label) = "zh") } }
  OPTIONAL { ?child org:subOrganizationOf ?entity ;
                    skos:prefLabel ?child_label FILTER(LANG(?child_label) = "zh") }
}""")
_KIND_OF_CLASS = {str(expand(k.rdf_class)): k.name for k in ENTITY_KINDS}


def entity(store: GraphStore, iri: str) -> Entity | None:
    rows = _select(store, _ENTITY, entity=URIRef(iri)).records()
    if not rows:
        return None

    def distinct(*names: str) -> list[tuple[str, ...]]:
        seen: dict[tuple[str, ...], None] = {}
        for r in rows:
            if r[names[0]] is not None:
                seen[tuple(str(r[n] or r[names[0]]) for n in names)] = None
        return list(seen)

    first = rows[0]
    return Entity(
        iri=iri,
        kind=_KIND_OF_CLASS[str(first["class"])],
        label=str(first["label"]),
        label_en=None if first["label_en"] is None else str(first["label_en"]),
        aliases=[a for (a,) in distinct("alias")],
        category=None if first["category"] is None else str(first["category"]),
        parents=[(i, label) for i, label in distinct("parent", "parent_label")],
        children=[(i, label) for i, label in distinct("child", "child_label")],
    )


_BY_LABEL = """
SELECT DISTINCT ?entity WHERE {{
  ?entity a {cls} . {{ ?entity skos:prefLabel ?label }} UNION {{ ?entity skos:altLabel ?label }}
}}"""
# Classes come from the kinds' table, never from the user, so they are written into the query.
_CLASSES = {k.name: k.rdf_class for k in ENTITY_KINDS}


def entities_named(store: GraphStore, kind: str, name: str) -> list[str]:
    """IRIs of the ``kind`` entities whose label or alias is ``name`` (an IRI is passed through)."""
    name = name.strip()
    if name.startswith(("http://", "https://")):
        return [name]
    found: list[str] = []
    for literal in (Literal(name, lang="zh"), Literal(name, lang="en")):
        for row in _select(store, _BY_LABEL.format(cls=_CLASSES[kind]), label=literal).rows:
            if str(row[0]) not in found:
                found.append(str(row[0]))
    return found


_ENTITIES = """
SELECT ?entity ?label (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
  ?entity a {cls} ; skos:prefLabel ?label FILTER(LANG(?label) = "zh")
  OPTIONAL {{ ?m pkg:denotes ?entity }}
}} GROUP BY ?entity ?label ORDER BY DESC(?mentions) ?label"""


def entities(store: GraphStore, kind: str) -> list[tuple[str, str, int]]:
    """(iri, Chinese label, mentions) of every entity of ``kind``, most mentioned first."""
    rows = _select(store, _ENTITIES.format(cls=_CLASSES[kind])).rows
    return [(str(r[0]), str(r[1]), int(str(r[2]))) for r in rows]


_DOCUMENTS = """
SELECT ?id ?title ?issuer ?issued ?source (COUNT(DISTINCT ?goal) AS ?goals) WHERE {
  ?doc a pkg:PolicyDocument ; dcterms:identifier ?id ; pkg:sourceFile ?source .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc dcterms:publisher/skos:prefLabel ?issuer FILTER(LANG(?issuer) = "zh") }
  OPTIONAL { ?doc dcterms:hasPart ?goal }
} GROUP BY ?id ?title ?issuer ?issued ?source ORDER BY ?id"""


def documents(store: GraphStore) -> list[DocumentInfo]:
    return [
        DocumentInfo(
            id=str(r["id"]),
            title=str(r["title"] or r["id"]),
            issuer=None if r["issuer"] is None else str(r["issuer"]),
            issued=None if r["issued"] is None else str(to_python(r["issued"])),
            source=str(r["source"]),
            goals=int(str(r["goals"])),
        )
        for r in _select(store, _DOCUMENTS).records()
    ]


def named(store: GraphStore, name: str, **bindings: URIRef | Literal) -> list[dict[str, object]]:
    """Rows of a query of the named library (``queries/library``) as plain values."""
    from queries.library import named_query

    result = _select(store, named_query(name).text, **bindings)
    return [{k: to_python(v) for k, v in row.items()} for row in result.records()]
