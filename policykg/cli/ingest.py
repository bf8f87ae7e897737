"""``policykg ingest`` and ``policykg remove``."""

from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from policykg.cli.common import open_corpus
from policykg.settings import bundled_corpus


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Re-ingest files even when unchanged.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], force: bool) -> None:
    """Ingest files or folders (.txt; folders recursively). No PATH: the bundled corpus."""
    targets = list(paths) or [bundled_corpus()]
    with open_corpus(ctx, write=True) as corpus:
        report = corpus.ingest(
            targets,
            force=force,
            progress=lambda files: tqdm(files, desc="ingest", unit="doc", disable=None),
        )
    for _name, error in report.failed:
        click.echo(f"failed: {error}", err=True)
    click.echo(report.summary())
    if report.failed and not (report.added or report.updated or report.unchanged):
        ctx.exit(1)


@click.command()
@click.argument("document")
@click.pass_context
def remove(ctx: click.Context, document: str) -> None:
    """Remove a document (by id: its file name without extension) from the store."""
    with open_corpus(ctx, write=True) as corpus:
        if not corpus.remove(document):
            raise click.ClickException(f"no document {document!r} in the store")
    click.echo(f"removed {document}")


COMMANDS = [ingest, remove]
