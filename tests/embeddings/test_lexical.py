"""BM25 over jieba tokens: short Chinese words match inside longer ones."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from embeddings.lexical import LexicalIndex, tokenize

TEXTS = [
    "青岛市科技局发布科技创新规划",
    "推进中科院青岛科教融合基地建设",
    "北京航空航天大学研究院签约落户",
    "Graphene R&D with the University of Manchester",
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(TEXTS)


def test_tokens_are_lowercase_words_without_punctuation() -> None:
    tokens = tokenize("青岛市，科技局！ Qingdao HIGH-tech (2016)")
    assert "青岛" in tokens and "青岛市" in tokens
    assert {"qingdao", "high", "tech", "2016"} <= set(tokens)
    assert not {"，", "！", "(", ")", " ", "-"} & set(tokens)


def test_two_character_word_finds_every_passage_with_it(index: LexicalIndex) -> None:
    _, ids = index.search("青岛", 10)
    assert sorted(ids.tolist()) == [0, 1]


def test_english_is_case_insensitive(index: LexicalIndex) -> None:
    assert index.search("graphene manchester", 5)[1].tolist() == [3]


def test_only_matching_passages_come_back(index: LexicalIndex) -> None:
    scores, ids = index.search("上海 交通", 10)
    assert len(ids) == len(scores) == 0


def test_rows_restrict_the_search(index: LexicalIndex) -> None:
    assert index.search("青岛", 10, rows=[1, 2, 3])[1].tolist() == [1]


def test_scores_are_best_first(index: LexicalIndex) -> None:
    scores, _ = index.search("青岛 科技 建设", 10)
    assert list(scores) == sorted(scores, reverse=True) and (scores > 0).all()


def test_empty_index_finds_nothing(tmp_path: Path) -> None:
    empty = LexicalIndex.build([])
    assert len(empty.search("青岛", 3)[1]) == 0
    empty.save(tmp_path / "lex")
    assert len(LexicalIndex.load(tmp_path / "lex", 0)) == 0


def test_save_and_load_round_trip(index: LexicalIndex, tmp_path: Path) -> None:
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex", len(TEXTS))
    assert loaded.search("青岛 北京", 4)[1].tolist() == index.search("青岛 北京", 4)[1].tolist()


def test_jieba_cache_is_not_in_the_system_temp_folder(index: LexicalIndex) -> None:
    import jieba

    assert jieba.dt.tmp_dir is not None
    assert not Path(jieba.dt.tmp_dir).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
