"""The named query library, run the same way against the embedded store and a real SPARQL server."""

from __future__ import annotations

import pytest
from rdflib import XSD, Graph, Literal, URIRef

from graph.iri import goal_iri
from graph.results import SelectResult
from graph.store import GraphStore
from policykg.errors import QueryError
from queries.library import named_queries
from queries.params import run_named
from queries.runner import run_query

DOC = "qingdao-most-2016-goals"
CAS = URIRef("https://w3id.org/policykg/id/institution/zhongguokexueyuan-07e4e2")

CASES = [
    ("goals", {}),
    ("goal_mentions", {}),
    ("goal_mentions", {"document": DOC}),
    ("goals_by_institution", {"institution": "中科院"}),
    ("goals_by_institution", {"institution": str(CAS)}),
    ("institutions_by_goal", {"goal": f"{DOC}#2"}),
    ("targets", {}),
    ("targets", {"goal": f"{DOC}#5"}),
    ("targets_by_unit", {"unit": "元"}),
    ("headline_targets", {}),
    ("headline_targets", {"document": DOC}),
    ("programmes_by_institution", {"institution": "中科院"}),
    ("institutions_cooccurring", {"institution": "中国科学院"}),
    ("goals_sharing_institution", {}),
    ("entities_by_type", {"type": "institution"}),
    ("entities_by_type", {"type": "place"}),
    ("institution_labels", {}),
    ("institutions_by_label", {"label": '"中科院"@zh'}),
    ("entities_by_label", {"label": '"即墨市"@zh', "type": "place"}),
    ("sections", {}),
    ("documents", {}),
    ("document_mentions_by_institution", {"institution": "青岛市科学技术局"}),
    ("goals_by_lead_institution", {"institution": "中科院"}),
    ("document_version", {"document": DOC}),
    ("document_exists", {"document": DOC}),
    ("document_exists", {"document": "no-such-plan"}),
    ("ontology_version", {"ontology": "https://w3id.org/policykg/ontology", "version": "not-a-version"}),
    ("document_sources", {}),
    ("document_files", {}),
    ("document_signatures", {}),
    ("document_triples", {"document": DOC}),
    ("searchable_documents", {}),
    ("class_counts", {}),
    ("goal_texts", {}),
    ("passages", {}),
    ("goal_detail", {"goal": f"{DOC}#2"}),
    ("goal_spans", {"goal": f"{DOC}#2"}),
    ("entity_detail", {"entity": str(CAS)}),
    ("document_overview", {}),
    ("goal_entity_mentions", {}),
    ("sub_organisations", {}),
    ("entity_kinds", {}),
    ("institution_names", {}),
    ("measures", {}),
    ("measure_timeline", {}),
    ("measure_timeline", {"document": DOC}),
    ("document_entities", {"document": DOC}),
]

# ORDER BY leaves ties here (two mentions starting at the same character): engines order them differently.
TIES = {"goal_mentions", "goal_spans"}


def select(store: GraphStore, name: str, params: dict[str, str]) -> SelectResult:
    result = run_named(store, name, params)
    assert isinstance(result, SelectResult)
    return result


def answer(store: GraphStore, name: str, params: dict[str, str]) -> SelectResult | bool:
    result = run_named(store, name, params)
    assert isinstance(result, SelectResult | bool)
    return result


def test_every_named_query_is_covered_and_documented() -> None:
    assert {name for name, _ in CASES} == set(named_queries())
    for query in named_queries().values():
        assert query.title and query.description, query.name
        assert all(meaning for _, meaning in query.parameters), query.name


@pytest.fixture(scope="module")
def expected(seed_store: str) -> dict[tuple[str, str], SelectResult | bool]:
    """Answers of the embedded store: the remote server must give exactly these."""
    from pathlib import Path

    from graph.store import open_store

    store = open_store(Path(seed_store) / "graph")
    answers = {(name, repr(params)): answer(store, name, params) for name, params in CASES}
    store.close()
    return answers


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}{list(p.values())}" for n, p in CASES])
def test_same_answers_on_every_backend(
    backend: GraphStore, expected: dict[tuple[str, str], SelectResult | bool], name: str, params: dict[str, str]
) -> None:
    got, want = answer(backend, name, params), expected[(name, repr(params))]
    if isinstance(want, bool):
        assert got is want
        return
    assert isinstance(got, SelectResult)
    assert got.variables == want.variables
    if "ORDER BY" in named_queries()[name].text and name not in TIES:
        assert untimed(got.rows) == untimed(want.rows)
    else:
        assert sorted(map(repr, untimed(got.rows))) == sorted(map(repr, untimed(want.rows)))


def untimed(rows: tuple) -> list[tuple]:
    """Rows with the ingest's times (prov:startedAtTime, endedAtTime) blanked: each backend's
    store was ingested on its own, seconds apart."""
    return [tuple("<time>" if getattr(v, "datatype", None) == XSD.dateTime else v for v in row) for row in rows]


def test_goals_by_institution_rolls_up_aliases_and_sub_organisations(backend: GraphStore) -> None:
    rows = select(backend, "goals_by_institution", {"institution": "中科院"}).records()
    assert {int(str(r["number"])) for r in rows} == {2}
    assert {"中科院", "兰化所"} <= {str(r["mention"]) for r in rows}


def test_parameters_are_data_not_query_text(backend: GraphStore) -> None:
    hostile = '元" } } SELECT * WHERE { ?s ?p ?o } #'
    assert select(backend, "targets_by_unit", {"unit": hostile}).rows == ()
    with pytest.raises(QueryError, match="no institution named"):
        run_named(backend, "goals_by_institution", {"institution": "> } DROP ALL"})
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        run_named(backend, "goals", {"nope": "1"})


def test_targets_by_unit_keeps_chinese_and_language_tags(backend: GraphStore) -> None:
    rows = select(backend, "targets_by_unit", {"unit": "元"}).records()
    assert rows and rows[0]["value"] == Literal(10_000_000_000)
    assert rows[0]["text"] == Literal("超过100亿元", lang="zh")


def test_ask_construct_and_row_limit(backend: GraphStore) -> None:
    assert run_query(backend, "ASK { ?g a pkg:Goal ; pkg:number 11 }") is True
    graph = run_query(backend, "CONSTRUCT { ?g dcterms:title ?t } WHERE { ?g a pkg:Goal ; dcterms:title ?t }")
    assert isinstance(graph, Graph) and len(graph) == 11
    assert (goal_iri(DOC, 2), None, Literal("集聚高端创新资源", lang="zh")) in graph
    cut = run_query(backend, "SELECT ?s WHERE { ?s ?p ?o }", max_rows=5)
    assert isinstance(cut, SelectResult) and len(cut.rows) == 5 and cut.truncated
