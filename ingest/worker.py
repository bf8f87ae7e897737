"""Ingest one file at a time in a worker process, killed when it runs past the time limit.

Reading, parsing, extraction and resolution (``process_file``) cannot be interrupted, and the
app ingests from a thread where signals cannot reach, so with a time limit
(``Settings.ingest_timeout_s``) ``Corpus.ingest`` sends each file to an ``IngestWorkers`` pool
(``policykg.workers``). The worker loads the gazetteer and warms jieba before it says ready, so
a file's limit covers its own work only. One pool per process (``ingest_workers``) serves every
ingest whose alias files are the same, unchanged, so the app's uploads and the files of one ingest
share a warm worker; a killed worker is replaced. Nothing of a file that runs out of time reaches
the store: the parent writes only documents that come back.

Request ``(path, max_bytes)``; reply ``("document", ResolvedDocument)``, ``("error",
PolicyKGError)`` or ``("internal", exception type, message)``.
"""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from ingest.gazetteer import Gazetteer
from ingest.model import ResolvedDocument, SourceText
from policykg import workers
from policykg.errors import IngestError, PolicyKGError

READY_TIMEOUT_S = 120.0  # imports, gazetteer and jieba take ~2-4 s; far more on a loaded machine
_WARM_UP = (
    "青岛市科学技术局工作目标\n\n一、加快科技创新\n\n支持中国科学院青岛生物能源与过程研究所建设平台，新增孵化器10家。"
)


class IngestWorkers(workers.WorkerPool):
    """One ingest worker with the gazetteer of ``alias_files``, reused across files; a file may
    take ``memory_mb`` of memory over what the warm worker holds (0: no cap)."""

    def __init__(self, alias_files: Sequence[Path] = (), memory_mb: float = 0) -> None:
        command = [sys.executable, "-m", "ingest.worker", str(memory_mb), *(str(p) for p in alias_files)]
        super().__init__(command, size=1, ready_timeout_s=READY_TIMEOUT_S)

    def process_file(self, path: Path, max_bytes: int, timeout_s: float) -> tuple[ResolvedDocument, float]:
        """``ingest.pipeline.process_file`` in the worker, stopped after ``timeout_s`` seconds; also
        the seconds it took (the rest of the file's limit is for encoding it: embeddings.worker)."""
        with workers.file_errors(path.name, "ingest", "reading", timeout_s, READY_TIMEOUT_S):
            reply, took_s = self.run_timed((str(path), max_bytes), timeout_s, wait_s=READY_TIMEOUT_S)
        if reply[0] == "document":
            document: ResolvedDocument = reply[1]
            return document, took_s
        if reply[0] == "error":
            error: PolicyKGError = reply[1]
            raise error
        raise IngestError(f"{path.name}: internal error ({reply[1]}: {reply[2]})")


_shared: tuple[tuple[tuple[str, int, int], ...], IngestWorkers] | None = None
_shared_lock = threading.Lock()


def ingest_workers(alias_files: Sequence[Path] = (), memory_mb: float = 0) -> IngestWorkers:
    """The process's pool for these alias files and memory cap; a new one (the old closed) when
    they change."""
    global _shared
    key = (*(_fingerprint(p) for p in alias_files), ("memory", int(memory_mb * 1024), 0))
    with _shared_lock:
        if _shared is not None and (_shared[0] != key or _shared[1].closed):
            _shared[1].close()
            _shared = None
        if _shared is None:
            _shared = (key, IngestWorkers(alias_files, memory_mb))
        return _shared[1]


def _fingerprint(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)  # the worker reports the missing file when it loads it
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@atexit.register
def close_workers() -> None:
    global _shared
    with _shared_lock:
        shared, _shared = _shared, None
    if shared is not None:
        shared[1].close()


def answer(request: tuple[str, int], gazetteer: Gazetteer, memory_mb: float = 0) -> tuple:
    from ingest.pipeline import process_file

    path, max_bytes = request
    try:
        return ("document", process_file(Path(path), gazetteer, max_bytes))
    except PolicyKGError as exc:
        return ("error", exc)
    except MemoryError:
        return (
            "error",
            IngestError(
                f"{Path(path).name}: needs more than the {memory_mb:g} MB one file may use to read and extract; "
                "raise POLICYKG_INGEST_MEMORY_MB"
            ),
        )
    except Exception as exc:  # a bug on one file is that file's failure, as in-process
        return ("internal", type(exc).__name__, str(exc))


def cap_memory(memory_mb: float) -> None:
    """Let this process's address space grow by ``memory_mb`` at most from now on: past that an
    allocation raises MemoryError, which fails the file being read (Linux; elsewhere no cap)."""
    if memory_mb <= 0:
        return
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return
    limit = current + int(memory_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def main(memory_mb: float, alias_files: Sequence[str]) -> None:
    from ingest.pipeline import load_gazetteer, process_source

    try:
        gazetteer = load_gazetteer([Path(p) for p in alias_files])
        process_source(SourceText("warm-up.txt", _WARM_UP, "utf-8", "0" * 64), gazetteer)  # loads jieba
    except PolicyKGError as exc:
        workers.refuse(str(exc))
        return
    cap_memory(memory_mb)  # warm: the cap is what one file may add
    workers.serve(lambda request: answer(request, gazetteer, memory_mb))


if __name__ == "__main__":
    main(float(sys.argv[1]), sys.argv[2:])
