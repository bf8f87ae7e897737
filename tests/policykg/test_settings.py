"""The ingest limits in ``Settings``: an explicit value, else the environment, else the default;
bad values are one-line ``ConfigError``s raised when an ingest asks for them."""

from __future__ import annotations

import pytest

from policykg.errors import ConfigError
from policykg.settings import DEFAULT_INGEST_TIMEOUT_S, DEFAULT_MAX_FILE_MB, MB, Settings


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
