"""Search under `mkdocs serve`: the served site is searchable, and after an annotation is edited the
rebuilt index finds the new words (the reader may type before it is written: each key searches again).

A real `mkdocs serve` on a free loopback port, on a small project with the site's own script; every
wait is bounded and the server is always stopped.
"""

from __future__ import annotations

import re
import shutil
import time

import pytest
from helpers import MINIMAL_CONFIG, ROOT, mkdocs_serve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from contributor.test_serve import TIMEOUT, fetch, rewrite, wait_for

pytestmark = pytest.mark.browser

CONFIG = MINIMAL_CONFIG.replace("  font: false\n", "  font: false\n  features:\n    - navigation.instant\n") + \
    "extra_javascript:\n  - assets/explainer.js\nextra_css:\n  - assets/explainer.css\n"

PAGE = "# A page\n\nDuring a crucial call on July 15, 2023, Rubio spoke about security guarantees.\n"
NOTE = """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: {body}
"""


@pytest.fixture
def served(make_project, tmp_path):
    project = make_project({"index.md": PAGE}, {"index.yml": NOTE.format(body="A quixotically dated call.")})
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    log_file = tmp_path / "serve.log"
    with mkdocs_serve(project / "mkdocs.yml", log_file) as (_, address):
        yield project, address, lambda: log_file.read_text(encoding="utf-8")


def search_until_found(page, word: str, target: str) -> None:
    """Type `word` into the box, again until the index answers (it may be written just after the reload);
    every try is bounded, and so is the whole."""
    result = page.locator(f'.ae-search__list .md-search-result__link[href$="{target}"]')
    box = page.locator(".md-search__input")
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            box.click(timeout=2_000)
            box.fill("", timeout=2_000)
            page.keyboard.type(word)
            expect(result).to_have_count(1, timeout=1_000)
            return
        except (AssertionError, PlaywrightError):
            continue
    expect(result).to_have_count(1)


def test_search_works_under_mkdocs_serve_and_follows_an_edit(browser, served):
    project, url, log = served
    wait_for(lambda: fetch(url + "pagefind/pagefind-entry.json")[0] == 200, "the search index", log)
    context = browser.new_context()
    context.set_default_timeout(10_000)
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    try:
        page.goto(url)
        search_until_found(page, "quixotically", "/#call-date")

        rewrite(project / "annotations" / "index.yml", NOTE.format(body="A zeugmatically dated call."))
        wait_for(lambda: "zeugmatically" in fetch(url)[1], "the rebuilt page", log)
        # The served page reloads itself once the build is done, as a contributor's does.
        expect(page.locator('[data-note="call-date"]')).to_contain_text("zeugmatically", timeout=TIMEOUT * 1_000)
        search_until_found(page, "zeugmatically", "/#call-date")
        page.locator('.ae-search__list .md-search-result__link[href$="/#call-date"]').click()
        expect(page.locator('[data-note="call-date"]')).to_have_class(re.compile(r"\bae-targeted\b"))
        assert not errors, errors
    finally:
        context.close()
