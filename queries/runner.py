"""The one way user SPARQL reaches a store: read-only, bounded in rows, no outbound requests.

>>> check_read_only("SELECT * WHERE { ?s ?p ?o }")
>>> check_read_only("DROP ALL")
Traceback (most recent call last):
policykg.errors.ReadOnlyError: updates are not allowed here (DROP); this endpoint is read-only
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph.results import QueryOutcome, Term
from graph.store import GraphStore
from policykg.errors import QueryError, ReadOnlyError

DEFAULT_MAX_ROWS = 10_000
DEFAULT_TIMEOUT_S = 10.0

_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _code(sparql: str) -> str:
    """The query without strings, IRIs and comments, where keywords can be looked for safely."""
    return _STRINGS_AND_COMMENTS.sub(" ", sparql)


def check_read_only(sparql: str) -> None:
    code = _code(sparql)
    if m := _UPDATE.search(code):
        raise ReadOnlyError(f"updates are not allowed here ({m.group(1).upper()}); this endpoint is read-only")
    if _SERVICE.search(code):
        raise ReadOnlyError("SERVICE (federated query) is not allowed: policykg makes no outbound requests")


def run_query(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryOutcome:
    """Run a user's query over the whole corpus, read-only and bounded.

    The prefixes of ``graph.vocab.PREFIXES`` (pkg:, skos:, org:, …) need no declaration.
    """
    if not sparql.strip():
        raise QueryError("the query is empty")
    check_read_only(sparql)
    return store.query(sparql, bindings, max_rows=max_rows)
