"""No query makes a request: generated SERVICE and LOAD disguises, a real listener on 127.0.0.1.

Each generated query aims at the listener. Through ``run_query`` on a real Oxigraph store and on
rdflib's in-memory store, none may reach it; a query whose SERVICE or LOAD is live (not inside a
comment for either parser) must be refused with ``ReadOnlyError``. The query worker itself has no
network: a SERVICE query handed to it past the check still makes no request.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from graph.results import SelectResult
from graph.store import GraphStore, open_store
from graph.vocab import PREFIXES
from policykg import workers
from policykg.errors import PolicyKGError, ReadOnlyError
from queries.endpoint import serving
from queries.pool import pool_for
from queries.runner import run_query


class Listener:
    """A TCP server on 127.0.0.1 that records the first bytes of every connection it accepts."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = int(self.socket.getsockname()[1])
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.requests.append(connection.recv(200) or b"(connected)")
                except OSError:
                    self.requests.append(b"(connected)")


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.socket.close()


def _rows() -> Graph:
    g = Graph()
    for i in range(3):
        g.add((URIRef(f"https://example.org/s/{i}"), URIRef("https://example.org/p"), Literal(i)))
    return g


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[GraphStore]]:
    oxigraph = open_store(tmp_path_factory.mktemp("egress") / "graph", write=True)
    memory = open_store(":memory:")
    for store in (oxigraph, memory):
        store.replace_document(URIRef("https://example.org/doc"), _rows())
    yield [oxigraph, memory]
    oxigraph.close()


# -- the disguises ---------------------------------------------------------------------------------

COMMENT_ENDS_LIVE = ["\n", "\r", "\r\n"]  # where a comment ends for Oxigraph (and for rdflib after "\r" → "\n")
COMMENT_ENDS_OTHER = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"]  # line ends elsewhere, not in SPARQL


def _escape(char: str, wide: bool, upper: bool) -> str:
    text = f"\\U{ord(char):08x}" if wide else f"\\u{ord(char):04x}"
    return text[:2] + (text[2:].upper() if upper else text[2:])


@st.composite
def keyword(draw: st.DrawFn, word: str) -> str:
    """``word`` in mixed case; or with some letters as \\u escapes (rdflib expands them, Oxigraph
    refuses them there); or with a long s for S (which pyparsing upper-cases to S)."""
    mode = draw(st.sampled_from(["cased", "cased", "escaped", "long-s"] if "S" in word else ["cased", "escaped"]))
    out = [draw(st.sampled_from([char, char.lower()])) for char in word]
    if mode == "escaped":
        for i in draw(st.sets(st.integers(0, len(word) - 1), min_size=1)):
            out[i] = _escape(out[i], draw(st.booleans()), draw(st.booleans()))
    elif mode == "long-s":
        out[word.index("S")] = "ſ"
    return "".join(out)


@st.composite
def gap(draw: st.DrawFn) -> tuple[str, bool]:
    """What stands before a keyword, and whether the keyword stays live (not in a comment)."""
    kind = draw(st.sampled_from(["none", "space", "comment", "other-line-end", "angles"]))
    if kind == "none":
        return "", True
    if kind == "space":
        return draw(st.sampled_from([" ", "\t", "\n", "\r", "  \r\n "])), True
    if kind == "angles":  # a `<…>` run that a keyword scan took for an IRI
        return " FILTER(1<2)", True
    junk = draw(st.sampled_from(["x", "", " SERVICE", " #", ' "', " <", " }"]))
    if kind == "comment":
        return f"#{junk}{draw(st.sampled_from(COMMENT_ENDS_LIVE))}", True
    return f"#{junk}{draw(st.sampled_from(COMMENT_ENDS_OTHER))}", False


@st.composite
def target(draw: st.DrawFn, port: int) -> tuple[str, str]:
    """(prologue, service term): an IRI, an escaped IRI, a prefixed name or a variable."""
    base = f"http://127.0.0.1:{port}/"
    kind = draw(st.sampled_from(["iri", "escaped-iri", "prefixed", "values-variable", "bind-variable"]))
    if kind == "iri":
        return "", f"<{base}sparql>"
    if kind == "escaped-iri":
        return "", f"<{base}{_escape('q', False, draw(st.booleans()))}>"
    if kind == "prefixed":
        return f"PREFIX inner: <{base}>\n", draw(st.sampled_from(["inner:sparql", "inner:"]))
    if kind == "values-variable":
        return "", f"?u VALUES ?u {{ <{base}v> }}"
    return "", f'?u BIND(IRI("{base}b") AS ?u)'


