"""``policykg repair``: what can honestly be mended in a damaged store, and what cannot.

In order: the graph's lost CURRENT file is written again, naming its newest MANIFEST (RocksDB's
CURRENT is one line naming the live manifest); a graph that still does not open or read is moved
aside (kept, never deleted) and rebuilt from the source files ``sources.json`` lists, each under
the id it had; the search index's lost CURRENT is pointed at its newest complete version; an index
that is missing, damaged or behind the graph is rebuilt from the graph. Each step is one line;
a step that could not be done says so, and ``repaired`` is then False.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.persist import CURRENT as INDEX_CURRENT
from embeddings.persist import PREFIX as GENERATION
from graph.oxigraph_store import OxigraphStore, lost_current
from policykg.atomic import write_bytes_atomic
from policykg.corpus import Corpus
from policykg.errors import ConfigError, PolicyKGError, StoreError
from policykg.settings import Settings
from policykg.sources import read_ledger


@dataclass
class RepairReport:
    done: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)

    @property
    def repaired(self) -> bool:
        return not self.not_done


def repair(settings: Settings) -> RepairReport:
    if settings.is_remote:
        raise ConfigError("policykg repair mends a store folder; a remote SPARQL server keeps its own data")
    report = RepairReport()
    graph = Path(settings.graph_location)
    if not graph.exists():
        raise StoreError(f"no graph store at {graph}; nothing to repair")
    _restore_graph_current(graph, report)
    rebuilt = False
    if _graph_problem(graph):
        if not _rebuild_graph(settings, graph, report):
            return report  # the index is built from the graph: nothing more to do without one
        rebuilt = True
    _restore_index_current(settings.index_dir, report)
    _repair_index(settings, report, "the graph was rebuilt" if rebuilt else None)
    return report


def _restore_graph_current(graph: Path, report: RepairReport) -> None:
    if not lost_current(graph):
        return
    manifests = sorted(graph.glob("MANIFEST-*"), key=lambda p: int(p.name.rpartition("-")[2] or 0))
    if not manifests:
        report.not_done.append(f"graph: CURRENT is lost and no MANIFEST file is left to restore it from in {graph}")
        return
    write_bytes_atomic(graph / "CURRENT", f"{manifests[-1].name}\n".encode("ascii"))
    report.done.append(f"graph: restored CURRENT, naming {manifests[-1].name}")


def _graph_problem(graph: Path) -> str | None:
    """Why the graph cannot be used, or None: opened and every quad read (RocksDB finds a damaged
    table file only when it reads it)."""
    try:
        store = OxigraphStore(graph)
        try:
            store.documents()
            len(store)
        finally:
            store.close()
    except (StoreError, RuntimeError, OSError) as exc:
        return str(exc)
    return None


def _rebuild_graph(settings: Settings, graph: Path, report: RepairReport) -> bool:
    sources = read_ledger(Path(settings.store))
    if not sources:
        report.not_done.append(
            f"graph: {graph} is damaged and no sources.json lists its files; move it aside and ingest them again"
        )
        return False
    aside = graph.with_name(f"graph.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    os.rename(graph, aside)
    report.done.append(f"graph: moved the damaged database to {aside} (kept; delete it once the store is right)")
    present = [s for s in sources if s.path is not None and Path(s.path).is_file()]
    for source in sources:
        if source not in present:
            report.not_done.append(f"graph: {source.id} is lost: its file {source.path or source.file} is gone")
    with Corpus.open(settings, write=True) as corpus:
        ingested = corpus.ingest(
            [Path(s.path) for s in present if s.path], with_index=False, ids={s.path: s.id for s in present if s.path}
        )
    for name, error in ingested.failed:
        report.not_done.append(f"graph: {name} could not be read again: {error}")
    for source in present:
        assert source.path is not None
        if _sha256(Path(source.path)) != source.sha256:
            report.done.append(f"graph: {source.id} rebuilt from {source.path}, which changed since it was ingested")
    report.done.append(f"graph: rebuilt {len(ingested.added)} of {len(sources)} documents from their source files")
    return True


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _restore_index_current(index: Path, report: RepairReport) -> None:
    if not index.is_dir() or (index / INDEX_CURRENT).exists():
        return
    complete = sorted(p for p in index.glob(f"{GENERATION}*") if (p / "meta.json").is_file())
    if not complete:
        return  # no version to point at; the index is rebuilt below
    write_bytes_atomic(index / INDEX_CURRENT, f"{complete[-1].name}\n".encode("ascii"))
    report.done.append(f"index: restored CURRENT, naming {complete[-1].name}")


def _repair_index(settings: Settings, report: RepairReport, reason: str | None) -> None:
    from queries.search import unindexed

    try:
        with Corpus.open(settings) as corpus:
            if reason is None and (missing := unindexed(corpus.store, corpus.index)):
                reason = f"it lacked {len(missing)} of the graph's documents"
    except PolicyKGError as exc:
        reason = str(exc)
    if reason is None:
        report.done.append("index: holds every document of the graph; left as it is")
        return
    try:
        with Corpus.open(settings, write=True) as corpus:
            passages = corpus.rebuild_index()
    except PolicyKGError as exc:
        report.not_done.append(f"index: could not be rebuilt: {exc}")
        return
    report.done.append(f"index: rebuilt from the graph, {passages} passages ({reason})")
