"""``policykg stats``: what the store holds."""

from __future__ import annotations

import json

import click

from policykg.cli.common import open_corpus


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Documents, goals, entities by type, targets and quads in the store."""
    with open_corpus(ctx) as corpus:
        counts = corpus.stats()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        for name, n in counts.items():
            click.echo(f"{name:14} {n:>10,}")


COMMANDS = [stats]
