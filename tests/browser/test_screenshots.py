"""Screenshots of the article for the README, written into screenshots/:
desktop in the light and dark palettes, a phone, an open note, notes in the
margin of a wide screen, and a glossary preview on a phone."""

from __future__ import annotations

import re
import struct

import pytest
from browsing import ARTICLE, PHONE, WIDE, point_in, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def scroll_to(page: Page, selector: str, above: int = 140) -> None:
    """Scroll so that the paragraph holding `selector` sits near the top, below the header."""
    page.locator(selector).first.evaluate(
        "(e, above) => window.scrollTo(0, e.closest('p, li, div').getBoundingClientRect().top + window.scrollY - above)",
        above,
    )


def assert_png(path, width: int, height: int) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert struct.unpack(">II", data[16:24]) == (width, height), f"{path} is not {width}x{height}"
    assert len(data) > 20_000, f"{path} looks empty"


def test_desktop_light(page):
    page.goto(ARTICLE)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    assert_png(screenshot(page, "desktop-light.png"), 1280, 800)


def test_desktop_dark_through_the_palette_toggle(page, article):
    page.goto(ARTICLE)
    # Material's toggle cycles automatic -> light -> dark; click it until the page is dark.
    for _ in range(3):
        if page.locator("body").get_attribute("data-md-color-scheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label.md-header__button:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # The choice is kept: a reload stays dark.
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    scroll_to(page, f'mark[data-annotation="{article.first.id}"]')
    assert_png(screenshot(page, "desktop-dark.png"), 1280, 800)


def test_phone(new_page, article):
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page.goto(ARTICLE)
    scroll_to(page, f'mark[data-annotation="{article.first.id}"]', above=80)
    assert_png(screenshot(page, "phone.png"), 750, 1334)


def test_open_note(page, article):
    note = article.first_fact_check
    page.goto(ARTICLE)
    mark = f'mark[data-annotation="{note.id}"]'
    scroll_to(page, mark, above=160)
    page.mouse.move(*point_in(page, mark))
    side = page.locator(f'.ae-side[data-for="{note.id}"]')
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    assert_png(screenshot(page, "open-note.png"), 1280, 800)


def test_margin_notes(new_page, article):
    page = new_page(viewport=WIDE)
    page.goto(ARTICLE)
    scroll_to(page, f'mark[data-annotation="{article.annotations[0].id}"]', above=120)
    expect(page.locator(".ae-side").first).to_be_visible()
    assert_png(screenshot(page, "margin-notes.png"), 1440, 900)


def test_phone_preview(new_page, article):
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page.goto(ARTICLE)
    term = article.first_term
    link = page.locator(f'article a[data-term="{term.id}"]').first
    scroll_to(page, f'article a[data-term="{term.id}"]', above=120)
    link.tap()
    expect(page.locator(f'#ae--popover[data-term="{term.id}"]')).to_be_visible()
    assert_png(screenshot(page, "phone-preview.png"), 750, 1334)
