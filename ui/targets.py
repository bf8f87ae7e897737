"""Targets: every quantitative target, sortable, charted by goal and unit, downloadable."""

from __future__ import annotations

import functools

import pandas as pd
import plotly.express as px
import streamlit as st

from queries.export import MEDIA_TYPES
from queries.goals import TargetRecord
from queries.tabular import write_table
from ui import common
from ui.text import chart_text

COLUMNS = {
    "document": "文件 document",
    "goal": "目标 goal",
    "title": "目标名称 title",
    "subject": "对象 counted",
    "comparator": "比较 comparator",
    "value": "数值 value",
    "value_max": "上限 max",
    "unit": "单位 unit",
    "text": "原文 text",
}
HEADLINE = "总体目标 headline"  # a target stated outside numbered goals (a plan's opening lines)


def table() -> pd.DataFrame:
    rows = [_row(r.document, r.goal, r.title, t) for r in common.goal_records() for t in r.targets]
    rows += [_row(document, None, HEADLINE, t) for document, t in common.headline_targets_of_corpus()]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["goal"] = frame["goal"].astype("Int64")  # whole numbers; a headline target has none
    return frame


def _row(document: str, goal: int | None, title: str, t: TargetRecord) -> dict[str, object]:
    return {
        "document": document,
        "goal": goal,
        "title": title,
        "subject": t.subject,
        "comparator": t.sign,
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "text": t.text,
    }


def _where(goal: object) -> str:
    return HEADLINE if pd.isna(goal) else f"目标 {goal}"


def page() -> None:
    st.title("量化目标 · Targets")
    common.corpus()
    frame = table()
    if frame.empty:
        st.info("还没有量化目标 No quantitative targets yet — 导入文件 ingest documents first")
        return
    units = sorted(frame["unit"].unique())
    picked = st.multiselect("单位 Units", units, default=units)
    shown = frame[frame["unit"].isin(picked)]
    goals = shown["goal"].nunique()
    st.caption(f"{len(shown)} 个量化目标 targets · {goals} 个目标 goals · 点击列标题排序 click a header to sort")
    st.dataframe(shown.rename(columns=COLUMNS), hide_index=True)
    with st.container(horizontal=True):
        for fmt in ("csv", "xlsx"):  # each file is built when its button is clicked, not on every run
            st.download_button(
                fmt.upper(),
                functools.partial(export, shown, fmt),
                f"targets.{fmt}",
                MEDIA_TYPES[fmt],
                on_click="ignore",
                icon=":material/download:",
            )
    _timeline()
    if shown.empty:
        return
    documents = sorted(shown["document"].unique())
    # Charts are per document: goal 5 of one plan and goal 5 of another are different goals.
    document = st.selectbox("图表的文件 Document of the charts", documents) if len(documents) > 1 else documents[0]
    shown = shown[shown["document"] == document]
    left, right = st.columns(2)
    with left:
        counts = shown.assign(goal=shown["goal"].map(_where)).groupby(["goal", "unit"]).size()
        counts = counts.reset_index(name="targets")
        chart = px.bar(
            counts,
            x="goal",
            y="targets",
            color="unit",
            title="量化目标数 Targets per goal",
            labels={"goal": "目标 goal", "targets": "量化目标 targets", "unit": "单位 unit"},
        )
        st.plotly_chart(chart, config={"displaylogo": False})
    with right:
        unit = st.selectbox("数值图的单位 Unit of the value chart", sorted(shown["unit"].unique()))
        values = shown[shown["unit"] == unit].copy()
        values["label"] = values.apply(lambda r: f"{_where(r['goal'])} · {r['subject'] or r['text']}", axis=1)
        chart = px.bar(
            values,
            x="value",
            y="label",
            orientation="h",
            title=f"数值 Values ({unit})",
            labels={"value": f"数值 value ({unit})", "label": ""},
            hover_data={"text": True},
        )
        chart.update_layout(yaxis={"autorange": "reversed"})
        st.plotly_chart(chart, config={"displaylogo": False})


def timeline_frame() -> pd.DataFrame:
    """One row per target linked to a measure: the measure, its plan's year, the value."""
    rows = [
        {
            "measure": chart_text(f"{r.measure} ({r.unit})"),
            "iri": r.iri,
            "year": r.year,
            "document": r.document,
            "goal": "总体目标 headline" if r.goal is None else f"目标 {r.goal}",
            "value": r.value,
            "text": chart_text(r.text),
        }
        for r in common.timelines()
        if r.year is not None
    ]
    return pd.DataFrame(rows, columns=["measure", "iri", "year", "document", "goal", "value", "text"])


def _timeline() -> None:
    """A measure's targets across plans, as a line over the years (one point per target)."""
    frame = timeline_frame()
    if frame.empty:
        return
    years = frame.groupby("measure")["year"].nunique().sort_values(ascending=False)
    st.subheader("指标变化 Measure over the years")
    measure = st.selectbox("指标 Measure", list(years.index), help="跨年度计划的同一指标 the same measure across plans")
    points = frame[frame["measure"] == measure].sort_values(["year", "document"])
    chart = px.line(
        points,
        x="year",
        y="value",
        markers=True,
        title=f"{measure} · {len(points)} 个目标 targets",
        labels={"year": "年份 year", "value": "数值 value"},
        hover_data={"document": True, "goal": True, "text": True},
    )
    chart.update_xaxes(dtick=1)
    st.plotly_chart(chart, config={"displaylogo": False})


def export(frame: pd.DataFrame, fmt: str) -> bytes:
    """The table as CSV (with a byte-order mark, so Excel reads UTF-8) or XLSX (numbers as numbers)."""
    rows = ([None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False))
    return write_table(list(frame.columns), rows, fmt, bom=True, sheet="targets")
