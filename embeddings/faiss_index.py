"""FAISS indexes: exact flat inner product by default, HNSW when the corpus is large.

On unit vectors inner product is cosine similarity. HNSW trades a little recall for speed;
``ef_search`` sets that trade at query time (higher: better recall, slower).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from embeddings.dense import DenseIndex, DenseKind, Ids, check_queries
from embeddings.encoder import Vectors
from policykg.errors import ConfigError

HNSW_M = 32  # graph degree: FAISS's usual choice for 384-d text embeddings
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as error:  # pragma: no cover - faiss-cpu is a core dependency
        raise ConfigError("dense search needs FAISS: pip install faiss-cpu") from error
    return faiss


class FaissIndex(DenseIndex):
    def __init__(self, dim: int, kind: DenseKind = "flat", index: Any = None) -> None:
        faiss = _faiss()
        self.dim, self.kind = dim, kind
        if index is not None:
            self._index = index
        elif kind == "flat":
            self._index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            self._index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            raise ConfigError(f"FAISS index kind must be 'flat' or 'hnsw', not {kind!r}")
        self.ef_search = HNSW_EF_SEARCH

    def add(self, vectors: Vectors) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if len(vectors):
            self._index.add(vectors)

    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        queries = check_queries(queries, self.dim)
        if self.kind == "hnsw":
            self._index.hnsw.efSearch = max(self.ef_search, k)
        if len(queries) == 1:
            # One query is too little work to share: FAISS's OpenMP threads only wait for cores
            # (2x slower than numpy on a busy 2-core machine; BENCHMARKS.md, search at scale).
            faiss = _faiss()
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)
            try:
                scores, ids = self._index.search(queries, k)
            finally:
                faiss.omp_set_num_threads(threads)
        else:
            scores, ids = self._index.search(queries, k)
        ids = ids.astype(np.int64, copy=False)
        scores = np.where(ids >= 0, scores, -np.inf).astype(np.float32)
        return scores, ids

    def save(self, path: Path) -> None:
        _faiss().write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, dim: int, kind: DenseKind) -> FaissIndex:
        index = _faiss().read_index(str(path))
        if index.d != dim:
            raise ValueError(f"FAISS index at {path} has {index.d} dimensions, expected {dim}")
        return cls(dim, kind, index)

    def __len__(self) -> int:
        return int(self._index.ntotal)
