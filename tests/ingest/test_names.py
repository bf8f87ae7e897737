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
        if not inside and not better:
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
