"""policykg — Streamlit app. Run with `make run` (or `streamlit run app.py`).

Pages live in ``ui/``: search (the landing page), browse, SPARQL, targets, documents, compare. They call
only the public API; document text is shown as escaped text, never as HTML.
"""

from __future__ import annotations

import streamlit as st

from ui.common import warm_up
from ui.nav import pages

st.set_page_config(page_title="policykg 政策知识图谱", page_icon=":material/hub:", layout="wide")
warm_up()
st.navigation(list(pages().values())).run()
