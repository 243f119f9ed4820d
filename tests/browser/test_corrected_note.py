"""A corrected, re-rated note tells readers so wherever it opens: on hover, keyboard focus and tap
(as a popover: on a desktop below the margin notes' width, and on a phone).

The site here is the small desk of `helpers.make_desk`, committed in dated
steps to a temporary git repository, so its history is known to the day.
"""

from __future__ import annotations

import functools
import threading

import pytest
from browsing import LAPTOP, PHONE, SiteHandler, SiteServer, point_in
from playwright.sync_api import expect

from helpers import make_desk, mkdocs_build

ARTICLE = "/articles/call/"
MARK = 'mark[data-annotation="call-date"]'
REF = 'a[data-annotation-ref="call-date"]'
POPOVER = '#ae--popover[data-for="call-date"]'
CORRECTED = "Corrected 1 October 2025"
HISTORY = "Rated Incorrect on 1 September 2025, changed to Misleading on 1 October 2025."


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    """The desk's site, built from its repository and served on a loopback port."""
    repo = make_desk(tmp_path_factory.mktemp("desk") / "site")
    built = mkdocs_build(repo / "mkdocs.yml", repo / "site")
    assert built.returncode == 0, built.log
    handler = type("Handler", (SiteHandler,), {})
    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built.root)))
    handler.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler.origin
    server.shutdown()
    server.server_close()


@pytest.fixture
def chromium(browser):
    return browser  # the session's one Chromium (conftest.py)


def expect_the_record(page) -> None:
    popover = page.locator(POPOVER)
    expect(popover).to_be_visible()
    expect(popover.locator(".ae-record__corrected")).to_contain_text(CORRECTED)
    expect(popover.locator(".ae-record__label")).to_have_text("Corrected")
    expect(popover.locator(".ae-record__ratings")).to_have_text(HISTORY)
    expect(popover.locator(".ae-verdict")).to_contain_text("Misleading")


def test_hover_shows_the_correction_and_the_verdict_history(chromium, origin):
    page = chromium.new_page(viewport=LAPTOP, base_url=origin)
    page.goto(ARTICLE)
    page.locator(MARK).first.hover()
    expect_the_record(page)
    page.close()


def test_keyboard_focus_shows_them_too(chromium, origin):
    page = chromium.new_page(viewport=LAPTOP, base_url=origin)
    page.goto(ARTICLE)
    page.locator(REF).focus()
    expect_the_record(page)
    page.keyboard.press("Escape")
    expect(page.locator(POPOVER)).to_be_hidden()
    page.close()


def test_a_tap_shows_them_on_a_phone(chromium, origin):
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=origin)
    page = context.new_page()
    page.goto(ARTICLE)
    page.touchscreen.tap(*point_in(page, MARK))
    expect_the_record(page)
    context.close()
