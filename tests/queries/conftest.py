"""Stores for the query tests: the embedded seed store, the seed in a real Oxigraph server, and in rdflib."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from graph.oxigraph_server import start_server
from graph.store import GraphStore, open_store
from policykg.errors import ConfigError

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port; yields its base URL."""
    try:
        process, base = start_server(tmp_path_factory.mktemp("oxigraph-server"), "--union-default-graph")
    except ConfigError as exc:  # pragma: no cover - the dev extra installs it
        pytest.skip(str(exc))
    try:
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


@pytest.fixture(scope="session")
def memory_seed(seed_store: str) -> GraphStore:
    """The seed's quads, copied from the embedded store into rdflib's in-memory store."""
    from rdflib import Graph

    embedded = open_store(Path(seed_store) / "graph")
    graphs: dict[str, Graph] = {}
    for s, p, o, g in embedded.quads():
        graphs.setdefault(str(g), Graph()).add((s, p, o))
    embedded.close()
    memory = open_store(":memory:")
    for document, graph in graphs.items():
        memory.replace_document(URIRef(document), graph)
    return memory


@pytest.fixture(params=["embedded", "remote", "memory"])
def backend(request: pytest.FixtureRequest, seed_store: str) -> Iterator[GraphStore]:
    """The same seed, embedded (Oxigraph on disk), remote (Oxigraph server) and rdflib in memory."""
    if request.param == "memory":
        yield request.getfixturevalue("memory_seed")
        return
    if request.param == "embedded":
        store = open_store(Path(seed_store) / "graph")
    else:
        store = open_store(request.getfixturevalue("remote_seed"))
    yield store
    store.close()
