"""Segmentation in pieces: the same words as one jieba call, bounded time on endless lines."""

from __future__ import annotations

import time

import pytest

from ingest import segment
from ingest.segment import tokens

SENTENCE = "推进中科院青岛育成中心建设，全年技术合同成交额超过100亿元。\r\n支持“千帆计划” (2016-2020)；"


def test_pieces_give_the_words_of_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SENTENCE * 200  # ~9k characters, cut into pieces at punctuation
    assert len(segment._pieces(text)) > 1
    in_pieces = tokens(text, 7)
    monkeypatch.setattr(segment, "_PIECE", len(text) + 1)
    assert len(segment._pieces(text)) == 1
    assert tokens(text, 7) == in_pieces


def test_tokens_cover_an_endless_block_exactly() -> None:
    text = "和" * 5000 + "。" + "1" * 4500
    toks = tokens(text)
    assert "".join(t.word for t in toks) == text
    assert all(text[t.start : t.end] == t.word for t in toks)


def test_unknown_characters_do_not_go_through_the_hmm_for_ever() -> None:
    tokens("和")  # load jieba
    started = time.perf_counter()
    tokens("和" * 20_000)  # with the HMM on one block: ~40 s
    assert time.perf_counter() - started < 5
