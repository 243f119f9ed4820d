"""Wide screens: every note in the margin beside its passage, compact until
hovered, focused or tapped; they stack downward when they crowd and never
overlap each other or the text. Narrower screens keep popovers."""

from __future__ import annotations

import re

import pytest
from browsing import ARTICLE, DESKTOP, MARGIN_FROM, WIDE, point_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# Where the text ends, and where each note in the margin stands beside its passage.
GEOMETRY = """() => {
  const article = document.querySelector("article");
  const text = [...article.querySelectorAll("p, li, h1, h2, .admonition, details, table")]
    .filter((e) => !e.closest(".ae-margin") && e.getClientRects().length);
  const sides = [...document.querySelectorAll(".ae-side")].filter((s) => !s.hidden).map((s) => {
    const r = s.getBoundingClientRect();
    const passage = document.querySelector(`mark[data-annotation="${CSS.escape(s.dataset.for)}"]`).getBoundingClientRect();
    return { id: s.dataset.for, top: r.top, bottom: r.bottom, left: r.left, right: r.right, passage: passage.top };
  });
  return { textRight: Math.max(...text.map((e) => e.getBoundingClientRect().right)), sides, width: innerWidth };
}"""


def assert_laid_out(page: Page, count: int, anchored: str | None = None) -> None:
    """Each note beside its passage, or just below the note above it; none overlap; all in the margin.
    The `anchored` note (one open from its passage, reference or permalink) is beside its passage,
    and the notes above it stand at most beside theirs, stacked upward from it."""
    found = page.evaluate(GEOMETRY)
    sides = found["sides"]
    assert len(sides) == count, f"{len(sides)} notes in the margin, expected {count}"
    above = anchored is not None
    floor = None
    for side in sides:
        assert side["left"] >= found["textRight"], f"note {side['id']} covers the text: {side} (text ends at {found['textRight']})"
        assert side["right"] <= found["width"], f"note {side['id']} leaves the screen: {side}"
        if floor is not None:
            assert side["top"] >= floor, f"note {side['id']} overlaps the note above it: {side}, that one ends at {floor}"
        floor = side["bottom"]
        if side["id"] == anchored:
            assert abs(side["top"] - side["passage"]) <= 1, f"the open note is not beside its passage: {side}"
            above = False
        elif above:
            assert side["top"] <= side["passage"] + 1, f"note {side['id']} stands below its passage, above the open note: {side}"
        else:
            assert side["top"] >= side["passage"] - 1, f"note {side['id']} stands above its passage: {side}"
            lowest = side["passage"] if side is sides[0] else max(side["passage"], previous + 8)
            assert side["top"] <= lowest + 1, f"note {side['id']} is further down than it need be: {side}"
        previous = side["bottom"]


@pytest.fixture
def wide(new_page) -> Page:
    page = new_page(viewport=WIDE)
    page.goto(ARTICLE)
    return page


def test_every_note_stands_in_the_margin_beside_its_passage(wide, article):
    assert_laid_out(wide, len(article.annotations))
    # Copies for the eye: one element per note keeps the id and data-note (DESIGN.md §5).
    expect(wide.locator(".ae-margin [id], .ae-margin [data-note]")).to_have_count(0)
    expect(wide.locator("[data-note]")).to_have_count(len(article.annotations))
    expect(wide.locator("#ae--popover")).to_have_count(0)


