"""The public record of what the site published: dates, corrections, verdict history, reports.

Facts in, views out. A `NoteRecord` says when a note was added and last
changed, every verdict it has had (from the git history, `history.py`), its
corrections (from its file) and where a reader reports an error; a
`PageRecord` says the same of an article as a whole. Nothing here is read
from the clock: every date comes from the files or from history, so two
builds of one commit are identical.
"""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass, field

from .catalog import RenderedCorrection
from .escape import url_query
from .fact_check import Verdict
from .history import History, NoteHistory
from .models import FrontMatter

ISSUE_FORM = "correction.yml"  # .github/ISSUE_TEMPLATE/correction.yml: its field ids are the query's keys


@dataclass(frozen=True)
class Rating:
    """A verdict a fact-check had, from a day on."""

    verdict: str  # as the file said it; a value no longer on the scale is shown as written
    since: datetime.date

    @property
    def label(self) -> str:
        try:
            return Verdict(self.verdict).label
        except ValueError:
            return self.verdict


@dataclass
class NoteRecord:
    """What a reader can check about one note or term."""

    added: datetime.date | None = None
    changed: datetime.date | None = None
    ratings: list[Rating] = field(default_factory=list)  # oldest first; shown when there is more than one
    corrections: list[RenderedCorrection] = field(default_factory=list)
    report_url: str = ""  # a prefilled issue, where the site names its repository
    contact: str = ""  # an address for readers without a GitHub account
    corrections_url: str = ""  # the site's corrections page, for a corrected or re-rated note

    @property
    def rerated(self) -> bool:
        return len(self.ratings) > 1


@dataclass
class PageRecord:
    """When an article's explainer was published and reviewed, and how much it was corrected."""

    published: datetime.date | None = None
    reviewed: datetime.date | None = None
    corrections: int = 0  # correction entries on the page's notes
    corrections_url: str = ""


def note_record(history: NoteHistory | None, corrections: list[RenderedCorrection], report_url: str, contact: str,
                corrections_url: str = "") -> NoteRecord:
    """The record of one note or term from its history (None: not yet on the base branch, or no history)."""
    record = NoteRecord(corrections=corrections, report_url=report_url, contact=contact)
    if history is not None:
        record.added, record.changed = history.added, history.changed
        record.ratings = [Rating(change.verdict, change.since) for change in history.verdicts]
    if record.corrections or record.rerated:
        record.corrections_url = corrections_url
    return record


def page_record(front_matter: FrontMatter, file_path: str, history: History, notes: list[NoteRecord],
                corrections_url: str) -> PageRecord:
    """An article's dates: `published` from its front matter, else its annotation file's first commit."""
    first = history.file(file_path)
    published = front_matter.published or (first.first_commit if first else None)
    count = sum(len(note.corrections) for note in notes)
    return PageRecord(published, front_matter.reviewed, count, corrections_url if count else "")


def report_url(repo_url: str, page_url: str, note_id: str, quote: str, verdict: str = "") -> str:
    """A new issue in the site's repository, prefilled through its correction form; "" without a repository."""
    if not repo_url.startswith(("https://", "http://")):
        return ""
    fields = {"template": ISSUE_FORM, "title": f"Correction: {note_id} on {page_url}", "page": page_url,
              "note": note_id, "quote": quote}
    if verdict:
        fields["verdict"] = verdict
    return url_query(posixpath.join(repo_url.rstrip("/"), "issues", "new"), fields)


def contact_link(contact: str) -> str:
    """The address readers write to: a mailto: link for an e-mail address, else the web address itself."""
    if not contact:
        return ""
    return contact if contact.startswith(("https://", "http://")) else f"mailto:{contact}"
