"""Notes and definitions are untrusted Markdown: whatever they hold, nothing executable comes out.

The generated domain is what an attacker writes into a note's body or a
term's definition (DESIGN.md §2, "Annotation text is untrusted"): Markdown
(links, images, autolinks, reference definitions, link titles, emphasis,
lists, tables, headings, code) mixed with raw HTML built from a grammar of
dangerous constructs: script, style, iframe, object, embed, svg, math, img,
form, base, meta and link elements; event handlers, style, srcdoc,
formaction, xlink:href and the other attributes that take code or URLs;
javascript:, vbscript: and data: URLs in every spelling a browser still
follows (mixed case, character references, tabs and line breaks inside the
scheme, leading spaces and control characters); nested and unclosed tags,
comments, CDATA sections, and markup written as character references. It
is rendered by `RichText.render` with the site's link resolver, as the
build does, and the result is read by html5lib, which parses as browsers do.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import html5lib
import pyromark
import yaml
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from explainer.build import ExplainerBuild, Settings
from explainer.escape import script_json
from explainer.links import SiteMap
from explainer import richtext
from explainer.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, RichText, first_sentence

SITE = SiteMap(frozenset({"index.md", "articles/x.md", "about.md", "glossary.md"}))
TERMS = frozenset({"nato"})
RICH = RichText()


def render(text: str) -> str:
    return RICH.render(text, lambda href: SITE.resolve(href, "articles/x.md", TERMS))[0]


def share_of_the_profile(share: float) -> settings:
    """Fewer examples than the profile (tests/conftest.py) asks, for a slow property; never more."""
    return settings(max_examples=max(1, int(settings.default.max_examples * share)))


# --- URLs in every spelling ------------------------------------------------------------------

SCHEMES = ("javascript", "vbscript", "data", "livescript", "file", "blob", "jar", "view-source", "glossary", "http", "https", "mailto")
PAYLOADS = ("alert(1)", "alert(document.cookie)//", "msgbox(1)", "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "text/html,<script>alert(1)</script>", "//example.org/%0aalert(1)", "nato", "example.org/x")
# What a browser drops inside a scheme (tabs, line breaks) or trims before it (controls, spaces), raw and as references.
INSIDE = ("\t", "\n", "\r", "&#9;", "&#x09;", "&Tab;", "&NewLine;", "&#10;", "&#13;", "&#x0A;")
LEADING = (" ", "\t", "\n", "\x01", "\x08", "\x0c", "\x1f", "&#1;", "&#32;", "&#x20;", "\u00a0", "\u2028")
COLONS = (":", ":", ":", "&colon;", "&#58;", "&#x3a;", "&#x003A", "%3A", "&#0000058")


def _referenced(char: str, style: int) -> str:
    return (f"&#{ord(char)};", f"&#x{ord(char):x};", f"&#{ord(char):07d}", f"&#X{ord(char):X}")[style]


@st.composite
def urls(draw) -> str:
    """A URL whose scheme a browser may read as javascript: (or another), however it is spelt."""
    scheme = draw(st.sampled_from(SCHEMES))
    spelt = []
    for char in scheme:
        char = char.upper() if draw(st.booleans()) else char
        if draw(st.integers(0, 5)) == 0:
            char = _referenced(char, draw(st.integers(0, 3)))
        if draw(st.integers(0, 6)) == 0:
            char = draw(st.sampled_from(INSIDE)) + char
        spelt.append(char)
    lead = "".join(draw(st.lists(st.sampled_from(LEADING), max_size=3)))
    return lead + "".join(spelt) + draw(st.sampled_from(COLONS)) + draw(st.sampled_from(PAYLOADS))


SAFE_URLS = st.sampled_from(("https://example.org/a?b=1", "http://example.org", "#method", "../about.md#method",
                             "glossary:nato", "glossary:natoo", "//example.org", "\\\\example.org", "about.md", "", " "))
URLS = urls() | SAFE_URLS


# --- HTML from a grammar of dangerous constructs ------------------------------------------------------

TAGS = ("script", "style", "iframe", "object", "embed", "svg", "math", "img", "form", "base", "meta", "link", "input",
        "button", "textarea", "video", "audio", "source", "frameset", "frame", "applet", "isindex", "marquee", "template",
        "noscript", "xmp", "plaintext", "title", "animate", "set", "use", "image", "foreignObject", "mglyph", "mtext",
        "a", "p", "em", "table", "td", "th", "ul", "li", "details", "select", "option", "h1", "div", "span", "code", "pre", "q")
URL_ATTRIBUTES = ("href", "src", "srcdoc", "formaction", "action", "xlink:href", "data", "codebase", "background",
                  "poster", "srcset", "ping", "dynsrc", "lowsrc", "values", "to", "from", "content", "cite", "longdesc")
OTHER_ATTRIBUTES = ("onerror", "onload", "onclick", "onmouseover", "onfocus", "onbegin", "ontoggle", "ONERROR", "onerror ",
                    "style", "title", "lang", "id", "class", "name", "data-term", "align", "rel", "target", "autofocus",
                    "http-equiv", "attributeName", "type", "open", "xmlns", "xmlns:xlink", "is", "slot")
CODE = ("alert(1)", "javascript:alert(1)", "background:url(javascript:alert(1))", "expression(alert(1))",
        "position:fixed;inset:0", "text-align: right", "refresh", "0;url=javascript:alert(1)", "href", "x",
        "&lt;script&gt;alert(1)&lt;/script&gt;", "&#106;avascript:alert(1)", "</textarea><script>alert(1)</script>", "nato")


@st.composite
def attributes(draw) -> str:
    name = draw(st.sampled_from(URL_ATTRIBUTES + OTHER_ATTRIBUTES))
    name = name.upper() if draw(st.integers(0, 4)) == 0 else name
    value = draw(URLS) if name.lower() in URL_ATTRIBUTES or draw(st.booleans()) else draw(st.sampled_from(CODE))
    quote = draw(st.sampled_from(('"', "'", "", '"', "`")))
    if quote in ('"', "'"):
        value = value.replace(quote, "&quot;" if quote == '"' else "&#39;") if draw(st.booleans()) else value
    before = draw(st.sampled_from((" ", " ", "/", "\n", "\t", " / ")))
    around = draw(st.sampled_from(("=", "=", " = ", "=\n")))
    return f"{before}{name}{around}{quote}{value}{quote}" if draw(st.integers(0, 6)) else f"{before}{name}"


@st.composite
def elements(draw, content: st.SearchStrategy) -> str:
    tag = draw(st.sampled_from(TAGS))
    written = "".join(char.upper() if draw(st.integers(0, 5)) == 0 else char for char in tag)
    opening = f"<{written}{''.join(draw(st.lists(attributes(), max_size=3)))}{draw(st.sampled_from(('', '', ' /', '/')))}>"
    closing = draw(st.sampled_from((f"</{written}>", f"</{written}>", f"</{tag} >", "", f"</{written}", "</>")))
    return opening + draw(content) + closing


TRICKS = st.sampled_from((
    "<scr<script>ipt>alert(1)</script>", "<<script>script>alert(1)<</script>/script>", "<img/src=x/onerror=alert(1)>",
    "<a/href=javascript:alert(1)>x</a>", '<a href="javascript:alert(1)"<b>x</b>', "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0">x</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", '<math href="javascript:alert(1)">x</math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<!--><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->", "<![CDATA[><img src=x onerror=alert(1)>]]>", "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "&lt;script&gt;alert(1)&lt;/script&gt;", "&#60;script&#62;alert(1)&#60;/script&#62;", "<?xml-stylesheet href=x?>",
    "<style>@import 'javascript:alert(1)';</style>", '<base href="javascript:alert(1)//">', "<textarea><script>alert(1)</script></textarea>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'>",
    "<form><button formaction=javascript:alert(1)>x</button></form>", '<a href="https://example.org" title="<img src=x onerror=alert(1)>">t</a>',
    "<template><script>alert(1)</script></template>", "<xmp><script>alert(1)</script></xmp>", "<plaintext><script>",
    "<details open ontoggle=alert(1)>", '<table background="javascript:alert(1)"><td>x</td></table>', "<a href=\"\x01javascript:alert(1)\">x</a>",
    '<td style="text-align: right" onclick="alert(1)">x</td>', "</div></section><script>alert(1)</script>", "</p></div><p>x",
))

WORDS = st.sampled_from(("text", "NATO", "a note", "U.S.", "Sentence one.", "Two!", "why?", "&amp;", "&", "<", ">", "*", "_", "`", "\\"))


@st.composite
def markdown(draw, inner: st.SearchStrategy) -> str:
    """A Markdown construct around `inner` text, or carrying a URL."""
    url, text = draw(URLS), draw(inner)
    title = draw(st.sampled_from(("", ' "a title"', " 'x'", ' "<img src=x onerror=alert(1)>"', " (t)")))
    destination = draw(st.sampled_from((url, f"<{url}>", url.replace(" ", "%20"))))
    return draw(st.sampled_from((
        f"[{text}]({destination}{title})", f"![{text}]({destination}{title})", f"<{url}>", f"[{text}][r]\n\n[r]: {destination}{title}\n",
        f"[{text}]\n\n[{text}]: {destination}\n", f"*{text}*", f"**{text}**", f"~~{text}~~", f"`{text}`", f"- {text}\n- [x]({destination})",
        f"1. {text}", f"# {text}", f"> {text}", f"```html\n{text}\n```", f"    {text}", f"| a | b |\n|:--|--:|\n| {text} | [y]({destination}) |",
        f"Term\n: {text}", f"{text}\\\n{text}", f"<div>\n{text}\n</div>", f"<{text}>",
    )))


TEXTS = st.recursive(
    WORDS | TRICKS | URLS,
    lambda inner: st.one_of(elements(inner), markdown(inner), st.lists(inner, min_size=2, max_size=4).map(" ".join)),
    max_leaves=8,
)
BODIES = st.lists(TEXTS, min_size=1, max_size=5).flatmap(
    lambda parts: st.lists(st.sampled_from(("", " ", "\n", "\n\n")), min_size=len(parts), max_size=len(parts)).map(
        lambda gaps: "".join(part + gap for part, gap in zip(parts, gaps))))


# --- What a browser would see ---------------------------------------------------------------------------


def whatwg_trimmed(url: str) -> str:
    """The URL a browser follows: leading and trailing C0 controls and spaces trimmed, tabs and line breaks removed."""
    return re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))


def without_space_or_controls(value: str) -> str:
    return "".join(char for char in value if not (char.isspace() or ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F))


def assert_nothing_executable(html: str) -> None:
    fragment = html5lib.parseFragment(html, container="div", treebuilder="etree", namespaceHTMLElements=False)
    for element in fragment.iter():
        if element is fragment:
            continue
        assert isinstance(element.tag, str), f"a comment survives: {html!r}"
        assert element.tag in ALLOWED_TAGS, f"<{element.tag}> survives: {html!r}"
        allowed = ALLOWED_ATTRIBUTES.get(element.tag, set()) | ({"rel"} if element.tag == "a" else set())
        names = set(element.attrib)
        assert "title" not in names, html
        assert names <= allowed, f"{names - allowed} on <{element.tag}>: {html!r}"
        for value in element.attrib.values():
            assert "javascript:" not in without_space_or_controls(value).lower(), html
        if "href" in element.attrib:
            href = whatwg_trimmed(element.attrib["href"])
            scheme = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", href)
            assert scheme is None or scheme.group().lower() in ("http:", "https:"), f"href {href!r}: {html!r}"


def assert_stays_in_its_container(html: str) -> None:
    # The endnotes template puts a body inside <div class="ae-note__body">: it must not close it, or the note.
    page = html5lib.parseFragment(f'<div id="body">{html}</div><p id="after">after</p>', container="div",
                                  treebuilder="etree", namespaceHTMLElements=False)
    assert [(child.tag, child.get("id")) for child in page] == [("div", "body"), ("p", "after")], html


# --- Properties ---------------------------------------------------------------------------------------


def test_no_title_or_lang_attribute_survives():
    # Found by the properties below: ammonia's default generic attributes kept both on every element.
    assert_nothing_executable(render('<p title="x" lang="en">t</p>'))


@given(BODIES)
def test_rendered_notes_hold_nothing_executable(body):
    html = render(body)
    assert_nothing_executable(html)
    assert_stays_in_its_container(html)


# Markdown with no raw HTML: no "<" anywhere (so no autolink either), every other construct above.
WITHOUT_HTML = st.recursive(
    (WORDS | URLS).filter(lambda text: "<" not in text),
    lambda inner: st.one_of(markdown(inner).filter(lambda text: "<" not in text), st.lists(inner, min_size=2, max_size=4).map(" ".join)),
    max_leaves=8,
)


@given(st.lists(WITHOUT_HTML, min_size=1, max_size=4).map("\n\n".join))
def test_markdown_without_raw_html_is_checked_the_same_by_the_pattern_as_by_the_tokenizer(text):
    html = pyromark.html(text, options=richtext._OPTIONS)
    resolve = lambda href: SITE.resolve(href, "articles/x.md", TERMS)  # noqa: E731
    by_pattern = richtext._checked_generated(html, resolve, problems := [], removed := [])
    by_tokens = richtext._checked_tokens(html, resolve, token_problems := [], token_removed := [])
    if by_pattern is None:  # a tag the pattern does not read: the tokenizer's reading is used, and nothing was noted
        assert problems == removed == []
    else:
        assert (by_pattern, problems, removed) == (by_tokens, token_problems, token_removed)


@given(st.lists(urls() | SAFE_URLS, min_size=1, max_size=3), st.sampled_from(("md", "html", "image", "auto")))
def test_every_spelling_of_a_url_is_checked_as_a_browser_reads_it(written, how):
    body = "\n\n".join({"md": f"[x]({url})", "html": f'<a href="{url}">x</a>', "image": f"![x]({url})",
                        "auto": f"<{url}>"}[how] for url in written)
    assert_nothing_executable(render(body))


@given(BODIES)
def test_a_short_definition_as_the_pages_script_data_holds_no_markup_characters(definition):
    short = first_sentence(render(definition))
    data = script_json({"term-1": {"term": "A term", "short": short}})
    assert not set("<>&") & set(data)
    assert json.loads(data)["term-1"]["short"] == short


@given(st.text())
def test_any_text_as_a_short_definition_holds_no_markup_characters(html):
    short = first_sentence(html)
    data = script_json({"term-1": {"term": html, "short": short}})
    assert not set("<>&") & set(data)
    assert json.loads(data) == {"term-1": {"term": html, "short": short}}


@share_of_the_profile(0.3)  # a build per example
@given(BODIES, BODIES)
def test_an_annotated_page_runs_no_script_from_its_notes_or_definitions(body, definition):
    assume(body.strip() and definition.strip())  # a blank body or definition is a problem, not a note
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "annotations"
        folder.mkdir()
        note = {"id": "note", "type": "context", "quote": "Moscow", "body": body}
        term = {"id": "veto", "term": "veto", "definition": definition}
        (folder / "page.yml").write_text(yaml.safe_dump({"annotations": [note]}, allow_unicode=True), encoding="utf-8")
        (folder / "glossary.yml").write_text(yaml.safe_dump({"terms": [term]}, allow_unicode=True), encoding="utf-8")
        build = ExplainerBuild.load(folder, "annotations", {"page.md"}, Settings())
    page = "<h1>Title</h1>\n<p>Moscow rejected a veto.</p>\n"
    result = build.annotate(page, "page.md")
    assert [note.id for note in result.notes] == ["note"]
    soup = BeautifulSoup(result.html, "html5lib")
    # The page's script reads the short definitions from one element (a data attribute, or
    # the text of a JSON script); it gets exactly what the build made, and nothing runs it.
    assert all(script.get("type") == "application/json" and "ae-term-previews" in script.get("class", [])
               for script in soup.find_all("script"))
    previews = soup.select(".ae-term-previews")
    assert len(previews) == 1
    data = previews[0].string if previews[0].name == "script" else previews[0]["data-previews"]
    assert json.loads(data) == {"veto": {"term": "veto", "short": build.catalog.terms["veto"].short}}
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            if name.lower() in URL_ATTRIBUTES:  # data attributes hold text, which may well say "javascript:"
                assert "javascript:" not in without_space_or_controls(value).lower(), element
        assert element.get("title") in (None, "Permanent link to this note"), element
        assert element.name not in ("iframe", "object", "embed", "img", "svg", "math", "form", "base", "meta", "link", "style"), element
