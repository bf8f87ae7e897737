"""Backend-neutral query results (rdflib terms), whatever store answered."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

Term = URIRef | BNode | Literal
Triple = tuple[Node, Node, Node]
Triples = Graph | Collection[Triple]  # a document's graph as stores take it: iterated more than once


@dataclass(frozen=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool = False  # True when the row limit cut the answer

    def records(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def to_rdflib(self) -> Result:
        """An rdflib Result, for its W3C serialisers (CSV, TSV, JSON, XML)."""
        result = Result("SELECT")
        result.vars = [Variable(v) for v in self.variables]
        result.bindings = [
            {Variable(v): term for v, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]
        return result


QueryOutcome = SelectResult | bool | Graph


def to_python(term: Identifier | None) -> object:
    """A plain value for JSON/tables: numbers stay numbers, everything else becomes text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool | str) else str(term)
    return str(term)
