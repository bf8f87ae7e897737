r"""Tables for spreadsheets: the one place CSV, TSV and XLSX are written.

Every command and the app write tables through ``write_table``, so every cell passes the same
formula guard. A cell is guarded when a spreadsheet would run it as a formula: text starting
(after any leading whitespace) with ``=``, ``+``, ``-`` or ``@`` and more after it, or starting
with a tab or carriage return. Values that cannot run are left as they are: numbers, a plain
number written as text (``-5``, ``+3.5``), and a lone sign such as the comparator ``=``.

In CSV and TSV a guarded cell gets a leading apostrophe (a text file has no other way to say
"text"). In XLSX every text cell is stored as text and a guarded one is marked the way Excel
marks a typed apostrophe (``quotePrefix``): the value stays exactly as written and never runs.

>>> [guard(v) for v in ("=HYPERLINK(1)", " @SUM(1,1)", "-1+1", "\tx", "=", "-5", "+3.5", "中科院", -5)]
["'=HYPERLINK(1)", "' @SUM(1,1)", "'-1+1", "'\tx", '=', '-5', '+3.5', '中科院', -5]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Literal

TableFormat = Literal["csv", "tsv", "xlsx"]
TABLE_FORMATS: tuple[str, ...] = ("csv", "tsv", "xlsx")

_FORMULA_SIGNS = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Turtle's escapes, so that a SPARQL TSV cell (a term in Turtle syntax) stays valid Turtle.
_TSV_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r"})


def runs_as_formula(value: object) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula (or a DDE command)."""
    if not isinstance(value, str):
        return False
    if value.startswith(_CONTROL_START):
        return True
    text = value.lstrip()
    if not text.startswith(_FORMULA_SIGNS) or len(text) == 1:
        return False
    return _PLAIN_NUMBER.fullmatch(text) is None


def guard(value: object) -> object:
    """``value`` for a CSV/TSV cell: a leading apostrophe if it would run as a formula."""
    return "'" + value if runs_as_formula(value) and isinstance(value, str) else value


def write_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: str,
    *,
    bom: bool = False,
    sheet: str = "results",
    note: str | None = None,
) -> bytes:
    """``rows`` under ``columns`` as CSV (RFC 4180, CRLF), TSV (tabs and line breaks in a cell
    escaped as ``\\t`` ``\\n``) or XLSX (numbers and dates keep their types); ``None`` is an empty
    cell. ``bom`` puts a UTF-8 byte-order mark before CSV/TSV so that Excel reads it as UTF-8.
    ``note`` (XLSX only: a text file has no room for it) goes on a second sheet, ``note``: the
    line that says a limit cut the rows."""
    if fmt == "xlsx":
        return _xlsx(columns, rows, sheet, note)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([guard(c) for c in columns])
        writer.writerows([_text(guard(v)) for v in row] for row in rows)
        body = buffer.getvalue()
    elif fmt == "tsv":
        lines = ["\t".join(_text(guard(v)).translate(_TSV_ESCAPES) for v in line) for line in (columns, *rows)]
        body = "\n".join(lines) + "\n"
    else:
        raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
    return ("\ufeff" if bom else "").encode("utf-8") + body.encode("utf-8")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _xlsx(columns: Sequence[str], rows: Iterable[Sequence[object]], title: str, note: str | None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for r, line in enumerate((columns, *rows), start=1):
        for c, value in enumerate(line, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error: text is text
                cell.quotePrefix = runs_as_formula(value)
    if note is not None:
        cell = workbook.create_sheet("note").cell(row=1, column=1, value=note)
        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
