"""Generated pages for the properties of the annotation step: HTML as MkDocs renders
Markdown, with the words a reader sees on it.

A page is headings (with their permalink sign), paragraphs, list items,
block quotes and code blocks. Their words are written every way the
rendered HTML of an article writes them: curly and straight quotes and
apostrophes, dashes, character references (`&amp;`, `&#8217;`, `&nbsp;`),
accented letters composed and decomposed, soft hyphens and zero-width
spaces inside words, emphasis, links and code around words or inside one
word, and white space of every kind between them. Each word keeps what a
reader sees of it (`seen`), so a test can quote the page as a reader who
copies it would, and `retyped` gives the same words as a reader who types
them would: straight quotes, plain hyphens, another Unicode form.

Left out, and why: markup a browser rearranges (a block inside a
paragraph, a link inside a link, tables), where the text order of the
source is not the order of the page; a combining mark at the start of a
text run (after a tag), which no Markdown renderer writes.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass

from hypothesis import strategies as st

from explainer.normalize import INVISIBLE


@dataclass(frozen=True)
class Word:
    html: str  # as the page writes it
    seen: str  # as a reader sees it, and copies it


@dataclass(frozen=True)
class Run:
    """Words one after the other, maybe inside one inline element."""

    words: tuple[Word, ...]
    gaps: tuple[str, ...]  # the white space written after each word
    wrapper: str | None  # "em", "strong", "a", "code", "span"
    gap_inside: bool  # whether the last gap is written inside the wrapper


@dataclass(frozen=True)
class Block:
    tag: str  # "h1", "h2", "p", "li", "blockquote", "pre"
    runs: tuple[Run, ...]
    lead: str  # white space written before the first word


@dataclass(frozen=True)
class Page:
    blocks: tuple[Block, ...]

    @property
    def words(self) -> list[Word]:
        return [word for block in self.blocks for run in block.runs for word in run.words]

    @property
    def html(self) -> str:
        return "\n".join(_block_html(block, number) for number, block in enumerate(self.blocks, 1)) + "\n"


def _run_html(run: Run) -> str:
    inner = "".join(word.html + gap for word, gap in zip(run.words, run.gaps))
    if run.wrapper is None:
        return inner
    opening = {"a": '<a href="https://example.org/source">', "span": '<span class="x">'}.get(run.wrapper, f"<{run.wrapper}>")
    if run.gap_inside:
        return f"{opening}{inner}</{run.wrapper}>"
    last = run.gaps[-1]
    return f"{opening}{inner[: len(inner) - len(last)]}</{run.wrapper}>{last}"


def _block_html(block: Block, number: int) -> str:
    text = block.lead + "".join(_run_html(run) for run in block.runs)
    if block.tag in ("h1", "h2"):
        anchor = f"section-{number}"
        return (f'<{block.tag} id="{anchor}">{text}'
                f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></{block.tag}>')
    if block.tag == "li":
        return f"<ul>\n<li>{text}</li>\n</ul>"
    if block.tag == "blockquote":
        return f"<blockquote>\n<p>{text}</p>\n</blockquote>"
    if block.tag == "pre":
        return f"<pre><code>{text}</code></pre>"
    return f"<p>{text}</p>"


# --- Words ---------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéøßçñαβγжі"
STEMS = st.text(LETTERS, min_size=1, max_size=7) | st.sampled_from(
    ("Moscow", "said", "no", "veto", "NATO", "security", "guarantee", "a", "the", "of", "İstanbul", "straße"))


def _plain(text: str) -> Word:
    return Word(html.escape(text, quote=False), text)


# (as written, as seen): each pair is one character a reader sees.
APOSTROPHES = (("’", "’"), ("'", "'"), ("&#8217;", "’"), ("&rsquo;", "’"), ("&#x2019;", "’"))
QUOTES = (("“", "”", "“", "”"), ('"', '"', '"', '"'), ("&ldquo;", "&rdquo;", "“", "”"),
          ("‘", "’", "‘", "’"), ("&laquo;", "&raquo;", "«", "»"), ("„", "“", "„", "“"))
DASHES = (("-", "-"), ("–", "–"), ("—", "—"), ("&ndash;", "–"), ("&mdash;", "—"), ("&#8212;", "—"), ("\u2011", "\u2011"), ("−", "−"))
INVISIBLES = (("\u00ad", "\u00ad"), ("&shy;", "\u00ad"), ("\u200b", "\u200b"), ("&#8203;", "\u200b"), ("\u2060", "\u2060"), ("\u200c", "\u200c"))
ACCENTS = (("e\u0301", "e\u0301"), ("é", "é"), ("&eacute;", "é"), ("&#233;", "é"), ("a\u0308", "a\u0308"), ("n\u0303", "n\u0303"))
SYMBOLS = (("&amp;", "&"), ("AT&amp;T", "AT&T"), ("&lt;b&gt;", "<b>"), ("15,", "15,"), ("2023.", "2023."),
           ("U.S.", "U.S."), ("(see)", "(see)"), ("&#36;5", "$5"), ("&quot;x&quot;", '"x"'))
INLINE_IN_WORD = ("em", "strong", "b", "i", "code", "span")


def _joined(first: Word, middle: tuple[str, str], last: Word) -> Word:
    return Word(first.html + middle[0] + last.html, first.seen + middle[1] + last.seen)


@st.composite
def words(draw) -> Word:
    plain = STEMS.map(_plain)
    kind = draw(st.sampled_from(("plain",) * 6 + ("apostrophe", "quoted", "dash", "invisible", "accent", "symbol", "split")))
    if kind == "plain":
        return draw(plain)
    if kind == "apostrophe":
        return _joined(draw(plain), draw(st.sampled_from(APOSTROPHES)), draw(plain))
    if kind == "quoted":
        opening, closing, seen_opening, seen_closing = draw(st.sampled_from(QUOTES))
        inner = draw(plain)
        return Word(opening + inner.html + closing, seen_opening + inner.seen + seen_closing)
    if kind == "dash":
        if draw(st.booleans()):
            written, seen = draw(st.sampled_from(DASHES))
            return Word(written, seen)
        return _joined(draw(plain), draw(st.sampled_from(DASHES)), draw(plain))
    if kind == "invisible":
        return _joined(draw(plain), draw(st.sampled_from(INVISIBLES)), draw(plain))
    if kind == "accent":
        written, seen = draw(st.sampled_from(ACCENTS))
        before = draw(plain)
        return Word(before.html + written, before.seen + seen)
    if kind == "symbol":
        written, seen = draw(st.sampled_from(SYMBOLS))
        return Word(written, seen)
    # Markup inside one word: "wo<em>rd</em>s"; the word a reader sees is whole.
    first, middle, last = draw(plain), draw(plain), draw(st.one_of(st.just(_plain("")), plain))
    tag = draw(st.sampled_from(INLINE_IN_WORD))
    opening = '<span class="x">' if tag == "span" else f"<{tag}>"
    return Word(f"{first.html}{opening}{middle.html}</{tag}>{last.html}", first.seen + middle.seen + last.seen)


GAPS = st.sampled_from((" ", " ", " ", " ", "\n", "  ", "&nbsp;", "\u00a0", "&#160;", "\t", " \n  ", "\u2009"))


@st.composite
def runs(draw, word_strategy=None) -> Run:
    wrapper = draw(st.sampled_from((None, None, None, "em", "strong", "a", "code", "span")))
    chosen = draw(st.lists(word_strategy or words(), min_size=1, max_size=5))
    return Run(tuple(chosen), tuple(draw(GAPS) for _ in chosen), wrapper, draw(st.booleans()))


@st.composite
def blocks(draw, tag=None, run_strategy=None) -> Block:
    tag = tag or draw(st.sampled_from(("p", "p", "p", "h2", "li", "blockquote", "pre")))
    lead = draw(st.sampled_from(("", "", "", "\n", " ")))
    return Block(tag, tuple(draw(st.lists(run_strategy or runs(), min_size=1, max_size=4))), lead)


@st.composite
def pages(draw, max_blocks: int = 5) -> Page:
    body = draw(st.lists(blocks(), min_size=1, max_size=max_blocks))
    if draw(st.booleans()):
        body.insert(0, draw(blocks(tag="h1")))
    return Page(tuple(body))


# --- How a reader writes the words they copied -------------------------------------------

_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u2011": "-", "−": "-"})
_SEPARATORS = st.sampled_from((" ", " ", " ", "\n", "  ", "\u00a0", " \n\n "))


@st.composite
def retyped(draw, text: str) -> str:
    """`text` as a reader might type it: the same after normalization."""
    if draw(st.booleans()):
        text = text.translate(_STRAIGHTEN)
    if draw(st.booleans()):
        text = "".join(char for char in text if char not in INVISIBLE)
    form = draw(st.sampled_from((None, "NFC", "NFD")))
    return unicodedata.normalize(form, text) if form else text


@st.composite
def copied(draw, chosen: list[Word]) -> str:
    """What a reader pastes after selecting `chosen` on the page, maybe retyping some of it."""
    parts = []
    for index, word in enumerate(chosen):
        if index:
            parts.append(draw(_SEPARATORS))
        parts.append(draw(retyped(word.seen)) if draw(st.booleans()) else word.seen)
    return "".join(parts)


def occurrences(text: str, passage: str) -> int:
    """How many places `passage` starts at in `text`, overlapping ones included."""
    count, at = 0, text.find(passage)
    while at != -1 and passage:
        count += 1
        at = text.find(passage, at + 1)
    return count
