"""HTML in, a flat list of tokens out, and back, byte for byte.

A page is split as a browser splits it (the WHATWG HTML standard's tokenizer),
with as much of the tree builder as decides what each run of text is to the
browser:

- text a reader sees, which may be searched and split (to wrap a passage in
  `mark`, or a term in a link);
- the content of `script`, `style`, `textarea`, `title` and the other
  elements the tokenizer reads as raw text, which is never searched or split;
- markup: tags, comments and doctypes, kept exactly as written.

Text tokens keep what was written (`raw`) beside what a reader sees
(`source`, character references decoded), so `serialize(tokenize(x)) == x`
for any string; only text that is split or created is escaped again.

Inline SVG and MathML follow their own rules (`<title>` there is ordinary
text, `<![CDATA[` is text), so the tokenizer tracks which namespace each open
element is in. It runs on every page of a site, so it scans with compiled
regular expressions over the whole string, not one character at a time.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import partial
from html.entities import html5 as _NAMED_REFERENCES
from typing import NamedTuple

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose content the tokenizer reads as text up to their end tag: as
# written (RAW_TEXT; browsers run scripts, so `noscript` is one), or with
# character references decoded (RCDATA).
RAW_TEXT = {"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "xmp"}
RCDATA = {"textarea", "title"}
# Elements whose edges separate words even when no white space is written there.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}

# HTML start tags that close an open SVG or MathML element ("breakout"); `font`
# only with one of _FONT_BREAKOUT.
_BREAKOUT = {
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
    "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
    "table", "tt", "u", "ul", "var",
}
_FONT_BREAKOUT = {"color", "face", "size"}
# Text in these is code, not prose, in SVG and MathML too.
_FOREIGN_CODE = {"script", "style"}


@dataclass(slots=True)
class Token:
    """A start tag, end tag, text run or anything else (comment, doctype), as written."""

    kind: str  # "start", "end", "text" or "other"
    source: str  # markup as written; for text, the text a reader sees (character references decoded)
    tag: str = ""
    attrs: dict[str, str | None] = field(default_factory=dict)
    ancestors: tuple[str, ...] = ()  # for text: the open elements around it, outermost first
    raw_text: bool = False  # text of script, style, textarea, title...: never searched, never split
    raw: str | None = None  # text exactly as the page wrote it; None for text made or split here

    def html(self) -> str:
        """The token as HTML: as written if it came from the page, else text escaped."""
        if self.raw is not None:
            return self.raw
        if self.kind == "text" and not self.raw_text:
            return html.escape(self.source, quote=False)
        return self.source


def tokenize(markup: str) -> list[Token]:
    """Split HTML into tokens; `serialize(tokenize(x)) == x` for any string `x`."""
    return _Tokenizer(markup).run()


def serialize(tokens: list[Token]) -> str:
    """The HTML of `tokens`: untouched ones as written, new or split text escaped."""
    return "".join(token.html() for token in tokens)


def start_tag(tag: str, attrs: dict[str, str | None]) -> Token:
    """A new start tag with attributes escaped for use in HTML."""
    written = "".join(f' {name}="{_attribute(value)}"' if value is not None else f" {name}" for name, value in attrs.items())
    return Token("start", f"<{tag}{written}>", tag, dict(attrs))


def _attribute(value: str) -> str:
    # Most values (classes, ids, numbers) need no escaping: skip the call.
    return html.escape(value) if _ESCAPED_IN_ATTRIBUTES.search(value) else value


_ESCAPED_IN_ATTRIBUTES = re.compile("[&<>\"']")


def end_tag(tag: str) -> Token:
    """A new end tag."""
    return Token("end", f"</{tag}>", tag)


def element_ids(tokens: list[Token]) -> set[str]:
    """Every id attribute on the page."""
    return {token.attrs["id"] for token in tokens if token.kind == "start" and token.attrs.get("id")}


# --- Scanning -------------------------------------------------------------
# White space in tags includes CR: browsers turn it into LF before tokenizing.

# One attribute: its name (which may hold quotes or `<`), then an optional
# value, double-quoted, single-quoted or bare. A `/` not before `>` separates
# like white space.
_ATTRIBUTE_PATTERN = r"""
    [\t\n\f\r /]*+ (?P<name>[^\t\n\f\r />][^\t\n\f\r />=]*+)
    (?: [\t\n\f\r ]*+ = [\t\n\f\r ]*+
        (?: "(?P<double>[^"]*+)"? | '(?P<single>[^']*+)'? | (?P<bare>[^\t\n\f\r >]*+) ) )?
