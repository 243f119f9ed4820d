"""Accessibility: axe-core finds no serious or critical violation on the main
pages in either palette, nor in an open note; verdicts are told in words."""

from __future__ import annotations

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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_violations_in_an_open_note(new_page, axe, article, scheme):
    page = open_in(new_page, scheme, ARTICLE, LAPTOP)
    # A fact-check, so that its verdict badge is checked too.
    note = article.first_fact_check
    page.mouse.move(*point_in(page, f'mark[data-annotation="{note.id}"]'))
    expect(page.locator("#ae--popover")).to_be_visible()
    found = severe_violations(axe, page, context="#ae--popover")
    assert not found, f"axe on an open note ({scheme}):\n" + "\n".join(found)


@pytest.mark.parametrize("path", [ARTICLE, FACT_CHECKS])
def test_verdicts_are_never_told_by_colour_alone(page, path):
    page.goto(path)
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
