"""Stable, readable IRIs.

The same document, goal, span or entity gets the same IRI on every run and every machine: IRIs
are derived only from the document id (its file name without extension), numbers and character
offsets, and canonical entity names.

>>> document_iri("qingdao-most-2016-goals")
rdflib.term.URIRef('https://w3id.org/policykg/id/doc/qingdao-most-2016-goals')
>>> str(goal_iri("qingdao-most-2016-goals", 2))
'https://w3id.org/policykg/id/doc/qingdao-most-2016-goals/goal/2'
>>> str(entity_iri("institution", "中国科学院"))
'https://w3id.org/policykg/id/institution/zhongguokexueyuan-07e4e2'
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote

from pypinyin import lazy_pinyin
from rdflib import Namespace, URIRef

BASE = "https://w3id.org/policykg/"
ID = Namespace(BASE + "id/")
PKG = Namespace(BASE + "ontology#")

_ASCII_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _digest(text: str, n: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def slug(text: str) -> str:
    """An ASCII slug: pinyin for Chinese characters, a short hash when anything was lost.

    >>> slug("qingdao-2016")
    'qingdao-2016'
    >>> slug("青岛 2017 工作要点")
    'qingdao-2017-gongzuoyaodian-9c1510'
    """
    if _ASCII_SAFE.match(text):
        return text
    joined = _NOT_SLUG.sub("-", "".join(lazy_pinyin(text)).lower()).strip("-")
    return f"{joined or 'x'}-{_digest(text)}"


def document_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{slug(doc_id)}"]


def source_iri(doc_id: str, sha256: str) -> URIRef:
    """A file the document was read from, by the SHA-256 of its bytes."""
    return URIRef(f"{document_iri(doc_id)}/source/{sha256[:16]}")


def series_iri(key: str) -> URIRef:
    """A series of plans (an issuer's plans of one kind), by its name."""
    return ID[f"series/{slug(key)}"]


def goal_iri(doc_id: str, number: int) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/goal/{number}")


def section_iri(doc_id: str, path: str) -> URIRef:
    """A section of the outline, by its number path as written (二.（三）), percent-encoded."""
    return URIRef(f"{document_iri(doc_id)}/section/{quote(path, safe='.')}")


def span_iri(doc_id: str, kind: str, start: int, end: int) -> URIRef:
    """IRI of something anchored at a character span: passage, mention, target."""
    return URIRef(f"{document_iri(doc_id)}/{kind}/{start}-{end}")


@lru_cache(maxsize=1 << 16)  # pinyin of a name costs ~1 ms and build_graph asks for each mention
def entity_iri(kind: str, key: str) -> URIRef:
    """IRI of a canonical entity (institution, programme, place) from its canonical name."""
    body = _NOT_SLUG.sub("", "".join(lazy_pinyin(key)).lower())[:60] or "x"
    return ID[f"{kind}/{body}-{_digest(key)}"]


def measure_iri(key: str) -> URIRef:
    """IRI of a measure (``ingest.measures.Measure.key``: label and unit), the same in every plan."""
    return entity_iri("measure", key)
