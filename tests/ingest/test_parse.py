from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.formats import read_source
from ingest.model import PassageKind
from ingest.parse import parse
from ingest.passages import MAX_CLAUSE
from ingest.read import read_text_bytes
from ingest.structure import find_goals

GOLD = json.loads((Path(__file__).resolve().parent.parent / "data" / "seed_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed(seed_path: Path):  # type: ignore[no-untyped-def]
    return parse(read_source(seed_path))


def test_seed_metadata(seed) -> None:  # type: ignore[no-untyped-def]
    meta = GOLD["document"]
    assert seed.id == "qingdao-most-2016-goals"
    assert seed.title == meta["title"]
    assert seed.issuer == meta["issuer"]
    assert seed.issuer_mention in meta["issuer_aliases"]
    assert seed.published == meta["published"]
    assert seed.source_site == meta["source_site"]


def test_seed_has_eleven_goals_with_gold_titles(seed) -> None:  # type: ignore[no-untyped-def]
    assert [g.number for g in seed.goals] == list(range(1, 12))
    assert [g.title for g in seed.goals] == [GOLD["goals"][str(n)]["title"] for n in range(1, 12)]


def test_offsets_point_into_the_clean_text(seed) -> None:  # type: ignore[no-untyped-def]
    for goal in seed.goals:
        assert seed.text[goal.start : goal.end] == goal.text
        assert seed.text[goal.title_start : goal.title_start + len(goal.title)] == goal.title
        assert "序号" not in goal.text and goal.text.strip() == goal.text
    for passage in seed.passages:
        assert seed.text[passage.start : passage.end] == passage.text
    kinds = {p.kind for p in seed.passages}
    assert kinds == {PassageKind.GOAL, PassageKind.SENTENCE, PassageKind.CLAUSE}


def test_sentences_split_on_ascii_commas_but_keep_quotes(seed) -> None:  # type: ignore[no-untyped-def]
    clauses = [p.text for p in seed.passages if p.kind is PassageKind.CLAUSE and p.goal == 8]
    assert "实施“透明海洋”、海洋环境安全等重大工程," in clauses
    sentences = [p.text for p in seed.passages if p.kind is PassageKind.SENTENCE and p.goal == 5]
    assert sentences[-1] == "全年技术合同成交额超过100亿元。"


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("某市2017年工作要点\n一、加强合作\n推进建设。\n二、优化服务\n完善体系。", ["加强合作", "优化服务"]),
        ("要点\n（一）扩大开放。推动合作。\n（二）做强产业。建设园区。", ["扩大开放", "做强产业"]),
        (
            "要点\n1. 建设平台\n新建5家。\n2. 培育企业\n新增10家。\n3. 引进人才\n引进100名。",
            ["建设平台", "培育企业", "引进人才"],
        ),
        ("只有一段正文，没有编号。", []),
    ],
)
def test_other_goal_layouts(text: str, titles: list[str]) -> None:
    assert [g.title for g in find_goals(text)] == titles


def test_document_without_goals_still_has_passages() -> None:
    doc = parse(
        read_text_bytes("青岛市海洋局关于推进海洋经济的通知\n\n推进海洋经济发展，建设海洋强市。".encode(), "notice.txt")
    )
    assert doc.goals == ()
    assert [p.text for p in doc.passages if p.kind is PassageKind.SENTENCE] == [
        "青岛市海洋局关于推进海洋经济的通知",
        "推进海洋经济发展，建设海洋强市。",
    ]


def test_a_long_run_without_punctuation_is_cut_into_windows_that_point_at_its_text() -> None:
    run = ("推进海洋经济发展建设海洋强市加快科技创新培育高新企业" * 200)[:3_000]
    text = f"青岛市海洋局关于推进海洋经济的通知\n\n前言。{run}\n"
    doc = parse(read_text_bytes(text.encode(), "notice.txt"))
    pieces = [p for p in doc.passages if p.kind is PassageKind.CLAUSE]
    assert pieces and max(p.end - p.start for p in pieces) <= MAX_CLAUSE
    assert all(doc.text[p.start : p.end] == p.text for p in doc.passages)
    # The windows tile the run: every character of it in exactly one, in order.
    assert "".join(p.text for p in pieces) == run
    assert [doc.text[p.start : p.end] for p in doc.passages if p.kind is PassageKind.SENTENCE][-1] == run
