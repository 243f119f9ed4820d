"""Script payloads, and a site that carries them in every text field a
contributor or an author can write.

A payload is a template with one `{n}`: each time it is written somewhere it
gets a number of its own (its *code*), and run, it sets `window.__xss` to
that code (a few also call `alert`). So a browser test that sees the
sentinel set can say which payload ran and in which field it was written.
Codes have four digits, so that no written payload is a prefix of another.

The kinds follow OWASP's XSS filter evasion cheat sheet: attribute
breakouts, tags that run script (svg, math, frames, forms, mutation XSS),
every spelling of `javascript:` in HTML and in Markdown, link titles,
entity and percent encoding, abbreviations, inline code, template syntax
and breakouts from the JSON-LD script in the page's head.

`write_payload_site(project)` writes the site: an article whose passages
anchor four annotations per payload (and that retired one fact-check per
payload), a glossary with two terms per payload, a page for the summary
box, and front matter: the payloads without a tag on the article, those with
one on the summary's page. It returns every occurrence, so that the tests
can say where each code was written.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

import yaml

from helpers import ROOT

# What a browser's tokenizer reads as the start of a tag (the build refuses
# such text in plain-text fields).
TAG = re.compile(r"<[A-Za-z/!?]")
# A code, wherever a payload's text went.
CODE = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True)
class Payload:
    name: str
    template: str  # "{n}" stands for the code of each occurrence

    def text(self, code: int) -> str:
        return self.template.replace("{n}", str(code))

    @property
    def has_tag(self) -> bool:
        return bool(TAG.search(self.template))


PAYLOADS = (
    # Out of a quoted attribute or out of the element.
    Payload("breakout-double-quote", '" onmouseover="window.__xss={n}" x="'),
    Payload("breakout-single-quote", "' onmouseover='window.__xss={n}' x='"),
    Payload("breakout-autofocus", '" autofocus onfocus="window.__xss={n}" x="'),
    Payload("breakout-unquoted", "x onpointerover=window.__xss={n} y="),
    Payload("breakout-tag", '"><img src=x onerror="window.__xss={n}">'),
    Payload("breakout-script", "</script><script>window.__xss={n}</script>"),
    Payload("breakout-title", "</title><img src=x onerror=window.__xss={n}>"),
    Payload("breakout-comment", "--><img src=x onerror=window.__xss={n}><!--"),
    Payload("breakout-cdata", "]]><img src=x onerror=window.__xss={n}>"),
    # Elements that run script.
    Payload("script", "<script>window.__xss={n};alert({n})</script>"),
    Payload("img-onerror", '<img src=x onerror="window.__xss={n};alert({n})">'),
    Payload("img-upper-case", "<IMG SRC=x ONERROR=window.__xss={n}>"),
    Payload("svg-onload", "<svg onload=window.__xss={n}>"),
    Payload("svg-style", "<svg><style><img src=x onerror=window.__xss={n}></style></svg>"),
    Payload("svg-xlink", '<svg><a xlink:href="javascript:window.__xss={n}"><text x="0" y="16">svg link</text></a></svg>'),
    Payload("math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss={n}>"),
    Payload("math-href", '<math href="javascript:window.__xss={n}">math link</math>'),
    Payload("iframe-srcdoc", '<iframe srcdoc="<script>parent.__xss={n}</script>"></iframe>'),
    Payload("details-ontoggle", '<details open ontoggle="window.__xss={n}">details</details>'),
    Payload("textarea-mxss", "<textarea>&lt;/textarea&gt;&lt;img src=x onerror=window.__xss={n}&gt;</textarea>"),
    Payload("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=window.__xss={n}>">'),
    Payload("comment-mxss", "<!--><img src=x onerror=window.__xss={n}>-->"),
    Payload("processing-instruction", '<?xml version="1.0"?><img src=x onerror=window.__xss={n}>'),
    Payload("form-formaction", '<form><button formaction="javascript:window.__xss={n}">go</button></form>'),
    Payload("object-data", '<object data="javascript:window.__xss={n}"></object>'),
    Payload("embed-src", '<embed src="javascript:window.__xss={n}">'),
    Payload("base-href", '<base href="javascript:window.__xss={n}//">'),
    Payload("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:window.__xss={n}">'),
    Payload("input-autofocus", "<input autofocus onfocus=window.__xss={n}>"),
    # javascript: in HTML links, every spelling.
    Payload("html-link", '<a href="javascript:window.__xss={n}">html link</a>'),
    Payload("html-link-mixed-case", '<a href="JaVaScRiPt:window.__xss={n}">mixed case</a>'),
    Payload("html-link-tab", '<a href="java\tscript:window.__xss={n}">tab</a>'),
    Payload("html-link-tab-entity", '<a href="java&#x09;script:window.__xss={n}">tab entity</a>'),
    Payload("html-link-letter-entity", '<a href="&#106;avascript:window.__xss={n}">letter entity</a>'),
    Payload("html-link-leading-space", '<a href=" javascript:window.__xss={n}">leading space</a>'),
    Payload("html-link-colon-entity", '<a href="javascript&colon;window.__xss={n}">colon entity</a>'),
    Payload("html-link-title", '<a href="https://example.org/" title="<img src=x onerror=window.__xss={n}>">titled</a>'),
    Payload("html-link-protocol-relative", '<a href="//evil.example/x" onclick="window.__xss={n}">elsewhere</a>'),
    # javascript: (and other schemes) in Markdown links and images.
    Payload("md-link", "[link](javascript:window.__xss={n})"),
    Payload("md-link-mixed-case", "[link](JaVaScRiPt:window.__xss={n})"),
    Payload("md-link-angle", "[link](<javascript:window.__xss={n}>)"),
    Payload("md-link-tab", "[link](<java\tscript:window.__xss={n}>)"),
    Payload("md-link-tab-entity", "[link](java&#x09;script:window.__xss={n})"),
    Payload("md-link-letter-entity", "[link](&#106;avascript:window.__xss={n})"),
    Payload("md-link-leading-space", "[link]( javascript:window.__xss={n})"),
    Payload("md-link-colon-entity", "[link](javascript&colon;window.__xss={n})"),
    Payload("md-link-newline-entity", "[link](java&#10;script:window.__xss={n})"),
    Payload("md-link-data", "[link](data:text/html,%3Cscript%3Ewindow.__xss={n}%3C/script%3E)"),
    Payload("md-link-vbscript", "[link](vbscript:window.__xss={n})"),
    Payload("md-link-title", '[titled](https://example.org/ "<img src=x onerror=window.__xss={n}>")'),
    Payload("md-link-title-breakout", '[titled](https://example.org/ "\\" onmouseover=\\"window.__xss={n}")'),
    Payload("md-image", "![image](javascript:window.__xss={n})"),
    Payload("md-autolink", "<javascript:window.__xss={n}>"),
    Payload("md-abbreviation", "*[HTML]: <img src=x onerror=window.__xss={n}>"),
    Payload("md-inline-code", "`<img src=x onerror=window.__xss={n}>`"),
    Payload("md-attribute-list", '{: onclick="window.__xss={n}" }'),
    # Encoded: text that becomes markup only if something decodes it twice.
    Payload("percent-encoded", "%3Cscript%3Ewindow.__xss={n}%3C%2Fscript%3E"),
    Payload("entity-encoded", "&lt;img src=x onerror=window.__xss={n}&gt;"),
    Payload("numeric-entities", "&#60;img src=x onerror=window.__xss={n}&#62;"),
    Payload("javascript-escapes", r"\u003cimg src=x onerror=window.__xss={n}\u003e"),
    Payload("javascript-url-as-text", "javascript:window.__xss={n}"),
    # Template syntax: shown as written, never evaluated.
    Payload("jinja-expression", r"{{ '\x3cimg src=x onerror=window.__xss={n}\x3e' }} {{ 7*7 }}"),
    Payload("jinja-raw", "{% raw %}{{ 7*7 }}{% endraw %}<img src=x onerror=window.__xss={n}>"),
    Payload("template-literal", "${window.__xss={n}} #{7*7}"),
)

# Fields shown as text, which refuse tags (and leave out what holds one).
PLAIN_TEXT_FIELDS = frozenset({"title", "claim", "sources.title", "sources.publisher", "term", "aliases"})

ARTICLE = "articles/payloads.md"
SUMMARY_PAGE = "articles/summary.md"
OWN_HTML_PAGE = "own-html.md"
OWN_HTML = "the page's own HTML"  # the field of the payloads written as a page's Markdown
ANNOTATIONS = "annotations/articles/payloads.yml"
SUMMARY_ANNOTATIONS = "annotations/articles/summary.yml"
GLOSSARY = "annotations/glossary.yml"

VERDICTS = ("accurate", "mostly-accurate", "missing-context", "misleading", "incorrect", "unverified")
CATEGORIES = ("person", "organization", "place", "event", "document", "concept")


@dataclass(frozen=True)
class Occurrence:
    """One payload written once: its code, and where."""

    code: int
    payload: Payload
    field: str  # "title", "sources.publisher", "definition", "front matter title", ...
    owner: str  # the annotation or term id, or the page
    file: str  # as the build names it, e.g. "annotations/articles/payloads.yml"
    line: int

    @property
    def text(self) -> str:
        return self.payload.text(self.code)

    @property
    def refused(self) -> bool:
        """The build refuses it: a tag in a plain-text field."""
        return self.field in PLAIN_TEXT_FIELDS and self.payload.has_tag

    def __str__(self) -> str:
        return f"payload {self.payload.name!r} (code {self.code}) in {self.field} of {self.owner}, {self.file}:{self.line}"


@dataclass
class PayloadSite:
    """What was written: every occurrence, and which annotations and terms nothing refused."""

    occurrences: list[Occurrence] = field(default_factory=list)
    placed_notes: list[str] = field(default_factory=list)
    shown_terms: list[str] = field(default_factory=list)

    def found_in(self, text: str) -> list[Occurrence]:
        """The occurrences whose codes `text` holds, in the order they were written."""
        codes = {int(code) for code in CODE.findall(text)}
        return [o for o in self.occurrences if o.code in codes]


class _Writer:
    """A file written line by line, so that the line of every payload is known.

    Values are written as JSON strings, which YAML reads as double-quoted
    scalars: any payload fits on one line, tabs and quotes included.
    """

    def __init__(self, site: PayloadSite, file: str, codes):
        self.site, self.file, self.codes = site, file, codes
        self.lines: list[str] = []

    def line(self, text: str = "") -> None:
        self.lines.append(text)

    def value(self, prefix: str, value) -> None:
        self.line(prefix + json.dumps(value, ensure_ascii=False))

    def payload(self, prefix: str, payload: Payload, field: str, owner: str, around=lambda text: text) -> str:
        """One occurrence of `payload`, in the text `around` makes of it; returns the payload's text."""
        return self.payloads(prefix, [payload], field, owner, around=around)

    def payloads(self, prefix: str, payloads, field: str, owner: str, separator: str = "", around=lambda text: text) -> str:
        """Every one of `payloads` in one value, each with a code of its own; returns their text."""
        texts = []
        for payload in payloads:
            code = next(self.codes)
            self.site.occurrences.append(Occurrence(code, payload, field, owner, self.file, len(self.lines) + 1))
            texts.append(payload.text(code))
        self.value(prefix, around(separator.join(texts)))
        return separator.join(texts)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def write_payload_site(project: Path, payloads=PAYLOADS) -> PayloadSite:
    """Write into `project` a site with `payloads` in every field, with this repository's hooks, theme and assets."""
    site, codes = PayloadSite(), iter(range(1000, 10000))
    for folder in ("hooks", "overrides", "schema"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")

    paths = (ANNOTATIONS, GLOSSARY, SUMMARY_ANNOTATIONS, f"docs/{ARTICLE}", f"docs/{SUMMARY_PAGE}", f"docs/{OWN_HTML_PAGE}")
    writers = {path: _Writer(site, path, codes) for path in paths}
    quotes = _write_annotations(writers[ANNOTATIONS], payloads)
    _write_glossary(writers[GLOSSARY], payloads)
    _write_summary(writers[SUMMARY_ANNOTATIONS], payloads)
    # Accepted front matter on the article, refused front matter on the summary's page.
    _write_front_matter(writers[f"docs/{ARTICLE}"], [p for p in payloads if not p.has_tag], ARTICLE)
    _write_article_text(writers[f"docs/{ARTICLE}"], quotes)
    _write_front_matter(writers[f"docs/{SUMMARY_PAGE}"], [p for p in payloads if p.has_tag], SUMMARY_PAGE)
    writers[f"docs/{SUMMARY_PAGE}"].line(SUMMARY_PAGE_TEXT)
    _write_own_html(writers[f"docs/{OWN_HTML_PAGE}"], payloads)

    files = {path: writer.text() for path, writer in writers.items()}
    files["docs/index.md"] = INDEX_PAGE_TEXT
    files["mkdocs.yml"] = _site_config()
    for path, text in files.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")

    for number, payload in enumerate(payloads, 1):
        site.placed_notes.append(_id("markdown", number))
        site.shown_terms.append(_id("definition", number, "t"))
        if not payload.has_tag:
            site.placed_notes.append(_id("text", number))
            site.shown_terms.append(_id("name", number, "t"))
    return site


def _id(kind: str, number: int, prefix: str = "p") -> str:
    return f"{prefix}{number:02d}-{kind}"


def _passage(number: int, letter: str) -> str:
    return f"Passage {number}{letter} is plain text"


def _write_own_html(w: _Writer, payloads) -> None:
    """A page whose own Markdown holds every payload as written, each a paragraph of its own: what a
    pull request that changes an article could add to it."""
    w.line("# A page's own HTML")
    w.line()
    # One that opens an element read as raw text (a `<style>`) and never closes it hides the rest of the
    # page from the browser and from the build alike: those go last, so that the others are read.
    for number, payload in sorted(enumerate(payloads, 1), key=lambda numbered: _leaves_raw_text_open(numbered[1].template)):
        code = next(w.codes)
        w.site.occurrences.append(Occurrence(code, payload, OWN_HTML, _id("html", number), w.file, len(w.lines) + 1))
        w.line(payload.text(code))
        w.line()


def _leaves_raw_text_open(template: str) -> bool:
    return any(len(re.findall(f"<{name}[\\s>]", template, re.I)) > len(re.findall(f"</{name}>", template, re.I))
               for name in ("style", "script", "textarea", "title", "xmp", "iframe", "noscript"))


def _write_annotations(w: _Writer, payloads) -> dict[int, str]:
    """Four annotations per payload, and a retired fact-check; returns the text
    each `-quote` annotation quotes, which the article must show."""
    w.line("# yaml-language-server: $schema=../../schema/annotations.schema.json")
    w.line("annotations:")
    verdicts = cycle(VERDICTS)
    quotes = {}
    for number, payload in enumerate(payloads, 1):
        name = payload.name

        # Its plain-text fields: refused with a tag, else shown as text.
        owner = _id("text", number)
        w.value("  - id: ", owner)
        w.line("    type: fact-check")
        w.value("    quote: ", _passage(number, "a"))
        w.payload("    title: ", payload, "title", owner)
        w.payload("    claim: ", payload, "claim", owner)
        w.value("    verdict: ", next(verdicts))
        w.value("    body: ", f"Annotation {owner} carries the payload {name} in its title, claim and source.")
        w.line("    sources:")
        w.payload("      - title: ", payload, "sources.title", owner)
        w.value("        url: ", f"https://example.org/sources/{number}")
        w.payload("        publisher: ", payload, "sources.publisher", owner)
        if not payload.has_tag:
            w.value("    terms: ", [_id("name", number, "t")])

        # Its Markdown: sanitized, and the note is shown.
        owner = _id("markdown", number)
        w.value("  - id: ", owner)
        if number % 2:
            w.line("    type: context")
        else:
            w.line("    type: fact-check")
            w.value("    claim: ", f"Annotation {owner} claims that passage {number}b is plain.")
            w.value("    verdict: ", next(verdicts))
            w.line("    sources:")
            w.value("      - title: ", f"Annotation source {number}")
            w.value("        url: ", f"https://example.org/sources/{number}")
        w.value("    quote: ", _passage(number, "b"))
        w.value("    title: ", f"Annotation {owner}")
        term = _id("definition", number, "t")
        w.payload("    body: ", payload, "body", owner, lambda text: (
            f"Annotation {owner} carries the payload {name} in its body, as HTML text.\n\n{text}\n\n"
            f"It is about [annotation term {number}](glossary:{term})."))
        w.line("    corrections:")
        w.line("      - date: 2025-09-01")
        w.payload("        note: ", payload, "corrections.note", owner)

        # Its quote: the article shows the payload as code, and the note marks it there.
        # Its source's address too, where the payload has no space (an address cannot).
        owner = _id("quote", number)
        w.value("  - id: ", owner)
        w.line("    type: context")
        quotes[number] = w.payload("    quote: ", payload, "quote", owner)
        w.value("    body: ", f"Annotation {owner} quotes the payload {name} as the article shows it.")
        if not re.search(r"\s", payload.template):
            w.line("    sources:")
            w.value("      - title: ", f"Annotation source {number}, at an address with the payload")
            w.payload("        url: ", payload, "sources.url", owner, lambda text: f"https://example.org/?q={text}")

        # Its prefix and suffix: matching hints, never shown.
        owner = _id("hints", number)
        w.value("  - id: ", owner)
        w.line("    type: context")
        w.value("    quote: ", _passage(number, "c"))
        w.payload("    prefix: ", payload, "prefix", owner)
        w.payload("    suffix: ", payload, "suffix", owner)
        w.value("    body: ", f"Annotation {owner} carries the payload {name} in its prefix and suffix.")

    w.line("retired:")
    for number, payload in enumerate(payloads, 1):
        owner = _id("retired", number)
        w.value("  - id: ", owner)
        w.line("    date: 2025-10-01")
        w.payload("    note: ", payload, "retired.note", owner)
    return quotes


def _write_glossary(w: _Writer, payloads) -> None:
    """Two terms per payload: one named by it, one defined by it (and linked from the article)."""
    w.line("# yaml-language-server: $schema=../schema/glossary.schema.json")
    w.line("terms:")
    categories = cycle(CATEGORIES)
    for number, payload in enumerate(payloads, 1):
        owner = _id("name", number, "t")
        w.value("  - id: ", owner)
        w.payload("    term: ", payload, "term", owner)
        w.line("    aliases:")
        w.payload("      - ", payload, "aliases", owner)
        w.value("    category: ", next(categories))
        w.value("    definition: ", f"Annotation term {owner} is named by the payload {payload.name}.")
        w.line("    sources:")
        w.payload("      - title: ", payload, "sources.title", owner)
        w.value("        url: ", f"https://example.org/glossary/{number}")
        w.payload("        publisher: ", payload, "sources.publisher", owner)

        owner = _id("definition", number, "t")
        w.value("  - id: ", owner)
        w.value("    term: ", f"annotation term {number}")
        w.value("    category: ", next(categories))
        # The payload comes first, so that it is part of the short form a preview shows.
        w.payload("    definition: ", payload, "definition", owner, lambda text: (
            f"{text}\n\nAnnotation term {number} is defined by the payload {payload.name} above."))
        if not payload.has_tag:
            w.value("    see_also: ", [_id("name", number, "t")])
        w.line("    corrections:")
        w.line("      - date: 2025-09-01")
        w.payload("        note: ", payload, "corrections.note", owner)


def _write_summary(w: _Writer, payloads) -> None:
    """The summary box, every item a payload, on a page of its own."""
    w.line("# yaml-language-server: $schema=../../schema/annotations.schema.json")
    w.line("summary:")
    w.payloads("  bottom_line: ", payloads, "summary.bottom_line", SUMMARY_PAGE, "\n\n")
    w.line("  known:")
    for payload in payloads:
        w.payload("    - ", payload, "summary.known", SUMMARY_PAGE)
    w.line("  unknown:")
    for payload in payloads:
        w.payload("    - ", payload, "summary.unknown", SUMMARY_PAGE)
    w.line("annotations:")
    w.line("  - id: summary-page")
    w.line("    type: fact-check")
    w.value("    quote: ", "The summary page has one plain passage")
    w.value("    claim: ", "Annotation summary-page claims the page has one plain passage.")
    w.line("    verdict: unverified")
    w.value("    body: ", "Annotation summary-page keeps this page annotated, so that its summary is shown.")
    w.line("    sources:")
    w.value("      - title: ", "Annotation source of the summary page")
    w.value("        url: ", "https://example.org/summary")


def _write_front_matter(w: _Writer, payloads, page: str) -> None:
    """Every one of `payloads` in each text field of the page's front matter (read by MkDocs, the theme and the hooks)."""
    w.line("---")
    w.payloads("title: ", payloads, "front matter title", page, " · ")
    w.payloads("provenance: ", payloads, "front matter provenance", page, " · ")
    w.line("original:")
    w.payloads("  title: ", payloads, "front matter original.title", page, " · ")
    w.line('  url: "https://example.org/original"')
    w.payloads("  publisher: ", payloads, "front matter original.publisher", page, " · ")
    w.line("  date: 2025-08-21")
    w.line("---")
    w.line()


def _write_article_text(w: _Writer, quotes: dict[int, str]) -> None:
    """A paragraph for each payload: the passages of its annotations, the name of its term, and itself as code."""
    w.line("# Script payloads")
    w.line()
    for number, quote in quotes.items():
        # Double backticks, spaced: a payload may hold a backtick of its own.
        w.line(f"{_passage(number, 'a')}. {_passage(number, 'b')}. {_passage(number, 'c')}. "
               f"This paragraph names annotation term {number}. Payload {number} as the page shows it: `` {quote} ``")
        w.line()


SUMMARY_PAGE_TEXT = """\
# Summary payloads

The summary page has one plain passage for its note.
"""

INDEX_PAGE_TEXT = """\
# Payload site

The [article full of payloads](articles/payloads.md) and the [page of the summary box](articles/summary.md).
"""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` gives its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))


def theme_tooltips() -> bool:
    """Whether the site turns on the theme's tooltips, which show a `title` attribute as HTML."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return "content.tooltips" in (config.get("theme", {}).get("features") or [])


def _site_config() -> str:
    """This repository's mkdocs.yml (hooks, theme, features, Markdown, options), for a site of the pages written here."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for key in ("nav", "watch"):
        config.pop(key, None)
    config.update(site_name="Payload site", site_url="http://127.0.0.1:8000/")
    return "# Written by tests/browser/payloads.py from the repository's mkdocs.yml.\n" + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True)
