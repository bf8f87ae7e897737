"""Damage reported, recovery offered; no document lost to a name clash; no encoding guessed silently.

Each test is a reproduction from the hardening trial, on a real Oxigraph store through the CLI.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policykg.cli import main
from policykg.corpus import Corpus

PLAN_A = (
    "青岛市科学技术局工作目标\n\n一、加快科技创新\n\n支持中国科学院青岛生物能源与过程研究所建设平台，新增孵化器10家。\n"
)
PLAN_B = "济南市发展和改革委员会工作要点\n\n一、推进项目建设\n\n完成重点项目投资100亿元。\n"
PAGE = (
    "<html><head><title>厦门市科技局计划</title></head>"
    "<body><p>一、培育企业</p><p>新增高新技术企业50家。</p></body></html>"
)


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def documents(store: Path) -> int:
    result = run(store, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["documents"])


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``a/plan.txt``, ``b/plan.txt`` and ``plan.html``: three plans, one file stem."""
    folder = tmp_path_factory.mktemp("clash")
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    (folder / "a" / "plan.txt").write_text(PLAN_A, encoding="utf-8")
    (folder / "b" / "plan.txt").write_text(PLAN_B, encoding="utf-8")
    (folder / "plan.html").write_text(PAGE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, corpus_folder: Path) -> Path:
    store = tmp_path_factory.mktemp("built") / "S"
    result = run(store, "ingest", "--timeout", "0", str(corpus_folder))
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Path:
    """A copy of the built store for one test to damage."""
    copy = tmp_path / "S"
    shutil.copytree(built, copy)
    return copy


def test_files_sharing_a_stem_keep_their_own_documents(store: Path, corpus_folder: Path) -> None:
    first = run(store.parent / "fresh", "ingest", "--timeout", "0", str(corpus_folder))
    assert "3 added, 0 updated, 0 unchanged, 0 failed" in first.output
    assert f"{corpus_folder / 'b' / 'plan.txt'} → plan-2" in first.output
    assert f"{corpus_folder / 'plan.html'} → plan-3" in first.output
    assert documents(store) == 3
    again = run(store, "ingest", "--timeout", "0", str(corpus_folder))  # the same files keep their ids
    assert "0 added, 0 updated, 3 unchanged, 0 failed" in again.output
    changed = store.parent / "changed"
    shutil.copytree(corpus_folder, changed)
    (changed / "b" / "plan.txt").write_text(PLAN_B.replace("100亿元", "120亿元"), encoding="utf-8")
    moved = run(store, "ingest", "--timeout", "0", str(changed / "b" / "plan.txt"))
    assert "0 added, 0 updated, 1 unchanged" not in moved.output  # a new path: not plan-2's file
    goals = json.loads(run(store, "goals", "--document", "plan-2", "--format", "json").stdout)
    assert goals and "100亿元" in json.dumps(goals, ensure_ascii=False)  # plan-2 itself untouched
    assert run(store, "remove", "plan-3").exit_code == 0
    assert documents(store) == 3  # plan, plan-2 and the changed copy; plan-3 removed


def test_utf8_lines_in_a_gbk_file_are_read_as_utf8(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(
        "青岛市科学技术局工作目标\n\n".encode("gbk")
        + "一、促进科技成果转移转化\n\n".encode()
        + "技术合同成交额超过100亿元。\n".encode("gbk")
    )
    result = run(tmp_path / "S", "ingest", "--timeout", "0", str(mixed))
    assert result.exit_code == 0, result.output
    goals = json.loads(run(tmp_path / "S", "goals", "--goals-only", "--format", "json").stdout)
    assert [g["title"] for g in goals] == ["促进科技成果转移转化"]


def test_a_line_in_no_encoding_is_refused_by_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("青岛市科学技术局\n目标\n".encode("gbk") + b"plan \xfa\xfa\xff\xff\n")
    result = run(tmp_path / "S", "ingest", "--timeout", "0", str(bad))
    assert result.exit_code == 1
    assert "bad.txt" in result.stderr and "line 3" in result.stderr


def largest_table(store: Path) -> Path:
    return max((store / "graph").glob("*.sst"), key=lambda p: p.stat().st_size)


def test_a_truncated_table_file_is_one_line_and_repair_rebuilds(store: Path) -> None:
    table = largest_table(store)
    with open(table, "r+b") as file:
        file.truncate(1000)
    result = run(store, "stats")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and "damaged" in result.stderr and "policykg repair" in result.stderr
    repaired = run(store, "repair")
    assert repaired.exit_code == 0, repaired.output
    assert "rebuilt 3 of 3 documents" in repaired.stdout
    assert documents(store) == 3
    assert list(store.glob("graph.damaged-*"))  # the damaged database is kept, not deleted
    hits = json.loads(run(store, "search", "技术企业", "--format", "json").stdout)
    assert {h["document"] for h in hits} >= {"plan-3"}  # ids kept through the rebuild


def test_a_lost_current_file_is_never_written_over_and_repair_restores_it(store: Path, corpus_folder: Path) -> None:
    (store / "graph" / "CURRENT").unlink()
    result = run(store, "ingest", "--timeout", "0", str(corpus_folder))
    assert result.exit_code == 1 and "policykg repair" in result.stderr
    assert not (store / "graph" / "CURRENT").exists()  # no empty database hides the data
    repaired = run(store, "repair")
    assert repaired.exit_code == 0 and "restored CURRENT" in repaired.stdout
    assert documents(store) == 3


def test_a_lost_index_is_an_error_naming_the_repair(store: Path) -> None:
    (store / "index" / "CURRENT").unlink()
    result = run(store, "search", "孵化器")
    assert result.exit_code == 1 and "policykg repair" in result.stderr
    assert run(store, "repair").exit_code == 0
    hits = json.loads(run(store, "search", "孵化器", "--format", "json").stdout)
    assert hits and hits[0]["document"] == "plan"


def test_search_warns_when_the_index_lags_the_graph(store: Path, tmp_path: Path) -> None:
    late = tmp_path / "late.txt"
    late.write_text(PLAN_B.replace("济南市", "烟台市"), encoding="utf-8")
    with Corpus.open(str(store), write=True) as corpus:  # the graph written, the index not (a kill between)
        corpus.ingest([late], with_index=False)
    result = run(store, "search", "孵化器")
    assert result.exit_code == 0 and "孵化器" in result.stdout
    assert "lacks 1 of the graph's documents (late)" in result.stderr and "--rebuild-index" in result.stderr
    assert run(store, "ingest", "--rebuild-index").exit_code == 0
    assert "warning" not in run(store, "search", "孵化器").stderr
