"""HTML in, a flat list of tokens out, and back, byte for byte where untouched.

A page is parsed once with the standard library's HTML parser. Tags, comments
and declarations are kept exactly as written; only text is decoded, so the
text a reader sees can be searched and split (to wrap a passage in `mark`, or
a term in a link) without ever running a regular expression over markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RAW_TEXT = {"script", "style", "textarea", "title"}
# Elements whose edges separate words even when no white space is written there.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}


@dataclass
class Token:
    """A start tag, end tag, text run or anything else (comment, doctype) as written."""

    kind: str  # "start", "end", "text" or "other"
    source: str  # markup as written; for text, the decoded text
    tag: str = ""
    attrs: dict[str, str | None] = field(default_factory=dict)
    ancestors: tuple[str, ...] = ()  # for text: the open elements around it, outermost first
    raw_text: bool = False  # text inside <script>/<style>: never escaped, never searched

    def html(self) -> str:
        if self.kind == "text" and not self.raw_text:
            return html.escape(self.source, quote=False)
        return self.source


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(Token("start", self.get_starttag_text(), tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(Token("start", self.get_starttag_text(), tag, dict(attrs)))

    def handle_endtag(self, tag):
        # Close the innermost matching element; a stray end tag closes nothing.
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
        self.tokens.append(Token("end", f"</{tag}>", tag))

    def handle_data(self, data):
        raw = bool(self.open) and self.open[-1] in RAW_TEXT
        self.tokens.append(Token("text", data, ancestors=tuple(self.open), raw_text=raw))

    def handle_comment(self, data):
        self.tokens.append(Token("other", f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.tokens.append(Token("other", f"<!{decl}>"))

    def handle_pi(self, data):
        self.tokens.append(Token("other", f"<?{data}>"))

    def unknown_decl(self, data):
        self.tokens.append(Token("other", f"<![{data}]>"))


def tokenize(markup: str) -> list[Token]:
    """Split HTML into tokens; `serialize(tokenize(x))` gives back equivalent HTML."""
    parser = _Tokenizer()
    parser.feed(markup)
    parser.close()
    return parser.tokens


def serialize(tokens: list[Token]) -> str:
    return "".join(token.html() for token in tokens)


def start_tag(tag: str, attrs: dict[str, str | None]) -> Token:
    """A new start tag with attributes escaped for use in HTML."""
    written = "".join(f' {name}="{html.escape(value)}"' if value is not None else f" {name}" for name, value in attrs.items())
    return Token("start", f"<{tag}{written}>", tag, dict(attrs))


def end_tag(tag: str) -> Token:
    return Token("end", f"</{tag}>", tag)


def element_ids(tokens: list[Token]) -> set[str]:
    """Every id attribute on the page."""
    return {token.attrs["id"] for token in tokens if token.kind == "start" and token.attrs.get("id")}
