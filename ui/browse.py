"""Browse: institution, programme, place, goal and document pages, with a neighbourhood graph.

The view is named by the URL (``?institution=中国科学院``, ``?programme=…``, ``?place=…``,
``?document=…&goal=2``, ``?document=…``), so any view can be shared or bookmarked.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import streamlit as st
from rdflib import URIRef

from graph.store import GraphStore
from ingest.roles import LABELS as ROLE_LABELS
from policykg.corpus import Corpus
from policykg.kinds import EntityKind
from queries.goals import goals
from ui import common, data, graphview, nav
from ui.data import KIND_LABELS, KINDS
from ui.text import COLOURS, escape, highlight

VIEWS = (*KINDS, "goal", "document")


def page() -> None:
    st.title("浏览 · Browse")
    corpus = common.corpus()
    kind, value = _current()
    kind, value = _chooser(corpus, kind, value)
    if value is None:
        st.caption("选择一个机构、计划、地点、目标或文件 Pick an institution, programme, place, goal or document")
        return
    if kind == "goal":
        document, _, number = value.rpartition("#")
        _goal(corpus, document, int(number))
    elif kind == "document":
        _document(corpus, value)
    else:
        _entity(corpus, kind, value)


def _current() -> tuple[str, str | None]:
    """(kind, value) named by the URL; goals are ``DOCUMENT#NUMBER``."""
    params = st.query_params
    if "goal" in params and "document" in params and params["goal"].isdigit():
        return "goal", f"{params['document']}#{params['goal']}"
    for kind in VIEWS:
        if params.get(kind):
            return kind, params[kind]
    return EntityKind.INSTITUTION, None


def _set_url(kind: str, value: str) -> None:
    if kind == "goal":
        document, _, number = value.rpartition("#")
        wanted = nav.browse_params("goal", document, int(number))
    else:
        wanted = {kind: value}
    # Always written: a link to this same page with new params reruns it without updating the URL.
    st.query_params.from_dict(wanted)


def _chooser(corpus: Corpus, kind: str, value: str | None) -> tuple[str, str | None]:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        picked_kind = st.segmented_control("类型 Kind", VIEWS, format_func=KIND_LABELS.__getitem__, default=kind)
        if picked_kind and picked_kind != kind:  # the user switched kind: the old name means nothing here
            kind, value = picked_kind, None
        options = _options(corpus, kind)
        labels = dict(options)
        keys = [k for k, _ in options]
        if value is not None and value not in labels:  # an alias or IRI in the URL: keep it selectable
            keys.insert(0, value)
            labels[value] = value
        index = keys.index(value) if value in keys else None
        picked = st.selectbox(
            "名称 Name", keys, index=index, format_func=labels.__getitem__, placeholder="选择 Choose…", width=520
        )
    if picked is not None:
        _set_url(kind, picked)
    return kind, picked


def _options(corpus: Corpus, kind: str) -> list[tuple[str, str]]:
    if kind == "goal":
        return [(f"{r.document}#{r.goal}", f"{r.goal}. {r.title} ({r.document})") for r in common.goal_records()]
    if kind == "document":
        return [(d.id, f"{d.title} ({d.id})") for d in data.documents(corpus.store)]
    return [(label, f"{label} · {mentions}") for _, label, mentions in data.entities(corpus.store, kind)]


def _entity(corpus: Corpus, kind: str, name: str) -> None:
    store = corpus.store
    found = data.entities_named(store, kind, name)
    if not found:
        if kind == EntityKind.INSTITUTION:
            from queries.goals import closest_institutions

            hint = "、".join(escape(n) for n in closest_institutions(store, name))
            closest = f" — 相近 closest: {hint}" if hint else ""
            st.info(f"没有名为「{escape(name)}」的机构 No institution of that name{closest}")
        else:
            st.info(f"没有名为「{escape(name)}」的{KIND_LABELS[kind]} Nothing of that name")
        return
    for iri in found:
        entity = data.entity(store, iri)
        if entity is None:
            continue
        st.header(escape(entity.label))
        facts = [KIND_LABELS[entity.kind]]
        if entity.label_en:
            facts.append(escape(entity.label_en))
        if entity.category:
            facts.append(f"类别 category: {escape(entity.category)}")
        if entity.aliases:
            facts.append("简称 aliases: " + "、".join(escape(a) for a in entity.aliases))
        st.caption(" · ".join(facts))
        if links := external_links(entity.same_as):
            st.caption("外部标识 Identifiers: " + " · ".join(links))
        common.entity_links([(kind, label) for _, label in entity.parents], label="上级 Part of")
        common.entity_links([(kind, label) for _, label in entity.children], label="下属 Sub-organisations")
        left, right = st.columns([3, 2])
        with left:
            if kind == EntityKind.INSTITUTION:
                _institution(store, entity.label, iri)
            else:
                _goals_of(store, iri)
        with right:
            _graph(iri)


