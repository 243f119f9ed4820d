"""The desk's Atom feed: new fact-checks and corrections, newest first.

Entries in, Atom XML out. Every piece of text goes through `escape.xml_text`;
every date comes from history, front matter or a correction, never from the
clock, so two builds of one commit write the same feed. A feed needs
absolute addresses: without the site's URL, or with nothing to announce,
there is no feed (and no link to one).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .escape import xml_text

FEED_FILE = "feed.xml"


@dataclass(frozen=True)
class FeedEntry:
    """One thing the desk published: a fact-check, or a correction."""

    id: str  # an absolute address, unique and stable: the entry's permalink, plus a fragment for a correction
    title: str
    updated: datetime.date
    link: str  # absolute
    summary: str  # plain text


def atom(title: str, site_url: str, entries: list[FeedEntry]) -> str:
    """The feed, or "" when there is nothing to announce or no absolute address to give."""
    if not entries or not site_url.startswith(("https://", "http://")):
        return ""
    site_url = site_url.rstrip("/") + "/"
    ordered = sorted(entries, key=lambda entry: (-entry.updated.toordinal(), entry.id))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{xml_text(title)}: fact-checks and corrections</title>",
        f"  <id>{xml_text(site_url + FEED_FILE)}</id>",
        f'  <link rel="self" type="application/atom+xml" href="{xml_text(site_url + FEED_FILE)}"/>',
        f'  <link rel="alternate" type="text/html" href="{xml_text(site_url)}"/>',
        f"  <updated>{_timestamp(ordered[0].updated)}</updated>",
        f"  <author><name>{xml_text(title)}</name></author>",
    ]
    for entry in ordered:
        lines += [
            "  <entry>",
            f"    <title>{xml_text(entry.title)}</title>",
            f"    <id>{xml_text(entry.id)}</id>",
            f'    <link rel="alternate" type="text/html" href="{xml_text(entry.link)}"/>',
            f"    <updated>{_timestamp(entry.updated)}</updated>",
            f"    <summary>{xml_text(entry.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _timestamp(day: datetime.date) -> str:
    # Atom wants a date and time; history knows the day: its start, in UTC.
    return f"{day.isoformat()}T00:00:00Z"
