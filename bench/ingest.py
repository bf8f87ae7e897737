"""Ingest throughput by stage: parse + extract, graph write, indexing, and (estimated) encoding.

    python -m bench.ingest --docs 1000 [--seed 0] [--timeout S] [--json] [--profile OUT.txt]

Runs the real ``Corpus.ingest`` over a synthetic corpus (``bench.corpus``) into a fresh store,
with its stages timed by wrapping the functions it calls: ``process_file`` (read, parse,
extract, resolve), ``document_triples`` and the store's ``replace_document`` (graph write), the
index's ``prepared``, ``put`` and ``save`` (records, jieba tokens, BM25 and FAISS, files). The index
runs with an encoder that returns fixed unit vectors, in this process (no encoder worker), so these
stages are measured without the model; the model's own cost is ``passages / encode rate``
(``bench.encode``), reported beside.
Run in a process of its own so ``peak_rss_mb`` is this ingest's alone (the model excluded).
``--timeout`` is the per-file time limit (the setting's default when not given): above 0, reading
and extraction run in the ingest worker process (``ingest.worker``), one file ahead of the writes
(``policykg.corpus.read_ahead``), and ``parse_extract_s`` is the time spent waiting on it in the
read-ahead thread, round trips included: it overlaps the other stages, so the stages add up to more
than ``total_s``; ``--timeout 0`` runs reading in-process, in turn with the rest.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from bench.corpus import write_corpus
from embeddings.encoder import Encoder, Vectors

F = TypeVar("F", bound=Callable[..., Any])


class FixedEncoder(Encoder):
    """Unit vectors without a model: the index's own costs, apart from encoding."""

    def __init__(self, dim: int = 384) -> None:
        self.name, self.dim = "bench-fixed", dim
        self._unit = np.zeros(dim, dtype=np.float32)
        self._unit[0] = 1.0

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return np.tile(self._unit, (len(texts), 1))

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return np.tile(self._unit, (len(texts), 1))


def _no_encoder_workers(model: str, device: str = "auto") -> None:
    """Stands in for ``policykg.corpus.encoder_workers``: the fixed vectors are made in this process."""


def _timed(fn: F, totals: dict[str, float], key: str) -> F:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - start

    return wrapper  # type: ignore[return-value]


def _progress(files: list[Path]) -> Iterator[Path]:
    """A line on stderr every 250 documents (a 10k run takes over an hour)."""
    started = time.perf_counter()
    for i, path in enumerate(files):
        if i and i % 250 == 0:
            elapsed = time.perf_counter() - started
            print(f"bench.ingest: {i:,}/{len(files):,} documents in {elapsed:,.0f} s", file=sys.stderr, flush=True)
        yield path


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def measure_ingest(
    docs: int, seed: int = 0, workdir: Path | None = None, timeout_s: float | None = None
) -> dict[str, Any]:
    """Ingest ``docs`` synthetic documents into a fresh store; seconds per stage and sizes."""
    import policykg.corpus as corpus_module
    from embeddings.store import PassageIndex
    from ingest.worker import IngestWorkers
    from policykg.corpus import Corpus
    from policykg.settings import Settings

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp)
        paths = write_corpus(root / "corpus", docs, seed)
        totals: dict[str, float] = defaultdict(float)
        originals = corpus_module.process_file, corpus_module.document_triples, IngestWorkers.process_file
        encoder_workers = corpus_module.encoder_workers
        corpus_module.encoder_workers = _no_encoder_workers  # type: ignore[assignment]
        corpus_module.process_file = _timed(originals[0], totals, "parse_extract_s")
        corpus_module.document_triples = _timed(originals[1], totals, "graph_build_s")
        IngestWorkers.process_file = _timed(originals[2], totals, "parse_extract_s")  # type: ignore[method-assign]
        settings = Settings.from_env(str(root / "store"), ingest_timeout=timeout_s)
        # The real loop, with the model left out (see the docstring).
        index = PassageIndex(settings.index_dir, FixedEncoder(), cache=False)
        index.prepared = _timed(index.prepared, totals, "index_add_s")  # type: ignore[method-assign]
        index.put = _timed(index.put, totals, "index_add_s")  # type: ignore[method-assign]
        index.save = _timed(index.save, totals, "index_save_s")  # type: ignore[method-assign]
        try:
            with Corpus.open(settings, write=True, index=index) as corpus:
                store: Any = corpus.store
                store.replace_document = _timed(store.replace_document, totals, "graph_store_s")
                started = time.perf_counter()
                report = corpus.ingest([root / "corpus"], progress=_progress)
                total = time.perf_counter() - started
                passages = len(index)
                quads = len(corpus.store)
        finally:
            corpus_module.process_file, corpus_module.document_triples = originals[:2]
            IngestWorkers.process_file = originals[2]  # type: ignore[method-assign]
            corpus_module.encoder_workers = encoder_workers
        if report.failed:
            raise SystemExit(f"bench ingest: {len(report.failed)} documents failed, first: {report.failed[0]}")
        graph_mb = folder_mb(root / "store" / "graph")
        index_mb = folder_mb(root / "store") - graph_mb
        source_mb = folder_mb(root / "corpus")
    graph_s = totals["graph_build_s"] + totals["graph_store_s"]
    index_s = totals["index_add_s"] + totals["index_save_s"]
    return {
        "docs": len(paths),
        "ingest_timeout_s": settings.ingest_timeout_s,  # 0: in-process, else in the worker
        "passages": passages,
        "quads": quads,
        "total_s": total,
        **dict(totals),
        "graph_write_s": graph_s,
        "index_s": index_s,
        # What the loop spent elsewhere; with the worker that includes waiting for a file to be read.
        "other_s": total - graph_s - index_s - (totals["parse_extract_s"] if settings.ingest_timeout_s <= 0 else 0.0),
        "docs_per_s": len(paths) / total,
        "passages_per_s": passages / total,
        "source_mb": source_mb,
        "graph_mb": graph_mb,
        "index_mb": index_mb,  # vectors are float32 384-d, as with the real model
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, help="per-file time limit, s (0: in-process; default: the setting)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile (text) here")
    args = parser.parse_args(argv)
    if args.profile:
        from pyinstrument import Profiler  # pip install pyinstrument (not a project dependency)

        profiler = Profiler()
        profiler.start()
    result = measure_ingest(args.docs, args.seed, timeout_s=args.timeout)
    if args.profile:
        profiler.stop()
        args.profile.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value:.3f}" if isinstance(value, float) else f"{key:>16}: {value}", file=sys.stdout)


if __name__ == "__main__":
    main()
