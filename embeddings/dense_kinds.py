"""The dense index a ``DenseKind`` names: each backend's file is imported only when it is asked for
(faiss loads slowly), and the backends import the interface in ``dense.py``, never this module."""

from __future__ import annotations

from pathlib import Path

from embeddings.dense import DenseIndex, DenseKind
from policykg.errors import ConfigError


def make_dense_index(kind: DenseKind, dim: int) -> DenseIndex:
    if kind == "flat" or kind == "hnsw":
        from embeddings.faiss_index import FaissIndex

        return FaissIndex(dim, kind)
    if kind == "numpy":
        from embeddings.numpy_index import NumpyIndex

        return NumpyIndex(dim)
    raise ConfigError(f"unknown dense index {kind!r}: use 'flat', 'hnsw' or 'numpy'")


def load_dense_index(kind: DenseKind, dim: int, path: Path) -> DenseIndex:
    if kind == "numpy":
        from embeddings.numpy_index import NumpyIndex

        return NumpyIndex.load(path, dim)
    from embeddings.faiss_index import FaissIndex

    return FaissIndex.load(path, dim, kind)
