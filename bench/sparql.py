"""SPARQL benchmark: named queries on the embedded Oxigraph store, rdflib in memory and a remote server.

    python -m bench.sparql              # seed, 100k synthetic (all backends), 1M (embedded, remote)
    python -m bench.sparql --triples 200000 --rdflib-triples 20000 --reps 3

Synthetic documents have the seed's shape (goals, passages, mentions with spans, targets,
institutions with aliases and parents) and are written as N-Quads directly. Every backend
answers through the public entry points (``queries.params.run_named``); "embedded direct"
calls the store in-process, without the worker process, to show the runner's overhead.
Prints a Markdown table of p50 per query and the ratios to the embedded store.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.plugins.serializers.nquads import _nq_row

from graph.bindings import bind_values
from graph.iri import ID, PKG
from graph.results import SelectResult, Term
from graph.store import GraphStore, open_store
from policykg.errors import QueryTimeoutError
from policykg.settings import bundled_corpus
from queries.library import named_query
from queries.params import run_named, terms

LIMIT_S = 20.0
SEED_INSTITUTION = "中科院"
SYNTH_INSTITUTION = "研究院7"
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("goals_by_institution", {"institution": "@"}),
    ("institutions_by_goal", {"goal": "#2"}),
    ("targets_by_unit", {"unit": "元"}),
    ("programmes_by_institution", {"institution": "@"}),
    ("institutions_cooccurring", {"institution": "@"}),
    ("goals_sharing_institution", {"institution": "@"}),
    ("entities_by_type", {"type": "institution"}),
    ("goals", {}),
]
_RDF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_P = {
    name: f"<{PKG}{name}>"
    for name in (
        "number",
        "text",
        "span",
        "exact",
        "denotes",
        "inGoal",
        "involves",
        "denotesWithin",
        "involvesWithin",
        "hasProgramme",
        "hasTarget",
        "kind",
        "comparator",
        "subject",
    )
}
_DC, _SK, _OA, _SDO = (
    "http://purl.org/dc/terms/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/oa#",
    "https://schema.org/",
)


def synthetic_nquads(n_triples: int, seed: int = 7) -> Iterator[tuple[str, list[str]]]:
    """(document IRI, N-Quads lines) per synthetic document, until about ``n_triples`` lines."""
    rng = random.Random(seed)
    n_institutions = 2000
    made = 0
    d = 0
    while made < n_triples:
        doc = f"{ID}doc/synth-{d}"
        g = f"<{doc}>"
        lines: list[str] = []

        def add(s: str, p: str, o: str, lines: list[str] = lines, g: str = g) -> None:
            lines.append(f"{s} {p} {o} {g} .")

        def span(subject: str, start: int, doc: str = doc, add: Callable[..., None] = add) -> None:
            sel = f"<{doc}/selector/{start}-{start + 5}>"
            add(subject, _P["span"], sel)
            add(sel, _RDF, f"<{_OA}TextPositionSelector>")
            add(sel, f"<{_OA}start>", f'"{start}"^^<http://www.w3.org/2001/XMLSchema#integer>')
            add(sel, f"<{_OA}end>", f'"{start + 5}"^^<http://www.w3.org/2001/XMLSchema#integer>')

        add(g, _RDF, f"<{PKG}PolicyDocument>")
        add(g, f"<{_DC}identifier>", f'"synth-{d}"')
        add(g, f"<{_DC}title>", f'"合成文件{d}"@zh')
        pos = 0
        for n in range(1, 21):
            goal = f"<{doc}/goal/{n}>"
            add(goal, _RDF, f"<{PKG}Goal>")
            add(goal, _P["number"], f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>')
            add(goal, f"<{_DC}title>", f'"目标{d}-{n}"@zh')
            add(goal, f"<{_DC}isPartOf>", g)
            add(g, f"<{_DC}hasPart>", goal)
            span(goal, pos)
            for k in range(4):
                passage = f"<{doc}/passage/{pos}-{k}>"
                add(passage, _RDF, f"<{PKG}Passage>")
                add(passage, _P["kind"], '"sentence"')
                add(passage, _P["text"], f'"第{d}号文件第{n}项目标的第{k}句。"@zh')
                add(passage, _P["inGoal"], goal)
                span(passage, pos + k)
            for k in range(4):
                i = min(int(rng.paretovariate(1.2)) - 1, n_institutions - 1)
                inst = f"<{ID}institution/inst-{i}>"
                kind = "institution" if k < 3 else "programme"
                entity = inst if kind == "institution" else f"<{ID}programme/prog-{i % 500}>"
                mention = f"<{doc}/mention/{pos}-{k}>"
                add(mention, _RDF, f"<{PKG}Mention>")
                add(mention, _P["exact"], f'"{"研究院" if kind == "institution" else "计划"}{i}"@zh')
                add(mention, _P["denotes"], entity)
                add(mention, f"<{_OA}hasSource>", g)
                add(mention, _P["inGoal"], goal)
                add(goal, _P["involves"] if kind == "institution" else _P["hasProgramme"], entity)
                # the derived roll-up edges graph/build.py writes (entity, then its parent)
                within = [entity] + ([f"<{ID}institution/inst-{i % 10}>"] if kind == "institution" and i >= 10 else [])
                for w in within:
                    add(mention, _P["denotesWithin"], w)
                    if kind == "institution":
                        add(goal, _P["involvesWithin"], w)
                span(mention, pos + 10 + k)
                cls = "Institution" if kind == "institution" else "Programme"
                add(entity, _RDF, f"<{PKG}{cls}>")
                add(entity, f"<{_SK}prefLabel>", f'"{"研究院" if kind == "institution" else "计划"}{i}"@zh')
                if kind == "institution":
                    add(entity, f"<{_SK}altLabel>", f'"研{i}"@zh')
                    if i >= 10:
                        add(entity, "<http://www.w3.org/ns/org#subOrganizationOf>", f"<{ID}institution/inst-{i % 10}>")
            target = f"<{doc}/target/{pos}>"
            add(target, _RDF, f"<{PKG}Target>")
            add(target, _P["exact"], f'"超过{n}亿元"@zh')
            add(target, f"<{_SDO}minValue>", f'"{n * 100000000}"^^<http://www.w3.org/2001/XMLSchema#integer>')
            add(target, f"<{_SDO}unitText>", '"元"' if n % 3 else '"家"')
            add(target, _P["comparator"], '">"')
            add(target, _P["inGoal"], goal)
            add(goal, _P["hasTarget"], target)
            span(target, pos + 20)
            pos += 100
        # the store keeps each distinct quad once; the derived edges (~7 %) come on top, so a
        # size holds the same documents, goals and answers as before they existed
        made += len({q for q in lines if "Within>" not in q.split(" ", 2)[1]})
        d += 1
        yield doc, lines


def p50(run: Callable[[], object], reps: int, budget_s: float) -> float:
    return p50s([run], reps, budget_s)[0]


def p50s(runs: Sequence[Callable[[], object]], reps: int, budget_s: float) -> list[float]:
    """Median seconds of each call, the calls timed in turn round after round (up to ``reps``
    rounds, ``budget_s`` per call): a load change on the shared machine reaches them alike instead
    of showing as a difference between them."""
    times: list[list[float]] = [[] for _ in runs]
    spent = time.perf_counter()
    while len(times[0]) < reps and (not times[0] or time.perf_counter() - spent < len(runs) * budget_s):
        for run, taken in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def start_server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    from graph.oxigraph_server import start_server as start

    return start(location, "--union-default-graph", "--timeout-s", str(int(LIMIT_S)))


def build(
    folder: Path, docs: list[tuple[str, list[str]]], with_rdflib: bool, compact: bool = True
) -> tuple[GraphStore, GraphStore | None, str]:
    """The same quads in an embedded store, in rdflib memory, and in a file for the server;
    the stores compacted as ingest leaves them after a large batch (``compact``)."""
    nquads = folder / "graph.nq"
    with nquads.open("w", encoding="utf-8") as out:
        for _, lines in docs:
            out.write("\n".join(lines) + "\n")
    triples = folder / "union.nt"  # graph/oxigraph_store.py keeps the default graph = the union
    with triples.open("w", encoding="utf-8") as out:
        for _, lines in docs:
            out.write("\n".join(q.rsplit(" ", 2)[0] + " ." for q in lines) + "\n")
    embedded = ox.Store(str(folder / "embedded"))
    embedded.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    embedded.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES)
    del embedded
    if compact:
        compacted = open_store(folder / "embedded", write=True)
        compacted.compact()
        compacted.close()
    memory = open_store(":memory:") if with_rdflib else None
    for doc, lines in docs if with_rdflib else ():
        assert memory is not None
        memory.replace_document(
            URIRef(doc), Graph().parse(data="\n".join(q.rsplit(" ", 2)[0] + " ." for q in lines), format="nt")
        )
    oxigraph = str(Path(sys.executable).with_name("oxigraph"))
    load = [oxigraph, "load", "--location", str(folder / "server"), "--file", str(nquads)]
    subprocess.run(load, check=True, capture_output=True)
    if compact:  # the server's store alike
        subprocess.run([oxigraph, "optimize", "--location", str(folder / "server")], check=True, capture_output=True)
    return open_store(folder / "embedded"), memory, str(folder / "server")


def seed_docs() -> list[tuple[str, list[str]]]:
    from policykg.corpus import Corpus

    with tempfile.TemporaryDirectory() as tmp, Corpus.open(tmp, write=True) as corpus:
        corpus.ingest([bundled_corpus()])
        by_doc: dict[str, list[str]] = {}
        for s, p, o, g in corpus.store.quads():
            by_doc.setdefault(str(g), []).append(_nq_row((s, p, o), g).rstrip("\n"))
    return list(by_doc.items())


def bindings_for(store: GraphStore, name: str, values: dict[str, str]) -> dict[str, Term]:
    """A named query's parameters as terms, as the runner binds them (a name's first IRI)."""
    query = named_query(name)
    return {k: terms(store, query.kind(k), v)[0] for k, v in values.items()}


def measure(
    stores: dict[str, GraphStore],
    name: str,
    values: dict[str, str],
    bindings: dict[str, Term],
    reps: int,
    budget_s: float,
) -> dict[str, float]:
    """p50 seconds per backend; NaN when a query hit the runner's time limit."""
    bound = bind_values(named_query(name).text, bindings)
    runs: dict[str, Callable[[], object]] = {
        "embedded": lambda: run_named(stores["embedded"], name, values, timeout_s=LIMIT_S),
        # in-process pyoxigraph on the same bound text: the runner's overhead is the difference
        "direct": lambda: stores["embedded"].select(bound, max_rows=10_000),
        "remote": lambda: run_named(stores["remote"], name, values, timeout_s=LIMIT_S),
    }
    if "rdflib" in stores:
        runs["rdflib"] = lambda: run_named(stores["rdflib"], name, values, timeout_s=600)
    out: dict[str, float] = {}
    direct = runs.pop("direct")
    try:
        once = p50(runs["embedded"], 1, budget_s)  # through the runner: a runaway stops at the limit
        if once < 1.0:  # in-process cannot be stopped, so only a query known to be quick runs there
            out["embedded"], out["direct"] = p50s([runs["embedded"], direct], reps, budget_s)
        else:
            out["embedded"], out["direct"] = p50(runs["embedded"], reps, budget_s), math.nan
    except QueryTimeoutError:
        out["embedded"], out["direct"] = math.nan, math.nan
    for backend, run in runs.items():
        if backend == "embedded":
            continue
        try:
            out[backend] = p50(run, reps, budget_s)
        except QueryTimeoutError:
            out[backend] = math.nan
    return out


