"""SHACL shapes (graph/shapes.ttl): the seed's store and every test document's graph conform, a
graph broken on purpose fails with a line naming what is wrong, and ``policykg validate`` says so
with its exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, SKOS, Graph, Literal

from graph.build import document_triples
from graph.store import open_store
from graph.validate import validate
from graph.vocab import ORG, PKG, SDO
from ingest.pipeline import process_file
from policykg.cli import main
from queries.export import serialize_graph

DATA = Path(__file__).resolve().parents[1] / "data"
TEST_DOCUMENTS = sorted(DATA.glob("*.txt"))


def test_the_seed_store_conforms(seed_store: str) -> None:
    result = CliRunner().invoke(main, ["--store", seed_store, "validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "valid:" in result.output and "triples conform" in result.output


@pytest.mark.parametrize("path", TEST_DOCUMENTS, ids=lambda p: p.stem)
def test_every_test_documents_graph_conforms(path: Path) -> None:
    assert len(TEST_DOCUMENTS) >= 8
    assert validate(document_triples(process_file(path))) == []


def _seed_graph(seed_path: Path) -> Graph:
    graph = Graph()
    for triple in document_triples(process_file(seed_path)):
        graph.add(triple)
    return graph


def test_a_place_made_part_of_an_organisation_fails_with_a_clear_line(seed_path: Path) -> None:
    graph = _seed_graph(seed_path)
    jimo = next(graph.subjects(SKOS.prefLabel, Literal("即墨市", lang="zh")))
    qingdao = next(graph.subjects(SKOS.prefLabel, Literal("青岛市", lang="zh")))
    graph.remove((jimo, SDO.containedInPlace, qingdao))
    graph.add((jimo, ORG.subOrganizationOf, qingdao))  # the old, wrong shape
    lines = [str(v) for v in validate(graph)]
    assert any(
        line.startswith("pkgsh:Place: id:place/") and "org:subOrganizationOf: a place is no organisation" in line
        for line in lines
    ), lines


def test_a_target_without_a_unit_or_a_number_fails(seed_path: Path) -> None:
    graph = _seed_graph(seed_path)
    target = next(graph.subjects(RDF.type, PKG.Target))
    graph.remove((target, SDO.unitText, None))
    for p in (SDO.value, SDO.minValue, SDO.maxValue):
        graph.remove((target, p, None))
    lines = [str(v) for v in validate(graph)]
    assert any(line.startswith("pkgsh:Target: id:doc/") and "schema:unitText" in line for line in lines), lines
    assert (
        f"pkgsh:Target: {_short(str(target))} -: a target states its number once: schema:value, or a bound"
        in "\n".join(lines)
    )


def test_validate_on_a_broken_export_prints_a_line_per_violation_and_exits_1(seed_store: str, tmp_path: Path) -> None:
    store = open_store(Path(seed_store) / "graph")
    graph = Graph().parse(data=serialize_graph(store, "turtle"), format="turtle")
    store.close()
    goal = next(graph.subjects(RDF.type, PKG.Goal))
    graph.remove((goal, PKG.number, None))
    broken = tmp_path / "broken.ttl"
    broken.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    result = CliRunner().invoke(main, ["--store", seed_store, "validate", str(broken)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("pkgsh:")]
    assert lines == [f"pkgsh:Goal: {_short(str(goal))} pkg:number: Less than 1 values on {goal.n3()}->pkg:number"]
    assert "1 violations of graph/shapes.ttl" in result.output


def test_validate_on_a_file_that_is_no_rdf_is_one_line(seed_store: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", seed_store, "validate", str(bad)])
    assert result.exit_code == 1 and result.output.startswith("error: ") and "not valid turtle" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _short(iri: str) -> str:
    return "id:" + iri.removeprefix("https://w3id.org/policykg/id/")
