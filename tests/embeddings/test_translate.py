"""Cross-lingual BM25: English query words reach the corpus's Chinese words through CC-CEDICT."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from embeddings.store import PassageIndex
from embeddings.translate import Glossary, glossary, variants, words
from policykg.errors import ConfigError


def test_the_packaged_dictionary_loads_offline_and_translates_policy_words() -> None:
    table = glossary()
    assert len(table) > 50_000
    vocabulary = {"大棚", "温室", "专利", "监测", "预警", "孵化器", "农业", "创新"}
    found = table.translate("monitoring and early warning; patent incubators in agricultural greenhouses", vocabulary)
    assert found == [["监测"], ["预警"], ["专利"], ["孵化器"], ["农业"], ["大棚", "温室"]]


def test_only_words_the_corpus_holds_are_kept() -> None:
    assert glossary().translate("power", {"与", "x"}) == []
    assert glossary().translate("PM2.5 and 5G research", {"pm2.5", "研究"}) == [["pm2.5"], ["研究"]]


@pytest.mark.parametrize("query", ["", "   ", "!!! ???", "the and of", "Ωμέγα 😀"])
def test_queries_without_english_content_words_translate_to_nothing(query: str) -> None:
    assert glossary().translate(query, {"研究"}) == []


def test_long_hostile_queries_stay_linear() -> None:
    started = time.perf_counter()
    found = glossary().translate("research " * 20_000, {"研究"})
    assert len(found) == 20_000 and time.perf_counter() - started < 5


def test_longest_gloss_wins_and_only_the_last_word_is_inflected() -> None:
    table = Glossary.from_lines(
        [
            "知識產權 知识产权 [zhi1 shi5 chan3 quan2] /intellectual property rights/",
            "知識 知识 [zhi1 shi5] /knowledge/intellectual/",
            "財產 财产 [cai2 chan3] /property/",
            "X X [x] /CL:個|个[ge4]/",
        ]
    )
    vocabulary = {"知识产权", "知识", "财产"}
    assert table.translate("intellectual property right", vocabulary) == [["知识产权"]]
    assert table.translate("intellectual properties", vocabulary) == [["知识"], ["财产"]]
    assert words("High-tech zones, PM2.5") == ["high", "tech", "zones", "pm2.5"]
    assert "monitor" in variants("monitoring") and "agriculture" in variants("agricultural")


def test_english_queries_reach_chinese_text_through_bm25(seed_index: PassageIndex) -> None:
    # Goal 9 says 光伏农业大棚 and 监测预警; no English label in it says greenhouse or warning.
    for query in ("agricultural greenhouses", "monitoring and early warning"):
        hits = seed_index.search(query, k=3, mode="lexical")
        assert hits and hits[0].record.goal == 9, query
    assert seed_index.search("zzzz qqqq", k=3, mode="lexical") == []


def test_the_policy_glossary_comes_first_and_is_cut_like_the_corpus() -> None:
    vocabulary = {"研发", "中小企业", "众创", "空间", "场地", "知识产权", "知识"}
    table = glossary()
    assert table.translate("R&D spending of SMEs", vocabulary) == [["研发"], ["中小企业"]]
    # 众创空间 is not a token of this corpus; jieba's search-mode pieces of it are.
    assert table.translate("maker spaces", vocabulary) == [["众创", "空间"]]
    assert table.translate("intellectual property", vocabulary) == [["知识产权"]]


def test_glossary_lines_are_read_leniently() -> None:
    base = Glossary.from_lines(["空間 空间 [kong1 jian1] /space/"])
    table = base.with_terms(["# comment", "", "no tab here", "maker space; makerspace\t众创空间 ", "\t孤儿"])
    assert table.translate("makerspaces", {"众创空间"}) == [["众创空间"]]
    assert table.translate("space", {"空间"}) == [["空间"]]


def test_a_user_glossary_adds_terms_and_a_bad_one_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert glossary().translate("green tide", {"浒苔"}) == []  # neither CC-CEDICT nor the packaged glossary
    mine = tmp_path / "glossary.tsv"
    mine.write_text("# our bureau's words\ngreen tide; algal bloom\t浒苔 绿潮\n", encoding="utf-8")
    monkeypatch.setenv("POLICYKG_GLOSSARY", str(mine))
    assert glossary().translate("green tides", {"浒苔"}) == [["浒苔"]]
    assert glossary().translate("R&D", {"研发"}) == [["研发"]]  # the packaged terms stay
    monkeypatch.setenv("POLICYKG_GLOSSARY", str(tmp_path / "missing.tsv"))
    with pytest.raises(ConfigError, match=r"glossary file .*missing.tsv cannot be read .*POLICYKG_GLOSSARY"):
        glossary()
