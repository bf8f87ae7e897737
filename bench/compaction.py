"""What compacting the graph store buys: the same named queries on one store, before and after.

    python -m bench.compaction [--triples 1000000] [--rounds 30]

Bulk-loads ``bench.sparql``'s synthetic graph into an embedded store, copies its folder, compacts
the copy (``GraphStore.compact``, as ``Corpus.ingest`` does after a large batch), and times each
query on both stores in alternation, in one process (``OxigraphStore.query``, in-process: the
storage is what differs). Prints p50 ms per store and the ratio compacted / as loaded.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.sparql import bindings_for, build, synthetic_nquads
from graph.bindings import bind_values
from graph.store import GraphStore, open_store
from queries.library import named_query

QUERIES = ("goals_by_institution", "programmes_by_institution", "institutions_cooccurring", "entities_by_type")
INSTITUTION = "研究院7"


def bound_queries(store: GraphStore) -> dict[str, str]:
    out = {}
    for name in QUERIES:
        values = {"type": "institution"} if name == "entities_by_type" else {"institution": INSTITUTION}
        out[name] = bind_values(named_query(name).text, bindings_for(store, name, values))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        loaded, _, _ = build(folder, list(synthetic_nquads(args.triples)), False, compact=False)
        loaded.close()
        shutil.copytree(folder / "embedded", folder / "compacted")
        writer = open_store(folder / "compacted", write=True)
        started = time.perf_counter()
        writer.compact()
        writer.close()
        print(f"{args.triples:,} triples: compacted in {time.perf_counter() - started:.1f} s")
        stores = {"as loaded": open_store(folder / "embedded"), "compacted": open_store(folder / "compacted")}
        queries = bound_queries(stores["as loaded"])
        print("| query | rows | as loaded ms | compacted ms | ratio |\n|---|---:|---:|---:|---:|")
        for name, text in queries.items():
            times: dict[str, list[float]] = {label: [] for label in stores}
            rows = 0
            for _ in range(args.rounds):
                for label, store in stores.items():
                    start = time.perf_counter()
                    result = store.select(text, max_rows=10_000)
                    times[label].append(time.perf_counter() - start)
                    rows = len(result.rows)
            before, after = (statistics.median(times[label]) * 1000 for label in stores)
            print(f"| {name} | {rows} | {before:.1f} | {after:.1f} | {after / before:.2f} |")
        for store in stores.values():
            store.close()


if __name__ == "__main__":
    main()
