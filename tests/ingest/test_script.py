"""Traditional plans are told from simplified ones and read simplified, character for character."""

from __future__ import annotations

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.clean import clean_text
from ingest.script import is_traditional, reading, same_length, simplified

# A bureau's work points written for these tests, in traditional characters.
PLAN = """某市科學技術局2024年工作要點
一、總體要求
堅持創新驅動發展，著力推動全市科技工作邁上新臺階。
二、重點任務
（一）強化創新平台建設
1.新增3個省級平台，支持企業與高校聯合建設研發(R&D)中心。
牽頭單位：市科技局
責任單位：市發展改革委、市財政局
2.實施《某市科技創新三年行動規劃(2024-2026年)》，組織開展關鍵核心技術攻關。
責任單位：成果轉化處、計劃財務處
（二）優化創新生態
3.設立規模10億元的科技創新基金，全年技術合同成交額達到500億元。"""

# Its simplified form, written by hand.
PLAN_SIMPLIFIED = """某市科学技术局2024年工作要点
一、总体要求
坚持创新驱动发展，着力推动全市科技工作迈上新台阶。
二、重点任务
（一）强化创新平台建设
1.新增3个省级平台，支持企业与高校联合建设研发(R&D)中心。
牵头单位：市科技局
责任单位：市发展改革委、市财政局
2.实施《某市科技创新三年行动规划(2024-2026年)》，组织开展关键核心技术攻关。
责任单位：成果转化处、计划财务处
（二）优化创新生态
3.设立规模10亿元的科技创新基金，全年技术合同成交额达到500亿元。"""

# A simplified plan that writes a few traditional characters (臺灣 in a name, 於 in a quotation).
SIMPLIFIED_WITH_A_FEW = (
    PLAN_SIMPLIFIED
    + "\n4.深化与臺灣地区高校的科技交流，落实《关於促进科技成果转化的若干措施》。\n责任单位：市台办、交流合作处"
)


def test_simplified_reading_is_the_plan_simplified() -> None:
    assert simplified(PLAN) == PLAN_SIMPLIFIED


def test_names_found_in_the_reading_are_spans_of_the_original() -> None:
    text = reading(PLAN)
    assert len(text) == len(PLAN)
    for name, original in [
        ("新增3个省级平台", "新增3個省級平台"),
        ("牵头单位：市科技局", "牽頭單位：市科技局"),
        ("市发展改革委", "市發展改革委"),
        ("《某市科技创新三年行动规划(2024-2026年)》", "《某市科技創新三年行動規劃(2024-2026年)》"),
        ("计划财务处", "計劃財務處"),
        ("10亿元", "10億元"),
    ]:
        start = text.index(name)
        assert PLAN[start : start + len(name)] == original


def test_traditional_is_told_by_the_share_of_traditional_characters() -> None:
    assert is_traditional(PLAN)
    assert is_traditional(PLAN.splitlines()[7])  # one 責任單位 line is enough
    assert not is_traditional(PLAN_SIMPLIFIED)
    assert not is_traditional(SIMPLIFIED_WITH_A_FEW)
    assert not is_traditional("市科技局 R&D 2024")  # no traditional character at all
    assert not is_traditional("")


def test_reading_leaves_a_simplified_plan_as_it_is() -> None:
    assert reading(SIMPLIFIED_WITH_A_FEW) == SIMPLIFIED_WITH_A_FEW
    assert reading(PLAN) == PLAN_SIMPLIFIED


def test_a_damaged_plan_cleaned_reads_like_the_plan() -> None:
    damaged = PLAN.replace("發展", "發(fā)展").replace("規劃", "規(guī)劃").replace("實施", "實(shí)施")
    assert damaged != PLAN
    cleaned = clean_text(damaged)
    assert cleaned == PLAN
    assert simplified(cleaned) == PLAN_SIMPLIFIED


def test_a_phrase_that_changes_length_is_converted_character_by_character() -> None:
    text = "他寫部落格，推動發展。"
    assert len(opencc.OpenCC("tw2sp").convert(text)) != len(text)  # 部落格 → 博客
    converted = same_length(text, "tw2sp")
    assert converted == "他写部落格，推动发展。"


_TRADITIONAL = "發展規劃實施責任單位牽頭強國經濟關於臺灣著力乾燥後裏衞生萬億個項條處"
_OTHER = "市局科技2024年、，。：（）()《》“”R&D \n一二三"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_TRADITIONAL + _OTHER, max_size=80))
def test_any_text_keeps_its_length_and_its_other_characters(text: str) -> None:
    converted = simplified(text)
    assert len(converted) == len(text)
    for before, after in zip(text, converted, strict=True):
        if before in _OTHER:
            assert after == before


def test_a_lone_surrogate_is_kept_and_the_rest_converted() -> None:
    assert simplified("責任單位\ud800市發展改革委") == "责任单位\ud800市发展改革委"
