"""Every page of the site loads cleanly: no console error, no uncaught
exception, no failed request, and no request that leaves the site."""

from __future__ import annotations

import pytest
from browsing import ARTICLE, FACT_CHECKS, GLOSSARY, HOME
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_every_page_loads_cleanly(new_page, site, watch):
    pages = site.pages()
    assert {HOME, ARTICLE, GLOSSARY, FACT_CHECKS} <= set(pages), f"pages missing from the build: {pages}"
    page = new_page()
    unfinished = set()
    page.on("request", lambda request: unfinished.add(request.url))
    page.on("requestfinished", lambda request: unfinished.discard(request.url))
    for path in pages:
        page.goto(path, wait_until="networkidle")
        expect(page.locator("article h1").first).to_be_visible()
        # Everything the page asked for arrived (the search index included).
        assert not unfinished, f"{path}: requests that never finished: {sorted(unfinished)}"
        watch.assert_clean()


def test_instant_navigation_through_the_site_is_clean(page, site, watch):
    """From the home page, every page of the navigation, by clicking, without a full reload."""
    page.goto(HOME)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("window.__sameDocument = true")
    links = page.locator(".md-nav--primary a.md-nav__link[href]")
    targets = [href for href in links.evaluate_all("links => links.map(a => a.href)") if "#" not in href]
    assert len(targets) >= 4, f"the navigation links only {targets}"
    for href in targets:
        page.evaluate("(href) => { const a = document.createElement('a'); a.href = href; document.body.append(a); a.click(); a.remove(); }", href)
        expect(page).to_have_url(href)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__sameDocument === true"), "a page was loaded with a full reload"
    watch.assert_clean()
