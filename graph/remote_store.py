"""A remote SPARQL 1.1 server as the store: ``sparql+http://HOST:PORT/PATH`` (team setups).

Writes go through rdflib's SPARQLUpdateStore: replacing a document is one update request
(``DROP SILENT GRAPH <doc> ; INSERT DATA { GRAPH <doc> {…} }``), which servers apply as one
transaction. Reads are SPARQL protocol POSTs with a timeout, answered in the W3C JSON /
N-Triples formats and parsed by rdflib. Queries see the union of the documents' graphs, so the
server must use the union of its named graphs as the default graph (docs/remote-store.md:
``oxigraph serve --union-default-graph``; Virtuoso and GraphDB do so by default).

Location: ``sparql+http://HOST:PORT/query`` (update endpoint ``…/update``) or any endpoint
URL with ``?update=URL`` naming a separate update endpoint; without either, one URL does both.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from io import BytesIO

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from graph.bindings import bind_values, syntax_error
from graph.convert import as_graph
from graph.forms import QueryForms
from graph.results import QueryOutcome, SelectResult, Term, Triples
from graph.vocab import PREFIXES, sparql_prologue
from policykg.errors import ConfigError, StoreError

DEFAULT_TIMEOUT_S = 60.0
# The largest answer read from the server: SPARQL JSON spends ~4x an answer's cells, and the
# runner's own byte limit for them is 64 MiB. A larger reply is refused before it is all read.
DEFAULT_MAX_REPLY_BYTES = 256 * 1024 * 1024
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


def endpoints(location: str) -> tuple[str, str]:
    """(query URL, update URL) of a location without its ``sparql+`` prefix."""
    parts = urllib.parse.urlsplit(location)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"not a SPARQL endpoint URL: {location!r}")
    params = urllib.parse.parse_qs(parts.query)
    query_url = urllib.parse.urlunsplit(parts._replace(query="", fragment=""))
    if "update" in params:
        update_url = urllib.parse.urljoin(query_url, params["update"][0])
    elif parts.path.endswith("/query"):
        update_url = query_url.removesuffix("/query") + "/update"
    else:
        update_url = query_url
    return query_url, update_url


class RemoteStore(QueryForms):
    def __init__(
        self, location: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES
    ) -> None:
        self.location = "sparql+" + location
        self.max_reply_bytes = max_reply_bytes
        self.worker_location: str | None = None  # the server answers; the HTTP timeout bounds it
        self.query_url, self.update_url = endpoints(location)
        self.timeout_s = timeout_s
        self._updates = SPARQLUpdateStore(self.query_url, self.update_url, method="POST", autocommit=True)
        if self._ask_raw("ASK { GRAPH ?g { ?s ?p ?o } }") and not self._ask_raw("ASK { ?s ?p ?o }"):
            raise ConfigError(
                f"the SPARQL server at {self.query_url} does not query the union of its named graphs by default; "
                "see docs/remote-store.md (oxigraph: serve --union-default-graph)"
            )

    # --- writes (SPARQLUpdateStore) -------------------------------------------------------
    def _update(self, text: str) -> None:
        try:
            self._updates.update(text)
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"the SPARQL server at {self.update_url} refused the update: {exc}") from exc

    def replace_document(self, document: URIRef, graph: Triples) -> None:
        body = as_graph(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
        self._update(f"DROP SILENT GRAPH <{document}> ;\nINSERT DATA {{ GRAPH <{document}> {{\n{body}\n}} }}")

    def remove_document(self, document: URIRef) -> bool:
        present = self._ask_raw(f"ASK {{ GRAPH <{document}> {{ ?s ?p ?o }} }}")
        if present:
            self._update(f"DROP GRAPH <{document}>")
        return present

    # --- reads -------------------------------------------------------------------------------
    def _post(self, text: str) -> tuple[bytes, str]:
        request = urllib.request.Request(
            self.query_url,
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _ACCEPT},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                data = response.read(self.max_reply_bytes + 1)
                if len(data) > self.max_reply_bytes:
                    raise StoreError(
                        f"the SPARQL server at {self.query_url} answered more than {self.max_reply_bytes:,} bytes; "
                        "add a LIMIT or select fewer values"
                    )
                return data, response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            raise StoreError(f"the SPARQL server answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.query_url}: {exc}") from exc

    def _ask_raw(self, text: str) -> bool:
        data, media_type = self._post(sparql_prologue() + text)
        try:
            return bool(json.loads(data)["boolean"])
        except (ValueError, KeyError, TypeError) as exc:
            raise self._unreadable(media_type, data) from exc

    def _unreadable(self, media_type: str, data: bytes) -> StoreError:
        start = " ".join(data[:80].decode("utf-8", "replace").split())
        return StoreError(
            f"the SPARQL server at {self.query_url} answered something that is no SPARQL result "
            f"({media_type or 'no content type'}: {start!r}); is that the query endpoint's URL?"
        )

    def documents(self) -> list[URIRef]:
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a pkg:PolicyDocument } }")
        return sorted(row[0] for row in result.rows if isinstance(row[0], URIRef))

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        max_rows: int | None = None,
    ) -> QueryOutcome:
        sparql = bind_values(sparql, bindings)
        try:  # parse here first: positions in errors then match the user's text, for every server
            ox.Store().query(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise syntax_error(str(exc)) from exc
        data, media_type = self._post(sparql_prologue() + sparql)
        try:
            if media_type in ("application/n-triples", "text/turtle", "text/plain"):
                graph = Graph()
                graph.parse(data=data, format="nt" if media_type != "text/turtle" else "turtle")
                return graph
            result = Result.parse(BytesIO(data), content_type=media_type)
        except Exception as exc:  # rdflib's parsers raise many kinds; all mean the same here
            raise self._unreadable(media_type, data) from exc
        if result.type == "ASK":
            return bool(result.askAnswer)
        names = tuple(str(v) for v in result.vars or ())
        rows: list[tuple[Term | None, ...]] = []
        for row in result.bindings:
            if max_rows is not None and len(rows) >= max_rows:
                return SelectResult(names, tuple(rows), truncated=True)
            rows.append(tuple(row.get(v) for v in result.vars or ()))  # type: ignore[misc]
        return SelectResult(names, tuple(rows))

    def quads(self) -> Iterator[tuple[Term, Term, Term, URIRef]]:
        for document in self.documents():
            result = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{document}> {{ ?s ?p ?o }} }}")
            for s, p, o in result.rows:
                yield s, p, o, document  # type: ignore[misc]

    def __len__(self) -> int:
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(str(result.rows[0][0]))

    def compact(self) -> None:
        pass  # the server manages its own storage

    def close(self) -> None:
        self._updates.close()
