"""SPARQL latency by graph size for the harness, on ``bench.sparql``'s graphs and timing code.

The full per-query table lives in ``python -m bench.sparql``; this runs a few interactive
named queries per size so the harness can put them in its growth table and JSON.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.sparql import SYNTH_INSTITUTION, bindings_for, build, measure, start_server, synthetic_nquads
from graph.store import GraphStore, open_store
from policykg.errors import QueryError
from queries.params import terms

QUERIES = ("goals_by_institution", "programmes_by_institution", "institutions_cooccurring")


def fill_default_graph(store: GraphStore, docs: list[tuple[str, list[str]]], folder: Path) -> GraphStore:
    """The store again, with the named graphs copied into the default graph if it reads that.

    ``bench.sparql.build`` bulk-loads named graphs only; an embedded store that keeps the
    default graph as the union of the documents (and queries it directly) would see nothing.
    """
    if store.ask("ASK { ?s ?p ?o }"):
        return store
    store.close()
    triples = folder / "default.nt"
    with triples.open("w", encoding="utf-8") as out:
        for _, lines in docs:
            out.write("\n".join(q.rsplit(" ", 2)[0] + " ." for q in lines) + "\n")
    writer = ox.Store(str(folder / "embedded"))
    writer.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    writer.flush()
    del writer  # releases the RocksDB lock
    return open_store(folder / "embedded")


def measure_sparql(
    triples: int, with_rdflib: bool, with_remote: bool, reps: int = 5, budget_s: float = 5.0
) -> dict[str, Any]:
    """p50 ms per query and backend (``embedded`` through the runner, ``direct`` in-process)."""
    docs = list(synthetic_nquads(triples))
    out: dict[str, Any] = {"triples_requested": triples, "documents": len(docs)}
    with tempfile.TemporaryDirectory() as tmp:
        embedded, memory, server_dir = build(Path(tmp), docs, with_rdflib)
        out["quads"] = len(embedded)
        embedded = fill_default_graph(embedded, docs, Path(tmp))
        process, remote = None, None
        if with_remote:
            process, base = start_server(Path(server_dir))
            remote = open_store(f"sparql+{base}/query")
        try:
            try:
                terms(embedded, "institution", SYNTH_INSTITUTION)
                institution = SYNTH_INSTITUTION
            except QueryError:  # a small graph may not reach institution 7; 0 is always there
                institution = "研究院0"
            for name in QUERIES:
                values = {"institution": institution}
                bindings = bindings_for(embedded, name, values)
                stores = {"embedded": embedded, "remote": remote if remote is not None else embedded}
                if memory is not None:
                    stores["rdflib"] = memory
                seconds = measure(stores, name, values, bindings, reps, budget_s)
                if remote is None:
                    seconds.pop("remote")
                out[name] = {k: (None if math.isnan(v) else v * 1000) for k, v in seconds.items()}
        finally:
            if remote is not None:
                remote.close()
            if process is not None:
                process.terminate()
                process.wait(10)
            embedded.close()
    return out
