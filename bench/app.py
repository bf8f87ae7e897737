"""App start-up and search round-trip in a real browser.

    python -m bench.app [--queries 3]

Starts ``streamlit run app.py`` on a free port over a store holding the bundled corpus (built
once with the real model and kept under ``$POLICYKG_CACHE/bench/app-seed``), then times: process
start to ``/_stcore/health`` answering; to the search page interactive in headless Debian
Chromium (Playwright; the query box editable); and, per query, Enter to the results' caption and
the run finishing (the Stop button gone). The first query of a session also loads the model.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from ui.launch import CHROMIUM, CHROMIUM_FLAGS, start_app

FLAGS = CHROMIUM_FLAGS
QUERY_BOX = "查询 Query（中文或英文 Chinese or English）"
QUERIES = ("科技金融", "海洋科技创新", "technology transfer", "国际科技合作")


def seed_store() -> Path:
    from policykg.corpus import Corpus
    from policykg.settings import bundled_corpus, cache_dir

    folder = cache_dir() / "bench" / "app-seed"
    if not (folder / "complete").exists():
        with Corpus.open(str(folder / "store"), write=True) as corpus:
            report = corpus.ingest([bundled_corpus()])
        (folder / "complete").write_text(report.summary() + "\n", encoding="utf-8")
    return folder / "store"


def measure_app(n_queries: int = 3) -> dict[str, Any]:
    from playwright.sync_api import expect, sync_playwright

    store = seed_store()
    out: dict[str, Any] = {}
    started = time.perf_counter()
    process, base, _ = start_app(store)
    try:
        out["health_s"] = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS, locale="zh-CN"
            )
            page = context.new_page()
            expect.set_options(timeout=120_000)
            opened = time.perf_counter()
            page.goto(base)
            box = page.get_by_label(QUERY_BOX)
            expect(box).to_be_editable()
            out["first_page_s"] = time.perf_counter() - started
            out["first_page_from_goto_s"] = time.perf_counter() - opened
            rounds = []
            for query in (QUERIES * n_queries)[: max(n_queries, 1) + 1]:
                box.fill(query)
                sent = time.perf_counter()
                box.press("Enter")
                expect(page.get_by_text(f"“{query}”")).to_be_visible()
                expect(page.get_by_role("button", name="Stop", exact=True)).to_be_hidden()
                rounds.append(time.perf_counter() - sent)
            context.close()
        out["first_search_s"] = rounds[0]  # loads the model in the app's process
        out["search_round_trip_s"] = statistics.median(rounds[1:])
    finally:
        process.terminate()
        process.wait(10)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=3, help="warm queries after the first")
    args = parser.parse_args(argv)
    print(json.dumps(measure_app(args.queries), indent=1))


if __name__ == "__main__":
    main()
