"""Synthetic policy documents in the seed's genre, at any scale, deterministic from a seed number.

    python -m bench.corpus --docs 1000 --seed 0 --out /tmp/corpus-1k

Each document is a science-and-technology bureau's year plan like
``data/corpus/qingdao-most-2016-goals.txt``: a header (title with bureau and year, 发布日期,
site), then numbered goals either in the flattened ``序号 / 目标名称 / 目标内容`` table or as
``一、标题`` paragraphs. Goal text names institutions drawn from a large generated name space
(city or province × discipline × kind: 大学, 研究院, 研究所, 实验室, 中心, 公司, 集团, 园区,
联盟 …), programmes (“…计划”, 《…办法》, …基金 / 工程 / 大会) and quantitative targets with varied
units and comparators (超过, 以上, 达到, 左右, ranges such as 2-3个). Word lists are written for
this benchmark. Document ``i`` depends only on ``(i, seed)``, so a 1k corpus is the 100 corpus
plus 900 more documents. The two layouts and the writing of files are ``bench.plans``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from bench.plans import plan_text, write_texts

PROVINCES = (
    "山东", "江苏", "浙江", "广东", "福建", "河北", "河南", "湖北", "湖南", "四川", "陕西", "辽宁",
    "吉林", "黑龙江", "安徽", "江西", "广西", "云南", "贵州", "山西", "甘肃", "内蒙古", "海南", "新疆",
)  # fmt: skip
CITIES = (
    "青岛", "济南", "烟台", "潍坊", "威海", "南京", "苏州", "无锡", "常州", "杭州", "宁波", "温州",
    "合肥", "芜湖", "福州", "厦门", "泉州", "广州", "深圳", "珠海", "佛山", "东莞", "武汉", "宜昌",
    "长沙", "株洲", "成都", "绵阳", "西安", "宝鸡", "沈阳", "大连", "长春", "哈尔滨", "郑州", "洛阳",
    "石家庄", "唐山", "太原", "南昌", "南宁", "昆明", "贵阳", "兰州", "呼和浩特", "海口", "天津",
    "重庆", "上海", "北京",
)  # fmt: skip
DISCIPLINES = (
    "海洋", "新材料", "生物医药", "人工智能", "集成电路", "新能源", "智能制造", "量子信息", "石墨烯",
    "虚拟现实", "机器人", "航空航天", "轨道交通", "节能环保", "现代农业", "食品安全", "大数据",
    "云计算", "区块链", "精准医学", "脑科学", "海洋装备", "船舶", "精细化工", "储能", "氢能", "光电",
    "高分子", "纳米技术", "基因组", "水产养殖", "软件", "工业互联网", "北斗导航", "先进计算", "网络安全",
    "医疗器械", "海洋生物", "新能源汽车", "激光", "传感器", "碳纤维", "稀土", "种业", "智慧城市",
)  # fmt: skip
# Institution kinds: "{p}" a city or province, "{d}" a discipline, "{b}" a brand, "{u}" a university.
INSTITUTION_KINDS = (
    "{p}{d}大学", "{p}理工大学", "{p}科技大学", "{p}{d}研究院", "{u}{p}研究院", "{p}{d}研究所",
    "{p}{d}重点实验室", "{u}{d}实验室", "{p}{d}技术创新中心", "{p}{d}工程技术研究中心",
    "{b}{d}有限公司", "{b}{d}股份有限公司", "{b}集团", "{p}{d}产业园", "{p}{d}科技园",
    "{p}{d}产业技术创新战略联盟", "{p}{d}孵化中心",
)  # fmt: skip
BRAND_PARTS = "海华瑞泰创科联智新达恒信宏远博康盛鼎晶睿航益安天润德中"
UNIVERSITIES = (
    "北京航空航天大学", "天津大学", "大连理工大学", "四川大学", "哈尔滨工程大学", "中国海洋大学",
    "山东大学", "浙江大学", "西北工业大学", "华中科技大学", "同济大学", "东南大学", "中山大学",
)  # fmt: skip
PROGRAMME_KINDS = (
    "“{w}计划”", "“{p}{d}人才计划”", "《{p}市促进{d}产业发展管理办法》", "《{d}专项资金管理办法》",
    "{p}{d}产业投资基金", "{d}成果转化引导基金", "{d}创新工程", "“{w}工程”", "第{n}届{p}国际{d}大会",
    "{p}{d}创新创业大赛",
)  # fmt: skip
PROGRAMME_WORDS = ("千帆", "蓝色硅谷", "雏鹰", "领航", "创新驱动", "百千万", "金种子", "启明星", "攀登", "筑巢")
BUREAUS = ("科技局", "科学技术局", "科技和工业信息化局", "科学技术委员会")
VERBS = (
    "加快推进", "深入实施", "全面落实", "积极开展", "着力提升", "大力发展", "统筹推进", "持续深化",
    "切实加强", "探索建立", "组织实施", "加快培育",
)  # fmt: skip
OBJECTS = (
    "科技成果转移转化", "创新平台建设", "科技金融融合", "知识产权保护", "高新技术企业培育",
    "科技型中小企业孵化", "国际科技合作", "重大科技专项", "科技资源开放共享", "技术交易市场建设",
    "新型研发机构建设", "科技人才引进", "产学研协同创新", "科技服务业发展", "科技计划管理改革",
)  # fmt: skip
GOAL_TITLES = (
    "强化{d}科技工作谋划", "集聚{d}高端创新资源", "加强{d}国际科技合作", "培育科技服务新业态",
    "促进{d}成果转移转化", "推动科技与金融深度融合", "强化企业创新主体地位", "提升{d}创新能力",
    "建设{d}创新平台", "优化创新创业生态", "实施{d}人才工程", "深化科技体制改革",
)  # fmt: skip
# Targets: "{n}" a count, "{m}" a range's upper end, "{x}" a decimal, "{p}" a percentage.
TARGETS = (
    "年内新增产业化公司{n}家以上", "技术合同成交额超过{n}0亿元", "服务次数超过{n}000次",
    "全年访问量突破{n}0万人次", "新建市级公共研发平台{n}-{m}个", "资金规模超{n}亿元",
    "高新技术企业数量达到{n}00家", "研发投入强度达到{x}%", "减少二氧化碳排放{n}万吨左右",
    "建成{d}示范线{n}0公里", "引进高层次人才团队{n}个以上", "孵化面积达到{n}0万平方米",
    "科技型企业贷款余额{n}亿元左右", "专利授权量增长{p}%", "新认定{n}0家市级国合基地",
)  # fmt: skip
CLOSERS = ("完成市政府下达的目标任务", "按照省政府统一部署加快推进建设", "年底前完成考核验收", "建立季度调度制度")


def _brand(rng: random.Random) -> str:
    return rng.choice(BRAND_PARTS) + rng.choice(BRAND_PARTS)


def institution(rng: random.Random, city: str) -> str:
    """One institution name; about 60% are local to the plan's city, the rest anywhere."""
    place = city if rng.random() < 0.6 else rng.choice(CITIES + PROVINCES)
    return rng.choice(INSTITUTION_KINDS).format(
        p=place, d=rng.choice(DISCIPLINES), b=_brand(rng), u=rng.choice(UNIVERSITIES)
    )


