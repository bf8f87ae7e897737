"""Entity resolution: aliases, sub-organisations, relative names, keys stable across documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.formats import read_source
from ingest.gazetteer import Gazetteer, closest_names, default_gazetteer, load_gazetteer, parse_tsv
from ingest.model import EntityKind, ResolvedDocument
from ingest.parse import parse
from ingest.read import read_text_bytes
from ingest.resolve import resolve
from policykg.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"
JINAN = REPO / "tests" / "data" / "jinan-ndrc-2018-plan.txt"


def _resolve_path(path: Path, gazetteer: Gazetteer | None = None) -> ResolvedDocument:
    doc = parse(read_source(path))
    return resolve(doc, extract(doc), gazetteer)


def _resolve_text(text: str, name: str = "x.txt") -> ResolvedDocument:
    doc = parse(read_text_bytes(text.encode(), name))
    return resolve(doc, extract(doc))


def _links(resolved: ResolvedDocument) -> dict[str, str]:
    return {m.text: key for m, key in zip(resolved.extraction.mentions, resolved.links, strict=True)}


@pytest.fixture(scope="module")
def seed() -> ResolvedDocument:
    return _resolve_path(SEED)


@pytest.mark.parametrize(
    ("mention", "key"),
    [
        ("中科院", "中国科学院"),
        ("青能所", "中国科学院青岛生物能源与过程研究所"),
        ("兰化所", "中国科学院兰州化学物理研究所"),
        ("自动化所", "中国科学院自动化研究所"),
        ("海洋国家实验室", "青岛海洋科学与技术试点国家实验室"),
        ("高新区", "青岛高新技术产业开发区"),
        ("青岛高新区", "青岛高新技术产业开发区"),
        ("市政府", "青岛市人民政府"),
        ("省政府", "山东省人民政府"),
    ],
)
def test_aliases_resolve_to_one_entity(seed: ResolvedDocument, mention: str, key: str) -> None:
    assert _links(seed)[mention] == key


@pytest.mark.parametrize(
    ("mention", "ancestor"),
    [
        ("青能所", "中国科学院"),
        ("兰化所", "中国科学院"),
        ("自动化所", "中国科学院"),
        ("中科院青岛科教融合基地", "中国科学院"),
        ("中科院青岛育成中心", "中国科学院"),
        ("哈工程青岛船舶科技园", "哈尔滨工程大学"),
        ("哈工程科技合作园", "哈尔滨工程大学"),
        ("国家知识产权局青岛专利代办处", "国家知识产权局"),
    ],
)
def test_sub_organisations_roll_up(seed: ResolvedDocument, mention: str, ancestor: str) -> None:
    entities = {e.key: e for e in seed.entities}
    key: str | None = _links(seed)[mention]
    chain = []
    while key is not None:
        chain.append(key)
        key = entities[key].parent
    assert ancestor in chain[1:]


def test_parents_are_included_and_categorised(seed: ResolvedDocument) -> None:
    entities = {e.key: e for e in seed.entities}
    cas = entities["中国科学院"]
    assert (cas.label_en, cas.category) == ("Chinese Academy of Sciences", "academy")
    assert entities["中国科学院青岛生物能源与过程研究所"].category == "cas_institute"
    assert entities["哈尔滨工程大学"].label_en == "Harbin Engineering University"
    assert entities["青岛脑科学国际研究中心"].category == "centre"
    assert all(e.parent in entities for e in seed.entities if e.parent)


def test_unknown_sub_organisation_of_a_known_one_gets_a_full_key() -> None:
    resolved = _resolve_text("推进中科院海洋研究所和中科院烟台海岸带研究所建设。")
    entities = {e.key: e for e in resolved.entities}
    links = _links(resolved)
    assert links["中科院海洋研究所"] == "中国科学院海洋研究所"  # an alias in the gazetteer
    assert links["中科院烟台海岸带研究所"] == "中国科学院烟台海岸带研究所"  # not in it: built from the prefix
    assert entities["中国科学院烟台海岸带研究所"].parent == "中国科学院"


def test_same_entity_same_key_across_documents(seed: ResolvedDocument) -> None:
    jinan = _resolve_path(JINAN)
    assert "中国科学院" in {e.key for e in seed.entities} & {e.key for e in jinan.entities}
    assert {e for e in seed.entities if e.key == "中国科学院"} == {e for e in jinan.entities if e.key == "中国科学院"}
    # relative names depend on the document's city
    other = _resolve_text("济南市科技局2017年工作目标\n推动高新区建设，市政府牵头。", "jinan.txt")
    assert _links(other)["高新区"] == "济南高新区"


def test_user_alias_file_extends_the_gazetteer(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.tsv"
    extra.write_text(
        "# mine\n潍柴动力股份有限公司\tinstitution\t潍柴动力|潍柴\t\tWeichai Power\tcompany\n"
        "中国科学院\tinstitution\t中国科学院院部\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer([extra])
    assert gazetteer.match("潍柴") == ["潍柴动力股份有限公司"]
    assert gazetteer.match("中科院") == ["中国科学院"]  # shipped aliases stay
    assert gazetteer.match("中国科学院院部") == ["中国科学院"]  # and the user's add up
    cas = gazetteer.get("中国科学院")
    assert cas is not None and cas.label_en == "Chinese Academy of Sciences"  # blanks do not erase
    doc = parse(read_text_bytes("支持潍柴等龙头企业发展。".encode(), "x.txt"))
    resolved = resolve(doc, extract(doc, gazetteer), gazetteer)
    assert "潍柴动力股份有限公司" in resolved.links


def test_bad_alias_file_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("中国科学院\torganisation\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.tsv:1: kind 'organisation'"):
        load_gazetteer([bad])
    with pytest.raises(ConfigError, match="cannot read"):
        load_gazetteer([tmp_path / "missing.tsv"])


def test_every_shipped_entry_is_well_formed() -> None:
    g = default_gazetteer()
    for entity in g.entities.values():
        assert entity.parent is None or entity.parent in g.entities, entity
    names = [n for e in g.entities.values() if e.kind == EntityKind.INSTITUTION for n in (e.key, *e.aliases)]
    assert len(names) == len(set(names)), "an institution alias points at two entities"
    assert parse_tsv("# only a comment\n\n") == []


def test_match_and_closest_for_queries() -> None:
    g = default_gazetteer()
    assert g.match("中國科學院") == [] and g.match("中科院") == ["中国科学院"]
    assert g.match("中国石油大学(华东)") == ["中国石油大学（华东）"]
    assert "中国科学院青岛生物能源与过程研究所" in g.children("中国科学院")
    assert g.closest("哈尔滨工成大学")[0] == "哈尔滨工程大学"
    assert closest_names("育成中心", ["中科院青岛育成中心", "天津大学"]) == ["中科院青岛育成中心"]
