"""Stores for the query tests: the embedded seed store, and the seed in a real Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore, open_store

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():  # pragma: no cover - the dev extra installs it
        pytest.skip("the oxigraph server (PyPI package `oxigraph`) is not installed")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port; yields its base URL."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D")
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def remote_seed(oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seed ingested through policykg into the server; yields the store location."""
    from policykg.corpus import Corpus
    from policykg.settings import Settings

    location = f"sparql+{oxigraph_server}/query"
    with pytest.MonkeyPatch.context() as env:  # the index folder of a remote store; restored after
        env.setenv("POLICYKG_INDEX", str(tmp_path_factory.mktemp("remote-index") / "index"))
        with Corpus.open(Settings(store=location), write=True) as corpus:
            report = corpus.ingest([SEED])
    assert report.added == [str(SEED)], report
    return location


@pytest.fixture(params=["embedded", "remote"])
def backend(request: pytest.FixtureRequest, seed_store: str) -> Iterator[GraphStore]:
    """The same seed, embedded (Oxigraph on disk) and remote (Oxigraph server)."""
    if request.param == "embedded":
        store = open_store(Path(seed_store) / "graph")
    else:
        store = open_store(request.getfixturevalue("remote_seed"))
    yield store
    store.close()