WRAPPERS = [
    "{{ {} }}",
    "OPTIONAL {{ {} }}",
    "{{ {} }} UNION {{ ?a ?b ?c }}",
    "MINUS {{ {} }}",
    "{{ SELECT * WHERE {{ {} }} }}",
    "FILTER EXISTS {{ {} }}",
    "FILTER NOT EXISTS {{ {} }}",
    "BIND(EXISTS {{ {} }} AS ?e)",
    "GRAPH ?g {{ {} }}",
    "LATERAL {{ {} }}",
]


@st.composite
def service_query(draw: st.DrawFn, port: int) -> tuple[str, bool]:
    """A query with a SERVICE pattern aimed at ``port``; True when the SERVICE is live."""
    prologue, term = draw(target(port))
    before, live = draw(gap())
    silent = draw(st.sampled_from(["", " SILENT", " silent"]))
    if term.startswith("?u "):  # the variable's binding goes first
        term, binding = "?u", term[3:]
    else:
        binding = ""
    pattern = f"{binding}{before}{draw(keyword('SERVICE'))}{silent}{draw(st.sampled_from([' ', '']))}{term}"
    pattern += draw(st.sampled_from(["{?s ?p ?o}", " { ?s ?p ?o }", "{?s?p?o}"]))
    for wrapper in draw(st.lists(st.sampled_from(WRAPPERS), max_size=3)):
        pattern = wrapper.format(pattern)
    after = draw(st.sampled_from(["", " FILTER(2>1)", "\n"]))
    form = draw(st.sampled_from(["SELECT * WHERE {{ {} }}", "ASK {{ {} }}", "SELECT (COUNT(*) AS ?n) {{ {} }}"]))
    first = draw(st.sampled_from(["?s0 ?p0 ?o0 . ", "", "?s0 ?p0 ?o0 "]))
    return prologue + form.format(first + pattern + after + "\n"), live


@st.composite
def load_update(draw: st.DrawFn, port: int) -> tuple[str, bool]:
    """A LOAD of a document at ``port``, alone or after a query; True when the LOAD is live."""
    before, live = draw(gap())
    into = draw(st.sampled_from(["", " INTO GRAPH <urn:g>", " into graph <urn:g>"]))
    silent = draw(st.sampled_from(["", " SILENT"]))
    prefix = draw(st.sampled_from(["", "PREFIX x: <urn:x#>\n", "BASE <http://127.0.0.1/>\n"]))
    lead = draw(st.sampled_from(["", "SELECT * WHERE { ?s ?p ?o } ;\n", "INSERT DATA {} ;\n"]))
    return f"{prefix}{lead}{before}{draw(keyword('LOAD'))}{silent} <http://127.0.0.1:{port}/data.ttl>{into}\n", live


def hostile(port: int) -> st.SearchStrategy[tuple[str, bool]]:
    return st.one_of(service_query(port), load_update(port))


def _run_everywhere(stores: list[GraphStore], listener: Listener, sparql: str, live: bool) -> None:
    for store in stores:
        try:
            run_query(store, sparql, timeout_s=10)
            refused = False
        except ReadOnlyError:
            refused = True
        except PolicyKGError:  # malformed for this store, or the request failed: no refusal
            refused = False
        assert not listener.requests, f"{store.location}: a request arrived for {sparql!r}: {listener.requests[:1]}"
        assert refused or not live, f"{store.location} ran a live SERVICE/LOAD: {sparql!r}"


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}


