"""The Compare page and the Targets page's measure timeline in the real app (`streamlit run`),
in headless Chromium through Playwright, over the seed and a 2017 plan of the same bureau.

Screenshots go to the system temp folder (``policykg-screens/``); the test reads them back."""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui.launch import CHROMIUM, CHROMIUM_FLAGS, start_app

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "corpus" / "qingdao-most-2016-goals.txt"
PLAN_2017 = REPO / "tests" / "data" / "plans" / "qingdao-2017-measures.txt"
SHOTS = Path(tempfile.gettempdir()) / "policykg-screens"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Debian chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> str:
    from policykg.corpus import Corpus

    store = tmp_path_factory.mktemp("two-plans")
    with Corpus.open(str(store), write=True) as corpus:
        assert len(corpus.ingest([SEED, PLAN_2017], with_index=False).added) == 2
    return str(store)


@pytest.fixture(scope="module")
def base(two_plans: str) -> Iterator[str]:
    process, url, _ = start_app(two_plans, timeout_s=60)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


def _varied(png: bytes) -> bool:
    """A screenshot that shows something: more than a handful of distinct colours."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=256)  # None: more than 256
    return colours is None or len(colours) > 8


def test_compare_page_shows_the_diff_side_by_side_with_links_to_both_goals(base: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
        page.set_default_timeout(120_000)
        expect.set_options(timeout=120_000)
        page.goto(f"{base}/compare?a=qingdao-most-2016-goals&b=qingdao-2017-measures")
        rows = page.locator("[class*='st-key-measure-row-']")
        turnover = rows.filter(has_text="技术合同成交额")
        expect(turnover).to_have_count(1)
        expect(turnover).to_contain_text("raised")
        expect(turnover).to_contain_text("目标 5 · 超过100亿元")
        expect(turnover).to_contain_text("目标 3 · 达到120亿元")
        expect(rows.filter(has_text="资金规模")).to_contain_text("cut")
        expect(rows.filter(has_text="科技型中小企业")).to_contain_text("new")
        expect(rows.filter(has_text="光伏发电能力")).to_contain_text("dropped")
        expect(rows.filter(has_text="市级国合基地")).to_contain_text("same")
        # Goal 5 of 2016 and goal 3 of 2017 are one row, each linking to its own goal page.
        goal_row = page.locator("[class*='st-key-goal-row-']").filter(has_text="促进科技成果转移转化")
        expect(goal_row.get_by_role("link", name=re.compile("目标 Goal 5 ·"))).to_be_visible()
        link = goal_row.get_by_role("link", name=re.compile("目标 Goal 3 ·"))
        expect(link).to_have_attribute("href", re.compile(r"browse\?document=qingdao-2017-measures&goal=3"))
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / "compare.png"), full_page=True)
        turnover.scroll_into_view_if_needed()
        shot = turnover.screenshot(path=str(SHOTS / "compare-measure-row.png"))
        box = turnover.bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 10
        assert _varied(shot) and _varied((SHOTS / "compare.png").read_bytes())

        page.goto(f"{base}/targets")
        expect(page.get_by_text("指标变化 Measure over the years")).to_be_visible()
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / "targets-timeline.png"), full_page=True)
        browser.close()