_REGISTRIES = (("http://www.wikidata.org/entity/", "Wikidata"), ("https://ror.org/", "ROR"))


def external_links(same_as: list[str]) -> list[str]:
    """Markdown links to the registries an entity is the same as, in a fixed form: the id must be
    letters and digits (Q530471, 034t30j35), so nothing but a plain link is ever written.

    >>> external_links(["http://www.wikidata.org/entity/Q530471", "https://example.org/x"])
    ['[Wikidata Q530471](http://www.wikidata.org/entity/Q530471)']
    """
    out = []
    for iri in sorted(same_as):
        for base, registry in _REGISTRIES:
            local = iri.removeprefix(base)
            if iri.startswith(base) and local.isascii() and local.isalnum():
                out.append(f"[{registry} {local}]({base}{local})")
    return out


def _institution(store: GraphStore, label: str, iri: str) -> None:
    records = goals(store, institution=label)
    st.subheader(f"涉及的目标 Goals involving it ({len(records)})")
    st.caption(
        "含简称与下属机构；「经由」是把目标连到此机构的原文提及 Aliases and sub-organisations included; "
        "“via” is the mention that linked the goal"
    )
    for record in records:
        if record.goal is None:  # goals() lists documents' own rows only when asked to
            continue
        _goal_link(record.document, record.goal, record.title)
        st.caption(f"{escape(record.document)} · 经由 via: " + "、".join(escape(m) for m in record.matched_by))
    programmes = data.named(store, "programmes_by_institution", institution=URIRef(iri))
    st.subheader(f"计划/项目 Programmes ({len({p['label'] for p in programmes})})")
    common.entity_links([(EntityKind.PROGRAMME, str(p["label"])) for p in programmes])
    others = data.named(store, "institutions_cooccurring", institution=URIRef(iri))
    st.subheader(f"共现机构 Co-occurring institutions ({len(others)})")
    st.caption("出现在同一目标中的其他机构（按共同目标数）Other institutions in the same goals, by shared goals")
    common.entity_links([(EntityKind.INSTITUTION, str(o["label"])) for o in others])


def _goals_of(store: GraphStore, iri: str) -> None:
    rows = data.named(store, "goals_by_institution", institution=URIRef(iri))
    via: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for row in rows:
        key = (str(row["document"]), int(str(row["number"])), str(row["title"]))
        if str(row["mention"]) not in via[key]:
            via[key].append(str(row["mention"]))
    st.subheader(f"涉及的目标 Goals naming it ({len(via)})")
    for (document, number, title), mentions in via.items():
        _goal_link(document, number, title)
        st.caption(f"{escape(document)} · 原文 as written: " + "、".join(escape(m) for m in mentions))


def _goal(corpus: Corpus, document: str, number: int) -> None:
    detail = data.goal_detail(corpus.store, document, number)
    if detail is None:
        st.info(f"没有这个目标 No goal {number} in 「{escape(document)}」")
        return
    st.header(f"目标 Goal {number} · {escape(detail.title)}")
    nav.link("browse", detail.document_title, {"document": document}, icon=":material/description:")
    left, right = st.columns([3, 2])
    with left:
        st.markdown(highlight(detail.text, [(s.start, s.end, COLOURS[s.kind]) for s in detail.spans]))
        st.caption(
            " · ".join(f":{COLOURS[k]}-background[{KIND_LABELS.get(k, '量化目标 Target')}]" for k in (*KINDS, "target"))
        )
        for kind in KINDS:
            common.entity_links(
                [(kind, s.label) for s in detail.spans if s.kind == kind and s.label], label=KIND_LABELS[kind]
            )
        record = next((r for r in common.goal_records() if r.document == document and r.goal == number), None)
        if record and record.roles:  # who leads, who is responsible, who takes part
            st.subheader(f"职责 Roles ({len(record.roles)})")
            rows = [{"机构 institution": name, "职责 role": ROLE_LABELS.get(role, role)} for name, role in record.roles]
            st.dataframe(pd.DataFrame(rows), hide_index=True)
        if record and record.targets:
            st.subheader(f"量化目标 Targets ({len(record.targets)})")
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "对象 counted": t.subject,
                            "比较 comparator": t.sign,
                            "数值 value": t.value,
                            "上限 max": t.value_max,
                            "单位 unit": t.unit,
                            "原文 text": t.text,
                        }
                        for t in record.targets
                    ]
                ),
                hide_index=True,
            )
        _neighbours(detail.iri)
    with right:
        _graph(detail.iri)


