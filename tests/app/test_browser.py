"""The real app (`streamlit run`) driven in headless Debian Chromium through Playwright.

Screenshots go to the system temp folder (``policykg-screens/``), for a person to look at.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.launch import CHROMIUM, CHROMIUM_FLAGS, start_app

SHOTS = Path(tempfile.gettempdir()) / "policykg-screens"
FLAGS = CHROMIUM_FLAGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Debian chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def server(seed_store: str) -> Iterator[tuple[str, float]]:
    """The app on a free port: (base URL, seconds until it answered its health check)."""
    process, base, seconds = start_app(seed_store, timeout_s=60)
    try:
        yield base, seconds
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh --user-data-dir
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            viewport={"width": 1400, "height": 1600},
            locale="zh-CN",
        )
        page = context.new_page()
        page.set_default_timeout(120_000)  # shared CI machines can be slow
        expect.set_options(timeout=120_000)
        yield page
        context.close()


def idle(page: object) -> None:
    """Wait for the script run to finish (Streamlit shows a Stop button while it runs)."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    expect(page.get_by_role("button", name="Stop", exact=True)).to_be_hidden()


def search(page: object, query: str, goal: int) -> float:
    """Type a query, press Enter; seconds until the expected goal is among the hits."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    box = page.get_by_label("查询 Query（中文或英文 Chinese or English）")
    box.fill(query)
    started = time.monotonic()
    box.press("Enter")
    expect(page.get_by_text(f"“{query}”")).to_be_visible()  # the caption of this query's results
    elapsed = time.monotonic() - started
    idle(page)
    hits = page.get_by_role("link", name=re.compile(r"\d+\. 目标 Goal \d+ ·"))
    expect(hits.first).to_be_visible()  # the caption and facets can show before the hits
    top = [int(re.findall(r"Goal (\d+)", hits.nth(i).inner_text())[0]) for i in range(min(3, hits.count()))]
    assert goal in top, (query, top)
    return elapsed


def test_search_institution_and_sparql_in_a_real_browser(server: tuple[str, float], browser_page: object) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    base, ready = server
    started = time.monotonic()
    page.goto(base)
    expect(page.get_by_label("查询 Query（中文或英文 Chinese or English）")).to_be_editable()
    first_page = time.monotonic() - started
    print(f"\nserver healthy after {ready:.1f} s; first page interactive {first_page:.1f} s after that")

    # Chinese, then English: the first search also loads the model (once per process).
    first = search(page, "中科院研发基地", 2)
    page.screenshot(path=str(SHOTS / "search-zh.png"), full_page=True)
    english = search(page, "graphene research with a British university", 3)
    page.screenshot(path=str(SHOTS / "search-en.png"), full_page=True)
    again = search(page, "石墨烯研发合作", 3)
    print(f"search: first {first:.2f} s (model load), English {english:.2f} s, Chinese {again:.2f} s")
    expect(page).to_have_url(re.compile(r"[?&]q="))

    # Institution page, by the link of an entity in a hit.
    search(page, "中科院研发基地", 2)
    page.get_by_role("link", name="中国科学院", exact=True).first.click()
    expect(page.get_by_role("heading", name="中国科学院")).to_be_visible()
    expect(page.get_by_role("link", name="目标 Goal 2 ·").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"institution="))
    idle(page)
    page.wait_for_timeout(1500)  # let the graph settle for the screenshot
    page.screenshot(path=str(SHOTS / "institution.png"), full_page=True)

    # Goal page, from the institution page.
    page.get_by_role("link", name="目标 Goal 2 ·").first.click()
    expect(page.get_by_role("heading", name="目标 Goal 2 · 集聚高端创新资源")).to_be_visible()
    expect(page).to_have_url(re.compile(r"goal=2"))
    idle(page)
    expect(page.frame_locator("iframe").first.locator("canvas")).to_be_visible()  # the graph drew
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / "goal.png"), full_page=True)

    # SPARQL: run the named query for 中科院, download CSV.
    page.goto(f"{base}/sparql?query=goals_by_institution")
    idle(page)
    page.get_by_role("button", name="运行 Run").click()
    download_button = page.get_by_role("button", name="CSV", exact=True)  # not the table's own toolbar
    expect(download_button).to_be_visible()
    with page.expect_download() as info:
        download_button.click()
    rows = list(csv.DictReader(Path(info.value.path()).read_text("utf-8").splitlines()))
    assert {row["number"] for row in rows} == {"2"} and "兰化所" in {row["mention"] for row in rows}
    idle(page)
    page.screenshot(path=str(SHOTS / "sparql.png"), full_page=True)

    for name, last in (
        ("targets", "数值图的单位 Unit of the value chart"),
        ("documents", "市科技局2016年度业务职能目标"),
    ):
        page.goto(f"{base}/{name}")
        expect(page.get_by_text(last, exact=True).last).to_be_visible()  # the page's last element
        idle(page)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
