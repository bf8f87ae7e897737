"""Who leads a goal: 牵头单位 / 配合单位 columns, labelled lines and （…牵头）phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.formats import read_source
from ingest.model import EntityKind
from ingest.parse import parse
from ingest.roles import roles_of

DATA = Path(__file__).resolve().parents[1] / "data"


def _roles(name: str) -> dict[int, set[tuple[str, str | None]]]:
    doc = parse(read_source(DATA / name))
    out: dict[int, set[tuple[str, str | None]]] = {}
    for m in extract(doc).mentions:
        if m.kind is EntityKind.INSTITUTION and m.goal is not None:
            out.setdefault(m.goal, set()).add((m.text, m.role))
    return out


def test_a_task_tables_columns_give_lead_and_participants() -> None:
    roles = _roles("roles-table-plan.txt")
    assert {("区科技局", "lead"), ("区财政局", "participant"), ("区人社局", "participant")} <= roles[1]
    assert ("区工信局", "lead") in roles[2]
    assert ("青山经开区管委会", "participant") in roles[2]


def test_phrases_and_labelled_lines_give_roles() -> None:
    roles = _roles("roles-phrase-plan.txt")
    assert {("市科技局", "lead"), ("市发展改革委", "participant"), ("市财政局", "participant")} <= roles[1]
    assert ("市科技局", "responsible") in roles[2]
    assert {("市商务局", "lead"), ("东湖高新区管委会", "responsible"), ("市外办", "responsible")} <= roles[3]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("由区教育局负责。", ["区教育局"], ["responsible"]),
        ("区卫健委牵头，各街道办事处配合", ["区卫健委", "各街道办事处"], ["lead", "participant"]),
        ("责任领导：王某\n责任单位：规划处、秘书处", ["规划处", "秘书处"], ["responsible", "responsible"]),
        ("支持市农科院与省农业大学共建研究中心。", ["市农科院", "省农业大学"], [None, None]),
    ],
)
def test_roles_of(text: str, names: list[str], expected: list[str | None]) -> None:
    spans = []
    for name in names:
        at = text.index(name)
        spans.append((at, at + len(name)))
    assert roles_of(text, spans, 0, len(text)) == expected
