"""Search, the landing page: one box for Chinese or English, mode switch, filters and facets,
highlighted hits that say how close they are, and the result list as CSV, XLSX or JSON."""

from __future__ import annotations

import time
from collections import Counter

import pandas as pd
import streamlit as st

from policykg.errors import PolicyKGError
from policykg.kinds import EntityKind
from queries.search import Hit, closeness, coverage_warning, relevance_floor, search, weak_match
from ui import common, data, downloads, nav
from ui.text import COLOURS, escape, highlight

MODES = {"hybrid": "混合 Hybrid", "dense": "语义 Meaning", "lexical": "词语 Words"}
ANY = "（全部 all）"
FILTERS = ("document", "goal", "institution", "issuer", "year")
FACETS = {
    "document": "文件 Document",
    "issuer": "发文机关 Issuer",
    "year": "年份 Year",
    "institution": "机构 Institution",
}


def page() -> None:
    params = st.query_params
    # Widgets are keyed and start from the URL once: a default that followed the URL would make
    # Streamlit replace the widget (and lose the cursor) whenever the URL changes.
    for key, default in (("q", ""), ("mode", "hybrid"), *((name, ANY) for name in FILTERS)):
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
    infos = {d.id: d for d in data.documents(corpus.store)}
    with st.expander("筛选 Filters", expanded=any(p in params for p in FILTERS)):
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
        issuer = _choice("发文机关 Issuer", sorted({i.issuer for i in infos.values() if i.issuer}), "issuer")
        year = _choice("年份 Year", sorted({_year(i) for i in infos.values() if i.issued}), "year")
    _sync_url(
        q=query, mode=mode or "hybrid", document=document, goal=goal, institution=institution, issuer=issuer, year=year
    )
    if not query:
        st.caption(f"{len(records)} 个目标 goals · 在上面输入查询 type a query above")
        return
    loading = common.search_ready()
    started = time.perf_counter()
    # Issuer and year filter the hits of a deeper search (the index knows documents, not issuers).
    depth = int(k) if issuer is None and year is None else max(5 * int(k), 50)
    try:
        hits = search(
            corpus.store,
            corpus.index,
            query,
            k=depth,
            mode=mode or "hybrid",  # type: ignore[arg-type]
            document=document,
            goal=None if goal is None else int(goal),
            institution=institution,
        )
        near = closeness(corpus.index, query)
    except PolicyKGError as exc:
        common.stop_with(exc)
    elapsed = time.perf_counter() - started
    hits = [h for h in hits if _kept(infos.get(h.document), issuer, year)][: int(k)]
    if warning := coverage_warning(corpus.store, corpus.index):
        st.warning(f"搜索索引不完整 The search index is incomplete: {escape(warning)}")
    timing = f"检索 search {elapsed * 1000:.0f} ms"
    if loading >= 0.05:  # this run also waited for the model: say so, apart from the search
        timing += f" · 加载模型 model loading {loading:.1f} s"
    st.caption(f"{len(hits)} 条结果 results · “{escape(query)}” · {timing} · 最近相似度 closest {near:.2f}")
    if (mode or "hybrid") != "dense" and (matched := corpus.index.translation(query)):
        # An English query meets the Chinese text's words through a dictionary: show how it read them.
        pairs = " · ".join(f"{escape(english)} → {escape(' / '.join(chinese))}" for english, chinese in matched)
        st.caption(f"词语匹配 Words matched: {pairs}")
    if not hits:
        st.info("没有结果 No results — 试试别的词或放宽筛选 try other words or fewer filters")
        return
    st.session_state["search-details"] = {}  # goals read afresh each run: a removal or ingest shows at once
    rows = [_row(corpus, hit, infos) for hit in hits]
    results, facets = st.columns([3, 1])
    with facets:
        _facets(rows)
    with results:
        if weak_match(corpus.index, query, near):
            st.warning(
                f"没有与「{escape(query)}」相近的内容 Nothing close to “{escape(query)}” — "
                f"最近的段落相似度 the closest passage scores {near:.2f} (floor {relevance_floor(query):.2f}); "
                "下面是弱匹配 below are weak matches",
                icon="🔍",
            )
            with st.expander(f"弱匹配 Weak matches ({len(hits)})"):
                for hit in hits:
                    _show(corpus, hit)
        else:
            for hit in hits:
                _show(corpus, hit)
        downloads.buttons(pd.DataFrame(rows).drop(columns=["_institutions"]), "search-results")


def _year(info: data.DocumentInfo) -> str:
    return (info.issued or "")[:4]


def _kept(info: data.DocumentInfo | None, issuer: str | None, year: str | None) -> bool:
    if issuer is not None and (info is None or info.issuer != issuer):
        return False
    return year is None or (info is not None and _year(info) == year)


def _row(corpus: object, hit: Hit, infos: dict[str, data.DocumentInfo]) -> dict[str, object]:
    """A hit as a row of the downloadable result list (and of the facets)."""
    from policykg.corpus import Corpus

    assert isinstance(corpus, Corpus)
    info = infos.get(hit.document)
    detail = _detail(corpus, hit)
    names = [] if detail is None else [s.label for s in detail.spans if s.label and s.kind == EntityKind.INSTITUTION]
    institutions = list(dict.fromkeys(names))
    return {
        "rank": hit.rank,
        "score": hit.score,
        "document": hit.document,
        "document_title": None if info is None else info.title,
        "issuer": None if info is None else info.issuer,
        "year": None if info is None or not info.issued else _year(info),
        "goal": hit.goal,
        "goal_title": hit.goal_title,
        "passage": hit.text,
        "institutions": "、".join(institutions),
        "_institutions": institutions,
    }


def _facets(rows: list[dict[str, object]]) -> None:
    """Counts of the hits by document, issuer, year and institution; a click filters by one."""
    st.caption("分面 Facets（点击筛选 click to filter）")
    for name, title in FACETS.items():
        values = Counter(v for row in rows for v in _values(row, name) if v)
        if not values:
            continue
        st.markdown(f"**{title}**")
        for value, count in values.most_common(8):
            st.button(
                f"{value} · {count}",
                key=f"facet-{name}-{value}",
                on_click=_filter_by,
                args=(name, str(value)),
                type="tertiary",
            )


def _values(row: dict[str, object], name: str) -> list[object]:
    found = row["_institutions"] if name == "institution" else [row[name]]
    return list(found) if isinstance(found, list) else []


def _filter_by(name: str, value: str) -> None:
    st.session_state[f"search-{name}"] = value


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


def _detail(corpus: object, hit: Hit) -> data.GoalDetail | None:
    """The hit's goal, read once per run for both the hit's card and its row of the result list."""
    from policykg.corpus import Corpus

    assert isinstance(corpus, Corpus)
    if hit.goal is None:
        return None
    details: dict[tuple[str, int], data.GoalDetail | None] = st.session_state.setdefault("search-details", {})
    key = (hit.document, hit.goal)
    if key not in details:
        details[key] = data.goal_detail(corpus.store, hit.document, hit.goal)
    return details[key]


def _show(corpus: object, hit: Hit) -> None:
    detail = _detail(corpus, hit)
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
