"""The HTML token layer: untouched markup survives, text is split safely.

Tables of single cases here; `test_htmltokens_properties.py` checks the same
against a browser's parser on generated HTML.
"""

import pytest

from explainer.htmltokens import end_tag, serialize, start_tag, tokenize
from explainer.pagetext import Edit, PageText, Segment, apply


@pytest.mark.parametrize("html", [
    '<p class="x">A &amp; B &lt;c&gt; <em>it</em></p>',
    "<ul><li>one<li>two</ul>",
    '<img src="a.png" alt="x"><br/><hr>',
    "<script>if (a < b && c) { x('</p>') }</script>",
    "<!-- a comment --><p>text</p>",
    '<a href="?a=1&amp;b=2">link</a>',
    "<textarea>&lt;img onerror=alert(1)&gt;</textarea>",
    "<svg><title>&lt;b&gt;</title></svg>",
    '<p>open at the end <a href="x',
    "a</>b</ x><!x><?x?>",
    "<A HREF=x TITLE='a>b'>&amp &notit; &#x3c;</a >",
    "<p>a\r\nb</p>\r\n",
    "<svg><text><![CDATA[a<b]]></text></svg>",
])
def test_round_trip_keeps_markup(html):
    assert serialize(tokenize(html)) == html


def test_text_spans_inline_markup_and_line_breaks():
    tokens = tokenize("<p>one <em>two</em>\nthree</p><p>four</p>")
    text = PageText(tokens)
    assert text.text == "one two three four"


def test_block_edges_separate_words():
    assert PageText(tokenize("<p>end</p><p>start</p>")).text == "end start"


def test_a_range_across_elements_becomes_one_mark_per_piece():
    tokens = tokenize("<p>one <em>two</em> three</p>")
    text = PageText(tokens)
    start = text.text.index("one")
    segments = text.segments(start, text.text.index("three") + len("three"))
    edits = [Edit(s, [start_tag("mark", {"data-annotation": "x"})], [end_tag("mark")]) for s in segments]
    html = serialize(apply(tokens, edits))
    assert html == ('<p><mark data-annotation="x">one </mark><em><mark data-annotation="x">two</mark></em>'
                    '<mark data-annotation="x"> three</mark></p>')


def test_attributes_are_escaped():
    assert start_tag("a", {"title": 'say "hi" <now>'}).source == '<a title="say &quot;hi&quot; &lt;now&gt;">'


def test_text_is_escaped_when_written_back():
    tokens = tokenize("<p>a &lt;b&gt; c</p>")
    text = PageText(tokens)
    segment = text.single_segment(0, 1)
    html = serialize(apply(tokens, [Edit(segment, [start_tag("mark", {})], [end_tag("mark")])]))
    assert html == "<p><mark>a</mark> &lt;b&gt; c</p>"


