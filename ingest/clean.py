"""Strip page chrome that portals wrap around a document, and normalise white space.

Only whole lines of chrome (我要收藏, 字体大小, 打印, 扫一扫在手机打开当前页, breadcrumbs such as
当前位置：首页 > …, copyright and ICP footers, page numbers such as ``- 2 -``) and chrome fragments at
a line's end are removed; the document's own characters are kept as they are, so
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


def clean_text(text: str) -> str:
    """Return the text without page chrome, lines stripped, blank runs folded to one.

    >>> clean_text("我要收藏\\n标题\\n\\n\\n 正文。 \\n扫一扫在手机打开当前页8030")
    '标题\\n\\n正文。'
    >>> clean_text("当前位置：首页 > 政务公开\\n正文。\\n- 2 -\\n版权所有：某市人民政府 鲁ICP备05000000号")
    '正文。'
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
