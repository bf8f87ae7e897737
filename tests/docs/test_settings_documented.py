"""Every environment variable the code reads is documented in the README's settings table."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("policykg", "ingest", "graph", "embeddings", "queries", "ui")


def test_every_environment_setting_is_in_the_readme() -> None:
    used: set[str] = set()
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            used |= set(re.findall(r"POLICYKG_[A-Z_]+", path.read_text(encoding="utf-8")))
    used |= set(re.findall(r"POLICYKG_[A-Z_]+", (REPO / "app.py").read_text(encoding="utf-8")))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert used, "no settings found: the scan is broken"
    assert not {name for name in used if f"`{name}`" not in readme}


def test_every_cli_command_is_in_the_readme() -> None:
    from policykg.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert not {name for name in main.commands if f"policykg {name}" not in readme}