def test_a_note_is_compact_until_hovered_then_expands_and_the_others_make_room(wide, article):
    note = article.first_fact_check
    side = wide.locator(f'.ae-side[data-for="{note.id}"]')
    number = int(re.search(r"\d+", wide.locator(f'a[data-annotation-ref="{note.id}"]').inner_text()).group())
    # Compact: its number, its verdict badge, its title; not its body.
    expect(side.locator(".ae-note__kind")).to_have_text(f"Fact-check {number}")
    expect(side.locator(".ae-verdict")).to_be_visible()
    expect(side.locator(".ae-verdict")).to_contain_text(note.verdict.replace("-", " "), ignore_case=True)
    expect(side.locator(".ae-note__body")).to_be_hidden()
    compact = side.bounding_box()["height"]

    side.hover()
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    expect(side.locator(".ae-note__body")).to_be_visible()
    assert side.bounding_box()["height"] > compact
    assert_laid_out(wide, len(article.annotations))

    # Hovering its passage expands it too, and no popover covers the text.
    wide.mouse.move(2, wide.viewport_size["height"] - 2)
    expect(side).not_to_have_class(re.compile(r"\bae-open\b"))
    wide.mouse.move(*point_in(wide, f'mark[data-annotation="{note.id}"]'))
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    expect(wide.locator(f'mark[data-annotation="{note.id}"]').first).to_have_class(re.compile(r"\bae-mark--active\b"))
    expect(wide.locator("#ae--popover")).to_have_count(0)


def test_keyboard_focus_on_a_reference_expands_its_note(wide, article):
    note = article.first_fact_check
    wide.locator(f'a[data-annotation-ref="{note.id}"]').focus()
    side = wide.locator(f'.ae-side[data-for="{note.id}"]')
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    expect(side.locator(".ae-note__body")).to_be_visible()
    assert_laid_out(wide, len(article.annotations), anchored=note.id)


@pytest.mark.parametrize("how", ["permalink", "keyboard"])
def test_a_note_far_down_the_article_opens_beside_its_passage(new_page, article, how):
    # Notes crowd and stack downward: by the end of the article they stand a screen below their
    # passages. The one the reader asks for stands beside its passage, in view.
    note = article.annotations[-1]
    page = new_page(viewport=WIDE)
    if how == "permalink":
        page.goto(f"{ARTICLE}#{note.id}")
    else:
        page.goto(ARTICLE)
        page.locator(f'a[data-annotation-ref="{note.id}"]').focus()
    side = page.locator(f'.ae-side[data-for="{note.id}"]')
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    expect(side).to_be_in_viewport()
    expect(page.locator(f'mark[data-annotation="{note.id}"]').first).to_be_in_viewport()
    assert_laid_out(page, len(article.annotations), anchored=note.id)
    page.keyboard.press("Escape")  # closed, the notes stack downward again
    expect(side).not_to_have_class(re.compile(r"\bae-open\b"))
    assert_laid_out(page, len(article.annotations))


def test_a_tap_expands_a_note_and_a_second_tap_folds_it(new_page, article):
    page = new_page(viewport=WIDE, has_touch=True)
    page.goto(ARTICLE)
    note = article.first_fact_check
    side = page.locator(f'.ae-side[data-for="{note.id}"]')
    side.locator(".ae-note__heading").tap()
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    page.wait_for_timeout(400)  # longer than any close delay of the script
    expect(side).to_have_class(re.compile(r"\bae-open\b"))
    side.locator(".ae-note__heading").tap()
    expect(side).not_to_have_class(re.compile(r"\bae-open\b"))


@pytest.mark.parametrize("width, margin", [(MARGIN_FROM, True), (MARGIN_FROM - 1, False)])
def test_the_margin_starts_at_its_width(new_page, width, margin):
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(ARTICLE)
    page.wait_for_function("() => document.documentElement.classList.contains('ae-js')")
    expect(page.locator(".ae-margin")).to_have_count(1 if margin else 0)


def test_narrowing_the_window_brings_the_popovers_back(new_page, article):
    page = new_page(viewport=DESKTOP)
    page.goto(ARTICLE)
    expect(page.locator(".ae-margin")).to_have_count(1)
    page.set_viewport_size({"width": 1000, "height": 800})
    expect(page.locator(".ae-margin")).to_have_count(0)
    page.mouse.move(*point_in(page, f'mark[data-annotation="{article.first.id}"]'))
    expect(page.locator(f'#ae--popover[data-for="{article.first.id}"]')).to_be_visible()
    page.set_viewport_size(DESKTOP)
    expect(page.locator(".ae-margin")).to_have_count(1)
    expect(page.locator("#ae--popover")).to_be_hidden()
