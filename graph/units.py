"""Units of targets as IRIs: the QUDT unit (http://qudt.org/vocab/unit/…) of each normalised unit
that QUDT defines, stated with ``schema:unitCode`` beside the unit as written (``schema:unitText``).

Each IRI below is defined in QUDT's units vocabulary (qudt-public-repo,
src/main/rdf/vocab/unit/VOCAB_QUDT-UNITS-ALL.ttl); units QUDT has no unit for (亩, 个, 家, 人次,
百分点 — a percentage point is no percent) keep their text alone.

>>> unit_code("%")
rdflib.term.URIRef('http://qudt.org/vocab/unit/PERCENT')
>>> unit_code("家") is None
True
"""

from __future__ import annotations

from rdflib import URIRef

from graph.vocab import UNIT

_QUDT = {
    "%": "PERCENT",
    "‰": "PERMILLE",
    "元": "CCY_CNY",
    "美元": "CCY_USD",
    "欧元": "CCY_EUR",
    "港元": "CCY_HKD",
    "日元": "CCY_JPY",
    "英镑": "CCY_GBP",
    "平方公里": "KiloM2",
    "平方千米": "KiloM2",
    "平方米": "M2",
    "公顷": "HA",
    "公里": "KiloM",
    "千米": "KiloM",
    "米": "M",
    "海里": "MI_N",
    "立方米": "M3",
    "吨": "TONNE",
    "公斤": "KiloGM",
    "千克": "KiloGM",
    "克": "GM",
    "千瓦时": "KiloW-HR",
    "千瓦": "KiloW",
    "kW": "KiloW",
    "兆瓦": "MegaW",
    "MW": "MegaW",
    "吉瓦": "GigaW",
    "GW": "GigaW",
    "小时": "HR",
    "天": "DAY",
    "分钟": "MIN",
    "岁": "YR",
}


def unit_code(unit: str) -> URIRef | None:
    """The QUDT unit of a normalised unit (``Target.unit``), or None where QUDT has none."""
    local = _QUDT.get(unit)
    return UNIT[local] if local else None
