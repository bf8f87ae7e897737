"""PassageIndex: passage records, their vectors, a dense and a lexical index, in one folder.

    index = PassageIndex.open(folder, load_encoder())
    index.add_document(document)          # replaces the document's passages if it was there
    index.save()                           # atomic: see persist.py
    index.search("科技金融", k=10)         # hybrid by default

The vectors are the source of truth: the FAISS and BM25 indexes are rebuilt from the records
and vectors whenever documents change, and persisted so opening is fast. The model setting is
recorded; opening with another model is an error that says how to rebuild.

Its collaborators are arguments: the encoder, the dense index kind, the embedding cache and the
tokenizer that gives a passage its BM25 tokens, so a benchmark or a test passes its own instead of
patching the index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from embeddings.cache import CachedEncoder, EmbeddingCache
from embeddings.dense import DenseIndex, DenseKind
from embeddings.dense_kinds import make_dense_index
from embeddings.encoder import Encoder, Vectors
from embeddings.fusion import Fusion, rrf
from embeddings.lexical import LexicalIndex, tokenize
from embeddings.persist import current_generation, write_generation
from embeddings.pooling import SECOND, boilerplate_key, fold_duplicates, fuse_groups
from embeddings.records import PassageRecord, records_for
from embeddings.storage import IndexMeta, ScoredPassage, read_generation, write_files
from embeddings.translate import glossary
from ingest.model import PolicyDocument
from policykg.errors import SearchError, SearchIndexError

SearchMode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[SearchMode, ...] = ("hybrid", "dense", "lexical")
GOAL_DEPTH = 200  # passages fetched per retriever before pooling them into goals
# Hybrid weights of (dense, lexical) by query script. BM25 runs over Chinese tokens; a query
# with no Chinese character reaches it through its dictionary translation (translate.py) and the
# English entity labels, a noisier signal than a Chinese query's own words, so it counts half.
HYBRID_WEIGHTS = {"cjk": (1.0, 1.0), "other": (1.0, 0.5)}
# The least spread of pooled dense scores (best + half the runner-up) that min-max normalisation
# stretches to 0..1. e5's cosines crowd into a narrow band: when hundreds of template clauses sit
# within a few hundredths of each other, stretching that noise to full steps outvotes the lexical
# evidence. 0.04-0.08 all help (docs/search.md); above 0.05 a Chinese query starts to lose.
DENSE_MIN_SPAN = 0.05
REBUILD = "policykg ingest --rebuild-index"  # the CLI flag that rebuilds from the graph
CACHE_FILE = "embedding-cache.sqlite"


class PassageIndex:
    def __init__(
        self,
        folder: Path,
        encoder: Encoder,
        dense: DenseKind = "flat",
        cache: bool | EmbeddingCache = True,
        tokenizer: Callable[[str], list[str]] = tokenize,
    ) -> None:
        """``cache``: True keeps one in the index folder (it outlives rebuilds), or pass your own.
        ``tokenizer``: a passage's BM25 tokens; queries are always read with ``lexical.tokenize``,
        so another tokenizer must give the same tokens (a faster one: ``bench.search_scale``)."""
        self.folder, self.dense_kind, self.tokenizer = Path(folder), dense, tokenizer
        if cache is True:
            cache = EmbeddingCache(self.folder / CACHE_FILE)
        # isinstance, not truthiness: an empty cache has len() 0.
        self.cache = cache if isinstance(cache, EmbeddingCache) else None
        self.encoder: Encoder = CachedEncoder(encoder, self.cache) if self.cache is not None else encoder
        # Per document, so replacing one costs O(its size); rows are the concatenation in order.
        self._docs: dict[str, tuple[list[PassageRecord], Vectors]] = {}
        self._tokens: dict[str, list[list[str]]] = {}  # lexical tokens, per document like _docs
        self._rows: tuple[list[PassageRecord], Vectors] | None = None
        self._dense: DenseIndex | None = None
        self._lexical: LexicalIndex | None = None

    @classmethod
    def open(
        cls,
        folder: Path,
        encoder: Encoder,
        dense: DenseKind | None = None,
        cache: bool | EmbeddingCache = True,
        tokenizer: Callable[[str], list[str]] = tokenize,
    ) -> PassageIndex:
        """The index saved in ``folder``, or an empty one if nothing was saved there yet."""
        folder = Path(folder)
        generation = current_generation(folder)
        meta = IndexMeta.read(generation) if generation else None
        if meta is not None and (meta.model != encoder.name or meta.dim != encoder.dim):
            raise SearchIndexError(
                f"search index {folder} was built with model {meta.model!r} ({meta.dim}-d), not "
                f"{encoder.name!r} ({encoder.dim}-d): rebuild it with `{REBUILD}` "
                f"or search with --model {meta.model}"
            )
        index = cls(folder, encoder, dense or (meta.dense if meta else "flat"), cache, tokenizer)
        if generation is None or meta is None:
            return index
        records, vectors, dense_index, lexical_index, tokens = read_generation(generation, meta, index.dense_kind)
        groups: dict[str, list[int]] = {}
        for row, record in enumerate(records):
            groups.setdefault(record.document, []).append(row)
        for doc, rows in groups.items():
            index._docs[doc] = ([records[i] for i in rows], vectors[rows])
            index._tokens[doc] = [tokens[i] for i in rows]
        # Saved indexes are valid only if regrouping kept the row order (it does for our own saves).
        if [i for rows in groups.values() for i in rows] == list(range(len(records))):
            index._rows, index._dense, index._lexical = (records, vectors), dense_index, lexical_index
        return index

    @property
    def _records(self) -> list[PassageRecord]:
        return self._flat()[0]

    @property
    def _vectors(self) -> Vectors:
        return self._flat()[1]

    def _flat(self) -> tuple[list[PassageRecord], Vectors]:
        if self._rows is None:
            records = [r for doc_records, _ in self._docs.values() for r in doc_records]
            parts = [v for _, v in self._docs.values()]
            vectors = np.vstack(parts) if parts else np.zeros((0, self.encoder.dim), dtype=np.float32)
            self._rows = (records, np.ascontiguousarray(vectors, dtype=np.float32))
        return self._rows

    @property
    def records(self) -> Sequence[PassageRecord]:
        return tuple(self._records)

    def vectors(self) -> Vectors:
        """Every passage's vector, row i for ``records[i]``: the rows the dense index holds (read only)."""
        return self._vectors

    def tokens(self) -> list[list[str]]:
        """Every passage's BM25 tokens, in the order of ``records``."""
        return [tokens for doc in self._docs for tokens in self._tokens[doc]]

    def documents(self) -> set[str]:
        return set(self._docs)

    def holds(self, document: PolicyDocument) -> bool:
        """Whether the index holds exactly this version of the document: the records ``records_for``
        would make of it (spans, texts, goal titles). False after an ingest was killed between
        writing the document's graph and saving the index."""
        records, _ = self._docs.get(document.id, ([], None))

        def version(found: Sequence[PassageRecord]) -> set[tuple[int, int, str, str | None]]:
            return {(r.start, r.end, r.text, r.goal_title) for r in found}

        return bool(records) and version(records) == version(records_for(document))

    def __len__(self) -> int:
        return sum(len(records) for records, _ in self._docs.values())

    def add_document(
        self, document: PolicyDocument, progress: bool = False, labeller: Callable[[str], str] | None = None
    ) -> None:
        """Index a parsed document; ``labeller`` (labels.Labeller) adds English entity labels."""
        self.replace_document(document.id, records_for(document, labeller), progress=progress)

    def replace_document(self, document_id: str, records: Sequence[PassageRecord], progress: bool = False) -> None:
        """Drop the document's passages, then add ``records`` (all must belong to it)."""
        self.put(self.prepared(document_id, records, progress=progress))

    def prepared(
        self,
        document_id: str,
        records: Sequence[PassageRecord],
        encoder: Encoder | None = None,
        progress: bool = False,
    ) -> IndexedDocument:
        """The document's records with their vectors and BM25 tokens, ready to ``put``: the slow
        part of indexing, which changes nothing. ``encoder`` (through the embedding cache) instead
        of the index's own: ingest's time-limited one (embeddings.worker)."""
        if any(r.document != document_id for r in records):
            raise ValueError(f"every record must belong to document {document_id!r}")
        if encoder is not None and self.cache is not None:
            encoder = CachedEncoder(encoder, self.cache)
        vectors = (encoder or self.encoder).encode_passages([r.embedded_text for r in records], progress)
        return IndexedDocument(document_id, list(records), vectors, [self.tokenizer(r.indexed_text) for r in records])

    def put(self, document: IndexedDocument) -> None:
        """Replace the document's passages by ``document``'s (none: the document is dropped)."""
        self._docs.pop(document.id, None)  # re-added at the end, like a new document
        self._tokens.pop(document.id, None)
        if document.records:
            self._docs[document.id] = (document.records, document.vectors)
            self._tokens[document.id] = document.tokens
        self._rows, self._dense, self._lexical = None, None, None

    def remove_document(self, document_id: str) -> int:
        """Drop a document's passages; returns how many were dropped."""
        records, _ = self._docs.get(document_id, ([], None))
        if records:
            self.replace_document(document_id, [])
        return len(records)

    def save(self) -> Path:
        meta = IndexMeta(self.encoder.name, self.encoder.dim, len(self._records), self.dense_kind)
        dense, lexical = self.dense_index(), self.lexical_index()
        return write_generation(
            self.folder,
            lambda tmp: write_files(tmp, meta, self._records, self._vectors, dense, lexical, self.tokens()),
        )

    def dense_index(self) -> DenseIndex:
        if self._dense is None:
            self._dense = make_dense_index(self.dense_kind, self.encoder.dim)
            self._dense.add(self._vectors)
        return self._dense

    def lexical_index(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex.from_tokens(self.tokens())
        return self._lexical

    def search(
        self,
        query: str,
        k: int = 10,
        mode: SearchMode = "hybrid",
        fusion: Fusion[int] = rrf,
        where: Callable[[PassageRecord], bool] | None = None,
    ) -> list[ScoredPassage]:
        """Best ``k`` passages for a query; ``where`` keeps only records it accepts (exact)."""
        if not query or not query.strip():
            raise SearchError("empty query: type some words to search for")
        if mode not in MODES:
            raise SearchError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        rows = None if where is None else [i for i, r in enumerate(self._records) if where(r)]
        depth = k if mode != "hybrid" else max(4 * k, 50)
        dense = self._dense_ranking(query, depth, rows) if mode != "lexical" else []
        lexical = self._lexical_ranking(query, depth, rows) if mode != "dense" else []
        ranked = fusion([dense, lexical]) if mode == "hybrid" else dense or lexical
        return [ScoredPassage(self._records[i], float(s), i) for i, s in ranked[:k]]

    def search_goals(
        self,
        query: str,
        k: int = 10,
        mode: SearchMode = "hybrid",
        where: Callable[[PassageRecord], bool] | None = None,
        duplicates: bool = False,
    ) -> list[ScoredPassage]:
        """Best ``k`` goals, each as its best passage carrying the goal's score (pooling.py).

        Passages outside any goal are groups of their own. In ``hybrid`` mode the dense and
        lexical pooled scores are weighted by the query's script (``HYBRID_WEIGHTS``). A goal
        whose best passage reads like a better-ranked goal's (the same words, other figures: a
        template target many plans copy) is folded into that hit and counted in its ``similar``,
        unless ``duplicates``.
        """
        if not query or not query.strip():
            raise SearchError("empty query: type some words to search for")
        if mode not in MODES:
            raise SearchError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        rows = None if where is None else [i for i, r in enumerate(self._records) if where(r)]
        weights = {"dense": (1.0, 0.0), "lexical": (0.0, 1.0)}.get(mode) or HYBRID_WEIGHTS[script(query)]
        vector = self.encoder.encode_queries([query])[0] if weights[0] else None
        dense = self._dense_ranking(query, GOAL_DEPTH, rows, vector) if vector is not None else []
        lexical = self._lexical_ranking(query, GOAL_DEPTH, rows) if weights[1] else []
        records = self._records

        def group_of(row: int) -> tuple[str, int | str]:
            record = records[row]
            return (record.document, record.goal if record.goal is not None else record.iri)

        fused = fuse_groups(
            [dense, lexical], weights, group_of, SECOND, how=("minmax", "max"), min_spans=(DENSE_MIN_SPAN, 0.0)
        )
        if duplicates:
            return [ScoredPassage(records[row], float(score), row) for _, score, row in fused[:k]]
        folded = fold_duplicates(fused, lambda row: boilerplate_key(records[row].text), limit=k)
        return [ScoredPassage(records[row], float(score), row, similar) for _, score, row, similar in folded]

    def _dense_ranking(
        self, query: str, k: int, rows: list[int] | None, vector: Vectors | None = None
    ) -> list[tuple[int, float]]:
        vector = self.encoder.encode_queries([query]) if vector is None else vector.reshape(1, -1)
        if rows is None:
            scores, ids = self.dense_index().search(vector, k)
            return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        sims = self._vectors[rows] @ vector[0]
        order = np.argsort(-sims, kind="stable")[:k]
        return [(rows[j], float(sims[j])) for j in order]

    def translation(self, query: str) -> list[tuple[str, list[str]]]:
        """How BM25 reads a query without Chinese characters: each English term and the corpus
        words it was translated into (embeddings/translate.py); empty for a Chinese query."""
        if script(query) != "other":
            return []
        return glossary().translate_terms(query, self.lexical_index().vocabulary)

    def _lexical_ranking(self, query: str, k: int, rows: list[int] | None) -> list[tuple[int, float]]:
        index = self.lexical_index()
        terms: str | list[str] = query
        if script(query) == "other":
            terms = [word for _, group in self.translation(query) for word in group]
            if not terms:
                return []
        scores, ids = index.search(terms, k, rows)
        return [(int(i), float(s)) for i, s in zip(ids, scores, strict=True)]


@dataclass(frozen=True)
class IndexedDocument:
    """One document's share of the index: its records, their vectors and their BM25 tokens."""

    id: str
    records: list[PassageRecord]
    vectors: Vectors
    tokens: list[list[str]]


def script(query: str) -> str:
    """``"cjk"`` when the query holds a CJK ideograph, else ``"other"``.

    >>> script("graphene 合作"), script("graphene research")
    ('cjk', 'other')
    """
    return "cjk" if any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in query) else "other"
