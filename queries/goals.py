"""Which goals, with which institutions, programmes and targets: the analyst's first question."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph.iri import document_iri
from graph.results import Term, to_python
from graph.store import GraphStore
from graph.vocab import expand
from policykg.kinds import BY_KIND, EntityKind
from queries.library import select

# How tables show a comparator: a sign no spreadsheet takes for a formula on its own.
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<", "~": "≈"}


@dataclass(frozen=True)
class TargetRecord:
    text: str
    value: float | int
    value_max: float | int | None
    unit: str
    comparator: str | None  # as stored: ">", ">=", "=", "<", "<=", "~"
    subject: str | None = None

    @property
    def sign(self) -> str | None:
        """The comparator as a sign for tables (``≥`` for ``>=``)."""
        return None if self.comparator is None else COMPARATOR_SIGNS.get(self.comparator, self.comparator)

    @property
    def reading(self) -> str:
        """The target as read: ``达到3家 [= 3 家]``, the written text first (so a table cell never
        starts with a sign)."""
        amount = _number(self.value) + ("" if self.value_max is None else f"–{_number(self.value_max)}")
        return f"{self.text} [{(self.sign + ' ') if self.sign else ''}{amount} {self.unit}]"


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class GoalRecord:
    """A goal, or (``goal`` None) a document's text outside its goals: the names and headline
    targets of its notice, preamble or unnumbered body."""

    document: str
    goal: int | None
    title: str
    iri: str
    institutions: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    matched_by: list[str] = field(default_factory=list)  # mentions that linked an --institution filter
    roles: list[tuple[str, str]] = field(default_factory=list)  # (institution as written, lead|responsible|participant)
    path: str | None = None  # number path in the outline, e.g. 二.（一）.2
    section: list[str] = field(default_factory=list)  # titles of the enclosing sections, outermost first


def find_institutions(store: GraphStore, name: str) -> list[URIRef]:
    """Institutions whose label or alias is exactly ``name`` (Chinese, or English ignoring case);
    failing those, places of that name (a place acts in 争取即墨市获批…)."""
    name = name.strip()
    found = _labelled(store, "institutions_by_label", name, lang=("zh", "en", None))
    if not found:  # a place that acts in a goal (争取即墨市获批…) is found as an actor
        place = expand(BY_KIND[EntityKind.PLACE].rdf_class)
        found = _labelled(store, "entities_by_label", name, lang=("zh", None), type=place)
    if not found and name.isascii():
        wanted = name.casefold()
        for text, iri in _labels(store):
            if text.casefold() == wanted:
                found.add(iri)
    return sorted(found)


def _labelled(store: GraphStore, query: str, name: str, lang: tuple[str | None, ...], **bindings: Term) -> set[URIRef]:
    """IRIs the named ``query`` finds for ``name`` as a label in each of the languages ``lang``."""
    found: set[URIRef] = set()
    for tag in lang:
        for row in select(store, query, label=Literal(name, lang=tag), **bindings).rows:
            if isinstance(row[0], URIRef):
                found.add(row[0])
    return found


def _labels(store: GraphStore) -> list[tuple[str, URIRef]]:
    result = select(store, "institution_names")
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


def goals(
    store: GraphStore,
    institution: str | None = None,
    document: str | None = None,
    *,
    role: str | None = None,
    whole_documents: bool = False,
) -> list[GoalRecord]:
    """Goals, optionally only those naming ``institution`` (aliases and sub-organisations included),
    and with ``role`` only those where it has that role (lead, responsible, participant).

    With ``whole_documents``, each document whose text outside its goals names something or states
    targets also gets a record with ``goal`` None (its title, its IRI), after its goals."""
    wanted: dict[str, list[str]] | None = None
    wanted_docs: dict[str, list[str]] = defaultdict(list)
    if institution is not None:
        wanted = defaultdict(list)
        for iri in find_institutions(store, institution):
            for row in select(store, "goals_by_institution", institution=iri).records():
                mention = str(row["mention"])
                if mention not in wanted[str(row["goal"])]:
                    wanted[str(row["goal"])].append(mention)
            if whole_documents and role is None:  # a document's own text gives no roles
                for row in select(store, "document_mentions_by_institution", institution=iri).records():
                    if str(row["mention"]) not in wanted_docs[str(row["document"])]:
                        wanted_docs[str(row["document"])].append(str(row["mention"]))
    mentions: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in select(store, "goal_mentions").records():
        key = str(row["goal"]) if row["goal"] is not None else str(row["document"])
        names = mentions[key][str(row["kind"])]
        if str(row["mention"]) not in names:
            names.append(str(row["mention"]))
        if row["role"] is not None and (pair := (str(row["mention"]), str(row["role"]))) not in roles[key]:
            roles[key].append(pair)
    if wanted is not None and role is not None:  # keep the goals where a linking mention has the role
        wanted = {g: kept for g, ms in wanted.items() if (kept := [m for m in ms if (m, role) in roles[g]])}
    targets: dict[str, list[TargetRecord]] = defaultdict(list)
    for row in select(store, "targets").records():
        targets[str(row["goal"])].append(_target(row))
    sections = _section_titles(store)
    out: list[GoalRecord] = []
    for row in select(store, "goals").records():
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
                roles=roles.get(goal, []),
                path=None if row["path"] is None else str(row["path"]),
                section=sections.get(str(row["section"]), []) if row["section"] is not None else [],
            )
        )
    if whole_documents:
        out = _with_documents(store, out, mentions, document, None if wanted is None else wanted_docs)
    return out


def _section_titles(store: GraphStore) -> dict[str, list[str]]:
    """Each section's IRI -> the titles of it and the sections above it, outermost first."""
    rows = {str(r["section"]): (str(r["title"]), str(r["parent"])) for r in select(store, "sections").records()}
    chains: dict[str, list[str]] = {}
    for iri in rows:
        chain, at, seen = [], iri, set()
        while at in rows and at not in seen:
            seen.add(at)
            chain.append(rows[at][0])
            at = rows[at][1]
        chains[iri] = list(reversed(chain))
    return chains


