"""The named query library: ``.rq`` files in ``queries/library/`` with a header comment.

Header lines: ``# title: …``, ``# description: …`` and one ``# param: NAME  meaning`` per
parameter. Parameters are bound by the store (substitution / initBindings), never pasted into
the query text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policykg.errors import QueryError

LIBRARY = Path(__file__).parent / "library"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[tuple[str, str], ...]  # (name, meaning)
    text: str


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if key == "param":
            name, _, meaning = value.strip().partition(" ")
            params.append((name, meaning.strip()))
        else:
            fields[key] = value.strip()
    return NamedQuery(path.stem, fields.get("title", path.stem), fields.get("description", ""), tuple(params), text)


@cache
def named_queries() -> dict[str, NamedQuery]:
    return {path.stem: _parse(path) for path in sorted(LIBRARY.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    try:
        return named_queries()[name]
    except KeyError:
        raise QueryError(f"no named query {name!r}; known: {', '.join(named_queries())}") from None