@settings(max_examples=500, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_no_generated_disguise_reaches_the_listener(
    stores: list[GraphStore], listener: Listener, data: st.DataObject
) -> None:
    sparql, live = data.draw(hostile(listener.port))
    _run_everywhere(stores, listener, sparql, live)


@pytest.mark.slow
@settings(max_examples=5_000, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_no_generated_disguise_reaches_the_listener_long_run(
    stores: list[GraphStore], listener: Listener, data: st.DataObject
) -> None:
    sparql, live = data.draw(hostile(listener.port))
    _run_everywhere(stores, listener, sparql, live)


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT * WHERE { BIND("\\u005C" AS ?a) SERVICE <http://127.0.0.1:PORT/> {?s ?p ?o} BIND("= \\u0022" AS ?b) }',
        "SELECT * WHERE { ?s ?p ?o #x\rSERVICE <http://127.0.0.1:PORT/> {?s ?p ?o}\n}",
        "SELECT * WHERE { ?s ?p ?o FILTER(1<2)LATERAL{SERVICE<http://127.0.0.1:PORT/>{?a?b?c}}FILTER(2>1) }",
        "SELECT * WHERE { ?s ?p ?o ſERVICE <http://127.0.0.1:PORT/> {?a ?b ?c} }",
        "SELECT * FROM <http://127.0.0.1:PORT/f> FROM NAMED <http://127.0.0.1:PORT/n> WHERE { ?s ?p ?o }",
    ],
    ids=["escapes-move-a-string-end", "cr-ends-a-comment", "lateral", "long-s", "from-clauses"],
)
def test_parser_disagreements_are_no_way_out(stores: list[GraphStore], listener: Listener, sparql: str) -> None:
    """rdflib reads the first two without a SERVICE where Oxigraph runs one; FROM made rdflib fetch."""
    for store in stores:
        with contextlib.suppress(PolicyKGError):
            run_query(store, sparql.replace("PORT", str(listener.port)), timeout_s=10)
        assert not listener.requests, f"{store.location}: {listener.requests[:1]}"


def test_the_query_worker_has_no_network(stores: list[GraphStore], listener: Listener) -> None:
    """A SERVICE query handed to the worker past the check: the worker cannot connect."""
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    with pytest.raises(PolicyKGError, match="unreachable"):
        pool_for(stores[0].location).run((sparql, PREFIXES, {}, 10, None), 10)
    assert not listener.requests


def test_a_worker_notice_is_said_once() -> None:
    child = "from policykg.workers import serve; serve(lambda r: r, 'no network namespace here')"
    said: list[str] = []

    class Pool(workers.WorkerPool):
        def noticed(self, notice: str) -> None:
            said.append(notice)

    pool = Pool([sys.executable, "-c", child], size=1)
    try:
        assert pool.run("ping", 10) == "ping" and said == ["no network namespace here"]
    finally:
        pool.close()


@pytest.mark.parametrize("which", [0, 1], ids=["oxigraph", "memory"])
def test_the_issue_reproductions_through_the_endpoint(stores: list[GraphStore], listener: Listener, which: int) -> None:
    reproductions = [  # as the issue has them, aimed at the listener
        "SELECT * WHERE { #x\rSERVICE <http://127.0.0.1:7001/> {?s ?p ?o} }",
        "SELECT * WHERE { VALUES ?u {<http://127.0.0.1:7002/x>} FILTER(1<2)LATERAL{SERVICE?u{?s?p?o}}FILTER(2>1) }",
    ]
    reproductions = [
        r.replace(":7001/", f":{listener.port}/").replace(":7002/", f":{listener.port}/") for r in reproductions
    ]
    with serving(stores[which]) as url:
        for sparql in reproductions:
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": sparql}), timeout=30)
            body = caught.value.read().decode()
            assert caught.value.code == 400 and "SERVICE" in body and body.count("\n") == 1, body
    assert not listener.requests


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?service WHERE { ?service ?p ?o FILTER(!CONTAINS(STR(?o), "SERVICE <http://x/> {}")) } LIMIT 1',
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://x/> { }",
        "SELECT * WHERE { ?s ?p ?o . OPTIONAL { ?s pkg:service ?x } } LIMIT 1",
        "SELECT ?add WHERE { ?add ?p ?o . OPTIONAL { ?add dcterms:created ?c } } LIMIT 1",
    ],
)
def test_mentions_that_are_no_pattern_run(stores: list[GraphStore], sparql: str) -> None:
    for store in stores:
        result = run_query(store, sparql, timeout_s=10)
        assert isinstance(result, SelectResult) and len(result.rows) == 1
