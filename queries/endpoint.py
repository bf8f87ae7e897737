"""A read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` (standard library HTTP server).

GET ``?query=…``, POST ``application/x-www-form-urlencoded`` (``query=…``) or
``application/sparql-query``; results by content negotiation (``Accept``, or ``format=`` as
json/xml/csv/tsv/xlsx/turtle/nt/jsonld); every query goes through ``queries.runner`` (read-only,
row, byte and time limits, no outbound requests); request bodies over ``max_body`` bytes are refused.
GET /sparql without a query returns the service description (Turtle). GET on a resource's IRI
path (``/id/…``, ``queries.describe``) returns its description as Turtle, N-Triples, JSON-LD or
an HTML page (``queries.page``), under the same limits; 404 when the graph says nothing of it. An answer cut at a limit
says so (``queries.cut``: the ``X-Policykg-Truncated`` header, a link in JSON/XML heads).

Fairness: queries wait for a worker in ``queries.admission`` (per client address, bounded; 503
with ``Retry-After`` past the bound). Connections are bounded (``max_connections``; beyond, 503 and
close) and each must send its request within ``idle_timeout_s`` of opening or of its last answer
(slow headers, idle keep-alive): a connection held open does not hold a thread for ever. A
client that goes away mid-answer is no error worth a console line.

CORS is off unless a ``cors`` origin is given (``serve --cors ORIGIN``): with
``Access-Control-Allow-Origin: *`` any web page the user opens could query the endpoint.
``exposure`` says what a bind beyond the loopback exposes.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rdflib import Graph, URIRef

from graph.results import cut_by
from graph.store import GraphStore
from policykg.errors import PolicyKGError, QueryError, QuerySyntaxError, QueryTimeoutError, ReadOnlyError
from queries import cut
from queries.admission import Admission, BusyError
from queries.describe import describe, iri_for_path
from queries.export import serialize_graph_result, serialize_result
from queries.page import render
from queries.runner import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_query

MAX_BODY = 1_000_000
WORKERS = 4  # query workers: two clients at their time limit leave two for everyone else
QUEUE = 64  # requests waiting for a worker, all clients together
PER_CLIENT = 1  # queries one client address runs at once while others wait
IDLE_TIMEOUT_S = 20.0  # to send a request (line, headers, body) after connecting or after the last answer
MAX_CONNECTIONS = 256  # open connections, each a thread
_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
}
# a resource's description (GET /id/…): RDF, or a page for browsers
DESCRIBE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    **{media: fmt for media, fmt in GRAPH_TYPES.items() if fmt != "xml"},
}
_CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xlsx": next(iter(t for t, f in RESULT_TYPES.items() if f == "xlsx")),
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


@dataclass(frozen=True)
class Limits:
    max_rows: int = DEFAULT_MAX_ROWS
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_body: int = MAX_BODY
    max_bytes: int = DEFAULT_MAX_BYTES  # an answer's cells (queries.runner)
    workers: int = WORKERS
    per_client: int = PER_CLIENT
    queue: int = QUEUE
    idle_timeout_s: float = IDLE_TIMEOUT_S
    max_connections: int = MAX_CONNECTIONS


def negotiate(accept: str, table: dict[str, str], default: str) -> str | None:
    """The format for an Accept header: highest q first, then header order; None if nothing fits."""
    offers: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            offers.append((-q, i, media.lower()))
    for _, _, media in sorted(offers):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default if not offers else None


def service_description(endpoint: str) -> bytes:
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
""".encode()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "policykg-sparql"

    def setup(self) -> None:
        self.request.settimeout(self.server.limits.idle_timeout_s)  # each read and write on the socket
        super().setup()

    def handle_one_request(self) -> None:
        self.server.reading(self, True)  # until the request is in: idle, request line, headers, body
        try:
            super().handle_one_request()
        except _DISCONNECTS:
            self.close_connection = True  # the client went away, or was too slow: nothing to tell it
        finally:
            self.server.reading(self, False)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.server.reading(self, False)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Vary", "Accept, Origin")
        else:
            self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except _DISCONNECTS:
                self.close_connection = True  # the client went away mid-answer

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (" ".join(message.split()) + "\n").encode("utf-8"), headers=headers)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "86400")
            self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path, _, query_string = self.path.partition("?")
        if path != "/sparql":
            iri = iri_for_path(path, self.server.public_base)
            if iri is None:
                return self._error(
                    HTTPStatus.NOT_FOUND, "not found; the SPARQL endpoint is /sparql, resources are /id/…"
                )
            return self._describe(iri)
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        if "query" not in params:
            if "update" in params:
                return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            return self._send(HTTPStatus.OK, service_description(self._endpoint()), "text/turtle; charset=utf-8")
        self._answer(params)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        if self.path.partition("?")[0] != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, "not found; the SPARQL endpoint is /sparql")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return self._error(HTTPStatus.LENGTH_REQUIRED, "a Content-Length is required")
        if int(length) > self.server.limits.max_body:
            self.close_connection = True
            return self._error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {self.server.limits.max_body} bytes"
            )
        body = self.rfile.read(int(length))
        params = urllib.parse.parse_qs(self.path.partition("?")[2], keep_blank_values=True)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
        if media == "application/sparql-query":
            params["query"] = [text]
        elif media == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(text, keep_blank_values=True))
        elif media == "application/sparql-update":
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
        else:
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/sparql-query or a form")
        if "update" in params:
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
        if "query" not in params:
            return self._error(HTTPStatus.BAD_REQUEST, "no query parameter")
        self._answer(params)

    def _endpoint(self) -> str:
        host, port = str(self.server.server_address[0]), int(self.server.server_address[1])
        return f"http://{host}:{port}/sparql"

    def _describe(self, iri: URIRef) -> None:
        """GET on a resource's IRI path: its description, by content negotiation."""
        fmt = negotiate(self.headers.get("Accept") or "*/*", DESCRIBE_TYPES, "turtle")
        if fmt is None:
            return self._error(HTTPStatus.NOT_ACCEPTABLE, "descriptions come as " + ", ".join(DESCRIBE_TYPES))
        limits = self.server.limits
        self.server.reading(self, False)
        try:
            with self.server.admission.slot(self.client_address[0], wait_s=limits.timeout_s):
                graph = describe(
                    self.server.store,
                    iri,
                    max_rows=limits.max_rows,
                    timeout_s=limits.timeout_s,
                    max_bytes=limits.max_bytes,
                )
        except BusyError as exc:
            self.server.busy += 1
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": str(exc.retry_after_s)})
        except QueryTimeoutError as exc:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except PolicyKGError as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        if not len(graph):
            return self._error(HTTPStatus.NOT_FOUND, f"the graph says nothing of <{iri}>")
        by = cut_by(graph)
        notes = {cut.HEADER: cut.header(by, limits.max_rows, limits.max_bytes)} if by else {}
        if by:
            self.server.truncated += 1
        if fmt == "html":
            note = cut.note(by, limits.max_rows, limits.max_bytes) if by else None
            body = render(graph, iri, self.server.public_base, note)
            return self._send(HTTPStatus.OK, body, "text/html; charset=utf-8", notes)
        body = serialize_graph_result(graph, fmt)
        self._send(HTTPStatus.OK, body, _CONTENT_TYPES[fmt] + "; charset=utf-8", notes)

    def _answer(self, params: dict[str, list[str]]) -> None:
        if len(params["query"]) != 1:
            return self._error(HTTPStatus.BAD_REQUEST, "exactly one query parameter, please")
        for key in ("default-graph-uri", "named-graph-uri"):
            if params.get(key):
                return self._error(HTTPStatus.BAD_REQUEST, f"{key} is not supported: the dataset is the whole corpus")
        limits = self.server.limits
        self.server.reading(self, False)
        try:
            with self.server.admission.slot(self.client_address[0], wait_s=limits.timeout_s):
                result = run_query(
                    self.server.store,
                    params["query"][0],
                    max_rows=limits.max_rows,
                    timeout_s=limits.timeout_s,
                    max_bytes=limits.max_bytes,
                )
        except BusyError as exc:
            self.server.busy += 1
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), {"Retry-After": str(exc.retry_after_s)})
        except (QuerySyntaxError, ReadOnlyError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except QueryTimeoutError as exc:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except PolicyKGError as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        wanted = (params.get("format") or [""])[0].lower()
        accept = self.headers.get("Accept") or "*/*"
        by = cut_by(result)
        notes = {cut.HEADER: cut.header(by, limits.max_rows, limits.max_bytes)} if by else {}
        if by:
            self.server.truncated += 1
        if isinstance(result, Graph):
            fmt = wanted if wanted in GRAPH_TYPES.values() else negotiate(accept, GRAPH_TYPES, "turtle")
            if fmt is None:
                return self._error(HTTPStatus.NOT_ACCEPTABLE, "graph results come as " + ", ".join(GRAPH_TYPES))
            media = "application/rdf+xml" if fmt == "xml" else _CONTENT_TYPES[fmt]
            body = serialize_graph_result(result, "xml" if fmt == "xml" else fmt)
            return self._send(HTTPStatus.OK, body, media + ("; charset=utf-8" if fmt != "xml" else ""), notes)
        fmt = wanted if wanted in RESULT_TYPES.values() else negotiate(accept, RESULT_TYPES, "json")
        if fmt is None:
            return self._error(HTTPStatus.NOT_ACCEPTABLE, "results come as " + ", ".join(RESULT_TYPES))
        if isinstance(result, bool):
            if fmt not in ("json", "xml"):
                fmt = "json"
            body = _ask(result, fmt)
        else:
            body = serialize_result(result, fmt)  # a cut answer says so in its head (queries.cut)
        del result  # the rows are in the body now: hold one copy of the answer while it is written
        self._send(HTTPStatus.OK, body, _CONTENT_TYPES[fmt] + ("" if fmt == "xlsx" else "; charset=utf-8"), notes)


def _ask(answer: bool, fmt: str) -> bytes:
    if fmt == "json":
        return ('{"head": {}, "boolean": %s}' % ("true" if answer else "false")).encode()
    return (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
        f"<boolean>{'true' if answer else 'false'}</boolean></sparql>\n"
    ).encode()


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections under 50 clients, and a dropped
    # SYN is retried after 1 s: p95 latency went from ~25 ms to ~1 s in the load test.
    request_queue_size = 128

    def __init__(
        self,
        store: GraphStore,
        host: str = "127.0.0.1",
        port: int = 7878,
        *,
        limits: Limits | None = None,
        verbose: bool = False,
        cors: str | None = None,
        public_base: str | None = None,
    ) -> None:
        self.public_base = public_base  # POLICYKG_BASE_IRI: where the graph's IRIs are served (queries.describe)
        self.store, self.limits, self.verbose, self.truncated = store, limits or Limits(), verbose, 0
        self.cors = cors  # the Access-Control-Allow-Origin value; None: no CORS headers
        self.busy = 0  # requests answered 503 for want of a worker
        self.admission = Admission(self.limits.workers, self.limits.per_client, self.limits.queue)
        self._connections = threading.BoundedSemaphore(self.limits.max_connections)
        self._reading: dict[SparqlHandler, float] = {}  # handler -> when it began waiting for a request
        self._reading_lock = threading.Lock()
        if store.worker_location is not None:
            from queries.pool import reserve

            reserve(store.worker_location, self.limits.workers)
        super().__init__((host, port), SparqlHandler)

    def reading(self, handler: SparqlHandler, waiting: bool) -> None:
        with self._reading_lock:
            if waiting:
                self._reading[handler] = time.monotonic()
            else:
                self._reading.pop(handler, None)

    def service_actions(self) -> None:
        """Close connections that took longer than ``idle_timeout_s`` to send a request (serve_forever's loop)."""
        expired = time.monotonic() - self.limits.idle_timeout_s
        with self._reading_lock:
            late = [h for h, since in self._reading.items() if since < expired]
            for handler in late:
                del self._reading[handler]
        for handler in late:
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)  # wakes its thread, blocked in a read

    def process_request(self, request: socket.socket | tuple[bytes, socket.socket], client_address: object) -> None:
        if not self._connections.acquire(blocking=False):
            assert isinstance(request, socket.socket)
            try:  # no thread for it: a short answer written from here, then closed
                request.setblocking(False)
                request.send(_TOO_MANY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def handle_error(self, request: object, client_address: object) -> None:
        """One line instead of socketserver's traceback; nothing for a client that went away."""
        error = sys.exc_info()[1]
        if isinstance(error, _DISCONNECTS):
            return
        sys.stderr.write(f"policykg: error answering {client_address}: {type(error).__name__}: {error}\n")


_TOO_MANY_TEXT = b"too many open connections; try again in a moment\n"
_TOO_MANY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
    b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_TOO_MANY_TEXT), _TOO_MANY_TEXT)
)


def exposure(server: SparqlServer) -> str | None:
    """A warning line when the server listens beyond the loopback; None when only this machine can reach it."""
    address = str(server.server_address[0])
    if ipaddress.ip_address(address).is_loopback:
        return None
    where = "every interface" if ipaddress.ip_address(address).is_unspecified else address
    cors = f"; web pages from {server.cors} may query it too (CORS)" if server.cors else ""
    return (
        f"listening on {where}: anyone who can reach this machine can read the whole graph (every document's "
        f"text, goals, institutions) at /sparql, without authentication{cors}"
    )


@contextmanager
def serving(
    store: GraphStore,
    limits: Limits | None = None,
    host: str = "127.0.0.1",
    cors: str | None = None,
    public_base: str | None = None,
) -> Iterator[str]:
    """Serve ``store`` on a free port in a background thread; yields the endpoint URL."""
    server = SparqlServer(store, host, 0, limits=limits, cors=cors, public_base=public_base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
