"""Entities: one table per kind (institutions, programmes, places) with their counts of goals,
documents and co-mentions, filterable by document, issuer and year, each row linking to its page.

The view lives in the URL (``/entities?kind=institution&document=…&issuer=…&year=…``).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import streamlit as st

from policykg.kinds import KINDS
from ui import common, data, downloads, nav

ANY = "（全部 all）"
FILTERS = ("document", "issuer", "year")
LINKED = 30  # rows below the table as links (the table's own links open in a new tab)


def table(graph: nx.Graph, kind: str, documents: set[str] | None = None) -> pd.DataFrame:
    """One row per entity of ``kind`` in the goals of ``documents`` (all when None), from the
    network projection: its goals, their documents, and its co-mentions (other entities, of any
    kind, linked to the same goals), most goals first."""
    rows = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") != kind:
            continue
        goals = [g for g in graph.neighbors(node) if _in(graph, g, documents)]
        if not goals:
            continue
        others = {o for g in goals for o in graph.neighbors(g) if o != node and graph.nodes[o].get("kind") != "goal"}
        name = str(attrs.get("label", node))
        rows.append(
            {
                "name": name,
                "goals": len(goals),
                "documents": len({graph.nodes[g].get("document") for g in goals}),
                "co_mentions": len(others),
                "page": "browse?" + _query(kind, name),
                "iri": node,
            }
        )
    frame = pd.DataFrame(rows, columns=["name", "goals", "documents", "co_mentions", "page", "iri"])
    return frame.sort_values(["goals", "documents", "name"], ascending=[False, False, True], ignore_index=True)


def _in(graph: nx.Graph, node: str, documents: set[str] | None) -> bool:
    attrs = graph.nodes[node]
    return attrs.get("kind") == "goal" and (documents is None or attrs.get("document") in documents)


def _query(kind: str, name: str) -> str:
    from urllib.parse import urlencode

    return urlencode({kind: name})


def page() -> None:
    st.title("实体 · Entities")
    corpus = common.corpus()
    params = st.query_params
    kinds = [k.name for k in KINDS]
    for key, default in (("kind", kinds[0]), *((name, ANY) for name in FILTERS)):
        if f"entities-{key}" not in st.session_state:
            st.session_state[f"entities-{key}"] = params.get(key, default)
    if st.session_state["entities-kind"] not in kinds:
        st.session_state["entities-kind"] = kinds[0]
    infos = {d.id: d for d in data.documents(corpus.store)}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = (
            st.segmented_control("类型 Kind", kinds, format_func=data.KIND_LABELS.__getitem__, key="entities-kind")
            or kinds[0]
        )
        document = _choice("文件 Document", sorted(infos), "document")
        issuer = _choice("发文机关 Issuer", sorted({i.issuer for i in infos.values() if i.issuer}), "issuer")
        year = _choice("年份 Year", sorted({(i.issued or "")[:4] for i in infos.values() if i.issued}), "year")
    wanted = {"kind": kind, "document": document, "issuer": issuer, "year": year}
    st.query_params.from_dict({k: v for k, v in wanted.items() if v})
    kept = {
        d.id
        for d in infos.values()
        if document in (None, d.id) and issuer in (None, d.issuer) and year in (None, (d.issued or "")[:4])
    }
    frame = table(common.network(), kind, kept)
    st.caption(
        f"{len(frame)} 个{data.KIND_LABELS[kind]} · {len(kept)} 个文件 documents · "
        "点击列标题排序 click a header to sort · 共现 co-mentions: 同一目标中的其他实体 other entities in its goals"
    )
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "name": "名称 name",
            "goals": st.column_config.NumberColumn("目标 goals"),
            "documents": st.column_config.NumberColumn("文件 documents"),
            "co_mentions": st.column_config.NumberColumn("共现 co-mentions"),
            "page": st.column_config.LinkColumn("页面 page", display_text="打开 open"),
            "iri": None,
        },
    )
    downloads.buttons(frame.drop(columns=["page"]), f"entities-{kind}")
    with st.container(horizontal=True, gap="small"):
        st.caption("打开 Open")
        for name in frame["name"][:LINKED]:
            nav.link("browse", str(name), {kind: str(name)}, icon=common.ICONS.get(kind))


def _choice(label: str, options: list[str], name: str) -> str | None:
    key = f"entities-{name}"
    if st.session_state[key] not in (ANY, *options):
        st.session_state[key] = ANY
    picked = st.selectbox(label, [ANY, *options], key=key, width=260)
    return None if picked == ANY else picked
