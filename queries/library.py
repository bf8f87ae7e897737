"""The named query library: ``.rq`` files in ``queries/library/`` with a header comment.

Header lines: ``# title: …``, ``# description: …`` and one ``# param: NAME:KIND  meaning`` per
parameter, where KIND says how a user's text becomes an RDF term (``queries.params``):
``institution``, ``goal``, ``document``, ``class``, ``iri``, ``zh``, ``text``, ``int``,
``literal``. Parameters are bound by the store (substitution / initBindings), never pasted into
the query text; a parameter left out stays a free variable (the query then covers everything).

A query that lists the kinds of entity names them by placeholder, filled from the kinds' table
when the file is read (``policykg.kinds.expand_kinds``): ``{{kinds ?class ?kind}}`` becomes
``VALUES (?class ?kind) { (pkg:Institution "institution") … }``, ``{{kinds ?class}}`` the classes
alone and ``{{kind names}}`` (in the header) ``institution, programme, place``.

Every domain query policykg runs is a file here, and each is tested (``tests/queries``). Code
that runs one itself calls ``select`` or ``ask`` with terms; a user's named query with text
parameters goes through ``queries.params.run_named`` (the read-only runner, its limits).
This module is a plain reader over ``graph``: the network projection (``queries.network``), the
façade (``policykg.corpus``) and the app all read their queries from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.results import SelectResult, Term
from graph.store import GraphStore
from policykg.errors import QueryError
from policykg.kinds import expand_kinds

LIBRARY = Path(__file__).parent / "library"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[tuple[str, str], ...]  # (name, meaning)
    text: str
    kinds: tuple[str, ...] = ()  # per parameter: how its value is read (see queries.params)

    def kind(self, parameter: str) -> str:
        return dict(zip((p for p, _ in self.parameters), self.kinds, strict=False)).get(parameter, "text")


def _parse(path: Path) -> NamedQuery:
    text = expand_kinds(path.read_text(encoding="utf-8"))
    fields: dict[str, str] = {}
    params: list[tuple[str, str]] = []
    kinds: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if key == "param":
            spec, _, meaning = value.strip().partition(" ")
            name, _, kind = spec.partition(":")
            params.append((name, meaning.strip()))
            kinds.append(kind or "text")
        else:
            fields[key] = value.strip()
    return NamedQuery(
        path.stem, fields.get("title", path.stem), fields.get("description", ""), tuple(params), text, tuple(kinds)
    )


@cache
def named_queries() -> dict[str, NamedQuery]:
    return {path.stem: _parse(path) for path in sorted(LIBRARY.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    try:
        return named_queries()[name]
    except KeyError:
        raise QueryError(f"no named query {name!r}; known: {', '.join(named_queries())}") from None


def select(store: GraphStore, name: str, **bindings: Term) -> SelectResult:
    """The rows of the named SELECT query ``name``, its variables ``bindings`` bound by the store."""
    return store.select(named_query(name).text, bindings or None)


def ask(store: GraphStore, name: str, **bindings: Term) -> bool:
    """The answer of the named ASK query ``name``, its variables ``bindings`` bound by the store."""
    return store.ask(named_query(name).text, bindings or None)
