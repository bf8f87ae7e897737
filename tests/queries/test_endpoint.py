"""`policykg serve`'s endpoint with real clients: SPARQLWrapper, rdflib's SPARQLStore and curl."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from graph.store import open_store
from queries.endpoint import Limits, negotiate, serving

GOAL_TITLES = "SELECT ?n ?t WHERE { ?g a pkg:Goal ; pkg:number ?n ; dcterms:title ?t } ORDER BY ?n"
FULL_TITLES = (
    "PREFIX pkg: <https://w3id.org/policykg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> " + GOAL_TITLES
)


@pytest.fixture(scope="module")
def endpoint(seed_store: str) -> Iterator[str]:
    store = open_store(Path(seed_store) / "graph")
    with serving(store, Limits(max_rows=50, timeout_s=2.0, max_body=10_000)) as url:
        yield url
    store.close()


def curl(*args: str) -> tuple[int, dict[str, str], str]:
    if shutil.which("curl") is None:  # pragma: no cover
        pytest.skip("curl not installed")
    out = subprocess.run(["curl", "-s", "-i", *args], capture_output=True, timeout=30).stdout.decode("utf-8")
    head, _, body = out.partition("\r\n\r\n")
    status_line, *lines = head.split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


def test_sparqlwrapper_select_ask_construct(endpoint: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(FULL_TITLES)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert len(rows) == 11 and rows[1]["t"] == {"type": "literal", "xml:lang": "zh", "value": "集聚高端创新资源"}  # type: ignore[index]
    client.setQuery("ASK { ?g a <https://w3id.org/policykg/ontology#Goal> }")
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index,call-overload]
    client.setMethod("POST")
    client.setQuery("CONSTRUCT WHERE { ?g a pkg:Goal ; dcterms:title ?t }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 22 and (None, None, Literal("集聚高端创新资源", lang="zh")) in graph


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = Graph(SPARQLStore(endpoint, returnFormat="json"))
    rows = list(graph.query(FULL_TITLES))
    assert len(rows) == 11 and rows[1][1] == Literal("集聚高端创新资源", lang="zh")  # type: ignore[index]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_curl_content_negotiation(endpoint: str, accept: str, media: str) -> None:
    status, headers, body = curl("-H", f"Accept: {accept}", "--data-urlencode", f"query={GOAL_TITLES}", endpoint)
    assert status == 200 and headers["content-type"].startswith(media)
    assert "集聚高端创新资源" in body


def test_cors_is_off_unless_an_origin_is_given(endpoint: str, seed_store: str) -> None:
    """With `Access-Control-Allow-Origin: *` any web page the user opens could query the endpoint."""
    origin = ("-H", "Origin: https://pages.example")
    for method in ("GET", "OPTIONS"):
        _, headers, _ = curl(*origin, "-X", method, "--data-urlencode", f"query={GOAL_TITLES}", "-G", endpoint)
        assert not any(name.startswith("access-control-") for name in headers), headers
    store = open_store(Path(seed_store) / "graph")
    with serving(store, cors="https://yasgui.example") as url:
        status, headers, _ = curl(*origin, "--data-urlencode", f"query={GOAL_TITLES}", url)
        assert status == 200 and headers["access-control-allow-origin"] == "https://yasgui.example"
        status, headers, _ = curl(*origin, "-X", "OPTIONS", url)
        assert status == 204 and "POST" in headers["access-control-allow-methods"]
    store.close()


def test_serve_beyond_the_loopback_says_what_is_exposed(seed_store: str) -> None:
    command = [sys.executable, "-c", "import sys; from policykg.cli import main; sys.exit(main())"]
    for host, cors, warned in [("0.0.0.0", "*", True), ("127.0.0.1", None, False)]:
        extra = ["--cors", cors] if cors else []
        process = subprocess.Popen(
            [*command, "--store", seed_store, "serve", "--host", host, "--port", "0", *extra],
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            assert process.stderr is not None
            first = process.stderr.readline()
            banner = process.stderr.readline() if warned else first
        finally:
            process.terminate()
            process.wait(30)
        assert "SPARQL endpoint at" in banner, banner
        if warned:
            assert first.startswith("policykg: warning: listening on every interface"), first
            assert "whole graph" in first and "web pages from * may query it" in first
        else:
            assert "warning" not in first


def test_serve_refuses_a_cors_value_that_is_no_origin(seed_store: str) -> None:
    from click.testing import CliRunner

    from policykg.cli import main

    result = CliRunner().invoke(main, ["--store", seed_store, "serve", "--cors", "https://a.example\r\nX-Evil: 1"])
    assert result.exit_code == 2 and "is not an origin" in result.output


def test_curl_sparql_query_body_and_service_description(endpoint: str) -> None:
    status, _, body = curl("-H", "Content-Type: application/sparql-query", "--data-binary", GOAL_TITLES, endpoint)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 11
    status, headers, body = curl(endpoint)
    assert status == 200 and headers["content-type"].startswith("text/turtle") and "sd:Service" in body
    status, headers, _ = curl("-X", "OPTIONS", endpoint)
    assert status == 204 and "POST" in headers["allow"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--data-urlencode", "update=DROP ALL"], 403, "read-only"),
        (["--data-urlencode", "query=DROP ALL"], 400, "read-only"),
        (["--data-urlencode", "query=SELECT * {"], 400, "1:11"),
        (["--data-urlencode", "query=SELECT * { SERVICE <http://x.org/> { ?s ?p ?o } }"], 400, "SERVICE"),
        (["--data-urlencode", "query=SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"], 503, "time limit"),
        (["--data-urlencode", "query=SELECT * { ?s ?p ?o }" + " " * 20_000], 413, "over"),
    ],
)
def test_curl_refusals_are_one_line(endpoint: str, args: list[str], status: int, message: str) -> None:
    got, _, body = curl(*args, endpoint)
    assert got == status and message in body and body.count("\n") == 1


def test_row_limit_and_health_after_a_timeout(endpoint: str) -> None:
    status, _, body = curl("--data-urlencode", "query=SELECT * { ?s ?p ?o }", endpoint)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    status, _, body = curl("--data-urlencode", f"query={GOAL_TITLES}", endpoint)
    assert status == 200


def test_negotiate() -> None:
    table = {"text/csv": "csv", "application/sparql-results+json": "json"}
    assert negotiate("text/html;q=0.9, text/csv;q=0.5", table, "json") == "csv"
    assert negotiate("text/csv;q=0.4, application/sparql-results+json", table, "json") == "json"
    assert negotiate("image/png", table, "json") is None


# the memory bomb, four copies of the text a row instead of 64
BIG = "SELECT ?x WHERE { ?d a pkg:PolicyDocument ; pkg:text ?t . ?a ?b ?c . BIND(CONCAT(?t, ?t, ?t, ?t) AS ?x) }"


@pytest.fixture(scope="module")
def small_answers(seed_store: str) -> Iterator[str]:
    """An endpoint whose answers stop at 300,000 bytes (a row of BIG is ~34,000)."""
    store = open_store(Path(seed_store) / "graph")
    with serving(store, Limits(max_rows=50, timeout_s=10.0, max_bytes=300_000)) as url:
        yield url
    store.close()


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_answers_stop_at_the_byte_limit_and_say_so(small_answers: str, fmt: str) -> None:
    status, headers, body = curl("--data-urlencode", f"query={BIG}", "--data-urlencode", f"format={fmt}", small_answers)
    assert status == 200 and headers["x-policykg-truncated"] == "bytes; limit=300000", headers
    assert 100_000 < len(body.encode("utf-8")) < 2 * 300_000
    if fmt == "json":
        reply = json.loads(body)
        assert reply["head"]["link"] == ["urn:policykg:truncated:bytes"] and 2 < len(reply["results"]["bindings"]) < 50
    if fmt == "xml":
        assert '<link href="urn:policykg:truncated:bytes"/></head>' in body


def test_the_row_limit_is_said_in_the_header_and_the_head(endpoint: str) -> None:
    status, headers, body = curl("--data-urlencode", "query=SELECT * { ?s ?p ?o }", endpoint)
    assert status == 200 and headers["x-policykg-truncated"] == "rows; limit=50"
    assert json.loads(body)["head"]["link"] == ["urn:policykg:truncated:rows"]
    status, headers, body = curl("--data-urlencode", f"query={GOAL_TITLES}", endpoint)
    assert status == 200 and "x-policykg-truncated" not in headers and "link" not in json.loads(body)["head"]
    status, headers, body = curl("--data-urlencode", "query=CONSTRUCT WHERE { ?s ?p ?o }", endpoint)
    assert status == 200 and headers["x-policykg-truncated"] == "rows; limit=50"
    assert len(Graph().parse(data=body, format="turtle")) == 50


def test_sparql_cli_stops_at_the_byte_limit(seed_store: str) -> None:
    from click.testing import CliRunner

    from policykg.cli import main

    runner = CliRunner()
    args = ["--store", seed_store, "sparql", "--max-rows", "50", "--max-bytes", "300000", BIG]
    for fmt in ("json", "csv"):
        result = runner.invoke(main, [*args, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "note: stopped at 300,000 bytes of results (--max-bytes)" in result.stderr
        assert 100_000 < len(result.stdout_bytes) < 600_000
        if fmt == "json":
            assert json.loads(result.stdout)["head"]["link"] == ["urn:policykg:truncated:bytes"]


def test_clients_that_go_away_mid_answer_leave_no_traceback(seed_store: str) -> None:
    """Each client that hung up printed socketserver's traceback on the console (~1,300 in the trial)."""
    import socket
    import struct

    command = [sys.executable, "-c", "import sys; from policykg.cli import main; sys.exit(main())"]
    process = subprocess.Popen(
        [*command, "--store", seed_store, "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        port = int(banner.rsplit(":", 1)[1].split("/")[0])
        request = b"GET /sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\nHost: x\r\n\r\n"
        for n in range(6):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(request)
                if n % 2:
                    client.recv(64)  # the answer has begun
                else:
                    time.sleep(0.3)  # the query runs
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
        status, _, _ = curl("--data-urlencode", f"query={GOAL_TITLES}", f"http://127.0.0.1:{port}/sparql")
        assert status == 200
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "Traceback" not in err and "Exception" not in err, err[-2000:]
