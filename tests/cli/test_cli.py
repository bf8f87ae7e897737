"""The CLI end to end on a real store, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policykg.cli import main


def run(store: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--store", store, *args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = str(tmp_path_factory.mktemp("cli-store"))
    result = run(folder, "ingest")  # no PATH: the bundled corpus
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged, 0 failed" in result.output
    return folder


def test_ingest_again_is_unchanged(store: str) -> None:
    result = run(store, "ingest")
    assert "0 added, 0 updated, 1 unchanged, 0 failed" in result.output


def test_goals_json_shape(store: str) -> None:
    goals = json.loads(run(store, "goals", "--format", "json").output)
    assert [g["goal"] for g in goals] == [*range(1, 12), None]  # the document's own row last
    assert goals[-1]["title"] == "市科技局2016年度业务职能目标" and goals[-1]["path"] is None
    assert len(json.loads(run(store, "goals", "--goals-only", "--format", "json").output)) == 11
    first = goals[4]
    assert set(first) >= {"document", "goal", "title", "iri", "path", "section", "roles", "institutions", "targets"}
    assert (first["path"], first["section"]) == ("5", [])
    assert (first["document"], first["goal"], first["title"]) == ("qingdao-most-2016-goals", 5, "促进科技成果转移转化")
    target = next(t for t in first["targets"] if t["unit"] == "元")
    assert (target["value"], target["comparator"]) == (10_000_000_000, ">")


def test_a_place_that_acts_is_found_by_the_institution_filter(store: str) -> None:
    result = run(store, "goals", "--institution", "即墨市", "--goals-only", "--format", "json")
    assert 11 in [g["goal"] for g in json.loads(result.output)]  # 争取即墨市获批…


@pytest.mark.parametrize(
    ("name", "goal"),
    [
        ("中科院", 2),
        ("中国科学院", 2),
        ("兰化所", 2),
        ("北京航空航天大学", 2),
        ("哈尔滨工程大学", 2),
        ("曼彻斯特大学", 3),
    ],
)
def test_goals_by_institution_rolls_up_aliases_and_sub_organisations(store: str, name: str, goal: int) -> None:
    result = run(store, "goals", "--institution", name, "--format", "json")
    assert result.exit_code == 0
    assert goal in [g["goal"] for g in json.loads(result.output)]


def test_harbin_engineering_rolls_up_its_parks(store: str) -> None:
    goals = json.loads(run(store, "goals", "--institution", "哈工程", "--format", "json").output)
    assert [g["goal"] for g in goals] == [2, 3]


def test_unknown_institution_is_empty_with_a_hint(store: str) -> None:
    result = CliRunner().invoke(main, ["--store", store, "goals", "--institution", "中科", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "closest known names" in result.stderr and "中科院" in result.stderr


def test_sparql_formats_and_read_only(store: str) -> None:
    query = "SELECT ?n WHERE { ?g a pkg:Goal ; pkg:number ?n } ORDER BY ?n"
    csv = run(store, "sparql", query, "--format", "csv").output.splitlines()
    assert csv[0] == "n" and csv[1:3] == ["1", "2"] and len(csv) == 12
    data = json.loads(run(store, "sparql", query, "--format", "json").output)
    assert len(data["results"]["bindings"]) == 11
    assert "<sparql" in run(store, "sparql", query, "--format", "xml").output
    for update in ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR DEFAULT", "LOAD <http://x/>"):
        result = CliRunner().invoke(main, ["--store", store, "sparql", update])
        assert result.exit_code == 1
        assert result.stderr.startswith("error: updates are not allowed") and result.stderr.count("\n") == 1
    result = CliRunner().invoke(main, ["--store", store, "sparql", "SELECT * WHERE { SERVICE <http://x/> {?s ?p ?o} }"])
    assert result.exit_code == 1 and "SERVICE" in result.stderr


def test_malformed_sparql_gives_the_parser_position(store: str) -> None:
    result = CliRunner().invoke(main, ["--store", store, "sparql", "SELECT * WHERE { ?s ?p }"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: malformed SPARQL: error at 1:") and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"plan \xfa\xfa\xff\xff" * 10, "GB18030"),
        ("我要收藏\n打印\n".encode(), "page chrome"),
    ],
)
def test_bad_files_fail_with_one_line_and_lose_nothing(
    store: str, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = json.loads(run(store, "stats", "--format", "json").output)
    result = CliRunner().invoke(main, ["--store", store, "ingest", str(bad)])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert json.loads(run(store, "stats", "--format", "json").output) == before


def test_stats_and_export(store: str, tmp_path: Path) -> None:
    stats = json.loads(run(store, "stats", "--format", "json").output)
    assert stats["documents"] == 1 and stats["goals"] == 11 and stats["institutions"] > 20
    out = tmp_path / "g.ttl"
    result = run(store, "export", "--format", "turtle", "-o", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 10_000
    graphml = run(store, "export", "--format", "graphml").output
    assert graphml.startswith("<?xml") and "graphml" in graphml


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "nowhere"), "goals"])
    assert result.exit_code == 1
    assert "run `policykg ingest` first" in result.stderr


def test_a_statement_without_goals_is_ingested_and_said_so(tmp_path: Path) -> None:
    statement = tmp_path / "statement.txt"
    statement.write_text(
        "市科技局召开全市科技工作会议\n会议总结了去年的工作，市科技局负责同志通报了高新技术企业培育情况。\n",
        encoding="utf-8",
    )
    result = run(str(tmp_path / "store"), "ingest", "--timeout", "0", str(statement))
    assert result.exit_code == 0, result.output
    assert "no goals found: " in result.output and "statement.txt (ingested as a document" in result.output
    assert "1 added" in result.output


def test_goals_csv_guards_formulas_like_sparql_csv(tmp_path: Path) -> None:
    plan = tmp_path / "markup-injection-plan.txt"
    text = (Path(__file__).resolve().parents[1] / "data" / "markup-injection-plan.txt").read_text("utf-8")
    plan.write_text(text.replace("PORT", "9"), "utf-8")
    store = str(tmp_path / "store")
    assert run(store, "ingest", str(plan)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run(store, "goals", "--goals-only", "--format", "csv").output)))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(\"http", "'+cmd|' /C calc'", "'-1+1", "'@SUM(1,1)"]
    assert [r["goal"] for r in rows] == ["1", "2", "3", "4"]
    query = "SELECT ?t WHERE { ?g a pkg:Goal ; pkg:number ?n ; dcterms:title ?t } ORDER BY ?n"
    sparql = list(csv.reader(io.StringIO(run(store, "sparql", query, "--format", "csv").output)))
    assert [r[0] for r in sparql[1:]] == [r["title"] for r in rows]  # one guard for every command
