"""The ingest limits on a real store: the size limit (``POLICYKG_MAX_FILE_MB`` / ``--max-file-mb``)
and the per-file time limit (``POLICYKG_INGEST_TIMEOUT`` / ``--timeout``).

A file over the size limit fails unread with one line naming the limit; a file that takes longer
than the time limit is stopped (its worker process killed), fails with one line, leaves nothing in
the store, and the files after it are ingested by a fresh worker. With no time limit (0), files
are read in-process and no worker starts.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.iri import document_iri
from ingest.worker import ingest_workers
from policykg.cli import main
from policykg.corpus import Corpus, IngestReport, document_exists
from policykg.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "data" / "corpus" / "qingdao-most-2016-goals.txt"
PLAN = "某市科技局2018年工作要点\n发布日期：2018-02-01\n\n一、{a}\n建设重点实验室5家。\n二、{b}\n新增高新企业100家。\n"
LIMIT_S = 0.5
SIZE_MESSAGE = "over the 1,048-byte limit; raise it with --max-file-mb or POLICYKG_MAX_FILE_MB"
TIME_MESSAGE = (
    f"slow-plan.txt: took longer than {LIMIT_S:g} s to read and extract; raise --timeout / POLICYKG_INGEST_TIMEOUT"
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("limits")
    out = {}
    for n, (a, b) in enumerate(
        [("加快科技创新", "发展海洋经济"), ("建设创新平台", "培育高新企业"), ("推进成果转化", "引进人才")]
    ):
        out[f"small{n}"] = folder / f"small-plan-{n}.txt"
        out[f"small{n}"].write_text(PLAN.format(a=a, b=b), encoding="utf-8")
    # The seed a hundred times over: ~0.8 MB that takes several seconds to read and extract (the
    # seed alone ~0.2 s), far past the limit.
    out["slow"] = folder / "slow-plan.txt"
    out["slow"].write_text(SEED.read_text(encoding="utf-8") * 100, encoding="utf-8")
    out["big"] = folder / "big-plan.txt"  # 2 kB: over a 0.001 MB (1,048-byte) limit
    out["big"].write_text(PLAN.format(a="加快科技创新", b="发展海洋经济") * 12, encoding="utf-8")
    return out


def quads(store: str) -> int:
    with Corpus.open(store) as corpus:
        return len(corpus.store)


def ingest(settings: Settings, paths: list[Path]) -> tuple[IngestReport, dict[str, float]]:
    """Ingest without the search index; also the seconds each file took."""
    took: dict[str, float] = {}

    def timed(found: list[Path]) -> Iterator[Path]:
        for path in found:
            started = time.monotonic()
            yield path
            took[path.name] = time.monotonic() - started

    with Corpus.open(settings, write=True) as corpus:
        report = corpus.ingest(paths, progress=timed, with_index=False)
    return report, took


def test_a_slow_file_is_stopped_at_the_limit_and_the_next_one_goes_in(files: dict[str, Path], tmp_path: Path) -> None:
    settings = Settings(str(tmp_path / "store"), ingest_timeout=LIMIT_S)
    workers = ingest_workers(settings.alias_files, settings.ingest_memory_mb)
    report, _ = ingest(settings, [files["small0"]])  # a warm worker: its start is not the file's time
    assert report.added == [str(files["small0"])], report
    started = workers.started
    before = quads(settings.store)

    report, took = ingest(settings, [files["slow"], files["small1"]])

    assert report.failed == [(str(files["slow"]), TIME_MESSAGE)]
    assert took["slow-plan.txt"] < LIMIT_S + 3  # stopped: in-process it takes several seconds
    assert report.added == [str(files["small1"])]  # by a fresh worker
    assert workers.started == started + 1  # the killed one, replaced once
    with Corpus.open(settings.store) as corpus:
        assert not document_exists(corpus.store, "slow-plan")
        assert corpus.stored_sha256("slow-plan") is None
        assert document_exists(corpus.store, "small-plan-1")
    assert quads(settings.store) > before

    report, took = ingest(settings, [files["small2"]])  # the replacement is healthy and stays
    assert report.added == [str(files["small2"])] and took["small-plan-2.txt"] < LIMIT_S + 3
    assert workers.started == started + 1


def test_a_file_that_needs_too_much_memory_fails_and_the_worker_goes_on(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYKG_INGEST_MEMORY_MB", "16")  # the 0.8 MB plan needs far more to extract
    settings = Settings(str(tmp_path / "store"), ingest_timeout=60)
    workers = ingest_workers(settings.alias_files, settings.ingest_memory_mb)
    report, _ = ingest(settings, [files["slow"], files["small0"]])
    assert report.failed == [
        (
            str(files["slow"]),
            "slow-plan.txt: needs more than the 16 MB one file may use to read and extract; "
            "raise POLICYKG_INGEST_MEMORY_MB",
        )
    ], report
    assert report.added == [str(files["small0"])]  # the same worker, after its MemoryError
    assert workers.started == 1
    with Corpus.open(settings.store) as corpus:
        assert not document_exists(corpus.store, "slow-plan")


def test_no_time_limit_reads_in_process(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYKG_INGEST_TIMEOUT", "0")
    settings = Settings.from_env(str(tmp_path / "store"))
    workers = ingest_workers(settings.alias_files, settings.ingest_memory_mb)
    started = workers.started
    report, _ = ingest(settings, [files["small0"], files["small1"]])
    assert len(report.added) == 2 and not report.failed, report
    assert workers.started == started  # no worker process was asked for
    with Corpus.open(settings.store) as corpus:
        assert document_exists(corpus.store, "small-plan-0") and document_exists(corpus.store, "small-plan-1")


@pytest.mark.parametrize("timeout", ["0", "60"], ids=["in-process", "worker"])
def test_the_size_limit_from_the_environment(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, timeout: str
) -> None:
    monkeypatch.setenv("POLICYKG_INGEST_TIMEOUT", timeout)
    settings = Settings.from_env(str(tmp_path / "store"))
    report, _ = ingest(settings, [files["small0"]])
    before = quads(settings.store)

    monkeypatch.setenv("POLICYKG_MAX_FILE_MB", "0.001")
    report, _ = ingest(Settings.from_env(settings.store), [files["big"], files["small1"]])

    assert report.failed == [
        (str(files["big"]), f"big-plan.txt: {files['big'].stat().st_size:,} bytes is {SIZE_MESSAGE}")
    ]
    assert report.added == [str(files["small1"])]  # under the limit: read as usual
    with Corpus.open(settings.store) as corpus:
        assert not document_exists(corpus.store, "big-plan")
        assert len(corpus.store) > before


def test_the_limits_from_the_command_line(files: dict[str, Path], tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    runner = CliRunner()
    env = {"POLICYKG_MAX_FILE_MB": None, "POLICYKG_INGEST_TIMEOUT": None}

    result = runner.invoke(main, ["--store", store, "ingest", "--max-file-mb", "0.001", str(files["big"])], env=env)
    assert result.exit_code == 1, result.output
    assert f"failed: big-plan.txt: {files['big'].stat().st_size:,} bytes is {SIZE_MESSAGE}" in result.output
    assert "0 added, 0 updated, 0 unchanged, 1 failed" in result.output
    with Corpus.open(store) as corpus:
        assert len(corpus.store) == 0  # nothing written

    # The option beats the environment.
    env_small = {"POLICYKG_MAX_FILE_MB": "0.001", "POLICYKG_INGEST_TIMEOUT": None}
    result = runner.invoke(main, ["--store", store, "ingest", "--max-file-mb", "1", str(files["big"])], env=env_small)
    assert result.exit_code == 0 and "1 added" in result.output, result.output

    result = runner.invoke(
        main,
        ["--store", store, "ingest", "--timeout", str(LIMIT_S), str(files["slow"]), str(files["small0"])],
        env=env,
    )
    assert result.exit_code == 0, result.output  # one file went in
    assert f"failed: {TIME_MESSAGE}" in result.output
    assert "1 added, 0 updated, 0 unchanged, 1 failed" in result.output
    with Corpus.open(store) as corpus:
        assert not document_exists(corpus.store, "slow-plan")
        assert corpus.store.query("ASK { ?d a pkg:PolicyDocument }", {"d": document_iri("small-plan-0")})


@pytest.mark.parametrize(("option", "value"), [("--timeout", "-1"), ("--max-file-mb", "0")])
def test_bad_limits_on_the_command_line_are_refused(tmp_path: Path, option: str, value: str) -> None:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", option, value, str(SEED)])
    assert result.exit_code == 2 and option in result.output
