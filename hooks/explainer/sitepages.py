"""The pages the build generates: the glossary and the fact-check index.

Their Markdown is written when the build starts (so their headings reach the
table of contents and the search index); what spans pages (where each term
appears, which fact-checks were placed) is known only once every page is
rendered, so it is left as `<!--explainer:KIND:KEY-->` placeholders and
filled in afterwards by `fill_placeholders`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Callable

import jinja2

from .catalog import Catalog, Entry
from .fact_check import Verdict
from .htmltokens import Token, serialize, tokenize
from .models import Category

PLACEHOLDER = "explainer:"


@dataclass(frozen=True)
class Place:
    """Somewhere a term or fact-check appears: a link and a title to show."""

    url: str
    title: str


def glossary_markdown(catalog: Catalog, templates: jinja2.Environment) -> str:
    """The glossary's Markdown: A to Z, then a heading for each category, where its
    entries (`glossary_entries_html`) go once Markdown is rendered."""
    entries = sorted(catalog.terms.values(), key=_sort_key)
    by_letter = [(letter, list(group)) for letter, group in groupby(entries, key=lambda e: _sort_key(e)[0][:1].upper())]
    return templates.get_template("glossary.md").render(
        by_letter=by_letter, categories=[(heading, key) for heading, key, _ in _by_category(entries)])


def glossary_entries_html(catalog: Catalog, templates: jinja2.Environment, records: dict) -> dict[str, str]:
    """The glossary's entries, as HTML by category key; `records` holds each term's public record."""
    entries = sorted(catalog.terms.values(), key=_sort_key)
    names = {term_id: entry.term.term for term_id, entry in catalog.terms.items()}
    template = templates.get_template("glossary-entries.html")
    return {key: template.render(entries=group, names=names, records=records) for _, key, group in _by_category(entries)}


def _by_category(entries: list[Entry]) -> list[tuple[str, str, list[Entry]]]:
    """(heading, key, entries) for each category that has entries, in the glossary's order."""
    sections = [(category.heading, category.value, [e for e in entries if e.term.category is category]) for category in Category]
    sections.append(("Other terms", "other", [e for e in entries if e.term.category is None]))
    return [section for section in sections if section[2]]


def fact_check_index_markdown(templates: jinja2.Environment, verdicts: set[Verdict], scale_link: str = "") -> str:
    """The index's Markdown: a section for each verdict some fact-check has, in scale order."""
    return templates.get_template("fact-checks.md").render(verdicts=[v for v in Verdict if v in verdicts], scale_link=scale_link)


def corrections_markdown(templates: jinja2.Environment) -> str:
    """The corrections page's Markdown; its list is filled in once every page is annotated."""
    return templates.get_template("corrections.md").render()


def corrections_list_html(templates: jinja2.Environment, items: list["CorrectionItem"]) -> str:
    return templates.get_template("corrections-list.html").render(items=items)


@dataclass(frozen=True)
class CorrectionItem:
    """One line of the corrections page: a correction, a change of verdict, or both on one day."""

    date: datetime.date
    url: str  # the corrected note or term
    what: str  # "Fact-check 3", "Glossary", "Withdrawn fact-check"
    heading: str  # the note's heading or the term's name
    where: str  # the page's title
    note_html: str = ""  # the correction's note, rendered for the corrections page
    old: Verdict | str | None = None  # the verdict before, where it changed
    new: Verdict | str | None = None


def appears_in_html(templates: jinja2.Environment, places: list[Place]) -> str:
    return templates.get_template("appears-in.html").render(places=places)


def fact_check_list_html(templates: jinja2.Environment, items: list[dict]) -> str:
    return templates.get_template("fact-check-list.html").render(items=items)


def fill_placeholders(html: str, fill: Callable[[str, str], "str | None"]) -> str:
    """Replace each `<!--explainer:KIND:KEY-->` comment with `fill(KIND, KEY)`; None keeps it for later."""
    tokens = tokenize(html)
    for index, token in enumerate(tokens):
        if token.kind == "other" and token.source.startswith(f"<!--{PLACEHOLDER}"):
            kind, _, key = token.source[len(f"<!--{PLACEHOLDER}"):-3].partition(":")
            filled = fill(kind, key)
            if filled is not None:
                tokens[index] = Token("other", filled)
    return serialize(tokens)


def fill_generated_placeholders(html: str, fill: Callable[[str, str], "str | None"]) -> str:
    """`fill_placeholders` for a page the build generated, without reading it as tokens: every
    comment there is one of its own templates' (contributors' text is escaped, their Markdown
    keeps no comments), and a large glossary's page would otherwise be read whole once more."""
    def replace(match: re.Match) -> str:
        filled = fill(match.group(1), match.group(2))
        return match.group(0) if filled is None else filled
    return _GENERATED_PLACEHOLDER.sub(replace, html)


_GENERATED_PLACEHOLDER = re.compile(f"<!--{re.escape(PLACEHOLDER)}([a-z-]+):([^<>]*?)-->")


def _sort_key(entry: Entry) -> tuple[str, str]:
    name = entry.term.term
    return (name.casefold(), name)
