"""ResolvedDocument -> the RDF triples of its named graph (see ontology.ttl for the shape).

Besides the extracted facts, the graph holds two derived edges that precompute the roll-up of
sub-organisations the query library would otherwise walk at query time
(``org:subOrganizationOf*``, ``schema:containedInPlace*``): ``pkg:denotesWithin`` from a
mention to its entity and each entity that entity is part of, and ``pkg:involvesWithin`` from a goal to each institution
it involves and their ancestors. They are derived from the document's own entities and parents,
so they live and die with the document's named graph like every other fact of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef

from graph.iri import ID, document_iri, entity_iri, goal_iri, measure_iri, section_iri, series_iri, source_iri, span_iri
from graph.results import Triple
from graph.units import unit_code
from graph.vocab import DCTERMS, OA, OWL, PKG, PROV, RDF, ROR, SDO, SKOS, WD, XSD, expand
from ingest.fingerprint import fingerprint, minhash
from ingest.measures import measure_of
from ingest.model import Entity, EntityKind, PolicyDocument, ResolvedDocument, Target
from ingest.series import plan_year, series_key
from policykg import __version__
from policykg.kinds import BY_CATEGORY, KINDS

# The graph's shape: bumped when build_graph adds or changes facts, so that an ingest rebuilds
# documents built with an older shape even when their file is unchanged (policykg.corpus).
# 2: the derived pkg:denotesWithin / pkg:involvesWithin edges.
# 3: headline targets, stated before a plan's first goal (no pkg:inGoal).
# 4: the outline: sections, goals' number paths, names and targets in titles and outside goals;
#    roles of institutions in goals (pkg:role on the mention).
# 5: a vocabulary that reasons right: places schema:containedInPlace, categories skos:Concepts,
#    targets' bounds by comparator and QUDT units, owl:sameAs to Wikidata / ROR, the ingest as a
#    prov:Activity.
# 6: identity and series: pkg:fingerprint, pkg:minhash, pkg:year, pkg:series, source-file nodes.
# 7: measures: each target with a subject links its pkg:Measure (ingest/measures.py).
GRAPH_VERSION = 7

# How ingest finds the facts (the pkg:extractionMethod of every pkg:Ingest).
EXTRACTION_METHOD = (
    "rules: outline and goal structure (ingest.structure), names by gazetteer and suffix patterns "
    "(ingest.names), roles (ingest.roles), targets by number-unit grammar (ingest.targets), "
    "resolution against the gazetteer (ingest.resolve); no statistical model"
)

_ENTITY_CLASSES = {k.kind: tuple(expand(c) for c in (k.rdf_class, *k.also_a)) for k in KINDS}
_GOAL_LINK = {k.kind: expand(k.goal_link) for k in KINDS}
_SEGMENT = {k.kind: k.iri_segment for k in KINDS}  # entity IRIs: id/SEGMENT/…
_PARENT_LINK = {k.kind: expand(k.parent_link) for k in KINDS}


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def build_graph(resolved: ResolvedDocument, started: datetime | None = None, ended: datetime | None = None) -> Graph:
    """All triples about one document as an rdflib graph; the store puts them in the document's
    named graph."""
    graph = Graph()
    for triple in document_triples(resolved, started, ended):
        graph.add(triple)
    return graph


def document_triples(
    resolved: ResolvedDocument, started: datetime | None = None, ended: datetime | None = None
) -> set[Triple]:
    """All triples about one document, as a plain set: what ingest writes. Collecting them in a
    set costs a small fraction of rdflib's ``Graph.add`` (which keeps three indexes and contexts
    per triple), and the embedded store writes them without a graph in between. ``started`` and
    ``ended``: when the ingest of the document began and ended (now when not given), for its
    ``pkg:Ingest``."""
    doc = resolved.document
    g: set[Triple] = set()
    d = document_iri(doc.id)
    _document(g, d, doc)
    for section in doc.sections:
        si = section_iri(doc.id, section.path)
        g.add((si, RDF.type, PKG.Section))
        g.add((si, PKG.number, Literal(section.number)))
        g.add((si, PKG.path, Literal(section.path)))
        g.add((si, DCTERMS.title, zh(section.title)))
        g.add((si, DCTERMS.isPartOf, section_iri(doc.id, section.parent) if section.parent else d))
        _span(g, si, doc.id, section.start, section.end)
    for goal in doc.goals:
        gi = goal_iri(doc.id, goal.id)
        g.add((gi, RDF.type, PKG.Goal))
        g.add((gi, PKG.number, Literal(goal.number)))
        g.add((gi, DCTERMS.title, zh(goal.title)))
        g.add((gi, PKG.text, zh(goal.text)))
        g.add((gi, DCTERMS.isPartOf, d))
        g.add((d, DCTERMS.hasPart, gi))
        if goal.path:
            g.add((gi, PKG.path, Literal(goal.path)))
        if goal.parent:
            g.add((gi, DCTERMS.isPartOf, section_iri(doc.id, goal.parent)))
        _span(g, gi, doc.id, goal.start, goal.end)
    for passage in doc.passages:
        pi = span_iri(doc.id, "passage", passage.start, passage.end)
        g.add((pi, RDF.type, PKG.Passage))
        g.add((pi, PKG.kind, Literal(passage.kind.value)))
        g.add((pi, PKG.text, zh(passage.text)))
        g.add((pi, OA.hasSource, d))
        _span(g, pi, doc.id, passage.start, passage.end)
        if passage.goal is not None:
            g.add((pi, PKG.inGoal, goal_iri(doc.id, passage.goal)))
    for entity in resolved.entities:  # mentioned entities and their parents
        _entity(g, entity)
    parents = {(e.kind, e.key): e.parent for e in resolved.entities}
    for mention, key in zip(resolved.extraction.mentions, resolved.links, strict=True):
        ei = entity_iri(_SEGMENT[mention.kind], key)
        mi = span_iri(doc.id, "mention", mention.start, mention.end)
        g.add((mi, RDF.type, PKG.Mention))
        g.add((mi, PKG.exact, zh(mention.text)))
        g.add((mi, PKG.denotes, ei))
        g.add((mi, OA.hasSource, d))
        _span(g, mi, doc.id, mention.start, mention.end)
        within = [entity_iri(_SEGMENT[mention.kind], k) for k in _self_and_ancestors(mention.kind, key, parents)]
        for wi in within:  # derived: the roll-up of the parent links (kinds.parent_link)*, precomputed
            g.add((mi, PKG.denotesWithin, wi))
        if mention.role:  # the mention is the qualified goal–institution link (see ontology.ttl)
            g.add((mi, PKG.role, PKG[mention.role]))
        if mention.goal is not None:
            gi = goal_iri(doc.id, mention.goal)
            g.add((mi, PKG.inGoal, gi))
            g.add((gi, _GOAL_LINK[mention.kind], ei))
            if mention.kind is EntityKind.INSTITUTION:
                for wi in within:
                    g.add((gi, PKG.involvesWithin, wi))
    for target in resolved.extraction.targets:
        ti = span_iri(doc.id, "target", target.start, target.end)
        g.add((ti, RDF.type, PKG.Target))
        g.add((ti, PKG.exact, zh(target.text)))
        _target_values(g, ti, target)
        g.add((ti, SDO.unitText, Literal(target.unit)))
        code = unit_code(target.unit)
        if code is not None:
            g.add((ti, SDO.unitCode, code))
        if target.comparator:
            g.add((ti, PKG.comparator, Literal(target.comparator)))
        if target.subject:
            g.add((ti, PKG.subject, zh(target.subject)))
            measure = measure_of(target.subject, target.unit)
            if measure is not None:  # the same IRI in every plan counting the same thing
                mi = measure_iri(measure.key)
                g.add((ti, PKG.measure, mi))
                g.add((mi, RDF.type, PKG.Measure))
                g.add((mi, SKOS.prefLabel, zh(measure.label)))
                g.add((mi, SDO.unitText, Literal(measure.unit)))
        g.add((ti, OA.hasSource, d))
        _span(g, ti, doc.id, target.start, target.end)
        if target.goal is not None:
            gi = goal_iri(doc.id, target.goal)
            g.add((ti, PKG.inGoal, gi))
            g.add((gi, PKG.hasTarget, ti))
    now = datetime.now(UTC)
    _provenance(g, d, doc, started or now, ended or now)
    return g


_FACTS = (PKG.Goal, PKG.Section, PKG.Passage, PKG.Mention, PKG.Target)


def _provenance(g: set[Triple], d: URIRef, doc: PolicyDocument, started: datetime, ended: datetime) -> None:
    """The ingest as a ``prov:Activity``: software and version, when, the source file (name and
    SHA-256) it used and how it extracted; the document and every fact read from it were
    generated by it."""
    activity, source = ID[f"doc/{doc.id}/ingest"], source_iri(doc.id, doc.sha256)  # source_triples
    g.add((activity, RDF.type, PKG.Ingest))
    g.add((activity, PROV.wasAssociatedWith, PKG.policykg))
    g.add((activity, PKG.softwareVersion, Literal(__version__)))
    g.add((activity, PKG.extractionMethod, Literal(EXTRACTION_METHOD)))
    g.add((activity, PROV.startedAtTime, Literal(started.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add(
        (activity, PROV.endedAtTime, Literal(max(ended, started).isoformat(timespec="seconds"), datatype=XSD.dateTime))
    )
    g.add((activity, PROV.used, source))
    g.add((source, RDF.type, PROV.Entity))
    g.add((d, PROV.wasGeneratedBy, activity))
    g.add((d, PROV.wasDerivedFrom, source))
    facts = [s for s, p, o in g if p == RDF.type and o in _FACTS]
    for fact in facts:
        g.add((fact, PROV.wasGeneratedBy, activity))


def _target_values(g: set[Triple], ti: URIRef, target: Target) -> None:
    """The number where its comparator puts it: a bound (>, >= a minimum; <, <= a maximum), both
    bounds for a range (2-3个), else the value itself (=, ~ or none stated)."""
    value = Literal(_number(target.value))
    if target.value_max is not None:
        g.add((ti, SDO.minValue, value))
        g.add((ti, SDO.maxValue, Literal(_number(target.value_max))))
    elif target.comparator in (">", ">="):
        g.add((ti, SDO.minValue, value))
    elif target.comparator in ("<", "<="):
        g.add((ti, SDO.maxValue, value))
    else:
        g.add((ti, SDO.value, value))


def _document(g: set[Triple], d: URIRef, doc: PolicyDocument) -> None:
    g.add((d, RDF.type, PKG.PolicyDocument))
    g.add((d, DCTERMS.identifier, Literal(doc.id)))
    g.add((d, DCTERMS.title, zh(doc.title)))
    g.add((d, PKG.sourceFile, Literal(doc.source)))
    g.add((d, PKG.sha256, Literal(doc.sha256)))
    g.add((d, PKG.graphVersion, Literal(GRAPH_VERSION)))
    g.add((d, PKG.encoding, Literal(doc.encoding)))
    g.add((d, DCTERMS["format"], Literal(doc.media_type)))
    g.add((d, DCTERMS.language, Literal("zh")))
    g.add((d, PKG.text, zh(doc.text)))
    g.add((d, PKG.fingerprint, Literal(fingerprint(doc.text))))
    g.add((d, PKG.minhash, Literal(minhash(doc.text))))
    g.update(source_triples(doc.id, SourceFile(doc.source, doc.media_type, doc.sha256)))
    year = plan_year(doc.title, doc.published)
    if year is not None:
        g.add((d, PKG.year, Literal(str(year), datatype=XSD.gYear)))
    series = series_key(doc.issuer, doc.title)
    if series is not None:
        si = series_iri(series)
        g.add((d, PKG.series, si))
        g.add((si, RDF.type, PKG.Series))
        g.add((si, SKOS.prefLabel, zh(series)))
    if doc.published:
        g.add((d, DCTERMS.issued, Literal(doc.published, datatype=XSD.date)))
    if doc.source_site:
        g.add((d, DCTERMS.source, zh(doc.source_site)))
    if doc.issuer:
        issuer = entity_iri(_SEGMENT[EntityKind.INSTITUTION], doc.issuer)
        g.add((d, DCTERMS.publisher, issuer))
        g.add((d, PROV.wasAttributedTo, issuer))
        _entity(
            g,
            Entity(
                key=doc.issuer,
                kind=EntityKind.INSTITUTION,
                label=doc.issuer,
                aliases=(doc.issuer_mention,) if doc.issuer_mention and doc.issuer_mention != doc.issuer else (),
                category="government",
            ),
        )


@dataclass(frozen=True)
class SourceFile:
    """One file a document was read from; a document read from several lists each."""

    file: str  # the file name
    format: str  # its media type
    sha256: str  # of its bytes
    path: str | None = None  # resolved, where known


def source_triples(doc_id: str, source: SourceFile) -> set[Triple]:
    """``<doc> dcterms:source <file>`` and the file's name, format and SHA-256."""
    d, node = document_iri(doc_id), source_iri(doc_id, source.sha256)
    g: set[Triple] = {
        (d, DCTERMS.source, node),
        (node, RDF.type, PKG.SourceFile),
        (node, PKG.sourceFile, Literal(source.file)),
        (node, DCTERMS["format"], Literal(source.format)),
        (node, PKG.sha256, Literal(source.sha256)),
    }
    if source.path is not None:
        g.add((node, PKG.sourcePath, Literal(source.path)))
    return g


