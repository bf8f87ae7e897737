"""English labels of the known entities a passage names, so English queries reach Chinese text.

The gazetteer (``ingest/data/aliases.tsv`` plus user files) gives institutions and programmes an
English label; a name without one borrows its nearest parent's (哈工程青岛船舶科技园 → Harbin
Engineering University), and countries keep theirs. Cities and provinces are left out: every
plan names its own, so their labels would add the same words to every passage of a document.
The labels are appended to the passage's indexed text, where both the multilingual encoder and
BM25 see them.

>>> from ingest.gazetteer import default_gazetteer
>>> Labeller(default_gazetteer())("推进中科院青岛科教融合基地建设,与曼彻斯特大学合作")
'Chinese Academy of Sciences; University of Manchester'
"""

from __future__ import annotations

import re

from ingest.gazetteer import Gazetteer, normalise
from ingest.model import Entity, EntityKind

MIN_ALIAS = 3  # two-character aliases hide inside ordinary words (大工 in 重大工程)


class Labeller:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self._label: dict[str, str] = {}
        for entity in gazetteer.entities.values():
            label = _label(entity, gazetteer)
            if label is None:
                continue
            names = [normalise(entity.key)] + [normalise(a) for a in entity.aliases if len(normalise(a)) >= MIN_ALIAS]
            for key in names:
                if key:
                    self._label.setdefault(key, label)
        # Longest names first: at each position the most specific name wins (中国科学院大学 over 中国科学院).
        names = sorted(self._label, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def __call__(self, text: str) -> str:
        """The labels of the names in ``text``, in order of first mention, ``"; "``-joined."""
        if self._pattern is None:
            return ""
        found = (self._label[m.group(0)] for m in self._pattern.finditer(normalise(text)))
        return "; ".join(dict.fromkeys(found))


def _label(entity: Entity, gazetteer: Gazetteer) -> str | None:
    if entity.kind is EntityKind.PLACE:
        return entity.label_en if entity.category == "country" else None
    seen: set[str] = set()
    current: Entity | None = entity
    while current is not None and current.key not in seen:
        if current.label_en:
            return current.label_en
        seen.add(current.key)
        current = gazetteer.get(current.parent) if current.parent else None
    return None
