"""The tokenizer against a browser's parser, on generated HTML (hypothesis).

html5lib implements the WHATWG parsing algorithm that browsers implement; it is
the oracle here for what is text (and which text) and what is markup. The
generated domain is defined below: the HTML that Python-Markdown, Material and
authors write, with every quoting style, character reference and raw text
element we could think of, and inline SVG and MathML.

How many examples each property runs is the hypothesis profile's, registered
in tests/conftest.py: a hundred in `make test`, 10,000 with
HYPOTHESIS_PROFILE=thorough (`make test-properties`, a few minutes).
"""

from __future__ import annotations

import re
import string

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainer.htmltokens import RAW_TEXT, RCDATA, Token, end_tag, serialize, start_tag, tokenize
from explainer.pagetext import Edit, Segment, apply


# --- The generated domain ----------------------------------------------------
#
# Left out, and why:
# - tables, and nesting HTML does not allow (a block in a `p`, a link in a
#   link): browsers move text and reopen elements there (foster parenting, the
#   adoption agency, implied end tags), which a comparison in document order
#   cannot follow, and which the tokenizer does not model (it keeps the tags
#   as written, and the text where it was);
# - NUL and CR, which browsers drop or rewrite before building the tree;
# - `</p>` and `</br>` inside SVG and MathML: html5lib 1.1 predates the
#   standard's rule that they close the SVG or MathML first (the tokenizer
#   follows the standard);
# - HTML that breaks out of SVG or MathML anywhere but as their last child:
#   the elements after it would be HTML elements left open (`<path/>`), which
#   again only a full tree builder places. And no `</svg>` or `</math>` after
#   it: html5lib 1.1 leaves SVG title and desc and MathML's text and
#   annotation elements out of the "special" elements, so where one of them
#   holds the SVG, that stray end tag walks out of it and closes an SVG
#   further out, which browsers do not (html5lib/html5lib-python#226).


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


def many(part: st.SearchStrategy[str], max_size: int = 3) -> st.SearchStrategy[str]:
    return st.lists(part, max_size=max_size).map("".join)


