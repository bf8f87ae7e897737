"""Search, the landing page: one box for Chinese or English, mode switch, filters, highlighted hits."""

from __future__ import annotations

import time

import streamlit as st

from policykg.errors import PolicyKGError
from policykg.kinds import EntityKind
from queries.search import Hit, coverage_warning, search
from ui import common, data, nav
from ui.text import COLOURS, escape, highlight

MODES = {"hybrid": "混合 Hybrid", "dense": "语义 Meaning", "lexical": "词语 Words"}
ANY = "（全部 all）"


def page() -> None:
    params = st.query_params
    # Widgets are keyed and start from the URL once: a default that followed the URL would make
    # Streamlit replace the widget (and lose the cursor) whenever the URL changes.
    for key, default in (("q", ""), ("mode", "hybrid"), ("document", ANY), ("goal", ANY), ("institution", ANY)):
        if f"search-{key}" not in st.session_state:
            st.session_state[f"search-{key}"] = params.get(key, default)
    st.title("政策搜索 · Policy search")
    query = st.text_input(
        "查询 Query（中文或英文 Chinese or English）",
        key="search-q",
        placeholder="例如 中科院研发基地 · e.g. graphene research with a British university",
    ).strip()
    corpus = common.corpus()
    records = common.goal_records()
    with st.container(horizontal=True, vertical_alignment="bottom"):
        mode = st.segmented_control("模式 Mode", list(MODES), format_func=MODES.__getitem__, key="search-mode")
        k = st.number_input("结果数 Results", min_value=1, max_value=50, value=10, width=140)
    with st.expander("筛选 Filters", expanded=any(p in params for p in ("document", "goal", "institution"))):
        documents = sorted({r.document for r in records})
        document = _choice("文件 Document", documents, "document")
        numbers = sorted({r.goal for r in records if document in (None, r.document) and r.goal is not None})
        goal = _choice("目标 Goal", [str(n) for n in numbers], "goal")
        institutions = [label for _, label, _ in data.entities(corpus.store, EntityKind.INSTITUTION)]
        institution = _choice(
            "机构 Institution（含简称与下属机构 aliases and sub-organisations）",
            institutions,
            "institution",
            typed=True,
        )
    _sync_url(q=query, mode=mode or "hybrid", document=document, goal=goal, institution=institution)
    if not query:
        st.caption(f"{len(records)} 个目标 goals · 在上面输入查询 type a query above")
        return
    common.search_ready()
    started = time.perf_counter()
    try:
        hits = search(
            corpus.store,
            corpus.index,
            query,
            k=int(k),
            mode=mode or "hybrid",  # type: ignore[arg-type]
            document=document,
            goal=None if goal is None else int(goal),
            institution=institution,
        )
    except PolicyKGError as exc:
        common.stop_with(exc)
    elapsed = time.perf_counter() - started
    if warning := coverage_warning(corpus.store, corpus.index):
        st.warning(f"搜索索引不完整 The search index is incomplete: {escape(warning)}")
    st.caption(f"{len(hits)} 条结果 results · “{escape(query)}” · {elapsed * 1000:.0f} ms")
    if (mode or "hybrid") != "dense" and (matched := corpus.index.translation(query)):
        # An English query meets the Chinese text's words through a dictionary: show how it read them.
        pairs = " · ".join(f"{escape(english)} → {escape(' / '.join(chinese))}" for english, chinese in matched)
        st.caption(f"词语匹配 Words matched: {pairs}")
    if not hits:
        st.info("没有结果 No results — 试试别的词或放宽筛选 try other words or fewer filters")
    for hit in hits:
        _show(corpus, hit)


def _choice(label: str, options: list[str], name: str, *, typed: bool = False) -> str | None:
    """A filter; ``typed`` ones also take a name not in the list (an alias: 中科院)."""
    key = f"search-{name}"
    choices = [ANY, *options]
    if st.session_state[key] not in choices:
        if not typed:
            st.session_state[key] = ANY  # e.g. a goal number of another document
        else:
            choices.insert(1, st.session_state[key])
    picked = st.selectbox(label, choices, key=key, accept_new_options=typed)
    return None if picked == ANY else picked


def _sync_url(**values: str | None) -> None:
    """Keep the URL equal to what is on screen, so a search can be shared or bookmarked."""
    for name, value in values.items():
        if value and not (name == "mode" and value == "hybrid"):
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


def _show(corpus: object, hit: Hit) -> None:
    from policykg.corpus import Corpus

    assert isinstance(corpus, Corpus)
    detail = data.goal_detail(corpus.store, hit.document, hit.goal) if hit.goal is not None else None
    with st.container(border=True):
        if detail is None:
            st.markdown(f"**{hit.rank}.** " + escape(hit.text))
            similar = f" · +{hit.similar} similar" if hit.similar else ""
            st.caption(f"{escape(hit.document)} · score {hit.score:.3f}{similar}")
            return
        start = hit.start - detail.start
        if detail.text[start : start + len(hit.text)] != hit.text:
            start = detail.text.find(hit.text)
        title = f"{hit.rank}. 目标 Goal {detail.number} · {detail.title}"
        nav.link("browse", title, nav.browse_params("goal", hit.document, detail.number), icon=":material/target:")
        spans = [(start, start + len(hit.text), COLOURS["match"])] if start >= 0 else []
        st.markdown(highlight(detail.text, spans))
        similar = f" · 另有 {hit.similar} 个目标条文相同 +{hit.similar} similar in other goals" if hit.similar else ""
        source = f"{escape(detail.document_title)} · {escape(hit.document)}"
        st.caption(f"{source} · {hit.kind} · score {hit.score:.3f}{similar}")
        common.entity_links(
            [(s.kind, s.label) for s in detail.spans if s.label and s.kind != EntityKind.PLACE]
            + [(s.kind, s.label) for s in detail.spans if s.label and s.kind == EntityKind.PLACE]
        )
