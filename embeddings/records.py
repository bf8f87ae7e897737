"""What the search indexes hold: one record per passage, pointing back into the graph.

Each goal is indexed as a whole (IRI of the goal) and by its sentences and clauses (IRI of the
span), so a query can match a goal's gist or one precise clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from ingest.model import PassageKind, PolicyDocument

# What of a passage's text, and of its English labels, the dense model reads: about one window
# of e5-small (512 tokens) of Chinese. A longer goal or sentence is read by its head; all of it
# is indexed for BM25 and, piece by piece, as its clauses (ingest.passages.MAX_CLAUSE), so
# encoding one passage costs at most one window. The seed's longest goal has 556 characters with
# its title and labels: nothing of it is cut.
EMBEDDED_CHARS = 512


@dataclass(frozen=True)
class PassageRecord:
    iri: str
    document: str  # document id
    goal: int | None  # goal number, None outside goals
    goal_title: str | None
    kind: PassageKind
    start: int  # span of ``text`` in the document's clean text
    end: int
    text: str
    labels: str = ""  # English labels of the known entities the text names (labels.py)

    @property
    def indexed_text(self) -> str:
        """What gets tokenised for BM25 and, cut, embedded (``embedded_text``): the goal title
        gives a clause its context, the English labels of the entities it names let English
        queries find it."""
        text = self.text
        if self.goal_title and not text.startswith(self.goal_title):
            text = f"{self.goal_title}：{text}"
        return f"{text} ({self.labels})" if self.labels else text

    @property
    def embedded_text(self) -> str:
        """What the dense model reads: ``indexed_text`` with the text and the labels cut at
        ``EMBEDDED_CHARS`` each (the labels at a label's end).

        >>> long = PassageRecord("p", "d", None, None, PassageKind.SENTENCE, 0, 600, "字" * 600, "A; B")
        >>> len(long.embedded_text), long.embedded_text[-6:]
        (519, '(A; B)')
        """
        if len(self.text) <= EMBEDDED_CHARS and len(self.labels) <= EMBEDDED_CHARS:
            return self.indexed_text
        labels = self.labels if len(self.labels) <= EMBEDDED_CHARS else self.labels[:EMBEDDED_CHARS].rpartition("; ")[0]
        return replace(self, text=self.text[:EMBEDDED_CHARS], labels=labels).indexed_text

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PassageRecord:
        return cls(**{**data, "kind": PassageKind(data["kind"])})


def with_labels(records: Sequence[PassageRecord], labeller: Callable[[str], str] | None) -> list[PassageRecord]:
    """The records with ``labels`` set from their text (unchanged without a labeller).

    Only whole goals and text outside goals are labelled: a clause of a goal that names a dozen
    institutions, carrying their English names, looks like English to the encoder and would pull
    every English query towards that goal; the goal's own record is where English queries meet
    the names."""
    if labeller is None:
        return list(records)
    return [
        replace(r, labels=labeller(r.text) if r.kind is PassageKind.GOAL or r.goal is None else "") for r in records
    ]


def records_for(document: PolicyDocument, labeller: Callable[[str], str] | None = None) -> list[PassageRecord]:
    """Records for a parsed document: each goal whole, then every passage the parser cut."""
    from graph.iri import goal_iri, span_iri  # pypinyin and rdflib load slowly; only ingest needs them

    titles = {g.number: g.title for g in document.goals}
    records = [
        PassageRecord(
            iri=str(goal_iri(document.id, g.number)),
            document=document.id,
            goal=g.number,
            goal_title=g.title,
            kind=PassageKind.GOAL,
            start=g.start,
            end=g.end,
            text=g.text,
        )
        for g in document.goals
    ]
    for p in document.passages:
        records.append(
            PassageRecord(
                iri=str(span_iri(document.id, "passage", p.start, p.end)),
                document=document.id,
                goal=p.goal,
                goal_title=titles.get(p.goal) if p.goal is not None else None,
                kind=p.kind,
                start=p.start,
                end=p.end,
                text=p.text,
            )
        )
    return with_labels(one_per_span(records), labeller)


def one_per_span(records: Sequence[PassageRecord]) -> list[PassageRecord]:
    """The first record of each span of a document. The parser lists each goal as a passage
    too, a goal of one sentence is also that sentence, and a sentence of one clause that clause:
    a span indexed twice would count twice when a goal's passages are pooled (pooling.py).

    >>> goal = PassageRecord("g", "d", 1, "t", PassageKind.GOAL, 0, 9, "一句话的目标。")
    >>> [r.iri for r in one_per_span([goal, replace(goal, iri="s", kind=PassageKind.SENTENCE)])]
    ['g']
    """
    seen: set[tuple[str, int, int]] = set()
    out = []
    for record in records:
        span = (record.document, record.start, record.end)
        if span not in seen:
            seen.add(span)
            out.append(record)
    return out
