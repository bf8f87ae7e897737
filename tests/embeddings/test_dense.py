"""FAISS against the numpy brute-force oracle, on random unit vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.dense import DenseKind
from embeddings.dense_kinds import load_dense_index, make_dense_index
from embeddings.encoder import Vectors, as_unit_rows
from policykg.errors import ConfigError


def unit(n: int, dim: int, seed: int) -> Vectors:
    return as_unit_rows(np.random.default_rng(seed).normal(size=(n, dim)), dim)


@pytest.mark.parametrize(("n", "k"), [(1, 1), (57, 5), (3000, 10), (3000, 100)])
def test_flat_faiss_top_k_equals_numpy_oracle(n: int, k: int) -> None:
    vectors, queries = unit(n, 48, seed=n), unit(40, 48, seed=n + 1)
    exact, oracle = make_dense_index("flat", 48), make_dense_index("numpy", 48)
    for index in (exact, oracle):
        index.add(vectors[: n // 2])
        index.add(vectors[n // 2 :])  # ids continue across calls
    scores, ids = exact.search(queries, k)
    oracle_scores, oracle_ids = oracle.search(queries, k)
    np.testing.assert_array_equal(ids, oracle_ids)
    np.testing.assert_allclose(scores, oracle_scores, atol=1e-5)
    assert len(exact) == len(oracle) == n


@pytest.mark.parametrize("kind", ["flat", "hnsw", "numpy"])
def test_fewer_vectors_than_k_pads_with_minus_one(kind: DenseKind) -> None:
    index = make_dense_index(kind, 8)
    index.add(unit(3, 8, seed=0))
    scores, ids = index.search(unit(2, 8, seed=1), 5)
    assert ids.shape == scores.shape == (2, 5)
    assert (ids[:, 3:] == -1).all() and np.isneginf(scores[:, 3:]).all()
    assert sorted(ids[0, :3]) == [0, 1, 2]


def test_hnsw_recall_against_exact_search() -> None:
    vectors, queries = unit(10_000, 64, seed=7), unit(200, 64, seed=8)
    exact, approx = make_dense_index("flat", 64), make_dense_index("hnsw", 64)
    exact.add(vectors)
    approx.add(vectors)
    _, truth = exact.search(queries, 10)
    _, found = approx.search(queries, 10)
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found, strict=True)])
    assert recall >= 0.9, recall


@pytest.mark.parametrize("kind", ["flat", "hnsw", "numpy"])
def test_save_and_load_round_trip(kind: DenseKind, tmp_path: Path) -> None:
    index = make_dense_index(kind, 16)
    index.add(unit(500, 16, seed=3))
    queries = unit(5, 16, seed=4)
    index.save(tmp_path / "index.bin")
    loaded = load_dense_index(kind, 16, tmp_path / "index.bin")
    np.testing.assert_array_equal(loaded.search(queries, 7)[1], index.search(queries, 7)[1])


def test_query_dimension_is_checked() -> None:
    index = make_dense_index("flat", 16)
    with pytest.raises(ValueError, match="dimensions"):
        index.search(unit(1, 8, seed=0), 1)


def test_unknown_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="ivf"):
        make_dense_index("ivf", 8)  # type: ignore[arg-type]  # deliberately invalid
