"""Every page of the app, run in-process by Streamlit's AppTest on the real seed store and index."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from policykg.corpus import Corpus
from ui.sparql import download
from ui.text import highlight

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120
# From the development query set of the seed corpus: a query and the goals whose text answers it.
QUERIES = [
    ("中科院研发基地", {2}),
    ("石墨烯研发合作", {3}),
    ("graphene research with a British university", {3}),
    ("national marine laboratory", {8}),
]


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page:  # switching pages needs a first run (it registers the pages)
        at.run()
        at.switch_page(f"ui/views/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """What Markdown escaped by ``ui.text.escape`` shows: the characters written."""
    return re.sub(r"\\(.)", r"\1", markdown)


def links(at: AppTest) -> list[str]:
    return [plain(str(link.proto.label)) for link in at.get("page_link")]


def goal_numbers(at: AppTest) -> list[int]:
    """Goal numbers of the hits on the search page, in rank order (from their goal links)."""
    numbers = []
    for label in links(at):
        head = label.split(" · ", 1)[0]  # "3. 目标 Goal 2"
        if head.split(". ", 1)[0].isdigit() and "Goal " in head:
            numbers.append(int(head.rsplit("Goal ", 1)[1]))
    return numbers


def test_search_is_the_landing_page_and_its_query_box_comes_first(app_env: str) -> None:
    at = app()
    assert at.title[0].value.startswith("政策搜索")
    assert at.text_input[0].label.startswith("查询 Query")
    assert not at.exception


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_finds_the_right_goal(app_env: str, query: str, expected: set[int]) -> None:
    at = app()
    at.text_input[0].input(query).run()
    assert not at.exception, [e.value for e in at.exception]
    found = goal_numbers(at)
    assert found, links(at)
    assert set(found[:3]) & expected, (query, found)
    # The matched passage is highlighted inside its goal's text, as escaped markdown.
    assert any(":orange-background[" in m.value for m in at.markdown)


def test_an_english_query_shows_the_chinese_words_it_matched(app_env: str) -> None:
    at = app(q="venture capital for SMEs")
    captions = [c.value for c in at.caption if c.value.startswith("词语匹配 Words matched")]
    assert captions and "venture capital → 创业投资" in captions[0] and "中小企业" in captions[0], captions
    assert not [c for c in app(q="venture capital", mode="dense").caption if "Words matched" in c.value]
    assert not [c for c in app(q="科技金融").caption if "Words matched" in c.value]


@pytest.mark.parametrize("mode", ["dense", "lexical"])
def test_search_modes_and_institution_filter(app_env: str, mode: str) -> None:
    at = app(q="研发基地", mode=mode, institution="中科院")
    assert not at.exception
    assert set(goal_numbers(at)) == {2}  # only goal 2 names 中科院 (or its institutes)


def test_institution_page_lists_goal_2_for_an_alias_with_the_linking_mentions(app_env: str) -> None:
    at = app("browse", institution="中科院")
    assert at.header[0].value == "中国科学院"
    assert any(label.startswith("目标 Goal 2 ·") for label in links(at))
    via = " ".join(c.value for c in at.caption if "via" in c.value)
    assert "兰化所" in via and "中科院" in via  # a sub-organisation's mention linked the goal
    subheaders = [s.value for s in at.subheader]
    assert any(s.startswith("计划/项目 Programmes") for s in subheaders)
    assert any(s.startswith("共现机构 Co-occurring institutions") for s in subheaders)
    assert "北京航空航天大学" in links(at)  # co-occurs with 中科院 in goal 2


def test_goal_page_shows_text_mentions_targets_and_neighbours(app_env: str) -> None:
    at = app("browse", document="qingdao-most-2016-goals", goal="2")
    assert at.header[0].value.startswith("目标 Goal 2")
    text = at.markdown[0].value
    assert ":blue-background[兰化所]" in text  # institution mentions highlighted
    assert ":green-background[中科院第二轮合作协议]" in text  # programmes too
    assert ":red-background[10家以上]" in text  # and targets
    assert len(at.dataframe[0].value) == 2  # its two targets
    assert any(s.value.startswith("相关目标 Neighbouring goals") for s in at.subheader)


@pytest.mark.parametrize(
    "params",
    [
        {"programme": "一带一路"},
        {"place": "青岛市"},
        {"document": "qingdao-most-2016-goals"},
        {"institution": "没有这个机构"},
    ],
)
def test_other_browse_pages_run(app_env: str, params: dict[str, str]) -> None:
    at = app("browse", **params)
    if "institution" in params:
        assert "closest" in at.info[0].value
    else:
        assert any(label.startswith("目标 Goal") for label in links(at))


def test_sparql_console_runs_a_named_query_and_its_csv_download_has_the_rows(app_env: str) -> None:
    at = app("sparql", query="goals_by_institution")
    assert at.text_input[0].value == "中科院"
    assert "?institution" in at.text_area[0].value
    at.button[0].click().run()
    assert not at.exception and not at.error
    outcome, _ = at.session_state["sparql-result"]
    rows = list(csv.DictReader(io.StringIO(download(outcome, "csv")().decode("utf-8"))))
    assert {row["number"] for row in rows} == {"2"}
    assert {"中科院", "兰化所", "青能所"} <= {row["mention"] for row in rows}
    assert len(at.dataframe[0].value) == len(rows)
    assert [b.label for b in at.get("download_button")] == ["CSV", "TSV", "JSON", "XML", "XLSX"]


@pytest.mark.parametrize("page", ["sparql", "targets"])
def test_downloads_are_built_only_when_clicked(app_env: str, page: str) -> None:
    # A stored file per format on every run held a large result five times over (449 -> 1,133 MB
    # RSS for 16k rows); a deferred download stores nothing until its button is clicked.
    at = app(page, query="goals")
    if page == "sparql":
        at.button[0].click().run()
    buttons = [b.proto for b in at.get("download_button")]
    assert buttons and all(b.deferred_file_id and not b.url for b in buttons), buttons


@pytest.mark.parametrize(
    ("query", "message"),
    [("SELECT ?x WHERE { ?x ?y }", "malformed SPARQL"), ("DROP ALL", "read-only")],
)
def test_sparql_errors_are_one_line(app_env: str, query: str, message: str) -> None:
    at = app("sparql", query="（自由查询 free query）")
    at.text_area[0].input(query)
    at.button[0].click().run()
    assert not at.exception
    assert message in plain(at.error[0].value) and "\n" not in at.error[0].value


def test_the_console_says_which_limit_cut_an_answer(app_env: str) -> None:
    at = app("sparql", query="（自由查询 free query）")
    at.text_area[0].input("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")  # ~700² rows, past the console's row limit
    at.button[0].click().run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("1000 行 rows") and c.endswith("cut at the row limit") for c in captions), captions


def test_targets_page_has_every_target_and_charts(app_env: str) -> None:
    at = app("targets")
    assert len(at.dataframe[0].value) == 24
    assert len(at.get("plotly_chart")) == 3  # the measure timeline, targets per goal, values
    assert [b.label for b in at.get("download_button")] == ["CSV", "XLSX"]


def test_targets_charts_one_plan_at_a_time_and_compare_shows_the_measures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    data = Path(__file__).resolve().parents[1] / "data" / "plans"
    with Corpus.open(str(tmp_path / "store"), write=True) as corpus:
        assert not corpus.ingest([data / "change-kinds-2018.txt", data / "change-kinds-2019.txt"]).failed
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    at = app("targets")
    picker = next(s for s in at.selectbox if s.label == "图表的文件 Document of the charts")
    assert picker.options == ["change-kinds-2018", "change-kinds-2019"]
    per_goal = json.loads(at.get("plotly_chart")[1].proto.spec)
    counted = sum(_numbers(trace["y"]).sum() for trace in per_goal["data"])
    assert counted == 4  # the 2018 plan's four targets, not both plans' eight added up
    at = app("compare", a="change-kinds-2018", b="change-kinds-2019")
    shown = [plain(m.value) for m in at.markdown]
    assert {"技术合同成交额", "⬆ 提高 raised", "目标 1 · 达到20亿元", "目标 1 · 突破25亿元"} <= set(shown)
    assert {"⬇ 降低 cut", "＝ 持平 same", "＋ 新增 new", "－ 取消 dropped"} <= set(shown)
    assert "目标 Goal 4 · 发展海洋科技产业" in links(at)


def _numbers(values: object) -> np.ndarray:
    """A Plotly figure's numbers: a list, or base64 bytes with their dtype (``bdata``)."""
    import base64

    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def test_targets_page_lists_a_plans_headline_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = Path(__file__).resolve().parents[1] / "data" / "xiamen-most-2019-plan.txt"
    with Corpus.open(str(tmp_path / "store"), write=True) as corpus:
        assert not corpus.ingest([plan]).failed
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    frame = app("targets").dataframe[0].value
    headline = frame[frame["目标 goal"].isna()]
    assert list(headline["原文 text"]) == ["达到3.2%", "突破2000家", "达到60亿元", "达到30件"]
    assert set(headline["目标名称 title"]) == {"总体目标 headline"}
    assert frame["目标 goal"].dropna().astype(int).min() == 1  # goal numbers stay whole numbers


