"""Which waiting request gets a query worker next: the endpoint's fair, bounded queue.

A query holds a worker for as long as it runs (up to the time limit), so a few clients looping
slow queries could hold every worker while everyone else waits. ``Admission`` hands out
``slots`` (the endpoint's workers) to requests keyed by client (the remote address):

- a client runs at most ``per_client`` queries at once while another client waits; alone, it may
  use more, but never the last free slot;
- a heavy client (more than ``HEAVY_S`` seconds of worker time lately, its running queries
  included) never takes the last free slot either: one worker stays for everyone else;
- among the requests that may run, the client with the fewest running queries goes first, then
  the one with the least recent worker time, then the oldest request;
- at most ``queue`` requests wait; past that, or after waiting ``wait_s``, ``BusyError`` (HTTP 503
  with ``Retry-After``).

Recent worker time decays with a half-life of ``HALF_LIFE_S``, so a client that stops sending
heavy queries is light again within a minute.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

HEAVY_S = 1.0  # recent worker seconds that make a client heavy
HALF_LIFE_S = 20.0
_RECHECK_S = 0.25  # a waiter looks again this often: a running query becomes heavy as time passes


class BusyError(Exception):
    """No slot for this request: the queue is full or the wait ran out. ``retry_after_s`` is a hint."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


@dataclass
class _Ticket:
    client: str
    seq: int
    started: float = field(default=0.0)


class Admission:
    def __init__(self, slots: int, per_client: int = 1, queue: int = 64) -> None:
        self.slots, self.per_client, self.queue = slots, per_client, queue
        self._lock = threading.Condition()
        self._waiting: list[_Ticket] = []
        self._running: list[_Ticket] = []
        self._usage: dict[str, tuple[float, float]] = {}  # client -> (worker seconds, when measured)
        self._seq = itertools.count()

    @contextmanager
    def slot(self, client: str, wait_s: float) -> Iterator[None]:
        """Hold one slot for ``client`` while the block runs; waits fairly, at most ``wait_s``."""
        ticket = self._enter(client, wait_s)
        try:
            yield
        finally:
            self._leave(ticket)

    def _enter(self, client: str, wait_s: float) -> _Ticket:
        deadline = time.monotonic() + wait_s
        with self._lock:
            ticket = _Ticket(client, next(self._seq))
            self._waiting.append(ticket)
            try:
                if self._next() is not ticket and len(self._waiting) > self.queue:
                    full = f"the endpoint is busy (its queue of {self.queue} is full); try again in a moment"
                    raise BusyError(full, 1)
                while self._next() is not ticket:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise BusyError(
                            f"every query worker stayed busy for {wait_s:g} s; try again in a moment",
                            max(1, math.ceil(wait_s / 2)),
                        )
                    self._lock.wait(min(left, _RECHECK_S))
            finally:
                self._waiting.remove(ticket)
                self._lock.notify_all()
            ticket.started = time.monotonic()
            self._running.append(ticket)
            return ticket

    def _leave(self, ticket: _Ticket) -> None:
        with self._lock:
            self._running.remove(ticket)
            now = time.monotonic()
            used, _ = self._decayed(ticket.client, now)
            self._usage[ticket.client] = (used + now - ticket.started, now)
            if len(self._usage) > 4 * self.queue:  # forget clients long light, so the table stays small
                self._usage = {c: u for c, u in self._usage.items() if self._decayed(c, now)[0] > 0.01}
            self._lock.notify_all()

    def _decayed(self, client: str, now: float) -> tuple[float, float]:
        used, when = self._usage.get(client, (0.0, now))
        return used * 0.5 ** ((now - when) / HALF_LIFE_S), now

    def _recent(self, client: str, now: float) -> float:
        """Worker seconds of ``client`` lately, its running queries included."""
        running = sum(now - t.started for t in self._running if t.client == client)
        return self._decayed(client, now)[0] + running

    def _next(self) -> _Ticket | None:
        """The waiting ticket to run now, or None while none may."""
        free = self.slots - len(self._running)
        if free <= 0 or not self._waiting:
            return None
        now = time.monotonic()
        running = Counter(t.client for t in self._running)
        clients = {t.client for t in self._waiting}
        best: tuple[int, float, int] | None = None
        chosen = None
        for ticket in self._waiting:
            client = ticket.client
            over_share = running[client] >= self.per_client
            if over_share and len(clients) > 1:
                continue  # another client waits: this one has had its share
            recent = self._recent(client, now)
            if (over_share or recent > HEAVY_S) and free < 2 and self.slots > 1:
                continue  # the last free worker stays for a light client
            key = (running[client], recent, ticket.seq)
            if best is None or key < best:
                best, chosen = key, ticket
        return chosen