"""
_ATTRIBUTE = re.compile(_ATTRIBUTE_PATTERN, re.VERBOSE)
# A tag ends at the first `>` outside a quoted value. Every part is possessive,
# so the first way the pattern matches is the standard's only way: a quote
# left open runs to the end of the page, and the tag does not match.
# The same, without group names, to repeat inside a tag.
_ATTRIBUTES = "(?>" + re.sub(r"\(\?P<\w+>", "(?:", _ATTRIBUTE_PATTERN) + ")*+"
_TAG_NAME = r"[a-zA-Z][^\t\n\f\r />]*+"

# Where markup starts in text, and what it is; a `<` before anything else is text.
_MARKUP = re.compile(rf"""<(?:
    (?P<start_tag>(?P<start_name>{_TAG_NAME})(?P<attributes>{_ATTRIBUTES})(?P<close>[\t\n\f\r /]*+)>)
  | (?P<end_tag>/(?P<end_name>{_TAG_NAME}){_ATTRIBUTES}[\t\n\f\r /]*+>)
  | (?P<unclosed_tag>/?[a-zA-Z])
  | (?P<comment>!--(?:-?>|[\s\S]*?--!?>))       # `<!-->` and `<!--->` are whole, empty comments
  | (?P<unclosed_comment>!--)
  | (?P<cdata>!\[CDATA\[)
  | (?P<dropped>/>)                               # `</>`
  | (?P<bogus>(?:[!?]|/[\s\S])[^>]*+>?)          # doctypes and `<!x>`, `<?x>`, `</1>`: to the next `>`
)""", re.VERBOSE)

# Raw text ends at `</name` followed by white space, `/` or `>`, in any ASCII
# case (re.ASCII: no `ſ` for `s`, no Kelvin sign for `k`).
_END_OF_RAW_TEXT = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE | re.ASCII) for name in RAW_TEXT | RCDATA}
# A script does too, unless it is inside `<!--` and a `<script` after it: old
# pages hid scripts from old browsers in comments, and the standard still
# honours that ("script data escaped" states).
_SCRIPT_DATA = re.compile(r"<!--|</script[\t\n\f\r />]", re.IGNORECASE | re.ASCII)
_SCRIPT_ESCAPED = re.compile(r"-->|</?script[\t\n\f\r />]", re.IGNORECASE | re.ASCII)
_SCRIPT_DOUBLE_ESCAPED = re.compile(r"-->|</script[\t\n\f\r />]", re.IGNORECASE | re.ASCII)

_REFERENCE = re.compile(r"&(?:#[xX](?P<hex>[0-9a-fA-F]+);?|#(?P<decimal>[0-9]+);?|(?P<name>[a-zA-Z][a-zA-Z0-9]{0,31};?))")
# Numeric references to C1 controls mean Windows-1252, as they always have.
_WINDOWS_1252 = {code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0) if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class _Element(NamedTuple):
    """An open element, as far as it decides how what follows is read."""

    name: str
    namespace: str  # "html", "svg" or "math"
    integration: str = ""  # "html" where SVG or MathML holds HTML, "text" at a MathML text element


class _Tokenizer:
    """One pass over one page, with the stack of open elements."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self.tokens: list[Token] = []
        self.open: list[_Element] = []
        self.names: tuple[str, ...] = ()  # the open elements' names, shared by the text tokens inside them

    def run(self) -> list[Token]:
        markup, position = self.markup, 0
        while found := _MARKUP.search(markup, position):
            start = found.start()
            if start > position:
                self.text(position, start)
            kind = found.lastgroup
            if kind == "start_tag":
                position = self.start_tag(found)
            elif kind == "end_tag":
                position = self.end_tag(found)
            elif kind == "cdata" and self.in_foreign_content():
                position = self.cdata(start)
            elif kind == "cdata":  # in HTML, a bogus comment
                close = markup.find(">", start)
                position = self.other(start, close + 1 if close >= 0 else len(markup))
            elif kind == "unclosed_tag" or kind == "unclosed_comment":  # browsers drop a tag open at the end
                position = self.other(start, len(markup))
            else:
                position = self.other(start, found.end())
        if position < len(markup):
            self.text(position, len(markup))
        return self.tokens

    def text(self, start: int, end: int) -> None:
        raw = self.markup[start:end]
        code = self.in_foreign_content() and self.open[-1].name in _FOREIGN_CODE
        self.tokens.append(Token("text", _decode(_newlines(raw)), ancestors=self.names, raw_text=code, raw=raw))

    def raw_text(self, name: str, start: int) -> int:
        """The content of a raw text or RCDATA element, as one token; return where it ends."""
        if name == "plaintext":
            end = len(self.markup)
        elif name == "script":
            end = _script_end(self.markup, start)
        else:
            found = _END_OF_RAW_TEXT[name].search(self.markup, start)
            end = found.start() if found else len(self.markup)
        if end > start:
            raw = self.markup[start:end]
            text = _decode(_newlines(raw)) if name in RCDATA else _newlines(raw)
            self.tokens.append(Token("text", text, ancestors=self.names, raw_text=True, raw=raw))
        return end

    def cdata(self, start: int) -> int:
        # Text to SVG and MathML, but never searched: a `mark` in it would be text too.
        close = self.markup.find("]]>", start + 9)
        end = close + 3 if close >= 0 else len(self.markup)
        raw = self.markup[start:end]
        text = raw[9:close - start] if close >= 0 else raw[9:]
        self.tokens.append(Token("text", _newlines(text), ancestors=self.names, raw_text=True, raw=raw))
        return end

    def other(self, start: int, end: int) -> int:
        self.tokens.append(Token("other", self.markup[start:end]))
        return end

    def start_tag(self, tag: re.Match) -> int:
        name = _ascii_lower(tag["start_name"])
        attrs = _attributes(tag["attributes"]) if tag["attributes"] else {}
        self.tokens.append(Token("start", tag[0], name, attrs))
        self_closing = tag["close"].endswith("/")
        if self.foreign_rules_for(name):
            if not (name in _BREAKOUT or name == "font" and not _FONT_BREAKOUT.isdisjoint(attrs)):
                if not self_closing:
                    self.push(_foreign_element(name, self.open[-1].namespace, attrs))
                return tag.end()
            self.leave_foreign_content()
        if name == "svg" or name == "math":
            if not self_closing:
                self.push(_Element(name, name))
            return tag.end()
        if name in VOID or name == "image":  # void elements never open (`<image>` is `<img>`); `/>` closes nothing
            return tag.end()
        self.push(_Element(name, "html"))
        if name in RAW_TEXT or name in RCDATA:
            return self.raw_text(name, tag.end())
        return tag.end()

    def end_tag(self, tag: re.Match) -> int:
        name = _ascii_lower(tag["end_name"])
        self.tokens.append(Token("end", tag[0], name))
        self.close(name)
        return tag.end()

    def close(self, name: str) -> None:
        """Pop what an end tag closes: the innermost open element of its name; a stray end tag closes nothing.

        Browsers also close elements without end tags, reopen misnested ones
        and move content out of tables. Text stays what it is through all
        that, so only what decides how it is read, the namespaces, is
        followed exactly. (Inside `select`, whose parsing browsers are
        changing, tags count as they do anywhere else.)
        """
        open_ = self.open
        if self.in_foreign_content():
            if name == "br" or name == "p":
                self.leave_foreign_content()
            else:
                for index in range(len(open_) - 1, -1, -1):
                    if open_[index].namespace == "html":
                        break
                    if open_[index].name == name:
                        self.pop_to(index)
                        return
        # An HTML end tag never closes across the SVG or MathML element that holds it.
        for index in range(len(open_) - 1, -1, -1):
            element = open_[index]
            if element.namespace == "html":
                if element.name == name:
                    self.pop_to(index)
                    return
            elif element.integration:
                return

    def foreign_rules_for(self, name: str) -> bool:
        """Whether a start tag is read by the rules of SVG and MathML, not of HTML."""
        if not self.in_foreign_content():
            return False
        current = self.open[-1]
        if current.integration == "html":
            return False
        if current.integration == "text":
            return name == "mglyph" or name == "malignmark"
        return not (current.name == "annotation-xml" and name == "svg")

    def leave_foreign_content(self) -> None:
        """Close SVG and MathML elements up to the nearest that holds HTML."""
        index = len(self.open)
        while index and self.open[index - 1].namespace != "html" and not self.open[index - 1].integration:
            index -= 1
        self.pop_to(index)

    def in_foreign_content(self) -> bool:
        return bool(self.open) and self.open[-1].namespace != "html"

    def push(self, element: _Element) -> None:
        self.open.append(element)
        self.names += (element.name,)

    def pop_to(self, index: int) -> None:
        del self.open[index:]
        self.names = self.names[:index]


def _foreign_element(name: str, namespace: str, attrs: dict[str, str | None]) -> _Element:
    """An SVG or MathML element, marked where its content is read as HTML again."""
    if namespace == "svg":
        return _Element(name, namespace, "html" if name in ("foreignobject", "desc", "title") else "")
    if name in ("mi", "mo", "mn", "ms", "mtext"):
        return _Element(name, namespace, "text")
    if name == "annotation-xml" and _ascii_lower(attrs.get("encoding") or "") in ("text/html", "application/xhtml+xml"):
        return _Element(name, namespace, "html")
    return _Element(name, namespace)


def _script_end(markup: str, position: int) -> int:
    """Where the text of a script that starts at `position` ends."""
    state = _SCRIPT_DATA
    while found := state.search(markup, position):
        written = found[0]
        if written.startswith("</") and state is not _SCRIPT_DOUBLE_ESCAPED:
            return found.start()
        if written == "<!--":  # its dashes count too: `<!-->` opens and closes
            state, position = _SCRIPT_ESCAPED, found.end() - 2
        elif written == "-->":
            state, position = _SCRIPT_DATA, found.end()
        elif state is _SCRIPT_ESCAPED:  # `<script`
            state, position = _SCRIPT_DOUBLE_ESCAPED, found.end()
        else:  # `</script` ends only the script inside the comment
            state, position = _SCRIPT_ESCAPED, found.end()
    return len(markup)


def _attributes(written: str) -> dict[str, str | None]:
    attrs: dict[str, str | None] = {}
    for attribute in _ATTRIBUTE.finditer(written):
        name = _ascii_lower(attribute["name"])
        if name in attrs:  # browsers keep the first of duplicates
            continue
        value = next((value for value in attribute.group("double", "single", "bare") if value is not None), None)
        attrs[name] = None if value is None else _decode(_newlines(value), attribute=True)
    return attrs


def _decode(text: str, attribute: bool = False) -> str:
    """Character references decoded, by the rules for text or for attribute values."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(_in_attribute if attribute else _in_text, text)


def _reference(match: re.Match, attribute: bool) -> str:
    if match["name"] is None:
        return _code_point(match["hex"], 16) if match["hex"] else _code_point(match["decimal"], 10)
    name = match["name"]
    for length in range(len(name), 1, -1):  # the longest known name wins: `&notit;` is `¬it;`
        known = name[:length]
        if known not in _NAMED_REFERENCES:
            continue
        following = name[length:length + 1] or match.string[match.end():match.end() + 1]
        if attribute and known[-1] != ";" and (following == "=" or following.isascii() and following.isalnum()):
            return match[0]  # `?a=1&copy=2` in a link stays as written
        return _NAMED_REFERENCES[known] + name[length:]
    return match[0]


_in_text = partial(_reference, attribute=False)
_in_attribute = partial(_reference, attribute=True)


def _code_point(digits: str, base: int) -> str:
    digits = digits.lstrip("0") or "0"
    code = int(digits, base) if len(digits) <= 8 else 0x110000  # int() refuses thousands of digits
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return _WINDOWS_1252.get(code) or chr(code)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _ascii_lower(name: str) -> str:
    # Only ASCII letters change case in tag and attribute names.
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
