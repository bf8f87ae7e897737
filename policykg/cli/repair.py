"""``policykg repair``: mend what can be mended in a damaged store, and say what could not."""

from __future__ import annotations

import click

from policykg.repair import repair as repair_store
from policykg.settings import Settings


@click.command()
@click.option("--model", envvar="POLICYKG_MODEL", help="Embedding model setting. [env: POLICYKG_MODEL]")
@click.pass_context
def repair(ctx: click.Context, model: str | None) -> None:
    """Restore a lost CURRENT file, rebuild a damaged graph from its source files (the damaged one
    is kept aside) and the search index from the graph. One line per step; exit 1 if any failed."""
    report = repair_store(Settings.from_env(store=ctx.obj, model=model))
    for line in report.done:
        click.echo(line)
    for line in report.not_done:
        click.echo(f"not repaired: {line}", err=True)
    if not report.repaired:
        ctx.exit(1)


COMMANDS = [repair]
