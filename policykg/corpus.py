"""The public API: a corpus of policy documents in a store, ingested, queried and exported.

>>> from policykg.corpus import Corpus            # doctest: +SKIP
>>> corpus = Corpus.open(".policykg", write=True)  # doctest: +SKIP
>>> corpus.ingest([Path("data/corpus")])          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import build_graph
from graph.iri import document_iri
from graph.lock import write_lock
from graph.results import SelectResult
from graph.store import GraphStore, open_store
from ingest.gazetteer import Gazetteer, load_gazetteer
from ingest.model import ResolvedDocument
from ingest.parse import document_id
from ingest.pipeline import expand_paths, process_file
from policykg.errors import PolicyKGError
from policykg.settings import Settings


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed"
        )


class Corpus:
    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self.settings = settings
        self.store = store
        self._gazetteer: Gazetteer | None = None

    @classmethod
    def open(cls, settings: Settings | str | None = None, *, write: bool = False) -> Corpus:
        if not isinstance(settings, Settings):
            settings = Settings.from_env(store=settings)
        return cls(settings, open_store(settings.graph_location, write=write))

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer(self.settings.alias_files)
        return self._gazetteer

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stored_sha256(self, doc_id: str) -> str | None:
        result = self.store.query("SELECT ?sha WHERE { ?doc pkg:sha256 ?sha }", {"doc": document_iri(doc_id)})
        assert isinstance(result, SelectResult)
        return str(result.rows[0][0]) if result.rows else None

    def ingest(
        self,
        paths: Sequence[Path],
        *,
        force: bool = False,
        progress: Callable[[list[Path]], Iterable[Path]] | None = None,
        on_document: Callable[[ResolvedDocument], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders; a failing file is reported and skipped, the rest go on."""
        report = IngestReport()
        files = expand_paths(paths)
        with write_lock(self.settings.lock_dir):
            for path in progress(files) if progress else files:
                name = str(path)
                try:
                    previous = self.stored_sha256(document_id(path.name))
                    resolved = process_file(path, self.gazetteer)
                    if previous == resolved.document.sha256 and not force:
                        report.unchanged.append(name)
                        continue
                    self.store.replace_document(document_iri(resolved.document.id), build_graph(resolved))
                    if on_document:
                        on_document(resolved)
                    (report.updated if previous else report.added).append(name)
                except PolicyKGError as exc:
                    report.failed.append((name, str(exc)))
        return report

    def remove(self, doc_id: str) -> bool:
        with write_lock(self.settings.lock_dir):
            return self.store.remove_document(document_iri(doc_id))

    def stats(self) -> dict[str, int]:
        query = """
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
          ?s a ?class .
          VALUES ?class { pkg:PolicyDocument pkg:Goal pkg:Institution pkg:Programme pkg:Place pkg:Target
                          pkg:Mention pkg:Passage }
        } GROUP BY ?class"""
        result = self.store.query(query)
        assert isinstance(result, SelectResult)
        counts = {str(row[0]).rsplit("#", 1)[-1]: int(str(row[1])) for row in result.rows}
        names = {
            "PolicyDocument": "documents",
            "Goal": "goals",
            "Institution": "institutions",
            "Programme": "programmes",
            "Place": "places",
            "Target": "targets",
            "Mention": "mentions",
            "Passage": "passages",
        }
        out = {label: counts.get(cls, 0) for cls, label in names.items()}
        out["quads"] = len(self.store)
        return out


def document_exists(store: GraphStore, doc_id: str) -> bool:
    result = store.query("ASK { ?doc a pkg:PolicyDocument }", {"doc": document_iri(doc_id)})
    return bool(result)
