"""The analyst's workbench on the real seed store (AppTest): how sure search is, result downloads,
entity tables, removing a document, refused uploads."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from policykg.corpus import Corpus
from policykg.errors import IngestError
from ui.documents import refuse_upload
from ui.downloads import export
from ui.entities import table

SEED = "qingdao-most-2016-goals"
APP = str(Path(__file__).resolve().parents[2] / "app.py")


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if page:
        at.run()
        at.switch_page(f"ui/views/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def links(at: AppTest) -> list[str]:
    return [plain(str(link.proto.label)) for link in at.get("page_link")]


def goal_numbers(at: AppTest) -> list[int]:
    """Goal numbers of the search hits' links ("3. 目标 Goal 2 · …"), in rank order."""
    heads = [label.split(" · ", 1)[0] for label in links(at)]
    return [int(h.rsplit("Goal ", 1)[1]) for h in heads if h.split(". ", 1)[0].isdigit() and "Goal " in h]


def test_a_nonsense_query_is_shown_as_weak_matches_in_both_languages(app_env: str) -> None:
    at = app(q="asdkjhqwe zzxq")
    notice = plain(at.warning[0].value)
    assert "Nothing close to “asdkjhqwe zzxq”" in notice and "没有与「asdkjhqwe zzxq」相近的内容" in notice
    assert at.expander and plain(at.expander[-1].label).startswith("弱匹配 Weak matches")


def test_a_relevant_query_gets_no_weak_notice_and_the_timing_names_the_search(app_env: str) -> None:
    at = app(q="中科院研发基地")
    assert not [w for w in at.warning if "Nothing close" in plain(w.value)]
    assert 2 in goal_numbers(at)
    caption = next(plain(c.value) for c in at.caption if "“中科院研发基地”" in plain(c.value))
    assert "检索 search" in caption and "closest" in caption


def test_search_results_have_facets_and_downloads(app_env: str) -> None:
    at = app(q="石墨烯研发合作")
    labels = [plain(b.label) for b in at.button]
    assert any(label.startswith(f"{SEED} · ") for label in labels)  # the document facet
    assert {b.proto.label for b in at.get("download_button")} >= {"CSV", "XLSX", "JSON"}
    # A facet click filters: the document facet puts its document in the URL.
    next(b for b in at.button if plain(b.label).startswith(f"{SEED} · ")).click().run()
    assert at.query_params["document"] == SEED


def test_downloads_write_the_rows_shown_in_every_format() -> None:
    from openpyxl import load_workbook

    frame = pd.DataFrame([{"rank": 1, "goal": 3, "title": "=1+1"}, {"rank": 2, "goal": None, "title": "石墨烯"}])
    rows = list(csv.DictReader(io.StringIO(export(frame, "csv").decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["'=1+1", "石墨烯"] and rows[1]["goal"] == ""
    assert json.loads(export(frame, "json")) == [
        {"rank": 1, "goal": 3.0, "title": "=1+1"},
        {"rank": 2, "goal": None, "title": "石墨烯"},
    ]
    sheet = load_workbook(io.BytesIO(export(frame, "xlsx"))).active
    assert sheet is not None and sheet["A2"].value == 1


def test_entity_table_counts_goals_documents_and_co_mentions(app_env: str) -> None:
    at = app("entities", kind="institution", document=SEED)
    frame = at.dataframe[0].value
    cas = frame[frame["name"] == "中国科学院"].iloc[0]
    assert cas["goals"] >= 1 and cas["documents"] == 1 and cas["co_mentions"] >= 1
    assert list(frame["goals"]) == sorted(frame["goals"], reverse=True)
    assert "中国科学院" in links(at)
    assert at.query_params["kind"] == "institution" and at.query_params["document"] == SEED
    places = app("entities", kind="place").dataframe[0].value
    assert len(places) and not set(places["name"]) & set(frame["name"])


def test_entity_table_of_no_goals_is_empty() -> None:
    import networkx as nx

    assert table(nx.Graph(), "institution").empty


def test_removing_a_document_removes_its_goals_from_every_page(
    seed_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = app("documents")
    at.selectbox(key="remove-id").set_value(SEED).run()
    next(b for b in at.button if b.label.startswith("删除")).click().run()
    assert "cannot be undone" in plain(at.warning[0].value)
    at.button(key="remove-confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Removed" in plain(at.success[0].value)
    with Corpus.open(str(store)) as corpus:
        assert corpus.stats()["documents"] == 0 and not corpus.index.documents()
    assert app("entities", kind="institution").dataframe[0].value.empty
    assert not goal_numbers(app(q="中科院研发基地"))


def test_an_upload_of_another_type_or_over_the_limit_is_refused_with_its_reason() -> None:
    with pytest.raises(IngestError, match=r"unsupported file type \.bin"):
        refuse_upload("weights.bin", 10, 100)
    with pytest.raises(IngestError, match="over the file size limit"):
        refuse_upload("plan.txt", 3 * 2**20, 2**20)
    refuse_upload("plan.txt", 10, 100)


def test_the_uploader_limit_is_the_ingest_file_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.launch import upload_limit_mb

    monkeypatch.setenv("POLICYKG_MAX_FILE_MB", "3.5")
    assert upload_limit_mb() == 4  # Streamlit counts whole MB; rounding down would refuse allowed files
    monkeypatch.delenv("POLICYKG_MAX_FILE_MB")
    assert upload_limit_mb() == 50
