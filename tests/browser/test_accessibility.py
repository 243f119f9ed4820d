"""Accessibility: axe-core finds no serious or critical violation on the main
pages in either palette, nor in an open note; verdicts are told in words."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import ARTICLE, DESKTOP, FACT_CHECKS, GLOSSARY, HOME, LAPTOP, PHONE, WIDE, point_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's palette
SEVERE = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def severe_violations(axe: Axe, page: Page, context: str | None = None) -> list[str]:
    results = axe.run(page, context=context, options={"resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SEVERE:
            continue
        for node in violation["nodes"][:5]:
            found.append(
                f"{violation['impact']} {violation['id']}: {violation['help']}\n"
                f"    at {node['target']}: {node.get('failureSummary', '').strip()}"
            )
    return found


def open_in(new_page, scheme: str, path: str, viewport: dict = DESKTOP) -> Page:
    page = new_page(color_scheme=scheme, viewport=viewport)
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    return page


WIDTHS = {"wide": WIDE, "laptop": LAPTOP, "phone": PHONE}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", [HOME, ARTICLE, GLOSSARY, FACT_CHECKS])
def test_no_serious_violations(new_page, axe, path, scheme, width):
    page = open_in(new_page, scheme, path, WIDTHS[width])
    if path == ARTICLE:
        # The reader's controls and the claims of the summary open, as a reader leaves them.
        page.locator("details.ae-controls > summary").click()
        page.locator("details.ae-summary__claims > summary").click()
    found = severe_violations(axe, page)
    assert not found, f"axe on {path} ({scheme}, {width}):\n" + "\n".join(found)


@pytest.mark.parametrize("width", ["wide", "laptop"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_violations_in_an_open_note(new_page, axe, article, scheme, width):
    page = open_in(new_page, scheme, ARTICLE, WIDTHS[width])
    # A fact-check, so that its verdict badge is checked too: in the margin, or as a popover.
    note = article.first_fact_check
    page.mouse.move(*point_in(page, f'mark[data-annotation="{note.id}"]'))
    shown = f'.ae-side.ae-open[data-for="{note.id}"]' if width == "wide" else "#ae--popover"
    expect(page.locator(shown)).to_be_visible()
    found = severe_violations(axe, page, context=shown)
    # Its passage too, highlighted as the open note's.
    found += severe_violations(axe, page, context=f'mark.ae-mark--active[data-annotation="{note.id}"]')
    assert not found, f"axe on an open note and its passage ({scheme}, {width}):\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_violations_in_the_shortcuts_dialog(new_page, axe, scheme):
    page = open_in(new_page, scheme, ARTICLE, LAPTOP)
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    found = severe_violations(axe, page, context="dialog.ae-help")
    assert not found, f"axe on the shortcuts dialog ({scheme}):\n" + "\n".join(found)


@pytest.mark.parametrize("path", [ARTICLE, FACT_CHECKS])
def test_verdicts_are_never_told_by_colour_alone(page, path):
    page.goto(path)
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")  # the summary's claims, opened
    checked = page.evaluate(
        """() => [...document.querySelectorAll("[data-verdict]")].map((element) => {
            const words = element.dataset.verdict.replace(/-/g, " ");
            let said;
            if (element.matches("mark")) {
                // A passage says its verdict through its reference: a visible symbol, a name in words.
                const id = element.dataset.annotation;
                const ref = document.querySelector(`a[data-annotation-ref="${CSS.escape(id)}"]`);
                said = !!ref && /[^\\d\\s]/.test(ref.innerText) && ref.getAttribute("aria-label").toLowerCase().includes(words);
            } else {
                said = element.innerText.toLowerCase().includes(words);
            }
            return {what: element.outerHTML.slice(0, 120), said};
        })"""
    )
    assert checked, f"{path} shows no verdict ([data-verdict])"
    silent = [c["what"] for c in checked if not c["said"]]
    assert not silent, "verdicts told by colour alone:\n" + "\n".join(silent)

    # Every badge is visible text: a symbol and a word, in a colour that shows.
    badges = page.evaluate(
        """() => [...document.querySelectorAll(".md-content span[data-verdict]")].map((badge) => ({
            text: badge.innerText.trim(),
            visible: badge.checkVisibility({opacityProperty: true, visibilityProperty: true}),
            color: getComputedStyle(badge).color,
        }))"""
    )
    assert badges, f"{path} has no verdict badge"
    for badge in badges:
        assert badge["visible"], f"a verdict badge is hidden: {badge}"
        assert len(badge["text"]) > 2 and any(c.isalpha() for c in badge["text"]), f"a badge without a word: {badge}"
        assert badge["color"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"a badge with invisible text: {badge}"


# ---------------------------------------------------------------- beyond axe

CONTENT = {
    "note (popover)": (LAPTOP, "mark", "#ae--popover"),
    "note (margin)": (WIDE, "mark", ".ae-side.ae-open"),
    "term preview": (LAPTOP, "term", "#ae--popover"),
}


@pytest.mark.parametrize("what", CONTENT)
def test_content_on_hover_is_dismissible_hoverable_and_persistent(new_page, article, what):
    """WCAG 1.4.13: Escape dismisses it without moving the pointer; the pointer can move onto it; it stays while hovered."""
    viewport, kind, shown = CONTENT[what]
    page = new_page(viewport=viewport)
    page.goto(ARTICLE)
    if kind == "mark":
        trigger = f'mark[data-annotation="{article.first_fact_check.id}"]'
        point = point_in(page, trigger)
    else:
        link = page.locator(f'article a[data-term="{article.first_term.id}"]').first
        link.scroll_into_view_if_needed()
        found = link.bounding_box()
        point = (found["x"] + 4, found["y"] + found["height"] / 2)
    box = page.locator(shown)
    page.mouse.move(*point)
    expect(box).to_be_visible()
    page.keyboard.press("Escape")
    expect(box).to_have_count(0) if kind == "mark" and viewport is WIDE else expect(box).to_be_hidden()

    page.mouse.move(2, page.viewport_size["height"] - 2)
    page.mouse.move(*point)
    expect(box).to_be_visible()
    target = box.bounding_box()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + min(target["height"] / 2, 30), steps=8)
    page.wait_for_timeout(600)  # longer than the grace the script gives a pointer leaving the trigger
    expect(box).to_be_visible()


def test_a_passage_names_its_note_and_the_note_its_passage_and_back(new_page, article):
    page = new_page(viewport=LAPTOP)
    page.goto(ARTICLE)
    note = article.first_fact_check
    ref = page.locator(f'a[data-annotation-ref="{note.id}"]')
    # In the accessibility tree, beside the passage: a link named after its note.
    paragraph = ref.locator("xpath=ancestor::p[1]")
    assert f'link "{note.label}"' in paragraph.aria_snapshot(), paragraph.aria_snapshot()
    # The note, in turn, names the passage it is about.
    passage = " ".join(page.locator(f'mark[data-annotation="{note.id}"]').all_inner_texts()).split()
    back = page.locator(f'[data-note="{note.id}"] .ae-note__back a')
    name = back.evaluate("a => a.textContent")
    assert name.startswith("Back to the passage") and " ".join(passage[:4]) in " ".join(name.split()), name

    # From the passage to the note, and back to the same place, by keyboard.
    ref.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f'[data-note="{note.id}"]')).to_be_focused()
    back.focus()
    page.keyboard.press("Enter")
    expect(ref).to_be_focused()
    expect(ref).to_be_in_viewport()


def test_forced_colours_keep_passages_and_badges_visible(new_page, article):
    page = new_page(viewport=LAPTOP, forced_colors="active")
    page.goto(ARTICLE)
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    lines = page.evaluate(
        """() => [...document.querySelectorAll("mark[data-annotation], .md-content .ae-verdict")].map((e) => {
            const s = getComputedStyle(e);
            const side = e.matches("mark") ? "Bottom" : "Left";
            return { what: e.outerHTML.slice(0, 80), width: parseFloat(s[`border${side}Width`]), style: s[`border${side}Style`],
                     colour: s[`border${side}Color`], ground: s.backgroundColor, text: s.color };
        })"""
    )
    assert lines
    for line in lines:
        assert line["width"] >= 1 and line["style"] != "none", f"no visible line: {line}"
        assert line["colour"] not in ("rgba(0, 0, 0, 0)", "transparent") and line["colour"] != line["ground"], f"a line in the ground's colour: {line}"
        assert line["text"] != line["ground"], f"text in the ground's colour: {line}"


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_turns_animation_off(new_page, article, motion):
    page = new_page(viewport=LAPTOP, reduced_motion=motion)
    page.goto(ARTICLE)
    durations = page.evaluate(
        """() => [...document.querySelectorAll("mark[data-annotation], .ae-popover, .ae-side")].flatMap((e) => {
            const s = getComputedStyle(e);
            return [...s.transitionDuration.split(","), ...s.animationDuration.split(",")].map((d) => parseFloat(d));
        })"""
    )
    moving = [d for d in durations if d > 0]
    if motion == "reduce":
        assert not moving, f"transitions or animations of {moving} s with reduced motion"
    else:
        assert moving, "nothing is animated without the preference: the test would prove nothing"


@pytest.mark.parametrize("width", ["phone", "laptop"])
def test_tab_skips_the_closed_navigation_drawer_and_reaches_it_open(new_page, width):
    # Below 1220 px the theme's navigation is a drawer off the screen: its links must not take the
    # focus, unseen, until the reader opens it.
    page = new_page(viewport=WIDTHS[width])
    page.goto(ARTICLE)
    page.wait_for_function("() => document.documentElement.classList.contains('ae-js')")
    in_drawer = "() => !!document.activeElement.closest('.md-sidebar--primary')"
    for _ in range(25):
        page.keyboard.press("Tab")
        assert not page.evaluate(in_drawer), "Tab reached the closed navigation drawer"
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
    page.locator(".md-sidebar--primary a.md-nav__link").first.focus()
    assert page.evaluate(in_drawer), "the open navigation drawer cannot take the focus"


def test_the_navigation_is_not_inert_where_it_is_a_column(page):
    page.goto(ARTICLE)  # 1280 px: the navigation stands beside the text
    page.wait_for_function("() => document.documentElement.classList.contains('ae-js')")
    assert page.evaluate("() => !document.querySelector('.md-sidebar--primary').inert")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_violations_in_search_results(new_page, axe, scheme):
    page = open_in(new_page, scheme, HOME)
    page.locator(".md-search__input").click()
    page.keyboard.type("guarantees")
    expect(page.locator(".ae-search__list li").first.locator("p mark").first).to_be_visible()  # an excerpt's hit
    page.mouse.move(0, page.viewport_size["height"] - 1)  # no result under the pointer
    # The theme fades the results in: colours are measured once they are fully drawn.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-search__output')).opacity === '1'")
    found = severe_violations(axe, page, context=".md-search-result")
    page.locator(".ae-search__list .md-search-result__link").first.hover()  # and one under it
    found += severe_violations(axe, page, context=".md-search-result")
    assert not found, f"axe on search results ({scheme}):\n" + "\n".join(found)
