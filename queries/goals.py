"""Which goals, with which institutions, programmes and targets: the analyst's first question."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph.bindings import bind_values
from graph.iri import document_iri
from graph.results import SelectResult, Term, to_python
from graph.store import GraphStore
from policykg.kinds import EntityKind
from queries.library import named_query


@dataclass(frozen=True)
class TargetRecord:
    text: str
    value: float | int
    value_max: float | int | None
    unit: str
    comparator: str | None
    subject: str | None = None


@dataclass(frozen=True)
class GoalRecord:
    document: str
    goal: int
    title: str
    iri: str
    institutions: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    matched_by: list[str] = field(default_factory=list)  # mentions that linked an --institution filter


def _select(store: GraphStore, name: str, **bindings: Term) -> SelectResult:
    # Bound as an inline VALUES block: pyoxigraph substitutes only projected variables.
    result = store.query(bind_values(named_query(name).text, bindings))
    assert isinstance(result, SelectResult)
    return result


def find_institutions(store: GraphStore, name: str) -> list[URIRef]:
    """Institutions whose label or alias is exactly ``name`` (Chinese, or English ignoring case)."""
    name = name.strip()
    found: set[URIRef] = set()
    for literal in (Literal(name, lang="zh"), Literal(name, lang="en"), Literal(name)):
        for row in _select(store, "institutions_by_label", label=literal).rows:
            if isinstance(row[0], URIRef):
                found.add(row[0])
    if not found and name.isascii():
        wanted = name.casefold()
        for text, iri in _labels(store):
            if text.casefold() == wanted:
                found.add(iri)
    return sorted(found)


def _labels(store: GraphStore) -> list[tuple[str, URIRef]]:
    query = "SELECT ?i ?l WHERE { ?i a pkg:Institution . { ?i skos:prefLabel ?l } UNION { ?i skos:altLabel ?l } }"
    result = store.query(query)
    assert isinstance(result, SelectResult)
    return [(str(row[1]), row[0]) for row in result.rows if isinstance(row[0], URIRef)]


def closest_institutions(store: GraphStore, name: str, n: int = 5) -> list[str]:
    """Known institution names closest to ``name``: the hint for a name we do not know."""
    labels = sorted({label for label, _ in _labels(store)})
    close = difflib.get_close_matches(name, labels, n=n, cutoff=0.3)
    if len(close) < n:  # names sharing characters, for short Chinese names difflib scores low
        chars = set(name)
        sharing = sorted(labels, key=lambda label: -len(chars & set(label)))
        close += [label for label in sharing if label not in close and chars & set(label)][: n - len(close)]
    return close


def goals(store: GraphStore, institution: str | None = None, document: str | None = None) -> list[GoalRecord]:
    """Goals, optionally only those naming ``institution`` (aliases and sub-organisations included)."""
    wanted: dict[str, list[str]] | None = None
    if institution is not None:
        wanted = defaultdict(list)
        for iri in find_institutions(store, institution):
            for row in _select(store, "goals_by_institution", institution=iri).records():
                mention = str(row["mention"])
                if mention not in wanted[str(row["goal"])]:
                    wanted[str(row["goal"])].append(mention)
    mentions: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _select(store, "goal_mentions").records():
        if row["goal"] is None:
            continue
        names = mentions[str(row["goal"])][str(row["kind"])]
        if str(row["mention"]) not in names:
            names.append(str(row["mention"]))
    targets: dict[str, list[TargetRecord]] = defaultdict(list)
    for row in _select(store, "targets").records():
        targets[str(row["goal"])].append(_target(row))
    out = []
    for row in _select(store, "goals").records():
        goal, doc = str(row["goal"]), str(row["document"])
        if document is not None and doc != document:
            continue
        if wanted is not None and goal not in wanted:
            continue
        found = mentions.get(goal, {})
        out.append(
            GoalRecord(
                document=doc,
                goal=int(to_python(row["number"])),  # type: ignore[call-overload]
                title=str(row["title"]),
                iri=goal,
                institutions=list(found.get(EntityKind.INSTITUTION, [])),
                programmes=list(found.get(EntityKind.PROGRAMME, [])),
                places=list(found.get(EntityKind.PLACE, [])),
                targets=targets.get(goal, []),
                matched_by=list(wanted[goal]) if wanted is not None else [],
            )
        )
    return out


def headline_targets(store: GraphStore, document: str | None = None) -> list[tuple[str, TargetRecord]]:
    """``(document, target)`` for the targets stated outside numbered goals: a plan's opening
    lines (主要目标是：…) or a document without numbered goals; in text order per document."""
    bindings = {} if document is None else {"document": document_iri(document)}
    return [(str(row["id"]), _target(row)) for row in _select(store, "headline_targets", **bindings).records()]


def _target(row: dict[str, Term | None]) -> TargetRecord:
    return TargetRecord(
        text=str(row["text"]),
        value=to_python(row["value"]),  # type: ignore[arg-type]
        value_max=to_python(row["value_max"]),  # type: ignore[arg-type]
        unit=str(row["unit"]),
        comparator=None if row["comparator"] is None else str(row["comparator"]),
        subject=None if row["subject"] is None else str(row["subject"]),
    )
