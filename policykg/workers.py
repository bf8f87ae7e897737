"""Killable worker processes: run work that cannot be interrupted under a real time limit.

Neither pyoxigraph (a running query) nor jieba and the ingest parsers (a pathological file) can be
interrupted, and signals reach only the main thread (the app runs them in others). So such work
runs in a child process that the parent kills (SIGKILL) when its time limit passes. Workers are
started once and reused: a request pays for a pipe round trip and the pickling of its reply. A
killed worker is replaced in the background.

Used by the SPARQL runner (``queries.pool`` / ``queries.worker``) and by ingest
(``ingest.worker``). A worker module calls ``serve(handle)``; the parent keeps a ``WorkerPool``
of the command that starts it and calls ``run(request, timeout_s)``.

Protocol on the child's stdin/stdout: length-prefixed pickles. The child writes ``("ready",)``
once it can take requests (or ``("failed", message)``), then one reply per request. This module
imports only the standard library (and policykg.errors), so workers start fast.
"""

from __future__ import annotations

import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from policykg.errors import IngestError, IngestTimeoutError

HEADER = struct.Struct("!Q")


class WorkerError(Exception):
    """Internal: why a request got no reply. Callers map these to their own ``PolicyKGError``."""


class WorkerTimeoutError(WorkerError):
    """The request ran past its time limit; its worker was killed."""


class WorkerBusyError(WorkerError):
    """No worker became free in time."""


class WorkerDiedError(WorkerError):
    """The worker exited while working on the request (out of memory, a crash)."""


class WorkerUnavailableError(WorkerError):
    """No worker could be started (its message says why), or the pool is closed."""


@contextmanager
def file_errors(file: str, worker: str, doing: str, timeout_s: float, ready_s: float) -> Iterator[None]:
    """Map a worker's failure while it is ``doing`` ``file`` to that file's one-line ingest error;
    ``worker`` names the pool ("ingest", "encoder") and ``ready_s`` how long a free one was awaited."""
    try:
        yield
    except WorkerTimeoutError:
        raise IngestTimeoutError.for_file(file, timeout_s) from None
    except WorkerDiedError:
        raise IngestError(f"{file}: the {worker} worker stopped while {doing} it (out of memory?)") from None
    except WorkerBusyError:
        raise IngestError(f"{file}: no {worker} worker was ready in {ready_s:g} s") from None
    except WorkerUnavailableError as exc:
        raise IngestError(f"{file}: the {worker} worker could not start ({exc or 'no reason given'})") from None


def write_frame(stream: IO[bytes], payload: object) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    return pickle.loads(stream.read(HEADER.unpack(header)[0]))


def serve(handle: Callable[[Any], Any], notice: str | None = None) -> None:
    """The child's side: say ready (with a ``notice`` for the parent, if any), then answer requests
    until the parent closes the pipe."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the pipe
    write_frame(stdout, ("ready",) if notice is None else ("ready", notice))
    while True:
        try:
            request = read_frame(stdin)
        except EOFError:
            return
        write_frame(stdout, handle(request))


def refuse(message: str) -> None:
    """The child's side when it cannot start: tell the parent why, instead of ``ready``."""
    write_frame(sys.stdout.buffer, ("failed", message))


class WorkerProcess:
    """One child process running ``command``."""

    def __init__(self, command: Sequence[str]) -> None:
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.notice: str | None = None  # what the child said with its ``ready``

    def wait_ready(self, timeout_s: float) -> None:
        try:
            reply = read_frame(self.stdout) if self._readable(time.monotonic() + timeout_s) else None
        except (EOFError, OSError, pickle.UnpicklingError):
            reply = None
        if not (isinstance(reply, tuple) and reply[:1] == ("ready",)):
            self.kill()
            raise WorkerUnavailableError(reply[1] if isinstance(reply, tuple) and reply[0] == "failed" else "")
        self.notice = reply[1] if len(reply) > 1 else None

    def _readable(self, deadline: float) -> bool:
        remaining = deadline - time.monotonic()
        return remaining > 0 and bool(select.select([self.stdout], [], [], remaining)[0])

    def ask(self, request: object, deadline: float) -> Any:
        """Send one request; the reply, or None when the deadline passes first."""
        write_frame(self.stdin, request)
        if not self._readable(deadline):
            return None
        return read_frame(self.stdout)  # replies are written in one go once the work is done

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.stdin, self.stdout):
            stream.close()


