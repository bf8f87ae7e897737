"""Plain data passed between the ingest stages: read -> parse -> extract -> resolve.

Every offset is a character offset into ``PolicyDocument.text`` (the cleaned text), half-open:
``text[start:end]`` is the span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from policykg.kinds import EntityKind as EntityKind  # the kinds of entity: policykg.kinds


class PassageKind(StrEnum):
    GOAL = "goal"  # a goal's whole content text
    SENTENCE = "sentence"  # ends at 。！？；
    CLAUSE = "clause"  # a sentence cut at ，, 、 …
    PARAGRAPH = "paragraph"  # text outside numbered goals


@dataclass(frozen=True)
class SourceText:
    """Decoded, cleaned text of one source file, before any structure is found."""

    name: str  # file name, e.g. "qingdao-most-2016-goals.txt"
    text: str  # cleaned text; all offsets point into it
    encoding: str  # the encoding the bytes were decoded with
    sha256: str  # of the raw bytes: re-ingesting unchanged bytes is a no-op
    media_type: str = "text/plain"


@dataclass(frozen=True)
class Passage:
    text: str
    start: int
    end: int
    kind: PassageKind
    goal: int | None = None  # goal number, None outside goals


@dataclass(frozen=True)
class Section:
    """A heading of the outline that is not a goal: 一、指导思想, a task group (（一）…) above goals."""

    path: str  # number path as written, e.g. 二.（三）
    number: int
    title: str
    title_start: int
    start: int  # span of the section with everything under it
    end: int
    parent: str | None = None  # path of the enclosing section; None at the top


@dataclass(frozen=True)
class Goal:
    number: int  # the number the text gives (（十二） -> 12, table row 33 -> 33, 一是 -> 1)
    title: str  # the heading, or the lead phrase of a numbered paragraph
    title_start: int
    text: str  # the goal's content, without its title
    start: int  # span of ``text``
    end: int
    path: str = ""  # number path as written, e.g. 二.（一）.1; "" when not known
    section: tuple[str, ...] = ()  # titles of the enclosing sections, outermost first
    parent: str | None = None  # path of the enclosing section
    key: int = 0  # the goal's identity in its document (IRIs, pkg:inGoal); 0: the number
    marker: int | None = None  # where its number (二、, （三）, row 33) starts; None: not known

    @property
    def id(self) -> int:
        """What mentions, targets and passages of this goal carry as their ``goal``: the number,
        or — where a document repeats numbers under different sections — the goal's position."""
        return self.key or self.number


@dataclass(frozen=True)
class PolicyDocument:
    id: str  # file name without extension; stable across runs
    source: str  # file name
    text: str
    sha256: str
    title: str
    issuer: str | None = None  # canonical issuer, e.g. 青岛市科学技术局
    issuer_mention: str | None = None  # as written, e.g. 市科技局
    published: str | None = None  # ISO date
    source_site: str | None = None
    encoding: str = "utf-8"
    media_type: str = "text/plain"
    goals: tuple[Goal, ...] = ()
    passages: tuple[Passage, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A name as it appears in the text (institution, programme or place)."""

    text: str
    start: int
    end: int
    kind: EntityKind
    goal: int | None = None
    reading: str = ""  # the name in simplified characters, where the text writes it in traditional ones
    role: str | None = None  # an institution's part in its goal: lead, responsible, participant (ingest.roles)

    @property
    def name(self) -> str:
        """The name to resolve and label with: simplified, as written otherwise."""
        return self.reading or self.text


@dataclass(frozen=True)
class Target:
    """A quantitative target, e.g. 技术合同成交额超过100亿元."""

    text: str  # the whole matched phrase
    start: int
    end: int
    value: float  # normalised: 100亿元 -> 1e10 (unit 元)
    unit: str  # normalised unit: 元, 美元, 人次, 家, 个, 亩, %, …
    comparator: str | None = None  # ">", ">=", "=", "<", "<=", "~" or None when not said
    value_max: float | None = None  # upper bound of a range (2-3个)
    subject: str = ""  # what is counted, e.g. 技术合同成交额
    goal: int | None = None


@dataclass(frozen=True)
class Entity:
    """A canonical entity that mentions resolve to."""

    key: str  # canonical Chinese name, unique per kind, e.g. 中国科学院
    kind: EntityKind
    label: str  # preferred label (zh)
    aliases: tuple[str, ...] = ()
    label_en: str | None = None
    parent: str | None = None  # key of the organisation this one is part of
    category: str | None = None  # university, institute, lab, company, government, park, … (policykg.kinds.CATEGORIES)
    wikidata: str | None = None  # Wikidata item, e.g. Q530471 (the gazetteer names the source that states it)
    ror: str | None = None  # Research Organization Registry id, e.g. 034t30j35


@dataclass(frozen=True)
class Extraction:
    """What ``extract`` finds in a document."""

    mentions: tuple[Mention, ...] = ()
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class ResolvedDocument:
    """A parsed document with its mentions linked to canonical entities."""

    document: PolicyDocument
    extraction: Extraction
    entities: tuple[Entity, ...] = ()
    # mention -> entity key, index-aligned with extraction.mentions
    links: tuple[str, ...] = field(default=())
