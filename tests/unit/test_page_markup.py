"""A page's own active markup: removed from its HTML, and each removal located in its Markdown."""

from __future__ import annotations

import pytest

from explainer.htmltokens import serialize, tokenize
from explainer.page_markup import removed_problems, without_active_markup


def cleaned(html: str) -> tuple[str, list[str]]:
    tokens, removed = without_active_markup(tokenize(html))
    return serialize(tokens), [item.what for item in removed]


@pytest.mark.parametrize("html, kept, removed", [
    ('<p>x<img src="a.png" onerror="go()"></p>', '<p>x<img src="a.png"></p>', ["the attribute onerror="]),
    ("<IMG SRC=a.png ONERROR=go()>", '<img src="a.png">', ["the attribute onerror="]),
    ("<p>a<script>go()</script>b</p>", "<p>ab</p>", ["<script>"]),
    ('<iframe src="https://example.org/">fallback</iframe>', "", ["<iframe>"]),
    ('<iframe srcdoc="&lt;script&gt;go()&lt;/script&gt;"></iframe>', "", ["<iframe>"]),
    ('<object data="x.swf"></object><embed src="x.swf">', "", ["<object>", "<embed>"]),
    ('<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x"><link rel="stylesheet" href="x.css">',
     "", ["<base>", "<meta>", "<link>"]),
    ('<form action="https://evil.example/"><input name="q"></form>', '<input name="q">', ["<form>"]),
    ('<a href="javascript:go()">a</a>', "<a>a</a>", ["a javascript: address (href=)"]),
    ('<a href="JaVa&#x09;ScRiPt:go()">a</a>', "<a>a</a>", ["a javascript: address (href=)"]),
    ('<a href=" &#106;avascript&colon;go()">a</a>', "<a>a</a>", ["a javascript: address (href=)"]),
    ('<a href="vbscript:go()">a</a>', "<a>a</a>", ["a vbscript: address (href=)"]),
    ('<a href="data:text/html,&lt;script&gt;go()&lt;/script&gt;">a</a>', "<a>a</a>", ["a data: address (href=)"]),
    ('<svg><a xlink:href="javascript:go()"><text>t</text></a></svg>', "<svg><a><text>t</text></a></svg>",
     ["a javascript: address (xlink:href=)"]),
    ('<svg><set attributeName="href" to="javascript:go()"/></svg>', '<svg><set attributename="href"></svg>',
     ["a javascript: address (to=)"]),
    ('<details open ontoggle="go()">d</details>', "<details open>d</details>", ["the attribute ontoggle="]),
    ('<button formaction="javascript:go()">b</button>', "<button>b</button>", ["a javascript: address (formaction=)"]),
])
def test_active_markup_is_removed(html, kept, removed):
    assert cleaned(html) == (kept, removed)


@pytest.mark.parametrize("html", [
    '<p>Text with <a href="https://example.org/" rel="noopener">a link</a>, <a href="../other/#x">another</a>, '
    '<a href="mailto:desk@example.org">mail</a> and <a href="#call-date">a note</a>.</p>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a dot"><img srcset="a.png 1x, b.png 2x" src="a.png" alt="">',
    '<div class="admonition note" style="color: red"><p class="admonition-title">Note</p></div>',
    "<table><tr><th align=\"left\">A</th></tr><tr><td>1</td></tr></table>",
    '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>',
    "<style>.x { color: red }</style><noscript>text</noscript><textarea>&lt;script&gt;</textarea>",
    "<p>One writes onerror=go() and javascript:go() in prose, as text.</p>",
])
def test_what_cannot_run_is_kept_byte_for_byte(html):
    assert cleaned(html) == (html, [])


def test_each_removal_is_located_where_the_markdown_writes_it():
    source = ("---\ntitle: A page\n---\n\n# A page\n\nText [a link](https://example.org/).\n\n"
              '<img src="x.png" onerror="go()">\n\nSee [this](javascript:go()) and\n\n<script>go()</script>\n')
    html = ('<h1>A page</h1><p>Text <a href="https://example.org/">a link</a>.</p><p><img src="x.png" onerror="go()"></p>'
            '<p>See <a href="javascript:go()">this</a> and</p><script>go()</script>')
    _, removed = without_active_markup(tokenize(html))
    located = [(problem.path, problem.line, problem.col) for problem in removed_problems(removed, source, "docs/page.md")]
    assert located == [("docs/page.md", 9, 18), ("docs/page.md", 11, 10), ("docs/page.md", 13, 1)]
    assert str(removed_problems(removed, source, "docs/page.md")[2]) == (
        "docs/page.md:13:1: <script> would run script or load another document in readers' browsers, and is removed: "
        "a page holds text, links, images and formatting")
