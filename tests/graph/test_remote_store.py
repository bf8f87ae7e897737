"""The remote store against a real `oxigraph serve`: one named graph per document, replaced on re-ingest."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.oxigraph_server import start_server
from graph.remote_store import RemoteStore, endpoints
from graph.results import SelectResult
from graph.store import open_store
from policykg.errors import ConfigError, QuerySyntaxError, StoreError

DOC = URIRef("https://w3id.org/policykg/id/doc/test-doc")
PKG = "https://w3id.org/policykg/ontology#"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    process, base = start_server(tmp_path / "db", "--union-default-graph")
    yield base
    process.terminate()
    process.wait(10)


def _doc(title: str) -> Graph:
    g = Graph()
    g.add((DOC, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(PKG + "PolicyDocument")))
    g.add((DOC, URIRef("http://purl.org/dc/terms/title"), Literal(title, lang="zh")))
    return g


def test_endpoints_from_location() -> None:
    assert endpoints("http://h:7878/query") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("http://h/sparql") == ("http://h/sparql", "http://h/sparql")
    assert endpoints("http://h/repositories/r?update=/repositories/r/statements") == (
        "http://h/repositories/r",
        "http://h/repositories/r/statements",
    )
    with pytest.raises(ConfigError):
        endpoints("ftp://h/x")


def test_replace_remove_and_read_back(server: str) -> None:
    store = open_store(f"sparql+{server}/query", write=True)
    assert isinstance(store, RemoteStore) and store.documents() == [] and len(store) == 0
    store.replace_document(DOC, _doc("第一版"))
    store.replace_document(DOC, _doc("第二版"))  # replaces, never merges
    assert store.documents() == [DOC] and len(store) == 2
    titles = store.query("SELECT ?t WHERE { ?d dcterms:title ?t }")
    assert isinstance(titles, SelectResult) and titles.rows == ((Literal("第二版", lang="zh"),),)
    assert sorted(q[3] for q in store.quads()) == [DOC, DOC]
    assert store.query("ASK { ?d a pkg:PolicyDocument }") is True
    with pytest.raises(QuerySyntaxError, match="1:11"):
        store.query("SELECT * {")
    assert store.remove_document(DOC) and not store.remove_document(DOC)
    assert len(store) == 0
    store.close()


def test_server_without_union_default_graph_is_refused(tmp_path: Path) -> None:
    process, base = start_server(tmp_path / "db")
    try:
        RemoteStore(base + "/query").replace_document(DOC, _doc("x"))
        with pytest.raises(ConfigError, match="union"):
            RemoteStore(base + "/query")
    finally:
        process.terminate()
        process.wait(10)


def test_unreachable_server_is_one_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore(f"http://127.0.0.1:{port}/query")


class _NotSparql(http.server.BaseHTTPRequestHandler):
    """A web server that is no SPARQL endpoint: ASK gets a real answer, anything else a web page."""

    def do_POST(self) -> None:
        text = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        ask = "ASK" in text and self.server.answers_ask  # type: ignore[attr-defined]
        body = b'{"head": {}, "boolean": true}' if ask else b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")  # as a misconfigured proxy says
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("answers_ask", [False, True])
def test_a_server_answering_no_sparql_result_is_one_clear_error(answers_ask: bool) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotSparql)
    server.answers_ask = answers_ask  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(StoreError, match=r"no SPARQL result .*Welcome to nginx"):
            RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/query").query("SELECT * { ?s ?p ?o }")
    finally:
        server.shutdown()
        server.server_close()


class _Flood(http.server.BaseHTTPRequestHandler):
    """A server whose every SELECT answer is valid SPARQL JSON of a few megabytes."""

    def do_POST(self) -> None:
        text = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        if "ASK" in text:
            body = b'{"head": {}, "boolean": true}'
        else:
            row = b'{"t": {"type": "literal", "value": "' + b"x" * 1000 + b'"}}'
            body = b'{"head": {"vars": ["t"]}, "results": {"bindings": [' + b",".join([row] * 4000) + b"]}}"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_an_answer_over_the_reply_limit_is_refused_unread() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flood)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        assert len(RemoteStore(url).select("SELECT ?t { ?s ?p ?t }").rows) == 4000  # 4 MB: under the default
        small = RemoteStore(url, max_reply_bytes=1_000_000)
        with pytest.raises(StoreError, match=r"answered more than 1,000,000 bytes; add a LIMIT") as info:
            small.select("SELECT ?t { ?s ?p ?t }")
        assert "\n" not in str(info.value)
    finally:
        server.shutdown()
        server.server_close()