def test_goal_page_shows_who_leads_and_who_takes_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = Path(__file__).resolve().parents[1] / "data" / "roles-table-plan.txt"
    with Corpus.open(str(tmp_path / "store"), write=True) as corpus:
        assert not corpus.ingest([plan]).failed
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "store"))
    at = app("browse", document="roles-table-plan", goal="1")
    assert any(s.value.startswith("职责 Roles") for s in at.subheader)
    roles = dict(zip(at.dataframe[0].value["机构 institution"], at.dataframe[0].value["职责 role"], strict=True))
    assert roles["区科技局"] == "牵头 lead" and roles["区财政局"] == "配合 participant"


def test_documents_page_ingests_an_upload_and_reports_a_bad_file(
    seed_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)  # the shared seed store stays as it is
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = app("documents")
    assert "qingdao-most-2016-goals" in links(at)[0] or at.dataframe[0].value.shape[0] == 1
    good = (Path(__file__).resolve().parents[1] / "data" / "ningbo-ocean-2017-goals.txt").read_bytes()
    at.get("file_uploader")[0].set_value(
        [("bad.txt", b"\x00\x01\x02" * 300, "text/plain"), ("ningbo-ocean-2017-goals.txt", good, "text/plain")]
    )
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value.startswith("bad\\.txt") and "unchanged" in at.error[0].value
    assert "1 added" in at.success[0].value
    assert len(at.dataframe[0].value) == 2  # the page reads the new document at once
    with Corpus.open(str(store)) as corpus:
        assert corpus.stats()["documents"] == 2


