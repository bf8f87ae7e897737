"""Resolution stage: link each mention to a canonical entity.

The key of an entity is its canonical Chinese name, so the same organisation gets the same key in
every document, deterministically:

1. a known name or alias resolves to its gazetteer entity (中科院 -> 中国科学院);
2. a relative name is read in the document's setting: 市政府 in a 青岛 plan is 青岛市政府 (an
   alias of 青岛市人民政府), 省政府 is 山东省政府, 高新区 is 青岛高新区;
3. a name that begins with a known institution and goes on to a unit is part of it:
   中科院海洋研究所 -> 中国科学院海洋研究所, part of 中国科学院; the prefix is written out in full
   in the key so 中科院X and 中国科学院X meet;
4. anything else is its own entity, keyed by its normalised name (quotes and 《》 dropped,
   brackets made ASCII), with a category guessed from its suffix.

Parents of linked entities are included in ``ResolvedDocument.entities``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.gazetteer import Gazetteer, default_gazetteer, normalise
from ingest.model import Entity, EntityKind, Extraction, Mention, PolicyDocument, ResolvedDocument
from ingest.names import INSTITUTION_SUFFIXES

_INSTITUTION_CATEGORIES = (
    (("大学", "学院", "大学城"), "university"),
    (("研究所", "研究院", "分所", "分院", "研究会"), "institute"),
    (("实验室",), "lab"),
    (("中心",), "centre"),
    (("公司", "集团"), "company"),
    (("银行", "基金会", "交易所", "机构"), "finance"),
    (("园", "园区", "高新区", "开发区", "保税区", "自贸区", "基地", "科创城", "科技城", "孵化器"), "park"),
    (("局", "委", "委员会", "厅", "部", "政府", "办公室", "代办处"), "government"),
    (("联盟", "协会", "学会", "商会"), "alliance"),
    (("平台", "市场"), "platform"),
    (("医院",), "hospital"),
)
_PROGRAMME_CATEGORIES = (
    (("计划", "专项", "工程", "项目", "行动"), "plan"),
    (("基金", "贷", "券"), "fund"),
    (("大会", "论坛", "年会", "峰会", "大赛", "博览会", "交易会", "展览会", "活动周", "活动月"), "event"),
    (("方案", "办法", "规划", "纲要", "意见", "条例", "细则", "协议", "战略"), "policy"),
    (("试点", "试点城市", "示范区", "试验区", "先行区", "示范市"), "pilot"),
)
_PLACE_CATEGORIES = (
    (("省", "自治区", "特别行政区"), "province"),
    (("市",), "city"),
    (("区", "县", "新区"), "district"),
)
_ZONES = ("高新区", "开发区", "经开区", "保税区", "自贸区", "综保区")
_CITY = re.compile(r"^([\u4e00-\u9fff]{2,4}?市)")
_PROVINCE = re.compile(r"^([\u4e00-\u9fff]{2,3}?省)")


def category(name: str, kind: EntityKind) -> str | None:
    """A category guessed from the end of a name.

    >>> category("青岛脑科学国际研究中心", EntityKind.INSTITUTION)
    'centre'
    """
    table = {
        EntityKind.INSTITUTION: _INSTITUTION_CATEGORIES,
        EntityKind.PROGRAMME: _PROGRAMME_CATEGORIES,
        EntityKind.PLACE: _PLACE_CATEGORIES,
    }.get(kind, ())
    best: tuple[int, str | None] = (0, None)
    for suffixes, cat in table:
        for s in suffixes:
            if name.endswith(s) and len(s) > best[0]:
                best = (len(s), cat)
    return best[1]


class _Setting:
    """Where a document is from: its city and province, for relative names."""

    def __init__(self, document: PolicyDocument, gaz: Gazetteer) -> None:
        self.city: str | None = None
        self.province: str | None = None
        for text in (document.issuer or "", document.title, document.text[:200]):
            m = _CITY.match(text)
            if m and gaz.match(m.group(1), EntityKind.PLACE):
                self.city = m.group(1)
                break
        if self.city:
            place = gaz.get(gaz.match(self.city, EntityKind.PLACE)[0])
            self.province = place.parent if place else None
        else:
            for text in (document.issuer or "", document.title):
                m = _PROVINCE.match(text)
                if m:
                    self.province = m.group(1)
                    break

    def expansions(self, name: str) -> list[str]:
        out = []
        if self.city:
            short = self.city[:-1]
            if name.startswith("市") and len(name) > 1:
                out += [self.city + name[1:], short + name]
            if name.startswith(_ZONES):
                out.append(short + name)
        if self.province and name.startswith("省") and len(name) > 1:
            out += [self.province + name[1:], self.province[:-1] + name]
        return out


def _known_prefix(name: str, gaz: Gazetteer) -> tuple[str, str] | None:
    """(alias used, entity key) of the longest known institution name that ``name`` begins with."""
    for n in range(len(name) - 2, 1, -1):
        keys = gaz.match(name[:n], EntityKind.INSTITUTION)
        if keys:
            return name[:n], keys[0]
    return None


def _link(name: str, kind: EntityKind, gaz: Gazetteer, setting: _Setting) -> Entity:
    keys = gaz.match(name, kind)
    if keys:
        return gaz.entities[keys[0]]
    if kind != EntityKind.PROGRAMME:
        for expanded in setting.expansions(name):
            keys = gaz.match(expanded, kind)
            if keys:
                return gaz.entities[keys[0]]
    if kind == EntityKind.INSTITUTION:
        prefix = _known_prefix(name, gaz)
        rest = name[len(prefix[0]) :] if prefix else ""
        if prefix and any(rest.endswith(s) for s in (*INSTITUTION_SUFFIXES, "园")):
            parent = gaz.entities[prefix[1]]
            key = parent.key + rest
            known = gaz.match(key, kind)
            if known:
                return gaz.entities[known[0]]
            cat = category(key, kind)
            if cat == "institute" and parent.key == "中国科学院":
                cat = "cas_institute"
            return Entity(key, kind, key, (), None, parent.key, cat)
        relative = setting.expansions(name)
        if relative:  # 市知识产权公共服务平台 -> 青岛市知识产权公共服务平台
            key = relative[0]
            return Entity(key, kind, key, (), None, None, category(key, kind))
    return Entity(name, kind, name, (), None, None, category(name, kind))


def resolve(document: PolicyDocument, extraction: Extraction, gazetteer: Gazetteer | None = None) -> ResolvedDocument:
    """Link every mention of ``extraction`` to an entity; entities include the linked ones' parents."""
    gaz = gazetteer or default_gazetteer()
    setting = _Setting(document, gaz)
    entities: dict[str, Entity] = {}
    links: list[str] = []
    for mention in extraction.mentions:
        entity = _link(normalise(mention.name), mention.kind, gaz, setting)
        entity = _with_alias(entities.get(entity.key, entity), mention)
        entities[entity.key] = entity
        links.append(entity.key)
        parent = entity.parent
        while parent and parent not in entities:
            known = gaz.get(parent)
            if known is None:
                break
            entities[parent] = known
            parent = known.parent
    return ResolvedDocument(
        document=document,
        extraction=extraction,
        entities=tuple(sorted(entities.values(), key=lambda e: (e.kind.value, e.key))),
        links=tuple(links),
    )


def _with_alias(entity: Entity, mention: Mention) -> Entity:
    """The entity with the mention's name (and, for a name in traditional characters, the name as
    written) among its aliases."""
    for name in dict.fromkeys((normalise(mention.name), normalise(mention.text))):
        if name != entity.key and name not in entity.aliases:
            entity = replace(entity, aliases=(*entity.aliases, name))
    return entity
