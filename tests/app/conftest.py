"""The app runs on the session's seed store (``POLICYKG_STORE``), in-process with AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app_env(seed_store: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("POLICYKG_STORE", seed_store)
    yield seed_store
