"""SPARQL console: the named query library as a starting point, visible limits, table and downloads."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import pandas as pd
import streamlit as st
from rdflib import Graph

from graph.results import SelectResult, cut_by, to_python
from policykg.errors import PolicyKGError
from queries.export import MEDIA_TYPES, RESULT_FORMATS, serialize_graph_result, serialize_result
from queries.library import named_queries
from queries.params import run_named
from queries.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_query
from ui import common

FREE = "（自由查询 free query）"
_STARTER = """SELECT ?goal ?number ?title WHERE {
  ?goal a pkg:Goal ; pkg:number ?number ; dcterms:title ?title .
}
ORDER BY ?number"""


def page() -> None:
    st.title("SPARQL 查询 · console")
    st.caption(
        "只读；前缀 pkg: skos: org: oa: schema: dcterms: prov: rdfs: rdf: owl: xsd: 无需声明 "
        "Read-only; the usual prefixes need no declaration"
    )
    corpus = common.corpus()
    library = named_queries()
    names = [FREE, *library]
    default = st.query_params.get("query", "goals_by_institution")
    name = st.selectbox(
        "查询库 Query library",
        names,
        index=names.index(default) if default in names else 0,
        format_func=lambda n: n if n == FREE else f"{library[n].title} ({n})",
    )
    named = library.get(name)
    if named is not None:
        st.caption(named.description)
        if st.query_params.get("query") != name:
            st.query_params["query"] = name
    values: dict[str, str] = {}
    if named is not None and named.parameters:
        columns = st.columns(len(named.parameters))
        for column, (param, meaning) in zip(columns, named.parameters, strict=True):
            with column:
                value = st.text_input(
                    f"参数 {param}",
                    key=f"param-{name}-{param}",
                    help=meaning,
                    value="中科院" if param == "institution" else "",
                    placeholder=meaning,
                )
                if value.strip():
                    values[param] = value.strip()
    original = named.text if named is not None else _STARTER
    text = st.text_area("查询 Query", value=original, height=260, key=f"text-{name}")
    with st.container(horizontal=True, vertical_alignment="bottom"):
        timeout = st.number_input("时限 Time limit (s)", 1.0, 60.0, DEFAULT_TIMEOUT_S, step=1.0, width=170)
        max_rows = st.number_input("行数上限 Row limit", 1, 100_000, min(DEFAULT_MAX_ROWS, 1000), step=100, width=170)
        run = st.button("运行 Run", type="primary", icon=":material/play_arrow:")
    if run:
        started = time.perf_counter()
        try:
            if named is not None and text.strip() == named.text.strip():
                outcome = run_named(corpus.store, name, values, max_rows=int(max_rows), timeout_s=float(timeout))
            else:
                outcome = run_query(corpus.store, text, max_rows=int(max_rows), timeout_s=float(timeout))
        except PolicyKGError as exc:
            st.session_state.pop("sparql-result", None)
            common.stop_with(exc)
        st.session_state["sparql-result"] = (outcome, time.perf_counter() - started)
    if "sparql-result" in st.session_state:
        _show(*st.session_state["sparql-result"])


def download(result: SelectResult, fmt: str) -> Callable[[], bytes]:
    """What a download button serves: built when the user clicks it, so a large result is never
    held in five formats at once."""
    return functools.partial(serialize_result, result, fmt)


# which limit cut an answer
_CUT = {"rows": " · 已截断 cut at the row limit", "bytes": " · 已截断 cut at the size limit"}


def _show(outcome: SelectResult | bool | Graph, elapsed: float) -> None:
    if isinstance(outcome, bool):
        st.success(f"ASK → {outcome} · {elapsed * 1000:.0f} ms")
        return
    if isinstance(outcome, Graph):
        cut = _CUT.get(cut_by(outcome), "")
        st.caption(f"{len(outcome)} 三元组 triples · {elapsed * 1000:.0f} ms{cut}")
        turtle = serialize_graph_result(outcome, "turtle")
        st.code(turtle.decode("utf-8"), language="turtle")
        st.download_button("Turtle", turtle, "result.ttl", MEDIA_TYPES["turtle"], on_click="ignore")
        return
    note = _CUT.get(cut_by(outcome), "")
    st.caption(f"{len(outcome.rows)} 行 rows · {elapsed * 1000:.0f} ms{note}")
    frame = pd.DataFrame([[to_python(t) for t in row] for row in outcome.rows], columns=list(outcome.variables))
    st.dataframe(frame, hide_index=True)
    with st.container(horizontal=True):
        st.caption("下载 Download")
        for fmt in RESULT_FORMATS:
            st.download_button(
                fmt.upper(),
                download(outcome, fmt),
                f"result.{fmt}",
                MEDIA_TYPES[fmt],
                key=f"download-{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )
