"""Every page's head links to the feed before the pages are annotated: `feed_expected` must promise
exactly the feed that `feed` then makes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from explainer.build import ExplainerBuild, Settings
from explainer.history import FileHistory, History, NoteHistory, VerdictChange

PAGE_HTML = "<h1>A page</h1>\n<p>During a crucial call on July 15, 2023, Rubio spoke.</p>"
CONTEXT = "  - id: call-date\n    type: context\n    quote: July 15, 2023\n    body: A note.\n"
FACT_CHECK = ("  - id: call-date\n    type: fact-check\n    quote: July 15, 2023\n    claim: The call was in 2023.\n"
              "    verdict: accurate\n    body: A note.\n    sources:\n      - title: A report\n"
              "        url: https://example.org/report\n")
CORRECTED = CONTEXT + "    corrections:\n      - date: 2025-10-01\n        note: An earlier version said 2024.\n"
ADDED = NoteHistory("call-date", date(2025, 9, 1))
RERATED = NoteHistory("call-date", date(2025, 9, 1), verdicts=[VerdictChange("misleading", date(2025, 9, 1)),
                                                                VerdictChange("accurate", date(2025, 10, 1))])
SITE = "https://explainers.example.org/"


def history(note: NoteHistory | None) -> History:
    if note is None:
        return History.unavailable("no history here")
    return History({"page.yml": FileHistory("page.yml", note.added, note.added, notes={note.id: note})})


@pytest.mark.parametrize("site_url, annotation, note, expected", [
    ("", FACT_CHECK, ADDED, False),  # no absolute address to give
    (SITE, CONTEXT, ADDED, False),  # a context note is announced only once corrected
    (SITE, FACT_CHECK, None, False),  # a fact-check without a date
    (SITE, FACT_CHECK, ADDED, True),
    (SITE, CORRECTED, None, True),
    (SITE, FACT_CHECK.replace("accurate", "misleading", 1), RERATED, True),  # a change of verdict is a correction
])
def test_the_feed_is_promised_when_and_only_when_it_comes(tmp_path: Path, site_url, annotation, note, expected):
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "page.yml").write_text("annotations:\n" + annotation, encoding="utf-8")
    build = ExplainerBuild.load(folder, "annotations", {"page.md"}, Settings(site_url=site_url), tmp_path, history(note))
    assert not build.problems, build.problems
    promised = build.feed_expected()
    build.annotate(PAGE_HTML, "page.md")
    assert promised is expected
    assert bool(build.feed({"page.md": "A page"})) is expected


def test_the_promise_overshoots_only_where_no_dated_fact_check_is_on_its_page(tmp_path: Path):
    """A fact-check is announced once it is on its page; whether it is comes after the heads are
    rendered. Where not one dated fact-check could be placed (each a warning, which fails a strict
    build), the pages link to a feed that is not written."""
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "page.yml").write_text("annotations:\n" + FACT_CHECK.replace("quote: July 15, 2023", "quote: not on the page"),
                                     encoding="utf-8")
    build = ExplainerBuild.load(folder, "annotations", {"page.md"}, Settings(site_url=SITE), tmp_path, history(ADDED))
    assert build.feed_expected()
    assert build.annotate(PAGE_HTML, "page.md").problems
    assert build.feed({"page.md": "A page"}) == ""
