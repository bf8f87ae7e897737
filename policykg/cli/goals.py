"""``policykg goals``: goals with their institutions, programmes and targets."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from ingest.roles import ROLES
from policykg.cli.common import open_corpus, table
from policykg.kinds import BY_KIND, EntityKind
from queries.goals import GoalRecord, closest_institutions, goals
from queries.tabular import write_table

# Column names of the kinds a goal lists: the kinds' table's plurals.
INSTITUTIONS = BY_KIND[EntityKind.INSTITUTION].plural_en
PROGRAMMES = BY_KIND[EntityKind.PROGRAMME].plural_en


def goal_json(record: GoalRecord) -> dict[str, object]:
    return {
        "document": record.document,
        "goal": record.goal,
        "title": record.title,
        "iri": record.iri,
        "path": record.path,
        "section": record.section,
        INSTITUTIONS: record.institutions,
        "roles": [{"institution": name, "role": role} for name, role in record.roles],
        PROGRAMMES: record.programmes,
        "targets": [
            {k: v for k, v in dataclasses.asdict(t).items() if k != "subject"} | {"subject": t.subject}
            for t in record.targets
        ],
    }


@click.command(name="goals")
@click.option("--institution", help="Only goals naming this institution, an alias or a sub-organisation.")
@click.option("--document", help="Only goals of this document (file name without extension).")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    help="With --institution: only goals where it has this role (牵头 lead, 责任 responsible, 配合 participant).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table", show_default=True
)
@click.option("--excel", is_flag=True, help="CSV with a UTF-8 byte-order mark, so Excel reads the Chinese.")
@click.option(
    "--goals-only",
    is_flag=True,
    help="Leave out each document's own row (goal empty): the names and headline targets outside its goals.",
)
@click.pass_context
def goals_command(
    ctx: click.Context,
    institution: str | None,
    document: str | None,
    role: str | None,
    fmt: str,
    excel: bool,
    goals_only: bool,
) -> None:
    """List goals, or the goals that involve an institution; each document's text outside its goals
    (notice, preamble, unnumbered body) is listed after them with an empty goal."""
    if role and not institution:
        raise click.UsageError("--role needs --institution")
    if fmt == "xlsx" and sys.stdout.isatty():
        raise click.UsageError("--format xlsx writes a workbook: redirect it to a file (> goals.xlsx)")
    with open_corpus(ctx) as corpus:
        records = goals(
            corpus.store, institution=institution, document=document, role=role, whole_documents=not goals_only
        )
        if institution and not records:
            hint = closest_institutions(corpus.store, institution)
            message = f"no goals name {institution!r}"
            click.echo(message + (f"; closest known names: {', '.join(hint)}" if hint else ""), err=True)
    if fmt == "json":
        click.echo(json.dumps([goal_json(r) for r in records], ensure_ascii=False, indent=2))
    elif fmt in ("csv", "xlsx"):
        columns = ["document", "goal", "path", "title", INSTITUTIONS, PROGRAMMES, "targets", "iri"]
        cells = (
            [
                r.document,
                r.goal,
                r.path,
                r.title,
                "、".join(r.institutions),
                "、".join(r.programmes),
                "; ".join(t.reading for t in r.targets),
                r.iri,
            ]
            for r in records
        )
        sys.stdout.buffer.write(write_table(columns, cells, fmt, bom=excel, sheet="goals"))
        sys.stdout.flush()
    else:
        rows = [
            [r.document, "—" if r.goal is None else str(r.goal), r.title, "、".join(r.matched_by or r.institutions)]
            for r in records
        ]
        click.echo(table(["document", "goal", "title", "matched by" if institution else INSTITUTIONS], rows))


COMMANDS = [goals_command]
