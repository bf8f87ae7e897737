"""Atomic, versioned folders: readers never see a half-written index.

    <folder>/CURRENT          names the complete generation, e.g. "gen-000007"
    <folder>/gen-000007/      one complete index
    <folder>/gen-000006/      the previous one, kept until the next save completes

A save writes a new generation into a hidden temp folder, fsyncs every file, renames the folder
into place, then swaps CURRENT with an atomic ``os.replace``. A crash at any point leaves
CURRENT naming a complete generation (or no index at all before the first save).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from policykg.errors import SearchIndexError

CURRENT = "CURRENT"
PREFIX = "gen-"
KEEP = 2  # the new generation and the one before it
STALE_S = 3600


def current_generation(folder: Path) -> Path | None:
    try:
        name = (folder / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = folder / name
    if not (name.startswith(PREFIX) and path.is_dir()):
        raise SearchIndexError(
            f"search index {folder} names a missing version {name!r}: rebuild it with `policykg ingest --rebuild-index`"
        )
    return path


def _number(path: Path | None) -> int:
    digits = path.name[len(PREFIX) :] if path is not None else ""
    return int(digits) if digits.isdigit() else 0


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for directory, _dirs, files in os.walk(root):
        for name in files:
            _fsync(Path(directory) / name)
        _fsync(Path(directory))


def write_generation(folder: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_folder)``, then publish what it wrote as the current generation."""
    folder.mkdir(parents=True, exist_ok=True)
    number = _number(current_generation(folder)) + 1
    name = f"{PREFIX}{number:06d}"
    temp = folder / f".tmp-{name}-{os.getpid()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    try:
        write(temp)
        _fsync_tree(temp)
        final = folder / name
        shutil.rmtree(final, ignore_errors=True)  # debris of a save that died before CURRENT
        os.rename(temp, final)
        pointer = folder / f".{CURRENT}.tmp-{os.getpid()}"
        pointer.write_text(name + "\n", encoding="utf-8")
        _fsync(pointer)
        os.replace(pointer, folder / CURRENT)
        _fsync(folder)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    _prune(folder, number)
    return final


def _prune(folder: Path, newest: int) -> None:
    for path in folder.iterdir():
        old = path.name.startswith(PREFIX) and _number(path) <= newest - KEEP
        # Another writer's temp folder is left alone unless it was abandoned long ago.
        stale = path.name.startswith(".tmp-") and time.time() - path.stat().st_mtime > STALE_S
        if (old or stale) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