def _neighbours(goal: str) -> None:
    """Goals sharing an institution, programme or place with this one, most shared first."""
    graph = common.network()
    if goal not in graph:
        return
    shared: dict[str, list[str]] = defaultdict(list)
    for entity in graph.neighbors(goal):
        for other in graph.neighbors(entity):
            if other != goal and graph.nodes[other].get("kind") == "goal":
                shared[other].append(str(graph.nodes[entity].get("label")))
    if not shared:
        return
    st.subheader(f"相关目标 Neighbouring goals ({len(shared)})")
    for other, via in sorted(shared.items(), key=lambda item: -len(item[1])):
        attrs = graph.nodes[other]
        nav.link(
            "browse",
            str(attrs.get("label")),
            nav.browse_params("goal", str(attrs.get("document")), int(attrs.get("number", 0))),
            icon=":material/target:",
        )
        st.caption("共同 shared: " + "、".join(escape(v) for v in via))


def _document(corpus: Corpus, doc_id: str) -> None:
    info = next((d for d in data.documents(corpus.store) if d.id == doc_id), None)
    if info is None:
        st.info(f"没有这个文件 No document 「{escape(doc_id)}」")
        return
    st.header(escape(info.title))
    facts = [escape(info.id), f"来源 file: {escape(info.source)}"]
    if info.issuer:
        facts.append(f"发文机关 issuer: {escape(info.issuer)}")
    if info.issued:
        facts.append(f"日期 date: {escape(info.issued)}")
    st.caption(" · ".join(facts))
    records = [r for r in common.goal_records() if r.document == doc_id]
    st.subheader(f"目标 Goals ({len(records)})")
    for record in records:
        if record.goal is None:
            continue
        _goal_link(record.document, record.goal, record.title)
        summary = [
            f"{len(record.institutions)} 机构 institutions",
            f"{len(record.programmes)} 计划 programmes",
            f"{len(record.targets)} 量化目标 targets",
        ]
        st.caption(" · ".join(summary))


def _graph(center: str) -> None:
    graph = common.network()
    st.subheader("关系图 Relationships")
    hops = st.radio("范围 Hops", (1, 2), horizontal=True, key=f"hops-{center}", format_func=lambda h: f"{h} 跳 hops")
    sub = graphview.neighbourhood(graph, center, hops=hops)
    if sub.number_of_nodes() <= 1:
        st.caption("没有关系 No relationships yet")
        return
    legend = " ".join(f":{c}[●] {KIND_LABELS[k]}" for k, c in _LEGEND.items())
    st.caption(f"{sub.number_of_nodes()} 节点 nodes (≤ {graphview.MAX_NODES}) · 点击节点打开 click to open · {legend}")
    clicked = graphview.draw(sub, center)
    if clicked and clicked != center and clicked in graph:
        attrs = graph.nodes[clicked]
        if attrs.get("kind") == "goal":
            params = nav.browse_params("goal", str(attrs["document"]), int(attrs["number"]))
        else:
            params = {str(attrs["kind"]): str(attrs["label"])}
        st.query_params.from_dict(params)
        st.rerun()


_LEGEND = {**{kind: COLOURS[kind] for kind in KINDS}, "goal": "orange"}


def _goal_link(document: str, number: int, title: str) -> None:
    nav.link(
        "browse",
        f"目标 Goal {number} · {title}",
        nav.browse_params("goal", document, number),
        icon=":material/target:",
    )
