"""The shape of every synthetic plan: a header, then numbered goals in one of the two layouts real
plans use, written to .txt files.

    table=False   ``一、标题`` paragraphs, the goal's text on the next line
    table=True    the ``序号 / 目标名称 / 目标内容`` table, flattened one cell a paragraph

``bench.corpus`` (science-and-technology bureaus, the seed's genre) and ``bench.distractors``
(the other bureaus of a city) fill it from their own word lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

NUMERALS = "一二三四五六七八九十"


def plan_text(header: str, goals: Sequence[tuple[str, str]], table: bool) -> str:
    """A plan's text: ``header``, a blank line, then the goals' ``(title, text)`` pairs.

    >>> print(plan_text("某市科技局2020年工作目标", [("建设平台", "新建实验室2家。")], table=False))
    某市科技局2020年工作目标
    <BLANKLINE>
    一、建设平台
    新建实验室2家。
    <BLANKLINE>
    """
    if table:
        rows = "\n\n".join(f"{i + 1}\n\n{title}\n\n{text}" for i, (title, text) in enumerate(goals))
        body = f"序号\n\n目标名称\n\n目标内容\n\n{rows}"
    else:
        # An eleventh goal restarts at 一: the benchmarks' recorded figures were measured on these texts.
        body = "\n\n".join(f"{NUMERALS[i % 10]}、{title}\n{text}" for i, (title, text) in enumerate(goals))
    return f"{header}\n\n{body}\n"


def write_texts(folder: Path, documents: Iterable[tuple[str, str]]) -> list[Path]:
    """Write ``(file name, text)`` pairs into ``folder``; files already there with the same text are kept."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in documents:
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
