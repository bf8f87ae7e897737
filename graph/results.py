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
    truncated: bool = False  # True when a limit cut the answer
    cut_by: str = "rows"  # which limit, when truncated: "rows" (the row limit) or "bytes" (the byte limit)

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


class GraphAnswer(Graph):
    """A CONSTRUCT/DESCRIBE answer that knows whether a limit cut it."""

    cut_by = ""  # "" for the whole answer, else "rows" or "bytes" (as SelectResult.cut_by)


QueryOutcome = SelectResult | bool | Graph


def cut_by(outcome: QueryOutcome) -> str:
    """The limit that cut an answer ("rows" or "bytes"), or "" when it is whole."""
    if isinstance(outcome, SelectResult):
        return outcome.cut_by if outcome.truncated else ""
    return outcome.cut_by if isinstance(outcome, GraphAnswer) else ""


def to_python(term: Identifier | None) -> object:
    """A plain value for JSON/tables: numbers stay numbers, everything else becomes text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool | str) else str(term)
    return str(term)
