"""Hostile SPARQL through ``run_query`` on the real embedded store: updates, LOAD and SERVICE are
refused before any store sees them; runaway queries stop at the time limit and the process (and
its worker pool) answers normally afterwards; regex bombs and deep nesting are refused or bounded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from graph.oxigraph_store import OxigraphStore
from graph.results import SelectResult
from graph.store import open_store
from policykg.errors import PolicyKGError, QueryError, QueryTimeoutError, ReadOnlyError
from queries.runner import run_query

HEALTHY = "SELECT (COUNT(*) AS ?n) WHERE { ?doc a pkg:PolicyDocument }"


@pytest.fixture(scope="module")
def store(seed_store: str) -> Iterator[OxigraphStore]:
    opened = open_store(os.path.join(seed_store, "graph"))
    assert isinstance(opened, OxigraphStore)
    yield opened
    opened.close()


def assert_healthy(store: OxigraphStore) -> None:
    result = run_query(store, HEALTHY, timeout_s=30)
    assert isinstance(result, SelectResult)
    assert int(str(result.rows[0][0])) == 1  # the seed, and nothing else


@pytest.mark.parametrize(
    "sparql",
    [
        "INSERT DATA { <urn:x> <urn:p> 1 }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/data.ttl>",
        "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>",
        "CREATE GRAPH <urn:g>",
        "COPY DEFAULT TO <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * where { service <http://evil/> { ?s ?p ?o } }",
        "PREFIX x: <urn:x#>\nSELECT * WHERE { ?s ?p ?o } ;\nDROP ALL",
        "# comment\n  insert data { <urn:x> <urn:p> 1 }",
    ],
)
def test_updates_load_and_service_are_refused(store: OxigraphStore, sparql: str) -> None:
    before = len(store)
    with pytest.raises(ReadOnlyError) as caught:
        run_query(store, sparql, timeout_s=30)
    assert "\n" not in str(caught.value)
    assert len(store) == before


def test_update_keywords_inside_strings_and_names_are_not_refused(store: OxigraphStore) -> None:
    sparql = 'SELECT ?delete WHERE { BIND("DROP ALL; SERVICE <x>" AS ?delete) } # INSERT'
    result = run_query(store, sparql, timeout_s=30)
    assert isinstance(result, SelectResult) and str(result.rows[0][0]) == "DROP ALL; SERVICE <x>"


def test_cartesian_product_stops_at_the_limit_and_the_process_stays_healthy(store: OxigraphStore) -> None:
    bomb = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError) as caught:
        run_query(store, bomb, timeout_s=2)
    elapsed = time.monotonic() - started
    assert elapsed < 2 + 15, f"stopped only after {elapsed:.1f} s"
    assert "time limit" in str(caught.value)
    assert_healthy(store)


def test_huge_optional_chain_is_bounded_in_rows(store: OxigraphStore) -> None:
    # Without an aggregate the product streams: the row limit cuts it, quickly.
    sparql = "SELECT * WHERE { ?a ?b ?c OPTIONAL { ?d ?e ?f } OPTIONAL { ?g ?h ?i } }"
    result = run_query(store, sparql, max_rows=500, timeout_s=20)
    assert isinstance(result, SelectResult)
    assert len(result.rows) == 500 and result.truncated
    assert_healthy(store)


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", "(a|aa)+$", "(.*a){20}", "((a*)*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$"],
)
def test_regex_bombs_are_bounded(store: OxigraphStore, pattern: str) -> None:
    sparql = (
        'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . BIND(CONCAT(REPEAT_ME, "!") AS ?t) FILTER(REGEX(?t, "PATTERN")) }'
    )
    sparql = sparql.replace("REPEAT_ME", " , ".join(['"' + "a" * 60 + '"'] * 4)).replace("PATTERN", pattern)
    started = time.monotonic()
    try:
        run_query(store, sparql, timeout_s=3)
    except PolicyKGError as exc:
        assert isinstance(exc, QueryError), exc
    assert time.monotonic() - started < 3 + 15
    assert_healthy(store)


@pytest.mark.parametrize("depth", [200, 5_000, 50_000])
def test_deeply_nested_expressions_are_refused_or_bounded(store: OxigraphStore, depth: int) -> None:
    expression = "(" * depth + "1" + ")" * depth
    sparql = f"SELECT ?x WHERE {{ BIND({expression} AS ?x) }}"
    started = time.monotonic()
    try:
        result = run_query(store, sparql, timeout_s=5)
        assert isinstance(result, SelectResult)
    except PolicyKGError as exc:
        assert isinstance(exc, QueryError), exc
        assert "\n" not in str(exc)
    assert time.monotonic() - started < 5 + 15
    assert_healthy(store)


@pytest.mark.parametrize("depth", [5_000, 50_000])
def test_deeply_nested_groups_are_refused_or_bounded(store: OxigraphStore, depth: int) -> None:
    sparql = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth + " LIMIT 1"
    try:
        run_query(store, sparql, timeout_s=5)
    except PolicyKGError as exc:
        assert isinstance(exc, QueryError), exc
    assert_healthy(store)
