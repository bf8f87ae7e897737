"""Strip page chrome that portals wrap around a document, and normalise white space.

Only whole lines of chrome (我要收藏, 字体大小, 打印, 扫一扫在手机打开当前页 …) and chrome
fragments at a line's end are removed; the document's own characters are kept as they are, so
that offsets into the cleaned text point at the words the author wrote.
"""

from __future__ import annotations

import re

# Lines that are nothing but portal furniture.
_CHROME_LINE = re.compile(
    r"^(?:"
    r"我要收藏|取消收藏|收藏本页|加入收藏|打印本页|关闭窗口|关闭本页|返回顶部|返回首页|"
    r"【?打印】?|【?关闭】?|【?收藏】?|"
    r"字体大小\s*[:：]?.*|字号\s*[:：]?\s*[大中小\s]*.*|"
    r"[【\[]?\s*字体\s*[:：]?\s*[大中小\s]+[】\]]?.*|"
    r"分享到\s*[:：]?.*|扫一扫在手机打开当前页\S*|"
    r"(?:上一篇|下一篇)\s*[:：].*|"
    r"(?:浏览|访问|阅读)(?:次数|量)\s*[:：]\s*\d+"
    r")$"
)
# Chrome glued to the end of a content line.
_CHROME_TAIL = re.compile(r"\s*(?:扫一扫在手机打开当前页\d*|【打印】|【关闭】)\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """Return the text without page chrome, lines stripped, blank runs folded to one.

    >>> clean_text("我要收藏\\n标题\\n\\n\\n 正文。 \\n扫一扫在手机打开当前页8030")
    '标题\\n\\n正文。'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
