"""Traditional or simplified script: tell a plan written in traditional characters, and read it simplified.

``simplified(text)`` is a *reading* of the text: the same number of characters, each replaced by its
simplified form, so a span found in the reading (a heading, an institution, a target) is the same
span in the original. The extractors run on the reading; offsets and quoted evidence stay in the
original, and a label is the reading's slice (simplified) with the original's slice kept beside it.

The conversion is OpenCC's (the ``opencc`` package ships its dictionaries): Taiwan variants, then
Hong Kong variants, each followed by OpenCC's phrase and character tables, which choose by context
(乾燥 → 干燥 but 乾隆 stays, 接著 → 接着 but 著名 stays). A phrase table may map a phrase to one of
another length (部落格 → 博客 in the vocabulary configs); the length is kept by converting the whole
text at once, then any run of Han characters whose conversion changed length or moved the text
around it is converted again on its own, and a run that still changes length character by character.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import opencc

# Han characters: CJK unified ideographs, extension A, compatibility ideographs, extensions B and later.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HAN_RUN = re.compile(_HAN.pattern + "+")

# OpenCC configurations applied in turn, none of them rewrites vocabulary: Taiwan variants (著→着 by
# phrase), then Hong Kong variants (衞→卫), each ending with OpenCC's traditional→simplified tables.
TO_SIMPLIFIED = ("tw2s", "hk2s")
TO_TRADITIONAL = ("s2t",)

# Of a plan's Han characters, the share that only traditional script writes (measured on real plans:
# 0.34–0.38 in plans published in traditional characters, 0.000 in simplified ones, where 於 or 臺
# in a name are a handful among thousands). A text is traditional above this share, when it has at
# least MIN_TRADITIONAL such characters and more of them than characters only simplified script writes.
TRADITIONAL_SHARE = 0.05
MIN_TRADITIONAL = 2


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _convert(text: str, config: str) -> str | None:
    """OpenCC's conversion, or None for text it cannot encode (a lone surrogate a PDF left)."""
    try:
        converted: str = _converter(config).convert(text)
    except UnicodeEncodeError:
        return None
    return converted


@lru_cache(maxsize=65536)
def _char(char: str, configs: tuple[str, ...]) -> str:
    """One character through the chain; a conversion to anything but one character keeps it."""
    for config in configs:
        converted = _convert(char, config)
        if converted is not None and len(converted) == 1:
            char = converted
    return char


def _by_character(text: str, configs: tuple[str, ...]) -> str:
    return "".join(_char(char, configs) for char in text)


def _aligned(text: str, converted: str | None) -> bool:
    """Same length, and every character that is not Han still where it was."""
    return converted is not None and len(converted) == len(text) and _HAN.sub("\0", converted) == _HAN.sub("\0", text)


def same_length(text: str, config: str) -> str:
    """OpenCC's conversion of ``text`` under ``config``, with its length kept position by position.

    Phrase-level conversion is used where it keeps every run of Han characters its length; a run
    it would lengthen or shorten is converted character by character.

    >>> same_length("他寫部落格。", "tw2sp")  # the phrase table alone would give 他写博客。
    '他写部落格。'
    """
    whole = _convert(text, config)
    if whole is not None and _aligned(text, whole):
        return whole
    configs = (config,)
    parts: list[str] = []
    done = 0
    for run in _HAN_RUN.finditer(text):
        parts.append(_by_character(text[done : run.start()], configs))
        converted = _convert(run.group(), config)
        parts.append(
            converted
            if converted is not None and _aligned(run.group(), converted)
            else _by_character(run.group(), configs)
        )
        done = run.end()
    parts.append(_by_character(text[done:], configs))
    return "".join(parts)


def simplified(text: str) -> str:
    """The text with every character in its simplified form, exactly as long as the text.

    >>> simplified("責任單位：市發展改革委、市財政局")
    '责任单位：市发展改革委、市财政局'
    >>> simplified("新增3個省級平台，著力推動乾燥地區")
    '新增3个省级平台，着力推动干燥地区'
    """
    for config in TO_SIMPLIFIED:
        text = same_length(text, config)
    return text


def script_counts(text: str) -> tuple[int, int, int]:
    """``(han, traditional_only, simplified_only)``: the text's Han characters, those that simplify to
    another character, and those that have another traditional form."""
    counts = Counter(_HAN.findall(text))
    han = sum(counts.values())
    traditional = sum(n for char, n in counts.items() if _char(char, TO_SIMPLIFIED) != char)
    simplified_only = sum(n for char, n in counts.items() if _char(char, TO_TRADITIONAL) != char)
    return han, traditional, simplified_only


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (not a simplified text quoting a few).

    >>> is_traditional("市科技局牽頭，推動產業發展。")
    True
    >>> is_traditional("推动臺湾地区与大陆的产业合作，关于于都县的发展规划。")
    False
    """
    han, traditional, simplified_only = script_counts(text)
    return traditional >= MIN_TRADITIONAL and traditional >= TRADITIONAL_SHARE * han and traditional > simplified_only


def reading(text: str) -> str:
    """The text the extractors read: its simplified form when it is traditional, else the text itself.
    Either way it is as long as ``text``, so offsets into it are offsets into ``text``."""
    return simplified(text) if is_traditional(text) else text
