"""``policykg validate``: the store, or an export file, against the SHACL shapes (graph/shapes.ttl)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from graph.results import Triple
from graph.validate import read_export, validate
from policykg.cli.common import open_corpus


@click.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def validate_command(ctx: click.Context, file: Path | None) -> None:
    """Check the graph against the SHACL shapes: one line per violation, exit status 1 if any.

    FILE: an export (.ttl .nt .nq .trig .jsonld) to check instead of the store."""
    triples: Iterable[Triple]
    if file is not None:
        triples = graph = read_export(file)
        size = len(graph)
    else:
        with open_corpus(ctx) as corpus:
            triples = merged = {(s, p, o) for s, p, o, _ in corpus.store.quads()}
        size = len(merged)
    violations = validate(triples)
    for violation in violations:
        click.echo(str(violation))
    if violations:
        click.echo(f"{len(violations)} violations of graph/shapes.ttl in {size:,} triples", err=True)
        sys.exit(1)
    click.echo(f"valid: {size:,} triples conform to graph/shapes.ttl", err=True)


COMMANDS = [validate_command]
