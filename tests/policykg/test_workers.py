"""The killable worker pool (``policykg.workers``) with real child processes: replies, reuse, a
kill at the time limit and a replacement, a worker that dies, one that refuses to start, and a
time limit that holds when the caller is not the main thread (where signals cannot help)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import pytest

from policykg.errors import IngestError, IngestTimeoutError
from policykg.workers import (
    WorkerBusyError,
    WorkerDiedError,
    WorkerError,
    WorkerPool,
    WorkerTimeoutError,
    WorkerUnavailableError,
    file_errors,
)

# A worker that sleeps for request[0] seconds, then answers request[1] and its own process id.
SLEEPER = [
    sys.executable,
    "-c",
    "import os, time\nfrom policykg.workers import serve\nserve(lambda r: (time.sleep(r[0]), (r[1], os.getpid()))[1])",
]


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    pool = WorkerPool(SLEEPER, size=1, ready_timeout_s=60)
    yield pool
    pool.close()


def test_workers_answer_and_are_reused(pool: WorkerPool) -> None:
    first, pid = pool.run((0, "a"), 30)
    second, same_pid = pool.run((0, "b"), 30)
    assert (first, second) == ("a", "b")
    assert pid == same_pid and pool.started == 1


def test_a_worker_past_its_limit_is_killed_and_replaced(pool: WorkerPool) -> None:
    _, pid = pool.run((0, "warm"), 30)
    started = time.monotonic()
    with pytest.raises(WorkerTimeoutError):
        pool.run((30, "never"), 0.3)
    assert time.monotonic() - started < 5  # not the 30 s the request wanted
    reply, new_pid = pool.run((0, "after"), 5, wait_s=60)  # waits for the replacement, not counted
    assert reply == "after" and new_pid != pid and pool.started == 2


def test_the_limit_holds_off_the_main_thread(pool: WorkerPool) -> None:
    pool.run((0, "warm"), 30)
    outcome: list[object] = []

    def ask() -> None:
        started = time.monotonic()
        try:
            pool.run((30, "never"), 0.3)
        except WorkerTimeoutError as exc:
            outcome.append(exc)
        outcome.append(time.monotonic() - started)

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join(20)
    assert isinstance(outcome[0], WorkerTimeoutError) and isinstance(outcome[1], float) and outcome[1] < 5


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    pool = WorkerPool(
        [sys.executable, "-c", "import os\nfrom policykg.workers import serve\nserve(lambda r: os._exit(3))"]
    )
    try:
        with pytest.raises(WorkerDiedError):
            pool.run("anything", 30)
        with pytest.raises(WorkerDiedError):
            pool.run("again", 30, wait_s=60)
        assert pool.started == 2
    finally:
        pool.close()


def test_a_worker_that_cannot_start_says_why() -> None:
    pool = WorkerPool([sys.executable, "-c", "from policykg.workers import refuse\nrefuse('no store here')"])
    try:
        with pytest.raises(WorkerUnavailableError, match="no store here"):
            pool.run("anything", 30)
    finally:
        pool.close()


def test_a_closed_pool_refuses(pool: WorkerPool) -> None:
    pool.close()
    with pytest.raises(WorkerUnavailableError, match="closed"):
        pool.run((0, "a"), 30)


@pytest.mark.parametrize(
    ("failure", "kind", "line"),
    [
        (WorkerTimeoutError(), IngestTimeoutError, "plan.txt: took longer than 30 s to read, extract and encode;"),
        (WorkerDiedError(), IngestError, "plan.txt: the encoder worker stopped while encoding it (out of memory?)"),
        (WorkerBusyError(), IngestError, "plan.txt: no encoder worker was ready in 120 s"),
        (WorkerUnavailableError("no model"), IngestError, "plan.txt: the encoder worker could not start (no model)"),
    ],
)
def test_a_worker_failure_becomes_the_files_one_line_error(failure: WorkerError, kind: type, line: str) -> None:
    with pytest.raises(kind) as raised, file_errors("plan.txt", "encoder", "encoding", 30, 120):
        raise failure
    assert type(raised.value) is kind
    assert str(raised.value).startswith(line)
