"""The seed article: notes beside their passages, for mouse, keyboard, touch
and assistive technology; permalinks; glossary links. On a desktop narrower
than the margin notes' width (test_margin_notes.py), where notes open as
popovers.

The same checks run on the article loaded directly and on the article reached
from another page through Material's instant navigation (no full reload).
"""

from __future__ import annotations

import re

import pytest
from browsing import ARTICLE, FACT_CHECKS, GLOSSARY, HOME, LAPTOP, PHONE, box, point_in, squash, tab_to, wait_until_still
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

POPOVER = "#ae--popover"


@pytest.fixture
def page(new_page) -> Page:
    """A desktop below the margin notes' width."""
    return new_page(viewport=LAPTOP)


def arrive(page: Page, article, how: str, *, tap: bool = False) -> None:
    """Open the article, either directly or from the home page by a click
    (or a tap) that Material's instant navigation follows without a reload."""
    if how == "direct":
        page.goto(ARTICLE)
        return
    page.goto(HOME)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("window.__sameDocument = true")
    link = page.locator(f'.md-content a[href$="{ARTICLE}"]').first
    if tap:
        link.tap()
    else:
        link.click()
    expect(page).to_have_url(re.compile(re.escape(ARTICLE) + "$"))
    expect(page.locator("article h1")).to_contain_text(article.title)
    assert page.evaluate("window.__sameDocument === true"), "the article was loaded with a full reload, not instant navigation"


def assert_beside(page: Page, mark: str) -> None:
    """The open note sits just above the passage's first line or below its last, inside the viewport."""
    note, viewport = box(page, POPOVER), page.viewport_size
    line = page.evaluate(
        "(s) => { const r = [...document.querySelectorAll(s)].flatMap((m) => [...m.getClientRects()]);"
        " return {top: Math.min(...r.map((x) => x.top)), bottom: Math.max(...r.map((x) => x.bottom))}; }",
        mark,
    )
    gap_below, gap_above = note["top"] - line["bottom"], line["top"] - note["bottom"]
    assert 0 <= gap_below <= 16 or 0 <= gap_above <= 16, f"note at {note}, passage line at {line}"
    assert note["left"] >= 0 and note["right"] <= viewport["width"], f"note at {note} leaves the {viewport['width']}px viewport"


@pytest.mark.parametrize("how", ["direct", "instant"])
def test_hover_opens_the_note_beside_its_passage(page, article, how):
    note = article.first
    mark = f'mark[data-annotation="{note.id}"]'
    arrive(page, article, how)
    popover = page.locator(POPOVER)

    page.mouse.move(*point_in(page, mark))
    expect(popover).to_be_visible()
    assert note.note_text in squash(popover.text_content()), "the open note does not hold the note's text"
    expect(popover).to_have_attribute("data-for", note.id)
    expect(page.locator(mark).first).to_have_class(re.compile(r"\bae-mark--active\b"))
    assert_beside(page, mark)

    # The pointer may travel from the passage into the note: it stays open there.
    page.mouse.move(*point_in(page, POPOVER))
    page.wait_for_timeout(400)  # longer than the grace period the script gives a pointer leaving the passage
    expect(popover).to_be_visible()

    # Away from both, it closes.
    page.mouse.move(2, page.viewport_size["height"] - 2)
    expect(popover).to_be_hidden()

    # A click pins it open: it stays when the pointer leaves, until a click elsewhere.
    page.mouse.click(*point_in(page, mark))
    expect(popover).to_be_visible()
    page.mouse.move(2, page.viewport_size["height"] - 2)
    page.wait_for_timeout(400)
    expect(popover).to_be_visible()
    page.mouse.click(*point_in(page, "article h1"))
    expect(popover).to_be_hidden()


@pytest.mark.parametrize("how", ["direct", "instant"])
def test_keyboard_tab_opens_the_note_and_escape_closes_it(page, article, how):
    note = article.first
    ref = f'a[data-annotation-ref="{note.id}"]'
    arrive(page, article, how)
    popover = page.locator(POPOVER)

    # From where the page starts, through the site's header and navigation.
    tab_to(page, ref)
    expect(popover).to_be_visible()
    assert note.note_text in squash(popover.text_content())
    expect(page.locator(ref)).to_have_attribute("aria-expanded", "true")
    expect(page.locator(ref)).to_have_attribute("aria-controls", "ae--popover")

    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(page.locator(ref)).to_have_attribute("aria-expanded", "false")
    expect(page.locator(ref)).to_be_focused()

    # Enter follows the reference to the full note; its back link returns.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{note.id}$"))
    expect(page.locator(f'[data-note="{note.id}"]')).to_be_in_viewport()
    expect(page.locator(f'[data-note="{note.id}"]')).to_have_class(re.compile(r"\bae-targeted\b"))
    expect(popover).to_be_hidden()
    page.locator(f'[data-note="{note.id}"] .ae-note__back a').click()
    expect(page).to_have_url(re.compile(f"#ref--{note.id}$"))
    expect(page.locator(ref)).to_be_in_viewport()


