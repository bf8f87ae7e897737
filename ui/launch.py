"""Start the app on a free loopback port, and the headless Chromium flags to drive it.

Used by the browser tests and the app benchmark; the flags are the ones that work on machines
with no network but the package registries (shared FACTS.md).
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from policykg.settings import MB, Settings

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def upload_limit_mb() -> int:
    """Streamlit's upload limit (``server.maxUploadSize``, whole MB) for the ingest's file limit, so
    the uploader states the limit that binds."""
    return max(1, math.ceil(Settings.from_env().max_file_bytes / MB))


def start_app(store: str | Path, timeout_s: float = 120.0) -> tuple[subprocess.Popen[bytes], str, float]:
    """``streamlit run app.py`` over ``store``; returns the process, its base URL and the seconds
    until its health check answered."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.maxUploadSize", str(upload_limit_mb())]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=os.environ | {"POLICYKG_STORE": str(store)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return process, base, time.perf_counter() - started
        except OSError:
            pass
        if process.poll() is not None or time.perf_counter() - started > timeout_s:
            process.kill()
            raise RuntimeError(f"streamlit did not start within {timeout_s:.0f} s")
        time.sleep(0.05)
