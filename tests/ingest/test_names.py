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
