"""Nothing from a document or a URL becomes markup: Markdown images and links, raw HTML.

A real plan whose title, goal titles and programme names carry ``![i](http://127.0.0.1:PORT/…)``,
``[点我](…)`` and ``<img src=…>`` (``tests/data/markup-injection-plan.txt``) is ingested; every page
that shows those names runs in AppTest (the Markdown each element is given) and in the real app in
headless Chromium (the DOM), and a listener on the injected port proves no request arrived.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from streamlit.testing.v1 import AppTest

from ui.launch import CHROMIUM, CHROMIUM_FLAGS, start_app
from ui.text import escape

if TYPE_CHECKING:
    from tests.app.conftest import Listener

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DOCUMENT = "markup-injection-plan"
# A Markdown link or image, an HTML tag that no backslash has made inert, or a bare URL that no
# word joiner keeps from becoming a link.
LIVE_MARKUP = re.compile(r"(?<!\\)\]\(|(?<!\\)<[A-Za-z/!]|https?\\?:|www\\?\.")


def names(port: int) -> dict[str, str]:
    at = f"http://127.0.0.1:{port}"
    return {
        "title": f"![t]({at}/title.png)区科技局2024年重点工作目标",
        "programme": f"![i]({at}/x.png)管理办法",
        "html": f"<img src={at}/p.png>科技计划",
        "link": f"[点我]({at}/link)计划",
        "institution": f"![r]({at}/r.png) [点我]({at}/a)",
    }


def views(port: int) -> list[tuple[str, dict[str, str], str]]:
    """(page, URL parameters, an injected name the view shows) of every view that shows them."""
    n = names(port)
    return [
        ("search", {"q": "管理办法科技计划"}, n["programme"]),
        ("search", {"q": "科技型企业", "institution": n["institution"]}, n["institution"]),
        ("browse", {"document": DOCUMENT, "goal": "1"}, n["programme"]),
        ("browse", {"document": DOCUMENT, "goal": "2"}, n["html"]),
        ("browse", {"document": DOCUMENT, "goal": "3"}, n["link"]),
        ("browse", {"document": DOCUMENT}, n["title"]),
        ("browse", {"programme": n["programme"]}, n["programme"]),
        ("browse", {"programme": n["html"]}, n["html"]),
        ("browse", {"institution": n["institution"]}, n["institution"]),
        ("browse", {"document": n["title"], "goal": "1"}, n["title"]),
        ("documents", {}, n["title"]),
    ]


def run_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if page != "search":  # the landing page; switching to another needs a first run
        at.run()
        at.switch_page(f"ui/views/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_given(at: AppTest) -> list[str]:
    """The Markdown source of every element that renders Markdown, page link labels included."""
    bodies = [str(link.proto.label) for link in at.get("page_link")]
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "error", "warning", "success"):
        bodies += [str(element.value) for element in getattr(at, kind)]
    return bodies


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def displayed(text: str) -> str:
    """``text`` as the app shows it in Markdown: as written, with the invisible word joiners that
    keep a bare URL from becoming a link."""
    return plain(escape(text))


@pytest.mark.parametrize("view", range(len(views(0))))
def test_every_name_from_a_document_or_url_reaches_markdown_escaped(
    injection_store: str, listener: Listener, monkeypatch: pytest.MonkeyPatch, view: int
) -> None:
    monkeypatch.setenv("POLICYKG_STORE", injection_store)
    page, params, shown = views(listener.port)[view]
    at = run_page(page, params)
    bodies = markdown_given(at)
    options = [str(o) for box in at.selectbox for o in box.options]  # widget text, never Markdown
    assert any(displayed(shown) in plain(b) for b in bodies) or shown in options, (shown, bodies)
    assert not [b for b in bodies if LIVE_MARKUP.search(b)]


@pytest.fixture(scope="module")
def server(injection_store: str) -> Iterator[str]:
    process, base, _ = start_app(injection_store, timeout_s=60)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Debian chromium is not installed at {CHROMIUM}")
def test_no_injected_image_or_link_reaches_the_dom_and_no_request_arrives(
    server: str, listener: Listener, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from playwright.sync_api import expect, sync_playwright

    port = listener.port
    injected = f"127.0.0.1:{port}"
    seen: list[str] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1600},
        )
        page = context.new_page()
        page.set_default_timeout(120_000)
        expect.set_options(timeout=60_000)
        page.on("request", lambda request: seen.append(request.url) if injected in request.url else None)
        for name, params, shown in views(port):
            query = urllib.parse.urlencode(params)
            page.goto(f"{server}/{'' if name == 'search' else name}{'?' + query if query else ''}")
            # The injected name is on the page as the characters written (or in a text box).
            page.wait_for_function(
                """([shown, displayed]) => document.body.innerText.includes(displayed)
                    || [...document.querySelectorAll('input')].some(i => i.value === shown)""",
                arg=[shown, displayed(shown)],
            )
            expect(page.get_by_role("button", name="Stop", exact=True)).to_be_hidden()
            # Links to the app's own pages carry the names in their query: only the target host counts.
            pointing = page.evaluate(
                """host => [...document.querySelectorAll('[src],[href],[srcset],[data],[poster],[action]')]
                    .flatMap(e => ['src', 'href', 'srcset', 'data', 'poster', 'action']
                        .map(a => e.getAttribute(a)).filter(v => v))
                    .filter(v => v.split(/[ ,]+/).some(u => new URL(u, location.href).host === host))""",
                injected,
            )
            assert pointing == [], "\n".join(pointing)
            tags = page.evaluate("() => document.querySelectorAll('[data-testid=stMarkdownContainer] img').length")
            assert tags == 0, (name, params)
        context.close()
    assert seen == [] and listener.requests == []
