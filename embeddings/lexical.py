"""BM25 over jieba tokens (bm25s).

Tokens come from jieba's search mode, which also emits the shorter words inside a long one
(青岛市 -> 青岛, 青岛市), so a two-character query word still matches. ASCII is lower-cased;
punctuation and whitespace are dropped. jieba keeps its dictionary cache in a folder we choose,
never the system temp folder.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Container, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.dense import Ids
from embeddings.encoder import Vectors
from policykg.settings import cache_dir

_jieba_lock = threading.Lock()
_jieba_ready = False


def configure_jieba(folder: Path | None = None) -> None:
    """Point jieba's dictionary cache at ``folder`` (default: ``cache_dir()/jieba``), once."""
    global _jieba_ready
    with _jieba_lock:
        if _jieba_ready:
            return
        import jieba

        target = folder or cache_dir() / "jieba"
        target.mkdir(parents=True, exist_ok=True)
        jieba.setLogLevel(logging.WARNING)
        jieba.dt.tmp_dir = str(target)
        jieba.dt.initialize()
        _jieba_ready = True


def _is_word(token: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def tokenize(text: str) -> list[str]:
    """Search tokens of one text.

    >>> tokenize("青岛市科技局, Qingdao HIGH-tech!")
    ['青岛', '青岛市', '科技', '科技局', 'qingdao', 'high', 'tech']
    """
    configure_jieba()
    import jieba

    # Tokens never hold whitespace, so a token list can be stored as one space-joined line.
    return [part.lower() for t in jieba.cut_for_search(text) for part in t.split() if _is_word(part)]


class LexicalIndex:
    """BM25 scores of passages for a query; ids are row numbers in build order."""

    def __init__(self, bm25: Any, count: int) -> None:
        self._bm25, self._count = bm25, count

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        return cls.from_tokens([tokenize(t) for t in texts])

    @classmethod
    def from_tokens(cls, tokens: list[list[str]]) -> LexicalIndex:
        """Index already tokenised passages (tokenising is the slow part; callers keep tokens)."""
        import bm25s

        if not tokens:
            return cls(None, 0)
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        return cls(bm25, len(tokens))

    @property
    def vocabulary(self) -> Container[str]:
        """The indexed tokens (what a translated query may search for)."""
        return self._bm25.vocab_dict if self._bm25 is not None else frozenset()

    def scores(self, query: str | Sequence[str]) -> Vectors:
        """BM25 score of every passage for ``query``, a text or its tokens (zeros when no query
        word is indexed)."""
        scores = np.zeros(self._count, dtype=np.float32)
        if self._bm25 is None:
            return scores
        vocab = self._bm25.vocab_dict
        tokens = [t for t in (tokenize(query) if isinstance(query, str) else query) if t in vocab]
        if tokens:
            scores[:] = self._bm25.get_scores(tokens)
        return scores

    def search(self, query: str | Sequence[str], k: int, rows: Sequence[int] | None = None) -> tuple[Vectors, Ids]:
        """Best ``k`` passages with a positive score, best first; only ``rows`` when given."""
        scores = self.scores(query)
        candidates = np.arange(self._count) if rows is None else np.asarray(rows, dtype=np.int64)
        candidates = candidates[scores[candidates] > 0]
        if k <= 0 or not len(candidates):
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        if len(candidates) > 4 * k:  # cut to the best few before the exact tie-aware sort
            candidates = candidates[np.argpartition(-scores[candidates], 4 * k)[: 4 * k]]
        # Ties keep row order, so results do not depend on numpy's partition internals.
        order = np.lexsort((candidates, -scores[candidates]))[:k]
        ids = candidates[order].astype(np.int64)
        return scores[ids], ids

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, count: int) -> LexicalIndex:
        import bm25s

        if count == 0:
            return cls(None, 0)
        return cls(bm25s.BM25.load(str(folder), show_progress=False), count)

    def __len__(self) -> int:
        return self._count
