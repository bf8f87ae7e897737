"""Name finding on long runs of name-like text: bounded names, and the fast overlap selection."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.model import EntityKind
from ingest.names import _PRIORITY, Name, _select, find_names
from ingest.segment import tokens


def _select_by_pairs(found: list[Name]) -> list[Name]:
    """The definition, every name against every other: the oracle for the sweep in ``_select``."""
    unique = {(n.start, n.end, n.kind): n for n in sorted(found, key=lambda n: -_PRIORITY[n.rule])}
    names = sorted(unique.values(), key=lambda n: (n.start, -(n.end - n.start)))
    containers = {
        EntityKind.INSTITUTION: {EntityKind.INSTITUTION},
        EntityKind.PROGRAMME: {EntityKind.PROGRAMME, EntityKind.INSTITUTION},
        EntityKind.PLACE: set(EntityKind),
    }
    kept = []
    for n in names:
        inside = any(
            o.start <= n.start and n.end <= o.end and (o.start, o.end) != (n.start, n.end)
            for o in names
            if o.kind in containers[n.kind]
        )
        better = any((o.start, o.end) == (n.start, n.end) and _PRIORITY[o.rule] < _PRIORITY[n.rule] for o in names)
        head = n.kind is EntityKind.INSTITUTION and any(
            o.kind is EntityKind.PROGRAMME and o.start < n.start and o.end == n.end for o in names
        )
        if not inside and not better and not head:
            kept.append(n)
    return kept


@st.composite
def _names(draw: st.DrawFn) -> list[Name]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, 30))
        out.append(
            Name(
                start,
                start + draw(st.integers(1, 12)),
                draw(st.sampled_from(list(EntityKind))),
                draw(st.sampled_from(sorted(_PRIORITY))),
            )
        )
    return out


@given(_names())
def test_select_sweep_equals_pairwise_definition(found: list[Name]) -> None:
    assert _select(found) == _select_by_pairs(found)


def test_long_run_of_names_gives_short_names() -> None:
    """A line of 青岛市科技局 with no punctuation is many names, none running back over the line."""
    text = "青岛市科技局" * 400
    names = find_names(text, tokens(text), 0, len(text))
    institutions = [n for n in names if n.kind == EntityKind.INSTITUTION]
    assert institutions
    assert max(n.end - n.start for n in names) <= 32


def test_a_programmes_head_word_is_no_institution() -> None:
    """交易会 is tagged an organisation; at the end of 海峡项目成果交易会 it is the programme's head."""
    text = "举办第十七届中国·海峡项目成果交易会，组织召开阿斯图联盟第三届年会。"
    found = {(text[n.start : n.end], n.kind) for n in find_names(text, tokens(text), 0, len(text))}
    assert ("海峡项目成果交易会", EntityKind.PROGRAMME) in found
    assert ("交易会", EntityKind.INSTITUTION) not in found
    assert ("阿斯图联盟", EntityKind.INSTITUTION) in found  # a name at the front stays


def test_a_resultative_verb_does_not_begin_a_name() -> None:
    text = "办好中国创新创业大赛，全年发放科技贷款30亿元，促成项目对接500项。"
    found = {text[n.start : n.end] for n in find_names(text, tokens(text), 0, len(text))}
    assert "中国创新创业大赛" in found
    assert not {"办好中国创新创业大赛", "发放科技贷款", "促成项目"} & found


def _found(text: str) -> set[tuple[str, EntityKind]]:
    return {(text[n.start : n.end].replace("\n", ""), n.kind) for n in find_names(text, tokens(text), 0, len(text))}


def test_every_unit_on_a_role_line_is_an_institution() -> None:
    """牵头单位/责任单位 lines list units however briefly written; collectives like 各镇 are not names."""
    text = "牵头单位：县工信局\n责任单位：督查科、法规处，各镇，县直各部门，水务局\n"
    institutions = {name for name, kind in _found(text) if kind is EntityKind.INSTITUTION}
    assert {"县工信局", "督查科", "法规处", "水务局"} <= institutions
    assert not institutions & {"各镇", "县直各部门"}


