"""``policykg serve``: the graph as a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

import re

import click

from policykg.cli.common import open_corpus
from policykg.settings import environment
from queries.describe import check_base
from queries.endpoint import IDLE_TIMEOUT_S, MAX_BODY, QUEUE, WORKERS, Limits, SparqlServer, exposure
from queries.runner import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--max-rows", type=click.IntRange(1), default=DEFAULT_MAX_ROWS, show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(0.1), default=DEFAULT_TIMEOUT_S, show_default=True)
@click.option("--max-body", type=click.IntRange(1), default=MAX_BODY, show_default=True, help="Request size limit.")
@click.option(
    "--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True, help="Answer size limit."
)
@click.option("--workers", type=click.IntRange(1, 64), default=WORKERS, show_default=True, help="Query workers.")
@click.option(
    "--queue", type=click.IntRange(0), default=QUEUE, show_default=True, help="Requests that may wait for a worker."
)
@click.option(
    "--idle-timeout",
    "idle_timeout_s",
    type=click.FloatRange(0.1),
    default=IDLE_TIMEOUT_S,
    show_default=True,
    help="Seconds a connection may take to send its request.",
)
@click.option(
    "--cors",
    metavar="ORIGIN",
    callback=lambda _ctx, _param, value: _origin(value),
    help="Let web pages from ORIGIN (https://yasgui.org, or * for any) query the endpoint. Off by default.",
)
@click.option(
    "--base-iri",
    metavar="IRI",
    help="Public base the graph's IRIs are served at (POLICYKG_BASE_IRI); GET <base>id/… describes them.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    max_rows: int,
    timeout_s: float,
    max_body: int,
    max_bytes: int,
    workers: int,
    queue: int,
    idle_timeout_s: float,
    cors: str | None,
    base_iri: str | None,
    verbose: bool,
) -> None:
    """Serve SPARQL 1.1 at http://HOST:PORT/sparql: read-only, with row, byte and time limits; each
    entity, goal and document IRI dereferences at /id/… (Turtle, N-Triples, JSON-LD or a page)."""
    public_base = check_base(base_iri or environment("base_iri"))
    with open_corpus(ctx) as corpus:
        limits = Limits(
            max_rows, timeout_s, max_body, max_bytes, workers=workers, queue=queue, idle_timeout_s=idle_timeout_s
        )
        server = SparqlServer(
            corpus.store, host, port, limits=limits, verbose=verbose, cors=cors, public_base=public_base
        )
        if warning := exposure(server):
            click.echo(f"policykg: warning: {warning}", err=True)
        click.echo(f"policykg: SPARQL endpoint at http://{host}:{server.server_address[1]}/sparql", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _origin(value: str | None) -> str | None:
    if value is None or value == "*" or _ORIGIN.fullmatch(value):
        return value
    raise click.BadParameter(f"{value!r} is not an origin (scheme://host[:port], or *)")


COMMANDS = [serve]
