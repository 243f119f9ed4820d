"""Contributors' Markdown is rendered, and sanitized: nothing runs."""

from html import unescape

import nh3
import pytest

from explainer.links import SiteMap
from explainer.richtext import RichText, first_sentence, plain_text

SITE = SiteMap(frozenset({"index.md", "articles/x.md", "about.md", "glossary.md"}))
TERMS = frozenset({"nato"})


def render(markdown, page="articles/x.md"):
    return RichText().render(markdown, lambda href: SITE.resolve(href, page, TERMS))


@pytest.mark.parametrize("markdown", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://example.org"></iframe>',
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="#" onclick="alert(1)">x</a>',
    '<p style="position:fixed">x</p>',
    "<form><input></form>",
])
def test_nothing_executable_survives(markdown):
    html, _ = render(markdown)
    for danger in ("<script", "onerror", "<iframe", "javascript:", "data:", "onclick", "style=", "<form", "<input", "<img"):
        assert danger not in html


def test_formatting_and_safe_links_survive():
    html, problems = render("Some *emphasis*, a [source](https://example.org/a?b=1), and:\n\n- a list")
    assert problems == []
    assert "<em>emphasis</em>" in html
    assert '<a href="https://example.org/a?b=1" rel="noopener noreferrer">source</a>' in html
    assert "<li>a list</li>" in html


def test_glossary_links_resolve_to_the_term_and_carry_data_term():
    html, problems = render("See [NATO](glossary:nato).")
    assert problems == []
    assert 'href="../../glossary/#nato"' in html and 'data-term="nato"' in html


def test_unknown_glossary_term_is_reported_with_a_suggestion():
    _, problems = render("See [NATO](glossary:natoo).")
    assert problems == ["links to glossary:natoo, which is not a glossary term; did you mean 'nato'?"]


def test_relative_page_links_resolve_as_in_mkdocs():
    html, problems = render("See [about](../about.md#method).")
    assert problems == []
    assert 'href="../../about/#method"' in html


def test_links_to_missing_pages_are_reported():
    _, problems = render("See [about](../abot.md).")
    assert problems and problems[0].startswith("links to '../abot.md', which is not a page of the site")


@pytest.mark.parametrize("definition, short", [
    ("NATO is an alliance. It has 32 members.", "NATO is an alliance."),
    ("The U.S. Secretary of State. Since 2025.", "The U.S. Secretary of State."),
    ("Gen. Dan Caine chairs the Joint Chiefs of Staff. He met them.", "Gen. Dan Caine chairs the Joint Chiefs of Staff."),
    ("A *pledge* to defend [another](https://example.org) state", "A pledge to defend another state"),
    ("Rock & roll <b>is</b> here. Yes.", "Rock & roll is here."),
])
def test_short_definition_is_the_first_sentence_as_plain_text(definition, short):
    html, _ = render(definition)
    assert first_sentence(html) == short


@pytest.mark.parametrize("markdown", [
    "A *pledge* to defend [another](https://example.org/a?b=1&c=>2 \"a title\") state.",
    "<a href=\"https://example.org/x>y\">quoted > in a link</a> & <q>more</q> &amp;lt;b&amp;gt;",
    "Code: `if a < b && c > d` and <code>&lt;script&gt;</code>",
    "| a | b |\n|:-|-:|\n| 1 < 2 | 3 > 2 |",
    "- one\n- two\n  1. nested\n\nTerm\n: its definition\n\n> quoted <!-- a comment -->",
    "<b onclick=\"x('>')\">bold</b> &nbsp; &#x27; &quot; ' \"",
    "Line<br>break and <script>alert(1)</script> and <style>p{}</style>",
])
def test_plain_text_is_what_cleaning_every_tag_gives(markdown):
    html, _ = render(markdown)
    assert plain_text(html) == " ".join(unescape(nh3.clean(html, tags=set())).split())


@pytest.mark.parametrize("markdown, removed", [
    ("<script>alert(1)</script>", "<script>"),
    ("## A heading", "a heading (## ...)"),
    ("![a picture](https://example.org/a.png)", "an image (![...](...))"),
    ('<b onclick="x()">bold</b>', "onclick="),
])
def test_removed_markup_is_reported_not_lost_silently(markdown, removed):
    _, problems = render(markdown)
    assert problems == [f"uses {removed}, which notes do not keep; write plain Markdown (text, emphasis, links, lists, tables) instead"]


def test_tables_and_alignment_are_kept_without_a_problem():
    html, problems = render("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert problems == [] and '<th align="left">a</th>' in html


@pytest.mark.parametrize("markdown, problem", [
    ('<a href="../abot.md">about</a>', "links to '../abot.md', which is not a page of the site; did you mean '../about.md'?"),
    ('<a href="//evil.example/x">off-site</a>', "links to '//evil.example/x'; only http(s) links, relative links and glossary:ID are allowed"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "links to 'javascript:alert(1)'; only http(s) links, relative links and glossary:ID are allowed"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "links to 'JaVaScRiPt:alert(1)'; only http(s) links, relative links and glossary:ID are allowed"),
    ('<a href="\\\\evil.example/x">x</a>', "links to '//evil.example/x'; only http(s) links, relative links and glossary:ID are allowed"),
    ('<a href="glossary:natoo">NATO</a>', "links to glossary:natoo, which is not a glossary term; did you mean 'nato'?"),
])
def test_html_links_are_checked_exactly_like_markdown_links_and_every_dropped_link_is_reported(markdown, problem):
    html, problems = render(markdown)
    assert problems == [problem]
    assert "href" not in html


def test_html_links_that_resolve_are_kept_like_markdown_ones():
    html, problems = render('<a href="../about.md#method">about</a> and <a href="glossary:nato">NATO</a>')
    assert problems == []
    assert 'href="../../about/#method"' in html and 'href="../../glossary/#nato" data-term="nato"' in html


def test_a_link_title_is_reported_and_no_title_survives():
    html, problems = render('[source](https://example.org "<img src=x onerror=alert(1)>")')
    assert problems == ["a link has the title '<img src=x onerror=alert(1)>', which notes do not show; put those words in the text"]
    assert "title" not in html and 'href="https://example.org"' in html
