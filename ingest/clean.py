"""Strip page chrome that portals wrap around a document, repair converter damage, normalise white space.

Only whole lines of chrome (我要收藏, 字体大小, 打印, 扫一扫在手机打开当前页, breadcrumbs such as
当前位置：首页 > …, copyright and ICP footers, page numbers such as ``- 2 -``) and chrome fragments at
a line's end are removed, and the pinyin glosses some script converters insert after a character
(發(fā)展, 規(guī)劃處: see ``repair_pinyin_glosses``); the document's own characters are kept as they
are, so that offsets into the cleaned text point at the words the author wrote.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Lines that are nothing but portal furniture.
_CHROME_LINE = re.compile(
    r"^(?:"
    r"我要收藏|取消收藏|收藏本页|加入收藏|打印本页|关闭窗口|关闭本页|返回顶部|返回首页|"
    r"【?打印】?|【?关闭】?|【?收藏】?|"
    r"字体大小\s*[:：]?.*|字号\s*[:：]?\s*[大中小\s]*.*|"
    r"[【\[]?\s*字体\s*[:：]?\s*[大中小\s]+[】\]]?.*|"
    r"分享到\s*[:：]?.*|扫一扫在手机打开当前页\S*|"
    r"(?:上一篇|下一篇)\s*[:：].*|"
    r"(?:浏览|访问|阅读)(?:次数|量)\s*[:：]\s*\d+|"
    # breadcrumbs and site footers of web pages
    r"(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置)\s*[:：].*|"
    r"(?:版权所有|Copyright|©).*|.*(?:ICP备|ICP证|公网安备|网站标识码).*|"
    # page numbers of printed or PDF documents: "- 2 -", "—2—", "第2页 共5页"
    r"[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页\s*(?:[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r")$",
    re.IGNORECASE,
)
# Chrome glued to the end of a content line.
_CHROME_TAIL = re.compile(r"\s*(?:扫一扫在手机打开当前页\d*|【打印】|【关闭】)\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u200b\ufeff]+")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A Han character, then one lowercase Latin syllable (tone marks precomposed or combining, ü) in
# half- or full-width parentheses: the candidates; ``repair_pinyin_glosses`` keeps only real syllables.
_GLOSS = re.compile(
    rf"(?<=[{_HAN}])[(（]([a-z\u00e0-\u00fc\u0101-\u01dc\u0144\u0148\u01f9\u1e3f\u0300-\u036f]{{1,8}})[)）]"
)
_MARKED = re.compile(r"[^a-z]")  # a tone mark or ü: a letter English does not write
# Toneless glosses (們(men)) are removed only where the document shows the damage this many times with
# toned ones, and only when the syllable is a reading of the character before it.
MIN_TONED_GLOSSES = 3


@lru_cache(maxsize=1)
def _pinyin() -> tuple[frozenset[str], dict[int, str]]:
    """Mandarin's syllables, toned (fā) and toneless (fa, lü), and each character's readings, from
    pypinyin's dictionary (loaded only when a document has a toned candidate)."""
    from pypinyin.pinyin_dict import pinyin_dict

    toned = {reading for readings in pinyin_dict.values() for reading in readings.split(",")}
    return frozenset(toned | {_toneless(reading) for reading in toned}), pinyin_dict


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")  # ü keeps its dots
    return unicodedata.normalize("NFC", kept)


def _is_reading(syllable: str, char: str, readings: dict[int, str]) -> bool:
    return syllable in {_toneless(reading) for reading in readings.get(ord(char), "").split(",")}


def repair_pinyin_glosses(text: str) -> str:
    """Remove the pinyin a converter inserted after characters: 發(fā)展 → 發展, 規(guī)劃 → 規劃.

    A gloss is a parenthesised syllable with a tone mark or ü right after a Han character; a
    toneless one (們(men)) only in a document with several toned glosses, and only when it is a
    reading of the character before it. Parentheses with anything else, or not after a Han
    character, stay.

    >>> repair_pinyin_glosses("推動(dòng)海洋發（fā）展(2021-2023年)，R&D (yè) 研發(R&D)")
    '推動海洋發展(2021-2023年)，R&D (yè) 研發(R&D)'
    >>> repair_pinyin_glosses("我們(men)的規劃")
    '我們(men)的規劃'
    """
    candidates = list(_GLOSS.finditer(text))
    syllable = [unicodedata.normalize("NFC", m.group(1)) for m in candidates]
    marked = [bool(_MARKED.search(s)) for s in syllable]
    if not any(marked):  # no toned gloss, so none at all
        return text
    syllables, readings = _pinyin()
    gloss = [is_marked and s in syllables for s, is_marked in zip(syllable, marked, strict=True)]
    if sum(gloss) >= MIN_TONED_GLOSSES:
        gloss = [
            is_gloss or (not is_marked and _is_reading(s, text[m.start() - 1], readings))
            for m, s, is_marked, is_gloss in zip(candidates, syllable, marked, gloss, strict=True)
        ]
    parts: list[str] = []
    done = 0
    for m, is_gloss in zip(candidates, gloss, strict=True):
        if is_gloss:
            parts.append(text[done : m.start()])
            done = m.end()
    parts.append(text[done:])
    return "".join(parts)


def clean_text(text: str) -> str:
    """Return the text without page chrome and converter glosses, lines stripped, blank runs folded to one.

    >>> clean_text("我要收藏\\n标题\\n\\n\\n 正文。 \\n扫一扫在手机打开当前页8030")
    '标题\\n\\n正文。'
    >>> clean_text("当前位置：首页 > 政务公开\\n正文。\\n- 2 -\\n版权所有：某市人民政府 鲁ICP备05000000号")
    '正文。'
    """
    text = repair_pinyin_glosses(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        line = _CHROME_TAIL.sub("", line)
        if _CHROME_LINE.match(line):
            continue
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
