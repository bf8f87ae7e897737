"""A tiny stand-in parser for the seed document, so these tests do not wait on ingest/.

It reads the layout of the bundled table (a number line, a title line, a content line) and cuts
goals into sentences at 。；. The real parser lives in ingest/ and is tested there.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.model import Goal, Passage, PassageKind, PolicyDocument

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"
_GOAL = re.compile(r"^(\d{1,2})\n+(\S[^\n]*)\n+([^\n]+)", re.M)
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def parse_seed(path: Path = SEED) -> PolicyDocument:
    text = path.read_text(encoding="utf-8")
    goals, passages = [], []
    for match in _GOAL.finditer(text):
        body = match.group(3)
        lead = len(body) - len(body.lstrip())
        start, end = match.start(3) + lead, match.end(3)
        number = int(match.group(1))
        goals.append(Goal(number, match.group(2).strip(), match.start(2), text[start:end], start, end))
        for s in _SENTENCE.finditer(text, start, end):
            if s.group().strip():
                passages.append(Passage(s.group(), s.start(), s.end(), PassageKind.SENTENCE, number))
    return PolicyDocument(
        id=path.stem,
        source=path.name,
        text=text,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        title="市科技局2016年度业务职能目标",
        goals=tuple(goals),
        passages=tuple(passages),
    )
