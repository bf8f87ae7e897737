"""Plans over time on real stores: a measure's timeline across plans, and plan-to-plan diffs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from embeddings.encoder import Encoder
from policykg.corpus import Corpus
from queries.measures import find_measures, timeline
from queries.plan_diff import CHANGES, diff

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "tests" / "data" / "plans"
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"


def _corpus(folder: Path, files: list[Path]) -> Corpus:
    corpus = Corpus.open(str(folder), write=True)
    report = corpus.ingest(files, with_index=False)
    assert len(report.added) == len(files), report
    return corpus


@pytest.fixture(scope="module")
def qingdao(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The seed (2016) and a 2017 plan of the same bureau, written for these tests."""
    corpus = _corpus(tmp_path_factory.mktemp("qingdao"), [PLANS / "qingdao-2017-measures.txt", SEED])
    yield corpus
    corpus.close()


@pytest.fixture(scope="module")
def changes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """Two plans written so that each target changes in one way: raised, cut, same, new, dropped."""
    files = [PLANS / "change-kinds-2018.txt", PLANS / "change-kinds-2019.txt"]
    corpus = _corpus(tmp_path_factory.mktemp("changes"), files)
    yield corpus
    corpus.close()


def test_trend_lists_the_2016_and_2017_values_in_year_order(qingdao: Corpus) -> None:
    found, score = find_measures(qingdao.store, "技术合同成交额", qingdao.encoder)
    assert score is None and [m.label for m in found] == ["技术合同成交额"]
    rows = timeline(qingdao.store, found)
    assert [(r.year, r.document, r.goal, r.value, r.unit) for r in rows] == [
        (2016, "qingdao-most-2016-goals", 5, 10_000_000_000, "元"),
        (2017, "qingdao-2017-measures", 3, 12_000_000_000, "元"),
    ]
    assert "100亿元" in rows[0].text and _cleaned(SEED)[rows[0].start : rows[0].end] == rows[0].text
    # 全年技术合同成交额 names the same measure; 高新技术企业 is 高新技术企业数量 / 高新技术企业总数
    assert timeline(qingdao.store, find_measures(qingdao.store, "全年技术合同成交额")[0]) == rows
    firms = timeline(qingdao.store, find_measures(qingdao.store, "高新技术企业")[0])
    assert [(r.year, r.value) for r in firms] == [(2016, 1100), (2017, 1500)]


def test_a_paraphrased_measure_is_found_through_the_encoder(qingdao: Corpus) -> None:
    found, _ = find_measures(qingdao.store, "创业导师", qingdao.encoder)
    assert sorted(m.label for m in found) == ["创业导师", "创业导师库"]
    found, _ = find_measures(qingdao.store, "众创空间", qingdao.encoder)
    assert [m.label for m in found] == ["众创空间"]  # not 国家备案众创空间: another class of things


def test_diff_reports_the_contract_turnover_raised_with_goal_numbers_and_spans(qingdao: Corpus) -> None:
    result = diff(qingdao.store, "qingdao-most-2016-goals", "qingdao-2017-measures", qingdao.encoder).as_json()
    turnover = [t for t in result["targets"] if t["measure"] == "技术合同成交额"]  # type: ignore[union-attr, index]
    assert len(turnover) == 1
    (t,) = turnover
    assert t["change"] == "raised"
    assert (t["old"]["goal"], t["old"]["value"], t["new"]["goal"], t["new"]["value"]) == (5, 1e10, 3, 1.2e10)
    assert _cleaned(SEED)[t["old"]["start"] : t["old"]["end"]] == t["old"]["text"]  # spans into pkg:text
    matched = {(m["old"], m["new"]) for m in result["goals"]["matched"]}  # type: ignore[index]
    assert {(5, 3), (7, 5), (10, 9), (3, 4)} <= matched
    assert result["goals"]["dropped"] == [9] and result["goals"]["added"] == [10]  # type: ignore[index]
    assert "清华大学" in result["institutions"]["new"]  # type: ignore[index]
    assert "斯坦福大学" in result["institutions"]["gone"]  # type: ignore[index]
    assert "海洋生物医药310计划" in result["programmes"]["gone"]  # type: ignore[index]
    assert set(result) == {"old", "new", "goals", "targets", "institutions", "programmes"}


def test_each_change_kind_on_plans_written_for_it(changes: Corpus) -> None:
    result = diff(changes.store, "change-kinds-2018", "change-kinds-2019", changes.encoder)
    got = {(t.measure, t.change) for t in result.targets}
    assert got == {
        ("技术合同成交额", "raised"),
        ("高新技术企业", "cut"),
        ("众创空间", "same"),
        ("科技型中小企业", "new"),
        ("建设海洋科研平台", "dropped"),
    }
    assert {t.change for t in result.targets} == set(CHANGES)
    cut = next(t for t in result.targets if t.change == "cut")
    assert cut.old is not None and cut.new is not None and (cut.old.value, cut.new.value) == (300, 280)
    assert [(m.old.number, m.new.number) for m in result.matched] == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_diff_of_an_unknown_document_is_one_clear_error(changes: Corpus) -> None:
    from policykg.errors import QueryError

    def no_encoder() -> Encoder:
        raise AssertionError("no encoder is loaded for a refused diff")

    with pytest.raises(QueryError, match="no document 'nope'"):
        diff(changes.store, "change-kinds-2018", "nope", no_encoder)


def _cleaned(path: Path) -> str:
    """The document's cleaned text, which spans point into."""
    from ingest.read import read_text_bytes

    return read_text_bytes(path.read_bytes(), path.name).text
