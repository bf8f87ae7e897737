"""Search quality: goal-level Recall@1, Recall@3 and MRR per mode, Chinese and English apart.

    python -m bench.search_eval                       # seed alone, then with 500 distractor plans
    python -m bench.search_eval --distractors 0 --json
    python -m bench.search_eval --queries tests/data/heldout_queries.json
    python -m bench.search_eval --distractors 500 --seed 1    # another draw of plans

Queries come from ``tests/data/dev_queries.json`` (the shared development set) and
``tests/data/heldout_queries.json`` (written before any tuning, never tuned on). A query counts
as Chinese when it holds any CJK character. Hits are the public ``queries.search.search`` with
its grouping: the rank of a query is the rank of the first hit on one of its goals.

Distractors (``bench.distractors``) are written as .txt files and ingested with the seed through
``Corpus.ingest``, into a store kept under ``$POLICYKG_CACHE/bench`` (``~/.cache/policykg/bench``)
and keyed by the plans' text, so only the first run pays for encoding. When the indexing code
changes what a passage record holds, the store's index is rebuilt from its graph (the embedding
cache keeps unchanged passages free).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.distractors import plan, write_plans
from embeddings.records import PassageRecord
from embeddings.store import MODES, SearchMode
from policykg.corpus import Corpus
from policykg.settings import bundled_corpus, cache_dir

REPO = Path(__file__).resolve().parent.parent
QUERY_SETS = {
    "dev": REPO / "tests" / "data" / "dev_queries.json",
    "heldout": REPO / "tests" / "data" / "heldout_queries.json",
}
SEED_DOCUMENT = "qingdao-most-2016-goals"


@dataclass(frozen=True)
class Query:
    text: str
    goals: frozenset[int]

    @property
    def language(self) -> str:
        return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in self.text) else "en"


def load_queries(path: Path) -> list[Query]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Query(item["q"], frozenset(item["goals"])) for item in data["semantic"]]


def bench_store(n: int, seed: int = 0, root: Path | None = None) -> Path:
    """A store holding the bundled corpus and ``n`` distractor plans, built once and kept."""
    root = root or cache_dir() / "bench"
    digest = hashlib.sha256()
    for i in range(n):
        name, text = plan(i, seed)
        digest.update(f"{name}\0{text}\0".encode())
    folder = root / f"search-{n}-{digest.hexdigest()[:12]}"
    store = folder / "store"
    if not (folder / "complete").exists():
        paths = [bundled_corpus()]
        if n:
            paths.append(folder / "plans")
            write_plans(folder / "plans", n, seed)
        with Corpus.open(str(store), write=True) as corpus:
            report = corpus.ingest(paths, progress=_progress)
        if report.failed:
            raise SystemExit(f"distractor ingest failed: {report.failed[:3]}")
        (folder / "complete").write_text(report.summary() + "\n", encoding="utf-8")
    return store


def _progress(files: list[Path]) -> Any:
    from tqdm import tqdm

    return tqdm(files, desc="ingest", unit="file", file=sys.stderr)


def refresh_index(store: Path) -> None:
    """Re-index the documents whose records the current gazetteer and code would change (English
    labels, one record per span).

    (A change in how passages are cut changes the plans' digest only if the text changes; delete
    the cache folder, or run ``policykg ingest --rebuild-index`` on the store, after one.)
    """
    from embeddings.records import one_per_span, with_labels
    from graph.lock import write_lock

    with Corpus.open(str(store), write=True) as corpus, write_lock(corpus.settings.lock_dir):
        index = corpus.index
        by_doc: dict[str, list[PassageRecord]] = {}
        for record in index.records:
            by_doc.setdefault(record.document, []).append(record)
        changed = False
        for doc, records in by_doc.items():
            labelled = with_labels(one_per_span(records), corpus.labeller)
            if labelled != records:
                index.replace_document(doc, labelled)
                changed = True
        if changed:
            index.save()


def ranks(
    corpus: Corpus, queries: Sequence[Query], mode: SearchMode, k: int = 10, baseline: bool = False
) -> list[int | None]:
    """Goal-level rank of the first relevant hit per query (None: not in the top ``k``).

    ``baseline``: the ranking before goal pooling, for comparison: passages by plain RRF (equal
    weights whatever the script), each goal at its best passage's place.
    """
    from queries.search import search

    out: list[int | None] = []
    for query in queries:
        if baseline:
            goals: list[tuple[str, int | None]] = []
            for found in corpus.index.search(query.text, 8 * k, mode):
                group = (found.record.document, found.record.goal)
                if group not in goals:
                    goals.append(group)
            hits = goals[:k]
        else:
            hits = [(h.document, h.goal) for h in search(corpus.store, corpus.index, query.text, k, mode)]
        relevant = [i for i, (doc, goal) in enumerate(hits, 1) if doc == SEED_DOCUMENT and goal in query.goals]
        out.append(relevant[0] if relevant else None)
    return out


def metrics(found: Sequence[int | None]) -> dict[str, float]:
    """Recall@1, Recall@3 and MRR of a list of ranks.

    >>> metrics([1, 2, None, 4])
    {'n': 4, 'R@1': 0.25, 'R@3': 0.5, 'MRR': 0.4375}
    """
    n = len(found)
    return {
        "n": n,
        "R@1": sum(1 for r in found if r == 1) / n,
        "R@3": sum(1 for r in found if r is not None and r <= 3) / n,
        "MRR": sum(1 / r for r in found if r is not None) / n,
    }


def evaluate(
    store: Path, query_sets: dict[str, list[Query]], modes: Sequence[SearchMode], baseline: bool = False
) -> list[dict[str, Any]]:
    rows = []
    with Corpus.open(str(store)) as corpus:
        for set_name, queries in query_sets.items():
            for mode in modes:
                for language in ("zh", "en"):
                    subset = [q for q in queries if q.language == language]
                    if subset:
                        found = ranks(corpus, subset, mode, baseline=baseline)
                        misses = [(q.text, r) for q, r in zip(subset, found, strict=True) if r != 1]
                        rows.append(
                            {
                                "queries": set_name,
                                "mode": mode,
                                "language": language,
                                **metrics(found),
                                "misses": misses,
                            }
                        )
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Goal-level search quality with and without distractor plans.")
    parser.add_argument(
        "--distractors", type=int, nargs="*", default=[0, 500], help="Plan counts to run (0: seed only)."
    )
    parser.add_argument("--queries", nargs="*", default=list(QUERY_SETS), help="Query sets: dev, heldout, or paths.")
    parser.add_argument("--seed", type=int, default=0, help="Draw of distractor plans (another seed: other plans).")
    parser.add_argument("--mode", nargs="*", choices=MODES, default=list(MODES))
    parser.add_argument("--json", action="store_true", help="Print JSON rows instead of a Markdown table.")
    parser.add_argument("--misses", action="store_true", help="List the queries not ranked first.")
    parser.add_argument("--baseline", action="store_true", help="Baseline: rank passages by plain RRF, then group.")
    args = parser.parse_args(argv)
    sets = {name: load_queries(QUERY_SETS.get(name, Path(name))) for name in args.queries}
    rows = []
    for n in args.distractors:
        store = bench_store(n, args.seed)
        refresh_index(store)
        for row in evaluate(store, sets, args.mode, args.baseline):
            rows.append({"distractors": n, **row})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print("| queries | distractors | mode | lang | n | R@1 | R@3 | MRR |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['queries']} | {r['distractors']} | {r['mode']} | {r['language']} | {r['n']} "
            f"| {r['R@1']:.2f} | {r['R@3']:.2f} | {r['MRR']:.3f} |"
        )
    if args.misses:
        for r in rows:
            if r["misses"]:
                print(f"{r['queries']} {r['distractors']} {r['mode']} {r['language']}: {r['misses']}")


if __name__ == "__main__":
    main()
