"""Search policy text by meaning and by words: ``search(store, index, query, …) -> list[Hit]``,
over a graph store (for the institution filter) and the passage index beside it.

Hits are grouped by goal unless ``passages=True``: each goal appears once, represented by its
best-matching passage, so one long goal cannot fill the whole top-k with its own clauses. Goals
are ranked by pooling their passages' scores per retriever before fusing
(``PassageIndex.search_goals``, see ``embeddings/pooling.py``); passages are ranked by weighted
reciprocal rank fusion. Both weight the lexical ranking by the query's script.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from embeddings.fusion import rrf
from embeddings.records import PassageRecord
from embeddings.store import HYBRID_WEIGHTS, MODES, REBUILD, PassageIndex, SearchMode, script
from graph.store import GraphStore
from policykg.errors import SearchError, SearchIndexError
from queries import library
from queries.goals import goals

# The longest query searched: a few sentences, well inside the model's window (512 tokens; a
# query costs its length to encode, ~3 s per 1,000 characters of Chinese on a busy core).
# Longer text is refused at once, in the CLI and in the app's search box alike.
MAX_QUERY_CHARS = 500

# The cosine of the closest passage under which nothing in the corpus is close to a query, per
# script of the query (e5 scores English against Chinese text lower than Chinese against
# Chinese): hits are then shown as weak matches. Calibrated by ``python -m bench.search_floor``
# (BENCHMARKS.md) on the seed: every development and held-out query scores above its floor
# (lowest 0.869 Chinese, 0.758 English), the nonsense queries under it (highest 0.851, 0.736)
# except English letter salad, which no dictionary word matches (``weak_match``).
RELEVANCE_FLOORS = {"cjk": 0.86, "other": 0.75}


def relevance_floor(query: str) -> float:
    return RELEVANCE_FLOORS[script(query.strip())]


def weak_match(index: PassageIndex, query: str, near: float) -> bool:
    """Whether nothing in the corpus is close to ``query``, ``near`` being its ``closeness``: under
    the floor of its script, or (English) not one word of it found in the corpus's vocabulary."""
    if near < relevance_floor(query):
        return True
    return script(query.strip()) == "other" and not index.translation(query.strip())


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    text: str
    document: str
    goal: int | None
    goal_title: str | None
    start: int
    end: int
    iri: str
    kind: str
    similar: int = 0  # other goals folded into this hit: their best passage has the same words

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def search(
    store: GraphStore,
    index: PassageIndex,
    query: str,
    k: int = 10,
    mode: SearchMode = "hybrid",
    document: str | None = None,
    goal: int | None = None,
    institution: str | None = None,
    passages: bool = False,
    duplicates: bool = False,
) -> list[Hit]:
    """The best ``k`` goals (or passages) for ``query``, in Chinese or English.

    Goals whose best passage repeats a better hit's words with other figures (a template target
    copied across plans: 空气质量优良天数比例达到60% / 95%) are folded into that hit and counted
    in its ``similar``, so a copied clause takes one place in the top k; ``duplicates`` lists them all.
    """
    if not query or not query.strip():
        raise SearchError("empty query: type some words to search for")
    if len(query.strip()) > MAX_QUERY_CHARS:
        raise SearchError(
            f"query too long: {len(query.strip()):,} characters, at most {MAX_QUERY_CHARS}; "
            "search for a few words or a sentence"
        )
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    if k < 1:
        raise SearchError("k must be at least 1")
    missing = unindexed(store, index)
    if missing and not index.documents():
        raise SearchIndexError(
            f"the search index {index.folder} is missing or empty while the graph holds "
            f"{len(missing)} documents: rebuild it with `{REBUILD}` or `policykg repair`"
        )
    allowed: set[tuple[str, int]] | None = None
    if institution is not None:
        allowed = {(g.document, g.goal) for g in goals(store, institution=institution) if g.goal is not None}
        if not allowed:
            return []

    def keep(record: PassageRecord) -> bool:
        if document is not None and record.document != document:
            return False
        if goal is not None and record.goal != goal:
            return False
        return allowed is None or (record.document, record.goal or -1) in allowed

    where = keep if document is not None or goal is not None or allowed is not None else None
    text = query.strip()
    if passages:
        fusion = partial(rrf, weights=HYBRID_WEIGHTS[script(text)])
        found = index.search(text, k, mode, fusion=fusion, where=where)
    else:
        found = index.search_goals(text, k, mode, where=where, duplicates=duplicates)
    hits: list[Hit] = []
    for scored in found:
        record = scored.record
        hits.append(
            Hit(
                rank=len(hits) + 1,
                score=round(scored.score, 6),
                text=record.text,
                document=record.document,
                goal=record.goal,
                goal_title=record.goal_title,
                start=record.start,
                end=record.end,
                iri=record.iri,
                kind=str(record.kind),
                similar=scored.similar,
            )
        )
    return hits


def closeness(index: PassageIndex, query: str) -> float:
    """The cosine between ``query`` and the passage nearest it (the dense model's view), 0..1:
    how close anything in the corpus comes, whatever the ranking of the hits. Query vectors are
    cached, so after a search this costs one nearest-neighbour lookup."""
    if not index.records:
        return 0.0
    vector = index.encoder.encode_queries([query.strip()])
    scores, ids = index.dense_index().search(vector, 1)
    return float(scores[0][0]) if ids[0][0] >= 0 else 0.0


def unindexed(store: GraphStore, index: PassageIndex) -> list[str]:
    """Ids of the graph's documents that the search index lacks (an ingest killed between writing
    the graph and saving the index, or a lost index): search cannot find them."""
    result = library.select(store, "searchable_documents")
    return sorted({str(row[0]) for row in result.rows} - index.documents())


def coverage_warning(store: GraphStore, index: PassageIndex) -> str | None:
    """One line when search answers from part of the graph only, naming the repair; else None."""
    missing = unindexed(store, index)
    if not missing:
        return None
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    return (
        f"the search index lacks {len(missing)} of the graph's documents ({shown}); results leave them out: "
        f"run `{REBUILD}` or `policykg repair`"
    )
