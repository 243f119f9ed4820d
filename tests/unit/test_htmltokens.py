"""The HTML token layer: untouched markup survives, text is split safely."""

import pytest

from explainer.htmltokens import end_tag, serialize, start_tag, tokenize
from explainer.pagetext import Edit, PageText, apply


@pytest.mark.parametrize("html", [
    '<p class="x">A &amp; B &lt;c&gt; <em>it</em></p>',
    "<ul><li>one<li>two</ul>",
    '<img src="a.png" alt="x"><br/><hr>',
    "<script>if (a < b && c) { x('</p>') }</script>",
    "<!-- a comment --><p>text</p>",
    '<a href="?a=1&amp;b=2">link</a>',
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
