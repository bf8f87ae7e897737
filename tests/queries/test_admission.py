"""The endpoint's fair queue, with real threads holding its slots."""

from __future__ import annotations

import threading
import time

import pytest

from queries.admission import HEAVY_S, Admission, BusyError


def hold(admission: Admission, client: str, seconds: float, started: threading.Event | None = None) -> None:
    with admission.slot(client, wait_s=5):
        if started:
            started.set()
        time.sleep(seconds)


def test_a_heavy_client_never_takes_the_last_free_worker() -> None:
    admission = Admission(slots=2)
    hold(admission, "heavy", HEAVY_S + 0.2)  # now it has used more than HEAVY_S lately
    started = threading.Event()
    light = threading.Thread(target=hold, args=(admission, "light", 1.0, started))
    light.start()
    started.wait(5)
    with pytest.raises(BusyError, match="stayed busy"), admission.slot("heavy", wait_s=0.3):
        pass
    with admission.slot("another", wait_s=0.3):  # a light client gets it at once
        pass
    light.join()


def test_a_client_waits_its_turn_while_another_waits() -> None:
    admission = Admission(slots=3, per_client=1)
    order: list[str] = []
    started = threading.Event()
    first = threading.Thread(target=hold, args=(admission, "a", 0.6, started))
    first.start()
    started.wait(5)
    blocker = threading.Thread(target=hold, args=(admission, "b", 0.6))
    blocker.start()
    time.sleep(0.1)  # a and b each hold one; one slot is free, and it is the last

    def run(client: str) -> None:
        with admission.slot(client, wait_s=5):
            order.append(client)

    second_a = threading.Thread(target=run, args=("a",))
    second_a.start()
    time.sleep(0.1)
    c = threading.Thread(target=run, args=("c",))
    c.start()
    for t in (second_a, c, first, blocker):
        t.join()
    assert order[0] == "c"  # a had its share while c waited; c took the last free slot first


def test_past_the_queue_bound_at_once() -> None:
    admission = Admission(slots=1, queue=0)
    started = threading.Event()
    holder = threading.Thread(target=hold, args=(admission, "a", 0.5, started))
    holder.start()
    started.wait(5)
    begun = time.monotonic()
    with pytest.raises(BusyError, match="queue of 0 is full") as raised, admission.slot("b", wait_s=5):
        pass
    assert raised.value.retry_after_s == 1 and time.monotonic() - begun < 0.2
    holder.join()
