"""Exports that open right: comparators readable, XLSX typed, Chinese intact, a cut always said."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph.store import open_store
from policykg.cli import main
from queries.endpoint import serving
from queries.export import serialize_graph
from queries.goals import TargetRecord
from tests.queries.test_endpoint import curl

MARKUP = Path(__file__).resolve().parents[1] / "data" / "markup-injection-plan.txt"
# 10,001 rows; the limit is 10,000
TEN_THOUSAND_AND_ONE = "SELECT ?n WHERE { VALUES ?n { " + " ".join(map(str, range(10_001))) + " } }"


@pytest.fixture(scope="module")
def markup_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A plan whose titles are formulas (=HYPERLINK…, @SUM…) and whose targets say 达到 (=)."""
    from policykg.corpus import Corpus

    store = str(tmp_path_factory.mktemp("markup-store"))
    with Corpus.open(store, write=True) as corpus:
        assert corpus.ingest([MARKUP]).added == [str(MARKUP)]
    return store


def test_goals_csv_keeps_comparators_and_guards_only_formulas(markup_store: str) -> None:
    result = CliRunner().invoke(main, ["--store", markup_store, "goals", "--format", "csv", "--excel"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    targets = " ".join(r["targets"] for r in rows)
    assert "达到3家 [= 3 家]" in targets and "'=" not in targets and "'" not in targets
    assert rows[0]["title"].startswith("'=HYPERLINK")  # the formula is still kept from running


def test_goals_xlsx_opens_with_chinese_and_numbers_as_numbers(markup_store: str) -> None:
    from openpyxl import load_workbook

    result = CliRunner().invoke(main, ["--store", markup_store, "goals", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(io.BytesIO(result.stdout_bytes)).active
    assert sheet is not None and sheet.title == "goals"
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert sheet["B2"].value == 1 and sheet["B2"].data_type == "n"
    assert any("达到3家 [= 3 家]" in str(v) for v in cells) and "中国科学院" in cells
    formula = next(c for v, c in cells.items() if str(v).startswith("=HYPERLINK"))
    assert formula.data_type == "s" and formula.quotePrefix


def test_the_targets_page_downloads_keep_signs_readable() -> None:
    import pandas as pd
    from openpyxl import load_workbook

    from ui.targets import COLUMNS, _row, export

    targets = [
        TargetRecord("达到3家", 3, None, "家", "="),
        TargetRecord("不低于8%", 8, None, "%", ">="),
        TargetRecord("控制在2小时以内", 2, None, "小时", "<="),
    ]
    frame = pd.DataFrame([_row("青岛", 1, "培育新业态", t) for t in targets], columns=list(COLUMNS))
    rows = list(csv.reader(io.StringIO(export(frame, "csv").decode("utf-8-sig"))))
    assert [r[4] for r in rows[1:]] == ["=", "≥", "≤"] and rows[1][2] == "培育新业态"
    sheet = load_workbook(io.BytesIO(export(frame, "xlsx"))).active
    assert sheet is not None
    assert [c.value for c in sheet["E"]][1:] == ["=", "≥", "≤"] and not any(c.quotePrefix for c in sheet["E"])
    assert sheet["F2"].value == 3 and sheet["F2"].data_type == "n" and sheet["C2"].value == "培育新业态"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml", "xlsx"])
def test_a_10001_row_answer_says_it_was_cut_in_every_format(seed_store: str, fmt: str) -> None:
    result = CliRunner().invoke(main, ["--store", seed_store, "sparql", "--format", fmt, TEN_THOUSAND_AND_ONE])
    assert result.exit_code == 0, result.output
    assert "note: stopped at 10000 rows (--max-rows)" in result.stderr
    out = result.stdout_bytes
    if fmt == "json":
        reply = json.loads(out)
        assert reply["head"]["link"] == ["urn:policykg:truncated:rows"] and len(reply["results"]["bindings"]) == 10_000
    elif fmt == "xml":
        assert b'<link href="urn:policykg:truncated:rows"/></head>' in out
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(out))
        assert book["results"].max_row == 10_001  # the header and 10,000 rows
        assert "urn:policykg:truncated:rows" in str(book["note"]["A1"].value)
    elif fmt in ("csv", "tsv"):
        assert out.count(b"\n") == 10_001


def test_a_10001_row_answer_over_http_says_so_in_a_header(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    with serving(store) as url:
        for accept in ("text/csv", "application/sparql-results+json"):
            status, headers, body = curl(
                "-H", f"Accept: {accept}", "--data-urlencode", f"query={TEN_THOUSAND_AND_ONE}", url
            )
            assert status == 200 and headers["x-policykg-truncated"] == "rows; limit=10000"
    store.close()
    assert json.loads(body)["head"]["link"] == ["urn:policykg:truncated:rows"]


def test_describe_and_construct_as_json_give_jsonld(seed_store: str) -> None:
    for query in (
        "DESCRIBE <https://w3id.org/policykg/id/doc/qingdao-most-2016-goals/goal/2>",
        "CONSTRUCT WHERE { ?g a pkg:Goal ; dcterms:title ?t }",
    ):
        result = CliRunner().invoke(main, ["--store", seed_store, "sparql", "--format", "json", query])
        assert result.exit_code == 0, result.output
        assert len(Graph().parse(data=result.stdout, format="json-ld")) >= 3
    result = CliRunner().invoke(main, ["--store", seed_store, "sparql", "--format", "xlsx", query])
    assert result.exit_code == 1 and "not a table" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def network(markup_store: str) -> Iterator[nx.DiGraph]:
    store = open_store(Path(markup_store) / "graph")
    yield nx.read_graphml(io.BytesIO(serialize_graph(store, "graphml")))
    store.close()


def test_graphml_is_directed_with_edge_kinds_and_every_goal(markup_store: str, network: nx.DiGraph) -> None:
    assert network.is_directed()
    assert {d["kind"] for _, _, d in network.edges(data=True)} <= {"mentions", "subOrganizationOf"}
    assert all(network.nodes[a]["kind"] == "goal" for a, _, d in network.edges(data=True) if d["kind"] == "mentions")
    goals = {n for n, d in network.nodes(data=True) if d["kind"] == "goal"}
    store = open_store(Path(markup_store) / "graph")
    every = {str(r[0]) for r in store.query("SELECT ?g WHERE { ?g a pkg:Goal }").rows}  # type: ignore[union-attr]
    store.close()
    assert goals == every and any(network.out_degree(g) == 0 for g in goals)  # goals naming nothing too
    gexf = nx.read_gexf(io.BytesIO(serialize_graph(open_store(Path(markup_store) / "graph"), "gexf")))
    assert gexf.is_directed()


def test_places_are_typed_as_places(seed_store: str) -> None:
    store = open_store(Path(seed_store) / "graph")
    network = nx.read_graphml(io.BytesIO(serialize_graph(store, "graphml")))
    store.close()
    kinds = {d["label"]: d["kind"] for _, d in network.nodes(data=True)}
    assert kinds.get("青岛市") == "place" and kinds.get("中国科学院") == "institution"
