"""Exports of query results and of the whole graph: W3C formats, XLSX, RDF, GraphML/GEXF; Chinese intact."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.query import Result

from graph.results import SelectResult
from graph.store import GraphStore, open_store
from graph.vocab import ONTOLOGY
from queries.export import neutralise, serialize_graph, serialize_graph_result, serialize_result
from queries.params import run_named
from queries.runner import run_query

TITLE = Literal("集聚高端创新资源", lang="zh")


@pytest.fixture(scope="module")
def store(seed_store: str) -> Iterator[GraphStore]:
    opened = open_store(Path(seed_store) / "graph")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def goals(store: GraphStore) -> SelectResult:
    result = run_named(store, "goals")
    assert isinstance(result, SelectResult)
    return result


def rapper(tmp_path: Path, data: bytes, syntax: str) -> None:
    if shutil.which("rapper") is None:  # pragma: no cover - .ci/run installs raptor2-utils
        pytest.skip("rapper (raptor2-utils) not installed")
    path = tmp_path / f"export.{syntax}"
    path.write_bytes(data)
    checked = subprocess.run(["rapper", "-c", "-i", syntax, str(path)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr[-500:]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_results_parse_back_with_chinese(goals: SelectResult, fmt: str) -> None:
    parsed = Result.parse(io.BytesIO(serialize_result(goals, fmt)), format=fmt)
    titles = [row[3] for row in parsed]  # type: ignore[index]
    assert len(titles) == 11
    assert TITLE in titles if fmt != "csv" else str(TITLE) in map(str, titles)


def test_tsv_is_w3c_shaped(goals: SelectResult) -> None:
    lines = serialize_result(goals, "tsv").decode("utf-8").splitlines()
    assert lines[0] == "?goal\t?document\t?number\t?title\t?path\t?section"
    assert '"集聚高端创新资源"@zh' in lines[2] and len(lines) == 12


def test_xlsx_opens_with_chinese_and_no_formulas(goals: SelectResult) -> None:
    from openpyxl import load_workbook

    evil = SelectResult(("x",), ((Literal("=HYPERLINK(1)"),), (Literal("中文"),)))
    sheet = load_workbook(io.BytesIO(serialize_result(evil, "xlsx"))).active
    assert sheet is not None and [c.value for c in sheet["A"]] == ["x", "=HYPERLINK(1)", "中文"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix  # text, never a formula
    sheet = load_workbook(io.BytesIO(serialize_result(goals, "xlsx"))).active
    assert sheet is not None and sheet["D3"].value == "集聚高端创新资源" and sheet["C3"].value == 2
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"


def test_whole_graph_turtle_and_ntriples_pass_rapper(store: GraphStore, tmp_path: Path) -> None:
    rapper(tmp_path, serialize_graph(store, "turtle"), "turtle")
    rapper(tmp_path, serialize_graph(store, "nt"), "ntriples")


def test_whole_graph_jsonld_round_trips(store: GraphStore) -> None:
    turtle = Graph().parse(data=serialize_graph(store, "turtle"), format="turtle")
    jsonld = Graph().parse(data=serialize_graph(store, "jsonld"), format="json-ld")
    assert len(turtle) > 1000 and isomorphic(turtle, jsonld)
    assert (None, None, TITLE) in jsonld


def test_nquads_keep_the_named_graphs(store: GraphStore) -> None:
    dataset = Dataset().parse(data=serialize_graph(store, "nquads"), format="nquads")
    assert len(dataset) == len(store)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {str(d) for d in store.documents()} | {str(ONTOLOGY)}  # the ontology's graph too


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_open_in_networkx(store: GraphStore, fmt: str) -> None:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(serialize_graph(store, fmt)))
    labels = {data.get("label") for _, data in graph.nodes(data=True)}
    assert "中国科学院" in labels and graph.number_of_edges() > 20


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_results_round_trip(store: GraphStore, fmt: str, parser: str, tmp_path: Path) -> None:
    result = run_query(store, "CONSTRUCT WHERE { ?g a pkg:Goal ; dcterms:title ?t ; pkg:number ?n }")
    assert isinstance(result, Graph)
    data = serialize_graph_result(result, fmt)
    assert isomorphic(Graph().parse(data=data, format=parser), result)
    if fmt != "jsonld":
        rapper(tmp_path, data, "turtle" if fmt == "turtle" else "ntriples")
