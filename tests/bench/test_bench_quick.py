"""The harness's smallest configuration runs in-process and yields the headline keys (not timed)."""

from __future__ import annotations

import math

import pytest

KEYS = (
    "search_p50_ms",
    "search_p50_ms_numpy",
    "sparql_goals_by_institution_ms",
    "sparql_goals_by_institution_ms_rdflib_memory",
    "ingest_docs_per_s",
    "encode_passages_per_s",
)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_smoke_configuration_reports_the_headline_keys() -> None:
    from bench.__main__ import CONFIGS, run

    result = run(CONFIGS["smoke"])
    for key in KEYS:
        value = result[key]
        assert isinstance(value, float) and math.isfinite(value) and value > 0, (key, value)
    assert result["ingest"][0]["passages"] > 0
    assert result["search"]["scales"][0]["passages"] == CONFIGS["smoke"].search_passages[0]
