"""Fusion is a pure function over ranked lists; these are its properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embeddings.fusion import normalise, rrf, score_fusion

rankings = st.lists(
    st.lists(st.integers(0, 30), unique=True, max_size=15).map(
        lambda ids: [(i, float(len(ids) - r)) for r, i in enumerate(ids)]
    ),
    min_size=1,
    max_size=4,
)


@given(rankings)
def test_rrf_covers_the_union_and_is_sorted(lists: list[list[tuple[int, float]]]) -> None:
    fused = rrf(lists)
    assert {i for i, _ in fused} == {i for ranking in lists for i, _ in ranking}
    scores = [s for _, s in fused]
    assert scores == sorted(scores, reverse=True)


@given(rankings)
def test_rrf_does_not_depend_on_list_order(lists: list[list[tuple[int, float]]]) -> None:
    assert dict(rrf(lists)) == pytest.approx(dict(rrf(lists[::-1])))


@given(rankings)
def test_rrf_ignores_raw_scores(lists: list[list[tuple[int, float]]]) -> None:
    rescaled = [[(i, s * 1000 - 7) for i, s in ranking] for ranking in lists]
    assert rrf(rescaled) == rrf(lists)


def test_an_item_first_everywhere_is_first() -> None:
    fused = rrf([[("a", 0.1), ("b", 0.0)], [("c", 9.0), ("a", 8.0)], [("a", 3.0)]])
    assert fused[0][0] == "a"


def test_agreement_beats_a_single_top_rank() -> None:
    fused = rrf([[("solo", 1.0), ("both", 0.9)], [("x", 1.0), ("both", 0.9)]])
    assert fused[0][0] == "both"


def test_weights_scale_each_list() -> None:
    dense, lexical = [("d", 1.0)], [("l", 1.0)]
    assert rrf([dense, lexical], weights=[2.0, 1.0])[0][0] == "d"
    assert rrf([dense, lexical], weights=[1.0, 2.0])[0][0] == "l"
    with pytest.raises(ValueError, match="weights"):
        rrf([dense, lexical], weights=[1.0])


def test_empty_rankings_fuse_to_nothing() -> None:
    assert rrf([[], []]) == [] and score_fusion([[]]) == []


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20))
def test_normalised_scores_lie_in_unit_interval(scores: list[float]) -> None:
    for how in ("minmax", "max"):
        assert all(0.0 <= s <= 1.0 for s in normalise(scores, how))
    assert max(normalise(scores)) == 1.0
    assert max(normalise(scores, "max")) == (1.0 if max(scores) > 0 else 0.0)


def test_score_fusion_keeps_the_size_of_a_lead() -> None:
    # Dense ranks b a hair above a; lexical says a clearly. Rank fusion calls it a tie;
    # score fusion lets the clear lexical lead win.
    dense = [("b", 0.8301), ("a", 0.8300), ("c", 0.70)]
    lexical = [("a", 9.0), ("b", 1.0)]
    assert rrf([dense, lexical])[0][1] == pytest.approx(rrf([dense, lexical])[1][1])
    assert score_fusion([dense, lexical])[0][0] == "a"
