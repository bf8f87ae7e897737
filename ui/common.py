"""Resources shared by the pages, loaded once per process, and the helpers every page uses.

The store has one writer: pages read through a read-only ``Corpus`` cached per process; the
Documents page opens a writable one only while it ingests, then calls ``refresh()`` so every
cached reader (and the SPARQL workers) reopen and see the new data.
"""

from __future__ import annotations

import threading
import time
from typing import NoReturn

import networkx as nx
import streamlit as st

from policykg.corpus import Corpus
from policykg.errors import PolicyKGError
from policykg.kinds import KINDS
from policykg.settings import Settings
from queries.goals import GoalRecord, TargetRecord, goals, headline_targets
from queries.measures import TimelineRow, timeline_rows
from queries.network import to_networkx
from ui.text import escape

ICONS = {k.name: k.icon for k in KINDS}  # of links to an entity's Browse page


def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource(show_spinner="打开知识图谱 Opening the graph…")
def _corpus(store: str) -> Corpus:
    return Corpus.open(Settings.from_env(store=store))


def corpus() -> Corpus:
    """The read-only corpus of ``$POLICYKG_STORE``; an info card and stop when there is none."""
    try:
        return _corpus(settings().store)
    except PolicyKGError as exc:
        stop_with(exc, info=True)


@st.cache_resource(show_spinner=False)
def _goal_records(store: str) -> list[GoalRecord]:
    return goals(_corpus(store).store)


def goal_records() -> list[GoalRecord]:
    """Every goal with its institutions, programmes, places and targets."""
    try:
        return _goal_records(settings().store)
    except PolicyKGError as exc:
        stop_with(exc)


@st.cache_resource(show_spinner=False)
def _headline_targets(store: str) -> list[tuple[str, TargetRecord]]:
    return headline_targets(_corpus(store).store)


def headline_targets_of_corpus() -> list[tuple[str, TargetRecord]]:
    """``(document, target)`` for every target stated outside numbered goals."""
    try:
        return _headline_targets(settings().store)
    except PolicyKGError as exc:
        stop_with(exc)


@st.cache_resource(show_spinner=False)
def _timelines(store: str) -> list[TimelineRow]:
    return timeline_rows(_corpus(store).store)


def timelines() -> list[TimelineRow]:
    """Every target linked to a measure, with its document's year: the measures' timelines."""
    try:
        return _timelines(settings().store)
    except PolicyKGError as exc:
        stop_with(exc)


@st.cache_resource(show_spinner=False)
def _network(store: str) -> nx.Graph:
    # the pages walk links both ways (an institution's goals): the directed export, undirected
    return to_networkx(_corpus(store).store).to_undirected()


def network() -> nx.Graph:
    """The institution–goal–programme–place projection of the graph."""
    try:
        return _network(settings().store)
    except PolicyKGError as exc:
        stop_with(exc)


def refresh() -> None:
    """Forget every cached reader so the pages see what was just ingested."""
    from queries.pool import pool_for

    for reader in (_corpus, _goal_records, _headline_targets, _timelines, _network):
        reader.clear()
    _SEARCH_LOADED.discard(settings().store)  # the reopened corpus loads its index again
    st.cache_data.clear()
    if not settings().is_remote:
        pool_for(settings().graph_location).close()  # workers hold the old snapshot


def stop_with(exc: PolicyKGError, *, info: bool = False) -> NoReturn:
    """One line for the user (never a traceback), then stop the page; the message can quote a
    file name, a query or a URL parameter, so it is shown as text."""
    (st.info if info else st.error)(escape(str(exc)), icon="ℹ️" if info else "⚠️")
    st.stop()


def goal_label(document: str, number: int, title: str) -> str:
    return f"目标 Goal {number} · {title}"


_SEARCH_LOADED: set[str] = set()  # stores whose search model and dictionary are loaded
_SEARCH_LOCK = threading.Lock()


def _load_search(store: str) -> None:
    """Open the search index (loads the model) and answer a Chinese and an English query (which
    loads the dictionary that translates English words), so the user's first search is fast."""
    from queries.search import search

    with _SEARCH_LOCK:
        if store in _SEARCH_LOADED:
            return
        for query in ("科技创新", "innovation"):
            corpus = _corpus(store)
            search(corpus.store, corpus.index, query, k=1)
        _SEARCH_LOADED.add(store)


def _warm(store: str) -> None:
    try:
        _load_search(store)
    except Exception:  # the page that searches shows the error, as one line
        return


@st.cache_resource(show_spinner=False)
def _warm_up(store: str) -> threading.Thread:
    thread = threading.Thread(target=_warm, args=(store,), name="policykg-warm-up", daemon=True)
    thread.start()
    return thread


def warm_up() -> None:
    """Start loading the search model in the background as the app starts (once per process),
    so the first search does not pay for it while the user is still typing."""
    _warm_up(settings().store)


def search_ready() -> float:
    """Wait until search is loaded; the seconds this call spent loading (or waiting for the
    start-up load), 0.0 when it was already loaded."""
    store = settings().store
    if store in _SEARCH_LOADED:
        return 0.0
    started = time.perf_counter()
    try:
        with st.spinner("加载检索模型 Loading the search model…"):
            _load_search(store)
    except PolicyKGError as exc:
        stop_with(exc, info=True)
    return time.perf_counter() - started


def entity_links(entities: list[tuple[str, str]], *, label: str | None = None) -> None:
    """Links to Browse pages, in a row that wraps: (kind, Chinese label) pairs, shown once each."""
    from ui import nav

    seen: list[tuple[str, str]] = []
    for pair in entities:
        if pair not in seen:
            seen.append(pair)
    if not seen:
        return
    with st.container(horizontal=True, gap="small"):
        if label:
            st.caption(label)
        for kind, name in seen:
            nav.link("browse", name, nav.browse_params(kind, name), icon=ICONS.get(kind))
