"""The seed's graph in a real Oxigraph store: stable IRIs, idempotent re-ingest, provenance."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.build import build_graph
from graph.iri import document_iri, goal_iri
from graph.results import SelectResult
from graph.store import open_store
from graph.vocab import ontology_graph
from ingest.pipeline import process_file
from policykg.corpus import Corpus
from policykg.kinds import parent_path
from queries.export import serialize_graph

ONTOLOGY = Path(__file__).resolve().parents[2] / "graph" / "ontology.ttl"


def test_iris_are_stable_across_runs(seed_path: Path) -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)  # the ingest's time is the one thing that differs
    first, second = build_graph(process_file(seed_path), at, at), build_graph(process_file(seed_path), at, at)
    assert isomorphic(first, second)
    assert set(first.subjects()) == set(second.subjects())
    assert (goal_iri("qingdao-most-2016-goals", 2), None, None) in first


def test_every_fact_has_a_span_into_the_document(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    query = """
    SELECT ?x ?exact ?start ?end ?text WHERE {
      ?x pkg:exact ?exact ; pkg:span ?sel ; oa:hasSource ?doc .
      ?sel oa:start ?start ; oa:end ?end .
      ?doc pkg:text ?text .
    }"""
    result = store.query(query)
    assert isinstance(result, SelectResult) and len(result.rows) > 50
    for x, exact, start, end, text in result.rows:
        assert str(text)[int(start) : int(end)] == str(exact), x  # type: ignore[call-overload]
    store.close()


def test_reingest_replaces_the_named_graph(tmp_path: Path, seed_path: Path) -> None:
    with Corpus.open(str(tmp_path), write=True) as corpus:
        first = corpus.ingest([seed_path], with_index=False)  # the graph alone; search has its own tests
        size = len(corpus.store)
        again = corpus.ingest([seed_path], with_index=False)
        forced = corpus.ingest([seed_path], force=True, with_index=False)
        assert (first.added, again.unchanged, forced.updated) == ([str(seed_path)], [str(seed_path)], [str(seed_path)])
        assert len(corpus.store) == size
        assert corpus.store.documents() == [document_iri("qingdao-most-2016-goals")]
        assert corpus.stats()["goals"] == 11
        assert corpus.store.remove_document(document_iri("qingdao-most-2016-goals"))
        assert len(corpus.store) == len(ontology_graph())  # the ontology's own graph stays


def test_ontology_parses_and_documents_every_pkg_term_used(seed_store: str) -> None:
    ontology = Graph().parse(ONTOLOGY)
    defined = {s for s in ontology.subjects() if str(s).startswith("https://w3id.org/policykg/ontology#")}
    store = open_store(Path(seed_store) / "graph")
    used = {t for quad in store.quads() for t in quad[1:3] if isinstance(t, URIRef) and "ontology#" in str(t)}
    store.close()
    assert used <= defined, used - defined


def test_turtle_export_parses_back_and_passes_rapper(seed_store: str, tmp_path: Path) -> None:
    store = open_store(Path(seed_store) / "graph")
    turtle = serialize_graph(store, "turtle")
    nquads = serialize_graph(store, "nquads")
    store.close()
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 1000
    assert len(Dataset().parse(data=nquads, format="nquads")) == len(graph)
    out = tmp_path / "seed.ttl"
    out.write_bytes(turtle)
    rapper = subprocess.run(["rapper", "-c", "-i", "turtle", str(out)], capture_output=True, text=True)
    if rapper.returncode == 127:  # pragma: no cover - .ci/run installs raptor2-utils
        pytest.skip("rapper not installed")
    assert rapper.returncode == 0, rapper.stderr
    assert "returned" in rapper.stderr and "triples" in rapper.stderr


def test_jsonld_round_trips(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    turtle = Graph().parse(data=serialize_graph(store, "turtle"), format="turtle")
    jsonld = Graph().parse(data=serialize_graph(store, "jsonld"), format="json-ld")
    store.close()
    assert isomorphic(turtle, jsonld)


def test_networkx_projection(seed_store: str) -> None:
    from queries.network import to_networkx

    store = open_store(Path(seed_store) / "graph")
    net = to_networkx(store)
    store.close()
    goal2 = str(goal_iri("qingdao-most-2016-goals", 2))
    labels = {net.nodes[n]["label"] for n in net.neighbors(goal2)}
    assert "中国科学院" in labels
    assert {net.nodes[n]["kind"] for n in net} >= {"goal", "institution", "programme"}


def test_search_records_rebuild_from_the_graph_alone(seed_store: str, seed_path: Path) -> None:
    from embeddings.records import records_for
    from policykg.corpus import passage_records

    store = open_store(Path(seed_store) / "graph")
    rebuilt = passage_records(store)
    store.close()
    expected = records_for(process_file(seed_path).document)

    def key(r):  # type: ignore[no-untyped-def]
        return (r.iri, r.goal, r.goal_title, r.kind, r.start, r.end, r.text)

    assert sorted(map(key, rebuilt)) == sorted(map(key, expected))


def test_derived_roll_up_edges_equal_the_property_paths(seed_store: str) -> None:
    """pkg:denotesWithin / pkg:involvesWithin are the roll-up of the parent links (org:subOrganizationOf,
    schema:containedInPlace), precomputed."""
    store = open_store(Path(seed_store) / "graph")
    pairs = {
        "SELECT DISTINCT ?a ?b WHERE { ?a pkg:denotesWithin ?b }": "SELECT DISTINCT ?a ?b WHERE "
        f"{{ ?a pkg:denotes/{parent_path()}* ?b }}",
        "SELECT DISTINCT ?a ?b WHERE { ?a pkg:involvesWithin ?b }": "SELECT DISTINCT ?a ?b WHERE "
        "{ ?a pkg:involves/org:subOrganizationOf* ?b }",
    }
    for derived, path in pairs.items():
        got, want = store.query(derived), store.query(path)
        assert isinstance(got, SelectResult) and isinstance(want, SelectResult)
        assert set(got.rows) == set(want.rows) and got.rows, derived
    lanhuasuo_goal = store.query(
        "ASK { ?m pkg:exact '兰化所'@zh ; pkg:inGoal ?g ; pkg:denotesWithin ?cas . ?g pkg:involvesWithin ?cas . "
        "?cas skos:prefLabel '中国科学院'@zh }"
    )
    assert lanhuasuo_goal is True  # a sub-organisation's goal rolls up to the academy
    store.close()


def test_documents_built_with_an_older_graph_shape_are_rebuilt(tmp_path: Path, seed_path: Path) -> None:
    with Corpus.open(str(tmp_path), write=True) as corpus:
        corpus.ingest([seed_path], with_index=False)
        doc = document_iri("qingdao-most-2016-goals")
        graph = Graph()
        for s, p, o, _g in corpus.store.quads():
            if "Within" not in str(p) and "graphVersion" not in str(p):
                graph.add((s, p, o))
        corpus.store.replace_document(doc, graph)  # as an ingest before the derived edges wrote it
        assert corpus.store.query("ASK { ?m pkg:denotesWithin ?x }") is False
        report = corpus.ingest([seed_path], with_index=False)
        assert report.updated == [str(seed_path)], report
        assert corpus.store.query("ASK { ?m pkg:denotesWithin ?x }") is True
        assert corpus.ingest([seed_path], with_index=False).unchanged == [str(seed_path)]


def test_compaction_keeps_every_quad_and_answer(tmp_path: Path, seed_path: Path) -> None:
    with Corpus.open(str(tmp_path), write=True) as corpus:
        corpus.ingest([seed_path], with_index=False)
        query = "SELECT ?g ?i WHERE { ?g pkg:involvesWithin ?i } ORDER BY ?g ?i"
        quads, answer = sorted(corpus.store.quads()), corpus.store.query(query)
        corpus.store.compact()
        assert sorted(corpus.store.quads()) == quads
        assert corpus.store.query(query) == answer
    reader = open_store(tmp_path / "graph")  # and a read-only reader opens the compacted files
    assert reader.query(query) == answer
    reader.close()


def test_a_new_document_is_written_as_a_replacement_would_write_it(tmp_path: Path, seed_path: Path) -> None:
    """New documents take the direct path (``extend``), replacements the SPARQL update: same quads,
    same default-graph mirror, and answers alike."""
    graph = build_graph(process_file(seed_path))
    doc = document_iri("qingdao-most-2016-goals")
    fresh, replaced = open_store(tmp_path / "fresh", write=True), open_store(tmp_path / "replaced", write=True)
    fresh.replace_document(doc, graph)
    placeholder = Graph()
    placeholder.add((doc, URIRef("https://example.org/p"), URIRef("https://example.org/o")))
    replaced.replace_document(doc, placeholder)
    replaced.replace_document(doc, graph)  # the document exists: the update path
    assert sorted(fresh.quads()) == sorted(replaced.quads()) and len(fresh) == len(graph) > 1000
    mirror = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # the default graph, queried without GRAPH
    assert fresh.query(mirror) == replaced.query(mirror)
    query = "SELECT ?g ?i WHERE { ?g pkg:involvesWithin ?i } ORDER BY ?g ?i"
    assert fresh.query(query) == replaced.query(query)
    fresh.close()
    replaced.close()


def test_a_document_with_blank_nodes_can_be_replaced(tmp_path: Path) -> None:
    """Blank nodes are written as IRIs under the document's, so a replacement can delete the
    default-graph mirror of the old ones (a blank node cannot be named in a delete)."""
    doc = URIRef("https://example.org/doc/b")
    graph = Graph()
    node = BNode()
    graph.add((doc, URIRef("https://example.org/p"), node))
    graph.add((node, URIRef("https://example.org/q"), Literal("值", lang="zh")))
    store = open_store(tmp_path / "graph", write=True)
    store.replace_document(doc, graph)  # new: one extend
    store.replace_document(doc, graph)  # exists: the update path
    assert len(store) == 2
    result = store.query("SELECT ?v WHERE { ?d <https://example.org/p> ?b . ?b <https://example.org/q> ?v }")
    assert isinstance(result, SelectResult) and [str(r[0]) for r in result.rows] == ["值"]
    store.close()
