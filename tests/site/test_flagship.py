"""The flagship explainer is complete and truthful (issue: the seed article, fully annotated)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from helpers import ARTICLE, ROOT

FACTS = ROOT / "editorial" / "rubio-ukraine-security-guarantees.facts.md"


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / "annotations" / path).read_text(encoding="utf-8"))


ANNOTATIONS = load(ARTICLE.replace(".md", ".yml"))["annotations"]
TERMS = load("glossary.yml")["terms"]


def test_every_claim_of_the_record_is_checked_and_the_background_explained():
    kinds = Counter(a["type"] for a in ANNOTATIONS)
    assert kinds["fact-check"] >= 20
    assert kinds["context"] >= 5  # the second edition merged notes that repeated each other


def test_every_fact_check_has_a_claim_a_verdict_and_a_source():
    for check in (a for a in ANNOTATIONS if a["type"] == "fact-check"):
        assert check["claim"].strip() and check["body"].strip()
        assert check["verdict"] in {"accurate", "mostly-accurate", "missing-context", "misleading", "incorrect", "unverified"}
        assert check["sources"], check["id"]


def test_the_record_decides_the_key_verdicts():
    by_quote = {a["quote"]: a for a in ANNOTATIONS if a["type"] == "fact-check"}
    date = next(a for q, a in by_quote.items() if "July 15, 2023" in q)
    assert date["verdict"] == "incorrect"


def _fact_sheet_urls() -> set[str]:
    return set(re.findall(r"https?://[^\s)]+", FACTS.read_text(encoding="utf-8")))


def _all_sources():
    for annotation in ANNOTATIONS:
        for source in annotation.get("sources", []):
            yield annotation["id"], source
    for term in TERMS:
        for source in term.get("sources", []):
            yield term["id"], source


@pytest.mark.parametrize("owner, source", list(_all_sources()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_source_is_on_the_fact_sheet(owner, source):
    known = {url.rstrip(".,;") for url in _fact_sheet_urls()}
    assert source["url"] in known, f"{owner} cites {source['url']}, which the fact sheet does not list"


def test_glossary_covers_the_people_and_ideas_of_the_article():
    assert len(TERMS) >= 25
    categories = Counter(t.get("category") for t in TERMS)
    assert None not in categories
    for category in ("person", "organization", "concept", "document", "event"):
        assert categories[category] >= 1, category
    names = " ".join(t["term"] for t in TERMS)
    for person in ("Rubio", "Trump", "Zelensky", "Putin", "Healey", "Lavrov", "Rutte", "Caine", "Witkoff", "Starmer", "Macron"):
        assert person in names, person


def test_every_page_is_reachable_from_the_navigation():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    in_nav = set(_nav_pages(config["nav"]))
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert pages | {"glossary.md", "fact-checks.md", "corrections.md"} == in_nav  # the generated pages too


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses !ENV; its value does not matter here."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def _nav_pages(nav):
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from _nav_pages(value)
        else:
            yield value
