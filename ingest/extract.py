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
from ingest.model import EntityKind, Extraction, Mention, PolicyDocument, Target
from ingest.names import find_names
from ingest.roles import roles_of
from ingest.script import reading
from ingest.segment import learn_gazetteer, tokens
from ingest.structure import goal_regions
from ingest.targets import find_targets


def extract(document: PolicyDocument, gazetteer: Gazetteer | None = None) -> Extraction:
    """Mentions and targets of ``document``, in text order."""
    original = document.text
    text = reading(original)  # a traditional text is read simplified; offsets are the same
    if gazetteer is not None:
        learn_gazetteer(gazetteer)
    mentions: list[Mention] = []
    targets: list[Target] = []
    for start, end, in_goal in goal_regions(document.goals, len(original)):
        if end <= start:
            continue
        goal = in_goal.id if in_goal else None
        toks = tokens(text[start:end], start)
        names = find_names(text, toks, start, end, gazetteer)
        institutions = [(n.start, n.end) for n in names if n.kind is EntityKind.INSTITUTION]
        role_of = dict(zip(institutions, roles_of(text, institutions, start, end), strict=True)) if goal else {}
        for name in names:
            written, read = original[name.start : name.end], text[name.start : name.end]
            role = role_of.get((name.start, name.end))
            mentions.append(
                Mention(written, name.start, name.end, name.kind, goal, "" if read == written else read, role)
            )
        for t in find_targets(text, start, end):
            written = original[t.start : t.end]
            targets.append(Target(written, t.start, t.end, t.value, t.unit, t.comparator, t.value_max, t.subject, goal))
    mentions.sort(key=lambda m: (m.start, m.end))
    return Extraction(mentions=tuple(mentions), targets=tuple(targets))
