"""Cleaning repairs the pinyin glosses a script converter inserts, and nothing else in parentheses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypinyin import Style, pinyin

from ingest.clean import clean_text, repair_pinyin_glosses
from ingest.formats import reader_for
from ingest.script import simplified

# A bureau's work points written for these tests, in traditional characters.
PLAN = """某市海洋發展局2024年工作要點
一、總體要求
堅持陸海統籌，推動全市海洋經濟邁上新臺階。
二、重點任務
（一）強化創新平台建設
1.新增3個省級平台，支持企業與高校聯合建設研發(R&D)中心。
牽頭單位：市海洋發展局
責任單位：規劃處、市財政局
2.實施《某市海洋經濟發展規劃(2024-2026年)》，海洋生產總值(GDP)增長6%。
責任單位：產業處、江南海洋研究院(江南大學)"""

# The same lines as a converter damaged them: a toned syllable after some characters.
DAMAGED_LINES = (
    "堅(jiān)持陸海統籌，推動(dòng)全市海洋經(jīng)濟(jì)邁上新臺(tái)階。",
    "責(zé)任單位：規(guī)劃處、市財政局",
    "2.實(shí)施《某市海洋經(jīng)濟(jì)發(fā)展規(guī)劃(2024-2026年)》，海洋生產總值(GDP)增長6%。",
)


def damage(text: str) -> str:
    """Gloss every character that traditional script alone writes, as the converters do (發(fā)展)."""
    glossed = []
    for char in text:
        glossed.append(char)
        if simplified(char) != char:
            glossed.append(f"({pinyin(char, style=Style.TONE)[0][0]})")
    return "".join(glossed)


def test_toned_glosses_are_removed() -> None:
    repaired = [repair_pinyin_glosses(line) for line in DAMAGED_LINES]
    assert repaired == [PLAN.splitlines()[2], PLAN.splitlines()[7], PLAN.splitlines()[8]]


def test_full_width_and_combining_tone_marks() -> None:
    assert repair_pinyin_glosses("海洋發（fā）展") == "海洋發展"
    assert repair_pinyin_glosses("海洋發(fa\u0304)展") == "海洋發展"  # ā written as a + combining macron
    assert repair_pinyin_glosses("綠(lǜ)色、女(nü)性") == "綠色、女性"


def test_a_whole_damaged_plan_comes_back_as_written() -> None:
    damaged = damage(PLAN)
    assert len(re.findall(r"\([a-zü\u0100-\u01dc\u00e0-\u00fc]+\)", damaged)) > 40
    assert repair_pinyin_glosses(damaged) == PLAN
    assert clean_text(damaged) == clean_text(PLAN)


@pytest.mark.parametrize(
    "text",
    [
        "研發(R&D)投入",
        "地區生產總值(GDP)",
        "三年行動計劃(2021-2023年)",
        "聯合江南海洋研究院(江南大學)",
        "見第3頁 (yè)",
        "(yè)",
        "頁碼(Yè)",
        "某實驗室(Lab)",
        "海洋中心(ocean)",
        "採購經理指數(pmi)",
        "附件(a)、附件(b)",
        "附表(ma)",  # ma is no reading of 表
    ],
)
def test_real_parentheticals_stay(text: str) -> None:
    assert repair_pinyin_glosses(text) == text
    assert repair_pinyin_glosses(DAMAGED_LINES[0] + text) == PLAN.splitlines()[2] + text


@pytest.mark.parametrize(("text", "repaired"), [("我們(men)", "我們"), ("方案(an)", "方案")])
def test_toneless_glosses_go_only_where_the_damage_is_plain(text: str, repaired: str) -> None:
    assert repair_pinyin_glosses(text) == text  # alone: English or an abbreviation as far as anyone can tell
    assert repair_pinyin_glosses("發(fā)展規(guī)劃，" + text) == "發展規劃，" + text  # two toned glosses: not enough
    assert repair_pinyin_glosses("發(fā)展規(guī)劃實(shí)施，" + text) == "發展規劃實施，" + repaired


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_every_reader_repairs(tmp_path: Path, suffix: str) -> None:
    damaged = damage(PLAN)
    if suffix == ".html":
        body = "".join(f"<p>{line}</p>" for line in damaged.splitlines())
        data = f"<html><head><meta charset='utf-8'><title>工作要點</title></head><body>{body}</body></html>".encode()
    else:
        data = damaged.encode()
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(data)
    text = reader_for(path)(data, path.name).text
    assert "(fā)" not in text and "(R&D)" in text and "(2024-2026年)" in text
    assert "責任單位：規劃處、市財政局" in text
