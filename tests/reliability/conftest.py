"""Fixtures for the reliability tests: a tally of fuzz inputs, printed in the session summary."""

from __future__ import annotations

from collections import Counter

import pytest

_COUNTS = pytest.StashKey[Counter[str]]()


@pytest.fixture(scope="session")
def fuzz_counts(request: pytest.FixtureRequest) -> Counter[str]:
    """How many inputs each fuzz target ran and how they ended (``<target>:ok`` / ``<target>:refused``)."""
    return request.config.stash.setdefault(_COUNTS, Counter())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    counts = config.stash.get(_COUNTS, None)
    if counts:
        terminalreporter.write_sep("-", "reliability: fuzz inputs run")
        for key, value in sorted(counts.items()):
            terminalreporter.write_line(f"{key:32} {value}")
        terminalreporter.write_line(f"{'total':32} {sum(counts.values())}")
