"""Expand the short names government bodies use for themselves (市科技局 -> 青岛市科学技术局)."""

from __future__ import annotations

# Short form -> full form of the body's own name, longest first when applied.
_ABBREVIATIONS = {
    "科技局": "科学技术局",
    "科技厅": "科学技术厅",
    "发改委": "发展和改革委员会",
    "工信局": "工业和信息化局",
    "工信厅": "工业和信息化厅",
    "经信委": "经济和信息化委员会",
    "人社局": "人力资源和社会保障局",
    "人社厅": "人力资源和社会保障厅",
    "住建局": "住房和城乡建设局",
    "卫健委": "卫生健康委员会",
    "卫计委": "卫生和计划生育委员会",
    "市场监管局": "市场监督管理局",
    "文旅局": "文化和旅游局",
    "农业农村局": "农业农村局",
    "海洋渔业局": "海洋与渔业局",
    "环保局": "环境保护局",
    "教育局": "教育局",
    "商务局": "商务局",
    "财政局": "财政局",
    "统计局": "统计局",
    "交通局": "交通运输局",
    "国资委": "国有资产监督管理委员会",
    "知识产权局": "知识产权局",
    "民政局": "民政局",
}
_LEVELS = ("省", "市", "县", "区")


def expand_issuer(mention: str, city: str | None) -> str:
    """The issuer's full name.

    >>> expand_issuer("市科技局", "青岛")
    '青岛市科学技术局'
    >>> expand_issuer("山东省科技厅", None)
    '山东省科学技术厅'
    """
    name = mention
    for short in sorted(_ABBREVIATIONS, key=len, reverse=True):
        if name.endswith(short):
            name = name[: -len(short)] + _ABBREVIATIONS[short]
            break
    if city and name[:1] in _LEVELS and name[:1] == "市":
        name = city + name
    return name
