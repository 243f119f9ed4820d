"""Search: a word found only in a note, a claim or a glossary definition is
found by Material's search box, and its result leads to that note or term."""

from __future__ import annotations

import html
import json
import re

import pytest
from browsing import ARTICLE, FACT_CHECKS, GLOSSARY, HOME, ServedSite
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WORD = re.compile(r"[a-z]{7,}")


def index_words(site: ServedSite) -> dict[str, set[str]]:
    """The words of every section in the built search index, by location."""
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = {}
    for doc in index["docs"]:
        text = html.unescape(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])).lower()
        words[doc["location"]] = set(WORD.findall(text))
    return words


def distinctive_word(site: ServedSite, kind: str) -> tuple[str, str, str]:
    """(word, location of its section, element it is in) for a word of a note
    body, a claim or a definition that no other section of the site shares,
    nor any word beginning with the same six letters (search matches stems
    and prefixes)."""
    words = index_words(site)
    if kind == "definition":
        page, path = site.html(GLOSSARY), GLOSSARY
        places = [(e["data-term-entry"], e.select_one(".ae-glossary-entry__definition")) for e in page.select("[data-term-entry]")]
        section = "{}"
    else:
        page, path = site.html(ARTICLE), ARTICLE
        part = ".ae-note__body" if kind == "note" else ".ae-note__claim"
        places = [(n["data-note"], n.select_one(part)) for n in page.select("[data-note]")]
        section = "note--{}"
    allowed = {"claim": {FACT_CHECKS.strip("/") + "/"}}.get(kind, set())  # the index repeats every claim
    for ident, element in places:
        if element is None:
            continue
        location = path.lstrip("/") + "#" + section.format(ident)
        assert location in words, f"{location} is not a section of the search index"
        for word in sorted(WORD.findall(element.get_text(" ").lower()), key=len, reverse=True):
            stem = word[:6]
            elsewhere = [
                loc for loc, found in words.items()
                if loc != location and not any(loc.startswith(a) for a in allowed) and any(w.startswith(stem) for w in found)
            ]
            if not elsewhere:
                return word, location, f'[data-{"term-entry" if kind == "definition" else "note"}="{ident}"]'
    raise AssertionError(f"no word of any {kind} is found in that {kind} alone: nothing to search for")


@pytest.mark.parametrize("kind", ["note", "claim", "definition"])
def test_a_word_only_in_a_note_claim_or_definition_is_found(page, site, kind):
    word, location, holder = distinctive_word(site, kind)
    page.goto(HOME)
    page.locator(".md-search__input").click()
    page.keyboard.type(word)

    path, section = location.split("#")
    results = page.locator(".md-search-result__link")
    # Material adds the query for highlighting: /path/?h=word#section
    target = page.locator(f'.md-search-result__link[href*="/{path}"][href$="#{section}"]')
    expect(results.first).to_be_visible()
    expect(target.first).to_be_visible()
    expect(target.first).to_contain_text(re.compile(re.escape(word), re.I))

    target.first.click()
    expect(page).to_have_url(re.compile(re.escape("/" + path) + r"(\?h=[^#]*)?#" + re.escape(section) + "$"))
    element = page.locator(holder)
    expect(element).to_be_in_viewport()
    expect(element).to_contain_text(re.compile(re.escape(word), re.I))
    expect(element).to_have_class(re.compile(r"\bae-targeted\b"))
