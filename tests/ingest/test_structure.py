"""Goal layouts beyond the seed's flattened table: headings, nesting, paragraphs, no numbering."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.model import PassageKind
from ingest.parse import parse
from ingest.read import read_text_bytes
from ingest.structure import find_goals, find_outline

HEADER = "某市科技局2018年工作要点\n发布日期：2018-02-01\n\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "一、建设平台\n新建5家。\n二、培育企业\n新增10家。",
            [("建设平台", "新建5家。"), ("培育企业", "新增10家。")],
            id="一、",
        ),
        pytest.param(
            "（一）建设平台\n新建5家。\n（二）培育企业\n新增10家。",
            [("建设平台", "新建5家。"), ("培育企业", "新增10家。")],
            id="（一）",
        ),
        pytest.param(
            "(一) 建设平台\n新建5家。\n(二) 培育企业\n新增10家。",
            [("建设平台", "新建5家。"), ("培育企业", "新增10家。")],
            id="(一) ascii",
        ),
        pytest.param(
            "1. 建设平台\n新建5家。\n2. 培育企业\n新增10家。",
            [("建设平台", "新建5家。"), ("培育企业", "新增10家。")],
            id="1.",
        ),
        pytest.param(
            "1、建设平台\n新建5家。\n2、培育企业\n新增10家。",
            [("建设平台", "新建5家。"), ("培育企业", "新增10家。")],
            id="1、",
        ),
        pytest.param(
            "１．建设平台\n新建5家。\n２．培育企业\n新增10家。",
            [("建设平台", "新建5家。"), ("培育企业", "新增10家。")],
            id="full-width digits",
        ),
        pytest.param(
            "十、建设平台\n新建5家。",
            [("建设平台", "新建5家。")],
            id="a page cut mid-list keeps its first number",
        ),
        pytest.param(
            "一、建设平台\n新建5家。\n三、培育企业\n新增10家。",
            [("建设平台", "新建5家。\n三、培育企业\n新增10家。")],
            id="a number that breaks the sequence is content",
        ),
        pytest.param(
            "全年新增：\n1. 5亿元\n2. 3家",
            [],
            id="numbers in text are no headings",
        ),
        pytest.param(
            "推进合作，建设基地。全年新增企业10家以上。\n\n加强人才引进。",
            [],
            id="plain paragraphs",
        ),
    ],
)
def test_heading_layouts(body: str, expected: list[tuple[str, str]]) -> None:
    assert [(g.title, g.text) for g in find_goals(HEADER + body)] == expected


def test_goals_are_the_work_items_not_the_sections_around_them() -> None:
    text = HEADER + (
        "一、总体要求\n坚持创新驱动。\n"
        "二、重点任务\n（一）建设平台\n新建5家。\n（二）培育企业\n新增10家。\n"
        "三、保障措施\n（一）加强领导\n建立联席会议制度。"
    )
    goals, sections = find_outline(text)
    assert [(g.number, g.path, g.title, g.section) for g in goals] == [
        (1, "二.（一）", "建设平台", ("重点任务",)),
        (2, "二.（二）", "培育企业", ("重点任务",)),
    ]
    assert [(s.path, s.title, s.parent) for s in sections] == [
        ("一", "总体要求", None),
        ("二", "重点任务", None),
        ("三", "保障措施", None),
        ("三.（一）", "加强领导", "三"),
    ]
    assert goals[1].text == "新增10家。"


def test_a_single_top_heading_gives_way_to_the_level_below() -> None:
    text = HEADER + "一、主要任务\n（一）建设平台\n新建5家。\n（二）培育企业\n新增10家。\n（三）引进人才\n引进100名。"
    assert [g.title for g in find_goals(text)] == ["建设平台", "培育企业", "引进人才"]


def test_heading_lines_that_carry_content_keep_it_in_passages() -> None:
    text = HEADER + (
        "一、总体目标：到2020年，建成创新型城市。\n"
        "二、推进中国科学院海洋研究所青岛基地和哈尔滨工程大学青岛船舶科技园以及青岛海洋科学与技术国家实验室建设\n"
        "三、优化服务。完善科技服务体系。\n全年技术合同成交额超过100亿元。"
    )
    doc = parse(read_text_bytes(text.encode(), "plan.txt"))
    assert [g.title for g in doc.goals] == [
        "推进中国科学院海洋研究所青岛基地和哈尔滨工程大学青岛船舶科技园以及青岛海洋科学与技术国家实验室建设",
        "优化服务",
    ]
    assert [s.title for s in doc.sections] == ["总体目标"]  # a 目标 heading states headline targets
    assert doc.goals[0].text == doc.goals[0].title  # no short title: the line is title and content
    assert doc.goals[1].text == "完善科技服务体系。\n全年技术合同成交额超过100亿元。"
    sentences = {p.text for p in doc.passages if p.kind is PassageKind.SENTENCE}
    assert {"全年技术合同成交额超过100亿元。", doc.goals[0].title} <= sentences
    assert any(p.goal is None and "到2020年，建成创新型城市。" in p.text for p in doc.passages)
    for goal in doc.goals:
        assert doc.text[goal.start : goal.end] == goal.text
        assert doc.text[goal.title_start : goal.title_start + len(goal.title)] == goal.title


def test_document_without_numbered_goals_is_a_document_of_passages() -> None:
    text = "青岛市海洋发展局关于推进海洋经济高质量发展的通知\n发布日期：2019-05-06\n\n" + (
        "推进青岛海洋科学与技术国家实验室建设，支持中国海洋大学建设一流学科。\n\n全年海洋生产总值增长15%左右。"
    )
    doc = parse(read_text_bytes(text.encode("gbk"), "notice.txt"))
    assert doc.goals == ()
    assert doc.title == "青岛市海洋发展局关于推进海洋经济高质量发展的通知"
    assert doc.published == "2019-05-06"
    sentences = [p.text for p in doc.passages if p.kind is PassageKind.SENTENCE]
    assert "全年海洋生产总值增长15%左右。" in sentences
    assert all(p.goal is None for p in doc.passages)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "序号\n\n目标名称\n\n目标内容\n\n1\n\n建设创新平台\n\n新建市级公共研发平台5家以上。",
            [(1, "建设创新平台", "新建市级公共研发平台5家以上。")],
            id="one table row under its header",
        ),
        pytest.param(
            "一、建设创新平台\n新建市级公共研发平台5家以上。\n引进高端人才100名。",
            [(1, "建设创新平台", "新建市级公共研发平台5家以上。\n引进高端人才100名。")],
            id="one 一、 section after a title block",
        ),
        pytest.param(
            "1. 建设创新平台\n新建市级公共研发平台5家以上。",
            [(1, "建设创新平台", "新建市级公共研发平台5家以上。")],
            id="one 1. section",
        ),
        pytest.param(
            "一、工作目标\n（一）建设平台\n新建市级平台5家。",
            [(1, "建设平台", "新建市级平台5家。")],
            id="the numbered items under 工作目标 are goals",
        ),
        pytest.param(
            "1\n\n建设创新平台\n\n新建市级公共研发平台5家以上。",
            [],
            id="a lone number line without the table header",
        ),
        pytest.param(
            "各区市科技局：\n现将方案印发给你们，请认真贯彻执行。\n一、建设创新平台\n新建市级公共研发平台5家以上。",
            [(1, "建设创新平台", "新建市级公共研发平台5家以上。")],
            id="a notice before the plan is read outside the goals",
        ),
        pytest.param("一、本通知自印发之日起施行。", [], id="a closing clause, no content"),
        pytest.param("一、建设创新平台\n5家", [(1, "建设创新平台", "5家")], id="a target for content"),
        pytest.param(
            "二、建设创新平台\n新建市级公共研发平台5家以上。",
            [(2, "建设创新平台", "新建市级公共研发平台5家以上。")],
            id="a page starting at its second heading",
        ),
        pytest.param(
            "一、推进中国科学院海洋研究所青岛基地和哈尔滨工程大学青岛船舶科技园以及青岛海洋科学与技术国家实验室建设\n全年新增10家。",
            [
                (
                    1,
                    "推进中国科学院海洋研究所青岛基地和哈尔滨工程大学青岛船舶科技园以及青岛海洋科学与技术国家实验室建设",
                    "全年新增10家。",
                )
            ],
            id="a long heading line is the title",
        ),
    ],
)
def test_single_goal_layouts(body: str, expected: list[tuple[int, str, str]]) -> None:
    assert [(g.number, g.title, g.text) for g in find_goals(HEADER + body)] == expected


def test_single_goal_document_is_extracted_under_its_goal() -> None:
    text = HEADER + "序号\n目标名称\n目标内容\n1\n集聚创新资源\n推进中科院青岛育成中心建设，新增产业化公司10家以上。"
    doc = parse(read_text_bytes(text.encode(), "one.txt"))
    assert [g.number for g in doc.goals] == [1]
    extraction = extract(doc)
    assert {m.goal for m in extraction.mentions if m.start >= doc.goals[0].title_start} == {1}
    assert [(t.value, t.unit, t.goal) for t in extraction.targets] == [(10.0, "家", 1)]
    assert all(p.goal == 1 for p in doc.passages if p.start >= doc.goals[0].title_start)
    assert all(p.goal is None for p in doc.passages if p.start < doc.goals[0].title_start)


def test_seed_table_still_gives_eleven_goals() -> None:
    seed = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"
    assert [g.number for g in find_goals(seed.read_text(encoding="utf-8"))] == list(range(1, 12))


def test_only_prose_around_the_goals_is_a_passage() -> None:
    """The title block, dates and column names around a plan's goals are metadata; a preamble
    sentence is searchable; a goal's number belongs to the goal, not to the text between goals."""
    text = (
        "某市科技局2018年工作要点\n发布日期：2018-02-01\n\n"
        "为加快建设创新型城市，制定本工作要点。\n一、建设平台\n新建5家。\n二、培育企业\n新增10家。"
    )
    doc = parse(read_text_bytes(text.encode(), "plan.txt"))
    outside = [p.text for p in doc.passages if p.goal is None]
    assert outside == ["为加快建设创新型城市，制定本工作要点。", "为加快建设创新型城市，", "制定本工作要点。"]
