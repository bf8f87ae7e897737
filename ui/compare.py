"""Compare: plan against plan (``/compare?a=OLD&b=NEW``), side by side — goals matched, added and
dropped, each linking to its goal; targets per measure with their change; institutions and
programmes new and gone. Everything a document wrote is shown as escaped text."""

from __future__ import annotations

import streamlit as st

from policykg.errors import PolicyKGError
from queries.library import select
from queries.measures import TimelineRow
from queries.plan_diff import PlanDiff, PlanGoal, diff
from ui import common, nav
from ui.text import escape

CHANGE_LABELS = {
    "raised": "⬆ 提高 raised",
    "cut": "⬇ 降低 cut",
    "same": "＝ 持平 same",
    "new": "＋ 新增 new",
    "dropped": "－ 取消 dropped",
}


@st.cache_resource(show_spinner="比较 Comparing…")
def _diff(store: str, old: str, new: str) -> PlanDiff:
    corpus = common.corpus()
    return diff(corpus.store, old, new, lambda: corpus.encoder)


def document_ids() -> list[str]:
    return [str(r["id"]) for r in select(common.corpus().store, "documents").records()]


def page() -> None:
    st.title("对比 Compare")
    common.corpus()
    ids = document_ids()
    if len(ids) < 2:
        st.info("对比需要两个文件 Comparing needs two documents — 导入文件 ingest another plan first")
        return
    params = st.query_params
    a, b = params.get("a", ids[0]), params.get("b", ids[1])
    left, right = st.columns(2)
    old = left.selectbox("旧 Old", ids, index=ids.index(a) if a in ids else 0)
    new = right.selectbox("新 New", ids, index=ids.index(b) if b in ids else 1)
    st.query_params.from_dict({"a": old, "b": new})
    if old == new:
        st.info("请选择两个不同的文件 Pick two different documents")
        return
    try:
        result = _diff(common.settings().store, old, new)
    except PolicyKGError as exc:
        common.stop_with(exc)
    _goals(result)
    _targets(result)
    _entities(result)


def _goal_link(document: str, goal: PlanGoal | None) -> None:
    if goal is None:
        st.caption("—")
        return
    label = common.goal_label(document, goal.number, goal.title)
    nav.link("browse", label, nav.browse_params("goal", document, goal.number), icon=":material/flag:")


def _goals(result: PlanDiff) -> None:
    st.subheader("目标 Goals")
    st.caption(
        f"{len(result.matched)} 对应 matched · {len(result.added)} 新增 added · {len(result.dropped)} 取消 dropped"
    )
    rows: list[tuple[PlanGoal | None, PlanGoal | None, str]] = [
        (m.old, m.new, f"{m.score:.3f}") for m in result.matched
    ]
    rows += [(g, None, "取消 dropped") for g in result.dropped]
    rows += [(None, g, "新增 added") for g in result.added]
    for i, (o, n, note) in enumerate(rows):
        with st.container(key=f"goal-row-{i}"):
            c1, c2, c3 = st.columns([5, 1, 5])
            with c1:
                _goal_link(result.old, o)
            c2.caption(note)
            with c3:
                _goal_link(result.new, n)


def _side(row: TimelineRow | None) -> str:
    if row is None:
        return "—"
    where = "总体目标 headline" if row.goal is None else f"目标 {row.goal}"
    return escape(f"{where} · {row.text}")


def _targets(result: PlanDiff) -> None:
    st.subheader("量化目标 Targets by measure")
    if not result.targets:
        st.caption("两个文件都没有量化目标 Neither plan states targets")
        return
    head = st.columns([3, 2, 4, 4])
    for column, title in zip(head, ("指标 measure", "变化 change", result.old, result.new), strict=True):
        column.markdown(f"**{escape(title)}**")
    for i, t in enumerate(result.targets):
        with st.container(key=f"measure-row-{i}"):
            c1, c2, c3, c4 = st.columns([3, 2, 4, 4])
            c1.markdown(escape(t.measure))
            c2.markdown(escape(CHANGE_LABELS[t.change]))
            c3.markdown(_side(t.old))
            c4.markdown(_side(t.new))


def _entities(result: PlanDiff) -> None:
    for title, (new, gone) in (
        ("机构 Institutions", result.institutions),
        ("计划/项目 Programmes", result.programmes),
    ):
        st.subheader(title)
        left, right = st.columns(2)
        left.markdown("**新出现 new:** " + escape("、".join(new) or "—"))
        right.markdown("**不再出现 gone:** " + escape("、".join(gone) or "—"))
