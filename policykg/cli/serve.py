"""``policykg serve``: the graph as a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

import click

from policykg.cli.common import open_corpus
from queries.endpoint import MAX_BODY, Limits, SparqlServer
from queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--max-rows", type=click.IntRange(1), default=DEFAULT_MAX_ROWS, show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(0.1), default=DEFAULT_TIMEOUT_S, show_default=True)
@click.option("--max-body", type=click.IntRange(1), default=MAX_BODY, show_default=True, help="Request size limit.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, max_rows: int, timeout_s: float, max_body: int, verbose: bool
) -> None:
    """Serve SPARQL 1.1 at http://HOST:PORT/sparql: read-only, with row and time limits, CORS."""
    with open_corpus(ctx) as corpus:
        server = SparqlServer(corpus.store, host, port, limits=Limits(max_rows, timeout_s, max_body), verbose=verbose)
        click.echo(f"policykg: SPARQL endpoint at http://{host}:{server.server_address[1]}/sparql", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


COMMANDS = [serve]
