"""Goal-level ranking: pool each retriever's passage scores per goal, then fuse the goals.

A goal is indexed whole and by its sentences and clauses. Ranking passages first and keeping
each goal's best one (rank fusion over passages) lets template-like clauses from hundreds of
other plans crowd out the goal: each of them is one more near-tie, and rank fusion turns near
ties into full rank steps. Here every retriever's scores are pooled per goal first (the best
passage, plus a share of the second best, so a goal that matches in two places beats one lucky
clause), normalised per retriever over the candidate goals, and summed with weights. The
weights depend on the query's script: BM25 over Chinese tokens cannot match an English query
except through the English entity labels, so English queries lean on the dense score.

>>> groups = {1: "a", 2: "a", 3: "b"}
>>> fuse_groups([[(1, 0.9), (3, 0.8), (2, 0.7)]], [1.0], groups.__getitem__, second=0.5)
[('a', 1.0, 1), ('b', 0.0, 3)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from embeddings.fusion import Normalise, Ranking, normalise

G = TypeVar("G", bound=Hashable)

SECOND = 0.5  # weight of a goal's second-best passage in its pooled score


def pool(ranking: Ranking[int], group_of: Callable[[int], G], second: float = SECOND) -> dict[G, tuple[float, int]]:
    """Per group: ``best + second * runner-up`` over the ranking's passages, and the best row.

    A group with one passage in the ranking gets the ranking's lowest score as its runner-up:
    its other passages are somewhere below that floor.

    >>> pool([(1, 0.9), (2, 0.8), (3, 0.5)], {1: "a", 2: "a", 3: "b"}.__getitem__)
    {'a': (1.3, 1), 'b': (0.75, 3)}
    """
    if not ranking:
        return {}
    floor = min(score for _, score in ranking)
    best: dict[G, tuple[float, int]] = {}
    runner_up: dict[G, float] = {}
    for row, score in ranking:  # best first
        group = group_of(row)
        if group not in best:
            best[group] = (score, row)
        elif group not in runner_up:
            runner_up[group] = score
    return {g: (s + second * runner_up.get(g, floor), row) for g, (s, row) in best.items()}


def fuse_groups(
    rankings: Sequence[Ranking[int]],
    weights: Sequence[float],
    group_of: Callable[[int], G],
    second: float = SECOND,
    how: Sequence[Normalise] | None = None,
    min_spans: Sequence[float] | None = None,
) -> list[tuple[G, float, int]]:
    """``(group, fused score, representative row)``, best first; ties keep first-seen order.

    Each ranking is pooled per group, its pooled scores normalised (``how``, default min-max;
    ``min_spans``: the least spread min-max stretches to 0..1, fusion.normalise), and weighted.
    The representative row is the group's passage with the most evidence: its own scores,
    normalised and weighted the same way, summed over the rankings (a passage missing from a
    ranking gets 0 from it); ties go to the first ranking's order (rankings are given most
    trusted first). It is the passage a hit shows, and what ``fold_duplicates`` compares.

    >>> groups = {1: "a", 2: "a", 3: "b"}
    >>> fuse_groups([[(1, 0.9), (2, 0.8), (3, 0.1)], [(2, 5.0), (3, 1.0)]], [1.0, 1.0], groups.__getitem__)
    [('a', 2.0, 2), ('b', 0.0, 3)]
    """
    totals: dict[G, float] = {}
    evidence: dict[int, float] = {}  # per passage, in first-seen order
    for i, (ranking, weight) in enumerate(zip(rankings, weights, strict=True)):
        if weight == 0 or not ranking:
            continue
        norm, span = how[i] if how else "minmax", min_spans[i] if min_spans else 0.0
        pooled = pool(ranking, group_of, second)
        for group, value in zip(pooled, normalise([s for s, _ in pooled.values()], norm, span), strict=True):
            totals[group] = totals.get(group, 0.0) + weight * value
        for (row, _), value in zip(ranking, normalise([s for _, s in ranking], norm, span), strict=True):
            evidence[row] = evidence.get(row, 0.0) + weight * value
    rows: dict[G, int] = {}
    for row, value in evidence.items():
        group = group_of(row)
        if group not in rows or value > evidence[rows[group]]:
            rows[group] = row
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return [(group, score, rows[group]) for group, score in ordered]


def boilerplate_key(text: str) -> str:
    """What is left of a passage without its numbers, punctuation and spaces: plans copy the same
    target clause from a template and change only the figure.

    >>> boilerplate_key("空气质量优良天数比例达到60%，") == boilerplate_key("空气质量优良天数比例达到95%。")
    True
    """
    return _NOT_WORDS.sub("", text)


_NOT_WORDS = re.compile(r"[\d\W_]+")


def fold_duplicates(
    ranked: Sequence[tuple[G, float, int]], key_of: Callable[[int], str], limit: int | None = None
) -> list[tuple[G, float, int, int]]:
    """``ranked`` (group, score, representative row), best first, with every group whose
    representative reads like a better-ranked one's (``key_of``) folded into it:
    ``(group, score, row, how many were folded)``. An empty key folds nothing. With ``limit``,
    the first ``limit`` of those, counting what folds into them from the rest of ``ranked``.

    >>> fold_duplicates([("a", 0.9, 1), ("b", 0.8, 2), ("c", 0.7, 3)], {1: "x", 2: "x", 3: "y"}.__getitem__)
    [('a', 0.9, 1, 1), ('c', 0.7, 3, 0)]
    >>> fold_duplicates([("a", 0.9, 1), ("c", 0.7, 3), ("b", 0.6, 2)], {1: "x", 2: "x", 3: "y"}.__getitem__, limit=1)
    [('a', 0.9, 1, 1)]
    """
    kept: list[list[Any]] = []
    first: dict[str, list[Any]] = {}
    for group, score, row in ranked:
        key = key_of(row)
        if key and key in first:
            first[key][3] += 1
            continue
        if limit is not None and len(kept) >= limit:
            continue  # past the list: only copies of what is in it still count
        item = [group, score, row, 0]
        kept.append(item)
        if key:
            first[key] = item
    return [(g, s, r, n) for g, s, r, n in kept]
