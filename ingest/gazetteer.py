"""The gazetteer: known entities with their aliases, parents, English labels and categories.

It is data, not code: ``ingest/data/aliases.tsv`` (its header documents the columns) plus any
user files of the same shape passed to ``load_gazetteer``. Lookups normalise the name first
(full-width brackets and quotes, spaces), so ``中国石油大学(华东)`` finds ``中国石油大学（华东）``.

>>> g = default_gazetteer()
>>> g.match("中科院")
['中国科学院']
>>> g.get("中国科学院青岛生物能源与过程研究所").parent
'中国科学院'
>>> g.closest("哈尔滨工成大学")[0]
'哈尔滨工程大学'
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ingest.model import Entity, EntityKind
from policykg.errors import ConfigError
from policykg.kinds import BY_CATEGORY, kind_names

DEFAULT_ALIASES = Path(__file__).parent / "data" / "aliases.tsv"
COLUMNS = ("canonical", "kind", "aliases", "parent", "label_en", "category", "wikidata", "ror", "id_source")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ROR = re.compile(r"^0[a-z0-9]{6}[0-9]{2}$")

_TRANSLATE = str.maketrans({"（": "(", "）": ")", "“": "", "”": "", '"': "", "《": "", "》": "", "　": "", " ": ""})


def normalise(name: str) -> str:
    """The form names are compared in: ASCII brackets, no quotes, no spaces.

    >>> normalise("国家专利技术（青岛）交易中心")
    '国家专利技术(青岛)交易中心'
    """
    return name.translate(_TRANSLATE).strip()


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    _index: dict[str, list[str]] = field(default_factory=dict)  # normalised name -> keys

    def add(self, entity: Entity) -> None:
        """Add an entity, or merge it into the one with the same key (aliases add up)."""
        old = self.entities.get(entity.key)
        if old is not None:
            aliases = tuple(dict.fromkeys(old.aliases + entity.aliases))
            entity = replace(
                old,
                aliases=aliases,
                label_en=entity.label_en or old.label_en,
                parent=entity.parent or old.parent,
                category=entity.category or old.category,
                wikidata=entity.wikidata or old.wikidata,
                ror=entity.ror or old.ror,
            )
        self.entities[entity.key] = entity
        for name in (entity.key, *entity.aliases):
            keys = self._index.setdefault(normalise(name), [])
            if entity.key not in keys:
                keys.append(entity.key)

    def get(self, key: str) -> Entity | None:
        return self.entities.get(key)

    def match(self, name: str, kind: EntityKind | None = None) -> list[str]:
        """Keys of the entities called ``name`` (canonical name or alias)."""
        keys = self._index.get(normalise(name), [])
        return [k for k in keys if kind is None or self.entities[k].kind == kind]

    def names(self, kind: EntityKind | None = None) -> Iterator[str]:
        """Every canonical name and alias."""
        for entity in self.entities.values():
            if kind is None or entity.kind == kind:
                yield entity.key
                yield from entity.aliases

    def children(self, key: str) -> list[str]:
        """Keys of the entities whose parent is ``key``, recursively."""
        out: list[str] = []
        todo = [key]
        while todo:
            parent = todo.pop()
            for entity in self.entities.values():
                if entity.parent == parent and entity.key not in out:
                    out.append(entity.key)
                    todo.append(entity.key)
        return out

    def closest(self, name: str, n: int = 5, extra: Sequence[str] = ()) -> list[str]:
        """The known names (and ``extra`` ones, e.g. from a store) that look most like ``name``."""
        return closest_names(name, [*self.names(), *extra], n)


def closest_names(name: str, candidates: Sequence[str], n: int = 5, cutoff: float = 0.5) -> list[str]:
    """Candidates most similar to ``name`` (difflib ratio; names that contain it come first).

    >>> closest_names("中科", ["中国科学院", "中科院", "天津大学"])
    ['中科院', '中国科学院']
    """
    unique = list(dict.fromkeys(candidates))
    key = normalise(name)
    containing = [c for c in unique if key and key in normalise(c)]
    similar = difflib.get_close_matches(key, unique, n=n, cutoff=cutoff)
    return list(dict.fromkeys(sorted(containing, key=len) + similar))[:n]


def parse_tsv(text: str, source: str = "<aliases>") -> list[Entity]:
    """Entities from gazetteer TSV text; a bad line raises ``ConfigError`` naming it."""
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        cells += [""] * (len(COLUMNS) - len(cells))
        canonical, kind, aliases, parent, label_en, category, wikidata, ror, id_source = cells[: len(COLUMNS)]
        try:
            entity_kind = EntityKind(kind or EntityKind.INSTITUTION)
        except ValueError:
            raise ConfigError(f"{source}:{number}: kind {kind!r} is not one of {kind_names()}") from None
        if not canonical:
            raise ConfigError(f"{source}:{number}: the first column (canonical name) is empty")
        if category and category not in BY_CATEGORY:
            raise ConfigError(f"{source}:{number}: category {category!r} is not one of {', '.join(BY_CATEGORY)}")
        _check_ids(f"{source}:{number}", wikidata, ror, id_source)
        out.append(
            Entity(
                key=canonical,
                kind=entity_kind,
                label=canonical,
                aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
                label_en=label_en or None,
                parent=parent or None,
                category=category or None,
                wikidata=wikidata or None,
                ror=ror or None,
            )
        )
    return out


def _check_ids(where: str, wikidata: str, ror: str, id_source: str) -> None:
    """An external identifier is well formed and names the public source that states it: a wrong
    link is worse than none, so an id without its source is refused."""
    if wikidata and not _QID.match(wikidata):
        raise ConfigError(f"{where}: wikidata {wikidata!r} is not a Wikidata item id such as Q530471")
    if ror and not _ROR.match(ror):
        raise ConfigError(f"{where}: ror {ror!r} is not a ROR id such as 034t30j35")
    if (wikidata or ror) and not id_source.startswith(("https://", "http://")):
        raise ConfigError(f"{where}: an external id needs the URL of the source that states it (id_source)")


def load_gazetteer(extra: Sequence[Path] = ()) -> Gazetteer:
    """The shipped gazetteer merged with user files (later files add to earlier ones)."""
    gazetteer = Gazetteer()
    for path in (DEFAULT_ALIASES, *extra):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the alias file ({exc.strerror})") from exc
        for entity in parse_tsv(text, str(path)):
            gazetteer.add(entity)
    return gazetteer


def gazetteer_version(extra: Sequence[Path] = ()) -> str:
    """A digest of the shipped alias file and the user's, in order: documents resolved with
    another gazetteer are re-resolved on their next ingest (``Corpus.ingest``)."""
    digest = hashlib.sha256()
    for path in (DEFAULT_ALIASES, *extra):
        try:
            digest.update(Path(path).read_bytes())
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the alias file ({exc.strerror})") from exc
        digest.update(b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
