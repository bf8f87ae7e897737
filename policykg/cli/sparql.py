"""``policykg sparql``: read-only SPARQL, results in the W3C formats."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

from graph.results import SelectResult, cut_by
from policykg.cli.common import open_corpus, table
from policykg.errors import QueryError
from queries import cut
from queries.export import serialize_graph_result, serialize_result
from queries.library import named_queries
from queries.params import run_named
from queries.runner import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_query


def _read_query(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read query file {path}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise QueryError(f"query file {path} is not UTF-8 text") from exc
    return query


@click.command()
@click.argument("query", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "xlsx"]),
    default="table",
    show_default=True,
    help="SELECT results; CONSTRUCT/DESCRIBE give Turtle, JSON-LD for json, RDF/XML for xml.",
)
@click.option("--excel", is_flag=True, help="CSV/TSV with a UTF-8 byte-order mark, so Excel reads the Chinese.")
@click.option("--max-rows", type=click.IntRange(1), default=DEFAULT_MAX_ROWS, show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(0.1), default=DEFAULT_TIMEOUT_S, show_default=True)
@click.option(
    "--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True, help="Answer size limit."
)
@click.option("--list", "list_", is_flag=True, help="List the named queries.")
@click.option("--named", help="Run a named query from the library.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter (repeatable).")
@click.pass_context
def sparql(
    ctx: click.Context,
    query: str | None,
    fmt: str,
    excel: bool,
    max_rows: int,
    timeout_s: float,
    max_bytes: int,
    list_: bool,
    named: str | None,
    params: tuple[str, ...],
) -> None:
    """Run a read-only SPARQL query: QUERY text, @FILE, or - for stdin.

    The prefixes pkg:, skos:, org:, oa:, schema:, dcterms:, prov:, rdf:, rdfs:, owl:, xsd: and id:
    are declared for you.
    """
    if list_:
        for q in named_queries().values():
            usage = " ".join(f"{name}=…" for name, _ in q.parameters)
            click.echo(f"{q.name:28} {q.title}{'  [' + usage + ']' if usage else ''}")
        return
    values = dict(_split(p) for p in params)
    if values and not named:
        raise QueryError("--param works with --named")
    if not named and not query:
        raise QueryError("give a query, @FILE, - (stdin), --named NAME or --list")
    if fmt == "xlsx" and sys.stdout.isatty():
        raise QueryError("--format xlsx writes a workbook: redirect it to a file (> result.xlsx)")
    with open_corpus(ctx) as corpus:
        if named:
            result = run_named(corpus.store, named, values, max_rows=max_rows, timeout_s=timeout_s)
        else:
            text = _read_query(query or "")
            result = run_query(corpus.store, text, max_rows=max_rows, timeout_s=timeout_s, max_bytes=max_bytes)
    by = cut_by(result)
    if isinstance(result, bool):
        click.echo("true" if result else "false")
    elif isinstance(result, Graph):
        if fmt == "xlsx":
            raise QueryError("a CONSTRUCT or DESCRIBE answer is a graph, not a table: use --format json (JSON-LD)")
        click.echo(serialize_graph_result(result, GRAPH_FORMAT.get(fmt, "turtle")).decode())
    elif fmt == "table":
        _print_table(result)
    else:
        sys.stdout.buffer.write(serialize_result(result, fmt, bom=excel))  # JSON/XML/XLSX say a cut
        sys.stdout.flush()
    if by:
        click.echo(f"note: {cut.note(by, max_rows, max_bytes)}", err=True)


# a graph answer's format for --format: JSON-LD for json, RDF/XML for xml, else Turtle
GRAPH_FORMAT = {"json": "jsonld", "xml": "xml"}


def _split(param: str) -> tuple[str, str]:
    name, sep, value = param.partition("=")
    if not sep or not name.strip():
        raise QueryError(f"--param wants NAME=VALUE, got {param!r}")
    return name.strip(), value


def _print_table(result: SelectResult) -> None:
    rows = [["" if term is None else str(term) for term in row] for row in result.rows]
    click.echo(table(list(result.variables), rows))
    click.echo(f"({len(rows)} rows)")


COMMANDS = [sparql]
