"""Search speed: encoder throughput, warm end-to-end query latency, peak RSS.

    python -m bench.search_latency                    # bundled corpus + 100k synthetic passages
    python -m bench.search_latency --synthetic 200000 --queries 40

End to end means query encoding (uncached: the embedding cache is bypassed) + search + hydrating
hits (records back to text, spans and IRIs). The bundled corpus goes through the public
``queries.search.search``; the synthetic corpus is a ``PassageIndex`` generation written with
random unit vectors (no passage encoding) and tokens drawn from the seed's vocabulary, opened
like any saved index, and searched with ``search_goals``. The numpy baseline in the same run
encodes the query, takes ``vectors @ q``, picks the top k with ``argpartition`` and hydrates them.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from bench.search_eval import QUERY_SETS, bench_store, load_queries
from embeddings.cache import CachedEncoder
from embeddings.dense_kinds import make_dense_index
from embeddings.encoder import Encoder
from embeddings.factory import load_encoder
from embeddings.lexical import LexicalIndex, tokenize
from embeddings.persist import write_generation
from embeddings.records import PassageRecord
from embeddings.storage import IndexMeta, write_files
from embeddings.store import PassageIndex, SearchMode
from ingest.model import PassageKind
from policykg.corpus import Corpus
from queries.search import search


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]


def timed(fn: Callable[[str], object], queries: list[str], warm: int = 3) -> tuple[float, float]:
    for q in queries[:warm]:
        fn(q)
    times = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        times.append(time.perf_counter() - start)
    return percentiles(times)


def throughput(encoder: Encoder, texts: list[str]) -> float:
    start = time.perf_counter()
    encoder.encode_passages(texts)
    return len(texts) / (time.perf_counter() - start)


def synthetic_index(folder: Path, n: int, dim: int, model: str, vocabulary: list[str], seed: int = 0) -> None:
    """Write a saved index of ``n`` passages (200 a document) with random vectors."""
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    words = np.array(vocabulary)
    records, tokens = [], []
    for i in range(n):
        doc, row = divmod(i, 200)
        toks = list(words[rng.integers(0, len(words), 12)])
        goal = row // 20 + 1
        records.append(
            PassageRecord(
                f"urn:synthetic:{doc}:{row}", f"synthetic-{doc:05d}", goal, f"目标{goal}",
                PassageKind.CLAUSE, row * 40, row * 40 + 24, "".join(toks),
            )
        )  # fmt: skip
        tokens.append(toks)
    dense = make_dense_index("flat", dim)
    dense.add(vectors)
    lexical = LexicalIndex.from_tokens(tokens)
    meta = IndexMeta(model, dim, n)
    write_generation(folder, lambda tmp: write_files(tmp, meta, records, vectors, dense, lexical, tokens))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="Synthetic passages (0: skip).")
    parser.add_argument("--queries", type=int, default=60, help="Timed queries per system.")
    args = parser.parse_args()
    queries = [q.text for name in QUERY_SETS for q in load_queries(QUERY_SETS[name])]
    queries = (queries * (args.queries // len(queries) + 1))[: args.queries]
    rows: list[tuple[str, str, float, float]] = []

    encoder = load_encoder()
    with Corpus.open(str(bench_store(0))) as corpus:
        index = corpus.index
        texts = [r.embedded_text for r in index.records][:200]
        rate = throughput(encoder, texts)
        if isinstance(index.encoder, CachedEncoder):
            index.encoder = index.encoder.inner  # time real query encoding
        seed_n = len(index)
        modes: tuple[SearchMode, ...] = ("hybrid", "dense", "lexical")
        for mode in modes:
            run: Callable[[str], object] = partial(search, corpus.store, index, k=10, mode=mode)
            rows.append((f"bundled ({seed_n} passages)", f"search() {mode}", *timed(run, queries)))

    if args.synthetic:
        vocabulary = sorted({t for r in index.records for t in tokenize(r.text)})
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            synthetic_index(Path(tmp), args.synthetic, encoder.dim, encoder.name, vocabulary)
            built = time.perf_counter() - start
            big = PassageIndex.open(Path(tmp), encoder, cache=False)
            records, vectors = big.records, big.vectors()  # the numpy baseline reads the same rows
            label = f"synthetic ({args.synthetic:,} passages)"
            for mode in modes[:2]:
                run = partial(big.search_goals, k=10, mode=mode)
                rows.append((label, f"search_goals {mode}", *timed(run, queries)))

            def brute(q: str) -> list[PassageRecord]:
                scores = vectors @ encoder.encode_queries([q])[0]
                top = np.argpartition(-scores, 10)[:10]
                return [records[i] for i in top[np.argsort(-scores[top])]]

            rows.append((label, "numpy brute force (dense)", *timed(brute, queries)))
            only_encode = timed(lambda q: encoder.encode_queries([q]), queries)
            rows.append(("-", "query encoding alone", *only_encode))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, {platform.platform()}"
    )
    print(f"encoder {encoder.name}: {rate:.1f} passages/s ({len(texts)} seed passages, uncached)")
    if args.synthetic:
        print(f"synthetic index written in {built:.1f} s")
    print(f"peak RSS {peak:.0f} MB\n")
    print("| corpus | system | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for corpus_name, system, p50, p95 in rows:
        print(f"| {corpus_name} | {system} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
