"""The query worker: a child process that answers SPARQL over an on-disk Oxigraph store.

pyoxigraph cannot interrupt a running query, so user queries run here and the parent
(``queries.pool``) kills the process when the time limit passes (``policykg.workers``: the
process, the pipe protocol, the pool). The worker imports only pyoxigraph, ``policykg.workers``
and the standard library, to start fast; it opens the store read-only and reopens it when the
store's files change (a read-only RocksDB handle is a fixed snapshot). It first leaves the
network (``policykg.offline``): pyoxigraph would evaluate ``SERVICE`` with real HTTP requests,
so no query that reaches it can make one; where the kernel refuses, its ``ready`` says so and
the parent warns once.

Request ``(sparql, prefixes, substitutions, max_rows, max_bytes)``; reply ``("select", names, terms,
rows, cut)``, ``("ask", bool)``, ``("graph", terms, triples, cut)`` or ``("error", kind, message)``;
``cut`` is ``""`` for a whole answer, ``"rows"`` or ``"bytes"`` for one cut at that limit. The
bytes are the answer's cells as they will be written out (each term's text in UTF-8, per cell,
repeats included): the worker's memory cap does not bound what the parent builds from a
reply, so the worker stops collecting once the cells pass ``max_bytes``.

``terms`` holds each distinct term of the reply once, as a tuple (``encode``), so neither side
needs the other's term classes; a row or triple refers to them by position (None:
unbound). Answers repeat their terms (a goal's document, an institution in every row), so the
reply is about half the size of one with a tuple per cell, and the parent builds each term once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from policykg.offline import cut_off_network
from policykg.workers import refuse, serve

_PLAIN = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def encode(term: Any) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("l", term.value, term.language, "")
        datatype = term.datatype.value
        return ("l", term.value, "", "" if datatype in _PLAIN else datatype)
    return ("l", str(term), "", "")  # RDF-star triple terms: shown as text


def decode(term: tuple[str, ...]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term[0] == "u":
        return ox.NamedNode(term[1])
    if term[0] == "b":
        return ox.BlankNode(term[1])
    _, value, language, datatype = term
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


CELL_OVERHEAD = 16  # bytes a written cell adds to its term's text (quotes, a datatype IRI's share)


def size(term: tuple[str, ...]) -> int:
    """About how many bytes ``term`` takes written out: its text and tag in UTF-8 (at most 3 bytes a character)."""
    text = term[1] if term[0] != "l" else term[1] + term[2] + term[3]
    return CELL_OVERHEAD + (len(text) if text.isascii() else 3 * len(text))


class TermTable:
    """The distinct terms of one reply, each encoded once; rows hold their positions.

    ``bytes`` counts every cell written out (a term repeated in 1,000 rows counts 1,000 times).
    """

    def __init__(self) -> None:
        self.terms: list[tuple[str, ...]] = []
        self._index: dict[Any, int] = {}
        self._sizes: list[int] = []
        self.bytes = 0

    def refs(self, values: Iterable[Any]) -> tuple[int | None, ...]:
        index = self._index
        out: list[int | None] = []
        for value in values:
            if value is None:
                out.append(None)
                continue
            position = index.get(value)
            if position is None:
                position = index[value] = len(self.terms)
                encoded = encode(value)
                assert encoded is not None
                self.terms.append(encoded)
                self._sizes.append(size(encoded))
            self.bytes += self._sizes[position]
            out.append(position)
        return tuple(out)


def fingerprint(path: str) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of the store's files: any commit changes it.

    A writer deletes files while we list them (RocksDB drops compacted tables): a file gone
    between the listing and its ``stat`` is left out, which still differs from the last print.
    """
    files = []
    with os.scandir(path) as entries:
        for entry in entries:
            try:
                if entry.is_file():
                    stat = entry.stat()
                    files.append((entry.name, stat.st_size, stat.st_mtime_ns))
            except FileNotFoundError:
                continue
    return tuple(sorted(files))


def answer(
    store: ox.Store, request: tuple[str, dict[str, str], dict[str, tuple[str, ...]], int | None, int | None]
) -> tuple:
    sparql, prefixes, substitutions, max_rows, max_bytes = request
    try:
        result = store.query(
            sparql,
            prefixes=prefixes,
            substitutions={ox.Variable(k): decode(v) for k, v in substitutions.items()},
        )
        if isinstance(result, ox.QueryBoolean):
            return ("ask", bool(result))
        table = TermTable()
        rows: list[tuple[int | None, ...]] = []
        cut = ""
        solutions = isinstance(result, ox.QuerySolutions)
        for item in result:
            if max_rows is not None and len(rows) >= max_rows:
                cut = "rows"
                break
            known = len(table.terms)
            row = table.refs(item if solutions else (item.subject, item.predicate, item.object))
            if max_bytes is not None and table.bytes > max_bytes:
                cut = "bytes"  # this row and its new terms are left out: the reply stays under the limit
                del table.terms[known:]
                break
            rows.append(row)
        if isinstance(result, ox.QuerySolutions):
            return ("select", [v.value for v in result.variables], table.terms, rows, cut)
        return ("graph", table.terms, rows, cut)
    except SyntaxError as exc:
        return ("error", "syntax", str(exc))
    except MemoryError:
        return ("error", "memory", "the query needs more memory than a query may use")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return ("error", "store", str(exc))


def open_snapshot(path: str, attempts: int = 40) -> ox.Store:
    """Open read-only; retried because a writer compacting at that moment removes files under us."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def main(path: str, memory_mb: int) -> None:
    notice = cut_off_network()  # first, while this process has one thread
    if notice:
        notice = f"query workers can open network connections: {notice}; only the query check refuses SERVICE"
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        seen = fingerprint(path)
        store = open_snapshot(path)
    except (OSError, RuntimeError) as exc:
        refuse(f"cannot open the store: {exc}")
        return

    def handle(request: tuple) -> tuple:
        nonlocal store, seen
        try:
            now = fingerprint(path)
        except OSError:  # the store's folder is gone or unreadable: answer from the snapshot we hold
            now = seen
        if now != seen:  # a writer committed: take a fresh snapshot, or keep the old one
            with contextlib.suppress(OSError, RuntimeError):
                store, seen = open_snapshot(path), now
        return answer(store, request)

    serve(handle, notice)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
