"""Small read-only lookups the pages need beyond ``queries.goals``: one goal, one entity, documents.

Each is a query of the library (``queries/library``) over the read-only store, with values bound as terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph.iri import goal_iri
from graph.results import to_python
from graph.store import GraphStore
from graph.vocab import expand
from policykg.kinds import KINDS as ENTITY_KINDS
from queries.library import select

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
    same_as: list[str] = field(default_factory=list)  # external identifiers' IRIs (Wikidata, ROR)


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    issuer: str | None
    issued: str | None
    source: str
    goals: int


def goal_detail(store: GraphStore, document: str, number: int) -> GoalDetail | None:
    iri = goal_iri(document, number)
    rows = select(store, "goal_detail", goal=iri).records()
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
        for r in select(store, "goal_spans", goal=iri).records()
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


_KIND_OF_CLASS = {str(expand(k.rdf_class)): k.name for k in ENTITY_KINDS}


def entity(store: GraphStore, iri: str) -> Entity | None:
    rows = select(store, "entity_detail", entity=URIRef(iri)).records()
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
        same_as=[i for (i,) in distinct("same_as")],
    )


_CLASSES = {k.name: expand(k.rdf_class) for k in ENTITY_KINDS}


def entities_named(store: GraphStore, kind: str, name: str) -> list[str]:
    """IRIs of the ``kind`` entities whose label or alias is ``name`` (an IRI is passed through)."""
    name = name.strip()
    if name.startswith(("http://", "https://")):
        return [name]
    found: list[str] = []
    for literal in (Literal(name, lang="zh"), Literal(name, lang="en")):
        for row in select(store, "entities_by_label", label=literal, type=_CLASSES[kind]).rows:
            if str(row[0]) not in found:
                found.append(str(row[0]))
    return found


def entities(store: GraphStore, kind: str) -> list[tuple[str, str, int]]:
    """(iri, Chinese label, mentions) of every entity of ``kind``, most mentioned first."""
    found: dict[tuple[str, str], int] = {}  # the query has a row per parent, category and English label
    for r in select(store, "entities_by_type", type=_CLASSES[kind]).records():
        found.setdefault((str(r["entity"]), str(r["label"])), int(str(r["mentions"])))
    return [(iri, label, mentions) for (iri, label), mentions in found.items()]


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
        for r in select(store, "document_overview").records()
    ]


def named(store: GraphStore, name: str, **bindings: URIRef | Literal) -> list[dict[str, object]]:
    """Rows of a query of the named library (``queries/library``) as plain values."""
    result = select(store, name, **bindings)
    return [{k: to_python(v) for k, v in row.items()} for row in result.records()]
