"""The Encoder interface: text in, L2-normalised float32 vectors out.

Retrieval models such as e5 are trained with a marker in front of each input ("query: ",
"passage: "); an encoder adds the marker that fits, so callers only say which side a text is on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class PrefixKind(StrEnum):
    QUERY = "query"
    PASSAGE = "passage"


class Encoder(ABC):
    """Turns texts into unit vectors; ``name`` is the model identity an index records (the model
    setting it was loaded from, unless two settings run the same weights)."""

    name: str
    dim: int
    setting: str = ""  # the model setting that loads it, where that is not ``name`` (the identity)

    @property
    def loads_as(self) -> str:
        """The model setting a worker process loads to encode as this encoder does."""
        return self.setting or self.name

    @abstractmethod
    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors for search queries, shape ``(len(texts), dim)``."""

    @abstractmethod
    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        """Vectors for indexed passages, shape ``(len(texts), dim)``."""

    def encode(self, texts: Sequence[str], kind: PrefixKind, progress: bool = False) -> Vectors:
        if kind is PrefixKind.QUERY:
            return self.encode_queries(texts)
        return self.encode_passages(texts, progress=progress)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"


def as_unit_rows(vectors: npt.ArrayLike, dim: int) -> Vectors:
    """A C-contiguous float32 ``(n, dim)`` copy whose rows have length 1 (zero rows stay zero).

    >>> as_unit_rows([[3.0, 4.0], [0.0, 0.0]], 2).tolist()
    [[0.6000000238418579, 0.800000011920929], [0.0, 0.0]]
    """
    out = np.array(vectors, dtype=np.float32, copy=True).reshape(-1, dim)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return np.ascontiguousarray(out)


def batches(texts: Sequence[str], size: int) -> list[Sequence[str]]:
    """Consecutive slices of ``texts`` of at most ``size`` items.

    >>> batches(["a", "b", "c"], 2)
    [['a', 'b'], ['c']]
    """
    return [texts[i : i + size] for i in range(0, len(texts), size)]
