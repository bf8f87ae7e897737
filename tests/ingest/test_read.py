from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.formats import read_source
from ingest.read import decode, read_text_bytes
from policykg.errors import BinaryFileError, DecodeError, EmptyDocumentError, IngestError

TEXT = "市科技局2016年度业务职能目标\n\n1\n\n集聚高端创新资源\n\n落实与中科院第二轮合作协议。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb2312"), "gb18030"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ],
)
def test_decode_detects_encoding(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyDocumentError, "empty"),
        (b"   \n\n ", EmptyDocumentError, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), BinaryFileError, "binary"),
        ("我要收藏\n字体大小: 打印\n扫一扫在手机打开当前页".encode(), EmptyDocumentError, "page chrome"),
        (b"plan \xfa\xfa\xff\xff" * 10, DecodeError, "GB18030"),
    ],
)
def test_bad_input_is_one_clear_error(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        read_text_bytes(data, "bad.txt")
    text = str(info.value)
    assert message in text
    assert "\n" not in text and text.startswith("bad.txt")


def test_unsupported_suffix_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "plan.xyz"
    odd.write_text("x")
    with pytest.raises(IngestError, match=r"unsupported file type \.xyz"):
        read_source(odd)
    with pytest.raises(IngestError, match="no such file"):
        read_source(tmp_path / "missing.txt")


def test_seed_chrome_is_stripped(seed_path: Path) -> None:
    source = read_source(seed_path)
    for chrome in ("我要收藏", "取消收藏", "字体大小", "打印", "扫一扫"):
        assert chrome not in source.text
    assert source.text.startswith("业务职能目标\n青岛政务网 发布日期 : 2016-11-02")
    assert source.encoding == "utf-8"
    assert len(source.sha256) == 64
