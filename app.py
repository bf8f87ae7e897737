"""policykg — Streamlit app. Run with `make run`.

Calls only the public API (policykg.corpus, queries). Document text is shown as text, never HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from policykg.corpus import Corpus
from policykg.errors import PolicyKGError
from policykg.settings import Settings
from queries.goals import goals

st.set_page_config(page_title="policykg 政策知识图谱", layout="wide")


@st.cache_resource
def open_corpus(store: str) -> Corpus:
    return Corpus.open(Settings.from_env(store=store))


def main() -> None:
    st.title("政策知识图谱 · policykg")
    settings = Settings.from_env()
    try:
        corpus = open_corpus(settings.store)
    except PolicyKGError as exc:
        st.info(f"{exc}")
        st.stop()
    institution = st.text_input("机构 Institution", placeholder="中科院 / 北京航空航天大学 …").strip() or None
    try:
        records = goals(corpus.store, institution=institution)
    except PolicyKGError as exc:
        st.error(str(exc))
        st.stop()
    st.caption(f"{len(records)} 个目标 goals")
    frame = pd.DataFrame(
        [
            {
                "文件 document": r.document,
                "序号 goal": r.goal,
                "目标名称 title": r.title,
                "机构 institutions": "、".join(r.matched_by or r.institutions),
                "计划 programmes": "、".join(r.programmes),
                "量化目标 targets": "；".join(t.text for t in r.targets),
            }
            for r in records
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch")


main()
