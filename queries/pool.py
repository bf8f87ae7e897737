"""A small pool of query worker processes per on-disk store, for queries with a real time limit.

Workers (``queries.worker``) are started once and reused, so a query pays only for a pipe
round trip and the pickling of its rows. A worker that runs past the time limit is killed
(SIGKILL: pyoxigraph cannot be interrupted) and replaced in the background; the caller gets
``QueryTimeoutError`` at the limit and the parent process never runs the query itself.
"""

from __future__ import annotations

import atexit
import os
import select
import subprocess
import sys
import threading
import time
from typing import Any

from graph.bindings import syntax_error
from policykg.errors import QueryError, QueryTimeoutError, StoreError
from queries.worker import read_frame, write_frame

DEFAULT_WORKERS = 2
DEFAULT_MEMORY_MB = int(os.environ.get("POLICYKG_QUERY_MEMORY_MB", "4096"))


class _Worker:
    def __init__(self, path: str, memory_mb: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "queries.worker", path, str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout

    def wait_ready(self, timeout_s: float) -> None:
        if not self._readable(time.monotonic() + timeout_s) or read_frame(self.stdout) != ("ready",):
            self.kill()
            raise StoreError("the query worker could not open the store")

    def _readable(self, deadline: float) -> bool:
        remaining = deadline - time.monotonic()
        return remaining > 0 and bool(select.select([self.stdout], [], [], remaining)[0])

    def ask(self, request: tuple, deadline: float) -> Any:
        """Send one request; the reply, or None when the deadline passes first."""
        write_frame(self.stdin, request)
        if not self._readable(deadline):
            return None
        return read_frame(self.stdout)  # replies are written in one go once the query is done

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.stdin, self.stdout):
            stream.close()


class WorkerPool:
    """Workers over one store; ``run`` blocks while all are busy (up to the time limit)."""

    def __init__(self, path: str, size: int = DEFAULT_WORKERS, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.path, self.size, self.memory_mb = path, size, memory_mb
        self._idle: list[_Worker] = []
        self._starting = 0
        self._busy = 0
        self._lock = threading.Condition()
        self._closed = False

    def _start(self) -> _Worker:
        worker = _Worker(self.path, self.memory_mb)
        worker.wait_ready(30.0)
        return worker

    def _replace_in_background(self) -> None:
        def start() -> None:
            try:
                worker = self._start()
            except StoreError:
                worker = None
            with self._lock:
                self._starting -= 1
                if worker is not None and not self._closed:
                    self._idle.append(worker)
                elif worker is not None:
                    worker.kill()
                self._lock.notify()

        with self._lock:
            self._starting += 1
        threading.Thread(target=start, daemon=True, name="policykg-query-worker").start()

    def _acquire(self, deadline: float) -> _Worker:
        with self._lock:
            while True:
                if self._closed:
                    raise QueryError("the query pool is closed")
                if self._idle:
                    self._busy += 1
                    return self._idle.pop()
                if self._busy + self._starting < self.size:
                    self._busy += 1
                    break
                if not self._lock.wait(max(0.0, deadline - time.monotonic())) and time.monotonic() >= deadline:
                    raise QueryTimeoutError("every query worker is busy; try again in a moment")
        try:
            return self._start()
        except BaseException:
            with self._lock:
                self._busy -= 1
                self._lock.notify()
            raise

    def _release(self, worker: _Worker | None) -> None:
        with self._lock:
            self._busy -= 1
            if worker is not None and not self._closed:
                self._idle.append(worker)
            elif worker is not None:
                worker.kill()
            self._lock.notify()

    def run(self, request: tuple, timeout_s: float) -> Any:
        start = time.monotonic()
        worker = self._acquire(start + timeout_s)
        deadline = time.monotonic() + timeout_s  # waiting for a worker is not the query's time
        try:
            reply = worker.ask(request, deadline)
        except (EOFError, OSError):
            reply = ("error", "died", "")
        if reply is None or (reply[0] == "error" and reply[1] == "died"):
            worker.kill()
            self._release(None)
            self._replace_in_background()
            if reply is None:
                raise QueryTimeoutError(
                    f"query stopped at the time limit ({timeout_s:g} s); add LIMIT, narrow the patterns, "
                    "or raise the limit"
                )
            raise QueryError("the query worker stopped (out of memory?); the query was too costly")
        self._release(worker)
        if reply[0] == "error":
            kind, message = reply[1], reply[2]
            if kind == "syntax":
                raise syntax_error(message)
            if kind == "memory":
                raise QueryError(message)
            raise StoreError(f"query failed: {message}")
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_pools: dict[str, WorkerPool] = {}
_pools_lock = threading.Lock()


def pool_for(path: str) -> WorkerPool:
    """The shared pool of the store at ``path`` (one per process and store)."""
    key = os.path.realpath(path)
    with _pools_lock:
        if key not in _pools or _pools[key]._closed:
            _pools[key] = WorkerPool(key)
        return _pools[key]


@atexit.register
def close_all() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
