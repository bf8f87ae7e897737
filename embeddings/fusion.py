"""Merge ranked lists from several retrievers into one: pure functions, chosen by the caller.

A ranking is a best-first sequence of ``(id, score)``. Every fusion returns one best-first
list of ``(id, fused score)`` over the union of ids; ties are broken by first appearance.

    rrf            reciprocal rank fusion: only ranks matter; robust, the usual default
    score_fusion   weighted sum of per-list normalised scores: keeps how *much* better the top
                   hit is, which rank-only fusion throws away when many near-duplicates compete
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Literal, TypeVar

Id = TypeVar("Id", bound=Hashable)
Ranking = Sequence[tuple[Id, float]]
Fusion = Callable[[Sequence[Ranking[Id]]], list[tuple[Id, float]]]
Normalise = Literal["minmax", "max"]

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks


def _weights(n: int, weights: Sequence[float] | None) -> Sequence[float]:
    if weights is None:
        return [1.0] * n
    if len(weights) != n:
        raise ValueError(f"{len(weights)} weights for {n} rankings")
    return weights


def _sorted(totals: dict[Id, float]) -> list[tuple[Id, float]]:
    # sorted() is stable and dicts keep insertion order: equal scores stay in first-seen order.
    return sorted(totals.items(), key=lambda item: -item[1])


def rrf(
    rankings: Sequence[Ranking[Id]],
    k: int = RRF_K,
    weights: Sequence[float] | None = None,
) -> list[tuple[Id, float]]:
    """Reciprocal rank fusion: ``sum(w / (k + rank))`` with ranks from 1.

    >>> rrf([[("a", 0.9), ("b", 0.8)], [("b", 12.0), ("c", 3.0)]], k=1)
    [('b', 0.8333333333333333), ('a', 0.5), ('c', 0.3333333333333333)]
    """
    totals: dict[Id, float] = {}
    for weight, ranking in zip(_weights(len(rankings), weights), rankings, strict=True):
        for rank, (item, _score) in enumerate(ranking, start=1):
            totals[item] = totals.get(item, 0.0) + weight / (k + rank)
    return _sorted(totals)


def normalise(scores: Sequence[float], how: Normalise = "minmax", min_span: float = 0.0) -> list[float]:
    """Scores mapped into [0, 1].

    ``minmax`` stretches each list to span 0..1 (a list of equal scores becomes all 1), or to
    less when the scores span less than ``min_span``, which is then taken as the span: near-ties
    stay near-ties. ``max`` divides by the best score (negatives become 0), so the gaps keep
    their proportions.

    >>> normalise([4.0, 3.0, 2.0])
    [1.0, 0.5, 0.0]
    >>> normalise([4.0, 3.0, 2.0], "max")
    [1.0, 0.75, 0.5]
    >>> normalise([0.75, 0.5, 0.25], min_span=1.0)
    [0.5, 0.25, 0.0]
    """
    if not scores:
        return []
    top, bottom = max(scores), min(scores)
    if how == "max":
        return [max(s / top, 0.0) if top > 0 else 0.0 for s in scores]
    span = max(top - bottom, min_span)
    return [(s - bottom) / span if span > 0 else 1.0 for s in scores]


def score_fusion(
    rankings: Sequence[Ranking[Id]],
    weights: Sequence[float] | None = None,
    how: Normalise = "minmax",
) -> list[tuple[Id, float]]:
    """Weighted sum of normalised scores; an id missing from a list gets 0 from it.

    >>> score_fusion([[("a", 0.9), ("b", 0.5)], [("b", 12.0), ("c", 3.0)]])
    [('a', 1.0), ('b', 1.0), ('c', 0.0)]
    """
    totals: dict[Id, float] = {}
    for weight, ranking in zip(_weights(len(rankings), weights), rankings, strict=True):
        for (item, _score), norm in zip(ranking, normalise([s for _, s in ranking], how), strict=True):
            totals[item] = totals.get(item, 0.0) + weight * norm
    return _sorted(totals)
