"""Any sentence-transformers model, by hub name or local folder, loaded offline.

Prefixes: e5-family names get "query: " / "passage: " automatically; a model that declares
``prompts`` named "query"/"passage" in its own config uses those; otherwise none, unless given.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.encoder import Encoder, Vectors, as_unit_rows
from policykg.errors import ConfigError

INSTALL = "pip install 'policykg[st]' (torch==2.13.0 then sentence-transformers)"
E5_PREFIXES = ("query: ", "passage: ")


def default_prefixes(model: str) -> tuple[str, str]:
    """Query and passage prefixes a model name implies.

    >>> default_prefixes("intfloat/multilingual-e5-small")
    ('query: ', 'passage: ')
    >>> default_prefixes("all-MiniLM-L6-v2")
    ('', '')
    """
    base = Path(model.rstrip("/\\")).name.lower()
    return E5_PREFIXES if "e5" in base.replace("_", "-").split("-") else ("", "")


class STEncoder(Encoder):
    def __init__(
        self,
        model: str | os.PathLike[str],
        *,
        name: str | None = None,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        batch_size: int = 32,
        device: str = "cpu",
    ) -> None:
        model = str(model)  # sentence-transformers wants str, not Path
        self.name = name or f"st:{model}"
        # Never reach for a hub at run time: a name must already be in the local cache. Set
        # before the import, as huggingface_hub reads it once.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ConfigError(f"model {self.name!r} needs sentence-transformers: {INSTALL}") from error
        try:
            self._model: Any = SentenceTransformer(model, device=device)
        except (OSError, ValueError) as error:
            raise ConfigError(
                f"model {self.name!r} cannot be loaded offline: give a local sentence-transformers "
                f"folder or a name already in the Hugging Face cache ({type(error).__name__})"
            ) from error
        prompts = getattr(self._model, "prompts", None) or {}
        implied = default_prefixes(model)
        self.query_prefix = query_prefix if query_prefix is not None else prompts.get("query", implied[0])
        self.passage_prefix = passage_prefix if passage_prefix is not None else prompts.get("passage", implied[1])
        self.batch_size = batch_size
        # Renamed in sentence-transformers 6; older releases only have the long name.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise ConfigError(f"model {self.name!r} does not say its embedding size")
        self.dim = int(dim)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._run([self.query_prefix + t for t in texts], progress=False)

    def encode_passages(self, texts: Sequence[str], progress: bool = False) -> Vectors:
        return self._run([self.passage_prefix + t for t in texts], progress=progress)

    def _run(self, texts: list[str], progress: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            prompt="",  # prefixes are already on; keep a model's default prompt off
            normalize_embeddings=True,
        )
        return as_unit_rows(vectors, self.dim)
