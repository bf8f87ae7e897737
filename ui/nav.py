"""The pages of the app, by name, so any page can link to another (``st.page_link``)."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui.text import escape

_TITLES = {
    "search": ("搜索 Search", ":material/search:"),
    "entities": ("实体 Entities", ":material/table_view:"),
    "browse": ("浏览 Browse", ":material/hub:"),
    "sparql": ("SPARQL 查询", ":material/code:"),
    "targets": ("量化目标 Targets", ":material/bar_chart:"),
    "documents": ("文件 Documents", ":material/description:"),
    "compare": ("对比 Compare", ":material/compare_arrows:"),
}


def pages() -> dict[str, StreamlitPage]:
    """One ``st.Page`` per page; the URL path is the key (``/browse?institution=…``).

    Each page is a two-line script in ``ui/views/`` calling its module's ``page()``: a file, not a
    callable, so ``AppTest.switch_page`` can open it.
    """
    return {
        name: st.Page(f"ui/views/{name}.py", title=title, icon=icon, url_path=name, default=name == "search")
        for name, (title, icon) in _TITLES.items()
    }


def page(name: str) -> StreamlitPage:
    return pages()[name]


def link(target: str, label: str, params: dict[str, str] | None = None, *, icon: str | None = None) -> None:
    """A link to a page, ``label`` shown as the characters written: Streamlit reads a link's label
    as Markdown, and labels are names from documents and URLs."""
    st.page_link(page(target), label=escape(label), query_params=params, icon=icon)


def browse_params(kind: str, value: str, number: int | None = None) -> dict[str, str]:
    """Query params of a Browse view: ``?institution=中国科学院``, ``?document=…&goal=2``."""
    if kind == "goal":
        return {"document": value, "goal": str(number)}
    return {kind: value}
