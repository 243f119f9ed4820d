"""Browser tier: the repository's own site, built once, served on a loopback
port and driven through Playwright in Debian's Chromium.

One browser per session; a fresh context for every page. Every context is
watched for console errors, uncaught exceptions, failed requests and requests
that leave the site, and a test fails if its pages had any.
"""

from __future__ import annotations

import functools
import os
import threading

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, ArticleFacts, SiteHandler, ServedSite, SiteServer, Watch, read_article
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright


@pytest.fixture(scope="session")
def site(built_site) -> ServedSite:
    """The site built for this session, served on 127.0.0.1 at a free port."""
    handler = type("Handler", (SiteHandler,), {})
    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site.root)))
    handler.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield ServedSite(built_site.root, handler.origin)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Browser:
    """Debian's Chromium, once per session. Missing, it fails the tests: it never skips them."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, and it is missing. "
            "Install it with `make browser` (as root) or `sudo apt-get install chromium`; "
            "the tests never download a browser of their own.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def watch(site) -> Watch:
    """What went wrong on this test's pages."""
    return Watch(site.origin)


@pytest.fixture
def new_page(browser, site, watch):
    """`new_page(**context_options)`: a page in a fresh, watched context.

    Defaults to a 1280x800 desktop in the light palette. When the test ends,
    it fails if any of its pages logged an error, failed a request or sent
    one off the site.
    """
    contexts: list[BrowserContext] = []

    def make(**options) -> Page:
        # Another site of the test's own (base_url) is watched against its own origin.
        options = {"base_url": site.origin, "viewport": DESKTOP, "color_scheme": "light", **options}
        watch.origin = options["base_url"]
        context = browser.new_context(**options)
        context.set_default_timeout(5_000)
        watch.attach(context)
        contexts.append(context)
        return context.new_page()

    yield make
    problems = watch.problems()
    for context in contexts:
        context.close()
    assert not problems, "The pages were not clean:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page) -> Page:
    """A desktop page in the light palette."""
    return new_page()


@pytest.fixture(scope="session")
def article(site) -> ArticleFacts:
    """The annotations and glossary links of the seed article, in page order."""
    return read_article(site)
