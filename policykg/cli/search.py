"""``policykg search``: semantic, lexical or hybrid search over policy text."""

from __future__ import annotations

import json

import click

from embeddings.store import MODES
from policykg.cli.common import open_corpus, table
from queries.search import coverage_warning, search


@click.command(name="search")
@click.argument("query")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many hits.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("--document", help="Only this document (file name without extension).")
@click.option("--goal", type=int, help="Only this goal number.")
@click.option("--institution", help="Only goals naming this institution (aliases and sub-organisations too).")
@click.option("--passages", is_flag=True, help="List passages; by default each goal appears once.")
@click.option(
    "--duplicates",
    is_flag=True,
    help="List goals whose best passage repeats a better hit's words with other figures; by default they are "
    "folded into it (the 'similar' count).",
)
@click.option("--model", envvar="POLICYKG_MODEL", help="Embedding model setting. [env: POLICYKG_MODEL]")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def search_command(
    ctx: click.Context,
    query: str,
    k: int,
    mode: str,
    document: str | None,
    goal: int | None,
    institution: str | None,
    passages: bool,
    duplicates: bool,
    model: str | None,
    fmt: str,
) -> None:
    """Search policy text in Chinese or English."""
    with open_corpus(ctx, model=model) as corpus:
        hits = search(corpus.store, corpus.index, query, k, mode, document, goal, institution, passages, duplicates)  # type: ignore[arg-type]
        if warning := coverage_warning(corpus.store, corpus.index):
            click.echo(f"warning: {warning}", err=True)
    if fmt == "json":
        keys = ("rank", "score", "text", "document", "goal", "goal_title", "start", "end", "iri", "similar")
        click.echo(json.dumps([{key: getattr(h, key) for key in keys} for h in hits], ensure_ascii=False, indent=2))
        return
    rows = [
        [str(h.rank), f"{h.score:.3f}", h.document, str(h.goal or ""), h.goal_title or "", h.text + _similar(h.similar)]
        for h in hits
    ]
    click.echo(table(["#", "score", "document", "goal", "title", "text"], rows))


def _similar(count: int) -> str:
    return f"  (+{count} similar)" if count else ""


COMMANDS = [search_command]
