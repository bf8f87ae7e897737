"""Cleaned text -> ``PolicyDocument``: metadata, numbered goals and passages with offsets."""

from __future__ import annotations

from pathlib import PurePath

from ingest.metadata import find_metadata
from ingest.model import Passage, PolicyDocument, SourceText
from ingest.passages import goal_passages, text_passages
from ingest.script import reading
from ingest.structure import find_outline, goal_regions


def document_id(name: str) -> str:
    """The document id: the source file name without its extension."""
    return PurePath(name).stem or name


def parse(source: SourceText) -> PolicyDocument:
    text = source.text
    goals, sections = find_outline(text, reading(text))
    body_start = goals[0].title_start if goals else len(text)
    meta = find_metadata(text, body_start if goals else min(len(text), 400), fallback_title=document_id(source.name))
    passages: list[Passage] = []
    for start, end, goal in goal_regions(goals, len(text)):  # prose around the goals is searchable too
        passages.extend(goal_passages(text, goal) if goal else text_passages(text, start, end, bool(goals)))
    return PolicyDocument(
        id=document_id(source.name),
        source=source.name,
        text=text,
        sha256=source.sha256,
        title=meta.title,
        issuer=meta.issuer,
        issuer_mention=meta.issuer_mention,
        published=meta.published,
        source_site=meta.source_site,
        encoding=source.encoding,
        media_type=source.media_type,
        goals=tuple(goals),
        passages=tuple(passages),
        sections=tuple(sections),
    )
