r"""Document text as safe markdown: every markdown and HTML special escaped, spans highlighted.

Streamlit renders ``st.markdown`` without HTML (``unsafe_allow_html`` is never used), and every
ASCII punctuation mark of the source is backslash-escaped, so a ``<script>``, a ``[link](…)``,
``$maths$`` or a ``:red[directive]`` in a policy file shows as the characters written. Escapes do
not stop GitHub's bare-URL links (``http://…``, ``www.…``, ``name@host.cn`` become links after
parsing), so a word joiner (U+2060, invisible) follows each ``http``, ``https``, ``www`` and ``@``.

>>> escape("<script>alert(1)</script> *x* $y$")
'\\<script\\>alert\\(1\\)\\<\\/script\\> \\*x\\* \\$y\\$'
>>> escape("见www.x.cn") == "见www\u2060\\.x\\.cn"
True
>>> highlight("中科院与兰化所合作", [(0, 3, "blue"), (4, 7, "blue")])
':blue-background[中科院]与:blue-background[兰化所]合作'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policykg.kinds import KINDS

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&\"'=^%@;,/?])")
# Where a bare URL or e-mail address begins; the joiner goes after it.
_AUTOLINK = re.compile(r"(https?(?=:)|www(?=\.)|@)", re.IGNORECASE)
_JOINER = "\u2060"

# Colours of the highlight per kind of span (Streamlit markdown background colours).
COLOURS = {"match": "orange", **{k.name: k.colour for k in KINDS}, "target": "red"}


def escape(text: str) -> str:
    """Markdown-inert text: ASCII punctuation escaped, line breaks kept, indentation dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # A line starting with spaces would become a code block; the chunk's own edges keep theirs.
    lines = lines[:1] + [line.lstrip() for line in lines[1:]]
    return "  \n".join(_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(rf"\1{_JOINER}", line)) for line in lines)


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` as safe markdown with each (start, end, colour) span on a coloured background.

    Overlapping spans: the earlier (then longer) one wins; spans outside the text are ignored.
    """
    out: list[str] = []
    cursor = 0
    for start, end, colour in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, 0), min(end, len(text))
        if start < cursor or start >= end:
            continue
        out.append(escape(text[cursor:start]))
        out.append(f":{colour}-background[{_inline(text[start:end])}]")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out).lstrip()  # leading spaces would make a code block


def _inline(text: str) -> str:
    # Inside a directive a line break would end it: keep the span on one line.
    return escape(" ".join(text.split()))


def chart_text(text: str) -> str:
    """Text for a Plotly title, axis or legend label: Plotly reads a subset of HTML there
    (``<b>``, ``<a href>``, ``<br>``), so ``&``, ``<`` and ``>`` are written as entities.

    >>> chart_text('<a href="http://x">技术</a> & 合同')
    '&lt;a href="http://x"&gt;技术&lt;/a&gt; &amp; 合同'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
