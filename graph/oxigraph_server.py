"""A local SPARQL 1.1 server: ``oxigraph serve`` from the PyPI package ``oxigraph``.

For trying the remote store on one machine, and for the tests and benchmarks that need a real
server. It binds to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from policykg.errors import ConfigError, StoreError


def oxigraph_binary() -> str:
    """The ``oxigraph`` command: on PATH, or beside this Python (a venv's bin folder)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise ConfigError("the oxigraph server is not installed: pip install oxigraph")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(location: Path, *extra: str, timeout_s: float = 30.0) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``oxigraph serve`` on ``location``; return the process and its base URL once it answers.

    ``extra`` are more ``oxigraph serve`` options, e.g. ``--union-default-graph``.
    """
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).close()
            return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise StoreError(f"oxigraph serve on {location} did not start within {timeout_s:.0f} s") from None
            time.sleep(0.05)
