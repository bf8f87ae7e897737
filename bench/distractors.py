"""Unrelated work plans from other bureaus, generated deterministically, to dilute the corpus.

    python -m bench.distractors OUT_DIR [-n 500]      # writes OUT_DIR/distractor-NNNN.txt

Each plan is a year's goals of one city bureau (education, transport, health, housing, civil
affairs, agriculture, culture and tourism, environment, water, human resources, commerce,
sport): numbered goals with a title, two or three sentences of actions, named institutions and
quantitative targets, in one of the two layouts real plans use (``一、标题`` paragraphs, or the
``序号 / 目标名称 / 目标内容`` table). The text comes from templates and word lists written for
this benchmark, so the same ``(n, seed)`` always gives the same files. Plans share the genre's
stock phrases (创新, 平台, 示范, 中心, 基金, 合作 …) on purpose: that is what makes short
queries hard in a real corpus. The two layouts and the writing of files are ``bench.plans``.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from bench.plans import plan_text, write_texts

CITIES = (
    "济宁", "潍坊", "烟台", "临沂", "淄博", "泰安", "威海", "日照", "德州", "聊城", "滨州", "菏泽",
    "徐州", "常州", "南通", "扬州", "绍兴", "嘉兴", "台州", "温州", "芜湖", "洛阳", "襄阳", "宜昌",
    "株洲", "赣州", "柳州", "遵义", "绵阳", "宝鸡",
)  # fmt: skip
DISTRICTS = ("东城区", "西湖区", "高新区", "经开区", "滨海新区", "北湖区", "南山区", "城阳区", "新城区", "开发区")
VERBS = (
    "加快推进", "深入实施", "全面落实", "稳步推进", "着力提升", "积极开展", "持续完善", "大力发展",
    "统筹推进", "切实加强", "扎实做好", "健全完善", "深化", "推动", "组织实施", "探索建立",
)  # fmt: skip
CLOSERS = (
    "确保各项任务按期完成", "形成一批可复制可推广的经验", "群众满意度明显提升", "年底前完成考核验收",
    "建立季度调度和通报制度", "纳入年度绩效考核", "按照省里统一部署推进", "完成市政府下达的目标任务",
)  # fmt: skip


@dataclass(frozen=True)
class Sector:
    bureau: str  # 市教育局
    titles: tuple[str, ...]  # goal titles
    objects: tuple[str, ...]  # what the actions act on
    institutions: tuple[str, ...]  # "{city}" and "{district}" are filled in
    targets: tuple[str, ...]  # "{n}" a count, "{p}" a percentage, "{y}" money in 亿元
    fields: tuple[str, ...]  # short names of the bureau's fields, for the stock phrases
    partners: tuple[str, ...] = ()  # real national institutions and countries such plans name


SECTORS = (
    Sector(
        "市教育局",
        (
            "推进基础教育优质均衡",
            "扩大普惠性学前教育资源",
            "深化职业教育产教融合",
            "加强教师队伍建设",
            "提升高等教育办学水平",
            "推进教育信息化",
            "落实立德树人根本任务",
            "保障校园安全",
        ),
        (
            "义务教育学校标准化建设",
            "集团化办学改革",
            "中小学课后服务",
            "智慧校园试点",
            "校企合作实训基地",
            "乡村教师支持计划",
            "学生体质健康监测",
            "校舍抗震加固工程",
            "国家通用语言文字推广",
            "特殊教育融合发展",
            "学科竞赛和创新教育",
            "民办教育分类管理",
            "家庭经济困难学生资助",
            "研学实践教育营地",
        ),
        (
            "{city}职业技术学院",
            "{city}大学",
            "{city}市实验中学",
            "{city}市教育科学研究院",
            "{district}第一中学",
            "{city}师范高等专科学校",
            "{city}市青少年活动中心",
        ),
        (
            "新建改扩建中小学{n}所",
            "新增学位{n}000个",
            "普惠性幼儿园覆盖率达到{p}%",
            "培训中小学教师{n}00人次",
            "建设市级示范性实训基地{n}个",
            "高校毕业生就业率保持在{p}%以上",
        ),
        ("基础教育", "职业教育", "学前教育", "高等教育", "教育信息化", "教师发展"),
        ("山东大学", "浙江大学", "中国海洋大学", "北京大学", "芬兰"),
    ),
    Sector(
        "市交通运输局",
        (
            "完善综合交通网络",
            "推进城市公共交通优先发展",
            "加快港口和物流枢纽建设",
            "提升农村公路通达水平",
            "强化交通运输安全监管",
            "推动交通运输绿色转型",
            "优化出行服务",
        ),
        (
            "城市快速路网",
            "公交专用道",
            "新能源公交车更新",
            "农村公路提档升级",
            "客运站场改造",
            "多式联运示范工程",
            "危险货物运输监管平台",
            "网约车规范管理",
            "城乡客运一体化",
            "交通运输执法改革",
            "高速公路服务区提升",
            "智慧交通指挥中心",
        ),
        (
            "{city}交通投资集团",
            "{city}公交集团",
            "{city}港口集团",
            "{city}市公路事业发展中心",
            "{city}轨道交通有限公司",
            "{district}综合客运枢纽",
        ),
        (
            "新改建农村公路{n}00公里",
            "更新新能源公交车{n}0辆",
            "公交分担率达到{p}%",
            "完成交通建设投资{y}亿元",
            "新辟优化公交线路{n}条",
            "港口货物吞吐量增长{p}%",
        ),
        ("智慧交通", "公共交通", "城乡客运", "现代物流", "绿色出行"),
        ("中国中车股份有限公司", "同济大学", "东南大学"),
    ),
    Sector(
        "市卫生健康委员会",
        (
            "深化医药卫生体制改革",
            "提升基层医疗服务能力",
            "加强公共卫生体系建设",
            "推进健康城市建设",
            "发展中医药事业",
            "做好妇幼健康服务",
            "加快智慧医疗建设",
        ),
        (
            "紧密型医疗集团",
            "家庭医生签约服务",
            "分级诊疗制度",
            "疾病预防控制体系",
            "传染病监测预警",
            "胸痛中心和卒中中心",
            "中医药传承创新",
            "互联网医院",
            "电子健康档案",
            "重点专科建设",
            "院前急救网络",
            "老年健康服务",
            "出生缺陷综合防治",
        ),
        (
            "{city}市人民医院",
            "{city}市中医医院",
            "{city}市疾病预防控制中心",
            "{city}市妇幼保健院",
            "{city}医学院附属医院",
            "{district}社区卫生服务中心",
            "{city}市急救中心",
        ),
        (
            "家庭医生签约率达到{p}%",
            "新增医疗床位{n}00张",
            "建设市级重点专科{n}个",
            "孕产妇系统管理率达到{p}%",
            "基层诊疗量占比提高到{p}%",
            "完成卫生健康投资{y}亿元",
        ),
        ("基层医疗", "公共卫生", "中医药", "健康管理", "智慧医疗", "医学"),
        ("复旦大学", "中山大学", "四川大学", "上海交通大学"),
    ),
    Sector(
        "市住房和城乡建设局",
        (
            "推进城市更新行动",
            "完善住房保障体系",
            "提升城市建设品质",
            "加强建筑市场监管",
            "推动建筑业转型升级",
            "改善人居环境",
        ),
        (
            "老旧小区改造",
            "棚户区改造",
            "保障性租赁住房",
            "公共租赁住房分配",
            "装配式建筑",
            "绿色建筑",
            "城市地下综合管廊",
            "海绵城市建设",
            "物业服务管理",
            "建筑施工安全专项整治",
            "历史文化街区保护",
            "住房公积金归集使用",
        ),
        (
            "{city}城市建设投资集团",
            "{city}市住房保障中心",
            "{city}市建筑设计研究院",
            "{district}城市更新指挥部",
            "{city}市住房公积金管理中心",
        ),
        (
            "改造老旧小区{n}0个",
            "筹集保障性租赁住房{n}000套",
            "装配式建筑占新建建筑比例达到{p}%",
            "完成棚户区改造{n}000户",
            "新建地下综合管廊{n}公里",
            "城镇新建建筑绿色建筑占比{p}%",
        ),
        ("城市更新", "住房保障", "绿色建筑", "智能建造", "物业管理"),
        ("同济大学", "清华大学"),
    ),
    Sector(
        "市民政局",
        (
            "健全社会救助体系",
            "完善养老服务体系",
            "加强基层社会治理",
            "做好儿童福利和未成年人保护",
            "推进殡葬改革",
            "规范社会组织管理",
        ),
        (
            "最低生活保障",
            "特困人员供养",
            "居家社区养老服务",
            "养老机构等级评定",
            "城乡社区协商",
            "困境儿童关爱保护",
            "社会组织年检",
            "慈善事业发展",
            "婚姻登记服务",
            "地名规范管理",
            "公益性公墓建设",
            "志愿服务记录制度",
        ),
        (
            "{city}市社会福利院",
            "{city}市儿童福利院",
            "{city}市慈善总会",
            "{district}养老服务中心",
            "{city}市救助管理站",
            "{city}市社会组织孵化基地",
        ),
        (
            "新增养老床位{n}00张",
            "城乡低保标准提高{p}%",
            "社区养老服务设施覆盖率达到{p}%",
            "培育社区社会组织{n}0家",
            "发放救助资金{y}亿元",
            "建设农村幸福院{n}0处",
        ),
        ("养老服务", "社会救助", "社区治理", "儿童福利", "慈善"),
        ("中国社会科学院",),
    ),
    Sector(
        "市农业农村局",
        (
            "稳定粮食生产",
            "推进乡村产业振兴",
            "建设美丽宜居乡村",
            "深化农村改革",
            "加强农业科技推广",
            "保障农产品质量安全",
        ),
        (
            "高标准农田建设",
            "现代农业产业园",
            "农产品加工业",
            "农村人居环境整治",
            "农村集体产权制度改革",
            "新型农业经营主体",
            "农业社会化服务",
            "畜禽粪污资源化利用",
            "农产品质量追溯",
            "种业振兴",
            "农村电商",
            "数字农业示范",
        ),
        (
            "{city}市农业科学研究院",
            "{city}农业发展集团",
            "{city}市农产品质量检测中心",
            "{district}现代农业产业园",
            "{city}市农业技术推广站",
            "{city}供销合作社",
        ),
        (
            "建设高标准农田{n}0万亩",
            "粮食总产稳定在{n}0亿斤",
            "农产品抽检合格率保持在{p}%以上",
            "培育家庭农场{n}00家",
            "农业产业化龙头企业达到{n}0家",
            "农村卫生厕所普及率达到{p}%",
        ),
        ("现代农业", "种业", "数字乡村", "农产品加工", "乡村旅游"),
        ("中国科学院", "中国海洋大学", "以色列"),
    ),
    Sector(
        "市文化和旅游局",
        (
            "繁荣文艺创作",
            "完善公共文化服务体系",
            "推动文化旅游融合发展",
            "加强文物保护利用",
            "培育文旅消费新业态",
            "规范文化市场",
        ),
        (
            "公共图书馆总分馆制",
            "文化馆服务效能",
            "非物质文化遗产保护",
            "全域旅游示范区",
            "A级旅游景区提升",
            "夜间文旅消费集聚区",
            "乡村旅游重点村",
            "文物安全巡查",
            "博物馆免费开放",
            "群众文化活动",
            "文艺精品创作",
            "旅游市场秩序整治",
        ),
        (
            "{city}市图书馆",
            "{city}市博物馆",
            "{city}市文化馆",
            "{city}文化旅游发展集团",
            "{district}非遗展示馆",
            "{city}市艺术剧院",
        ),
        (
            "接待游客{n}000万人次",
            "实现旅游总收入{y}亿元",
            "开展惠民演出{n}00场",
            "新增A级旅游景区{n}家",
            "公共文化设施覆盖率达到{p}%",
            "完成文物修缮{n}处",
        ),
        ("文化旅游", "非遗", "文物保护", "公共文化", "数字文化"),
        ("北京大学", "法国", "韩国"),
    ),
    Sector(
        "市生态环境局",
        ("打好蓝天保卫战", "推进水污染防治", "加强土壤污染防治", "深化生态环境领域改革", "强化环境执法监管"),
        (
            "挥发性有机物治理",
            "重点行业超低排放改造",
            "黑臭水体整治",
            "入河排污口排查",
            "饮用水水源地保护",
            "建设用地土壤风险管控",
            "排污许可制度",
            "生态环境损害赔偿",
            "环境信用评价",
            "固体废物规范化管理",
        ),
        ("{city}市环境监测中心站", "{city}市生态环境保护综合执法支队", "{district}污水处理厂", "{city}环保产业园"),
        (
            "细颗粒物平均浓度下降{p}%",
            "空气质量优良天数比例达到{p}%",
            "国控断面水质优良比例达到{p}%",
            "完成重点企业治理{n}0家",
            "受污染耕地安全利用率达到{p}%",
        ),
        ("大气治理", "水环境", "土壤修复", "环保产业", "碳减排"),
        ("中国科学院", "南京大学", "清华大学"),
    ),
    Sector(
        "市水利局",
        ("完善防洪减灾体系", "保障城乡供水安全", "推进河湖长制落实", "加强水资源节约保护"),
        (
            "中小河流治理",
            "病险水库除险加固",
            "农村饮水安全巩固提升",
            "河湖清四乱",
            "节水型社会建设",
            "山洪灾害防治",
            "灌区续建配套",
            "水土流失综合治理",
        ),
        ("{city}水务集团", "{city}市水文中心", "{district}水库管理处", "{city}市河湖管理服务中心"),
        (
            "治理中小河流{n}0公里",
            "完成水利投资{y}亿元",
            "农村自来水普及率达到{p}%",
            "新增节水灌溉面积{n}万亩",
            "除险加固水库{n}座",
        ),
        ("防汛抗旱", "水资源", "河湖管理", "智慧水利"),
        ("河海大学", "武汉大学"),
    ),
    Sector(
        "市人力资源和社会保障局",
        ("稳定和扩大就业", "完善社会保险制度", "加强技能人才队伍建设", "构建和谐劳动关系", "深化人事制度改革"),
        (
            "重点群体就业帮扶",
            "职业技能提升行动",
            "企业职工基本养老保险",
            "工伤保险预防",
            "劳动保障监察",
            "欠薪治理",
            "技工院校建设",
            "人才公寓",
            "高层次人才引进",
            "事业单位公开招聘",
            "零工市场建设",
        ),
        ("{city}市公共就业和人才服务中心", "{city}技师学院", "{city}市劳动人事争议仲裁院", "{district}人力资源市场"),
        (
            "城镇新增就业{n}万人",
            "培训技能人才{n}万人次",
            "城镇调查失业率控制在{p}%以内",
            "社会保险参保率达到{p}%",
            "发放创业担保贷款{y}亿元",
        ),
        ("就业创业", "技能人才", "社会保险", "人才服务"),
        ("哈尔滨工业大学", "德国", "新加坡"),
    ),
    Sector(
        "市商务局",
        ("促进消费扩容提质", "稳定外贸外资基本盘", "建设现代商贸流通体系", "提升开放平台能级"),
        (
            "步行街改造提升",
            "老字号传承发展",
            "跨境电子商务综合试验区",
            "外贸综合服务企业",
            "农产品冷链物流",
            "一刻钟便民生活圈",
            "会展经济",
            "招商引资项目",
        ),
        ("{city}国际会展中心", "{city}综合保税区", "{city}商贸物流集团", "{district}电子商务产业园"),
        (
            "社会消费品零售总额增长{p}%",
            "进出口总额达到{y}亿元",
            "实际使用外资{n}亿美元",
            "建设便民生活圈{n}0个",
            "举办展会{n}0场",
        ),
        ("跨境电商", "会展", "商贸物流", "外贸", "消费"),
        ("海尔集团", "华为技术有限公司", "日本", "韩国", "美国"),
    ),
    Sector(
        "市体育局",
        ("推进全民健身", "提升竞技体育水平", "发展体育产业", "建设体育设施"),
        (
            "全民健身路径",
            "社区体育公园",
            "青少年体育训练",
            "体育赛事活动",
            "体育消费试点城市",
            "学校体育场馆开放",
            "国民体质监测",
        ),
        ("{city}市体育中心", "{city}市体育运动学校", "{district}全民健身中心"),
        (
            "新建健身场地{n}0处",
            "人均体育场地面积达到{n}.{n}平方米",
            "举办市级以上赛事{n}0项",
            "经常参加体育锻炼人数比例达到{p}%",
        ),
        ("全民健身", "体育产业", "竞技体育", "体育场馆"),
        ("北京体育大学",),
    ),
)

# Stock phrases every bureau's plan uses; they overlap the seed's vocabulary on purpose.
STOCK = (
    "建设{what}创新中心", "打造{what}示范平台", "设立{what}专项基金", "开展{what}试点示范",
    "推进{what}数字化改革", "建立{what}工作协调机制", "引进{what}领域高层次人才团队", "加强与高校院所的合作",
    "创建{what}国家级示范区", "培育{what}龙头企业", "完善{what}统计监测制度", "支持{what}标准化建设",
)  # fmt: skip


def _fill(rng: random.Random, template: str, city: str) -> str:
    return template.format(
        city=city,
        district=rng.choice(DISTRICTS),
        n=rng.randint(2, 9),
        p=rng.choice((60, 70, 75, 80, 85, 90, 92, 95, 98)),
        y=rng.randint(3, 120),
    )


def _sentence(rng: random.Random, sector: Sector, city: str) -> str:
    clauses = []
    for _ in range(rng.randint(2, 4)):
        kind = rng.random()
        if kind < 0.45:
            clauses.append(rng.choice(VERBS) + rng.choice(sector.objects))
        elif kind < 0.65:
            inst = _fill(rng, rng.choice(sector.institutions), city)
            clauses.append(f"支持{inst}{rng.choice(VERBS)}{rng.choice(sector.objects)}")
        elif kind < 0.85:
            clauses.append(_fill(rng, rng.choice(sector.targets), city))
        elif kind < 0.95 or not sector.partners:
            clauses.append(rng.choice(STOCK).format(what=rng.choice(sector.fields)))
        else:
            clauses.append(f"深化与{rng.choice(sector.partners)}在{rng.choice(sector.fields)}领域的合作")
    if rng.random() < 0.15:
        clauses.append(rng.choice(CLOSERS))
    return "，".join(clauses) + "。"


def plan(index: int, seed: int = 0) -> tuple[str, str]:
    """``(file name, text)`` of distractor plan ``index``."""
    rng = random.Random(f"{seed}:{index}")
    sector = SECTORS[index % len(SECTORS)]
    city = rng.choice(CITIES)
    year = rng.randint(2015, 2021)
    title = f"{city}{sector.bureau}{year}年度工作目标"
    titles = rng.sample(sector.titles, k=min(len(sector.titles), rng.randint(3, 4)))
    goals = [(t, "".join(_sentence(rng, sector, city) for _ in range(1))) for t in titles]
    header = f"{title}\n发布日期：{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n来源：{city}市人民政府网站"
    return f"distractor-{index:04d}.txt", plan_text(header, goals, table=rng.random() >= 0.5)


def write_plans(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write plans ``0..n-1`` into ``folder`` (existing files with the same text are kept)."""
    return write_texts(folder, (plan(i, seed) for i in range(n)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{len(write_plans(args.folder, args.n, args.seed))} plans in {args.folder}")


if __name__ == "__main__":
    main()
