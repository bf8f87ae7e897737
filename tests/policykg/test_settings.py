"""The ingest limits in ``Settings``: an explicit value, else the environment, else the default;
bad values are one-line ``ConfigError``s raised when an ingest asks for them. Every setting is declared
once, in ``settings.SETTINGS``, and the README's table is made from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg import settings
from policykg.errors import ConfigError
from policykg.settings import DEFAULT_INGEST_TIMEOUT_S, DEFAULT_MAX_FILE_MB, MB, Settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ingest", "graph", "embeddings", "queries", "policykg", "ui")


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYKG_MAX_FILE_MB", raising=False)
    monkeypatch.delenv("POLICYKG_INGEST_TIMEOUT", raising=False)
    settings = Settings.from_env()
    assert settings.max_file_bytes == int(DEFAULT_MAX_FILE_MB * MB) == 50 * MB
    assert settings.ingest_timeout_s == DEFAULT_INGEST_TIMEOUT_S == 120


def test_environment_then_explicit_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_MAX_FILE_MB", "2.5")
    monkeypatch.setenv("POLICYKG_INGEST_TIMEOUT", "0")
    from_env = Settings.from_env()
    assert (from_env.max_file_bytes, from_env.ingest_timeout_s) == (int(2.5 * MB), 0)
    explicit = Settings.from_env(max_file_mb=1, ingest_timeout=7.5)  # the command line wins
    assert (explicit.max_file_bytes, explicit.ingest_timeout_s) == (MB, 7.5)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("POLICYKG_MAX_FILE_MB", "lots", "POLICYKG_MAX_FILE_MB='lots' is not a number"),
        ("POLICYKG_MAX_FILE_MB", "0", "must be over 0 MB"),
        ("POLICYKG_MAX_FILE_MB", "-3", "0 or more"),
        ("POLICYKG_INGEST_TIMEOUT", "-1", "--timeout / POLICYKG_INGEST_TIMEOUT must be a number of 0 or more"),
        ("POLICYKG_INGEST_TIMEOUT", "nan", "0 or more"),
        ("POLICYKG_INGEST_TIMEOUT", "2 min", "not a number"),
    ],
)
def test_bad_values_fail_when_read(monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str) -> None:
    monkeypatch.setenv(variable, value)
    settings = Settings.from_env()  # the pages that only read never ask for the limits
    with pytest.raises(ConfigError, match=message) as info:
        _ = settings.max_file_bytes if variable == "POLICYKG_MAX_FILE_MB" else settings.ingest_timeout_s
    assert "\n" not in str(info.value)


def test_every_number_setting_refuses_a_bad_value_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = [s for s in settings.SETTINGS if s.kind == "number"]
    assert {s.variable for s in numbers} >= {"POLICYKG_QUERY_MEMORY_MB", "POLICYKG_INGEST_MEMORY_MB"}
    for spec in numbers:
        assert spec.variable is not None
        monkeypatch.setenv(spec.variable, "lots")
        with pytest.raises(ConfigError, match=f"{spec.variable}='lots' is not a number") as info:
            settings.number(spec.name, None, 1.0)
        assert "\n" not in str(info.value)


def test_the_query_memory_cap_is_read_when_a_pool_starts_not_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_QUERY_MEMORY_MB", "2 GB")
    import queries.pool  # importing it no longer reads the variable

    with pytest.raises(ConfigError, match="POLICYKG_QUERY_MEMORY_MB='2 GB' is not a number"):
        queries.pool.WorkerPool("unused-store")
    monkeypatch.setenv("POLICYKG_QUERY_MEMORY_MB", "512")
    assert settings.query_memory_mb() == 512


def test_one_cache_folder_for_every_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYKG_CACHE", str(tmp_path))
    assert settings.cache_dir() == tmp_path
    monkeypatch.delenv("POLICYKG_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert settings.cache_dir() == tmp_path / "xdg" / "policykg"


def test_the_readme_settings_table_is_the_table_of_settings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    assert settings.markdown_table() in section, "regenerate it with: python -m policykg.settings"


def test_every_variable_the_code_reads_is_declared() -> None:
    declared = {s.variable for s in settings.SETTINGS if s.variable}
    read = set()
    product = [ROOT / "app.py", *(p for d in PACKAGES for p in (ROOT / d).rglob("*.py"))]
    for path in product:  # the benchmarks' own variables are theirs
        read |= set(re.findall(r"\bPOLICYKG_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert read - declared == set()
