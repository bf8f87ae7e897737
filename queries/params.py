"""Named queries with parameters given as text: ``institution=中科院`` becomes RDF terms, bound safely.

Each parameter's KIND (from the query's header, see ``queries.library``) says how its text is
read. A name may stand for several terms (an alias shared by two institutions): the query then
runs once per term and the rows are concatenated, duplicates dropped. Values are bound by the
store as terms (substitution / initBindings), never pasted into the query text.

>>> term("class", "institution")
rdflib.term.URIRef('https://w3id.org/policykg/ontology#Institution')
>>> term("goal", "qingdao-most-2016-goals#2")
rdflib.term.URIRef('https://w3id.org/policykg/id/doc/qingdao-most-2016-goals/goal/2')
>>> term("zh", "元")
rdflib.term.Literal('元', lang='zh')
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from rdflib import Literal, URIRef

from graph.iri import document_iri, goal_iri
from graph.results import QueryOutcome, SelectResult, Term
from graph.store import GraphStore
from graph.vocab import PREFIXES
from policykg.errors import QueryError
from policykg.kinds import KINDS as ENTITY_KINDS
from queries.library import named_query
from queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_query

KINDS = ("institution", "goal", "document", "class", "iri", "zh", "text", "int", "literal")
_CLASSES = {k.name: k.rdf_class for k in ENTITY_KINDS} | {
    "goal": "pkg:Goal",
    "target": "pkg:Target",
    "mention": "pkg:Mention",
    "passage": "pkg:Passage",
    "document": "pkg:PolicyDocument",
}
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]+$", re.IGNORECASE)
_LANG_LITERAL = re.compile(r'^"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)$', re.DOTALL)


def iri(text: str) -> URIRef:
    """A full IRI, or a prefixed name with one of the built-in prefixes (pkg:Goal)."""
    text = text.strip().removeprefix("<").removesuffix(">")
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    if not _IRI.match(text):
        raise QueryError(f"not an IRI: {text!r}")
    return URIRef(text)


def term(kind: str, text: str) -> Term:
    """One RDF term from a user's text, for every kind but ``institution`` (see ``terms``)."""
    text = text.strip()
    if kind == "goal":
        doc, sep, number = text.rpartition("#")
        return goal_iri(doc, int(number)) if sep and number.isdigit() and "/" not in doc else iri(text)
    if kind == "document":
        return iri(text) if ":" in text else document_iri(text)
    if kind == "class":
        return iri(_CLASSES.get(text.casefold(), text))
    if kind == "iri":
        return iri(text)
    if kind == "zh":
        return Literal(text, lang="zh")
    if kind == "int":
        try:
            return Literal(int(text))
        except ValueError:
            raise QueryError(f"not a whole number: {text!r}") from None
    if kind == "literal" and (m := _LANG_LITERAL.match(text)):
        return Literal(m.group(1), lang=m.group(2))
    return Literal(text)


def terms(store: GraphStore, kind: str, text: str) -> list[Term]:
    """The terms a parameter's text stands for; an institution name may stand for several."""
    if kind != "institution":
        return [term(kind, text)]
    if text.strip().startswith(("http://", "https://", "id:", "<")):
        return [iri(text)]
    from queries.goals import closest_institutions, find_institutions

    found: list[Term] = list(find_institutions(store, text))
    if not found:
        hint = ", ".join(closest_institutions(store, text))
        raise QueryError(f"no institution named {text!r}" + (f"; closest known: {hint}" if hint else ""))
    return found


def run_named(
    store: GraphStore,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> QueryOutcome:
    """Run a named query with text parameters (``{"institution": "中科院"}``) through the safe runner."""
    query = named_query(name)
    declared = [p for p, _ in query.parameters]
    for key in params or {}:
        if key not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query {name!r} has no parameter {key!r}; its parameters: {known}")
    choices = {key: terms(store, query.kind(key), value) for key, value in (params or {}).items()}
    outcomes = [
        run_query(store, query.text, dict(zip(choices, combo, strict=True)), max_rows=max_rows, timeout_s=timeout_s)
        for combo in itertools.product(*choices.values())
    ]
    if len(outcomes) == 1 or not all(isinstance(o, SelectResult) for o in outcomes):
        return outcomes[0]
    return _concatenate([o for o in outcomes if isinstance(o, SelectResult)], max_rows)


def _concatenate(results: list[SelectResult], max_rows: int) -> SelectResult:
    seen: set[tuple[Term | None, ...]] = set()
    rows = []
    for row in itertools.chain.from_iterable(r.rows for r in results):
        if row not in seen:
            seen.add(row)
            rows.append(row)
    truncated = any(r.truncated for r in results) or len(rows) > max_rows
    return SelectResult(results[0].variables, tuple(rows[:max_rows]), truncated)
