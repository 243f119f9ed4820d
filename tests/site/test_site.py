"""The repository's own site, built for real with `mkdocs build --strict`."""

from __future__ import annotations

import gzip
import json

import yaml

from helpers import ARTICLE, ROOT

ARTICLE_HTML = "articles/rubio-ukraine-security-guarantees/index.html"


def annotations_of(page: str) -> list[dict]:
    path = ROOT / "annotations" / page.replace(".md", ".yml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["annotations"]


def _front_matter(page: str) -> dict:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def glossary() -> list[dict]:
    return yaml.safe_load((ROOT / "annotations" / "glossary.yml").read_text(encoding="utf-8"))["terms"]


def test_strict_build_passes_without_warnings(built_site):
    assert "WARNING" not in built_site.log
    assert "ERROR" not in built_site.log


def test_article_text_is_the_seed_unchanged(built_site):
    seed = ROOT / "tests" / "fixtures" / "seed-article.txt"  # the article as it was received
    article = built_site.page(ARTICLE_HTML).select_one("article")
    for added in article.select(".ae-summary, .ae-endnotes, .ae-ref__sup, .headerlink"):
        added.decompose()
    # Marks and links split text nodes, so compare the characters, white space aside.
    assert _letters(article.get_text()) == _letters(seed.read_text(encoding="utf-8"))


def _letters(text: str) -> str:
    return "".join(text.split())


def test_every_annotation_is_anchored_with_its_note(built_site):
    page = built_site.page(ARTICLE_HTML)
    for annotation in annotations_of(ARTICLE):
        marks = page.select(f'mark[data-annotation="{annotation["id"]}"]')
        assert marks, f"{annotation['id']} is not anchored"
        note = page.select_one(f'[data-note="{annotation["id"]}"]')
        assert note is not None and note.get("id") == annotation["id"]
        ref = page.select_one(f'a[data-annotation-ref="{annotation["id"]}"]')
        assert ref["href"] == f"#{annotation['id']}"
        assert note.select_one(f'a[href="#ref--{annotation["id"]}"]') is not None, "no link back to the text"
        if annotation["type"] == "fact-check":
            assert all(mark["data-verdict"] == annotation["verdict"] for mark in marks)
            assert note["data-verdict"] == annotation["verdict"]
            badge = note.select_one(".ae-verdict")
            assert badge.get_text(strip=True).lower().endswith(annotation["verdict"].replace("-", " "))
            assert len(note.select(".ae-note__sources a[href^='http']")) == len(annotation["sources"])


def test_marks_never_hold_block_content(built_site):
    for mark in built_site.page(ARTICLE_HTML).select("mark[data-annotation]"):
        assert mark.find(["p", "div", "ul", "ol", "section"]) is None


def test_summary_counts_the_notes(built_site):
    annotations = annotations_of(ARTICLE)
    checks = sum(a["type"] == "fact-check" for a in annotations)
    summary = built_site.page(ARTICLE_HTML).select_one(".ae-summary")
    text = " ".join(summary.get_text(" ").split())
    assert f"{checks} fact-check" in text
    assert f"{len(annotations) - checks} context note" in text


def test_glossary_terms_are_linked_once_with_definitions(built_site):
    page = built_site.page(ARTICLE_HTML)
    ids = {term["id"] for term in glossary()}
    body_links = [a for a in page.select("article a[data-term]") if not a.find_parent(class_="ae-endnotes")]
    assert body_links, "no glossary term is linked in the article"
    in_text = [a["data-term"] for a in body_links]
    assert len(in_text) == len(set(in_text)), "a term is linked more than once in the text"
    for link in body_links:
        assert link["data-term"] in ids
        assert link["href"] == f"../../glossary/#{link['data-term']}"
        assert not link.has_attr("title"), "the theme would show a title as HTML"
        assert link.find_parent(["h1", "h2", "h3", "code", "pre"]) is None


def test_a_name_that_holds_a_term_is_not_linked_as_the_term(built_site):
    # The timeline cites The Moscow Times and the Kyiv Independent: neither is the city (`not_in`).
    page = built_site.page("timeline/index.html")
    for outlet, term in (("The Moscow Times", "moscow"), ("Kyiv Independent", "kyiv")):
        holder = next(p for p in page.select("article li, article p") if outlet in " ".join(p.get_text(" ").split()))
        assert holder.select(f"a[data-term={term}]") == [], outlet
    kyiv = page.select("article a[data-term=kyiv]")
    assert [" ".join(a.find_parent().get_text(" ").split()) for a in kyiv] == ["NATO Secretary General Mark Rutte visits Kyiv ."]


def test_glossary_page_lists_every_term_with_where_it_appears(built_site):
    page = built_site.page("glossary/index.html")
    terms = glossary()
    for term in terms:
        heading = page.select_one(f'h3[id="{term["id"]}"]')
        assert heading is not None, term["id"]
        assert term["term"] in heading.get_text()
        assert page.select_one(f'[data-term-entry="{term["id"]}"] .ae-glossary-entry__appears-in') is not None
    linked = {a["data-term"] for a in built_site.page(ARTICLE_HTML).select("a[data-term]") if a.get("id")}
    some = sorted(linked)[0]
    entry = page.select_one(f'[data-term-entry="{some}"] .ae-glossary-entry__appears-in a')
    assert entry["href"] == f"../articles/rubio-ukraine-security-guarantees/#term--{some}"
    letters = [p.select_one(".ae-az__letter").get_text() for p in page.select(".ae-az p")]
    assert letters == sorted(letters)


def test_fact_check_index_links_every_fact_check(built_site):
    page = built_site.page("fact-checks/index.html")
    checks = [a for a in annotations_of(ARTICLE) if a["type"] == "fact-check"]
    links = {a["href"] for a in page.select(".ae-fact-check-list a")}
    for check in checks:
        assert f"../articles/rubio-ukraine-security-guarantees/#{check['id']}" in links
    order = [li["data-verdict"] for li in page.select(".ae-fact-check-list li")]
    scale = ["accurate", "mostly-accurate", "missing-context", "misleading", "incorrect", "unverified"]
    assert order == sorted(order, key=scale.index)


def test_claim_review_json_ld_for_every_fact_check(built_site):
    page = built_site.page(ARTICLE_HTML)
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    reviews = json.loads(scripts[0].string)
    checks = {a["id"]: a for a in annotations_of(ARTICLE) if a["type"] == "fact-check"}
    assert len(reviews) == len(checks)
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        check = checks[review["url"].rsplit("#", 1)[1]]
        assert review["claimReviewed"] == check["claim"]
        assert review["reviewRating"]["alternateName"].lower() == check["verdict"].replace("-", " ")
        if check["verdict"] != "unverified":
            assert 1 <= review["reviewRating"]["ratingValue"] <= 5
        assert review["author"]["name"]
        # The claims appear in the copy of the article found online, which its front matter names.
        assert review["itemReviewed"]["appearance"]["url"] == _front_matter(ARTICLE)["original"]["url"]


def _fragments(root) -> list[dict]:
    """Every result of the built Pagefind index (its fragments are gzipped JSON behind a signature)."""
    return [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            for path in sorted((root / "pagefind" / "fragment").glob("*.pf_fragment"))]


def test_search_index_holds_every_note_claim_and_definition_as_its_own_result(built_site):
    fragments = {f["url"]: f for f in _fragments(built_site.root)}
    article = "/articles/rubio-ukraine-security-guarantees/"
    for annotation in annotations_of(ARTICLE):
        record = fragments[f"{article}#{annotation['id']}"]
        assert record["filters"]["kind"] == [annotation["type"]]
        if annotation["type"] == "fact-check":
            assert " ".join(annotation["claim"].split())[:40] in record["content"]
            assert record["filters"]["verdict"] == [annotation["verdict"].replace("-", " ").capitalize()]
    for term in glossary():
        record = fragments[f"/glossary/#{term['id']}"]
        assert record["meta"]["title"] == term["term"] and record["filters"] == {"kind": ["term"]}
    page = fragments[article]
    assert page["filters"]["kind"] == ["article"] and page["filters"]["article"] == [page["meta"]["title"]]
    # The notes are results of their own, not words of their page again; generated pages are not indexed.
    assert "Notes and fact-checks" not in page["content"]
    # The editors' summary is the page's, but not the rest of the summary box, which counts and lists the notes.
    summary = yaml.safe_load((ROOT / "annotations" / ARTICLE.replace(".md", ".yml")).read_text(encoding="utf-8"))["summary"]
    assert " ".join(summary["bottom_line"].split())[:80] in page["content"]
    assert "About this explainer" not in page["content"] and "This page has" not in page["content"]
    assert "/glossary/" not in fragments and "/fact-checks/" not in fragments


def test_the_theme_index_is_left_empty(built_site):
    """The theme's search box stays, but its own index (fetched on every page load) holds nothing."""
    index = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []


def test_generated_pages_are_in_the_navigation(built_site):
    nav = {a["href"] for a in built_site.page("index.html").select("nav.md-nav--primary a.md-nav__link[href]")}
    assert {"glossary/", "fact-checks/"} <= nav


def test_terms_named_only_in_notes_appear_through_those_notes(built_site):
    page = built_site.page("glossary/index.html")
    for annotation in annotations_of(ARTICLE):
        for term in annotation.get("terms", []):
            links = [a["href"] for a in page.select(f'[data-term-entry="{term}"] .ae-glossary-entry__appears-in a')]
            assert any(href.startswith("../articles/rubio-ukraine-security-guarantees/#") for href in links), term
