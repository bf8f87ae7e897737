"""The corpus over time, through the CLI on a real Oxigraph store: a folder of mixed formats with
a broken file, re-ingesting unchanged, changed and newly broken files, and removing a document."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from embeddings.persist import current_generation
from embeddings.records import PassageRecord
from graph.iri import document_iri
from graph.results import SelectResult
from graph.vocab import ONTOLOGY
from policykg.cli import main
from policykg.corpus import Corpus
from policykg.sources import source_path

PLAN = "某市科技局2018年工作要点\n发布日期：2018-02-01\n\n一、{a}\n建设重点实验室5家。\n二、{b}\n新增高新企业100家。\n"
PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<div class="nav"><a>首页</a><a>政务公开</a><a>办事服务</a></div>
<h1>某市海洋局2018年度工作目标</h1><table><tr><td>序号</td><td>目标名称</td><td>目标内容</td></tr>
<tr><td>1</td><td>建设海洋强市</td><td>推进海洋实验室建设。</td></tr>
<tr><td>2</td><td>发展海洋经济</td><td>海洋生产总值增长15%左右。</td></tr></table></body></html>"""


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def goal_titles(store: Path, doc_id: str) -> list[str]:
    with Corpus.open(str(store)) as corpus:
        result = corpus.store.query(
            "SELECT ?t WHERE { ?d dcterms:hasPart ?g . ?g a pkg:Goal ; dcterms:title ?t } ORDER BY ?t",
            {"d": document_iri(doc_id)},
        )
    assert isinstance(result, SelectResult)
    return sorted(str(row[0]) for row in result.rows)


def quads_per_document(store: Path) -> Counter[str]:
    with Corpus.open(str(store)) as corpus:
        return Counter(str(quad[3]) for quad in corpus.store.quads() if quad[3] != ONTOLOGY)


def indexed_goal_titles(store: Path) -> dict[str, set[str]]:
    """Goal titles of the passages in the saved search index, per document."""
    generation = current_generation(store / "index")
    assert generation is not None
    out: dict[str, set[str]] = {}
    with open(generation / "records.jsonl", encoding="utf-8") as file:
        for line in file:
            record = PassageRecord.from_json(json.loads(line))
            if record.goal is not None:  # passages outside goals (a preamble) have no goal title
                out.setdefault(record.document, set()).add(record.goal_title or "")
    return out


@pytest.fixture
def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "plans").mkdir(parents=True)
    (folder / "web" / "2018").mkdir(parents=True)
    (folder / "plans" / "plan-a.txt").write_bytes(PLAN.format(a="建设创新平台", b="培育科技企业").encode("gbk"))
    (folder / "web" / "2018" / "page-b.html").write_bytes(PAGE.encode("gb2312"))
    word = docx.Document()
    word.add_paragraph("某市发改委2018年工作要点")
    for text in ("一、扩大有效投资", "新开工重点项目200个以上。", "二、推进节能减排", "单位生产总值能耗下降3.5%。"):
        word.add_paragraph(text)
    word.save(str(folder / "plans" / "word-c.docx"))
    (folder / "plans" / "broken-d.pdf").write_bytes(b"<html>saved with the wrong name</html>")
    return folder


