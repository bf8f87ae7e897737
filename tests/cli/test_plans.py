"""``policykg trend`` and ``policykg diff`` end to end on a real store, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policykg.cli import main

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"
OLD, NEW = "change-kinds-2018", "change-kinds-2019"


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = str(tmp_path_factory.mktemp("plans-cli"))
    result = run(folder, "ingest", str(PLANS / f"{OLD}.txt"), str(PLANS / f"{NEW}.txt"))
    assert result.exit_code == 0, result.output
    return folder


def test_trend_json_and_csv_list_the_measure_in_year_order(store: str) -> None:
    rows = json.loads(run(store, "trend", "全区技术合同成交额", "--format", "json").stdout)
    assert [set(r) for r in rows] == [
        {"measure", "document", "year", "goal", "value", "value_max", "unit", "comparator", "text", "start", "end"}
    ] * 2
    assert [(r["year"], r["document"], r["goal"], r["value"]) for r in rows] == [
        (2018, OLD, 1, 2_000_000_000),
        (2019, NEW, 1, 2_500_000_000),
    ]
    table = list(csv.DictReader(io.StringIO(run(store, "trend", "技术合同成交额", "--format", "csv").stdout)))
    assert [r["year"] for r in table] == ["2018", "2019"]


def test_trend_of_an_unknown_measure_prints_nothing_and_hints(store: str) -> None:
    result = run(store, "trend", "集成电路产值", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "no measure '集成电路产值'" in result.stderr


def test_diff_json_has_the_issues_shape(store: str) -> None:
    out = json.loads(run(store, "diff", OLD, NEW, "--format", "json").stdout)
    assert set(out) == {"old", "new", "goals", "targets", "institutions", "programmes"}
    assert (out["old"], out["new"]) == (OLD, NEW)
    assert set(out["goals"]) == {"matched", "added", "dropped"}
    assert all(set(m) == {"old", "new", "score"} for m in out["goals"]["matched"])
    assert all(set(t) == {"measure", "change", "old", "new"} for t in out["targets"])
    raised = next(t for t in out["targets"] if t["change"] == "raised")
    assert (raised["old"]["goal"], raised["new"]["goal"]) == (1, 1)
    assert set(out["institutions"]) == set(out["programmes"]) == {"new", "gone"}
    table = run(store, "diff", OLD, NEW).stdout
    assert "技术合同成交额" in table and "raised" in table


def test_diff_of_an_unknown_document_is_one_line_and_status_1(store: str) -> None:
    result = CliRunner().invoke(main, ["--store", store, "diff", OLD, "no-such-plan"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: no document 'no-such-plan' in the store (policykg sparql --named documents lists them)"
    ]
