"""The reader's controls: highlights on or off, only fact-checks or chosen
verdicts, remembered across pages and announced; keyboard shortcuts from note
to note, listed in a help dialog; a note's permalink copied, and opened in
place at every width."""

from __future__ import annotations

import re

import pytest
from browsing import ARTICLE, GLOSSARY, LAPTOP, PHONE, WIDE, point_in, tab_to
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CONTROLS = "details.ae-controls"
STATUS = "#ae--status"
# The theme's own keys (Material for MkDocs: search, previous and next page).
MATERIAL_KEYS = {"f", "s", "/", "p", ",", "n", ".", "Escape", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Enter", "Tab"}


PLAIN = """([ident, wanted]) => {
  const s = getComputedStyle(document.querySelector(`mark[data-annotation="${CSS.escape(ident)}"]`));
  const none = (colour) => ["rgba(0, 0, 0, 0)", "transparent"].includes(colour);
  return (none(s.backgroundColor) && none(s.borderBottomColor)) === wanted;
}"""


def expect_plain(page: Page, ident: str, wanted: bool = True) -> None:
    """Wait until the passage of note `ident` shows no highlight (no tint, no visible underline), or shows one."""
    page.wait_for_function(PLAIN, arg=[ident, wanted])


def test_highlights_off_by_keyboard_is_announced_and_remembered(new_page, article):
    page = new_page(viewport=LAPTOP)
    page.goto(ARTICLE)
    note = article.first_fact_check
    expect_plain(page, note.id, False)
    tab_to(page, f"{CONTROLS} > summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Highlight passages")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Highlight passages")).not_to_be_checked()
    expect_plain(page, note.id)
    expect(page.get_by_role("status").filter(has_text="Highlights off")).to_have_count(1)
    # Its reference still opens the note.
    page.locator(f'a[data-annotation-ref="{note.id}"]').focus()
    expect(page.locator(f'#ae--popover[data-for="{note.id}"]')).to_be_visible()

    page.reload()
    expect_plain(page, note.id)  # the choice is remembered
    page.locator(f"{CONTROLS} > summary").click()
    expect(page.get_by_role("checkbox", name="Highlight passages")).not_to_be_checked()
    assert page.evaluate("localStorage.getItem('ae-reading')"), "nothing in local storage"
    assert page.context.cookies() == [], "a cookie was set"


def test_only_fact_checks_then_only_some_verdicts_across_pages(new_page, article):
    page = new_page(viewport=WIDE)
    page.goto(ARTICLE)
    contexts = [a for a in article.annotations if a.type == "context"]
    checks = [a for a in article.annotations if a.type == "fact-check"]
    assert contexts and checks
    page.locator(f"{CONTROLS} > summary").click()
    page.get_by_role("radio", name="Fact-checks only").check()
    expect(page.get_by_role("status")).to_have_text(f"Passages highlighted. {len(checks)} of {len(article.annotations)} notes shown.")
    expect_plain(page, contexts[0].id)
    expect_plain(page, checks[0].id, False)
    expect(page.locator(f'.ae-side[data-for="{contexts[0].id}"]')).to_be_hidden()
    expect(page.locator(".ae-side:visible")).to_have_count(len(checks))
    # A passage turned off opens nothing on hover.
    page.mouse.move(*point_in(page, f'mark[data-annotation="{contexts[0].id}"]'))
    page.wait_for_timeout(400)  # longer than the hover delay
    expect(page.locator(".ae-side.ae-open, #ae--popover:visible")).to_have_count(0)

    verdict = checks[0].verdict
    same_verdict = [a for a in checks if a.verdict == verdict]
    page.locator(f'{CONTROLS} input[name="verdict"][value="{verdict}"]').uncheck()
    shown = len(checks) - len(same_verdict)
    expect(page.get_by_role("status")).to_contain_text(f"{shown} of {len(article.annotations)} notes shown")
    expect_plain(page, checks[0].id)
    expect(page.locator(".ae-side:visible")).to_have_count(shown)

    # To another page and back, by instant navigation: the same choice.
    page.evaluate("window.__sameDocument = true")
    page.locator(f'.md-nav--primary a[href$="{GLOSSARY}"]').first.evaluate("a => a.click()")
    expect(page).to_have_url(re.compile(re.escape(GLOSSARY)))
    page.go_back()
    expect(page.locator(".ae-side:visible")).to_have_count(shown)
    expect_plain(page, contexts[0].id)
    expect_plain(page, checks[0].id)
    expect(page.locator(f"{CONTROLS} > summary")).to_have_text(f"Reading options: {shown} of {len(article.annotations)} notes shown")


def test_shortcuts_go_from_note_to_note_and_are_listed_in_a_help_dialog(new_page, article):
    page = new_page(viewport=LAPTOP)
    page.goto(ARTICLE)
    first, second = article.annotations[0], article.annotations[1]
    page.keyboard.press("j")
    expect(page.locator(f'a[data-annotation-ref="{first.id}"]')).to_be_focused()
    expect(page.locator(f'#ae--popover[data-for="{first.id}"]')).to_be_visible()
    page.keyboard.press("j")
    expect(page.locator(f'a[data-annotation-ref="{second.id}"]')).to_be_focused()
    expect(page.locator(f'#ae--popover[data-for="{second.id}"]')).to_be_visible()
    page.keyboard.press("k")
    expect(page.locator(f'a[data-annotation-ref="{first.id}"]')).to_be_focused()

    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    ours = dialog.locator("dt").all_inner_texts()[:3]
    assert ours == ["j", "k", "?"], ours
    assert not set(ours) & MATERIAL_KEYS, "a shortcut of ours is one of the theme's"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # Typed into the theme's search box, the same keys are only letters.
    page.keyboard.press("s")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("jk")
    expect(page.locator(".md-search__input")).to_have_value("jk")
    expect(page.locator(".ae-help")).to_be_hidden()


def open_note(page: Page, ident: str, viewport: dict):
    """Open the note of `ident` as a reader of this width would, and return where it shows."""
    mark = f'mark[data-annotation="{ident}"]'
    if viewport is WIDE:
        page.mouse.click(*point_in(page, mark))
        return page.locator(f'.ae-side.ae-open[data-for="{ident}"]')
    if viewport is PHONE:
        page.touchscreen.tap(*point_in(page, mark))
    else:
        page.mouse.click(*point_in(page, mark))
    return page.locator(f'#ae--popover[data-for="{ident}"]')


VIEWPORTS = {"wide": WIDE, "laptop": LAPTOP, "phone": PHONE}


def context_for(new_page, width: str, **options) -> Page:
    touch = {"has_touch": True, "is_mobile": True} if width == "phone" else {}
    return new_page(viewport=VIEWPORTS[width], **touch, **options)


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_note_shares_its_permalink_with_a_confirmation_heard_and_seen(new_page, article, width):
    page = context_for(new_page, width, permissions=["clipboard-read", "clipboard-write"])
    page.goto(ARTICLE)
    note = article.first_fact_check
    shown = open_note(page, note.id, VIEWPORTS[width])
    expect(shown).to_be_visible()
    button = shown.locator(".ae-share")
    expect(button).to_have_text("Copy link to this note")
    if width != "wide":  # the margin is a copy for the eye; its endnote's button is the one in the accessibility tree
        expect(button).to_have_role("button")
    if width == "phone":
        button.tap()
    else:
        button.click()
    expect(shown.locator(".ae-share")).to_have_text("Link copied")
    expect(shown).to_be_visible()
    permalink = page.evaluate("location.origin") + ARTICLE + "#" + note.id
    assert page.evaluate("navigator.clipboard.readText()") == permalink
    expect(page.locator(STATUS)).to_have_role("status")
    expect(page.locator(STATUS)).to_have_text(f"Link to the note copied: {permalink}")


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_permalink_opens_the_note_in_place(new_page, article, width):
    page = context_for(new_page, width)
    note = article.first_fact_check
    page.goto(f"{ARTICLE}#{note.id}")
    shown = page.locator(f'.ae-side.ae-open[data-for="{note.id}"]' if width == "wide" else f'#ae--popover[data-for="{note.id}"]')
    expect(shown).to_be_visible()
    expect(shown).to_be_in_viewport()
    expect(page.locator(f'mark[data-annotation="{note.id}"]').first).to_be_in_viewport()
    expect(page.locator(f'[data-note="{note.id}"]')).to_have_class(re.compile(r"\bae-targeted\b"))
