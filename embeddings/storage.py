"""The files of one index generation, and the small value types PassageIndex hands out.

meta.json       IndexMeta: format, model setting, dimension, passage count, dense kind
records.jsonl   one PassageRecord per line, in row order
vectors.npy     float32 (count, dim), row i embeds record i
dense.faiss     the HNSW graph (a flat index is rebuilt from vectors.npy: cheaper than storing it twice)
lexical/        the bm25s index
tokens.txt      each record's lexical tokens, space-joined, one line per record (rebuilds skip jieba)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from embeddings.dense import DenseIndex, DenseKind
from embeddings.dense_kinds import load_dense_index, make_dense_index
from embeddings.encoder import Vectors
from embeddings.lexical import LexicalIndex
from embeddings.records import PassageRecord
from policykg.errors import SearchIndexError

FORMAT = 1
REBUILD_HINT = "rebuild it with `policykg ingest --rebuild-index`"


@dataclass(frozen=True)
class IndexMeta:
    model: str
    dim: int
    count: int
    dense: DenseKind = "flat"
    format: int = FORMAT

    @classmethod
    def read(cls, folder: Path) -> IndexMeta:
        try:
            data = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            meta = cls(**data)
        except (OSError, ValueError, TypeError) as error:
            raise SearchIndexError(f"search index {folder} is unreadable: {REBUILD_HINT}") from error
        if meta.format != FORMAT:
            raise SearchIndexError(
                f"search index {folder} has format {meta.format}, this version reads {FORMAT}: " + REBUILD_HINT
            )
        return meta


@dataclass(frozen=True)
class ScoredPassage:
    record: PassageRecord
    score: float
    row: int  # row in the index; stable until the index changes
    similar: int = 0  # lower-ranked goals folded into this hit: their best passage reads the same


def write_files(
    folder: Path,
    meta: IndexMeta,
    records: list[PassageRecord],
    vectors: Vectors,
    dense: DenseIndex,
    lexical: LexicalIndex,
    tokens: list[list[str]],
) -> None:
    with open(folder / "records.jsonl", "w", encoding="utf-8") as file:
        file.writelines(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records)
    with open(folder / "vectors.npy", "wb") as file:
        np.save(file, np.ascontiguousarray(vectors, dtype=np.float32))
    if meta.dense == "hnsw":
        dense.save(folder / "dense.faiss")
    lexical.save(folder / "lexical")
    with open(folder / "tokens.txt", "w", encoding="utf-8") as file:
        file.writelines(" ".join(t) + "\n" for t in tokens)
    # meta.json last: a generation without it was never completed.
    (folder / "meta.json").write_text(json.dumps(asdict(meta), indent=2) + "\n", encoding="utf-8")


def read_generation(
    folder: Path, meta: IndexMeta, dense_kind: DenseKind
) -> tuple[list[PassageRecord], Vectors, DenseIndex, LexicalIndex, list[list[str]]]:
    try:
        with open(folder / "records.jsonl", encoding="utf-8") as file:
            records = [PassageRecord.from_json(json.loads(line)) for line in file if line.strip()]
        vectors = np.load(folder / "vectors.npy").astype(np.float32, copy=False)
        if len(records) != meta.count or vectors.shape != (meta.count, meta.dim):
            raise ValueError(f"{len(records)} records, vectors {vectors.shape}, meta {meta}")
        if dense_kind == meta.dense == "hnsw":
            dense = load_dense_index("hnsw", meta.dim, folder / "dense.faiss")
        else:
            dense = make_dense_index(dense_kind, meta.dim)
            dense.add(vectors)
        lexical = LexicalIndex.load(folder / "lexical", meta.count)
        with open(folder / "tokens.txt", encoding="utf-8") as file:
            tokens = [line.split() for line in file]
        if len(tokens) != meta.count:
            raise ValueError(f"{len(tokens)} token lines for {meta.count} records")
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise SearchIndexError(f"search index {folder} is damaged ({type(error).__name__}): {REBUILD_HINT}") from error
    return records, vectors, dense, lexical, tokens
