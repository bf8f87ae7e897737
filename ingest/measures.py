"""Measures: what a target counts, named so that the same thing across plans has one name.

A target's subject (``ingest.targets``) is the thing counted as the plan writes it: 全年技术合同成交额,
高新技术企业数量, 高新技术企业总数. Its measure is that subject normalised — scope words in front
(全年, 全市, 年内, 累计 …) and counting words at the end (数量, 总数, 总量, 个数 …) dropped, spaces and
brackets' contents removed — together with the target's unit, already in base form (100亿元 and
120亿元 are both 元), with the few units written two ways folded (千米 is 公里, 千克 is 公斤). Two
targets are of one measure when both agree; a plan's paraphrase of the thing counted (创业导师库 /
创业导师) is caught later, by the encoder's similarity (``queries.measures``).

>>> measure_of("全年技术合同成交额", "元") == measure_of("技术合同成交额", "元")
True
>>> measure_of("全市高新技术企业数量", "家")
Measure(label='高新技术企业', unit='家')
>>> measure_of("高新技术企业总数", "家") == measure_of("高新技术企业", "个")
False
>>> measure_of("新品种(系)", "个")
Measure(label='新品种', unit='个')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Scope and time in front of the thing counted: the same thing counted over the same span.
_SCOPE = re.compile(r"^(?:(?:到|至)?\d{4}年(?:底|末)?|全年|年内|今年|当年|年度|全市|全省|全区|全国|全县|累计|总)")
# Counting words at the end: 高新技术企业数量 counts 高新技术企业.
_COUNTING = ("数量", "总数", "总量", "个数", "数目", "家数", "总规模")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_NOISE = re.compile(r"[\s“”\"'‘’]")
# Units written two ways that targets do not fold: the same quantity.
_SAME_UNIT = {"千米": "公里", "千克": "公斤", "平方千米": "平方公里", "平米": "平方米"}


@dataclass(frozen=True)
class Measure:
    label: str  # the thing counted, normalised: 技术合同成交额
    unit: str  # the base unit its targets are counted in: 元

    @property
    def key(self) -> str:
        """What the measure's IRI is made from: one IRI per label and unit."""
        return f"{self.label}|{self.unit}"


def measure_label(subject: str) -> str:
    """The normalised name of what a subject counts: 全年技术合同成交额 -> 技术合同成交额."""
    text = _NOISE.sub("", _BRACKETS.sub("", subject))
    changed = True
    while changed:
        changed = False
        m = _SCOPE.match(text)
        if m and len(text) - m.end() >= 2:
            text, changed = text[m.end() :], True
        for word in _COUNTING:
            if text.endswith(word) and len(text) - len(word) >= 2:
                text, changed = text[: -len(word)], True
    return text


def measure_unit(unit: str) -> str:
    """The unit measures compare in: the target's base unit, the few two-way spellings folded."""
    return _SAME_UNIT.get(unit, unit)


def measure_of(subject: str, unit: str) -> Measure | None:
    """The measure of a target counting ``subject`` in ``unit``; None where it names no subject."""
    label = measure_label(subject)
    if len(label) < 2:
        return None
    return Measure(label, measure_unit(unit))
