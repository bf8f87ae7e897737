"""Quantitative targets, one phrase a row: the expected column is a value tuple or ``None``.

(value, unit, comparator, value_max, subject) — subject ``...`` means "not checked".
"""

from __future__ import annotations

from typing import Any

import pytest

from ingest.targets import find_targets

CASES: list[tuple[str, Any]] = [
    ("全年技术合同成交额超过100亿元。", (1e10, "元", ">", None, "技术合同成交额")),
    ("全年访问量突破150万人次。", (1.5e6, "人次", ">", None, "访问量")),
    ("资金规模超15亿元。", (1.5e9, "元", ">", None, "资金规模")),
    ("年内新增产业化公司10家以上。", (10, "家", ">=", None, "新增产业化公司")),
    ("全年实际利用外资超过18亿美元。", (1.8e9, "美元", ">", None, "实际利用外资")),
    ("全年集聚和服务创客5万名。", (5e4, "名", None, None, ...)),
    ("引进2-3个海洋生物医药海外高层次人才团队。", (2, "个", None, 3, "海洋生物医药海外高层次人才团队")),
    ("打造5-10家标杆孵化机构。", (5, "家", None, 10, "标杆孵化机构")),
    ("争取新增1～2家国家级孵化器。", (1, "家", None, 2, "国家级孵化器")),
    ("启动建设十大科技创新中心。", (10, "个", None, None, "科技创新中心")),
    ("构建九大服务体系。", (9, "个", None, None, "服务体系")),
    ("开展科研攻关示范三十项。", (30, "项", None, None, "科研攻关示范")),
    ("全市压减煤炭消费量100万吨左右。", (1e6, "吨", "~", None, "煤炭消费量")),
    ("完成投资不低于1500亿元。", (1.5e11, "元", ">=", None, "完成投资")),
    ("研发经费投入占生产总值比重达到2.6%。", (2.6, "%", "=", None, "研发经费投入占生产总值比重")),
    ("贷款规模不超过50亿元。", (5e9, "元", "<=", None, "贷款规模")),
    ("新建改建农村公路500公里。", (500, "公里", None, None, ...)),
    ("全年交付海洋工程装备8-10艘。", (8, "艘", None, 10, "海洋工程装备")),
    ("新增首台（套）重大装备50套以上。", (50, "套", ">=", None, ...)),
    ("光伏装机容量80-100兆瓦。", (80, "兆瓦", None, 100, "光伏装机容量")),
    ("全市高新技术企业数量超过1,100家。", (1100, "家", ">", None, "高新技术企业数量")),
    ("单位生产总值能耗下降3.5%以上。", (3.5, "%", ">=", None, ...)),
    ("实现农业新技术示范推广面积100万亩。", (1e6, "亩", None, None, ...)),
    ("培训企业经营管理人才1.2万人次。", (1.2e4, "人次", None, None, ...)),
    ("污水处理能力约20万吨。", (2e5, "吨", "~", None, ...)),
    ("新增就业100余人。", (100, "人", ">", None, ...)),
    # not targets
    ("市科技局2016年度业务职能目标", None),
    ("组织召开第三届青岛国际技术转移大会。", None),
    ("开展PM2.5前驱物治理。", None),
    ("加快实施海洋生物医药“310”计划。", None),
    ("发布实施“十三五”科技创新规划。", None),
    ("强化与“一行三局”衔接互动。", None),
    ("推进轨道交通R1线建设。", None),
    ("深入实施《中国制造2025江苏行动纲要》。", None),
    ("建设一批重点实验室。", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:14] for c in CASES])
def test_target(text: str, expected: Any) -> None:
    found = find_targets(text)
    if expected is None:
        assert found == []
        return
    assert len(found) == 1, found
    t = found[0]
    value, unit, comparator, value_max, subject = expected
    assert (t.value, t.unit, t.comparator, t.value_max) == (value, unit, comparator, value_max)
    assert text[t.start : t.end] == t.text
    if subject is not ...:
        assert t.subject == subject


def test_several_targets_in_one_clause_get_their_own_subjects() -> None:
    found = find_targets("新增光伏农业大棚4500亩、光伏发电能力90兆瓦。")
    assert [(t.value, t.unit, t.subject) for t in found] == [
        (4500, "亩", "新增光伏农业大棚"),
        (90, "兆瓦", "光伏发电能力"),
    ]
