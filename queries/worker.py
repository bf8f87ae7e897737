"""The query worker: a child process that answers SPARQL over an on-disk Oxigraph store.

pyoxigraph cannot interrupt a running query, so user queries run here and the parent
(``queries.pool``) kills the process when the time limit passes (``policykg.workers``: the
process, the pipe protocol, the pool). The worker imports only pyoxigraph, ``policykg.workers``,
``queries.wire`` and the standard library, to start fast; it opens the store read-only and
reopens it when the store's files change (a read-only RocksDB handle is a fixed snapshot). It first leaves the
network (``policykg.offline``): pyoxigraph would evaluate ``SERVICE`` with real HTTP requests,
so no query that reaches it can make one; where the kernel refuses, its ``ready`` says so and
the parent warns once.

The request and reply formats, and the RDF terms in them, are ``queries.wire``, which the
parent reads too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

import pyoxigraph as ox

from policykg.offline import cut_off_network
from policykg.workers import refuse, serve
from queries import wire


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


def answer(store: ox.Store, request: wire.Request) -> tuple:
    sparql, prefixes, substitutions, max_rows, max_bytes = request
    try:
        result = store.query(
            sparql,
            prefixes=prefixes,
            substitutions={ox.Variable(k): wire.to_ox(v) for k, v in substitutions.items()},
        )
        return wire.reply(result, max_rows, max_bytes)
    except SyntaxError as exc:
        return wire.error("syntax", str(exc))
    except MemoryError:
        return wire.error("memory", "the query needs more memory than a query may use")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return wire.error("store", str(exc))


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
