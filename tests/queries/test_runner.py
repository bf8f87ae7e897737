"""The safe runner: read-only, a time limit that really stops a query, row limits, one-line errors."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.results import SelectResult
from graph.store import GraphStore, open_store
from policykg.errors import QueryError, QuerySyntaxError, QueryTimeoutError, ReadOnlyError
from queries import worker
from queries.runner import run_query

P = URIRef("https://w3id.org/policykg/ontology#text")
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _graph(n: int, tag: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/{tag}/{i}"), P, Literal(f"文本{i}", lang="zh")))
    return g


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    opened = open_store(tmp_path_factory.mktemp("runner") / "graph", write=True)
    opened.replace_document(URIRef("https://example.org/doc/a"), _graph(1000, "a"))
    yield opened
    opened.close()


def test_a_runaway_query_stops_at_the_limit_and_the_process_stays_healthy(store: GraphStore) -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="time limit"):
        run_query(store, CARTESIAN, timeout_s=1.0)  # 10^9 rows: minutes if not stopped
    assert time.monotonic() - start < 3.0
    result = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(result, SelectResult) and result.rows[0][0] == Literal(1000)


def test_queries_run_side_by_side(store: GraphStore) -> None:
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(run_query(store, "ASK { ?s ?p ?o }"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [True] * 4


def test_workers_see_later_ingests(store: GraphStore) -> None:
    assert run_query(store, "ASK { <https://example.org/b/1> ?p ?o }") is False
    store.replace_document(URIRef("https://example.org/doc/b"), _graph(3, "b"))
    assert run_query(store, "ASK { <https://example.org/b/1> ?p ?o }") is True


@pytest.mark.parametrize(
    "query",
    [
        "DROP ALL",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/x.ttl>",
        "CLEAR DEFAULT",
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service<http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_updates_and_service_are_refused(store: GraphStore, query: str) -> None:
    with pytest.raises(ReadOnlyError):
        run_query(store, query)


def test_keywords_inside_names_and_strings_are_fine(store: GraphStore) -> None:
    query = 'SELECT ?add ?drop WHERE { ?add pkg:text ?drop FILTER(?drop != "DROP ALL") } LIMIT 1'
    result = run_query(store, query)
    assert isinstance(result, SelectResult) and len(result.rows) == 1


def test_malformed_query_is_one_line_with_the_position(store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        run_query(store, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    message = str(error.value)
    assert "3:12" in message and "\n" not in message and len(message) < 220


def test_row_limit(store: GraphStore) -> None:
    result = run_query(store, "SELECT ?s WHERE { ?s ?p ?o }", max_rows=7)
    assert isinstance(result, SelectResult) and len(result.rows) == 7 and result.truncated


def test_the_in_memory_store_has_the_same_guard() -> None:
    memory = open_store(":memory:")
    memory.replace_document(URIRef("https://example.org/doc/a"), _graph(5, "a"))
    assert run_query(memory, "ASK { ?s pkg:text ?o }") is True
    with pytest.raises(ReadOnlyError):
        run_query(memory, "DROP ALL")


def test_a_store_file_deleted_while_the_worker_lists_them_is_no_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer's compaction removes tables between the worker's listing and its stat (once a flaky CI run)."""
    for name in ("000001.sst", "000002.sst", "CURRENT"):
        (tmp_path / name).write_bytes(b"x")
    before = worker.fingerprint(str(tmp_path))
    real_scandir = os.scandir

    class Vanishing:
        def __init__(self, path: str) -> None:
            self.inner = real_scandir(path)

        def __enter__(self) -> Iterator[os.DirEntry[str]]:
            for entry in self.inner:
                if entry.name == "000001.sst":
                    os.remove(entry.path)  # gone after the listing, before the stat
                yield entry

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

    monkeypatch.setattr(worker.os, "scandir", Vanishing)
    after = worker.fingerprint(str(tmp_path))
    assert [name for name, _, _ in after] == ["000002.sst", "CURRENT"] and after != before


def test_replies_send_each_term_once_and_come_back_as_the_same_terms(tmp_path: Path) -> None:
    """The worker's reply holds a table of distinct terms and rows of positions (queries.worker.TermTable)."""
    import pyoxigraph as ox
    from rdflib.namespace import XSD

    from graph.vocab import PREFIXES

    g = Graph()
    doc, node = URIRef("https://example.org/doc/t"), URIRef("https://example.org/t/other")
    for i in range(40):
        s = URIRef(f"https://example.org/t/{i % 4}")  # subjects and objects repeat across rows
        g.add((s, P, Literal(f"文本{i % 3}", lang="zh")))
        g.add((s, URIRef("https://example.org/n"), Literal(i % 5)))
    g.add((node, P, Literal("plain")))
    g.add((node, P, Literal("x", datatype=XSD.token)))
    g.add((node, P, Literal("en text", lang="en")))
    opened = open_store(tmp_path / "graph", write=True)
    opened.replace_document(doc, g)
    select = "SELECT ?s ?o ?n WHERE { ?s pkg:text ?o OPTIONAL { ?s <https://example.org/n> ?n } } ORDER BY ?s ?o ?n"
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    try:
        in_process, through_worker = opened.query(select), run_query(opened, select)
        assert isinstance(in_process, SelectResult) and through_worker == in_process
        assert None in in_process.column("n") and len(in_process.rows) == 4 * 3 * 5 + 3
        graph = run_query(opened, construct)
        assert isinstance(graph, Graph) and set(graph) == set(g)

        reply = worker.answer(ox.Store.read_only(str(tmp_path / "graph")), (select, PREFIXES, {}, None, None))
        _, _, terms, rows, truncated = reply
        cells = {cell for row in in_process.rows for cell in row if cell is not None}
        assert len(terms) == len(set(terms)) == len(cells) and not truncated
        assert all(i is None or 0 <= i < len(terms) for row in rows for i in row)
    finally:
        opened.close()


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE " + "{" * 100_000 + "?s ?p ?o" + "}" * 100_000,
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 100_000 + "1" + ")" * 100_000 + ") }",
        "SELECT * WHERE { #x\r" + "{" * 5_000 + "?s ?p ?o" + "}" * 5_000 + " }",  # \r ends the comment
    ],
    ids=["groups", "expression", "after-a-comment"],
)
def test_a_deeply_nested_query_is_refused_as_such(store: GraphStore, sparql: str) -> None:
    """100,000 nested groups overflowed the worker's stack: reported as "out of memory?"."""
    with pytest.raises(QueryError, match=r"nested too deeply \(\d+ levels of brackets; at most 500\)"):
        run_query(store, sparql)
    nested = "SELECT * WHERE " + "{" * 40 + '?s ?p ?o FILTER("' + "{" * 600 + '" != "")' + "}" * 40
    result = run_query(store, nested, max_rows=3)  # brackets in a string do not nest
    assert isinstance(result, SelectResult) and len(result.rows) == 3


def test_an_in_process_answer_stops_at_the_byte_limit() -> None:
    memory = open_store(":memory:")
    memory.replace_document(URIRef("https://example.org/doc/a"), _graph(200, "a"))
    result = run_query(memory, "SELECT ?s ?o WHERE { ?s ?p ?o }", max_bytes=2_000)
    assert isinstance(result, SelectResult) and result.truncated and result.cut_by == "bytes"
    assert 0 < len(result.rows) < 100
