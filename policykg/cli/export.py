"""``policykg export``: the whole graph as RDF or GraphML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg.atomic import write_bytes_atomic
from policykg.cli.common import open_corpus
from queries.export import GRAPH_FORMATS, serialize_graph


@click.command()
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the graph: turtle, nt, nquads, trig (named graphs kept), jsonld or graphml (Gephi)."""
    with open_corpus(ctx) as corpus:
        data = serialize_graph(corpus.store, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_bytes_atomic(output, data)
        click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


COMMANDS = [export]
