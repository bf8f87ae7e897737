"""queries.goals over a real store: goals with their targets, and the targets stated outside goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.corpus import Corpus
from queries.goals import goals, headline_targets
from queries.params import run_named

PLAN = Path(__file__).resolve().parents[1] / "data" / "xiamen-most-2019-plan.txt"
DOC = "xiamen-most-2019-plan"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    store = tmp_path_factory.mktemp("headline") / "store"
    with Corpus.open(str(store), write=True) as writer:
        assert not writer.ingest([PLAN]).failed
    return Corpus.open(str(store))


def test_headline_targets_are_the_documents_own(corpus: Corpus) -> None:
    found = headline_targets(corpus.store)
    assert [(doc, t.subject, t.value, t.unit) for doc, t in found] == [
        (DOC, "全社会研发投入占地区生产总值比重", 3.2, "%"),
        (DOC, "高新技术企业数量", 2000, "家"),
        (DOC, "技术合同成交额", 6000000000, "元"),
        (DOC, "每万人有效发明专利拥有量", 30, "件"),
    ]
    assert headline_targets(corpus.store, document="another") == []
    # They belong to no goal: the goals keep their own targets only.
    in_goals = [t.text for g in goals(corpus.store) for t in g.targets]
    assert "达到60亿元" not in in_goals and "300家以上" in in_goals


def test_targets_by_unit_lists_headline_targets_without_a_goal(corpus: Corpus) -> None:
    rows = run_named(corpus.store, "targets_by_unit", {"unit": "元"}).records()  # type: ignore[union-attr]
    by_text = {str(r["text"]): r for r in rows}
    assert by_text["达到60亿元"]["goal"] is None and by_text["达到60亿元"]["document"] is not None
    assert str(by_text["2亿元"]["number"]) == "2"


def test_headline_targets_of_one_document(corpus: Corpus) -> None:
    rows = run_named(corpus.store, "headline_targets", {"document": DOC}).records()  # type: ignore[union-attr]
    assert [str(r["text"]) for r in rows] == ["达到3.2%", "突破2000家", "达到60亿元", "达到30件"]
