"""Cut text into sentences and clauses, keeping character offsets.

Sentences end at 。！？； (and their ASCII forms); clauses are cut at ，, and ASCII commas that
are not thousands separators (the seed writes ``纲要,出台`` with an ASCII comma). Nothing inside
quotes “…” or "…" is cut: a quoted programme name stays whole. A clause longer than
``MAX_CLAUSE`` characters (a run without punctuation: a table flattened into one line, a PDF
that lost its stops) is cut into even windows of at most that length, so every passage of a
long sentence fits in the embedding model's window (512 tokens; Chinese takes about one token
per character or less) and encoding a document costs what its length does, piece by piece.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ingest.model import Goal, Passage, PassageKind

_SENTENCE_END = set("。！？；!?;")
_CLAUSE_END = set("，,：:")
_OPEN = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "(": ")", "（": "）"}
_MIN_CLAUSE = 4  # shorter pieces stay with their neighbours
MAX_CLAUSE = 256  # longer pieces are cut into windows; the seed's longest clause has 36 characters


def _cut(text: str, offset: int, ends: set[str]) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of pieces of ``text`` ending at any char in ``ends``, outside quotes."""
    stack: list[str] = []
    ascii_quote_open = False
    start = 0
    for i, ch in enumerate(text):
        if ch == '"':
            ascii_quote_open = not ascii_quote_open
        elif ch in _OPEN:
            stack.append(_OPEN[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in ends and not stack and not ascii_quote_open:
            if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue  # 1,100 is a number
            yield from _trimmed(text, offset, start, i + 1)
            start = i + 1
        elif ch == "\n":
            yield from _trimmed(text, offset, start, i)
            start = i + 1
            stack.clear()
            ascii_quote_open = False
    yield from _trimmed(text, offset, start, len(text))


def _trimmed(text: str, offset: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield offset + start, offset + end


def sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of sentences in ``text``, shifted by ``offset``.

    >>> s = "推进合作,建设基地。全年超过5000次。"
    >>> [s[a:b] for a, b in sentences(s)]
    ['推进合作,建设基地。', '全年超过5000次。']
    """
    return list(_cut(text, offset, _SENTENCE_END))


def clauses(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of clauses; a piece shorter than a few characters joins the next one.

    >>> s = "实施“透明海洋”、海洋环境安全等重大工程,着力打造试验田。"
    >>> [s[a:b] for a, b in clauses(s)]
    ['实施“透明海洋”、海洋环境安全等重大工程,', '着力打造试验田。']
    """
    pieces = list(_cut(text, offset, _SENTENCE_END | _CLAUSE_END))
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in pieces:
        if pending is not None:
            start, pending = pending, None
        if end - start < _MIN_CLAUSE:
            pending = start
            continue
        merged.append((start, end))
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], pieces[-1][1])
        else:
            merged.append((pending, pieces[-1][1]))
    return [window for start, end in merged for window in windows(text, offset, start, end)]


def windows(text: str, offset: int, start: int, end: int, size: int = MAX_CLAUSE) -> list[tuple[int, int]]:
    """``(start, end)`` cut into the fewest even windows of at most ``size`` characters (spans
    shifted by ``offset`` into ``text``), each trimmed of spaces at its ends.

    >>> [(a, b) for a, b in windows("x" * 10, 0, 0, 10, size=4)]
    [(0, 3), (3, 6), (6, 10)]
    """
    count = -(-(end - start) // size)
    if count <= 1:
        return [(start, end)]
    bounds = [start + (end - start) * i // count for i in range(count + 1)]
    return [span for a, b in itertools.pairwise(bounds) for span in _trimmed(text, offset, a - offset, b - offset)]


def goal_passages(text: str, goal: Goal) -> list[Passage]:
    """The goal as a whole, its sentences, and the clauses of sentences that have several. The
    title is no passage of its own: every passage of the goal is indexed with it
    (``PassageRecord.indexed_text``)."""
    out = [Passage(goal.text, goal.start, goal.end, PassageKind.GOAL, goal.id)]
    out.extend(_sentence_passages(text, goal.start, goal.end, goal.id))
    return out


def text_passages(text: str, start: int, end: int, prose_only: bool = False) -> list[Passage]:
    """Sentences and clauses of text outside any goal. With ``prose_only`` (the text around a
    plan's goals), only sentences that end as sentences do (。！？；): the title block, dates,
    column names and page chrome around the goals are the document's metadata, not passages."""
    return _sentence_passages(text, start, end, None, prose_only)


def _sentence_passages(text: str, start: int, end: int, goal: int | None, prose_only: bool = False) -> list[Passage]:
    out: list[Passage] = []
    for s, e in sentences(text[start:end], start):
        if prose_only and text[e - 1] not in _SENTENCE_END:
            continue
        out.append(Passage(text[s:e], s, e, PassageKind.SENTENCE, goal))
        parts = clauses(text[s:e], s)
        if len(parts) > 1:
            out.extend(Passage(text[a:b], a, b, PassageKind.CLAUSE, goal) for a, b in parts)
    return out
