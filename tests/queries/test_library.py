"""The library's queries that policykg runs itself, pinned to their answers on the seed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.build import GRAPH_VERSION
from graph.iri import document_iri, goal_iri
from graph.store import GraphStore, open_store
from ingest.gazetteer import gazetteer_version
from policykg.errors import QueryError
from queries import library

DOC = "qingdao-most-2016-goals"
CAS = URIRef("https://w3id.org/policykg/id/institution/zhongguokexueyuan-07e4e2")
PKG = "https://w3id.org/policykg/ontology#"


@pytest.fixture(scope="module")
def store(seed_store: str) -> Iterator[GraphStore]:
    opened = open_store(Path(seed_store) / "graph")
    yield opened
    opened.close()


def test_class_counts(store: GraphStore) -> None:
    counts = {
        str(r["class"]).removeprefix(PKG): int(str(r["n"])) for r in library.select(store, "class_counts").records()
    }
    assert counts == {
        "PolicyDocument": 1,
        "Goal": 11,
        "Institution": 42,
        "Programme": 38,
        "Place": 3,
        "Target": 24,
        "Mention": 83,
        "Passage": 198,
    }


def test_document_version_and_existence(store: GraphStore) -> None:
    (row,) = library.select(store, "document_version", document=document_iri(DOC)).rows
    assert str(row[0]) == "e602b69e5179b484a729883c9c4e11823e5dd72e0e3553a5e0a4e4a19f938912"
    assert str(row[1]) == str(GRAPH_VERSION) and str(row[2]) == gazetteer_version()
    assert library.ask(store, "document_exists", document=document_iri(DOC)) is True
    assert library.ask(store, "document_exists", document=document_iri("no-such-plan")) is False


def test_goal_texts_and_passages(store: GraphStore) -> None:
    goals = {int(str(r["number"])): r for r in library.select(store, "goal_texts").records()}
    assert sorted(goals) == list(range(1, 12))
    first = goals[1]
    assert (str(first["title"]), int(str(first["start"])), int(str(first["end"]))) == (
        "强化“十三五”科技工作谋划",
        84,
        358,
    )
    assert str(first["text"]).startswith("深入贯彻落实国家创新驱动发展战略纲要")
    passages = library.select(store, "passages").records()
    assert Counter(str(r["kind"]) for r in passages) == {"clause": 133, "sentence": 54, "goal": 11}
    assert all(r["goal"] is not None and str(r["document"]) == DOC for r in passages)


def test_goal_detail_and_spans(store: GraphStore) -> None:
    (row,) = library.select(store, "goal_detail", goal=goal_iri(DOC, 2)).records()
    assert (str(row["title"]), int(str(row["start"])), str(row["doc_title"])) == (
        "集聚高端创新资源",
        373,
        "市科技局2016年度业务职能目标",
    )
    spans = library.select(store, "goal_spans", goal=goal_iri(DOC, 2)).records()
    assert len(spans) == 22
    assert [str(s["kind"]) for s in spans[:2]] == ["programme", "institution"]
    assert (str(spans[0]["exact"]), int(str(spans[0]["start"])), int(str(spans[0]["end"]))) == (
        "中科院第二轮合作协议",
        376,
        386,
    )
    assert Counter(str(s["kind"]) for s in spans) == {"institution": 15, "place": 3, "programme": 2, "target": 2}


def test_entity_detail(store: GraphStore) -> None:
    rows = library.select(store, "entity_detail", entity=CAS).records()
    assert {str(r["label"]) for r in rows} == {"中国科学院"}
    assert {str(r["label_en"]) for r in rows} == {"Chinese Academy of Sciences"}
    assert {str(r["alias"]) for r in rows} == {"中科院"} and {str(r["category"]) for r in rows} == {"academy"}
    assert all(r["parent"] is None for r in rows)
    assert len({r["child"] for r in rows}) == 5 and "中国科学院自动化研究所" in {str(r["child_label"]) for r in rows}


def test_document_overview(store: GraphStore) -> None:
    (row,) = library.select(store, "document_overview").records()
    assert {k: str(v) for k, v in row.items()} == {
        "id": DOC,
        "title": "市科技局2016年度业务职能目标",
        "issuer": "青岛市科学技术局",
        "issued": "2016-11-02",
        "source": "qingdao-most-2016-goals.txt",
        "goals": "11",
    }


def test_network_rows(store: GraphStore) -> None:
    edges = library.select(store, "goal_entity_mentions").records()
    assert len(edges) == 81 and all(str(r["document"]) == DOC for r in edges)
    assert {str(r["kind"]) for r in edges} == {"institution", "programme", "place"}
    assert sum(1 for r in edges if r["entity"] == CAS) == 1
    parents = library.select(store, "sub_organisations").records()
    assert len(parents) == 9 and sum(1 for r in parents if r["parent"] == CAS) == 5  # places are in places, not here
    assert all(r["label"] is not None for r in parents)


def test_institution_names_hold_every_label_in_every_language(store: GraphStore) -> None:
    names = {(r["institution"], r["label"]) for r in library.select(store, "institution_names").records()}
    assert len(names) == 101
    assert {(CAS, Literal("中国科学院", lang="zh")), (CAS, Literal("中科院", lang="zh"))} <= names
    assert (CAS, Literal("Chinese Academy of Sciences", lang="en")) in names


def test_a_query_of_another_form_is_an_error(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="expected an ASK query, got a SELECT query"):
        library.ask(store, "documents")
    with pytest.raises(QueryError, match="expected a SELECT query, got an ASK query"):
        library.select(store, "document_exists")
    with pytest.raises(QueryError, match="no named query 'nope'"):
        library.select(store, "nope")


def test_document_sources_and_searchable_documents(store: GraphStore) -> None:
    (row,) = library.select(store, "document_sources").records()
    assert str(row["id"]) == DOC and str(row["file"]) == f"{DOC}.txt" and len(str(row["sha"])) == 64
    assert str(row["path"]).endswith(f"{DOC}.txt")  # the resolved path the file was read from
    assert [str(r[0]) for r in library.select(store, "searchable_documents").rows] == [DOC]
