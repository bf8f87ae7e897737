"""Nearest-neighbour search over unit vectors: one interface, one file per backend.

    flat    FAISS IndexFlatIP: exact inner product (= cosine on unit vectors); the default
    hnsw    FAISS IndexHNSWFlat: approximate, for corpora of hundreds of thousands of passages
    numpy   brute force in numpy: the oracle the fast paths are tested against

Ids are row numbers in insertion order; the caller maps them to passages. Missing results
(fewer than k vectors) come back as id -1 with score -inf. ``dense_kinds`` makes the index a kind names.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from embeddings.encoder import Vectors

DenseKind = Literal["flat", "hnsw", "numpy"]
Ids = npt.NDArray[np.int64]


class DenseIndex(ABC):
    kind: DenseKind
    dim: int

    @abstractmethod
    def add(self, vectors: Vectors) -> None:
        """Append vectors; they get the next ids in order."""

    @abstractmethod
    def search(self, queries: Vectors, k: int) -> tuple[Vectors, Ids]:
        """Top-k per query row, best first: ``(scores, ids)``, both ``(len(queries), k)``."""

    @abstractmethod
    def save(self, path: Path) -> None:
        """Write the index to one file."""

    @abstractmethod
    def __len__(self) -> int: ...


def check_queries(queries: Vectors, dim: int) -> Vectors:
    queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
    if queries.shape[1] != dim:
        raise ValueError(f"query vectors have {queries.shape[1]} dimensions, index has {dim}")
    return queries
