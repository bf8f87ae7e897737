"""Fingerprints and MinHash: copies of one plan in other formats score as one; other plans do not."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ingest.fingerprint import NEAR_DUPLICATE, fingerprint, minhash, similarity
from ingest.formats import read_source
from ingest.parse import parse

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"


def text(path: Path) -> str:
    return parse(read_source(path)).text


@pytest.fixture(scope="module")
def copies(plan_copies: dict[str, list[Path]]) -> dict[str, list[str]]:
    return {plan: [text(path) for path in paths] for plan, paths in plan_copies.items()}


def test_copies_in_other_formats_and_encodings_are_near_duplicates(copies: dict[str, list[str]]) -> None:
    assert len(set(copies["qingdao-2017"])) > 1  # the cleaned texts differ in layout …
    for texts in copies.values():
        for a, b in itertools.combinations(texts, 2):
            assert similarity(minhash(a), minhash(b)) >= NEAR_DUPLICATE  # … not in words
            assert fingerprint(a) == fingerprint(b)


def test_plans_of_one_bureau_in_two_years_are_not(copies: dict[str, list[str]]) -> None:
    seed, later = text(SEED), copies["qingdao-2017"][0]
    score = similarity(minhash(seed), minhash(later))
    assert 0.05 < score < 0.3  # kept goals share phrases; measured 0.15, far below the threshold
    assert similarity(minhash(seed), minhash(copies["ningbo-2017"][0])) < 0.05


def test_an_edit_of_a_few_words_stays_near() -> None:
    seed = text(SEED)
    edited = seed.replace("100亿元", "110亿元").replace("1100家", "1200家")
    assert fingerprint(edited) != fingerprint(seed)
    assert similarity(minhash(seed), minhash(edited)) >= NEAR_DUPLICATE
