"""A small pool of query worker processes per on-disk store, for queries with a real time limit.

Workers (``queries.worker``) are started once and reused, so a query pays only for a pipe
round trip and the pickling of its rows. A worker that runs past the time limit is killed
(SIGKILL: pyoxigraph cannot be interrupted) and replaced in the background; the caller gets
``QueryTimeoutError`` at the limit and the parent process never runs the query itself. The
process and pool machinery is ``policykg.workers``; this module maps its outcomes to query errors.
Workers run without a network (``policykg.offline``); where the kernel refuses, the first worker's
notice is printed once, as a warning line on stderr.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

from graph.results import QueryOutcome
from policykg import workers
from policykg.errors import QueryError, QueryTimeoutError, StoreError
from policykg.settings import query_memory_mb
from queries import wire

DEFAULT_WORKERS = 2


class WorkerPool(workers.WorkerPool):
    """Query workers over one store; ``run`` blocks while all are busy (up to the time limit)."""

    def __init__(self, path: str, size: int = DEFAULT_WORKERS, memory_mb: int | None = None) -> None:
        memory_mb = query_memory_mb() if memory_mb is None else memory_mb
        super().__init__([sys.executable, "-m", "queries.worker", path, str(memory_mb)], size, ready_timeout_s=30.0)
        self.path, self.memory_mb = path, memory_mb

    def noticed(self, notice: str) -> None:
        global _warned
        with _pools_lock:
            if _warned:
                return
            _warned = True
        sys.stderr.write(f"policykg: warning: {notice}\n")

    def run(self, request: object, timeout_s: float, wait_s: float | None = None) -> QueryOutcome:
        try:
            reply = super().run(request, timeout_s, wait_s)
        except workers.WorkerTimeoutError:
            raise QueryTimeoutError(
                f"query stopped at the time limit ({timeout_s:g} s); add LIMIT, narrow the patterns, or raise the limit"
            ) from None
        except workers.WorkerBusyError:
            raise QueryTimeoutError("every query worker is busy; try again in a moment") from None
        except workers.WorkerDiedError:
            raise QueryError("the query worker stopped (out of memory?); the query was too costly") from None
        except workers.WorkerUnavailableError as exc:
            if self.closed:
                raise QueryError("the query pool is closed") from None
            raise StoreError(
                f"the query worker could not open the store{': ' + str(exc) if str(exc) else ''}"
            ) from None
        return wire.outcome(reply)  # raises the query's own error, if the reply carries one


_pools: dict[str, WorkerPool] = {}
_pools_lock = threading.Lock()
_warned = False  # the workers' network notice is said once per process


def pool_for(path: str) -> WorkerPool:
    """The shared pool of the store at ``path`` (one per process and store)."""
    key = os.path.realpath(path)
    with _pools_lock:
        if key not in _pools or _pools[key].closed:
            _pools[key] = WorkerPool(key)
        return _pools[key]


@atexit.register
def close_all() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def reserve(path: str, size: int) -> None:
    """Let the shared pool of ``path`` grow to ``size`` workers (the endpoint runs more than the CLI)."""
    pool = pool_for(path)
    with pool._lock:
        pool.size = max(pool.size, size)
