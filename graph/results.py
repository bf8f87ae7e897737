"""Backend-neutral query results (rdflib terms), whatever store answered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Variable

Term = URIRef | BNode | Literal


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


def values_clause(bindings: Mapping[str, Term]) -> str:
    """A VALUES clause binding each variable to one term, serialised (and escaped) by rdflib.

    >>> values_clause({"name": Literal("中科院", lang="zh"), "doc": URIRef("urn:d")})
    'VALUES (?name ?doc) { ("中科院"@zh <urn:d>) }'
    """
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def to_python(term: Identifier | None) -> object:
    """A plain value for JSON/tables: numbers stay numbers, everything else becomes text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool | str) else str(term)
    return str(term)