class WorkerPool:
    """Up to ``size`` workers running ``command``; ``run`` waits while all are busy.

    ``ready_timeout_s`` bounds a worker's start (imports, warm-up), which never counts against a
    request's time limit.
    """

    def __init__(self, command: Sequence[str], size: int = 1, ready_timeout_s: float = 30.0) -> None:
        self.command, self.size, self.ready_timeout_s = list(command), size, ready_timeout_s
        self._idle: list[WorkerProcess] = []
        self._starting = 0
        self._busy = 0
        self._running: set[WorkerProcess] = set()  # workers on a request, killed by close()
        self._lock = threading.Condition()
        self._closed = False
        self.started = 0  # workers started so far (replacements included)

    @property
    def closed(self) -> bool:
        return self._closed

    def _start(self) -> WorkerProcess:
        worker = WorkerProcess(self.command)
        with self._lock:
            self.started += 1
        worker.wait_ready(self.ready_timeout_s)
        if worker.notice:
            self.noticed(worker.notice)
        return worker

    def noticed(self, notice: str) -> None:
        """A worker started with a notice (``serve(handle, notice)``); subclasses say it to the user."""

    def warm(self) -> None:
        """Start a worker in the background if none is idle or starting, so the first request need not wait."""
        with self._lock:
            if self._idle or self._starting or self._busy >= self.size or self._closed:
                return
        self._start_in_background()

    def _start_in_background(self) -> None:
        def start() -> None:
            try:
                worker: WorkerProcess | None = self._start()
            except (WorkerUnavailableError, OSError):
                worker = None
            with self._lock:
                self._starting -= 1
                if worker is not None and not self._closed:
                    self._idle.append(worker)
                elif worker is not None:
                    worker.kill()
                self._lock.notify()

        with self._lock:
            if self._closed:
                return
            self._starting += 1
        threading.Thread(target=start, daemon=True, name="policykg-worker-start").start()

    def _acquire(self, deadline: float) -> WorkerProcess:
        with self._lock:
            while True:
                if self._closed:
                    raise WorkerUnavailableError("the worker pool is closed")
                if self._idle:
                    self._busy += 1
                    return self._idle.pop()
                if self._busy + self._starting < self.size:
                    self._busy += 1
                    break
                if not self._lock.wait(max(0.0, deadline - time.monotonic())) and time.monotonic() >= deadline:
                    raise WorkerBusyError
        try:
            return self._start()
        except BaseException:
            with self._lock:
                self._busy -= 1
                self._lock.notify()
            raise

    def _release(self, worker: WorkerProcess | None) -> None:
        with self._lock:
            self._busy -= 1
            if worker is not None and not self._closed:
                self._idle.append(worker)
            elif worker is not None:
                worker.kill()
            self._lock.notify()

    def run(self, request: object, timeout_s: float, wait_s: float | None = None) -> Any:
        """The worker's reply to ``request``, which may take ``timeout_s`` seconds.

        Waiting for a free worker (up to ``wait_s``, by default ``timeout_s``) is not the
        request's time. Raises ``WorkerTimeoutError`` (the worker is killed and replaced),
        ``WorkerDiedError``, ``WorkerBusyError`` or ``WorkerUnavailableError``.
        """
        return self.run_timed(request, timeout_s, wait_s)[0]

    def run_timed(self, request: object, timeout_s: float, wait_s: float | None = None) -> tuple[Any, float]:
        """``run``, and the seconds of ``timeout_s`` the request took."""
        worker = self._acquire(time.monotonic() + (timeout_s if wait_s is None else wait_s))
        started = time.monotonic()
        with self._lock:
            self._running.add(worker)
        try:
            reply = worker.ask(request, started + timeout_s)
            died = False
        except (EOFError, OSError):
            reply, died = None, True
        except BaseException:  # KeyboardInterrupt: nobody waits for this reply any more
            self._retire(worker)
            raise
        if reply is None:
            self._retire(worker)
            self._start_in_background()
            raise WorkerDiedError if died else WorkerTimeoutError
        with self._lock:
            self._running.discard(worker)
        self._release(worker)
        return reply, time.monotonic() - started

    def _retire(self, worker: WorkerProcess) -> None:
        worker.kill()
        with self._lock:
            self._running.discard(worker)
        self._release(None)

    def close(self) -> None:
        """Kill every worker, busy ones too: a request in flight fails with ``WorkerDiedError``."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            running = list(self._running)
        for worker in idle:
            worker.kill()
        for worker in running:
            if worker.process.poll() is None:
                worker.process.kill()  # its ``run`` sees the pipe close, and reaps it
