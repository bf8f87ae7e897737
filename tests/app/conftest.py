"""The app runs on the session's seed store (``POLICYKG_STORE``), in-process with AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app_env(seed_store: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("POLICYKG_STORE", seed_store)
    yield seed_store


class Listener:
    """An HTTP server on 127.0.0.1 that records every request: the address injected markup points
    at, so a browser that fetched an injected image or followed a link would show up here."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


INJECTION_PLAN = Path(__file__).resolve().parents[1] / "data" / "markup-injection-plan.txt"


@pytest.fixture(scope="session")
def injection_store(listener: Listener, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real store holding a plan whose title, goal titles and programme names are Markdown images
    and links, raw HTML and spreadsheet formulas pointing at the listener."""
    from policykg.corpus import Corpus

    folder = tmp_path_factory.mktemp("injection")
    plan = folder / INJECTION_PLAN.name
    plan.write_text(INJECTION_PLAN.read_text("utf-8").replace("PORT", str(listener.port)), "utf-8")
    with Corpus.open(str(folder / "store"), write=True) as corpus:
        assert corpus.ingest([plan]).added == [str(plan)]
    return str(folder / "store")