def casing(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([name, name.upper(), name.lower(), name.capitalize()])


# Any character but those left out, and `<` and `&`, which come from the lists below.
WORD = st.text(st.characters(exclude_characters="<&\0\r", exclude_categories=["Cs"]), min_size=1, max_size=6)
REFERENCES = st.sampled_from([
    "&amp;", "&amp", "&AMP;", "&notit;", "&notin;", "&not", "&copy", "&copyx", "&ampamp;", "&;", "&#;", "&#x;",
    "& ", "&&", "&#x3c;", "&#X3C", "&#60;", "&#00060;", "&#128;", "&#x81;", "&#0;", "&#1;", "&#xD800;",
    "&#1114112;", "&#10;", "&CounterClockwiseContourIntegral;", "&lt;img src=x onerror=alert(1)&gt;",
    "&lt;/textarea&gt;", "&lt;b&gt;",
])
# A `<` before anything but a letter, `/`, `!` or `?` is text; none of these ends in `<`.
LESS_THAN = st.sampled_from(["< ", "<3", "<=", " << ", "<.", "a > b"])
TEXT = st.lists(st.one_of(WORD, REFERENCES, LESS_THAN, st.sampled_from([" ", "\n"])), min_size=1, max_size=5).map("".join)

ATTRIBUTE_NAMES = st.sampled_from(["href", "title", "id", "class", "alt", "data-note", "HREF", "Title", 'x"y', "a'b", "<c"])
VALUES = st.lists(st.one_of(WORD, st.sampled_from([
    ">", "<", "&", "&amp;", "&amp", "&amp=1", "&notit;", "&copy=2", "?a=1&b=2", "/", "=", "'", '"', "&lt;script&gt;", " ", "\n",
])), max_size=4).map("".join)
SEPARATORS = st.sampled_from([" ", "\n", "\t", "  ", " / ", "/"])


_NOT_IN_BARE_VALUES = re.compile(r"""[\t\n\f "'>]""")


@st.composite
def attribute(draw) -> tuple[str, bool]:
    """An attribute as written, and whether its value is bare (unquoted)."""
    name, value = draw(ATTRIBUTE_NAMES), draw(VALUES)
    equals = draw(st.sampled_from(["=", " = ", "=\n"]))
    quoting = draw(st.sampled_from(["none", "double", "single", "bare"]))
    if quoting == "none":
        return name, False
    if quoting == "double":
        return name + equals + '"' + value.replace('"', "") + '"', False
    if quoting == "single":
        return name + equals + "'" + value.replace("'", "") + "'", False
    return name + equals + (_NOT_IN_BARE_VALUES.sub("", value) or "x"), True


@st.composite
def start(draw, name: str, attributes: bool = True, self_closing: bool = False) -> str:
    written, bare = draw(casing(name)), False
    for item, next_bare in draw(st.lists(attribute(), max_size=3)) if attributes else []:
        separator = draw(SEPARATORS)
        # After a bare value a `/` is part of it, and the next attribute would
        # be read from its middle: its quotes could then hold half the page.
        written += (" /" if bare and separator == "/" else separator) + item
        bare = next_bare
    written += draw(st.sampled_from(["", " ", "\n"]))
    return f"<{written}{'/' if self_closing else ''}>"


def end(name: str) -> st.SearchStrategy[str]:
    return joined(st.just("</"), casing(name), st.sampled_from([">", " >", "\n>", ' x="a>b">']))


def element(name: str, content: st.SearchStrategy[str], attributes: bool = True) -> st.SearchStrategy[str]:
    return joined(start(name, attributes), content, end(name))


def void(name: str) -> st.SearchStrategy[str]:
    return st.one_of(start(name), start(name, self_closing=True))


# Raw text and RCDATA: content that does not end the element early.
RCDATA_TEXT = many(st.one_of(TEXT, st.sampled_from([
    "<b>x</b>", "<img src=x onerror=alert(1)>", "</p>", "</textareax>", "</titlex>", "<!--", "-->", "<script>", "</div>",
])), max_size=4)
CSS = many(st.sampled_from([
    "p > a { color: red }", "a::before { content: '</p>' }", "&amp;", "&gt;", "<!--", "-->", "<b>x</b>", "\n",
]), max_size=4)
# Script atoms never form `<!--`, `-->`, `<script` or `</script` when joined.
JAVASCRIPT = many(st.sampled_from([
    "x = 1;", "a < b", "a<b && c", "'<p>'", "'</p>'", "\n", " ", "/* */", "i--;", "&amp;", "x > y", "'<\\/script>'",
]), max_size=4)
# A script hidden in a comment, with a `<script>` in it whose end tag does not end the script.
INNER_SCRIPT = joined(st.sampled_from(["<script>", "<SCRIPT>", "<script "]), JAVASCRIPT,
                      st.sampled_from(["</script>", "</Script >", "</script/"]))
HIDDEN_SCRIPT = st.one_of(st.sampled_from(["<!-->", "<!--->"]),
                          joined(st.just("<!--"), JAVASCRIPT, st.one_of(INNER_SCRIPT, st.just("")), JAVASCRIPT, st.just("-->")))
SCRIPT = element("script", many(st.one_of(JAVASCRIPT, HIDDEN_SCRIPT)))
COMMENT = st.one_of(
    st.sampled_from(["<!---->", "<!-->", "<!--->", "<!-- a --!>"]),
    joined(st.just("<!--"), many(st.sampled_from(["x", " ", "<p>", "a-b", "<!-", "-", "&amp;", "</script>"]), max_size=4), st.just("-->")),
)
# Read as comments, or dropped (`</>`, a doctype in a page's body).
BOGUS = st.sampled_from(["<?php echo 1 ?>", "<!x>", "</1>", "</>", "</ x>", "<!DOCTYPE html>"])
CDATA = joined(st.just("<![CDATA["), many(st.sampled_from(["a<b", "&amp;", "x", " ", "</svg>", "]"]), max_size=4), st.just("]]>"))

phrasing = st.deferred(lambda: many(phrasing_item(in_link=False)))
phrasing_in_link = st.deferred(lambda: many(phrasing_item(in_link=True)))
flow = st.deferred(lambda: many(st.one_of(flow_item, phrasing_item(in_link=False)), max_size=4))
FORMATTING = ["em", "strong", "code", "span", "sup", "sub", "mark", "b", "i", "small", "s", "u"]


def phrasing_item(in_link: bool) -> st.SearchStrategy[str]:
    inside = phrasing_in_link if in_link else phrasing
    items = [
        TEXT, COMMENT, BOGUS,
        st.sampled_from(FORMATTING).flatmap(lambda name: element(name, inside)),
        void("br"), void("img"),
        element("textarea", joined(st.sampled_from(["", "\n"]), RCDATA_TEXT)),
        element("title", RCDATA_TEXT),
        element("style", CSS), SCRIPT,
        st.sampled_from(["noscript", "iframe", "noembed", "noframes"]).flatmap(lambda name: element(name, CSS)),
        svg(inside), math(inside),
    ]
    if not in_link:
        items.append(element("a", phrasing_in_link))
    return st.one_of(items)


HEADING = joined(start("h2"), phrasing, st.sampled_from([
    "", '<a class="headerlink" href="#intro" title="Permanent link">&para;</a>',
]), end("h2"))
PRE = joined(start("pre"), st.sampled_from(["", "\n"]), st.one_of(TEXT, element("code", TEXT, attributes=False)), end("pre"))
LISTING = joined(start("listing"), st.sampled_from(["", "\n"]), TEXT, end("listing"))
flow_item = st.deferred(lambda: st.one_of(
    element("p", phrasing), HEADING, PRE, LISTING,
    element("ul", many(element("li", st.one_of(phrasing, flow)))),
    element("div", flow), element("xmp", CSS), svg(flow, block=True),
))

# Break out of SVG and MathML, as HTML start tags there do.
INLINE_BREAKOUT = st.one_of(
    st.sampled_from(["em", "b", "span", "code", "sub", "sup", "small", "s", "strong", "i", "u"]).flatmap(lambda name: element(name, TEXT)),
    void("br"), void("img"), joined(st.just("<font color=red>"), TEXT, st.just("</font>")),
)
BLOCK_BREAKOUT = st.one_of(INLINE_BREAKOUT, element("p", TEXT), element("div", TEXT), element("ul", element("li", TEXT)))


def svg(html: st.SearchStrategy[str], block: bool = False, breaks_out: bool = True) -> st.SearchStrategy[str]:
    """Inline SVG; its title, desc and foreignObject hold `html`."""
    svg_text = many(st.one_of(TEXT, CDATA, element("tspan", TEXT)))
    content = st.deferred(lambda: many(st.one_of(
        TEXT,
        element("g", content),
        element("title", st.one_of(html, CDATA)), element("desc", html), element("foreignObject", html),
        element("text", svg_text),
        # Data in SVG: character references count, and a tag would be one.
        element("style", many(st.sampled_from(["a > b {}", "&gt;", "&amp;", "&lt;b&gt;", " ", "c { fill: red }"]))),
        element("script", many(st.sampled_from(["x = 1;", "a < b", "&lt;", "'&amp;'"]))),
        element("textarea", TEXT),
        joined(st.just("<font>"), TEXT, st.just("</font>")),  # no color, face or size: an SVG element
        start("path", self_closing=True), start("circle", self_closing=True),
    )))
    if not breaks_out:
        return joined(start("svg"), content, end("svg"))
    return joined(start("svg"), content, st.one_of(end("svg"), BLOCK_BREAKOUT if block else INLINE_BREAKOUT))


def math(html: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """MathML; its text elements and HTML annotations hold `html`."""
    content = st.deferred(lambda: many(st.one_of(
        TEXT,
        st.sampled_from(["mi", "mo", "mn", "ms", "mtext"]).flatmap(lambda name: element(name, st.one_of(TEXT, html))),
        element("mrow", content),
        joined(st.sampled_from(['<annotation-xml encoding="text/html">', "<annotation-xml encoding='APPLICATION/XHTML+XML'>"]),
               html, st.just("</annotation-xml>")),
        # (Breaking out there would close the MathML too, and leave its end tags stray.)
        joined(st.just("<annotation-xml>"), svg(st.just("x"), breaks_out=False), st.just("</annotation-xml>")),
    )))
    return joined(start("math"), content, st.one_of(end("math"), INLINE_BREAKOUT))


DOCUMENT = joined(flow, st.sampled_from(["", "<plaintext>a <b>&amp;", "<p>open at the end"]))

# Fragments of markup for the round trip, joined at random: half-written tags,
# quotes left open, raw text end tags in any case.
SOUP = st.lists(st.one_of(WORD, st.sampled_from([
    "<", ">", "</", "/", "=", '"', "'", "&", "&amp", ";", "-", "--", "!", "?", "[", "]", " ", "\n", "\r", "\0",
    "<a", "<p ", "<br/>", "</p", "<!--", "-->", "<!", "<?", "<![CDATA[", "]]>", "<svg>", "<math>", "<mi>",
    "<title>", "</title", "<textarea>", "</TEXTAREA", "<script>", "</script", "<style>", "<plaintext>",
    "<foreignObject>", "<desc>", " href=", "x=", "<em>", "</em>", "</>", "&lt;", "&#x3c;",
])), max_size=30).map("".join)


# --- What a browser makes of it ----------------------------------------------

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def parse(markup: str):
    return html5lib.parseFragment(markup, container="div", namespaceHTMLElements=False, scripting=True)


def _name(element) -> tuple[str, str]:
    namespace, _, name = element.tag.rpartition("}")
    return ("html" if not namespace else "svg" if namespace.endswith("svg") else "math"), ascii_lower(name)


def ascii_lower(name: str) -> str:
    # html5lib gives SVG names their camel case back (`foreignObject`, `viewBox`).
    return name.translate(_ASCII_LOWER)


def _is_raw(element) -> bool:
    """Whether text in this element is code or raw text, never prose."""
    namespace, name = _name(element)
    return name in RAW_TEXT | RCDATA if namespace == "html" else name in ("script", "style")


def _add(runs: list, text: str, ancestors: tuple[str, ...], raw: bool) -> None:
    # Adjacent text of the same kind in the same place is one run, on both sides.
    if not text:
        return
    if runs and runs[-1][1:] == (ancestors, raw):
        runs[-1] = (runs[-1][0] + text, ancestors, raw)
    else:
        runs.append((text, ancestors, raw))


def browser_text(tree) -> list[tuple[str, tuple[str, ...], bool]]:
    """Every text in document order: (text, the elements around it, whether it is raw)."""
    runs: list = []

    def visit(element, ancestors: tuple[str, ...]) -> None:
        raw = bool(ancestors) and _is_raw(element)
        _add(runs, element.text or "", ancestors, raw)
        for child in element:
            if isinstance(child.tag, str):  # not a comment
                visit(child, ancestors + (_name(child)[1],))
            _add(runs, child.tail or "", ancestors, raw)

    visit(tree, ())
    return runs


def browser_elements(tree) -> list[tuple[str, dict[str, str]]]:
    return [(_name(element)[1], {ascii_lower(name): value for name, value in element.attrib.items()})
            for element in tree.iter() if isinstance(element.tag, str)][1:]


def drops_newline(tokens, index: int) -> bool:
    """Browsers drop a newline right after `<pre>`, `<listing>` and `<textarea>`."""
    before = tokens[index - 1] if index else None
    return (before is not None and before.kind == "start" and tokens[index].source.startswith("\n")
            and (before.tag in ("pre", "listing") or before.tag == "textarea" and tokens[index].raw_text))


def our_text(tokens) -> list[tuple[str, tuple[str, ...], bool]]:
    runs: list = []
    for index, token in enumerate(tokens):
        if token.kind != "text":
            continue
        text = token.source[1:] if drops_newline(tokens, index) else token.source
        if token.raw == f"<![CDATA[{token.source}]]>":
            # Text to the browser: raw only where its element is (never searched either way).
            _add(runs, text, token.ancestors, token.ancestors[-1] in ("script", "style"))
        else:
            _add(runs, text, token.ancestors, token.raw_text)
    return runs


def described(tokens) -> list[tuple]:
    return [(token.kind, token.tag, token.attrs, token.source, token.ancestors, token.raw_text) for token in tokens]


def our_elements(tokens) -> list[tuple[str, dict[str, str]]]:
    return [(token.tag, {name: value or "" for name, value in token.attrs.items()}) for token in tokens if token.kind == "start"]


# --- Properties ----------------------------------------------------------------

@given(st.one_of(st.text(), SOUP))
def test_any_string_is_written_back_as_it_was(markup):
    assert serialize(tokenize(markup)) == markup


@given(DOCUMENT)
def test_generated_html_is_written_back_as_it_was(markup):
    assert serialize(tokenize(markup)) == markup


@given(st.one_of(st.text(), SOUP))
def test_text_written_back_escaped_reads_the_same_in_any_string(markup):
    # What `pagetext` does to text it splits, done to all of it at once: no
    # text turns into markup, and no markup changes, whatever the input.
    tokens = tokenize(markup)
    escaped = [Token("text", token.source, ancestors=token.ancestors) if token.kind == "text" and not token.raw_text else token
               for token in tokens]
    assert described(tokenize(serialize(escaped))) == described(tokens)


@given(DOCUMENT)
def test_text_and_elements_are_what_a_browser_makes_of_them(markup):
    tokens, tree = tokenize(markup), parse(markup)
    # Same text, in the same elements, with the same raw text never searched
    # (raw_text); and the same elements with the same attributes, in order.
    assert our_text(tokens) == browser_text(tree)
    assert our_elements(tokens) == browser_elements(tree)


@given(DOCUMENT, st.data())
def test_wrapping_any_piece_of_text_changes_nothing_else(markup, data):
    tokens = tokenize(markup)
    pieces: dict[str, tuple[str, tuple[str, ...]]] = {}
    edits = []
    for index, token in enumerate(tokens):
        if token.kind != "text" or token.raw_text:
            continue
        first = 1 if drops_newline(tokens, index) else 0
        if len(token.source) <= first:
            continue
        start = data.draw(st.integers(first, len(token.source) - 1))
        end = data.draw(st.integers(start + 1, len(token.source)))
        pieces[str(index)] = (token.source[start:end], token.ancestors)
        edits.append(Edit(Segment(index, start, end), [start_tag("ins", {"data-probe": str(index)})], [end_tag("ins")]))
    before, after = parse(markup), parse(serialize(apply(tokens, edits)))

    parents = {child: parent for parent in after.iter() for child in parent}
    probes = [element for element in after.iter() if isinstance(element.tag, str) and "data-probe" in element.attrib]
    assert {probe.get("data-probe"): ("".join(probe.itertext()), _ancestors(parents, probe)) for probe in probes} == pieces
    assert [item for item in browser_elements(after) if "data-probe" not in item[1]] == browser_elements(before)
    assert "".join(text for text, _, _ in browser_text(after)) == "".join(text for text, _, _ in browser_text(before))


def _ancestors(parents: dict, element) -> tuple[str, ...]:
    names = []
    while (element := parents[element]) in parents:  # up to the fragment, which has no parent
        names.append(_name(element)[1])
    return tuple(reversed(names))


@pytest.mark.parametrize("markup", [
    "<svg><title>&lt;b&gt;<b>x</b></title></svg>",
    "<svg><em>out</em></svg><title>&lt;b&gt;</title>",
    "<math><mi><textarea>&lt;i&gt;</textarea></mi><mrow><title>&amp;</title></mrow></math>",
    "<script><!--<script></script>still script</script>text",
    "<textarea>\n\nkept</textarea><pre>\n\nkept</pre>",
    '<p href=x/href = "À">only ASCII letters change case in names</p>',
])
def test_the_oracle_agrees_on_known_hard_cases(markup):
    tokens, tree = tokenize(markup), parse(markup)
    assert our_text(tokens) == browser_text(tree)
    assert our_elements(tokens) == browser_elements(tree)