def test_a_table_cell_of_units_is_a_list_of_institutions() -> None:
    """A flattened 责任单位 column: cells on their own lines or between spaces; a task cell is no unit."""
    text = (
        "12 新建孵化载体5个。 县科技局 县住建局、县发改委(县重点办)等县政府有关部门,县城投公司。 年底\n"
        "宣传推广部、综合服务部 |\n"
        "争取在生物育种领域新建省重点实验室\n"
    )
    institutions = {name for name, kind in _found(text) if kind is EntityKind.INSTITUTION}
    assert {"县科技局", "县住建局", "县发改委", "县重点办", "县城投公司", "宣传推广部", "综合服务部"} <= institutions
    assert "争取在生物育种领域新建省重点实验室" not in institutions


def test_bodies_of_the_documents_own_jurisdiction() -> None:
    """区经信局, 市城投公司 and a bare 统计局 are bodies read in the document's jurisdiction."""
    text = "由区经信局会同市城投公司推进，统计局做好监测。"
    institutions = {name for name, kind in _found(text) if kind is EntityKind.INSTITUTION}
    assert {"区经信局", "市城投公司", "统计局"} <= institutions


def test_an_institution_in_brackets_is_named_too() -> None:
    text = "建设滨江(浙江大学)联合创新研究院，推动北方工业大学和南方医科大学共建实验平台。"
    institutions = {name for name, kind in _found(text) if kind is EntityKind.INSTITUTION}
    assert {"浙江大学", "北方工业大学", "南方医科大学"} <= institutions


def test_quoted_names_are_programmes_only_where_used_as_names() -> None:
    """“X”工作机制, “X”为抓手, “X”， are names; “X”迅速…, 的“X”, “X”+ a plain noun are slogans or modifiers."""
    text = (
        "以“智慧渔港”为抓手，完善“一网通管”工作机制，推进“亩均论英雄”。会上的“集结号”迅速传开，打造“山海城”文化高地。"
    )
    programmes = {name for name, kind in _found(text) if kind is EntityKind.PROGRAMME}
    assert {"“智慧渔港”", "“一网通管”", "“亩均论英雄”"} <= programmes
    assert not programmes & {"“集结号”", "“山海城”"}


def test_programme_names_keep_their_action_span_and_year() -> None:
    """提升计划, 三年行动, the title's 2024年 and an ordinal after 和 belong to the names."""
    text = (
        "资源目录\n2024年全县农业农村工作要点\n实施职业教育提升计划，聚焦吉林省乡村振兴三年行动，"
        "做好人口调查和第七次全国人口普查工作。"
    )
    programmes = {name for name, kind in _found(text) if kind is EntityKind.PROGRAMME}
    assert {
        "2024年全县农业农村工作要点",
        "职业教育提升计划",
        "吉林省乡村振兴三年行动",
        "第七次全国人口普查",
    } <= programmes


def test_a_programme_name_broken_over_two_lines_is_one_name() -> None:
    text = "专栏2:重点工程\n县域职业教育\n质量提升行动计划 新建实训基地3个。\n"
    programmes = {name for name, kind in _found(text) if kind is EntityKind.PROGRAMME}
    assert "县域职业教育质量提升行动计划" in programmes


def test_predicate_phrases_and_modified_nouns_are_not_programmes() -> None:
    """深入推行 / 坚持 are predicates; 试点单位 and 行动策略 are nouns the programme word modifies."""
    text = "深入推行园区安全生产行动，坚持服务围着项目转，扶持一批示范试点单位，制定营销行动策略。"
    programmes = {name for name, kind in _found(text) if kind is EntityKind.PROGRAMME}
    assert "园区安全生产行动" in programmes
    assert not any(p.startswith(("深入", "坚持")) for p in programmes)
    assert not programmes & {"示范试点", "营销行动"}
