"""``policykg`` — a thin command-line layer over ``policykg.corpus`` and ``queries``.

Every domain error becomes one line on stderr and exit status 1; never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from policykg.errors import PolicyKGError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; the store keeps its last complete state", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="POLICYKG_STORE",
    default=".policykg",
    show_default=True,
    help="Store folder, or sparql+http://HOST/… for a remote SPARQL server. [env: POLICYKG_STORE]",
)
@click.version_option(package_name="policykg")
@click.pass_context
def main(ctx: click.Context, store: str) -> None:
    """policykg: a knowledge graph and semantic search over policy documents."""
    ctx.obj = store


def _register() -> None:
    from policykg.cli import documents, export, goals, ingest, plans, repair, search, serve, sparql, stats, validate

    for module in (ingest, documents, goals, plans, search, sparql, export, stats, serve, repair, validate):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
