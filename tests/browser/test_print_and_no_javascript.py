"""The article in print and without JavaScript: the endnotes carry everything."""

from __future__ import annotations

import re

import pytest
from browsing import ARTICLE, GLOSSARY, LAPTOP, WIDE, point_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHROME = {
    "header": ".md-header",
    "navigation sidebar": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "open note": "#ae--popover",
    "permalink signs": ".md-typeset .headerlink",
    "back links": ".ae-note__back",
    "notes in the margin": ".ae-margin",
    "reading options": ".ae-controls",
    "copy-link buttons": ".ae-share",
    "contents button": ".ae-toc-button",
}


@pytest.mark.parametrize("viewport", [LAPTOP, WIDE], ids=["popover", "margin"])
def test_print_shows_the_endnotes_with_their_sources_and_hides_the_chrome(new_page, article, viewport):
    page = new_page(viewport=viewport)
    page.goto(ARTICLE)
    # A note left open on screen must not be printed over the text.
    page.mouse.move(*point_in(page, f'mark[data-annotation="{article.first.id}"]'))
    opened = "#ae--popover" if viewport is LAPTOP else f'.ae-side.ae-open[data-for="{article.first.id}"]'
    expect(page.locator(opened)).to_be_visible()
    page.emulate_media(media="print")
    # The text takes the whole width again: no column kept for the margin notes.
    right = page.evaluate("getComputedStyle(document.querySelector('article')).marginRight")
    assert float(right.removesuffix("px")) < 40, f"the printed text keeps a right margin of {right}"

    for note in article.annotations:
        expect(page.locator(f'[data-note="{note.id}"]')).to_be_visible()
    sources = page.locator(".ae-note__sources a")
    assert sources.count() > 0, "no note lists a source"
    for index in range(min(sources.count(), 10)):
        link = sources.nth(index)
        expect(link).to_be_visible()
        shown = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert link.get_attribute("href") in shown, f"a printed source does not show its address: {shown}"

    for name, selector in CHROME.items():
        hidden = page.evaluate(
            "(s) => [...document.querySelectorAll(s)].every(e => !e.checkVisibility())", selector
        )
        assert hidden, f"the {name} ({selector}) is printed"
    # The summary's claims print unfolded; how to open a note on screen does not print.
    claims = page.locator("details.ae-summary__claims li")
    assert claims.count() > 0
    assert claims.evaluate_all("items => items.every(i => i.checkVisibility())"), "the claims checked print folded"
    assert page.evaluate("[...document.querySelectorAll('.ae-on-screen')].every(e => !e.checkVisibility())")
    # The passages stay marked, in black and white.
    mark = page.locator(f'mark[data-annotation="{article.first.id}"]').first
    assert mark.evaluate("m => getComputedStyle(m).borderBottomStyle") != "none", "passages are not marked in print"


def test_without_javascript_the_references_lead_to_the_notes_and_back(new_page, article):
    page = new_page(java_script_enabled=False, viewport=WIDE)
    page.goto(ARTICLE)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bae-js\b"))  # no script of ours ran
    expect(page.locator("#ae--popover, .ae-margin, .ae-controls")).to_have_count(0)
    # The summary's claims open without the script.
    claims = page.locator("details.ae-summary__claims")
    claims.locator("summary").click()
    expect(claims.locator(f'a[href="#{article.first_fact_check.id}"]')).to_be_visible()
    expect(page.locator("[data-note]")).to_have_count(len(article.annotations))

    note = article.first
    ref = page.locator(f'a[data-annotation-ref="{note.id}"]')
    ref.click()
    expect(page).to_have_url(re.compile(f"#{note.id}$"))
    target = page.locator(f'[data-note="{note.id}"]')
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.matches(':target') && getComputedStyle(e).outlineStyle !== 'none'"), "the note is not highlighted"
    expect(target).to_contain_text(note.note_text[:40])

    target.locator(".ae-note__back a").click()
    expect(page).to_have_url(re.compile(f"#ref--{note.id}$"))
    expect(ref).to_be_in_viewport()

    # Glossary links lead to the term (their previews need the script).
    term = article.first_term
    link = page.locator(f'article a[data-term="{term.id}"]').first
    link.click()
    expect(page).to_have_url(re.compile(re.escape(GLOSSARY) + f"#{term.id}$"))
    expect(page.locator(f'[data-term-entry="{term.id}"]')).to_be_in_viewport()
