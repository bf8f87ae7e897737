"""Dereferenceable IRIs: GET on an entity, goal or document path of a real `policykg serve`, with curl."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.iri import BASE, document_iri, entity_iri, goal_iri
from graph.store import open_store
from queries.endpoint import Limits, serving
from tests.queries.test_endpoint import curl

CAS = entity_iri("institution", "中国科学院")
GOAL = goal_iri("qingdao-most-2016-goals", 2)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(seed_store: str) -> Iterator[str]:
    """The seed served as `policykg serve` serves it; yields http://host:port (no path)."""
    store = open_store(Path(seed_store) / "graph")
    with serving(store, Limits(max_rows=500, timeout_s=5.0)) as url:
        yield url.removesuffix("/sparql")
    store.close()


def path(iri: URIRef) -> str:
    return "/" + str(iri).removeprefix(BASE)


def test_an_entity_path_answers_its_triples_in_turtle(server: str) -> None:
    status, headers, body = curl("-H", "Accept: text/turtle", server + path(CAS))
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=body, format="turtle")
    assert (CAS, SKOS.prefLabel, Literal("中国科学院", lang="zh")) in graph
    # its own triples, and the labels of what it links to (its class, its category concept)
    assert set(graph.subjects()) - {CAS} <= set(graph.objects(CAS, None)) and (CAS, None, None) in graph


@pytest.mark.parametrize(("accept", "parser"), [("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_a_goal_path_in_ntriples_and_jsonld_with_its_links_labelled(server: str, accept: str, parser: str) -> None:
    status, headers, body = curl("-H", f"Accept: {accept}", server + path(GOAL))
    assert status == 200 and headers["content-type"].startswith(accept)
    graph = Graph().parse(data=body, format=parser)
    assert (GOAL, DCTERMS.title, Literal("集聚高端创新资源", lang="zh")) in graph
    document = document_iri("qingdao-most-2016-goals")
    assert (GOAL, DCTERMS.isPartOf, document) in graph and (document, DCTERMS.title, None) in graph


def test_a_browser_gets_a_page_linking_the_linked_resources(server: str) -> None:
    status, headers, body = curl("-H", f"Accept: {BROWSER}", server + path(GOAL))
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>集聚高端创新资源</h1>" in body
    assert '<a href="/id/doc/qingdao-most-2016-goals">市科技局2016年度业务职能目标' in body
    status, _, body = curl("-H", "Accept: text/html", server + path(document_iri("qingdao-most-2016-goals")))
    assert status == 200 and "characters; the whole value is in the Turtle" in body  # the text, cut for the page


def test_unknown_paths_are_404_and_unacceptable_types_406(server: str) -> None:
    status, _, body = curl(server + "/id/institution/nothing-000000")
    assert status == 404 and body.count("\n") == 1 and "says nothing of" in body
    status, _, body = curl(server + "/elsewhere")
    assert status == 404 and body.count("\n") == 1
    status, _, body = curl("-H", "Accept: image/png", server + path(CAS))
    assert status == 406 and body.count("\n") == 1 and "text/turtle" in body


def test_the_row_limit_binds_on_descriptions(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    with serving(store, Limits(max_rows=3)) as url:
        status, headers, body = curl("-H", "Accept: text/turtle", url.removesuffix("/sparql") + path(GOAL))
    store.close()
    assert status == 200 and headers["x-policykg-truncated"] == "rows; limit=3"
    assert len(Graph().parse(data=body, format="turtle")) == 3


def test_the_public_base_maps_its_paths_and_the_page_links_there(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    public = "https://kg.example.org/policy/"
    with serving(store, public_base=public) as url:
        root = url.removesuffix("/sparql")
        status, _, body = curl("-H", "Accept: application/ld+json", root + "/policy" + path(CAS))
        assert status == 200 and json.loads(body)
        status, _, body = curl("-H", "Accept: text/html", root + "/policy" + path(GOAL))
        assert status == 200 and '<a href="https://kg.example.org/policy/id/doc/qingdao-most-2016-goals">' in body
        assert curl(root + path(CAS))[0] == 200  # a bare /id/… still answers
    store.close()


def test_document_text_is_never_markup_on_the_page() -> None:
    doc = document_iri("markup")
    graph = Graph()
    graph.add((doc, RDF.type, URIRef("https://w3id.org/policykg/ontology#PolicyDocument")))
    graph.add((doc, DCTERMS.title, Literal('<script>alert(1)</script>"><img src=x>', lang="zh")))
    store = open_store(":memory:")
    store.replace_document(doc, graph)
    with serving(store) as url:
        status, _, body = curl("-H", "Accept: text/html", url.removesuffix("/sparql") + path(doc))
    assert status == 200 and "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;" in body


def test_a_base_that_is_no_http_iri_is_one_line(seed_store: str) -> None:
    from click.testing import CliRunner

    from policykg.cli import main

    result = CliRunner().invoke(main, ["--store", seed_store, "serve", "--base-iri", "ftp://kg.example.org"])
    assert result.exit_code == 1 and "must be an http(s) IRI ending in /" in result.output
    assert result.output.count("\n") == 1