@pytest.mark.parametrize("how", ["direct", "instant"])
def test_phone_tap_opens_and_a_tap_elsewhere_closes(new_page, article, how):
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    note = article.first
    mark, ref = f'mark[data-annotation="{note.id}"]', f'a[data-annotation-ref="{note.id}"]'
    arrive(page, article, how, tap=True)
    popover = page.locator(POPOVER)

    # A tap on the passage opens the note, and it stays open.
    page.touchscreen.tap(*point_in(page, mark))
    expect(popover).to_be_visible()
    page.wait_for_timeout(400)  # longer than any close delay of the script
    expect(popover).to_be_visible()
    assert note.note_text in squash(popover.text_content())
    assert_beside(page, mark)
    assert_no_sideways_scroll(page)

    # A tap elsewhere closes it.
    page.touchscreen.tap(*point_in(page, "article h1"))
    expect(popover).to_be_hidden()

    # A tap on the reference focuses it and clicks it: the two must not cancel each other.
    page.locator(ref).tap()
    expect(popover).to_be_visible()
    page.wait_for_timeout(400)
    expect(popover).to_be_visible()
    expect(page).not_to_have_url(re.compile("#"))

    # A second tap on the same reference closes it again.
    page.locator(ref).tap()
    expect(popover).to_be_hidden()
    assert_no_sideways_scroll(page)


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert max(widths[:2]) <= widths[2], f"the page is {max(widths[:2])}px wide in a {widths[2]}px viewport"
    page.evaluate("window.scrollBy(200, 0)")
    assert page.evaluate("window.scrollX") == 0, "the page scrolls sideways"


def test_phone_pages_never_scroll_sideways(new_page, site):
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    for path in site.pages():
        page.goto(path)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path} is {widths[0]}px wide on a {widths[1]}px phone"


def test_notes_are_exposed_to_assistive_technology(page, article):
    page.goto(ARTICLE)
    for note in article.annotations:
        ref = page.locator(f'a[data-annotation-ref="{note.id}"]')
        # The reference is a link named after its note and described by the note's text.
        assert note.label.strip(), f"the reference of {note.id} has no accessible name"
        expect(ref).to_have_role("link")
        expect(ref).to_have_accessible_name(note.label)
        if note.verdict:
            assert note.verdict.replace("-", " ") in note.label.lower(), f"the name of {note.id} does not say its verdict"
        expect(ref).to_have_accessible_description(re.compile(re.escape(note.note_text[:60])))

    # Open, the note is a named dialog, and the reference says it controls it.
    note = article.first
    page.locator(f'a[data-annotation-ref="{note.id}"]').focus()
    dialog = page.locator(POPOVER)
    expect(dialog).to_be_visible()
    expect(dialog).to_have_role("dialog")
    expect(dialog).to_have_accessible_name(re.compile(r"\w"))
    expect(page.locator(f'a[data-annotation-ref="{note.id}"]')).to_have_attribute("aria-expanded", "true")
    # The endnotes are a region, named by their heading.
    expect(page.get_by_role("region", name=re.compile("notes", re.I))).to_be_visible()


@pytest.mark.parametrize("how", ["direct", "instant"])
def test_permalink_opens_the_note_in_place_and_highlights_its_endnote(page, article, how):
    if how == "direct":
        note = article.first
        page.goto(f"{ARTICLE}#{note.id}")
    else:
        # From the home page to the fact-check index, and from its first entry to the note.
        page.goto(HOME)
        page.wait_for_function("() => typeof document$ !== 'undefined'")
        page.evaluate("window.__sameDocument = true")
        # The navigation is in the drawer at this width: its link, clicked by script.
        page.locator(f'.md-nav a[href$="{FACT_CHECKS}"]').first.evaluate("a => a.click()")
        expect(page).to_have_url(re.compile(re.escape(FACT_CHECKS) + "$"))
        link = page.locator(f'.md-content a[href*="{ARTICLE}#"]').first
        # In view without scrolling: Material rewrites the address to the section
        # scrolled to 250 ms after a scroll, even once the next page is shown.
        expect(link).to_be_in_viewport()
        ident = link.get_attribute("href").split("#")[1]
        note = next((a for a in article.annotations if a.id == ident), None)
        assert note, f"the fact-check index links to #{ident}, which is no annotation of the article"
        link.click()
        expect(page).to_have_url(re.compile(re.escape(ARTICLE) + f"#{note.id}$"))
        assert page.evaluate("window.__sameDocument === true"), "the article was loaded with a full reload"
    # The note opens in place, beside its passage; its endnote is highlighted for a reader who scrolls on.
    popover = page.locator(f'{POPOVER}[data-for="{note.id}"]')
    expect(popover).to_be_visible()
    expect(page.locator(f'mark[data-annotation="{note.id}"]').first).to_be_in_viewport()
    assert_beside(page, f'mark[data-annotation="{note.id}"]')
    target = page.locator(f'[data-note="{note.id}"]')
    expect(target).to_have_class(re.compile(r"\bae-targeted\b"))
    outline = target.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "the targeted note is not highlighted"


