"""Chinese word segmentation with part-of-speech tags and character offsets (jieba).

One private jieba tokenizer is built on first use and reused: it writes its dictionary cache under
``$XDG_CACHE_HOME/policykg`` (else ``~/.cache/policykg``), never the system temp folder, and it
knows the gazetteer's names and ``ingest/data/userdict.txt`` so that 中科院 or 哈工程 come out as
one organisation word (POS ``nt``). Other users of jieba in the process are not affected.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.kinds import KINDS
from policykg.settings import cache_dir

if TYPE_CHECKING:
    from ingest.gazetteer import Gazetteer

DATA = Path(__file__).parent / "data"
USER_DICT = DATA / "userdict.txt"


@dataclass(frozen=True)
class Token:
    word: str
    pos: str  # jieba tag: n, v, ns (place), nt (organisation), nz, x (punctuation), …
    start: int
    end: int


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer() -> object:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    folder = cache_dir() / "jieba"  # the same dictionary cache as the lexical index's
    folder.mkdir(parents=True, exist_ok=True)
    base = jieba.Tokenizer()
    base.tmp_dir = str(folder)
    base.initialize()
    if USER_DICT.exists():
        base.load_userdict(str(USER_DICT))
    from ingest.gazetteer import default_gazetteer

    for entity in default_gazetteer().entities.values():
        for name in (entity.key, *entity.aliases):
            if len(name) >= 2:
                base.add_word(name, freq=_freq(name), tag=_TAGS[entity.kind])
                _known.add(name)
    return jieba.posseg.POSTokenizer(base)


_TAGS = {k.kind: k.pos_tag for k in KINDS}


def _freq(name: str) -> int:
    # High enough that the whole name wins over its pieces.
    return 2000 + 200 * len(name)


_known: set[str] = set()


def add_words(words: Iterable[tuple[str, str]]) -> None:
    """Teach the tokenizer more names, e.g. from a user's alias file: ``(word, pos)`` pairs."""
    tok = _tokenizer()
    with _lock:
        for word, pos in words:
            if len(word) >= 2 and word not in _known:
                tok.tokenizer.add_word(word, freq=_freq(word), tag=pos)  # type: ignore[attr-defined]
                _known.add(word)


def learn_gazetteer(gazetteer: Gazetteer) -> None:
    """Make every name of ``gazetteer`` one word (a user's alias file adds to the shipped one)."""
    add_words((name, _TAGS[e.kind]) for e in gazetteer.entities.values() for name in (e.key, *e.aliases))


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Words of ``text`` with POS tags and offsets (shifted by ``offset``).

    >>> [(t.word, t.pos) for t in tokens("推进中科院青岛育成中心建设")][:2]
    [('推进', 'v'), ('中科院', 'nt')]
    """
    tok = _tokenizer()
    out: list[Token] = []
    for piece, at, hmm in _pieces(text):
        pos = 0
        with _lock:
            pairs = list(tok.cut(piece, HMM=hmm))  # type: ignore[attr-defined]
        for pair in pairs:
            word, flag = pair.word, pair.flag
            start = piece.find(word, pos)
            if start < 0:  # jieba never drops characters; keep going defensively
                continue
            out.append(Token(word, flag, offset + at + start, offset + at + start + len(word)))
            pos = start + len(word)
    return out


# What jieba's POS tokenizer segments as one block (its ``re_han_internal``); it emits every other
# character on its own, except "\r\n". Inside a block, jieba's time grows faster than the block's
# length, and its HMM (which guesses unknown words) costs milliseconds a character.
_BLOCK_CHAR = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._]")
_PIECE = 2000  # characters handed to jieba at a time


def _pieces(text: str) -> list[tuple[str, int, bool]]:
    """``text`` in pieces of at most ``_PIECE`` characters: (piece, offset, use the HMM).

    Cuts fall where jieba cuts anyway (next to a character outside a block), so the words are the
    same as for the whole text. Only a block longer than a piece — thousands of characters with no
    punctuation, never a sentence — is cut inside, and its pieces go without the HMM.
    """
    out: list[tuple[str, int, bool]] = []
    start, n, forced = 0, len(text), False
    while n - start > _PIECE:
        cut = start + _PIECE
        while cut > start and not _free(text, cut):
            cut -= 1
        was_forced, forced = forced, cut == start
        if forced:
            cut = start + _PIECE
        out.append((text[start:cut], start, not (forced or was_forced)))
        start = cut
    out.append((text[start:], start, not forced))
    return out


def _free(text: str, i: int) -> bool:
    """Can jieba's input be cut before ``text[i]`` without changing its words?"""
    before, after = text[i - 1], text[i]
    if before == "\r" and after == "\n":
        return False
    return not (_BLOCK_CHAR.match(before) and _BLOCK_CHAR.match(after))