def programme(rng: random.Random, city: str) -> str:
    return rng.choice(PROGRAMME_KINDS).format(
        w=rng.choice(PROGRAMME_WORDS), p=city, d=rng.choice(DISCIPLINES), n=rng.randint(2, 9)
    )


def target(rng: random.Random) -> str:
    n = rng.randint(2, 15)
    return rng.choice(TARGETS).format(
        n=n, m=n + rng.randint(1, 3), x=f"{rng.uniform(1.5, 4.5):.1f}", p=rng.randint(5, 30), d=rng.choice(DISCIPLINES)
    )


def sentence(rng: random.Random, city: str) -> str:
    """One sentence of two to four clauses: actions, institutions, programmes, a target."""
    clauses = []
    for _ in range(rng.randint(2, 4)):
        kind = rng.random()
        if kind < 0.3:
            clauses.append(rng.choice(VERBS) + rng.choice(OBJECTS))
        elif kind < 0.55:
            clauses.append(f"推进{institution(rng, city)}与{institution(rng, city)}合作")
        elif kind < 0.7:
            clauses.append(f"{rng.choice(VERBS)}{programme(rng, city)}")
        elif kind < 0.8:
            clauses.append(f"加快{institution(rng, city)}建设")
        else:
            clauses.append(target(rng))
    if rng.random() < 0.1:
        clauses.append(rng.choice(CLOSERS))
    return "，".join(clauses) + "。"


def document(index: int, seed: int = 0) -> tuple[str, str]:
    """``(file name, text)`` of synthetic document ``index``."""
    rng = random.Random(f"policykg-bench:{seed}:{index}")
    city = rng.choice(CITIES)
    year = rng.randint(2014, 2023)
    bureau = rng.choice(BUREAUS)
    title = f"市{bureau}{year}年度业务职能目标" if rng.random() < 0.5 else f"{city}市{bureau}{year}年工作目标"
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    site = f"{city}政务网 发布日期 : {date}" if rng.random() < 0.5 else f"发布日期：{date}\n来源：{city}市人民政府网站"
    goals = []
    for _ in range(rng.randint(5, 11)):
        goal_title = rng.choice(GOAL_TITLES).format(d=rng.choice(DISCIPLINES))
        goals.append((goal_title, "".join(sentence(rng, city) for _ in range(rng.randint(3, 6)))))
    return f"bench-{seed}-{index:05d}.txt", plan_text(f"{site}\n\n{title}", goals, table=rng.random() < 0.5)


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write documents ``0..n-1`` into ``folder``; files already there with the same text are kept."""
    return write_texts(folder, (document(i, seed) for i in range(n)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(f"{len(write_corpus(args.out, args.docs, args.seed))} documents in {args.out}")


if __name__ == "__main__":
    main()
