"""Goal pooling and fusion (embeddings/pooling.py): which passage stands for a goal."""

from __future__ import annotations

from embeddings.pooling import boilerplate_key, fold_duplicates, fuse_groups

# Rows 0-1: goal "a" (a template air-quality clause), rows 2-3: goal "b" (a water clause and the
# same template clause with another figure), row 4: goal "c".
TEXTS = {
    0: "空气质量优良天数比例达到60%，",
    1: "推进大气污染防治。",
    2: "国控断面水质优良比例达到92%，",
    3: "空气质量优良天数比例达到98%。",
    4: "建立大气治理工作协调机制，",
}
GOAL = {0: "a", 1: "a", 2: "b", 3: "b", 4: "c"}


def test_the_representative_is_the_passage_with_most_evidence_over_both_rankings() -> None:
    # The dense leg puts b's water clause a hair above its air clause; only the air clause
    # matches the query's words. The hit shows the air clause.
    dense = [(0, 0.810), (2, 0.805), (3, 0.804), (4, 0.790), (1, 0.780)]
    lexical = [(3, 4.0), (0, 4.0), (4, 1.0)]
    fused = fuse_groups([dense, lexical], [1.0, 0.5], GOAL.__getitem__, how=("minmax", "max"))
    assert {group: row for group, _, row in fused} == {"a": 0, "b": 3, "c": 4}


def test_goals_shown_by_copies_of_one_clause_fold_into_one_hit() -> None:
    # Shown by its water clause (the dense leg's best), b would stand apart from a.
    dense = [(0, 0.810), (2, 0.805), (3, 0.804), (4, 0.790), (1, 0.780)]
    lexical = [(3, 4.0), (0, 4.0), (4, 1.0)]
    fused = fuse_groups([dense, lexical], [1.0, 0.5], GOAL.__getitem__, how=("minmax", "max"))
    folded = fold_duplicates(fused, lambda row: boilerplate_key(TEXTS[row]))
    assert [(group, similar) for group, _, _, similar in folded] == [("b", 1), ("c", 0)]


def test_one_ranking_keeps_its_own_best_passage() -> None:
    fused = fuse_groups([[(2, 0.9), (3, 0.8), (0, 0.1)]], [1.0], GOAL.__getitem__)
    assert [(group, row) for group, _, row in fused] == [("b", 2), ("a", 0)]


def test_a_ranking_weighted_zero_gives_no_evidence() -> None:
    fused = fuse_groups([[(2, 0.9), (3, 0.8)], [(3, 9.0)]], [1.0, 0.0], GOAL.__getitem__)
    assert [(group, row) for group, _, row in fused] == [("b", 2)]
