"""The one way user SPARQL reaches a store: read-only, bounded in rows and time, no outbound requests.

On the embedded store a query runs in a worker process (``queries.pool``) that is killed at the
time limit, so a runaway query ends there and this process stays healthy. The in-memory and
remote backends answer in this process: the remote server is bounded by an HTTP timeout, the
in-memory store (tests, benchmarks) by a wait that gives up while the query finishes in the
background.

What a query may do (read, never update, never call out) is decided by ``queries.safety``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from graph.bindings import bind_values
from graph.results import QueryOutcome, Term
from graph.store import GraphStore
from graph.vocab import PREFIXES
from policykg.errors import PolicyKGError, QueryError, QueryTimeoutError
from queries.safety import checked

DEFAULT_MAX_ROWS = 10_000
DEFAULT_TIMEOUT_S = 10.0


def run_query(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> QueryOutcome:
    """Run a user's query over the whole corpus, read-only and bounded.

    The prefixes of ``graph.vocab.PREFIXES`` (pkg:, skos:, org:, …) need no declaration.
    Raises ``QuerySyntaxError`` (with the parser's line:column), ``ReadOnlyError`` or
    ``QueryTimeoutError``; a SELECT cut at ``max_rows`` comes back with ``truncated=True``.
    """
    if not sparql.strip():
        raise QueryError("the query is empty")
    sparql = checked(sparql)
    if store.worker_location is not None:
        return _in_worker(store.worker_location, sparql, bindings or {}, max_rows, timeout_s)
    return _in_thread(store, sparql, bindings, max_rows, timeout_s)


def _in_worker(path: str, sparql: str, bindings: Mapping[str, Term], max_rows: int, timeout_s: float) -> QueryOutcome:
    from queries import wire
    from queries.pool import pool_for

    return pool_for(path).run(wire.request(bind_values(sparql, bindings), PREFIXES, max_rows), timeout_s)


def _in_thread(
    store: GraphStore, sparql: str, bindings: Mapping[str, Term] | None, max_rows: int, timeout_s: float
) -> QueryOutcome:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = store.query(sparql, bindings, max_rows=max_rows)
        except PolicyKGError as exc:
            box["error"] = exc
        except Exception as exc:  # a backend's own error, mapped at this border
            box["error"] = QueryError(f"query failed: {exc}")

    thread = threading.Thread(target=run, daemon=True, name="policykg-query")
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise QueryTimeoutError(f"query stopped waiting at the time limit ({timeout_s:g} s)")
    if "error" in box:
        raise box["error"]
    result: QueryOutcome = box["result"]
    return result
