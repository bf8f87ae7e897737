"""The one way user SPARQL reaches a store: read-only, bounded in rows, bytes and time, no outbound requests.

On the embedded store a query runs in a worker process (``queries.pool``) that is killed at the
time limit, so a runaway query ends there and this process stays healthy. The in-memory and
remote backends answer in this process: the remote server is bounded by an HTTP timeout, the
in-memory store (tests, benchmarks) by a wait that gives up while the query finishes in the
background.

What a query may do (read, never update, never call out) is decided by ``queries.safety``.
The answer is bounded in bytes too (``max_bytes``, the cells' text as written out): the worker's
memory cap does not bind this process, which builds and writes what the worker sends. A query
nested deeper than ``MAX_NESTING`` brackets is refused before it runs: the store's parser
recurses per level and overflows the worker's stack at a few thousand.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from rdflib import Literal

from graph.bindings import bind_values
from graph.results import QueryOutcome, SelectResult, Term
from graph.store import GraphStore
from graph.vocab import PREFIXES
from policykg.errors import PolicyKGError, QueryError, QueryTimeoutError
from queries.safety import checked

DEFAULT_MAX_ROWS = 10_000
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # an answer's cells; a 10,000-row answer of goal titles is ~2 MB
MAX_NESTING = 500  # brackets ({ ( [) open at once; real queries nest a few levels, Oxigraph overflows ~3,000
_NOT_CODE = re.compile(  # strings, IRIs and comments, whose brackets do not nest
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_BRACKET = re.compile(r"[{}()\[\]]")


def run_query(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> QueryOutcome:
    """Run a user's query over the whole corpus, read-only and bounded.

    The prefixes of ``graph.vocab.PREFIXES`` (pkg:, skos:, org:, …) need no declaration.
    Raises ``QuerySyntaxError`` (with the parser's line:column), ``ReadOnlyError`` or
    ``QueryTimeoutError``; an answer cut at ``max_rows`` rows or ``max_bytes`` bytes of cells
    says so (``graph.results.cut_by``: a SELECT has ``truncated=True``, ``cut_by`` the limit).
    """
    if not sparql.strip():
        raise QueryError("the query is empty")
    refuse_deep_nesting(sparql.replace("\r", "\n"))  # a comment ends at \r for Oxigraph
    sparql = checked(sparql)
    if store.worker_location is not None:
        return _in_worker(store.worker_location, sparql, bindings or {}, max_rows, timeout_s, max_bytes)
    return _cap_bytes(_in_thread(store, sparql, bindings, max_rows, timeout_s), max_bytes)


def refuse_deep_nesting(sparql: str) -> None:
    """``QueryError`` when more than ``MAX_NESTING`` brackets are open at once (strings, IRIs, comments aside)."""
    if sum(sparql.count(c) for c in "{([") <= MAX_NESTING:
        return
    depth = deepest = 0
    for match in _BRACKET.finditer(_NOT_CODE.sub(" ", sparql)):
        depth += 1 if match.group() in "{([" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QueryError(
            f"the query is nested too deeply ({deepest} levels of brackets; at most {MAX_NESTING}): "
            "the parser refuses it"
        )


def _in_worker(
    path: str, sparql: str, bindings: Mapping[str, Term], max_rows: int, timeout_s: float, max_bytes: int
) -> QueryOutcome:
    from queries import wire
    from queries.pool import pool_for

    return pool_for(path).run(wire.request(bind_values(sparql, bindings), PREFIXES, max_rows, max_bytes), timeout_s)


def _cell_bytes(term: Term | None) -> int:
    # as queries.wire.size counts, for rdflib terms
    if term is None:
        return 0
    text = str(term) + (str(term.language or "") + str(term.datatype or "") if isinstance(term, Literal) else "")
    return 16 + (len(text) if text.isascii() else 3 * len(text))


def _cap_bytes(outcome: QueryOutcome, max_bytes: int) -> QueryOutcome:
    """An in-process answer cut at ``max_bytes`` as the worker cuts its replies."""
    if not isinstance(outcome, SelectResult):
        return outcome
    total = 0
    for n, row in enumerate(outcome.rows):
        total += sum(_cell_bytes(term) for term in row)
        if total > max_bytes:
            return SelectResult(outcome.variables, outcome.rows[:n], True, "bytes")
    return outcome


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
