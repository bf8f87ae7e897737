"""``policykg documents``: the stored plans, their series, previous plan and source files."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

import click

from policykg.cli.common import open_corpus, table
from queries.documents import DocumentRecord, documents
from queries.tabular import write_table

COLUMNS = ["id", "title", "issuer", "year", "series", "previous", "goals", "sources"]


def document_json(record: DocumentRecord) -> dict[str, Any]:
    out = asdict(record)
    out["sources"] = [{"file": s.file, "format": s.format, "sha256": s.sha256} for s in record.sources]
    return out


@click.command("documents")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
def documents_command(ctx: click.Context, fmt: str) -> None:
    """List the documents: title, issuer, year, series, the series' previous plan, goals, files."""
    with open_corpus(ctx) as corpus:
        records = documents(corpus.store)
    if fmt == "json":
        click.echo(json.dumps([document_json(r) for r in records], ensure_ascii=False, indent=2))
        return
    files = ["、".join(s.file for s in r.sources) for r in records]
    if fmt == "csv":
        cells = (
            [r.id, r.title, r.issuer, r.year, r.series, r.previous, r.goals, f]
            for r, f in zip(records, files, strict=True)
        )
        sys.stdout.buffer.write(write_table(COLUMNS, cells, "csv"))
        sys.stdout.flush()
        return
    rows = [
        [r.id, r.title, r.issuer or "—", str(r.year or "—"), r.previous or "—", str(r.goals), f]
        for r, f in zip(records, files, strict=True)
    ]
    click.echo(table(["id", "title", "issuer", "year", "previous", "goals", "sources"], rows))


COMMANDS = [documents_command]