def _entity(g: set[Triple], entity: Entity) -> None:
    ei = entity_iri(_SEGMENT[entity.kind], entity.key)
    for cls in _ENTITY_CLASSES[entity.kind]:
        g.add((ei, RDF.type, cls))
    g.add((ei, SKOS.prefLabel, zh(entity.label)))
    for alias in entity.aliases:
        if alias != entity.label:
            g.add((ei, SKOS.altLabel, zh(alias)))
    if entity.label_en:
        g.add((ei, SKOS.prefLabel, Literal(entity.label_en, lang="en")))
    if entity.category and entity.category in BY_CATEGORY:  # the gazetteer refuses others; guesses are in it
        g.add((ei, PKG.category, expand(BY_CATEGORY[entity.category].iri)))
    if entity.parent:
        g.add((ei, _PARENT_LINK[entity.kind], entity_iri(_SEGMENT[entity.kind], entity.parent)))
    if entity.wikidata:
        g.add((ei, OWL.sameAs, WD[entity.wikidata]))
    if entity.ror:
        g.add((ei, OWL.sameAs, ROR[entity.ror]))


def _self_and_ancestors(kind: EntityKind, key: str, parents: dict[tuple[EntityKind, str], str | None]) -> list[str]:
    """``key`` and the keys of the organisations it is part of, nearest first (as the graph states them)."""
    chain = [key]
    parent = parents.get((kind, key))
    while parent is not None and parent not in chain:  # a cycle in a user's alias file ends here
        chain.append(parent)
        parent = parents.get((kind, parent))
    return chain


def _span(g: set[Triple], subject: URIRef, doc_id: str, start: int, end: int) -> None:
    selector = span_iri(doc_id, "selector", start, end)
    g.add((subject, PKG.span, selector))
    g.add((selector, RDF.type, OA.TextPositionSelector))
    g.add((selector, OA.start, Literal(start)))
    g.add((selector, OA.end, Literal(end)))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