def _with_documents(
    store: GraphStore,
    records: list[GoalRecord],
    mentions: dict[str, dict[str, list[str]]],
    document: str | None,
    wanted: dict[str, list[str]] | None,
) -> list[GoalRecord]:
    """``records`` with each document's own record (goal None) after its goals."""
    headline: dict[str, list[TargetRecord]] = defaultdict(list)
    for doc_id, target in headline_targets(store, document):
        headline[doc_id].append(target)
    out: list[GoalRecord] = []
    rows = select(store, "documents").records()
    by_doc: dict[str, list[GoalRecord]] = defaultdict(list)
    for record in records:
        by_doc[record.document].append(record)
    for row in rows:
        doc_id, iri = str(row["id"]), str(row["document"])
        if document is not None and doc_id != document:
            continue
        out.extend(by_doc.pop(doc_id, []))
        found = mentions.get(iri, {})
        if wanted is not None and doc_id not in wanted:
            continue
        if not (found or headline.get(doc_id)):
            continue
        out.append(
            GoalRecord(
                document=doc_id,
                goal=None,
                title=str(row["title"]),
                iri=iri,
                institutions=list(found.get(EntityKind.INSTITUTION, [])),
                programmes=list(found.get(EntityKind.PROGRAMME, [])),
                places=list(found.get(EntityKind.PLACE, [])),
                targets=headline.get(doc_id, []),
                matched_by=list(wanted[doc_id]) if wanted is not None else [],
            )
        )
    for rest in by_doc.values():
        out.extend(rest)
    return out


def headline_targets(store: GraphStore, document: str | None = None) -> list[tuple[str, TargetRecord]]:
    """``(document, target)`` for the targets stated outside numbered goals: a plan's opening
    lines (主要目标是：…) or a document without numbered goals; in text order per document."""
    bindings = {} if document is None else {"document": document_iri(document)}
    return [(str(row["id"]), _target(row)) for row in select(store, "headline_targets", **bindings).records()]


def _target(row: dict[str, Term | None]) -> TargetRecord:
    return TargetRecord(
        text=str(row["text"]),
        value=to_python(row["value"]),  # type: ignore[arg-type]
        value_max=to_python(row["value_max"]),  # type: ignore[arg-type]
        unit=str(row["unit"]),
        comparator=None if row["comparator"] is None else str(row["comparator"]),
        subject=None if row["subject"] is None else str(row["subject"]),
    )
