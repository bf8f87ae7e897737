"""The typed query calls every store backend shares: ``select``, ``ask`` and ``construct`` from
its ``query``, each answer's form checked in one place. The backends import this module, and the
factory in ``graph.store`` imports the backends: neither imports the other back."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from graph.results import QueryOutcome, SelectResult, Term
from policykg.errors import QueryError


class QueryForms:
    """``select``, ``ask`` and ``construct`` of a backend, from its ``query``: every backend's
    answer of each form is checked in one place."""

    def query(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> QueryOutcome:
        raise NotImplementedError

    def select(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> SelectResult:
        result = self.query(sparql, bindings, max_rows=max_rows)
        if not isinstance(result, SelectResult):
            raise QueryError(f"expected a SELECT query, got {_form(result)}")
        return result

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        result = self.query(sparql, bindings)
        if not isinstance(result, bool):
            raise QueryError(f"expected an ASK query, got {_form(result)}")
        return result

    def construct(
        self, sparql: str, bindings: Mapping[str, Term] | None = None, *, max_rows: int | None = None
    ) -> Graph:
        result = self.query(sparql, bindings, max_rows=max_rows)
        if not isinstance(result, Graph):
            raise QueryError(f"expected a CONSTRUCT or DESCRIBE query, got {_form(result)}")
        return result


def _form(result: QueryOutcome) -> str:
    return (
        "an ASK query"
        if isinstance(result, bool)
        else "a SELECT query"
        if isinstance(result, SelectResult)
        else "a graph"
    )
