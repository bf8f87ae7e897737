"""Where the relevance floor of search comes from: the closest passage's cosine, relevant vs nonsense.

    python -m bench.search_floor [--json]

For every query of the development and held-out sets (each answered by a goal of the seed plan)
and for queries nothing in a work plan answers (letter salad, off-topic questions, in Chinese and
English), ``queries.search.closeness`` gives the cosine of the passage nearest the query. The
floor (``queries.search.RELEVANCE_FLOOR``) must sit between the two distributions: under the
lowest relevant query and over most nonsense ones; the report prints both and the gap.
"""

from __future__ import annotations

import argparse
import json
import statistics
from typing import Any

from bench.search_eval import QUERY_SETS, bench_store, load_queries
from policykg.corpus import Corpus

# Queries no goal of a science-and-technology work plan answers.
NONSENSE = (
    "asdkjhqwe zzxq",
    "qwpoeiru lkjhasdf",
    "xkcd zorblat fnord",
    "chocolate cake recipe with strawberries",
    "who won the football match last night",
    "my cat sleeps on the sofa",
    "best hiking boots for winter",
    "啊啊啊嗯嗯嗯",
    "哈哈哈哈哈哈",
    "红烧肉怎么做好吃",
    "昨晚的足球比赛谁赢了",
    "我的猫喜欢睡在沙发上",
    "周末去哪里看电影",
)


def measure() -> dict[str, Any]:
    from embeddings.store import script
    from queries.search import RELEVANCE_FLOORS, closeness, weak_match

    with Corpus.open(str(bench_store(0))) as corpus:
        texts = [q.text for name in QUERY_SETS for q in load_queries(QUERY_SETS[name])]
        relevant = {q: closeness(corpus.index, q) for q in texts}
        nonsense = {q: closeness(corpus.index, q) for q in NONSENSE}
        weak = {q for q, s in (relevant | nonsense).items() if weak_match(corpus.index, q, s)}
    out: dict[str, Any] = {}
    for lang in RELEVANCE_FLOORS:
        floor = RELEVANCE_FLOORS[lang]
        good = {q: s for q, s in relevant.items() if script(q) == lang}
        bad = {q: s for q, s in nonsense.items() if script(q) == lang}
        out[lang] = {
            "floor": floor,
            "relevant": _summary(good),
            "nonsense": _summary(bad),
            "relevant_under_floor": sorted(q for q, s in good.items() if s < floor),
            "nonsense_over_floor": sorted(q for q, s in bad.items() if s >= floor),
            "relevant_called_weak": sorted(q for q in good if q in weak),
            "nonsense_not_called_weak": sorted(q for q in bad if q not in weak),
        }
    return out


def _summary(scores: dict[str, float]) -> dict[str, float]:
    values = sorted(scores.values())
    return {"n": len(values), "min": round(values[0], 4), "median": round(statistics.median(values), 4),
            "max": round(values[-1], 4)}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    print(json.dumps(measure(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
