"""What a document's text is, whatever file it came in: an exact fingerprint and a MinHash.

The same plan saved as .txt, .docx and .pdf, or in GBK and GB2312, cleans to texts that differ
in layout (line breaks, a table's cells, a page's chrome) but hardly in words. Both measures read
only the text's letters and digits, so layout and punctuation drop out:

- ``fingerprint``: SHA-256 of those characters; equal means the same text;
- ``minhash``: a MinHash signature of their 5-character shingles; ``similarity`` of two estimates
  the Jaccard similarity of the shingle sets. Measured on the test plans: a plan's .txt, .docx,
  .pdf, GBK and GB2312-HTML copies 1.00 (their letters are the same); the seed's bureau in 2016
  and 2017, which keeps goals and phrases, 0.15; plans of other bureaus 0.00–0.04; the seed with
  two targets edited 0.99 or more. ``NEAR_DUPLICATE`` = 0.9 joins copies (and a copy with a few words
  changed by extraction) and keeps a bureau's plans of different years apart with a wide margin
  (tests/ingest/test_fingerprint.py).
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

NEAR_DUPLICATE = 0.9
SHINGLE = 5
HASHES = 128
_PRIME = 4294967291  # the largest prime below 2**32: (a * x + b) stays below 2**64
_rng = np.random.default_rng(20161102)
_A = _rng.integers(1, _PRIME, HASHES, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, HASHES, dtype=np.uint64)
_NOT_WORD = re.compile(r"[\W_]+")
_CHUNK = 4096  # shingles hashed at once: HASHES x _CHUNK x 8 bytes = 4 MB


def letters(text: str) -> str:
    """The text without whitespace, punctuation or symbols.

    >>> letters("一、目标：超过 100 亿元。")
    '一目标超过100亿元'
    """
    return _NOT_WORD.sub("", text)


def fingerprint(text: str) -> str:
    return hashlib.sha256(letters(text).encode("utf-8")).hexdigest()


def minhash(text: str) -> str:
    """The signature, as hex (8 digits a hash), to keep as a literal beside the document."""
    body = letters(text)
    shingles = {body[i : i + SHINGLE] for i in range(max(1, len(body) - SHINGLE + 1))}
    values = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    signature = np.full(HASHES, _PRIME, dtype=np.uint64)
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        hashed = (_A[:, None] * chunk[None, :] + _B[:, None]) % np.uint64(_PRIME)
        signature = np.minimum(signature, hashed.min(axis=1))
    return signature.astype(">u4").tobytes().hex()


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two ``minhash`` signatures (0 when they cannot compare)."""
    if len(a) != len(b) or not a:
        return 0.0
    x = np.frombuffer(bytes.fromhex(a), dtype=">u4")
    y = np.frombuffer(bytes.fromhex(b), dtype=">u4")
    return float(np.mean(x == y))
