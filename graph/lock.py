"""One writer at a time: an advisory lock file beside the store."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from policykg.errors import StoreLockedError


@contextmanager
def write_lock(folder: Path) -> Iterator[None]:
    """Hold the store's write lock, or fail at once with a clear message."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "write.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreLockedError(
                f"another policykg process is writing to {folder}; wait for it to finish and try again"
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock
