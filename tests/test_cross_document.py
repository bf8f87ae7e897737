"""Entities connect across documents: one node per institution, whatever name each plan uses."""

from __future__ import annotations

from pathlib import Path

from graph.iri import entity_iri
from policykg.corpus import Corpus
from queries.goals import goals
from queries.network import to_networkx

PLAN_2016 = """青岛市海洋与渔业局2016年工作目标

1

建设海洋科技高地

加快推进海洋国家实验室建设，支持青岛蓝谷海洋创新研究院开展深海装备研发，新建海洋科研平台3家以上。

2

发展海洋渔业

推进远洋渔业基地建设，新增远洋渔船20艘。
"""

PLAN_2017 = """青岛市海洋与渔业局2017年工作目标

1

深化海洋科技合作

支持青岛海洋科学与技术试点国家实验室与蓝谷海洋研究院共建深海观测网，引进海洋高层次人才团队5个。

2

提升渔业效益

建设现代渔业园区2个，水产品产量达到120万吨。
"""

USER_ALIASES = (
    "青岛蓝谷海洋创新研究院\tinstitution\t蓝谷海洋研究院\t\tBlue Valley Marine Innovation Institute\tinstitute\n"
)


def _ingest(tmp_path: Path) -> str:
    store = tmp_path / "store"
    store.mkdir()
    (store / "aliases.tsv").write_text(USER_ALIASES, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "qingdao-ocean-2016.txt").write_text(PLAN_2016, encoding="utf-8")
    (docs / "qingdao-ocean-2017.txt").write_text(PLAN_2017, encoding="utf-8")
    with Corpus.open(str(store), write=True) as corpus:
        report = corpus.ingest([docs], with_index=False)
    assert len(report.added) == 2, report
    return str(store)


def test_the_same_lab_in_two_plans_is_one_node(tmp_path: Path) -> None:
    store = _ingest(tmp_path)
    with Corpus.open(store) as corpus:
        by_alias = goals(corpus.store, institution="海洋国家实验室")
        by_name = goals(corpus.store, institution="青岛海洋科学与技术试点国家实验室")
        by_english = goals(
            corpus.store, institution="Pilot National Laboratory for Marine Science and Technology (Qingdao)"
        )
        network = to_networkx(corpus.store)
    found = {(g.document, g.goal) for g in by_alias}
    assert found == {("qingdao-ocean-2016", 1), ("qingdao-ocean-2017", 1)}
    assert {(g.document, g.goal) for g in by_name} == found == {(g.document, g.goal) for g in by_english}
    assert {m for g in by_alias for m in g.matched_by} == {"海洋国家实验室", "青岛海洋科学与技术试点国家实验室"}
    lab = str(entity_iri("institution", "青岛海洋科学与技术试点国家实验室"))
    documents = {network.nodes[n]["document"] for n in network.predecessors(lab) if network.nodes[n]["kind"] == "goal"}
    assert documents == {"qingdao-ocean-2016", "qingdao-ocean-2017"}


def test_a_user_alias_file_joins_names_the_gazetteer_does_not_know(tmp_path: Path) -> None:
    store = _ingest(tmp_path)
    with Corpus.open(store) as corpus:
        found = goals(corpus.store, institution="蓝谷海洋研究院")
        english = goals(corpus.store, institution="Blue Valley Marine Innovation Institute")
    assert {(g.document, g.goal) for g in found} == {("qingdao-ocean-2016", 1), ("qingdao-ocean-2017", 1)}
    assert {(g.document, g.goal) for g in english} == {(g.document, g.goal) for g in found}


def test_documents_are_re_resolved_when_the_gazetteer_changes(tmp_path: Path) -> None:
    """An alias file added after the first ingest (here with a parent) reaches the stored
    documents on the next plain ingest: aliases join, and the roll-up edges gain the parent."""
    store, docs = tmp_path / "store", tmp_path / "docs"
    docs.mkdir()
    (docs / "qingdao-ocean-2016.txt").write_text(PLAN_2016, encoding="utf-8")
    (docs / "qingdao-ocean-2017.txt").write_text(PLAN_2017, encoding="utf-8")
    blue_valley = "青岛蓝谷海洋创新研究院"
    with Corpus.open(str(store), write=True) as corpus:
        assert len(corpus.ingest([docs], with_index=False).added) == 2
        assert {g.document for g in goals(corpus.store, institution="中科院")} == set()
    (store / "aliases.tsv").write_text(
        f"{blue_valley}\tinstitution\t蓝谷海洋研究院\t中国科学院\tBlue Valley Marine Innovation Institute\tinstitute\n",
        encoding="utf-8",
    )
    with Corpus.open(str(store), write=True) as corpus:
        report = corpus.ingest([docs], with_index=False)
        assert len(report.updated) == 2 and not report.unchanged, report
        found = {(g.document, g.goal) for g in goals(corpus.store, institution=blue_valley)}
        assert found == {("qingdao-ocean-2016", 1), ("qingdao-ocean-2017", 1)}
        rolled_up = {(g.document, g.goal) for g in goals(corpus.store, institution="中科院")}
        assert found <= rolled_up  # through the parent the alias file gave it
        assert len(corpus.ingest([docs], with_index=False).unchanged) == 2  # and then it is stable
