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
    ("共享仪器设备服务超过8000次。", (8000, "次", ">", None, ...)),
    ("新建冷库库容1.5万平方米。", (1.5e4, "平方米", None, None, ...)),
    ("扶持3至5家链主企业。", (3, "家", None, 5, "链主企业")),
    ("每个县建设2到3所寄宿制学校。", (2, "所", None, 3, "寄宿制学校")),
    ("孵化器数量翻一番，达到40家。", (40, "家", "=", None, ...)),
    ("新增两家省级工程研究中心。", (2, "家", None, None, "省级工程研究中心")),
    ("再建成三个中试基地。", (3, "个", None, None, "中试基地")),
    ("培育二十家专精特新企业。", (20, "家", None, None, ...)),
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
    ("实施行动计划(2022-2024年)，到2026年基本建成。", None),  # plan period, year
    ("市政办发〔2022〕17号", None),  # document number
    ("开展第五次全国经济普查，研制第三代装备。", None),  # ordinals
    ("二期工程年底完工。", None),  # a phase, not a count
    ("资源预览 第3页 / 共20页", None),  # page chrome
    ("推进5G网络和F35走廊建设。", None),  # numbers inside names
    ("新增**家企业，建成***万平方米。", None),  # masked digits
    ("咨询时间 8:30-17:30，电话 0571-88881234", None),  # times, phone numbers
    ("索引号: 00123456/2022-00321", None),  # index number
    ("面向0-3岁婴幼儿开展照护服务。", None),  # an age class
    ("浏览次数：2317", None),  # page counter
    ("1.5月20日前完成部署。", None),  # list label then a date
]

# Units, scripts and forms of the genre read since targets are read in every unit (each is new behaviour).
GENRE_CASES: list[tuple[str, Any]] = [
    # counted units
    ("全年开展送技术下乡活动12期。", (12, "期", None, None, "送技术下乡活动")),
    ("清查网格化监管点位460条次。", (460, "条次", None, None, ...)),
    ("组织项目路演活动40场次以上。", (40, "场次", ">=", None, ...)),
    ("完成海域执法巡查5000架次。", (5000, "架次", None, None, ...)),
    ("全年增殖放流鱼虾苗种3.6亿尾。", (3.6e8, "尾", None, None, "增殖放流鱼虾苗种")),
    ("创建1-2处省级湿地公园。", (1, "处", None, 2, "省级湿地公园")),
    ("完成水产养殖尾水治理示范20万亩次。", (2e5, "亩次", None, None, ...)),
    ("全年新打机井30口。", (30, "口", None, None, ...)),
    ("改造老旧厂区12万m2。", (1.2e5, "平方米", None, None, ...)),
    ("细颗粒物年均浓度降至28微克/立方米。", (28, "微克/立方米", "=", None, ...)),
    # time spans and ages count only as limits
    ("不动产登记办理时间压缩至5个工作日。", (5, "工作日", "=", None, "不动产登记办理时间")),
    ("货物平均通关时间控制在6小时以内。", (6, "小时", "<=", None, "货物平均通关时间")),
    ("居民人均预期寿命达到80岁。", (80, "岁", "=", None, "居民人均预期寿命")),
    # 万/亿 in the value, with or without a unit
    ("粮食总产稳定在1300亿斤以上。", (1.3e11, "斤", ">=", None, ...)),
    ("园区五年计划总投资3200.5亿，", (3.2005e11, "", None, None, ...)),
    ("带动社会投资逾80亿元。", (8e9, "元", ">", None, ...)),
    # unitless indices
    ("区域科技创新综合指数达到75。", (75, "", "=", None, "区域科技创新综合指数")),
    ("工业化与信息化融合发展指数92以上。", (92, "", ">=", None, ...)),
    ("农田灌溉水有效利用系数提高到0.6。", (0.6, "", "=", None, ...)),
    # ranges
    ("新建两到三个农业科技园区。", (2, "个", None, 3, "农业科技园区")),
    ("出口额同比增长8%-10%。", (8, "%", None, 10, ...)),
    # doubling
    ("科技型企业数量翻一番。", (1, "倍", None, None, "科技型企业数量")),
    ("全市技术交易额增加一倍。", (1, "倍", None, None, ...)),
    # traditional characters and converter glosses
    ("新增規模以上企業120戶。", (120, "户", None, None, ...)),
    ("年內實施重點項目15個。", (15, "个", None, None, ...)),
    ("研發投入超過3.5億元。", (3.5e8, "元", ">", None, ...)),
    ("完成遠洋漁船更新改造2萬(wàn)噸。", (2e4, "吨", None, None, ...)),
    ("發布地方標準8項以上。", (8, "项", ">=", None, ...)),
    # Chinese numerals that count
    ("提高两个百分点。", (2, "百分点", None, None, ...)),
    ("举办各类对接会十余场。", (10, "场", ">", None, ...)),
]

# Numbers that look like targets and are not (each was read as a target before).
NOT_TARGETS: list[str] = [
    "贯彻省委十二届三次全会和党的十九大精神。",  # ordinals, party congress
    "落实《推动民营经济发展的20条措施》。",  # a count in a title
    "开通30万吨级深水航道，壮大百亿级产业。",  # designations
    "牢固树立“四个意识”。",  # a quoted slogan
    "完成3个月的试运行，提供24小时服务。",  # durations without a limit
    "  • 下一篇：新城总投资超200亿元开工",  # a link to another article
    "五家渠市和七台河市开展试点。",  # places ending in a unit character
    "公布第1、2批名单，启动第三、四批评审。",  # ordinals listed after one 第
    "瀏覽次數：56次",  # page counter, traditional script
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


@pytest.mark.parametrize(("text", "expected"), GENRE_CASES, ids=[c[0][:14] for c in GENRE_CASES])
def test_genre_target(text: str, expected: Any) -> None:
    test_target(text, expected)


@pytest.mark.parametrize("text", NOT_TARGETS, ids=[t.strip()[:14] for t in NOT_TARGETS])
def test_not_a_target(text: str) -> None:
    assert find_targets(text) == []


def test_spans_point_into_the_text_as_written() -> None:
    text = "糧食產量穩定在1.3萬(wàn)億(yì)斤以上。"
    [t] = find_targets(text)
    assert (t.value, t.unit, t.comparator) == (1.3e12, "斤", ">=")
    assert text[t.start : t.end] == t.text == "穩定在1.3萬(wàn)億(yì)斤以上"
    assert t.subject == "糧食產量"


def test_doubling_counts_only_where_no_value_is_stated() -> None:
    found = find_targets("平台数量翻一番，达到14个；企业数量翻一番。")
    assert [(t.value, t.unit, t.text) for t in found] == [(14, "个", "达到14个"), (1, "倍", "翻一番")]


def test_an_amount_bounding_a_counted_class_is_not_a_target() -> None:
    found = find_targets("培育年营业收入5亿元以上企业12家，实现营业收入80亿元以上，引进10家以上企业和3个团队。")
    assert [(t.value, t.unit) for t in found] == [(12, "家"), (8e9, "元"), (10, "家"), (3, "个")]


def test_several_targets_in_one_clause_get_their_own_subjects() -> None:
    found = find_targets("新增光伏农业大棚4500亩、光伏发电能力90兆瓦。")
    assert [(t.value, t.unit, t.subject) for t in found] == [
        (4500, "亩", "新增光伏农业大棚"),
        (90, "兆瓦", "光伏发电能力"),
    ]
