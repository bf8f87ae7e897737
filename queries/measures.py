"""Measures across plans: a measure's targets in year order (``policykg trend``), and paraphrases.

A measure is what targets count, normalised, in one unit (``ingest.measures``): every plan that
writes 全年技术合同成交额 or 技术合同成交额 in 元 links the same ``pkg:Measure``. Where two plans name
the same thing in other words (创业导师库 / 创业导师), the encoder's similarity of the two labels
says so: labels in one unit at least ``PARAPHRASE_THRESHOLD`` similar are one measure here
(the threshold is measured on hand-made pairs: ``bench/plan_diff_eval.py``, BENCHMARKS.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rdflib import URIRef

from embeddings.encoder import Encoder
from graph.results import to_python
from graph.store import GraphStore
from ingest.measures import measure_label
from queries.library import select

# Cosine of two measure labels (query-side e5 vectors) from which they count the same thing.
PARAPHRASE_THRESHOLD = 0.965


@dataclass(frozen=True)
class MeasureRecord:
    iri: str
    label: str
    unit: str
    targets: int
    documents: int


@dataclass(frozen=True)
class TimelineRow:
    """One target of a measure: the row of ``policykg trend``."""

    measure: str  # the measure's label
    document: str
    year: int | None
    goal: int | None  # None: a headline target, outside the numbered goals
    value: float | int
    value_max: float | int | None
    unit: str
    comparator: str | None
    text: str
    start: int
    end: int
    subject: str = ""  # as the plan writes it
    iri: str = ""  # of the measure

    def as_json(self) -> dict[str, object]:
        fields = ("measure", "document", "year", "goal", "value", "value_max", "unit", "comparator", "text")
        return {name: getattr(self, name) for name in fields} | {"start": self.start, "end": self.end}


def measures(store: GraphStore) -> list[MeasureRecord]:
    """Every measure of the store, by label."""
    return [
        MeasureRecord(
            str(r["measure"]), str(r["label"]), str(r["unit"]), int(str(r["targets"])), int(str(r["documents"]))
        )
        for r in select(store, "measures").records()
    ]


def similarities(encoder: Encoder, texts: Sequence[str], others: Sequence[str]) -> np.ndarray:
    """Cosine of each of ``texts`` with each of ``others``, shape (len(texts), len(others))."""
    if not texts or not others:
        return np.zeros((len(texts), len(others)), dtype=np.float32)
    a = encoder.encode_queries(list(texts))
    b = encoder.encode_queries(list(others))
    return np.asarray(a @ b.T)


def find_measures(
    store: GraphStore, name: str, encoder: Encoder | None = None
) -> tuple[list[MeasureRecord], float | None]:
    """The measures ``name`` names, and the similarity where it was read as a paraphrase (else None).

    Its label normalised as a target's subject is (全年技术合同成交额 is 技术合同成交额), in any unit;
    failing that, with an encoder, the most similar label at least ``PARAPHRASE_THRESHOLD`` similar.
    Either way, labels in the same unit that paraphrase the found one are included."""
    known = measures(store)
    text = name.strip()
    found = [m for m in known if m.iri == text or m.label == measure_label(text)]
    score = None
    if not found and encoder is not None and known:
        sims = similarities(encoder, [measure_label(text)], [m.label for m in known])[0]
        best = int(np.argmax(sims))
        if sims[best] >= PARAPHRASE_THRESHOLD:
            found, score = [m for m in known if m.label == known[best].label], float(sims[best])
    if found and encoder is not None:
        found += paraphrases(encoder, found, [m for m in known if m not in found])
    return found, score


def paraphrases(encoder: Encoder, found: list[MeasureRecord], others: list[MeasureRecord]) -> list[MeasureRecord]:
    """Those of ``others`` in a unit of ``found`` whose label paraphrases a label of ``found``."""
    units = {m.unit for m in found}
    candidates = [m for m in others if m.unit in units]
    if not candidates:
        return []
    sims = similarities(encoder, [m.label for m in found], [m.label for m in candidates])
    return [
        m
        for j, m in enumerate(candidates)
        if any(sims[i, j] >= PARAPHRASE_THRESHOLD and f.unit == m.unit for i, f in enumerate(found))
    ]


def closest_measures(store: GraphStore, name: str, n: int = 5) -> list[str]:
    """Known measure labels closest to ``name``: the hint for a measure we do not know."""
    labels = sorted({m.label for m in measures(store)})
    return difflib.get_close_matches(measure_label(name), labels, n=n, cutoff=0.2)


def timeline(store: GraphStore, found: Sequence[MeasureRecord]) -> list[TimelineRow]:
    """The targets of the measures ``found``, in year order (a plan without a year last)."""
    rows: list[TimelineRow] = []
    for m in found:
        rows += timeline_rows(store, measure=URIRef(m.iri))
    return sorted(rows, key=lambda r: (r.year is None, r.year or 0, r.document, r.start))


def timeline_rows(store: GraphStore, **bindings: URIRef) -> list[TimelineRow]:
    """Rows of the named query ``measure_timeline`` (bound to a measure, a document or both)."""
    out = []
    for r in select(store, "measure_timeline", **bindings).records():
        v = {k: to_python(x) for k, x in r.items()}
        out.append(
            TimelineRow(
                measure=str(v["label"]),
                document=str(v["id"]),
                year=None if v["year"] is None else int(str(v["year"])[:4]),  # pkg:year, an xsd:gYear
                goal=None if v["number"] is None else int(v["number"]),  # type: ignore[call-overload]
                value=v["value"],  # type: ignore[arg-type]
                value_max=v["value_max"],  # type: ignore[arg-type]
                unit=str(v["unit"]),
                comparator=None if v["comparator"] is None else str(v["comparator"]),
                text=str(v["text"]),
                start=int(v["start"]),  # type: ignore[call-overload]
                end=int(v["end"]),  # type: ignore[call-overload]
                subject=str(v["subject"] or ""),
                iri=str(v["measure"]),
            )
        )
    return out
