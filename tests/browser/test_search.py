"""Search: the theme's search box, answered from the Pagefind index the build writes.

A word found only in a note body, a claim or a definition is found, and its
result leads to that note's or term's permalink; every note and term is a
result of its own; kind, verdict and article narrow the results; the
keyboard shortcut opens the box; hits are marked; it works after instant
navigation and from a plain `python -m http.server`.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator

import pytest
from browsing import ARTICLE, DESKTOP, FACT_CHECKS, GLOSSARY, HOME, PHONE, Watch
from helpers import free_port
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WORD = re.compile(r"[a-z]{7,}")
RESULT = ".ae-search__list .md-search-result__link"
CORRECTIONS = "/corrections/"


def texts_by_target(site) -> dict[str, str]:
    """The text of every note of the seed article and every glossary entry, by its permalink."""
    texts = {}
    for note in site.html(ARTICLE).select("[data-note]"):
        texts[f"{ARTICLE}#{note['data-note']}"] = note.get_text(" ").lower()
    for entry in site.html(GLOSSARY).select("[data-term-entry]"):
        texts[f"{GLOSSARY}#{entry['data-term-entry']}"] = entry.get_text(" ").lower()
    return texts


def distinctive_word(site, kind: str) -> tuple[str, str, str]:
    """(word, permalink, element) for a word of a note body, a claim or a definition that no other
    note, term or page of the site shares, nor any word beginning with the same six letters."""
    texts = texts_by_target(site)
    # Pages as the index has them: the generated ones are left out (their notes and terms are results
    # of their own), and a claim may share its words with the article it rates (two results, then).
    skipped = {GLOSSARY, FACT_CHECKS, CORRECTIONS} | ({ARTICLE} if kind == "claim" else set())
    pages = {path: site.html(path).select_one("article") for path in site.pages() if path not in skipped}
    for found in pages.values():
        for part in found.select(".ae-endnotes, [data-term-entry], .ae-term-previews"):
            part.decompose()
    others = list(texts.items()) + [(path, a.get_text(" ").lower()) for path, a in pages.items()]
    if kind == "definition":
        places = [(f"{GLOSSARY}#{e['data-term-entry']}", e.select_one(".ae-glossary-entry__definition"), f'[data-term-entry="{e["data-term-entry"]}"]')
                  for e in site.html(GLOSSARY).select("[data-term-entry]")]
    else:
        part = ".ae-note__body" if kind == "note" else ".ae-note__claim"
        places = [(f"{ARTICLE}#{n['data-note']}", n.select_one(part), f'[data-note="{n["data-note"]}"]')
                  for n in site.html(ARTICLE).select("[data-note]")]
    for target, element, holder in places:
        if element is None:
            continue
        for word in sorted(set(WORD.findall(element.get_text(" ").lower())), key=len, reverse=True):
            if not any(where != target and re.search(rf"\b{word[:6]}", text) for where, text in others):
                return word, target, holder
    raise AssertionError(f"no word of any {kind} is found in that {kind} alone: nothing to search for")


def open_search(page, query: str) -> None:
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    expect(page.locator(".ae-search__meta")).to_have_text(re.compile(r"\d+ matching results?"))


def result_targets(page) -> list[str]:
    return page.locator(RESULT).evaluate_all("links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")


def expect_opened(page, target: str, holder: str) -> None:
    """The page is at `target` (a result followed), and shows it: a glossary entry in view; a note's
    passage in view, with the note open beside it (in the margin on a wide screen, as a popover on a
    narrower one), as any permalink opens it."""
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    element = page.locator(holder)
    expect(element).to_have_class(re.compile(r"\bae-targeted\b"))
    if target.startswith(GLOSSARY):
        expect(element).to_be_in_viewport()
        return
    note_id = target.rpartition("#")[2]
    expect(page.locator(f'mark[data-annotation="{note_id}"]').first).to_be_in_viewport()
    shown = page.locator(f'.ae-side.ae-open[data-for="{note_id}"], #ae--popover[data-for="{note_id}"]')
    expect(shown).to_be_visible()
    expect(shown).to_be_in_viewport()


@pytest.mark.parametrize("kind", ["note", "claim", "definition"])
def test_a_word_only_in_a_note_claim_or_definition_leads_to_its_permalink(page, site, kind):
    word, target, holder = distinctive_word(site, kind)
    page.goto(HOME)
    open_search(page, word)
    assert target in result_targets(page), f"{word!r}: {result_targets(page)}"
    link = page.locator(f'{RESULT}[href$="{target}"]')
    expect(link).to_contain_text(re.compile(re.escape(word), re.I))
    expect(link.locator("mark").first).to_have_text(re.compile(re.escape(word), re.I))  # the hit is marked

    link.click()
    expect_opened(page, target, holder)


def test_every_note_and_term_is_a_result_of_its_own(page, site):
    """Each note's and term's own heading finds it, as one result leading to its permalink."""
    page.goto(HOME)
    page.locator(".md-search__input").click()
    targets = texts_by_target(site)
    notes = [n for n in site.html(ARTICLE).select("[data-note]")]
    terms = [e for e in site.html(GLOSSARY).select("[data-term-entry]")]
    assert notes and terms
    checked = Counter()
    for element, target, heading in [(n, f"{ARTICLE}#{n['data-note']}", ".ae-note__heading") for n in notes] + \
                                    [(e, f"{GLOSSARY}#{e['data-term-entry']}", "h3") for e in terms]:
        title = element.select_one(heading)
        for link in title.select(".headerlink, .ae-note__kind"):
            link.decompose()
        query = " ".join(title.get_text(" ").split()[:6])
        page.locator(".md-search__input").fill(query)
        expect(page.locator(f'{RESULT}[href$="{target}"]')).to_have_count(1)
        checked[target.split("#")[0]] += 1
    assert checked == {ARTICLE: len(notes), GLOSSARY: len(terms)}, (checked, len(targets))


@pytest.mark.parametrize("kind", ["note", "definition"])
def test_on_a_phone_a_result_on_the_same_page_is_scrolled_to(new_page, site, kind):
    # The theme holds the page still while its search covers the screen, and puts it back as the
    # search closes: the jump to the result comes after that.
    word, target, holder = distinctive_word(site, kind)
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.goto(target.partition("#")[0])
    page.wait_for_function("() => document.documentElement.classList.contains('ae-js')")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")  # far from the result
    page.locator("label.md-header__button[for='__search']").tap()
    page.keyboard.type(word)
    link = page.locator(f'{RESULT}[href$="{target}"]')
    expect(link).to_have_count(1)
    page.wait_for_function("() => document.body.hasAttribute('data-md-scrolllock')")  # 0.4 s after it opened
    link.tap()
    expect_opened(page, target, holder)


def test_results_come_in_rank_order_ten_at_a_time(page, site):
    """Results are shown as their excerpts arrive, in rank order; "Show more results" comes once the
    first ten are in, and brings the next ten, none of them twice."""
    counts = Counter(word for text in texts_by_target(site).values() for word in set(WORD.findall(text)))
    page.goto(HOME)
    for word, _ in counts.most_common(10):  # the words of most notes and terms: one of them has over 12 results
        page.locator(".md-search__input").fill(word)
        block = page.locator(f'.ae-search[data-query="{word}"]')
        expect(block.locator(".ae-search__meta")).to_have_text(re.compile(r"\d+ matching results?|No matching results"))
        if int(re.sub(r"\D", "", block.locator(".ae-search__meta").inner_text()) or 0) > 12:
            break
    else:
        raise AssertionError(f"none of {counts.most_common(10)} has over 12 results")
    expect(block.locator(RESULT)).to_have_count(10)
    more = block.get_by_role("button", name="Show more results")
    expect(more).to_be_visible()
    scores = block.locator(".md-search-result__article").evaluate_all("articles => articles.map(a => Number(a.dataset.mdScore))")
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 10, scores
    total = int(re.search(r"\d+", block.locator(".ae-search__meta").inner_text()).group())
    more.click()
    expect(block.locator(RESULT)).to_have_count(min(20, total))
    targets = result_targets(page)
    assert len(set(targets)) == len(targets), targets


def choose(page, name: str, label: str) -> None:
    select = page.locator(f'.ae-search select[data-filter="{name}"]')
    expect(select.locator("option", has_text=label)).to_have_count(1)
    select.select_option(label=label)


def test_results_are_filtered_by_kind_verdict_and_article(page, site, article):
    check = article.first_fact_check
    verdict_label = check.verdict.replace("-", " ").capitalize()
    page.goto(HOME)
    open_search(page, "the")
    kinds = set(page.locator(RESULT).evaluate_all("links => links.map(a => a.dataset.kind)"))
    assert len(kinds) > 1, kinds

    # Each choice searches again: wait for the list to hold only what the filters let through.
    choose(page, "kind", "Fact-check")
    expect(page.locator(f"{RESULT}:not([data-kind='fact-check'])")).to_have_count(0)
    expect(page.locator(RESULT).first).to_have_attribute("data-kind", "fact-check")

    choose(page, "verdict", verdict_label)
    expect(page.locator(f"{RESULT}:not([data-verdict='{verdict_label}'])")).to_have_count(0)
    expect(page.locator(RESULT).first).to_have_attribute("data-verdict", verdict_label)

    choose(page, "kind", "Glossary")
    expect(page.locator(".ae-search__meta")).to_have_text("No matching results")  # terms have no verdict

    page.locator('.ae-search select[data-filter="verdict"]').select_option(value="")
    expect(page.locator(f"{RESULT}:not([data-kind='term'])")).to_have_count(0)
    expect(page.locator(RESULT).first).to_have_attribute("data-kind", "term")
    assert all(t.startswith(GLOSSARY) for t in result_targets(page))

    choose(page, "kind", "All kinds")
    expect(page.locator(f"{RESULT}:not([data-kind='term'])").first).to_be_visible()
    choose(page, "article", article.title)
    expect(page.locator(f'{RESULT}:not([href*="{ARTICLE}"])')).to_have_count(0)
    expect(page.locator(RESULT).first).to_be_visible()
    assert all(t.startswith(ARTICLE) for t in result_targets(page)), result_targets(page)


def test_the_keyboard_shortcut_opens_search_and_enter_follows_the_best_result(page, site):
    word, target, _ = distinctive_word(site, "note")
    page.goto(ARTICLE)
    page.locator("body").press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type(word)
    expect(page.locator(RESULT).first).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def test_search_works_after_instant_navigation(page, site):
    word, target, _ = distinctive_word(site, "definition")
    page.goto(HOME)
    page.wait_for_function("() => typeof document$ !== 'undefined'")
    page.evaluate("window.__sameDocument = true")
    open_search(page, "guarantee")
    page.keyboard.press("Escape")
    page.locator(".md-nav--primary a.md-nav__link[href$='about/']").first.click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(word)
    expect(page.locator(f'{RESULT}[href$="{target}"]')).to_have_count(1)
    assert page.evaluate("window.__sameDocument === true"), "the page was loaded with a full reload"


@contextlib.contextmanager
def static_server(folder) -> Iterator[str]:
    """`python -m http.server` serving `folder`: its origin."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        origin = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(origin + "/", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "python -m http.server did not start"
                time.sleep(0.1)
        yield origin
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("base", ["", "/explainers"], ids=["at-the-root", "under-a-sub-path"])
def test_search_works_from_python_http_server(browser, site, tmp_path, base):
    """The built folder as any static server gives it (no sitemap rewriting, no special headers), at the
    server's root or under a sub-path, as a project's GitHub Pages site is: a result leads to its note."""
    served = site.root
    if base:
        served = tmp_path / "served"
        served.mkdir()
        (served / base.strip("/")).symlink_to(site.root, target_is_directory=True)
    with static_server(served) as origin:
        word, target, holder = distinctive_word(site, "claim")
        context = browser.new_context(viewport=DESKTOP)
        context.set_default_timeout(5_000)
        watch = Watch(origin)
        watch.attach(context)
        page = context.new_page()
        page.goto(origin + base + ARTICLE)
        open_search(page, word)
        result = page.locator(f'{RESULT}[href$="{target}"]')
        expect(result).to_have_count(1)
        assert result.evaluate("a => new URL(a.href).pathname + new URL(a.href).hash") == base + target
        result.click()
        expect(page).to_have_url(origin + base + target)
        expect(page.locator(holder)).to_be_attached()
        context.close()
        watch.assert_clean()


def test_reading_a_page_fetches_nothing_for_search(page, site):
    """The index and its engine arrive on first use of the search box, not with the page."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(ARTICLE, wait_until="networkidle")
    assert not [url for url in requested if "/pagefind/" in url or url.endswith("/search.js")], requested
    page.locator(".md-search__input").click()
    page.keyboard.type("guarantee")
    expect(page.locator(RESULT).first).to_be_visible()
    assert any(url.endswith("/pagefind/pagefind.js") for url in requested), requested
