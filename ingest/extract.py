"""Extraction stage: a parsed document -> mentions (institutions, programmes, places) and targets.

Extraction runs goal by goal (each mention and target carries its goal number) or, for a document
without numbered goals, over the whole text (goal ``None``). Every span is an exact offset into
``document.text``. The rules live in ``ingest.names`` and ``ingest.targets``; known names come
from the gazetteer (``ingest.gazetteer``).

>>> from ingest.model import PolicyDocument
>>> doc = PolicyDocument(id="d", source="d.txt", text="组建青岛市国际科技合作联盟，新认定10家市级国合基地。",
...                      sha256="", title="t")
>>> ex = extract(doc)
>>> [(m.text, m.kind.value) for m in ex.mentions]
[('青岛市国际科技合作联盟', 'institution')]
>>> [(t.value, t.unit, t.subject) for t in ex.targets]
[(10.0, '家', '市级国合基地')]
"""

from __future__ import annotations

from ingest.gazetteer import Gazetteer
from ingest.model import Extraction, Mention, PolicyDocument, Target
from ingest.names import find_names
from ingest.segment import learn_gazetteer, tokens
from ingest.targets import find_targets


def _regions(document: PolicyDocument) -> list[tuple[int, int, int | None, bool]]:
    """Each goal, and the lead before the first goal (goal ``None``): plans often open with their
    headline targets (主要目标是：全社会研发投入占地区生产总值比重达到3.2%…). Only targets are taken
    from the lead: its names are mostly the publishing site and slogans (新中国成立70周年), and from a
    goal's title, whose names the goal's text is read for.
    Each region is ``(start, end, goal, whether names are read there)``."""
    if not document.goals:
        return [(0, len(document.text), None, True)]
    first = min(g.title_start for g in document.goals)
    title = document.text.find(document.title) if document.title else -1
    lead = document.text.find("\n", title) if title >= 0 else 0  # after the title line
    regions: list[tuple[int, int, int | None, bool]] = [(lead, first, None, False)] if 0 <= lead < first else []
    # a goal's title holds targets too (1.努力实现地区生产总值增长6.2%左右); its names are read as today
    for g in document.goals:
        if g.title_start < g.start:
            regions.append((g.title_start, g.start, g.number, False))
        regions.append((g.start, g.end, g.number, True))
    return regions


def extract(document: PolicyDocument, gazetteer: Gazetteer | None = None) -> Extraction:
    """Mentions and targets of ``document``, in text order."""
    text = document.text
    if gazetteer is not None:
        learn_gazetteer(gazetteer)
    mentions: list[Mention] = []
    targets: list[Target] = []
    for start, end, goal, names in _regions(document):
        if end <= start:
            continue
        if names:
            toks = tokens(text[start:end], start)
            for name in find_names(text, toks, start, end, gazetteer):
                mentions.append(Mention(text[name.start : name.end], name.start, name.end, name.kind, goal))
        for t in find_targets(text, start, end):
            targets.append(Target(t.text, t.start, t.end, t.value, t.unit, t.comparator, t.value_max, t.subject, goal))
    mentions.sort(key=lambda m: (m.start, m.end))
    return Extraction(mentions=tuple(mentions), targets=tuple(targets))
