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
@click.option("--rebuild-index", is_flag=True, help="Rebuild the search index from the graph (e.g. for a new model).")
@click.option("--model", envvar="POLICYKG_MODEL", help="Embedding model setting. [env: POLICYKG_MODEL]")
@click.option(
    "--device",
    type=click.Choice(["auto", "cpu", "cuda"]),
    help="Where passages are encoded (default auto: a GPU if torch sees one). [env: POLICYKG_DEVICE]",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0, min_open=True),
    help="Refuse files larger than this many MB (default 50). [env: POLICYKG_MAX_FILE_MB]",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    help="Seconds one file may take to read, extract and encode (default 120; 0: no limit). "
    "[env: POLICYKG_INGEST_TIMEOUT]",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    force: bool,
    rebuild_index: bool,
    model: str | None,
    device: str | None,
    max_file_mb: float | None,
    timeout: float | None,
) -> None:
    """Ingest files or folders (folders recursively). No PATH: the bundled corpus."""
    if rebuild_index:
        with open_corpus(ctx, write=True, model=model, device=device) as corpus:
            click.echo(f"indexed {corpus.rebuild_index()} passages")
        if not paths:
            return
    targets = list(paths) or [bundled_corpus()]
    with open_corpus(
        ctx, write=True, model=model, max_file_mb=max_file_mb, ingest_timeout=timeout, device=device
    ) as corpus:
        report = corpus.ingest(
            targets,
            force=force,
            progress=lambda files: tqdm(files, desc="ingest", unit="doc", disable=None),
        )
    for name, doc_id in report.ids:
        click.echo(f"{name} → {doc_id}")
    for name, doc_id in report.duplicates:
        click.echo(f"{name}: duplicate of {doc_id} (added as a source)")
    for _name, error in report.failed:
        click.echo(f"failed: {error}", err=True)
    for name in report.without_goals:  # a report or statement: searchable, but no goals to list
        click.echo(f"no goals found: {name} (ingested as a document; its passages are searchable)", err=True)
    click.echo(report.summary())
    if report.failed and not (report.added or report.updated or report.unchanged):
        ctx.exit(1)


@click.command()
@click.argument("document")
@click.pass_context
def remove(ctx: click.Context, document: str) -> None:
    """Remove a document (by id) or one of its source files (by path or file name); a document
    read from several files stays while one of them remains."""
    with open_corpus(ctx, write=True) as corpus:
        if corpus.remove(document):
            click.echo(f"removed {document}")
            return
        dropped = corpus.remove_source(document)
    if dropped is None:
        raise click.ClickException(f"no document {document!r} in the store")
    doc_id, gone = dropped
    click.echo(f"removed {doc_id}" if gone else f"removed source {document} of {doc_id} (other sources remain)")


COMMANDS = [ingest, remove]