def texts(html: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    return [(token.source, token.raw_text, token.ancestors) for token in tokenize(html) if token.kind == "text"]


@pytest.mark.parametrize("html, expected", [
    # Escapable raw text: decoded, but never searched, and written back as it was.
    ("<textarea>&lt;img onerror=alert(1)&gt;</textarea>", [("<img onerror=alert(1)>", True, ("textarea",))]),
    ("<title>&lt;b&gt;</TITLE >", [("<b>", True, ("title",))]),
    ("<textarea><b>x</textareax></textarea>", [("<b>x</textareax>", True, ("textarea",))]),
    # Raw text: as written.
    ("<style>p > a { content: '&amp;' }</style>", [("p > a { content: '&amp;' }", True, ("style",))]),
    ("<script>if (a < b) { x('</p>') }</script>", [("if (a < b) { x('</p>') }", True, ("script",))]),
    ("<plaintext></plaintext><b>", [("</plaintext><b>", True, ("plaintext",))]),
    # A script hidden in a comment ends only after the comment.
    ("<script><!--<script></script>x</script>y", [("<!--<script></script>x", True, ("script",)), ("y", False, ())]),
    ("<script><!--></script>y", [("<!-->", True, ("script",)), ("y", False, ())]),
    # Character references: longest known name, legacy ones without `;`.
    ("<p>a &amp b &notit; &#x3c; &#128; &#0;</p>", [("a & b ¬it; < € \ufffd", False, ("p",))]),
    ("a < b <3 </", [("a < b <3 </", False, ())]),
    # In SVG and MathML, title, style and textarea hold ordinary text...
    ("<svg><title>&lt;b&gt;</title></svg>", [("<b>", False, ("svg", "title"))]),
    ("<svg><textarea>&lt;i&gt;</textarea></svg>", [("<i>", False, ("svg", "textarea"))]),
    ("<svg><style>a &gt; b</style></svg>", [("a > b", True, ("svg", "style"))]),  # code, not prose
    ("<svg><text><![CDATA[a<b]]></text></svg>", [("a<b", True, ("svg", "text"))]),
    # ... until HTML is back: in an integration point, or after a tag that breaks out.
    ("<svg><foreignObject><textarea>&lt;</textarea></foreignObject></svg>", [("<", True, ("svg", "foreignobject", "textarea"))]),
    ("<math><mi><title>&amp;</title></mi></math>", [("&", True, ("math", "mi", "title"))]),
    ("<math><annotation-xml encoding='Text/HTML'><title>t</title></annotation-xml></math>", [("t", True, ("math", "annotation-xml", "title"))]),
    ("<svg><em>x</em><title>&lt;b&gt;</title></svg>", [("x", False, ("em",)), ("<b>", True, ("title",))]),
    ("<svg><font color=red>x</font><title>t</title>", [("x", False, ("font",)), ("t", True, ("title",))]),
    ("<svg><font>x</font><title>t</title>", [("x", False, ("svg", "font")), ("t", False, ("svg", "title"))]),
    ("<svg><path/><title>t</title>", [("t", False, ("svg", "title"))]),
    ("<div><svg><g></br>x", [("x", False, ("div",))]),
    ("<p><svg><g></p>x", [("x", False, ())]),
    # An HTML end tag does not close the SVG that holds its element.
    ("<svg><foreignObject><div></svg>x", [("x", False, ("svg", "foreignobject", "div"))]),
    # (SVG title and desc are among the standard's "special" elements, which html5lib 1.1
    # forgets: html5lib/html5lib-python#226.)
    ("<svg><title><span><svg><em>x</em></svg></span></title>y", [("x", False, ("svg", "title", "span", "em")), ("y", False, ("svg",))]),
    ("<svg><desc><a><math></svg><textarea>&lt;a&gt;", [("<a>", False, ("svg", "desc", "a", "math", "textarea"))]),
    ("<p>a</span>b", [("a", False, ("p",)), ("b", False, ("p",))]),
])
def test_what_each_text_is(html, expected):
    assert texts(html) == expected


def markup(html: str) -> list[tuple[str, str, dict]]:
    return [(token.kind, token.tag or token.source, token.attrs) for token in tokenize(html) if token.kind != "text"]


@pytest.mark.parametrize("html, expected", [
    ("<a href=x>", [("start", "a", {"href": "x"})]),
    ("<A HREF=x Title='a>b'>", [("start", "a", {"href": "x", "title": "a>b"})]),
    ('<a title="say \'hi\' <now>">', [("start", "a", {"title": "say 'hi' <now>"})]),
    ('<a href="?a=1&amp;b=2&copy=3&amp">', [("start", "a", {"href": "?a=1&b=2&copy=3&"})]),
    ('<a title="&notit; &notin; &amp=">', [("start", "a", {"title": "&notit; ∉ &amp="})]),
    ("<a id=one id=two>", [("start", "a", {"id": "one"})]),
    ("<input disabled>", [("start", "input", {"disabled": None})]),
    ("<img src=a.png/>", [("start", "img", {"src": "a.png/"})]),
    ('<a/href=x/title="t"/>', [("start", "a", {"href": "x/title=\"t\"/"})]),
    ('<a href="x"title=y>', [("start", "a", {"href": "x", "title": "y"})]),
    ('<a x"y=1 <z>', [("start", "a", {'x"y': "1", "<z": None})]),
    ("</p class='a>b'>", [("end", "p", {})]),
    ('<p>open at the end <a href="x>y', [("start", "p", {}), ("other", '<a href="x>y', {})]),
    ("<p", [("other", "<p", {})]),
    ("a</>b", [("other", "</>", {})]),
    ("<!-->a<!--->b<!-- c --!>", [("other", "<!-->", {}), ("other", "<!--->", {}), ("other", "<!-- c --!>", {})]),
    ("<!x><?x?></1><![CDATA[x]]>", [("other", "<!x>", {}), ("other", "<?x?>", {}), ("other", "</1>", {}), ("other", "<![CDATA[x]]>", {})]),
    ("<!-- open", [("other", "<!-- open", {})]),
])
def test_markup_is_kept_as_written(html, expected):
    assert markup(html) == expected


def test_text_in_svg_title_is_escaped_when_split():
    tokens = tokenize("<svg><title>&lt;b&gt;</title></svg>")
    edit = Edit(Segment(2, 1, 2), [start_tag("mark", {})], [end_tag("mark")])
    assert serialize(apply(tokens, [edit])) == "<svg><title>&lt;<mark>b</mark>&gt;</title></svg>"


def test_raw_text_is_never_searched():
    html = ("<p>seen</p><textarea>typed</textarea><title>tab</title><script>code</script>"
            "<style>rules</style><svg><style>rules</style><text><![CDATA[drawn]]></text></svg>")
    assert PageText(tokenize(html)).text == "seen"
