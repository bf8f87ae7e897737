"""PassageIndex: passage records, their vectors, a dense and a lexical index, in one folder.

    index = PassageIndex.open(folder, load_encoder())
    index.add_document(document)          # replaces the document's passages if it was there
    index.save()                           # atomic: see persist.py
    index.search("科技金融", k=10)         # hybrid by default

The vectors are the source of truth: the FAISS and BM25 indexes are rebuilt from the records
and vectors whenever documents change, and persisted so opening is fast. The model setting is
recorded; opening with another model is an error that says how to rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from embeddings.cache import CachedEncoder, EmbeddingCache
from embeddings.dense import DenseIndex, DenseKind, make_dense_index
from embeddings.encoder import Encoder
from embeddings.fusion import Fusion, rrf
from embeddings.lexical import LexicalIndex
from embeddings.persist import current_generation, write_generation
from embeddings.records import PassageRecord, records_for
from embeddings.storage import IndexMeta, ScoredPassage, read_generation, write_files
from ingest.model import PolicyDocument
from policykg.errors import SearchError, SearchIndexError

SearchMode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[SearchMode, ...] = ("hybrid", "dense", "lexical")
REBUILD = "policykg ingest --rebuild-index"  # the CLI flag that rebuilds from the graph
CACHE_FILE = "embedding-cache.sqlite"


class PassageIndex:
    def __init__(
        self,
        folder: Path,
        encoder: Encoder,
        dense: DenseKind = "flat",
        cache: bool | EmbeddingCache = True,
    ) -> None:
        """``cache``: True keeps one in the index folder (it outlives rebuilds), or pass your own."""
        self.folder, self.dense_kind = Path(folder), dense
        if cache is True:
            cache = EmbeddingCache(self.folder / CACHE_FILE)
        # isinstance, not truthiness: an empty cache has len() 0.
        self.encoder: Encoder = CachedEncoder(encoder, cache) if isinstance(cache, EmbeddingCache) else encoder
        self._records: list[PassageRecord] = []
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        self._dense: DenseIndex | None = None
        self._lexical: LexicalIndex | None = None

    @classmethod
    def open(
        cls,
        folder: Path,
        encoder: Encoder,
        dense: DenseKind | None = None,
        cache: bool | EmbeddingCache = True,
    ) -> PassageIndex:
        """The index saved in ``folder``, or an empty one if nothing was saved there yet."""
        folder = Path(folder)
        generation = current_generation(folder)
        meta = IndexMeta.read(generation) if generation else None
        if meta is not None and (meta.model != encoder.name or meta.dim != encoder.dim):
            raise SearchIndexError(
                f"search index {folder} was built with model {meta.model!r} ({meta.dim}-d), not "
                f"{encoder.name!r} ({encoder.dim}-d): rebuild it with `{REBUILD}` "
                f"or search with --model {meta.model}"
            )
        index = cls(folder, encoder, dense or (meta.dense if meta else "flat"), cache)
        if generation is None or meta is None:
            return index
        loaded = read_generation(generation, meta, index.dense_kind)
        index._records, index._vectors, index._dense, index._lexical = loaded
        return index

    @property
    def records(self) -> Sequence[PassageRecord]:
        return tuple(self._records)

    def documents(self) -> set[str]:
        return {r.document for r in self._records}

    def __len__(self) -> int:
        return len(self._records)

    def add_document(self, document: PolicyDocument, progress: bool = False) -> None:
        self.replace_document(document.id, records_for(document), progress=progress)

    def replace_document(self, document_id: str, records: Sequence[PassageRecord], progress: bool = False) -> None:
        """Drop the document's passages, then add ``records`` (all must belong to it)."""
        if any(r.document != document_id for r in records):
            raise ValueError(f"every record must belong to document {document_id!r}")
        vectors = self.encoder.encode_passages([r.indexed_text for r in records], progress)
        keep = [i for i, r in enumerate(self._records) if r.document != document_id]
        self._records = [self._records[i] for i in keep] + list(records)
        self._vectors = np.vstack([self._vectors[keep], vectors]).astype(np.float32)
        self._dense = self._lexical = None

    def remove_document(self, document_id: str) -> int:
        """Drop a document's passages; returns how many were dropped."""
        before = len(self._records)
        self.replace_document(document_id, [])
        return before - len(self._records)

    def save(self) -> Path:
        meta = IndexMeta(self.encoder.name, self.encoder.dim, len(self._records), self.dense_kind)
        dense, lexical = self.dense_index(), self.lexical_index()
        return write_generation(
            self.folder,
            lambda tmp: write_files(tmp, meta, self._records, self._vectors, dense, lexical),
        )

    def dense_index(self) -> DenseIndex:
        if self._dense is None:
            self._dense = make_dense_index(self.dense_kind, self.encoder.dim)
            self._dense.add(self._vectors)
        return self._dense

    def lexical_index(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex.build([r.indexed_text for r in self._records])
        return self._lexical

    def search(
        self,
        query: str,
        k: int = 10,
        mode: SearchMode = "hybrid",
        fusion: Fusion[int] = rrf,
        where: Callable[[PassageRecord], bool] | None = None,
    ) -> list[ScoredPassage]:
        """Best ``k`` passages for a query; ``where`` keeps only records it accepts (exact)."""
        if not query or not query.strip():
            raise SearchError("empty query: type some words to search for")
        if mode not in MODES:
            raise SearchError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        rows = None if where is None else [i for i, r in enumerate(self._records) if where(r)]
        depth = k if mode != "hybrid" else max(4 * k, 50)
        dense = self._dense_ranking(query, depth, rows) if mode != "lexical" else []
        lexical = self._lexical_ranking(query, depth, rows) if mode != "dense" else []
        ranked = fusion([dense, lexical]) if mode == "hybrid" else dense or lexical
        return [ScoredPassage(self._records[i], float(s), i) for i, s in ranked[:k]]

    def _dense_ranking(self, query: str, k: int, rows: list[int] | None) -> list[tuple[int, float]]:
        vector = self.encoder.encode_queries([query])
        if rows is None:
            scores, ids = self.dense_index().search(vector, k)
            return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        sims = self._vectors[rows] @ vector[0]
        order = np.argsort(-sims, kind="stable")[:k]
        return [(rows[j], float(sims[j])) for j in order]

    def _lexical_ranking(self, query: str, k: int, rows: list[int] | None) -> list[tuple[int, float]]:
        scores, ids = self.lexical_index().search(query, k, rows)
        return [(int(i), float(s)) for i, s in zip(ids, scores, strict=True)]
