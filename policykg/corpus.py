"""The public API: a corpus of policy documents in a store, ingested, queried and exported.

>>> from policykg.corpus import Corpus            # doctest: +SKIP
>>> corpus = Corpus.open(".policykg", write=True)  # doctest: +SKIP
>>> corpus.ingest([Path("data/corpus")])          # doctest: +SKIP
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rdflib import Literal

from embeddings.records import PassageRecord, one_per_span, records_for
from embeddings.worker import encoder_workers
from graph.build import GRAPH_VERSION, SourceFile, document_triples
from graph.iri import PKG, document_iri, source_iri
from graph.lock import write_lock
from graph.results import Triple
from graph.store import GraphStore, open_store
from graph.vocab import ONTOLOGY, OWL, expand, ontology_graph
from ingest.fingerprint import fingerprint, minhash
from ingest.gazetteer import Gazetteer, gazetteer_version, load_gazetteer
from ingest.model import ResolvedDocument
from ingest.pipeline import expand_paths, process_file
from ingest.worker import ingest_workers
from policykg import copies
from policykg.atomic import uninterrupted
from policykg.errors import PolicyKGError
from policykg.kinds import KINDS
from policykg.settings import Settings
from policykg.sources import Source, id_for, source_path, stored_sources, write_ledger
from queries import library
from queries.documents import source_files

if TYPE_CHECKING:
    from embeddings.encoder import Encoder
    from embeddings.store import IndexedDocument, PassageIndex
    from policykg.workers import WorkerPool


# Compact the graph store after a batch that wrote at least this share of its documents: reads
# get faster, and the cost (seconds per million triples) stays a fraction of the batch's own.
COMPACT_SHARE = 0.1
ReadFile = TypeVar("ReadFile")  # what reading a file gives (read_ahead)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)
    reindexed: list[str] = field(default_factory=list)  # unchanged in the graph, stale in the index
    without_goals: list[str] = field(default_factory=list)  # added or updated, no numbered goals found
    ids: list[tuple[str, str]] = field(default_factory=list)  # (file, id) of each file added or updated
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, id): another copy of a stored plan

    def summary(self) -> str:
        healed = f" ({len(self.reindexed)} re-indexed)" if self.reindexed else ""
        copies = f", {len(self.duplicates)} duplicate" if self.duplicates else ""
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged{healed}{copies}, {len(self.failed)} failed"
        )


class Corpus:
    def __init__(
        self,
        settings: Settings,
        store: GraphStore,
        *,
        index: PassageIndex | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        """``index``: the search index to use (default: the one in ``settings.index_dir``, opened
        when first needed); ``encoder``: the model it and a rebuilt index encode with (default: the
        model setting's, loaded when first needed)."""
        self.settings = settings
        self.store = store
        self._gazetteer: Gazetteer | None = None
        self._index: PassageIndex | None = index
        self._encoder: Encoder | None = encoder
        self._labeller: Callable[[str], str] | None = None
        self._gazetteer_version: str | None = None

    @classmethod
    def open(
        cls,
        settings: Settings | str | None = None,
        *,
        write: bool = False,
        index: PassageIndex | None = None,
        encoder: Encoder | None = None,
    ) -> Corpus:
        if not isinstance(settings, Settings):
            settings = Settings.from_env(store=settings)
        return cls(settings, open_store(settings.graph_location, write=write), index=index, encoder=encoder)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer_version = gazetteer_version(self.settings.alias_files)
            self._gazetteer = load_gazetteer(self.settings.alias_files)
        return self._gazetteer

    @property
    def labeller(self) -> Callable[[str], str]:
        """English labels of the known entities a text names, for the search index."""
        if self._labeller is None:
            from embeddings.labels import Labeller

            self._labeller = Labeller(self.gazetteer)
        return self._labeller

    @property
    def encoder(self) -> Encoder:
        """The encoder given, else the model setting's (loads the model)."""
        if self._encoder is None:
            from embeddings.factory import load_encoder

            self._encoder = load_encoder(self.settings.model, device=self.settings.device)
        return self._encoder

    @property
    def index(self) -> PassageIndex:
        """The search index given, else the one beside the graph, opened with ``encoder``."""
        if self._index is None:
            from embeddings.store import PassageIndex

            self._index = PassageIndex.open(self.settings.index_dir, self.encoder)
        return self._index

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stored_sha256(self, doc_id: str, gazetteer: str | None = None) -> str | None:
        """The stored file's SHA-256, marked ``outdated:`` when its graph has an older shape or
        was resolved with another gazetteer than ``gazetteer`` (a version; rebuild it)."""
        result = library.select(self.store, "document_version", document=document_iri(doc_id))
        if not result.rows:
            return None
        sha, version, used = result.rows[0]
        current = str(version) == str(GRAPH_VERSION) and (gazetteer is None or str(used) == gazetteer)
        return str(sha) if current else f"outdated:{sha}"

    def ingest(
        self,
        paths: Sequence[Path],
        *,
        force: bool = False,
        progress: Callable[[list[Path]], Iterable[Path]] | None = None,
        on_document: Callable[[ResolvedDocument], None] | None = None,
        with_index: bool = True,
        ids: dict[str, str] | None = None,
    ) -> IngestReport:
        """Ingest files and folders; a failing file is reported and skipped, the rest go on.

        Files over ``settings.max_file_bytes`` fail unread. With a time limit
        (``settings.ingest_timeout_s`` > 0) each file is read and extracted, then encoded, in
        worker processes killed when the file's time runs out: that file fails, nothing of it is
        written, the rest go on. A file's graph and index entries are written together, after
        encoding; Ctrl-C stops the ingest, saving the index of the files written so far.
        ``ids``: the id a file (by resolved path) must get, for ``policykg repair``; others get
        theirs from ``policykg.sources.id_for``.
        """
        report = IngestReport()
        files = expand_paths(paths)
        gazetteer = gazetteer_version(self.settings.alias_files)
        if gazetteer != self._gazetteer_version:  # an alias file changed: resolve with the new one
            self._gazetteer = self._labeller = None
            self._gazetteer_version = gazetteer
        max_bytes, timeout_s = self.settings.max_file_bytes, self.settings.ingest_timeout_s
        memory_mb = self.settings.ingest_memory_mb
        workers = ingest_workers(self.settings.alias_files, memory_mb) if timeout_s > 0 and files else None
        if workers is not None:
            workers.warm()  # jieba loads in the worker while the search model loads here
        index = self.index if with_index else None
        encoders = None
        if workers is not None and index is not None:
            from embeddings.bulk_encoder import device_setting

            encoders = encoder_workers(index.encoder.loads_as, device_setting(self.settings.device))
        if encoders is not None:
            encoders.warm()

        def read(path: Path) -> tuple[ResolvedDocument, float]:  # and the seconds of its limit spent
            if workers is not None:
                return workers.process_file(path, max_bytes, timeout_s)
            return process_file(path, self.gazetteer, max_bytes), 0.0

        def encode(path: Path, resolved: ResolvedDocument, used_s: float) -> IndexedDocument:
            assert index is not None
            limited = encoders.limited(index.encoder, path.name, timeout_s, used_s) if encoders else None
            return index.prepared(resolved.document.id, records_for(resolved.document, self.labeller), limited)

        with write_lock(self.settings.lock_dir), read_ahead(read, files, workers is not None) as reads:
            sources = stored_sources(self.store)
            signed = copies.signatures(self.store)
            copied = {  # path -> (document, SHA-256) of each file that is not its document's first
                f.path: (doc_id, f.sha256)
                for doc_id, fs in source_files(self.store).items()
                for f in fs
                if f.path is not None and doc_id in sources and f.path != sources[doc_id].path
            }
            for path, pending in zip(progress(files) if progress else files, reads, strict=True):
                name = str(path)
                try:
                    started = datetime.now(UTC)  # the file's ingest, for its prov:Activity
                    resolved, used_s = pending()
                    here = source_path(path)
                    copy = self._as_copy(resolved, here, sources, signed, copied, (ids or {}).get(here), force)
                    if copy is not None:
                        doc_id, outcome = copy
                        if outcome == "duplicate":
                            report.duplicates.append((name, doc_id))
                        else:
                            (report.updated if outcome == "updated" else report.unchanged).append(name)
                        continue
                    doc_id = (ids or {}).get(here) or id_for(path, resolved.document.sha256, sources)
                    if doc_id != resolved.document.id:  # its stem is another file's document
                        resolved = replace(resolved, document=replace(resolved.document, id=doc_id))
                    previous = self.stored_sha256(doc_id, gazetteer)
                    if previous and sources[doc_id].path is None:
                        previous = f"outdated:{previous}"  # ingested before paths were kept: record it
                    if previous == resolved.document.sha256 and not force:
                        if index is not None and not index.holds(resolved.document):
                            # Heal an index that missed this version (a kill between the graph
                            # write and the index save): the graph already holds it.
                            index.put(encode(path, resolved, used_s))
                            report.reindexed.append(name)
                        report.unchanged.append(name)
                        continue
                    indexed = encode(path, resolved, used_s) if index is not None else None
                    with uninterrupted():  # the graph and the index take the document together
                        graph = self.document_graph(resolved, gazetteer, here, started)
                        if previous:
                            graph |= copies.kept_links(self.store, doc_id, here)
                        self.store.replace_document(document_iri(doc_id), graph)
                        if indexed is not None and index is not None:
                            index.put(indexed)
                    sources[doc_id] = Source(doc_id, resolved.document.source, resolved.document.sha256, here)
                    signed[doc_id] = (fingerprint(resolved.document.text), minhash(resolved.document.text))
                    report.ids.append((name, doc_id))
                    if on_document:
                        on_document(resolved)
                    (report.updated if previous else report.added).append(name)
                    if not resolved.document.goals:
                        report.without_goals.append(name)
                except PolicyKGError as exc:
                    report.failed.append((name, str(exc)))
                except Exception as exc:  # a bug on one file must not stop the others
                    report.failed.append((name, f"{path.name}: internal error ({type(exc).__name__}: {exc})"))
                except KeyboardInterrupt:
                    _interrupted(index, workers, encoders)
                    raise
            if index is not None:
                index.save()
            if self.store.documents():  # an ingest that wrote nothing leaves an empty store empty
                self.load_ontology()
            copies.link_series(self.store)
            self._write_ledger()
            changed = len(report.added) + len(report.updated)
            if changed and changed >= COMPACT_SHARE * len(self.store.documents()):
                self.store.compact()
        return report

    def _as_copy(
        self,
        resolved: ResolvedDocument,
        here: str,
        sources: dict[str, Source],
        signed: dict[str, tuple[str, str]],
        copied: dict[str, tuple[str, str]],
        wanted: str | None,
        force: bool,
    ) -> tuple[str, str] | None:
        """``(id, unchanged | updated | duplicate)`` when the file is, or becomes, another source of
        a stored document; None when it is a document's primary file or a new plan. ``copied``:
        the files that are other sources, kept up to date; ``wanted``: the id repair gives it."""
        doc = resolved.document
        if any(s.path == here for s in sources.values()):
            return None  # a document's primary file: read again as it always was
        source = SourceFile(doc.source, doc.media_type, doc.sha256, here)
        if here in copied:  # already a copy
            held, sha = copied[here]
            if sha == doc.sha256 and not force:
                return held, "unchanged"
            files = source_files(self.store)[held]
            copies.drop_source(self.store, held, next(f for f in files if f.path == here), files)
            del copied[here]
            if copies.duplicate_of(doc.text, {held: signed[held]}) != held:
                return None  # edited into another plan: a document of its own
            copies.add_source(self.store, held, source)
            copied[here] = (held, doc.sha256)
            return held, "updated"
        if wanted is not None and wanted not in sources:
            return None
        if wanted is None and id_for(Path(here), doc.sha256, sources) in sources:
            return None  # a moved or re-uploaded primary file (policykg.sources)
        target = wanted or copies.duplicate_of(doc.text, signed)
        if target is None:
            return None
        copies.add_source(self.store, target, source)
        copied[here] = (target, doc.sha256)
        return target, "duplicate"

    def load_ontology(self) -> bool:
        """Put the shipped ontology in its own named graph unless the store holds this version of
        it already (an ``owl:versionInfo`` digest); True when it was written."""
        version = ontology_graph().value(ONTOLOGY, OWL.versionInfo)
        assert isinstance(version, Literal)
        if library.ask(self.store, "ontology_version", ontology=ONTOLOGY, version=version):
            return False
        self.store.replace_document(ONTOLOGY, ontology_graph())
        return True

    def document_graph(
        self,
        resolved: ResolvedDocument,
        gazetteer: str | None = None,
        path: str | None = None,
        started: datetime | None = None,
    ) -> set[Triple]:
        """The document's named graph as ingest writes it: ``document_triples``, the version of
        the gazetteer its mentions were resolved with (the current one unless given) and the
        resolved ``path`` of its source file (``policykg.sources``)."""
        triples = document_triples(resolved, started)
        version = gazetteer or gazetteer_version(self.settings.alias_files)
        triples.add((document_iri(resolved.document.id), PKG.gazetteerVersion, Literal(version)))
        if path is not None:
            triples.add((document_iri(resolved.document.id), PKG.sourcePath, Literal(path)))
            triples.add((source_iri(resolved.document.id, resolved.document.sha256), PKG.sourcePath, Literal(path)))
        return triples

    def _write_ledger(self) -> None:
        """The list of source files beside a local graph, for ``policykg repair``."""
        if not self.settings.is_remote and self.store.location != ":memory:":
            rows = [
                Source(doc_id, f.file, f.sha256, f.path) for doc_id, fs in source_files(self.store).items() for f in fs
            ]
            write_ledger(Path(self.settings.store), rows)

    def rebuild_index(self) -> int:
        """A new search index from the graph alone, with the model setting in force (cached
        embeddings are reused). Returns the number of passages indexed."""
        from embeddings.store import PassageIndex

        with write_lock(self.settings.lock_dir):
            index = PassageIndex(self.settings.index_dir, self.encoder)
            by_doc: dict[str, list[PassageRecord]] = {}
            for record in self.index_records():
                by_doc.setdefault(record.document, []).append(record)
            for doc_id, records in sorted(by_doc.items()):
                index.replace_document(doc_id, records)
            index.save()
            self._index = index
            return len(index)

    def index_records(self) -> list[PassageRecord]:
        """The records a rebuilt search index would hold: the graph's passages, labelled."""
        from embeddings.records import with_labels

        return with_labels(passage_records(self.store), self.labeller)

    def remove(self, doc_id: str) -> bool:
        """Delete a document everywhere: its named graph and its passages in the search index."""
        with write_lock(self.settings.lock_dir):
            removed = self._remove(doc_id)
            if removed:
                copies.link_series(self.store)
                self._write_ledger()
            return removed

    def _remove(self, doc_id: str) -> bool:
        removed = self.store.remove_document(document_iri(doc_id))
        if self.index.remove_document(doc_id):
            self.index.save()
            removed = True
        return removed

    def remove_source(self, file: str) -> tuple[str, bool] | None:
        """Drop one source file (a path, or a file name) from its document: ``(id, True)`` when
        it was the document's last file and the document went with it, ``(id, False)`` when
        another file remains; None when no document lists the file."""
        here = source_path(Path(file))
        with write_lock(self.settings.lock_dir):
            files = source_files(self.store)
            found = [(d, f) for d, fs in files.items() for f in fs if f.path == here] or [
                (d, f) for d, fs in files.items() for f in fs if f.file == file
            ]
            if len(found) != 1:
                if len(found) > 1:
                    raise PolicyKGError(f"{file}: several documents have a file of that name; give its path")
                return None
            doc_id, source = found[0]
            gone = len(files[doc_id]) == 1
            if gone:
                self._remove(doc_id)
                copies.link_series(self.store)
            else:
                copies.drop_source(self.store, doc_id, source, files[doc_id])
            self._write_ledger()
            return doc_id, gone

    def stats(self) -> dict[str, int]:
        names = {
            "pkg:PolicyDocument": "documents",
            "pkg:Goal": "goals",
            **{k.rdf_class: k.plural_en for k in KINDS},
            "pkg:Target": "targets",
            "pkg:Mention": "mentions",
            "pkg:Passage": "passages",
        }
        result = library.select(self.store, "class_counts")
        counts = {str(row[0]): int(str(row[1])) for row in result.rows}
        out = {label: counts.get(str(expand(cls)), 0) for cls, label in names.items()}
        out["quads"] = len(self.store)
        return out


@contextmanager
def read_ahead(
    read: Callable[[Path], ReadFile], files: Sequence[Path], ahead: bool
) -> Iterator[Iterator[Callable[[], ReadFile]]]:
    """For each file in turn, a call that returns it read (or raises what reading it raised).

    ``ahead``: the next file is read in a thread while the caller writes the current one. Reading
    then runs in the ingest worker process, so the two overlap on two cores (the thread only waits
    on the worker's pipe); without a worker, reading is Python in this process and gains nothing.
    """
    if not ahead:
        yield (lambda path=path: read(path) for path in files)  # type: ignore[misc]
        return
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-read-ahead")

    def calls() -> Iterator[Callable[[], ReadFile]]:
        pending: deque[Future[ReadFile]] = deque(executor.submit(read, p) for p in files[:2])
        for upcoming in files[2:]:
            yield pending.popleft().result
            pending.append(executor.submit(read, upcoming))  # the one after the file being written
        while pending:
            yield pending.popleft().result

    try:
        yield calls()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _interrupted(index: PassageIndex | None, *pools: WorkerPool | None) -> None:
    """Ctrl-C during an ingest: the file in flight is dropped at once (its workers killed; the
    next ingest starts new ones) and the index is saved with what the graph took so far."""
    for pool in pools:
        if pool is not None:
            pool.close()
    if index is not None:
        index.save()


def document_exists(store: GraphStore, doc_id: str) -> bool:
    return library.ask(store, "document_exists", document=document_iri(doc_id))


def passage_records(store: GraphStore) -> list[PassageRecord]:
    """Search records rebuilt from the graph alone (goals whole, then sentences and clauses)."""
    from ingest.model import PassageKind

    # Two simple patterns rather than one UNION with OPTIONALs: each is a few index lookups per row.
    goals, passages = library.select(store, "goal_texts"), library.select(store, "passages")
    out: list[PassageRecord] = []
    titles: dict[str, tuple[int, str]] = {}
    for row in goals.records():
        number, title = int(str(row["number"])), str(row["title"])
        titles[str(row["iri"])] = (number, title)
        out.append(
            PassageRecord(
                iri=str(row["iri"]),
                document=str(row["document"]),
                goal=number,
                goal_title=title,
                kind=PassageKind.GOAL,
                start=int(str(row["start"])),
                end=int(str(row["end"])),
                text=str(row["text"]),
            )
        )
    for row in passages.records():
        kind = PassageKind(str(row["kind"]))
        if kind is PassageKind.GOAL:
            continue  # the goal itself is indexed under the goal's IRI
        goal = titles.get(str(row["goal"])) if row["goal"] is not None else None
        out.append(
            PassageRecord(
                iri=str(row["iri"]),
                document=str(row["document"]),
                goal=goal[0] if goal else None,
                goal_title=goal[1] if goal else None,
                kind=kind,
                start=int(str(row["start"])),
                end=int(str(row["end"])),
                text=str(row["text"]),
            )
        )
    out.sort(key=lambda r: (r.document, r.kind is not PassageKind.GOAL, r.start, r.end))
    return one_per_span(out)
