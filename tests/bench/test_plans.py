"""Both benchmark plan generators write the shape of ``bench.plans``, which the real parser reads
as numbered goals, and they write the same texts the recorded benchmark figures were measured on."""

from __future__ import annotations

import hashlib

import pytest

from bench.corpus import document
from bench.distractors import plan
from bench.plans import plan_text
from ingest.parse import parse
from ingest.read import read_text_bytes

# sha256 of plans 0..59 of both generators, seed 0, as bench.search_eval and bench.ingest wrote them.
PINNED = "58ae08f5ce2a5c3f44da4ff16c6051dcee645feb9393d2c6f9f188ee927ab81d"
GOALS = [("建设创新平台", "新建重点实验室3家。"), ("培育科技企业", "新增高新技术企业20家。")]


@pytest.mark.parametrize("table", [False, True])
def test_both_layouts_parse_as_the_goals_written(table: bool) -> None:
    text = plan_text("某市科技局2020年工作目标\n发布日期：2020-03-15", GOALS, table)
    parsed = parse(read_text_bytes(text.encode(), "plan.txt"))
    assert [(g.number, g.title) for g in parsed.goals] == [(1, "建设创新平台"), (2, "培育科技企业")]
    assert "新增高新技术企业20家" in parsed.goals[1].text


def test_the_generated_plans_are_the_measured_ones() -> None:
    """Changing a generator changes every recorded figure made with it: rerun them, then update this."""
    texts = hashlib.sha256()
    for i in range(60):
        for name, text in (document(i, 0), plan(i, 0)):
            texts.update(f"{name}\n{text}".encode())
    assert texts.hexdigest() == PINNED
