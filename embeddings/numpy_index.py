"""Brute-force inner-product search in numpy: slow, simple, and the reference for FAISS."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from embeddings.dense import DenseIndex, DenseKind, Ids, check_queries
from embeddings.encoder import Vectors


class NumpyIndex(DenseIndex):
    kind: DenseKind = "numpy"

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._vectors: Vectors = np.zeros((0, dim), dtype=np.float32)

    def add(self, vectors: Vectors) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self._vectors = np.vstack([self._vectors, vectors])

    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        queries = check_queries(queries, self.dim)
        n, rows = len(self._vectors), len(queries)
        scores = np.full((rows, k), -np.inf, dtype=np.float32)
        ids = np.full((rows, k), -1, dtype=np.int64)
        take = min(k, n)
        if take == 0:
            return scores, ids
        sims = queries @ self._vectors.T
        top = np.argpartition(-sims, take - 1, axis=1)[:, :take]
        top_sims = np.take_along_axis(sims, top, axis=1)
        # Stable sort on (-score, id) so ties come back in id order, as FAISS's flat index does.
        order = np.lexsort((top, -top_sims), axis=1)
        ids[:, :take] = np.take_along_axis(top, order, axis=1)
        scores[:, :take] = np.take_along_axis(top_sims, order, axis=1)
        return scores, ids

    def save(self, path: Path) -> None:
        with open(path, "wb") as file:
            np.save(file, self._vectors)

    @classmethod
    def load(cls, path: Path, dim: int) -> NumpyIndex:
        index = cls(dim)
        index.add(np.load(path))
        return index

    def __len__(self) -> int:
        return len(self._vectors)
