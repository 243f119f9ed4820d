"""Page addresses and relative links, as MkDocs writes them."""

import pytest

from explainer.links import SiteMap

PAGES = frozenset({"index.md", "about.md", "articles/x.md", "articles/index.md", "glossary.md"})


@pytest.mark.parametrize("directory_urls, page, url", [
    (True, "index.md", ""), (True, "about.md", "about/"), (True, "articles/x.md", "articles/x/"),
    (True, "articles/index.md", "articles/"), (False, "about.md", "about.html"), (False, "articles/x.md", "articles/x.html"),
])
def test_page_urls(directory_urls, page, url):
    assert SiteMap(PAGES, directory_urls).url(page) == url


@pytest.mark.parametrize("directory_urls, source, target, link", [
    (True, "articles/x.md", "glossary.md", "../../glossary/#t"),
    (True, "index.md", "glossary.md", "glossary/#t"),
    (True, "glossary.md", "articles/x.md", "../articles/x/#t"),
    (True, "articles/x.md", "articles/x.md", "./#t"),
    (True, "about.md", "index.md", "../#t"),
    (False, "articles/x.md", "glossary.md", "../glossary.html#t"),
    (False, "index.md", "articles/x.md", "articles/x.html#t"),
])
def test_relative_links(directory_urls, source, target, link):
    assert SiteMap(PAGES, directory_urls).link(source, target, "t") == link


@pytest.mark.parametrize("href", ["mailto:a@b.c", "javascript:alert(1)", "data:text/html,x", "//evil.example/x", "ftp://x"])
def test_other_schemes_are_refused(href):
    link, problem = SiteMap(PAGES).resolve(href, "index.md", frozenset())
    assert link is None and "only http(s) links" in problem
