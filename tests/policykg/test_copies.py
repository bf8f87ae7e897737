"""One plan in many files is one document listing them all; plans of a series know their predecessor."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policykg.cli import main
from policykg.corpus import Corpus
from queries.documents import DocumentRecord, documents
from queries.goals import goals

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"
DATA = Path(__file__).resolve().parents[1] / "data"


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, plan_copies: dict[str, list[Path]]) -> tuple[Path, Result]:
    store = tmp_path_factory.mktemp("copies-store") / "S"
    files = [SEED, *plan_copies["qingdao-2017"], *plan_copies["ningbo-2017"]]
    result = run(store, "ingest", "--timeout", "0", *map(str, files))
    assert result.exit_code == 0, result.output
    return store, result


def by_id(store: Path) -> dict[str, DocumentRecord]:
    with Corpus.open(str(store)) as corpus:
        return {d.id: d for d in documents(corpus.store)}


def test_seed_and_two_plans_in_three_files_each_are_three_documents(
    built: tuple[Path, Result], plan_copies: dict[str, list[Path]]
) -> None:
    store, result = built
    assert "3 added, 0 updated, 0 unchanged, 4 duplicate, 0 failed" in result.output
    q_txt, q_docx, q_pdf = plan_copies["qingdao-2017"]
    assert f"{q_txt} → qingdao-2017" in result.output
    assert f"{q_docx}: duplicate of qingdao-2017 (added as a source)" in result.output
    assert f"{q_pdf}: duplicate of qingdao-2017 (added as a source)" in result.output
    listed = json.loads(run(store, "documents", "--format", "json").stdout)
    assert [d["id"] for d in listed] == ["ningbo-2017", "qingdao-2017", "qingdao-most-2016-goals"]
    formats = {d["id"]: sorted(s["format"].rsplit("/", 1)[-1] for s in d["sources"]) for d in listed}
    assert formats["qingdao-2017"] == ["pdf", "plain", "vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert formats["ningbo-2017"] == ["html", "plain", "plain"]
    assert {s["file"] for s in listed[0]["sources"]} == {p.name for p in plan_copies["ningbo-2017"]}
    assert all(len(s["sha256"]) == 64 for d in listed for s in d["sources"])
    assert set(listed[0]) == {"id", "title", "issuer", "year", "series", "previous", "goals", "sources"}


def test_each_goal_naming_cas_is_listed_once(built: tuple[Path, Result]) -> None:
    store, _ = built
    with Corpus.open(str(store)) as corpus:
        found = [(g.document, g.goal) for g in goals(corpus.store, institution="中科院", whole_documents=False)]
    assert sorted(found) == [("ningbo-2017", 1), ("qingdao-2017", 2), ("qingdao-most-2016-goals", 2)]
    table = run(store, "goals", "--institution", "中科院", "--goals-only").output
    assert table.count("qingdao-2017 ") == 1


def test_the_2017_plan_follows_the_seed_in_its_series(built: tuple[Path, Result]) -> None:
    docs = by_id(built[0])
    seed, later, ningbo = docs["qingdao-most-2016-goals"], docs["qingdao-2017"], docs["ningbo-2017"]
    assert (seed.year, later.year) == (2016, 2017) and seed.series == later.series != ningbo.series
    assert later.previous == "qingdao-most-2016-goals" and seed.previous is None and ningbo.previous is None
    assert (seed.goals, later.goals) == (11, 12)
    csv = run(built[0], "documents", "--format", "csv").stdout
    assert csv.splitlines()[0] == "id,title,issuer,year,series,previous,goals,sources"


def test_copies_are_unchanged_on_a_second_ingest(
    built: tuple[Path, Result], plan_copies: dict[str, list[Path]], tmp_path: Path
) -> None:
    store = tmp_path / "S"
    shutil.copytree(built[0], store)
    files = [SEED, *plan_copies["qingdao-2017"], *plan_copies["ningbo-2017"]]
    again = run(store, "ingest", "--timeout", "0", *map(str, files))
    assert "0 added, 0 updated, 7 unchanged, 0 failed" in again.output
    assert run(store, "remove", "qingdao-most-2016-goals").exit_code == 0
    assert by_id(store)["qingdao-2017"].previous is None  # the series relinked without it


def test_removing_one_source_keeps_the_document_while_another_remains(
    built: tuple[Path, Result], plan_copies: dict[str, list[Path]], tmp_path: Path
) -> None:
    store = tmp_path / "S"
    shutil.copytree(built[0], store)
    q_txt, q_docx, q_pdf = plan_copies["qingdao-2017"]
    first = run(store, "remove", str(q_txt))  # the file the document was read from
    assert first.exit_code == 0 and "removed source" in first.output and "qingdao-2017" in first.output
    kept = by_id(store)["qingdao-2017"]
    assert [s.file for s in kept.sources] == [q_docx.name, q_pdf.name] and kept.goals == 12
    assert kept.previous == "qingdao-most-2016-goals"
    assert run(store, "remove", q_pdf.name).exit_code == 0  # by file name
    assert [s.file for s in by_id(store)["qingdao-2017"].sources] == [q_docx.name]
    again = run(store, "ingest", "--timeout", "0", str(q_docx))
    assert "0 added, 0 updated, 1 unchanged" in again.output  # the promoted file is the document's now
    last = run(store, "remove", str(q_docx))
    assert last.exit_code == 0 and "removed qingdao-2017" in last.output
    assert set(by_id(store)) == {"ningbo-2017", "qingdao-most-2016-goals"}
    assert run(store, "remove", "no-such-file.txt").exit_code == 1


def test_a_copy_edited_stays_a_copy_and_one_rewritten_becomes_its_own_plan(
    built: tuple[Path, Result], tmp_path: Path
) -> None:
    store = tmp_path / "S"
    shutil.copytree(built[0], store)
    ningbo = (DATA / "ningbo-ocean-2017-goals.txt").read_text(encoding="utf-8")
    copy = tmp_path / "ningbo-copy.txt"
    copy.write_text(ningbo, encoding="utf-8")
    assert "duplicate of ningbo-2017" in run(store, "ingest", "--timeout", "0", str(copy)).output
    copy.write_text(ningbo.replace("18万吨", "19万吨"), encoding="utf-8")
    edited = run(store, "ingest", "--timeout", "0", str(copy))
    assert "0 added, 1 updated, 0 unchanged, 0 failed" in edited.output
    assert len(by_id(store)["ningbo-2017"].sources) == 4
    other = (DATA / "zhanjiang-commerce-2020-goals.txt").read_text(encoding="utf-8")
    copy.write_text(other, encoding="utf-8")
    rewritten = run(store, "ingest", "--timeout", "0", str(copy))
    assert "1 added" in rewritten.output and f"{copy} → ningbo-copy" in rewritten.output
    docs = by_id(store)
    assert len(docs["ningbo-2017"].sources) == 3 and docs["ningbo-copy"].year == 2020
