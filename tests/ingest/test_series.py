"""A plan's year, kind and series from its title and date."""

from __future__ import annotations

from ingest.series import plan_kind, plan_year, series_key


def test_annual_plans_of_one_bureau_are_one_series_whatever_they_are_called() -> None:
    a = series_key("青岛市科学技术局", "市科技局2016年度业务职能目标")
    b = series_key("青岛市科学技术局", "青岛市科学技术局2017年工作要点")
    assert a == b == "青岛市科学技术局 年度计划"
    assert series_key("宁波市海洋与渔业局", "宁波市海洋与渔业局2017年度工作目标") != a
    assert series_key("青岛市科学技术局", "青岛市“十三五”科技创新规划") == "青岛市科学技术局 规划"
    assert series_key(None, "2017年工作要点") is None


def test_year_from_the_title_before_the_date() -> None:
    assert plan_year("市科技局2016年度业务职能目标", "2015-12-30") == 2016
    assert plan_year("工作要点", "2017-02-20") == 2017
    assert plan_year("工作要点", None) is None
    assert plan_kind("关于印发实施方案的通知") == "方案"