def test_highlight_keeps_document_text_inert() -> None:
    text = "<script>alert('x')</script> [链接](http://example.com) $x$ :red[y] **z**"
    out = highlight(text, [(0, 8, "orange")])
    for raw in ("<script>", "](", "$x$", ":red[", "**"):
        assert raw not in out.replace(":orange-background[", "")


def test_search_page_warns_when_the_index_lags_the_graph(
    seed_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    late = Path(__file__).resolve().parents[1] / "data" / "ningbo-ocean-2017-goals.txt"
    with Corpus.open(str(store), write=True) as corpus:  # the graph written, the index not (a kill between)
        assert not corpus.ingest([late], with_index=False).failed
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    at = app(q="科技金融")
    assert goal_numbers(at), "search still answers from the indexed documents"
    warning = at.warning[0].value.replace("\\", "")  # as shown: the Markdown escapes read as the text
    assert "ningbo-ocean-2017-goals" in warning and "--rebuild-index" in warning


def test_targets_export_keeps_comparators_and_numbers_and_guards_formula_titles(
    injection_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from ui.targets import COLUMNS, export

    monkeypatch.setenv("POLICYKG_STORE", injection_store)
    shown = app("targets").dataframe[0].value
    frame = shown.rename(columns={label: name for name, label in COLUMNS.items()})
    rows = list(csv.DictReader(io.StringIO(export(frame, "csv").decode("utf-8-sig"))))
    assert {r["comparator"] for r in rows} >= {"="} and "'=" not in {r["comparator"] for r in rows}
    assert {r["title"] for r in rows} >= {"'+cmd|' /C calc'", "'-1+1", "'@SUM(1,1)"}
    sheet = load_workbook(io.BytesIO(export(frame, "xlsx"))).active
    assert sheet is not None
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row}
    assert cells["="].data_type == "s" and not cells["="].quotePrefix
    assert cells["-1+1"].quotePrefix and cells["-1+1"].data_type == "s"
    assert isinstance(sheet["F2"].value, int | float)  # value: a number, not text
