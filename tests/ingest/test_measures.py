"""Measures: the subject a target counts, normalised, and its unit."""

from __future__ import annotations

import pytest

from ingest.measures import measure_label, measure_of
from ingest.targets import find_targets


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("全年技术合同成交额超过100亿元。", "技术合同成交额达到120亿元。"),
        ("全市高新技术企业数量超过1100家。", "高新技术企业总数达到1500家。"),
        ("2017年底众创空间达到120家。", "众创空间达到100家。"),
        ("累计推广面积100万亩。", "推广面积达到2000亩。"),
    ],
)
def test_targets_counting_the_same_thing_have_one_measure(a: str, b: str) -> None:
    (ta,), (tb,) = find_targets(a), find_targets(b)
    assert measure_of(ta.subject, ta.unit) == measure_of(tb.subject, tb.unit) is not None


def test_money_in_yi_yuan_and_in_yuan_is_one_measure_and_other_units_are_not() -> None:
    (yi,), (yuan,) = find_targets("资金规模超15亿元。"), find_targets("资金规模达到3000000000元。")
    assert measure_of(yi.subject, yi.unit) == measure_of(yuan.subject, yuan.unit)
    (dollars,) = find_targets("资金规模超15亿美元。")
    assert measure_of(dollars.subject, dollars.unit) != measure_of(yi.subject, yi.unit)
    assert measure_of("道路", "千米") == measure_of("道路", "公里")


def test_a_label_keeps_two_characters_and_a_subject_of_none_has_no_measure() -> None:
    assert measure_label("总数") == "总数"
    assert measure_label("全年产值") == "产值"
    assert measure_of("", "家") is None
