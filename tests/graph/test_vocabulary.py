"""The vocabulary reasons right: RDFS entailment over the seed's export adds no wrong type, every
term is labelled, categories are concepts of the ontology's scheme, targets put their number where
the comparator says, entities link out to Wikidata and ROR, and the ingest is a prov:Activity."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef

from graph.build import document_triples
from graph.iri import document_iri
from graph.store import open_store
from graph.units import unit_code
from graph.vocab import ONTOLOGY, ONTOLOGY_FILE, ORG, PKG, PROV, SDO, UNIT, WD, XSD, ontology_graph
from ingest import resolve
from ingest.gazetteer import COLUMNS, DEFAULT_ALIASES, default_gazetteer, load_gazetteer, parse_tsv
from ingest.model import Entity, EntityKind, Extraction, PolicyDocument, ResolvedDocument, Target
from policykg import __version__
from policykg.corpus import Corpus
from policykg.errors import ConfigError
from policykg.kinds import BY_CATEGORY, CATEGORIES, KINDS
from queries.export import serialize_graph

CAS_QUERY = 'SELECT ?q WHERE { ?i skos:prefLabel "中国科学院"@zh ; owl:sameAs ?q }'
# What W3C ORG itself states of org:subOrganizationOf (https://www.w3.org/TR/vocab-org/): a
# reasoner that loads ORG with our ontology sees these too.
ORG_AXIOMS = f"""
<{ORG.subOrganizationOf}> <{RDFS.domain}> <{ORG.Organization}> ; <{RDFS.range}> <{ORG.Organization}> .
"""


def test_rdfs_entailment_of_the_seed_export_types_no_place_or_programme_as_an_organisation(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    export = Graph().parse(data=serialize_graph(store, "nt"), format="nt")
    store.close()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in export  # the ontology travels with the export
    places = set(export.subjects(RDF.type, PKG.Place))
    programmes = set(export.subjects(RDF.type, PKG.Programme))
    assert places and programmes
    export.parse(data=ORG_AXIOMS, format="turtle")
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(export)
    for node in places | programmes:
        assert (node, RDF.type, ORG.Organization) not in export, node
        assert (node, RDF.type, PKG.Institution) not in export, node
    shandong = next(export.subjects(SKOS.prefLabel, Literal("山东省", lang="zh")))
    assert (shandong, RDF.type, SDO.Place) in export
    qingdao = next(export.subjects(SKOS.prefLabel, Literal("青岛市", lang="zh")))
    assert (qingdao, SDO.containedInPlace, shandong) in export
    cas = next(export.subjects(SKOS.prefLabel, Literal("中国科学院", lang="zh")))
    assert (cas, RDF.type, ORG.Organization) in export  # institutions still are


def test_every_class_and_property_has_zh_and_en_labels_and_a_comment() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE)
    terms = {
        s for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, cls)
    }
    assert len(terms) > 35
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
        assert {"zh", "en"} <= languages, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_categories_are_the_concepts_of_the_ontologys_scheme_with_zh_and_en_labels() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE)
    scheme = set(ontology.subjects(SKOS.inScheme, PKG.categories))
    assert (PKG.categories, RDF.type, SKOS.ConceptScheme) in ontology
    assert scheme == {PKG[c.name] for c in CATEGORIES}
    for c in CATEGORIES:
        assert (PKG[c.name], RDF.type, SKOS.Concept) in ontology
        assert set(ontology.objects(PKG[c.name], SKOS.prefLabel)) == {
            Literal(c.label_zh, lang="zh"),
            Literal(c.label_en, lang="en"),
        }


def test_every_category_the_code_emits_is_in_the_scheme() -> None:
    tables = (resolve._INSTITUTION_CATEGORIES, resolve._PROGRAMME_CATEGORIES, resolve._PLACE_CATEGORIES)
    guessed = {category for table in tables for _, category in table} | {"cas_institute", "government"}
    shipped = {e.category for e in default_gazetteer().entities.values() if e.category}
    assert guessed | shipped <= set(BY_CATEGORY)
    for table, kind in zip(tables, (EntityKind.INSTITUTION, EntityKind.PROGRAMME, EntityKind.PLACE), strict=True):
        assert all(BY_CATEGORY[category].kind == kind for _, category in table)


def test_a_category_outside_the_scheme_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError, match=r"user.tsv:1: category 'school' is not one of academy"):
        parse_tsv("某某学堂\tinstitution\t\t\t\tschool", "user.tsv")


def test_each_kind_links_to_its_parent_with_its_own_property() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE)
    links = {k.kind: k.parent_link for k in KINDS}
    assert links[EntityKind.PLACE] == "schema:containedInPlace"
    assert links[EntityKind.INSTITUTION] == "org:subOrganizationOf"
    assert len(set(links.values())) == len(KINDS)
    assert (PKG.Place, RDFS.subClassOf, URIRef("http://purl.org/dc/terms/Location")) in ontology


def _resolved(*targets: Target) -> ResolvedDocument:
    text = "目标。" * 20
    doc = PolicyDocument(id="t", source="t.txt", text=text, sha256="0" * 64, title="t")
    return ResolvedDocument(doc, Extraction(targets=targets))


@pytest.mark.parametrize(
    ("comparator", "value_max", "where"),
    [
        (None, None, {"value"}),
        ("=", None, {"value"}),
        ("~", None, {"value"}),
        (">", None, {"minValue"}),
        (">=", None, {"minValue"}),
        ("<", None, {"maxValue"}),
        ("<=", None, {"maxValue"}),
        (None, 3.0, {"minValue", "maxValue"}),
    ],
)
def test_a_target_puts_its_number_where_its_comparator_says(
    comparator: str | None, value_max: float | None, where: set[str]
) -> None:
    target = Target("2个", 0, 2, 2.0, "%", comparator=comparator, value_max=value_max)
    graph = document_triples(_resolved(target))
    (ti,) = {s for s, p, o in graph if o == PKG.Target}
    placed = {
        str(p).removeprefix(str(SDO)) for s, p, o in graph if s == ti and p in (SDO.value, SDO.minValue, SDO.maxValue)
    }
    assert placed == where
    assert (ti, SDO.unitText, Literal("%")) in graph  # a plain literal: a unit has no language
    assert (ti, SDO.unitCode, UNIT.PERCENT) in graph


def test_units_are_qudt_iris_where_qudt_has_them() -> None:
    assert unit_code("元") == UNIT.CCY_CNY and unit_code("公顷") == UNIT.HA and unit_code("吨") == UNIT.TONNE
    assert unit_code("家") is None and unit_code("亩") is None and unit_code("百分点") is None


def test_the_done_query_gives_cas_its_wikidata_item(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    rows = store.select(CAS_QUERY).rows
    store.close()
    assert {row[0] for row in rows} >= {WD.Q530471}
    assert URIRef("https://ror.org/034t30j35") in {row[0] for row in rows}


def test_every_id_row_of_the_gazetteer_names_its_source() -> None:
    ids = 0
    for raw in DEFAULT_ALIASES.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        row = dict(zip(COLUMNS, raw.split("\t"), strict=False))
        if row.get("wikidata") or row.get("ror"):
            ids += 1
            assert re.fullmatch(r"https://ror\.org/0[a-z0-9]{8}", row["id_source"]), row["canonical"]
            assert row["id_source"].endswith(row["ror"]), row["canonical"]  # the record that states both
    assert ids >= 50
    assert default_gazetteer().get("中国科学院") == Entity(
        "中国科学院", EntityKind.INSTITUTION, "中国科学院", ("中科院",), "Chinese Academy of Sciences", None,
        "academy", "Q530471", "034t30j35",
    )  # fmt: skip


def test_an_id_without_its_source_or_malformed_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"u.tsv:1: an external id needs the URL of the source"):
        parse_tsv("某研究院\tinstitution\t\t\t\tinstitute\tQ123", "u.tsv")
    with pytest.raises(ConfigError, match=r"u.tsv:1: wikidata 'q12x' is not a Wikidata item id"):
        parse_tsv("某研究院\tinstitution\t\t\t\tinstitute\tq12x\t\thttps://example.org/x", "u.tsv")


def test_a_users_alias_file_adds_an_identifier(tmp_path: Path) -> None:
    user = tmp_path / "aliases.tsv"
    user.write_text("青岛大学\tinstitution\t\t\t\t\tQ82267\t\thttps://example.org/record\n", encoding="utf-8")
    gazetteer = load_gazetteer([user])
    assert gazetteer.get("青岛大学").wikidata == "Q82267"  # type: ignore[union-attr]
    user.write_text("国家海洋技术转移中心\tinstitution\t\t\t\t\tQ999\t\thttps://example.org/record\n", encoding="utf-8")
    entity = load_gazetteer([user]).get("国家海洋技术转移中心")
    assert entity is not None and entity.wikidata == "Q999"
    doc = PolicyDocument(id="u", source="u.txt", text="x", sha256="0" * 64, title="u")
    graph = document_triples(ResolvedDocument(doc, Extraction(), entities=(entity,)))
    assert any(p == OWL.sameAs and o == WD.Q999 for _, p, o in graph)


def test_the_ontology_is_its_own_named_graph_in_the_store_and_in_the_export(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    assert store.ask("ASK { GRAPH <https://w3id.org/policykg/ontology> { pkg:Place a owl:Class } }")
    assert store.ask("ASK { ?s a owl:Class }")
    assert ONTOLOGY not in store.documents()
    dataset = Dataset()
    dataset.parse(data=serialize_graph(store, "nquads"), format="nquads")
    store.close()
    assert len(dataset.graph(ONTOLOGY)) == len(ontology_graph())


def test_the_ontology_is_written_once_per_version(tmp_path: Path) -> None:
    with Corpus.open(str(tmp_path), write=True) as corpus:
        assert corpus.load_ontology() is True
        assert corpus.load_ontology() is False
        assert corpus.store.documents() == []


def test_each_document_records_its_ingest_as_a_prov_activity(seed_store: str, seed_path: Path) -> None:
    store = open_store(Path(seed_store) / "graph")
    doc = document_iri("qingdao-most-2016-goals")
    rows = store.select(
        """SELECT ?activity ?version ?method ?start ?end ?name ?sha ?doc_sha WHERE {
             ?doc prov:wasGeneratedBy ?activity ; prov:wasDerivedFrom ?source ; pkg:sha256 ?doc_sha .
             ?activity a pkg:Ingest ; prov:wasAssociatedWith pkg:policykg ;
               pkg:softwareVersion ?version ; pkg:extractionMethod ?method ;
               prov:startedAtTime ?start ; prov:endedAtTime ?end ; prov:used ?source .
             ?source a pkg:SourceFile ; pkg:sourceFile ?name ; pkg:sha256 ?sha . }""",
        {"doc": doc},
    ).rows
    assert len(rows) == 1 and (PKG.Ingest, RDFS.subClassOf, PROV.Activity) in ontology_graph()
    activity, version, method, start, end, name, sha, doc_sha = rows[0]
    assert str(version) == __version__ and "rules" in str(method)
    assert str(name) == seed_path.name and str(sha) == str(doc_sha) and len(str(sha)) == 64
    assert start.datatype == end.datatype == XSD.dateTime and str(start) <= str(end)  # type: ignore[union-attr]
    ungenerated = store.select(
        """SELECT ?fact WHERE { VALUES ?class { pkg:Goal pkg:Section pkg:Passage pkg:Mention pkg:Target }
             ?fact a ?class FILTER NOT EXISTS { ?fact prov:wasGeneratedBy ?activity } }""",
        {"activity": activity},
    ).rows
    facts = store.select("SELECT (COUNT(?f) AS ?n) WHERE { ?f prov:wasGeneratedBy ?activity }", {"activity": activity})
    store.close()
    assert not ungenerated and int(str(facts.rows[0][0])) > 100