def cell(seconds: float | None, base: float) -> str:
    if seconds is None:
        return "not run"
    if math.isnan(seconds):
        return f"> {LIMIT_S:g} s"
    return f"{seconds * 1000:.1f}" + ("" if base <= 0 or math.isnan(base) else f" ({seconds / base:.1f}×)")


def bench(
    label: str, docs: list[tuple[str, list[str]]], institution: str, reps: int, budget_s: float, with_rdflib: bool
) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        embedded, memory, server_dir = build(Path(tmp), docs, with_rdflib)
        process, base = start_server(Path(server_dir))
        remote = open_store(f"sparql+{base}/query")
        triples = len(embedded)
        print(
            f"{label}: {triples:,} quads, {len(docs)} documents, loaded in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        doc_id = docs[0][0].rsplit("/", 1)[1]
        try:
            for name, params in QUERIES:
                values = {
                    k: institution if v == "@" else f"{doc_id}{v}" if v.startswith("#") else v
                    for k, v in params.items()
                }
                bindings = bindings_for(embedded, name, values)
                stores = {"embedded": embedded, "remote": remote} | ({"rdflib": memory} if memory is not None else {})
                timings = measure(stores, name, values, bindings, reps, budget_s)
                try:
                    if math.isnan(timings["embedded"]):
                        raise QueryTimeoutError("known to pass the limit")
                    answer = run_named(embedded, name, values, timeout_s=LIMIT_S)
                    n = str(len(answer.rows)) if isinstance(answer, SelectResult) else "–"
                except QueryTimeoutError:
                    n = "?"
                base_s = timings["embedded"]
                direct = "–" if math.isnan(timings["direct"]) else cell(timings["direct"], 0)
                rows.append(
                    f"| {label} | {name} | {n} | {direct} | {cell(base_s, 0)} | "
                    f"{cell(timings.get('rdflib'), base_s)} | {cell(timings['remote'], base_s)} |"
                )
                print(rows[-1], file=sys.stderr)
        finally:
            remote.close()
            process.terminate()
            process.wait(10)
            embedded.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="synthetic graph size (default 1M)")
    parser.add_argument(
        "--rdflib-triples",
        type=int,
        default=100_000,
        help="largest synthetic graph rdflib runs on (it needs minutes per query at 1M; default 100k)",
    )
    parser.add_argument("--reps", type=int, default=7, help="runs per query and backend (p50 reported)")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per query and backend, at most")
    args = parser.parse_args(argv)
    header = [
        "| graph | query | rows | embedded direct ms | embedded (runner) ms | rdflib memory ms | remote server ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    rows = bench("seed", seed_docs(), SEED_INSTITUTION, args.reps, args.budget, True)
    for size in sorted(n for n in {args.rdflib_triples, args.triples} if n > 0):  # 0: that size not run
        docs = list(synthetic_nquads(size))
        rows += bench(
            f"synthetic {size / 1e6:g}M", docs, SYNTH_INSTITUTION, args.reps, args.budget, size <= args.rdflib_triples
        )
    print("\n".join(header + rows))


if __name__ == "__main__":
    main()
