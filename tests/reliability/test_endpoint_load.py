"""`policykg serve` under a bounded load on loopback: no errors, bounded memory, figures reported.

The default run is short (10 clients, 5 s); ``-m slow`` runs the issue's 50 clients for 30 s.
"""

from __future__ import annotations

import statistics
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import open_store
from queries.endpoint import Limits, serving

QUERIES = [
    "SELECT ?n ?t WHERE { ?g a pkg:Goal ; pkg:number ?n ; dcterms:title ?t } ORDER BY ?n",
    'SELECT ?goal ?m WHERE { ?e org:subOrganizationOf* ?i . ?i skos:altLabel "中科院"@zh . '
    "?x pkg:denotes ?e ; pkg:inGoal ?goal ; pkg:exact ?m }",
    "SELECT ?u (COUNT(?t) AS ?n) WHERE { ?t a pkg:Target ; schema:unitText ?u } GROUP BY ?u",
    "ASK { ?d a pkg:PolicyDocument }",
]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0  # pragma: no cover - not Linux


@pytest.fixture(scope="module")
def endpoint(seed_store: str) -> Iterator[str]:
    store = open_store(Path(seed_store) / "graph")
    with serving(store, Limits(max_rows=1000, timeout_s=5.0, max_body=10_000)) as url:
        yield url
    store.close()


def load(endpoint: str, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        i = n
        while time.monotonic() < deadline:
            query = QUERIES[i % len(QUERIES)]
            i += 1
            url = endpoint + "?" + urllib.parse.urlencode({"query": query})
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            started = time.perf_counter()
            error = None
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    reply.read()
                    if reply.status != 200:
                        error = f"HTTP {reply.status}"
            except OSError as exc:
                error = str(exc)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if error:
                    errors.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    assert not errors, errors[:3]
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "per_s": len(latencies) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
    }


def run(endpoint: str, clients: int, seconds: float) -> None:
    load(endpoint, 2, 1.0)  # warm the worker pool
    before = rss_mb()
    figures = load(endpoint, clients, seconds)
    grown = rss_mb() - before
    print(f"\nendpoint load: {clients} clients, {seconds:.0f} s: {figures}, RSS +{grown:.0f} MB")
    assert figures["requests"] >= clients
    assert grown < 200, f"RSS grew {grown:.0f} MB under load"


def test_endpoint_under_short_load(endpoint: str) -> None:
    run(endpoint, clients=10, seconds=5)


@pytest.mark.slow
def test_endpoint_under_50_clients_for_30_s(endpoint: str) -> None:
    run(endpoint, clients=50, seconds=30)
