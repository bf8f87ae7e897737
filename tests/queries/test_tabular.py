"""The one table writer: cells that would run as formulas are guarded, values that cannot run are kept."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from rdflib import Literal

from graph.results import SelectResult
from queries.export import serialize_result
from queries.tabular import guard, runs_as_formula, write_table

FORMULAS = [
    '=HYPERLINK("http://127.0.0.1:9/x","点击")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1,1)",
    "  =1+1",  # spreadsheets skip leading spaces
    "\u3000@SUM(1)",  # and the ideographic space
    "\t=1+1",
    "\rabc",
    "-2+3，全市研发投入增长。",
    "=-5",
]
INERT = ["=", "+", "-", "@", "-5", "+3.5", " -0.25", "1e5", "-1.5E3", ">=", "≥", "中国科学院", "", "达到3家"]


@pytest.mark.parametrize("value", FORMULAS)
def test_cells_that_would_run_are_guarded(value: str) -> None:
    assert runs_as_formula(value) and guard(value) == "'" + value


@pytest.mark.parametrize("value", [*INERT, -5, 3.5, Decimal("-1.5"), None])
def test_cells_that_cannot_run_are_kept(value: object) -> None:
    assert not runs_as_formula(value) and guard(value) == value


def test_sparql_csv_keeps_the_comparator_and_signed_numbers_and_guards_formulas() -> None:
    result = SelectResult(
        ("comparator", "value", "title"),
        (
            (Literal("="), Literal("-5"), Literal("=HYPERLINK(1)")),
            (Literal(">="), Literal(-5), Literal("@SUM(1,1)")),
            (Literal("+"), Literal("+3.5"), None),
        ),
    )
    rows = list(csv.reader(io.StringIO(serialize_result(result, "csv").decode("utf-8"))))
    assert rows == [
        ["comparator", "value", "title"],
        ["=", "-5", "'=HYPERLINK(1)"],
        [">=", "-5", "'@SUM(1,1)"],
        ["+", "+3.5", ""],
    ]


def test_xlsx_keeps_every_text_as_written_and_no_cell_runs() -> None:
    from openpyxl import load_workbook

    columns = ["comparator", "value", "title"]
    rows = [["=", -5, "=HYPERLINK(1)"], ["≥", 3.5, "#N/A"], [None, Decimal("2"), "-1+1"]]
    sheet = load_workbook(io.BytesIO(write_table(columns, rows, "xlsx"))).active
    assert sheet is not None
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [columns, *rows[:2], [None, 2, "-1+1"]]
    assert all(c.data_type in ("s", "n") for row in sheet.iter_rows() for c in row if c.value is not None)
    assert sheet["B2"].data_type == "n" and sheet["A2"].data_type == "s"
    marked = {c.coordinate for row in sheet.iter_rows() for c in row if c.quotePrefix}
    assert marked == {"C2", "C4"}  # shown as text by Excel, as if typed with an apostrophe


def test_csv_with_a_bom_and_tsv_with_escaped_cells() -> None:
    body = write_table(["名称"], [["中科院"], ["=1+1"]], "csv", bom=True)
    assert body.startswith("\ufeff".encode()) and body.decode("utf-8-sig") == "名称\r\n中科院\r\n'=1+1\r\n"
    tsv = write_table(["a", "b"], [["x\ty", "line\nbreak"], [-5, "@x"]], "tsv").decode("utf-8")
    assert tsv == "a\tb\nx\\ty\tline\\nbreak\n-5\t'@x\n"


def test_sparql_tsv_terms_stay_turtle() -> None:
    from rdflib.util import from_n3

    text = "第一行\n\t第二行 \\ 完"
    tsv = serialize_result(SelectResult(("t",), ((Literal(text, lang="zh"),),)), "tsv").decode("utf-8")
    header, cell = tsv.rstrip("\n").split("\n")
    assert header == "?t" and from_n3(cell) == Literal(text, lang="zh")
