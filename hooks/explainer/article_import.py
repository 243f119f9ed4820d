"""An article's file in (plain text, Markdown, a saved web page); its title, paragraphs and
provenance out, and the Markdown page whose rendered text is exactly that text.

An imported page is untrusted input, like an annotation file: its text may hold
Markdown and HTML that would become markup (`*`, `[a](javascript:…)`, `<script>`,
`!!! note`, a line starting with `1.` or `: `). `page_markdown` escapes every
such character where it would act, so that the rendered page shows the
article's words, paragraph by paragraph, exactly as published, and no markup
of the source survives: a saved page's text is what trafilatura extracts (its
main text, without navigation, scripts, comments or boilerplate); a Markdown
draft's is its rendered text, formatting and links dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from .htmltokens import BLOCKS, tokenize

MAX_TITLE = 300  # characters: a title longer than this is not a title
MAX_SLUG = 80  # the slug's words are cut to fit, as the contract's ids are (fields.py)

_SPACES = re.compile(r"[ \t\r\n\f\v\u2028\u2029\u0085]+")  # line breaks and ASCII spaces; a no-break space stays
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TAG_LIKE = re.compile(r"<[A-Za-z!/?]")  # how a browser sees a tag begin (fields.HTML_TAG): refused in titles
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")


@dataclass
class Block:
    """A paragraph of the article, or a subheading inside it."""

    text: str
    heading: bool = False


@dataclass
class Article:
    title: str | None
    blocks: list[Block]
    source: str  # what it was read from, in words: "a text file", "a Markdown draft", "a saved web page"
    url: str | None = None  # what the page itself says, where it says it
    publisher: str | None = None
    date: str | None = None  # ISO, YYYY-MM-DD
    notes: list[str] = field(default_factory=list)  # what was left out, and why, for the command to print


class CannotImport(Exception):
    """The file cannot be read as an article; the message says why and what to do."""


def clean(text: str) -> str:
    """One line of text: line breaks and runs of spaces as one space, control characters left out.
    A no-break space and every other character stay as published."""
    return _SPACES.sub(" ", _CONTROLS.sub("", unicodedata.normalize("NFC", text))).strip()


# ---------------------------------------------------------------- reading


def read_text(text: str) -> Article:
    """A plain text file: a title line, an empty line, then the article. Paragraphs are separated by
    empty lines; a text with no empty line after its title has one paragraph a line."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = None
    if len(lines) > 2 and lines[0].strip() and not lines[1].strip() and len(lines[0].strip()) <= MAX_TITLE:
        title, lines = clean(lines[0]), lines[2:]
    body = "\n".join(lines).strip("\n")
    if re.search(r"\n[ \t]*\n", body):
        paragraphs = re.split(r"\n[ \t]*\n", body)
    else:
        paragraphs = body.split("\n")
    return Article(title, [Block(clean(p)) for p in paragraphs if clean(p)], "a text file")


def read_markdown(text: str, render) -> Article:
    """A Markdown draft, rendered by `render` (Markdown in, HTML out): its text, block by block;
    its first top-level heading (or front matter `title`) is the title."""
    text = text.lstrip("\ufeff")
    title = None
    front = re.match(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.DOTALL)
    if front:
        text = text[front.end():]
        try:
            meta = yaml.safe_load(front.group(1) or "") or {}
        except yaml.YAMLError:
            meta = {}
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            title = clean(meta["title"])
    blocks = html_blocks(render(text))
    if title is None and blocks and blocks[0].heading and blocks[0].level == 1:
        title = blocks.pop(0).text
    return Article(title, [Block(b.text, b.heading) for b in blocks], "a Markdown draft")


@dataclass
class _HtmlBlock:
    text: str
    heading: bool
    level: int = 0


def html_blocks(markup: str) -> list[_HtmlBlock]:
    """The text of each block of `markup` (paragraphs, list items, headings...), in order, as a
    browser shows it; scripts, styles and other raw text are not text."""
    blocks: list[_HtmlBlock] = []
    pieces: list[str] = []
    heading = 0

    def flush() -> None:
        text = clean("".join(pieces))
        if text:
            blocks.append(_HtmlBlock(text, bool(heading), heading))
        pieces.clear()

    for token in tokenize(markup):
        if token.kind in ("start", "end") and token.tag in BLOCKS:
            flush()
            if token.tag in _HEADINGS:
                heading = int(token.tag[1]) if token.kind == "start" else 0
        elif token.kind == "text" and not token.raw_text:
            pieces.append(token.source)
    flush()
    return blocks


