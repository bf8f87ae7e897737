"""Download buttons for any table of the app: CSV, XLSX and JSON, each built only when clicked.

CSV and XLSX go through ``queries.tabular.write_table`` (the formula guard, a byte-order mark so
Excel reads UTF-8); JSON is a list of row objects with the table's column names.
"""

from __future__ import annotations

import functools
import json

import pandas as pd
import streamlit as st

from queries.export import MEDIA_TYPES
from queries.tabular import write_table

FORMATS = ("csv", "xlsx", "json")


def export(frame: pd.DataFrame, fmt: str, sheet: str = "table") -> bytes:
    """``frame`` as CSV, XLSX or JSON; missing values are empty cells (``null`` in JSON)."""
    rows = [[None if _missing(v) else _plain(v) for v in row] for row in frame.itertuples(index=False)]
    columns = [str(c) for c in frame.columns]
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    return write_table(columns, rows, fmt, bom=True, sheet=sheet)


def buttons(frame: pd.DataFrame, name: str) -> None:
    """A row of download buttons for ``frame``, saved as ``name.csv`` etc."""
    with st.container(horizontal=True):
        st.caption("下载 Download")
        for fmt in FORMATS:
            st.download_button(
                fmt.upper(),
                functools.partial(export, frame, fmt, name[:31]),
                f"{name}.{fmt}",
                "application/json" if fmt == "json" else MEDIA_TYPES[fmt],
                key=f"download-{name}-{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list cell
        return False


def _plain(value: object) -> object:
    """numpy scalars as Python numbers, lists as one text cell."""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    item = getattr(value, "item", None)
    return item() if callable(item) else value
