"""Helpers shared by the commands: opening the corpus, printing tables."""

from __future__ import annotations

import click

from policykg.corpus import Corpus
from policykg.settings import Settings


def open_corpus(
    ctx: click.Context,
    *,
    write: bool = False,
    model: str | None = None,
    max_file_mb: float | None = None,
    ingest_timeout: float | None = None,
    device: str | None = None,
) -> Corpus:
    settings = Settings.from_env(
        store=ctx.obj, model=model, max_file_mb=max_file_mb, ingest_timeout=ingest_timeout, device=device
    )
    return Corpus.open(settings, write=write)


def table(headers: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """A plain text table; cells are cut at ``max_width`` characters (CJK counts double)."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    def cut(text: str) -> str:
        text = " ".join(text.split())
        while width(text) > max_width:
            text = text[:-2] + "…"
        return text

    cells = [[cut(h) for h in headers]] + [[cut(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