def read_html(data: bytes) -> Article:
    """A saved web page: its main text as trafilatura extracts it (navigation, scripts, comments,
    related links and other boilerplate left out), and what its metadata says."""
    import trafilatura  # only `make new-article` needs it; the build never loads it
    from lxml import etree

    extracted = trafilatura.extract(data, output_format="xml", include_comments=False, include_tables=False,
                                    include_images=False, include_links=False, include_formatting=False,
                                    favor_precision=True, deduplicate=False, with_metadata=False)
    if not extracted:
        raise CannotImport("no article text found in this page (trafilatura found only navigation and boilerplate); "
                           "save the article's text as a .txt file and import that")
    root = etree.fromstring(extracted.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    blocks = []
    for element in root.iter("head", "p", "item", "quote"):
        if element.tag == "quote" and element.find("p") is not None:
            continue  # its paragraphs come on their own
        if element.tag == "p" and element.getparent() is not None and element.getparent().tag == "item":
            continue
        for line_break in element.iter("lb"):
            line_break.tail = " " + (line_break.tail or "")
        text = clean("".join(element.itertext()))
        if text:
            blocks.append(Block(text, element.tag == "head"))
    metadata = trafilatura.extract_metadata(data)
    article = Article(clean(metadata.title) if metadata and metadata.title else None, blocks, "a saved web page")
    if metadata:
        article.url = metadata.url or None
        article.publisher = clean(metadata.sitename) if metadata.sitename else None
        article.date = metadata.date if metadata.date and _DATE.match(metadata.date) else None
    if blocks and blocks[0].heading and article.title and blocks[0].text == article.title:
        blocks.pop(0)  # the headline, shown as the page's title
    return article


# ---------------------------------------------------------------- writing


def slug(title: str) -> str:
    """The page's file name: the title's words in lower-case ASCII, joined by hyphens ("" if it has none)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)
    name = ""
    for word in words:
        if len(name) + len(word) + 1 > MAX_SLUG:
            break
        name = f"{name}-{word}" if name else word
    return name or (words[0][:MAX_SLUG] if words else "")


def iso_date(value: str) -> datetime.date:
    """A date written in ISO form (2025-08-22, or a timestamp such as 2025-08-22T14:05:00Z)."""
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(value)
    return datetime.date.fromisoformat(match.group(1))


def title_problem(title: str) -> str | None:
    """Why `title` cannot be the page's title as it stands, or None. MkDocs' theme writes the title
    into the page's HTML as it is: text a browser would read as a tag or a character reference
    would not show as published."""
    import html

    if _TAG_LIKE.search(title):
        return "it holds what a browser would read as an HTML tag"
    if html.unescape(title) != title:
        return "it holds what a browser would read as a character reference (such as &amp;)"
    if len(title) > MAX_TITLE:
        return f"it is longer than {MAX_TITLE} characters"
    return None


_ALWAYS = str.maketrans({
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "{": "\\{", "}": "\\}",
    "#": "\\#", "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;",
})
# Doubled marks that extensions read as markup (==mark==, ~~strike~~, ^^insert^^, ++key++):
# the first mark of each pair is written as a character reference.
_DOUBLED = re.compile(r"([=~^+])(?=\1)")
_REFERENCE = {"=": "&#61;", "~": "&#126;", "^": "&#94;", "+": "&#43;", ":": "&#58;", "!": "&#33;", "-": "&#45;"}


def markdown_text(text: str) -> str:
    """`text` as Markdown that renders to exactly `text`: no character of it can start markup."""
    written = _DOUBLED.sub(lambda match: _REFERENCE[match.group(1)], text.translate(_ALWAYS))
    # What acts only at the start of a line: lists (- + 1.), rules (---), definitions (: ),
    # admonitions (!!!), fenced code (~~~).
    ordered = re.match(r"(\d+)([.)])", written)
    if ordered:
        return ordered.group(1) + "\\" + ordered.group(2) + written[ordered.end():]
    if written[:1] in _REFERENCE:
        return _REFERENCE[written[0]] + written[1:]
    return written


def page_markdown(article: Article, title: str, front_matter: dict) -> str:
    """The article's page: front matter, its title as the page's heading, then every block."""
    header = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, width=1_000_000)
    body = [f"# {markdown_text(title)}"]
    for block in article.blocks:
        body.append(f"## {markdown_text(block.text)}" if block.heading else markdown_text(block.text))
    return f"---\n{header}---\n\n" + "\n\n".join(body) + "\n"
