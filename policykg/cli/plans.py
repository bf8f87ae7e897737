"""``policykg trend`` and ``policykg diff``: plans read against each other."""

from __future__ import annotations

import json
import sys

import click

from policykg.cli.common import open_corpus, table
from queries.measures import TimelineRow, closest_measures, find_measures, timeline
from queries.plan_diff import PlanDiff, diff
from queries.tabular import write_table

TREND_COLUMNS = [
    "measure",
    "document",
    "year",
    "goal",
    "value",
    "value_max",
    "unit",
    "comparator",
    "text",
    "start",
    "end",
]


def _cell(value: object) -> str:
    return "—" if value is None else str(value)


@click.command(name="trend")
@click.argument("measure")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
def trend_command(ctx: click.Context, measure: str, fmt: str) -> None:
    """The targets of MEASURE (what is counted: 技术合同成交额) across plans, in year order."""
    with open_corpus(ctx) as corpus:
        found, score = find_measures(corpus.store, measure, corpus.encoder)
        rows: list[TimelineRow] = timeline(corpus.store, found)
        if not found:
            hint = closest_measures(corpus.store, measure)
            click.echo(f"no measure {measure!r}" + (f"; closest known: {', '.join(hint)}" if hint else ""), err=True)
        elif score is not None:
            click.echo(f"{measure!r} read as {found[0].label!r} (similarity {score:.2f})", err=True)
    records = [r.as_json() for r in rows]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        sys.stdout.buffer.write(write_table(TREND_COLUMNS, ([r[c] for c in TREND_COLUMNS] for r in records), "csv"))
        sys.stdout.flush()
    else:
        shown = ["measure", "document", "year", "goal", "value", "value_max", "unit", "comparator", "text"]
        click.echo(table(shown, [[_cell(r[c]) for c in shown] for r in records]))


@click.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def diff_command(ctx: click.Context, old: str, new: str, fmt: str) -> None:
    """What plan NEW changes from plan OLD (document ids): goals, targets, institutions, programmes."""
    with open_corpus(ctx) as corpus:
        result = diff(corpus.store, old, new, lambda: corpus.encoder)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(diff_table(result))


def diff_table(result: PlanDiff) -> str:
    goals = [[str(m.old.number), m.old.title, str(m.new.number), m.new.title, f"{m.score:.3f}"] for m in result.matched]
    goals += [[str(g.number), g.title, "—", "", "dropped"] for g in result.dropped]
    goals += [["—", "", str(g.number), g.title, "added"] for g in result.added]
    targets = [
        [
            t.measure,
            t.change,
            "—" if t.old is None else f"{_cell(t.old.goal)}: {t.old.text}",
            "—" if t.new is None else f"{_cell(t.new.goal)}: {t.new.text}",
        ]
        for t in result.targets
    ]
    parts = [
        f"{result.old} -> {result.new}",
        table(["old goal", "title", "new goal", "title", "score"], goals),
        table(["measure", "change", "old (goal: text)", "new (goal: text)"], targets),
    ]
    for name, (new, gone) in (("institutions", result.institutions), ("programmes", result.programmes)):
        parts.append(f"{name} new: {'、'.join(new) or '—'}\n{name} gone: {'、'.join(gone) or '—'}")
    return "\n\n".join(parts)


COMMANDS = [trend_command, diff_command]
