"""Bulk passage encoding with torch at the fastest exact precision the device has.

A sentence-transformers folder of an e5-family model (mean pooling, "passage: " marker) runs
through transformers directly: texts are tokenised once, sorted by token count so a batch pads
little, and run under ``torch.inference_mode``. Precision by device:

    cuda                              float16 weights
    cpu with AMX or AVX-512 BF16      float32 weights under torch.autocast(bfloat16)
    other cpu                         float32

The device setting (``--device``, ``$POLICYKG_DEVICE``) is ``auto`` (cuda when torch sees a
GPU, else cpu), ``cpu`` or ``cuda``. bf16 is detected from the CPU's own flags, because torch's
``get_cpu_capability`` names the build's kernels (AVX2 here), not what the chip can do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.encoder import Encoder, Vectors, as_unit_rows
from policykg.errors import ConfigError

DEVICES = ("auto", "cpu", "cuda")
BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})
# bench.encode --batch (BENCHMARKS.md): sorted batches pad little, so a larger batch costs only
# memory; 128 beat 64 and 32 on 2 cores (fewer calls, fewer distinct shapes).
BATCH = 128
MAX_TOKENS = 512


def cpu_flags(cpuinfo: str | None = None) -> frozenset[str]:
    """The CPU's feature flags, from ``/proc/cpuinfo`` (empty where it cannot be read).

    >>> sorted(cpu_flags("processor : 0\\nflags : fpu avx512_bf16 amx_bf16\\n"))
    ['amx_bf16', 'avx512_bf16', 'fpu']
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return frozenset()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def cpu_has_bf16(flags: frozenset[str] | None = None) -> bool:
    """Whether the CPU runs bf16 matrix products natively (AMX or AVX-512 BF16)."""
    return bool((cpu_flags() if flags is None else flags) & BF16_FLAGS)


@dataclass(frozen=True)
class Precision:
    device: str  # "cpu" | "cuda"
    dtype: str  # "float32" | "bfloat16" (autocast) | "float16"

    def __str__(self) -> str:
        return f"{self.device}-{self.dtype}"


def choose_precision(setting: str, cuda_available: bool, bf16: bool) -> Precision:
    """The device and precision a device setting gives on this machine.

    >>> str(choose_precision("auto", False, True)), str(choose_precision("auto", True, True))
    ('cpu-bfloat16', 'cuda-float16')
    >>> str(choose_precision("cpu", True, False))
    'cpu-float32'
    """
    if setting not in DEVICES:
        raise ConfigError(f"unknown device {setting!r}: use one of {', '.join(DEVICES)} (--device, POLICYKG_DEVICE)")
    if setting == "cuda" and not cuda_available:
        raise ConfigError("device 'cuda' asked for, but torch sees no GPU (--device, POLICYKG_DEVICE)")
    if setting == "cuda" or (setting == "auto" and cuda_available):
        return Precision("cuda", "float16")
    return Precision("cpu", "bfloat16" if bf16 else "float32")


def device_setting(given: str | None = None) -> str:
    from policykg import settings

    return (given or settings.environment("device") or "auto").strip().lower()


class BulkEncoder(Encoder):
    """Passages (and queries) of an e5-family sentence-transformers folder through torch."""

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        name: str,
        device: str | None = None,
        precision: Precision | None = None,
        batch_size: int = BATCH,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as error:
            raise ConfigError(f"model {name!r} needs torch and transformers: pip install 'policykg[st]'") from error
        self._torch: Any = torch
        self.precision = precision or choose_precision(
            device_setting(device), torch.cuda.is_available(), cpu_has_bf16()
        )
        try:
            self._tokenizer: Any = AutoTokenizer.from_pretrained(str(folder))
            model: Any = AutoModel.from_pretrained(str(folder))
        except (OSError, ValueError) as error:
            raise ConfigError(f"model {name!r}: {folder} is not a loadable model folder ({error})") from error
        if self.precision.device == "cuda":
            model = model.half().to("cuda")
        self._model = model.eval()
        self.name, self.dim, self.batch_size = name, int(model.config.hidden_size), batch_size

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._run(["query: " + t for t in texts])

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return self._run(["passage: " + t for t in texts])

    def _run(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self._tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]
        order = np.argsort([len(i) for i in ids], kind="stable")
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._forward([ids[r] for r in rows])
        return as_unit_rows(out, self.dim)

    def _forward(self, ids: list[list[int]]) -> Any:
        torch = self._torch
        # Lengths rounded up to 16: AMX tiles are 16 rows, and fewer distinct shapes means fewer
        # oneDNN kernels to build; the mask keeps the padding out of the mean.
        batch = self._tokenizer.pad({"input_ids": ids}, pad_to_multiple_of=16, return_tensors="pt")
        device = self.precision.device
        input_ids, mask = batch["input_ids"].to(device), batch["attention_mask"].to(device)
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision.dtype == "bfloat16"),
        ):
            hidden = self._model(input_ids=input_ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).to(torch.float32)
        pooled = (hidden.float() * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return pooled.cpu().numpy()
