"""Quality of plan-to-plan diffs on hand-made gold pairs: precision and recall of goal matching
and of measure alignment (which target of the old plan is which of the new), at the shipped
thresholds and across a sweep of them.

    python -m bench.diff_eval            # the seed and the 2017 plan of tests/data/plans/

The gold file lists the goal pairs (old number, new number) and the target pairs (old goal, old
subject, new goal, new subject) a reader finds; everything else is added, dropped, new or gone.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from policykg.corpus import Corpus
from queries import measures, plan_diff

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "plans" / "qingdao-2016-2017.gold.json"
FILES = [
    REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt",
    REPO / "tests" / "data" / "plans" / "qingdao-2017-measures.txt",
]


def precision_recall(found: set[tuple[object, ...]], gold: set[tuple[object, ...]]) -> tuple[float, float]:
    hit = len(found & gold)
    return (hit / len(found) if found else 1.0), (hit / len(gold) if gold else 1.0)


def run(corpus: Corpus, gold: dict[str, Any]) -> dict[str, Any]:
    result = plan_diff.diff(corpus.store, str(gold["old"]), str(gold["new"]), corpus.encoder)
    goals: set[tuple[object, ...]] = {(m.old.number, m.new.number) for m in result.matched}
    pairs: set[tuple[object, ...]] = {
        (t.old.goal, t.old.subject, t.new.goal, t.new.subject)
        for t in result.targets
        if t.old is not None and t.new is not None
    }
    gold_goals = {tuple(p) for p in gold["goals"]["matched"]}
    gold_pairs = {tuple(p) for p in gold["measures"]}
    gp, gr = precision_recall(goals, gold_goals)
    mp, mr = precision_recall(pairs, gold_pairs)
    return {
        "goal_threshold": plan_diff.GOAL_THRESHOLD,
        "paraphrase_threshold": measures.PARAPHRASE_THRESHOLD,
        "goals": {
            "precision": round(gp, 3),
            "recall": round(gr, 3),
            "wrong": sorted(goals - gold_goals),
            "missed": sorted(gold_goals - goals),
        },
        "measures": {
            "precision": round(mp, 3),
            "recall": round(mr, 3),
            "wrong": sorted(pairs - gold_pairs),
            "missed": sorted(gold_pairs - pairs),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="policykg-diff-eval-") as folder, Corpus.open(folder, write=True) as corpus:
        corpus.ingest(FILES, with_index=False)
        print(json.dumps(run(corpus, gold), ensure_ascii=False))
        shipped = (plan_diff.GOAL_THRESHOLD, measures.PARAPHRASE_THRESHOLD)
        for goal_t, para_t in ((0.88, 0.90), (0.90, 0.93), (0.92, 0.95), (0.94, 0.97), (0.96, 0.98)):
            plan_diff.GOAL_THRESHOLD, measures.PARAPHRASE_THRESHOLD = goal_t, para_t
            plan_diff.PARAPHRASE_THRESHOLD = para_t
            scores = run(corpus, gold)
            g, m = scores["goals"], scores["measures"]
            goal_line = f"goal >= {goal_t}: P {g['precision']} R {g['recall']}"
            print(f"{goal_line}  |  paraphrase >= {para_t}: P {m['precision']} R {m['recall']}")
        plan_diff.GOAL_THRESHOLD, measures.PARAPHRASE_THRESHOLD = shipped
        plan_diff.PARAPHRASE_THRESHOLD = shipped[1]


if __name__ == "__main__":
    main()
