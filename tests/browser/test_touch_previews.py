"""On a touch screen: the first tap on a glossary term shows its short
definition with a link to the full entry, also inside a passage; a tap on the
passage's other words opens its note; a second tap on the term, or a tap on
the preview's link, goes on. Nothing tapped is covered by what it opens."""

from __future__ import annotations

import re

import pytest
from browsing import ARTICLE, GLOSSARY, PHONE
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# A term linked inside a passage, and the passage's id.
TERM_IN_PASSAGE = """() => {
  const link = [...document.querySelectorAll("article mark[data-annotation] a[data-term]")].find((a) => !a.closest("[data-note]"));
  return link && [link.dataset.term, link.closest("mark").dataset.annotation];
}"""

# Whether what is at (x, y) is still the element tapped there, not the popover over it.
UNCOVERED = """([x, y, selector]) => { const hit = document.elementFromPoint(x, y); return !!hit && !!hit.closest(selector); }"""


# A point on the passage's own words (not its term), in view and not under the preview.
WORDS = """(ident) => {
  const marks = document.querySelectorAll(`mark[data-annotation="${CSS.escape(ident)}"]`);
  marks[0].scrollIntoView({ block: "center" });
  for (const mark of marks) {
    for (const node of mark.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        const x = r.left + Math.min(r.width / 2, 12), y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        if (r.width >= 4 && hit === mark) return [x, y];
      }
    }
  }
  return null;
}"""


@pytest.fixture
def phone(new_page) -> Page:
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page.goto(ARTICLE)
    page.wait_for_function("() => document.documentElement.classList.contains('ae-js')")
    return page


def term_point(page: Page, term: str) -> tuple[float, float]:
    link = page.locator(f'article mark a[data-term="{term}"]').first
    link.evaluate("a => a.scrollIntoView({block: 'center'})")  # room above and below
    found = link.bounding_box()
    return found["x"] + min(found["width"] / 2, 10), found["y"] + found["height"] / 2


def test_first_tap_on_a_term_in_a_passage_previews_it_a_second_follows(phone, article):
    found = phone.evaluate(TERM_IN_PASSAGE)
    assert found, "no glossary term is linked inside a passage of the article"
    term, passage = found
    definition = next(t.definition for t in article.terms if t.id == term) if any(t.id == term for t in article.terms) else None
    preview = phone.locator(f'#ae--popover[data-term="{term}"]')

    point = term_point(phone, term)
    phone.touchscreen.tap(*point)
    expect(preview).to_be_visible()
    if definition:
        expect(preview).to_contain_text(definition)
    expect(preview.get_by_role("link", name="Read the glossary entry")).to_have_attribute("href", re.compile(f"#{term}$"))
    expect(phone).to_have_url(re.compile(re.escape(ARTICLE) + "$"))  # not followed
    assert phone.evaluate(UNCOVERED, [*point, f'a[data-term="{term}"]']), "the preview covers the term tapped"
    phone.wait_for_timeout(400)  # longer than any close delay of the script
    expect(preview).to_be_visible()

    # A tap elsewhere closes it; the passage's other words open its note, which does not cover them either.
    phone.locator("article h1").tap()
    expect(preview).to_be_hidden()
    words = phone.evaluate(WORDS, passage)
    assert words, f"no word of the passage {passage} can be tapped"
    phone.touchscreen.tap(*words)
    expect(phone.locator(f'#ae--popover[data-for="{passage}"]')).to_be_visible()
    assert phone.evaluate(UNCOVERED, [*words, f'mark[data-annotation="{passage}"]']), "the note covers the words tapped"

    # The term again: its preview, then a second tap follows the link.
    point = term_point(phone, term)
    phone.touchscreen.tap(*point)
    expect(preview).to_be_visible()
    phone.touchscreen.tap(*point)
    expect(phone).to_have_url(re.compile(re.escape(GLOSSARY) + f"#{term}$"))
    expect(phone.locator(f'[data-term-entry="{term}"]')).to_be_in_viewport()


def test_the_previews_link_leads_to_the_full_entry(phone, article):
    term = article.first_term
    link = phone.locator(f'article a[data-term="{term.id}"]').first
    link.scroll_into_view_if_needed()
    link.tap()
    preview = phone.locator(f'#ae--popover[data-term="{term.id}"]')
    expect(preview).to_contain_text(term.definition)
    preview.get_by_role("link", name="Read the glossary entry").tap()
    expect(phone).to_have_url(re.compile(re.escape(GLOSSARY) + f"#{term.id}$"))


def test_a_mouse_click_on_a_term_still_follows_it(new_page, article):
    page = new_page(viewport=PHONE)
    page.goto(ARTICLE)
    term = article.first_term
    page.locator(f'article a[data-term="{term.id}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(GLOSSARY) + f"#{term.id}$"))
