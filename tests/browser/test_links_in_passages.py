"""A passage over the text of one of the article's own links: the link stays a
link (by mouse, keyboard and tap) and the passage's other words open its note.
The same small site has headings, so its table of contents shows how a wide
screen keeps it within reach once the notes take its column.

The site is built once for the module from the text below.
"""

from __future__ import annotations

import re
import shutil

import pytest
from browsing import LAPTOP, PHONE, WIDE, point_in, serving, tab_to
from helpers import MINIMAL_CONFIG, ROOT, mkdocs_build, write_file
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGE = """\
# Linked passages

## The report

Officials said the plan is described in [the full report](../other.md) published today.

## Reactions

Reactions were mixed across Europe.
"""

NOTES = """\
annotations:
  - id: report
    type: context
    quote: plan is described in the full report
    body: The report was published by the ministry.
"""

ARTICLE = "/articles/linked/"
LINK = 'article a[href$="/other/"]'
MARK = 'mark[data-annotation="report"]'


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    project = tmp_path_factory.mktemp("linked")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    write_file(project / "mkdocs.yml", MINIMAL_CONFIG + "extra_css:\n  - assets/explainer.css\nextra_javascript:\n  - assets/explainer.js\n")
    write_file(project / "docs" / "articles" / "linked.md", PAGE)
    write_file(project / "docs" / "other.md", "# Other page\n\nThe report itself.\n")
    write_file(project / "annotations" / "articles" / "linked.yml", NOTES)
    built = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert built.returncode == 0, built.log
    with serving(built.root) as served:
        yield served


@pytest.fixture
def open_page(new_page, origin):
    def make(**options):
        page = new_page(base_url=origin, **options)
        page.goto(ARTICLE)
        page.wait_for_function("() => typeof document$ !== 'undefined'")
        return page
    return make


def test_the_reference_goes_after_the_link_not_inside_it(open_page):
    page = open_page(viewport=LAPTOP)
    expect(page.locator(f"{LINK} {MARK}")).to_have_count(1)  # the passage runs into the link
    expect(page.locator("article a a")).to_have_count(0)
    expect(page.locator(f'{LINK} + sup a[data-annotation-ref="report"]')).to_have_count(1)


@pytest.mark.parametrize("viewport", [LAPTOP, WIDE], ids=["popover", "margin"])
def test_the_link_follows_by_mouse(open_page, viewport):
    page = open_page(viewport=viewport)
    page.mouse.click(*point_in(page, f"{LINK} mark"))
    expect(page).to_have_url(re.compile("/other/$"))


def test_the_link_follows_by_keyboard(open_page):
    page = open_page(viewport=LAPTOP)
    tab_to(page, LINK)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/other/$"))


def test_a_tap_on_the_link_follows_it_and_on_the_passage_opens_the_note(open_page):
    page = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.touchscreen.tap(*point_in(page, f"p > {MARK}"))  # "plan is described in", outside the link
    expect(page.locator('#ae--popover[data-for="report"]')).to_be_visible()
    page.touchscreen.tap(*point_in(page, "article h1"))
    expect(page.locator("#ae--popover")).to_be_hidden()
    page.touchscreen.tap(*point_in(page, f"{LINK} mark"))
    expect(page).to_have_url(re.compile("/other/$"))


def test_the_table_of_contents_folds_behind_a_header_button_on_a_wide_screen(open_page):
    page = open_page(viewport=WIDE)
    toc, button = page.locator(".md-sidebar--secondary"), page.locator(".ae-toc-button")
    expect(page.locator('.ae-side[data-for="report"]')).to_be_visible()
    expect(toc).to_be_hidden()
    expect(button).to_be_visible()
    expect(button).to_have_accessible_name("Table of contents")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    link = toc.get_by_role("link", name="Reactions")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile("#reactions$"))
    expect(toc).to_be_hidden()
    # By keyboard too; Escape folds it again.
    button.focus()
    page.keyboard.press("Enter")
    expect(link).to_be_visible()
    page.keyboard.press("Escape")
    expect(toc).to_be_hidden()


def test_below_the_margin_width_the_table_of_contents_stays_where_it_was(open_page):
    page = open_page(viewport=LAPTOP)
    expect(page.locator(".md-sidebar--secondary").get_by_role("link", name="Reactions")).to_be_visible()
    expect(page.locator(".ae-toc-button")).to_be_hidden()
    expect(page.locator(".ae-margin")).to_have_count(0)