def test_folder_ingest_re_ingest_change_and_remove(corpus_folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"

    # A folder, recursively: three formats in, the broken file reported on one line, the rest go on.
    first = run(store, "ingest", str(corpus_folder))
    assert first.exit_code == 0, first.output
    assert "3 added, 0 updated, 0 unchanged, 1 failed" in first.output
    failures = [line for line in first.output.splitlines() if line.startswith("failed:")]
    assert failures == ["failed: broken-d.pdf: not a PDF file (no %PDF header)"]
    before = quads_per_document(store)
    assert len(before) == 3
    assert goal_titles(store, "plan-a") == ["培育科技企业", "建设创新平台"]
    assert goal_titles(store, "page-b") == ["发展海洋经济", "建设海洋强市"]
    assert goal_titles(store, "word-c") == ["扩大有效投资", "推进节能减排"]
    assert indexed_goal_titles(store) == {
        "plan-a": {"建设创新平台", "培育科技企业"},
        "page-b": {"建设海洋强市", "发展海洋经济"},
        "word-c": {"扩大有效投资", "推进节能减排"},
    }

    # Unchanged bytes: nothing is rewritten.
    again = run(store, "ingest", str(corpus_folder))
    assert "0 added, 0 updated, 3 unchanged, 1 failed" in again.output
    assert quads_per_document(store) == before

    # A changed file replaces its own graph, and only its own.
    (corpus_folder / "plans" / "plan-a.txt").write_bytes(PLAN.format(a="建设研发平台", b="引进高端人才").encode("gbk"))
    changed = run(store, "ingest", str(corpus_folder))
    assert "0 added, 1 updated, 2 unchanged, 1 failed" in changed.output
    assert goal_titles(store, "plan-a") == ["建设研发平台", "引进高端人才"]
    assert indexed_goal_titles(store)["plan-a"] == {"建设研发平台", "引进高端人才"}  # old passages gone
    after = quads_per_document(store)
    doc_a = str(document_iri("plan-a"))
    assert {k: v for k, v in after.items() if k != doc_a} == {k: v for k, v in before.items() if k != doc_a}

    # A file that breaks after it was ingested fails; its last good graph stays, the store is intact.
    (corpus_folder / "web" / "2018" / "page-b.html").write_bytes(b"\x00\x01\x02" * 100)
    broken = run(store, "ingest", str(corpus_folder))
    assert "0 added, 0 updated, 2 unchanged, 2 failed" in broken.output
    assert "failed: page-b.html: binary data" in broken.output
    assert goal_titles(store, "page-b") == ["发展海洋经济", "建设海洋强市"]
    assert quads_per_document(store) == after

    # remove: the document's graph is gone everywhere; removing it again is one clear error.
    removed = run(store, "remove", "plan-a")
    assert removed.exit_code == 0 and removed.output.strip() == "removed plan-a"
    assert doc_a not in quads_per_document(store)
    assert goal_titles(store, "plan-a") == []
    assert set(indexed_goal_titles(store)) == {"page-b", "word-c"}
    missing = run(store, "remove", "plan-a")
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines()[-1] == "Error: no document 'plan-a' in the store"

    # After removal the file is new again.
    back = run(store, "ingest", str(corpus_folder / "plans" / "plan-a.txt"))
    assert "1 added, 0 updated, 0 unchanged, 0 failed" in back.output


def test_force_re_ingests_unchanged_files(corpus_folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    path = corpus_folder / "plans" / "word-c.docx"
    assert "1 added" in run(store, "ingest", str(path)).output
    before = quads_per_document(store)
    forced = run(store, "ingest", "--force", str(path))
    assert "0 added, 1 updated, 0 unchanged, 0 failed" in forced.output
    assert quads_per_document(store) == before  # same bytes, same graph: replaced, not duplicated


def test_only_failures_exit_non_zero(corpus_folder: Path, tmp_path: Path) -> None:
    result = run(tmp_path / "store", "ingest", str(corpus_folder / "plans" / "broken-d.pdf"))
    assert result.exit_code == 1
    assert "0 added, 0 updated, 0 unchanged, 1 failed" in result.output


def test_re_ingest_heals_an_index_left_behind_by_a_kill(tmp_path: Path) -> None:
    """A kill between a document's graph write and the index save leaves the graph at the new
    version and the index at the old one; the next ingest of the same file re-indexes it."""
    store, plan = tmp_path / "store", tmp_path / "plan-a.txt"
    plan.write_text(PLAN.format(a="建设创新平台", b="培育科技企业"), encoding="utf-8")
    assert run(store, "ingest", str(plan)).exit_code == 0
    plan.write_text(PLAN.format(a="发展海洋经济", b="培育科技企业"), encoding="utf-8")
    with Corpus.open(str(store), write=True) as corpus:  # what a kill after the graph write leaves
        from ingest.pipeline import process_file

        resolved = process_file(plan, corpus.gazetteer)
        graph = corpus.document_graph(resolved, path=source_path(plan))  # as ingest writes it
        corpus.store.replace_document(document_iri(resolved.document.id), graph)
    assert indexed_goal_titles(store)["plan-a"] == {"建设创新平台", "培育科技企业"}

    healed = run(store, "ingest", str(plan))
    assert healed.exit_code == 0 and "0 added, 0 updated, 1 unchanged (1 re-indexed)" in healed.output
    assert indexed_goal_titles(store)["plan-a"] == {"发展海洋经济", "培育科技企业"}
    again = run(store, "ingest", str(plan))
    assert "1 unchanged, 0 failed" in again.output  # nothing left to heal
