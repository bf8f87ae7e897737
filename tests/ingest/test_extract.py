"""Extraction against gold annotations: the seed and hand-written documents of the same genre.

Thresholds sit a little under what the method reaches, so a regression fails and an honest
improvement passes; ``python -m ingest.evaluate DOC GOLD`` prints the full report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.evaluate import Score, score
from ingest.extract import extract
from ingest.formats import read_source
from ingest.model import EntityKind, Extraction, PolicyDocument
from ingest.parse import parse
from ingest.read import read_text_bytes

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"

DOCUMENTS = {
    "seed": (SEED, DATA / "seed_gold.json"),
    "jinan": (DATA / "jinan-ndrc-2018-plan.txt", DATA / "jinan-ndrc-2018-plan.gold.json"),
    "jiangsu": (DATA / "jiangsu-miit-2019-plan.txt", DATA / "jiangsu-miit-2019-plan.gold.json"),
    # written after the rules were frozen: the closest thing here to an unseen document
    "ningbo": (DATA / "ningbo-ocean-2017-goals.txt", DATA / "ningbo-ocean-2017-goals.gold.json"),
    # written and annotated after the zone/route rules were frozen, scored once
    "zhanjiang": (DATA / "zhanjiang-commerce-2020-goals.txt", DATA / "zhanjiang-commerce-2020-goals.gold.json"),
}

# (document, type, mode): (min precision, min recall)
THRESHOLDS = {
    ("seed", "institutions", "strict"): (0.9, 0.85),
    ("seed", "programmes", "strict"): (0.7, 0.7),
    ("seed", "programmes", "lenient"): (0.8, 0.8),
    ("seed", "targets", "strict"): (0.95, 0.95),
    ("jinan", "institutions", "strict"): (0.85, 0.85),
    ("jinan", "programmes", "lenient"): (0.9, 0.9),
    ("jinan", "targets", "strict"): (0.9, 0.9),
    ("jiangsu", "institutions", "lenient"): (0.85, 0.85),
    ("jiangsu", "programmes", "lenient"): (0.8, 0.8),
    ("jiangsu", "targets", "strict"): (0.9, 0.9),
    ("ningbo", "institutions", "strict"): (0.9, 0.85),
    ("ningbo", "programmes", "lenient"): (0.8, 0.85),
    ("ningbo", "targets", "strict"): (0.9, 0.9),
    ("zhanjiang", "institutions", "strict"): (0.85, 0.6),
    ("zhanjiang", "programmes", "lenient"): (0.8, 0.8),
    ("zhanjiang", "targets", "strict"): (0.9, 0.9),
}


@pytest.fixture(scope="module")
def documents() -> dict[str, tuple[PolicyDocument, Extraction, dict]]:
    out = {}
    for name, (path, gold_path) in DOCUMENTS.items():
        doc = parse(read_source(path))
        out[name] = (doc, extract(doc), json.loads(gold_path.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize(("document", "kind", "mode"), sorted(THRESHOLDS))
def test_quality_against_gold(documents: dict, document: str, kind: str, mode: str) -> None:
    doc, extraction, gold = documents[document]
    result: Score = score(doc, extraction, gold)[kind][mode]
    min_p, min_r = THRESHOLDS[(document, kind, mode)]
    assert result.precision >= min_p, f"{document} {kind} {mode}: {result}"
    assert result.recall >= min_r, f"{document} {kind} {mode}: {result}"


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_spans_are_exact_and_inside_their_goal_or_outside_all(documents: dict, document: str) -> None:
    doc, extraction, _ = documents[document]
    goals = {g.id: g for g in doc.goals}
    for item in (*extraction.mentions, *extraction.targets):
        assert doc.text[item.start : item.end] == item.text
        if item.goal is None:  # outside every goal: a notice, a preamble, headline targets
            assert not any(g.title_start <= item.start < g.end for g in doc.goals)
            continue
        goal = goals[item.goal]
        assert goal.title_start <= item.start < item.end <= goal.end


def test_seed_goal_two_names_and_targets(documents: dict) -> None:
    _, extraction, _ = documents["seed"]
    institutions = {m.text for m in extraction.mentions if m.goal == 2 and m.kind == EntityKind.INSTITUTION}
    assert {"中科院青岛育成中心", "哈工程青岛船舶科技园", "华大基因", "青岛脑科学国际研究中心"} <= institutions
    targets = [(t.value, t.unit, t.comparator, t.subject) for t in extraction.targets if t.goal == 2]
    assert (10, "家", ">=", "新增产业化公司") in targets


def test_unknown_institutions_are_found() -> None:
    """Names nobody put in the gazetteer, found by suffix, class lists and quotes."""
    text = "支持齐鲁工业大学与潍柴动力等龙头企业共建烟台先进材料研究院，举办“蓝海杯”创业大赛。"
    doc = parse(read_text_bytes(text.encode(), "x.txt"))
    names = {(m.text, m.kind.value) for m in extract(doc).mentions}
    assert ("齐鲁工业大学", "institution") in names
    assert ("潍柴动力", "institution") in names
    assert ("烟台先进材料研究院", "institution") in names
    assert ("“蓝海杯”创业大赛", "programme") in names


def test_classes_are_not_names() -> None:
    text = "加强重点实验室、工程技术研究中心等创新平台建设，新认定10家市级国合基地。"
    doc = parse(read_text_bytes(text.encode(), "x.txt"))
    assert [m.text for m in extract(doc).mentions if m.kind == EntityKind.INSTITUTION] == []


def test_document_without_goals_is_extracted_whole() -> None:
    text = "关于印发青岛市科技创新规划的通知\n全年技术合同成交额超过100亿元，推进中科院青岛育成中心建设。"
    doc = parse(read_text_bytes(text.encode(), "plain.txt"))
    extraction = extract(doc)
    assert doc.goals == ()
    assert [(t.value, t.goal) for t in extraction.targets] == [(1e10, None)]
    assert any(m.text == "中科院青岛育成中心" and m.goal is None for m in extraction.mentions)


def test_extraction_is_deterministic(documents: dict) -> None:
    doc, extraction, _ = documents["jiangsu"]
    assert extract(doc) == extraction


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("推进象山港海洋科技创新区建设。", "象山港海洋科技创新区", "institution"),
        ("加快石浦渔港经济区建设。", "石浦渔港经济区", "institution"),
        ("加强韭山列岛国家级海洋自然保护区管理。", "韭山列岛国家级海洋自然保护区", "institution"),
        ("加快济南至青岛高速铁路建设。", "济南至青岛高速铁路", "programme"),
        ("开通中欧班列，全年开行300列。", "中欧班列", "programme"),
        ("轨道交通R1线建成通车。", "轨道交通R1线", "programme"),
        ("建成地铁1号线和3号线。", "地铁1号线", "programme"),
    ],
)
def test_zones_and_routes_are_names(text: str, name: str, kind: str) -> None:
    doc = parse(read_text_bytes(text.encode(), "x.txt"))
    assert (name, kind) in {(m.text, m.kind.value) for m in extract(doc).mentions}


def test_unnamed_routes_and_zones_are_not_names() -> None:
    text = "新建改建农村公路500公里，守住生态保护红线，建设生产线，加强水源保护区管理，新建10个国家级自然保护区。"
    doc = parse(read_text_bytes(text.encode(), "x.txt"))
    assert [m.text for m in extract(doc).mentions] == []


def test_a_plans_opening_targets_are_headline_targets() -> None:
    """主要目标是：… before the first goal: targets and names of the document (goal None)."""
    doc = parse(read_source(DATA / "xiamen-most-2019-plan.txt"))
    extraction = extract(doc)
    headline = [(t.subject, t.comparator, t.value, t.unit) for t in extraction.targets if t.goal is None]
    assert headline == [
        ("全社会研发投入占地区生产总值比重", "=", 3.2, "%"),
        ("高新技术企业数量", ">", 2000.0, "家"),
        ("技术合同成交额", "=", 6e9, "元"),
        ("每万人有效发明专利拥有量", "=", 30.0, "件"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in extraction.targets)
    lead = [m.text for m in extraction.mentions if m.goal is None and m.kind is EntityKind.INSTITUTION]
    assert lead == ["厦门市科学技术局"]  # the issuer, in the plan's title
    assert {t.goal for t in extraction.targets} == {None, 1, 2, 3, 4, 5, 6}


def test_targets_in_a_goals_title_belong_to_the_goal() -> None:
    """A task list whose items are their targets (1.全区生产总值增长6%左右。 then 牵头单位 lines)."""
    text = (
        "某区2024年重点工作责任分工方案\n一、主要预期目标\n1.全区生产总值增长6%左右。\n牵头单位：区发展改革局\n"
        "2.新增市场主体3000户以上。\n牵头单位：区市场监管局\n"
    )
    doc = parse(read_text_bytes(text.encode(), "x.txt"))
    assert [g.title for g in doc.goals] == ["全区生产总值增长6%左右", "新增市场主体3000户以上"]
    targets = [(t.goal, t.value, t.unit, t.comparator) for t in extract(doc).targets]
    assert targets == [(1, 6.0, "%", "~"), (2, 3000.0, "户", ">=")]