@pytest.mark.parametrize("how", ["direct", "instant"])
def test_glossary_links_show_the_short_definition_and_lead_to_the_term(page, article, how):
    term = article.first_term
    link = page.locator(f'article a[data-term="{term.id}"]').first
    arrive(page, article, how)
    preview = page.locator(f'{POPOVER}[data-term="{term.id}"]')

    link.hover()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(term.definition)
    expect(link).to_have_accessible_description(re.compile(re.escape(term.definition)))
    assert link.get_attribute("title") is None, "a title would be shown by the theme's tooltips, as HTML"

    page.mouse.move(2, page.viewport_size["height"] - 2)
    expect(preview).to_be_hidden()
    link.focus()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(term.definition)
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()

    page.evaluate("window.__sameDocument = true")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(GLOSSARY) + f"#{term.id}$"))
    entry = page.locator(f'[data-term-entry="{term.id}"]')
    expect(entry).to_be_in_viewport()
    expect(entry).to_have_class(re.compile(r"\bae-targeted\b"))
    assert page.evaluate("window.__sameDocument === true"), "the glossary was loaded with a full reload"


@pytest.mark.parametrize("jump", ["within the glossary", "from the article"])
def test_a_term_link_followed_by_keyboard_leaves_tab_going_on_from_the_term(page, article, jump):
    """Instant navigation scrolls to the term without focusing it (as a browser's own jump does); the next Tab
    must go on from the term's entry, not from the top of the page or from the link left behind."""
    if jump == "from the article":
        arrive(page, article, "instant")
        link = page.locator(f'article a[data-term="{article.first_term.id}"]').first
    else:
        page.goto(GLOSSARY)
        page.wait_for_function("() => typeof document$ !== 'undefined'")
        link = page.locator(".ae-az a").nth(3)
    term = link.get_attribute("href").rpartition("#")[2]
    page.evaluate("window.__sameDocument = true")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(GLOSSARY) + f"#{term}$"))
    entry = page.locator(f'[data-term-entry="{term}"]')
    expect(entry).to_be_in_viewport()
    # The jump is done once the page's script has marked the entry and the page stands still: an entry
    # near the top is in view before it, and a key pressed earlier is pressed before the jump, not after.
    expect(entry).to_have_class(re.compile(r"\bae-targeted\b"))
    wait_until_still(page)
    page.keyboard.press("Tab")
    focused = page.evaluate("(id) => !!document.activeElement.closest(`[data-term-entry='${id}']`)", term)
    assert focused, f"Tab went to {page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}, not into the entry of {term}"
    assert page.evaluate("window.__sameDocument === true"), "the glossary was loaded with a full reload"


def test_a_note_opened_by_its_permalink_stays_open_under_a_resting_pointer(page, article):
    # A search result or a link moves the page under the pointer: the passage that comes to rest
    # beneath it was not pointed at, and must not replace the note the reader asked for.
    asked, other = article.annotations[-1], article.annotations[0]

    def shown(note_id: str):
        return page.locator(f'.ae-side.ae-open[data-for="{note_id}"], {POPOVER}[data-for="{note_id}"]')

    page.goto(f"{ARTICLE}#{asked.id}")
    expect(shown(asked.id)).to_be_visible()
    passage = f'mark[data-annotation="{other.id}"]'
    page.locator(passage).first.dispatch_event("mouseover")  # as the browser sends it after a scroll
    page.wait_for_timeout(400)  # over three times the delay before a hover opens a note
    expect(shown(asked.id)).to_be_visible()
    expect(shown(other.id)).to_have_count(0)

    page.mouse.move(*point_in(page, passage))  # the reader points at it: hovering works again
    expect(shown(other.id)).to_be_visible()
