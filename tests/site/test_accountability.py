"""What the site published and when: dates, corrections, verdict history, the corrections page, the feed, ClaimReview.

A small site is committed to a temporary git repository in dated steps, as
a desk would publish it: a fact-check is added, its verdict changed with a
correction, a glossary term corrected, the article renamed. The site built
from that repository must show each step where readers look for it, with the
dates of the commits, never of the build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from helpers import DESK_CONFIG as CONFIG
from helpers import ROOT, BuiltSite, git, make_desk, mkdocs_build, write_file

ARTICLE_HTML = "articles/call/index.html"
SCHEMA_ORG_CLAIM_REVIEW = {"@context", "@type", "url", "claimReviewed", "author", "reviewRating", "itemReviewed",
                           "datePublished", "dateModified"}  # what schema.org's ClaimReview and Google's fact-check docs list
SCHEMA_ORG_CLAIM = {"@type", "appearance", "firstAppearance", "author", "datePublished"}
SCHEMA_ORG_CREATIVE_WORK = {"@type", "url", "headline", "datePublished", "publisher"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    """A site's repository after four dated steps (see `helpers.make_desk`)."""
    return make_desk(tmp_path_factory.mktemp("desk") / "site")


@pytest.fixture(scope="module")
def site(desk, tmp_path_factory) -> BuiltSite:
    built = mkdocs_build(desk / "mkdocs.yml", tmp_path_factory.mktemp("built") / "site")
    assert built.returncode == 0, built.log
    return built


def text(element) -> str:
    return " ".join(element.get_text().split())


def test_the_article_says_when_it_was_published_and_how_often_corrected(site):
    summary = site.page(ARTICLE_HTML).select_one(".ae-summary")
    dates = text(summary.select_one(".ae-summary__dates"))
    # The annotation file's first commit, followed across the rename.
    assert dates == "Published 1 September 2025. 1 correction."
    link = summary.select_one(".ae-summary__dates a")
    assert link["href"] == "../../corrections/"


def test_a_re_rated_note_shows_its_correction_its_verdicts_and_its_dates(site):
    note = site.page(ARTICLE_HTML).select_one('[data-note="call-date"]')
    assert text(note.select_one(".ae-record__corrected")) == "Corrected 1 October 2025 (all corrections)"
    assert "An earlier version rated this claim incorrect" in text(note.select_one(".ae-record__corrections"))
    assert text(note.select_one(".ae-record__ratings")) == \
        "Rated Incorrect on 1 September 2025, changed to Misleading on 1 October 2025."
    assert text(note.select_one(".ae-record__dates")) == "Added 1 September 2025; last changed 1 October 2025."
    assert note.select_one(".ae-record__dates time")["datetime"] == "2025-09-01"


def test_a_note_never_changed_shows_when_it_was_added_only(site):
    note = site.page(ARTICLE_HTML).select_one('[data-note="advisers"]')
    assert text(note.select_one(".ae-record__dates")) == "Added 1 September 2025."
    assert note.select_one(".ae-record__corrections") is None and note.select_one(".ae-record__ratings") is None


def test_every_note_and_term_can_be_reported_on_through_the_form_or_by_mail(site):
    for page, selector in ((ARTICLE_HTML, "[data-note]"), ("glossary/index.html", "[data-term-entry]")):
        for item in site.page(page).select(selector):
            report = item.select_one(".ae-record__report")
            links = report.select("a")
            assert links[0]["href"].startswith("https://github.com/example/explainers/issues/new?template=correction.yml&")
            assert links[1]["href"] == "mailto:corrections@explainers.example.org"
    first = site.page(ARTICLE_HTML).select_one('[data-note="call-date"] .ae-record__report a')["href"]
    assert "note=call-date" in first and "verdict=misleading" in first and "quote=July+15%2C+2023" in first


def test_a_corrected_term_says_so_on_the_glossary(site):
    entry = site.page("glossary/index.html").select_one('[data-term-entry="nato"]')
    assert text(entry.select_one(".ae-record__corrected")) == "Corrected 15 October 2025 (all corrections)"
    assert text(entry.select_one(".ae-record__dates")) == "Added 1 September 2025; last changed 15 October 2025."


def test_the_corrections_page_lists_every_correction_newest_first(site):
    page = site.page("corrections/index.html")
    items = page.select(".ae-correction")
    assert [text(item.select_one(".ae-correction__head")) for item in items] == [
        "15 October 2025: Glossary: NATO (Glossary)",
        "1 October 2025: Fact-check 1: The call took place on July 15, 2023. (A call about guarantees)",
    ]
    assert [a["href"] for a in page.select(".ae-correction__head a")] == ["../glossary/#nato", "../articles/call/#call-date"]
    verdicts = [badge["data-verdict"] for badge in items[1].select(".ae-correction__verdicts [data-verdict]")]
    assert verdicts == ["incorrect", "misleading"]
    about = page.select_one(".md-nav")
    assert about is not None and any(a.get_text(strip=True) == "Corrections" for a in about.select("a"))


def test_the_feed_is_valid_atom_with_dates_from_history(site):
    article = site.page(ARTICLE_HTML)
    link = article.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert link is not None and link["href"] == "../../feed.xml"
    feed = feedparser.parse((site.root / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "https://explainers.example.org/feed.xml"
    assert feed.feed.updated == "2025-10-15T00:00:00Z"
    entries = [(entry.updated[:10], entry.title, entry.link) for entry in feed.entries]
    assert entries == [
        ("2025-10-15", "Correction: NATO", "https://explainers.example.org/glossary/#nato"),
        ("2025-10-01", "Correction: The call took place on July 15, 2023.", "https://explainers.example.org/articles/call/#call-date"),
        ("2025-09-01", "Misleading: The call took place on July 15, 2023.", "https://explainers.example.org/articles/call/#call-date"),
    ]
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("https://explainers.example.org/") for i in ids)
    assert "Verdict changed from Incorrect to Misleading." in feed.entries[1].summary


def test_claim_review_has_its_dates_appearance_and_author(site):
    script = site.page(ARTICLE_HTML).select_one('head script[type="application/ld+json"]')
    [review] = json.loads(script.string)
    assert set(review) <= SCHEMA_ORG_CLAIM_REVIEW
    assert set(review["itemReviewed"]) <= SCHEMA_ORG_CLAIM
    assert set(review["itemReviewed"]["appearance"]) <= SCHEMA_ORG_CREATIVE_WORK
    assert review["datePublished"] == "2025-09-01" and review["dateModified"] == "2025-10-01"
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "url": "https://example.org/news/rubio-call", "headline": "Rubio says Europe should lead on guarantees",
        "publisher": {"@type": "Organization", "name": "Example News"}, "datePublished": "2025-08-22"}
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Example News"}
    assert review["itemReviewed"]["datePublished"] == "2025-08-22"
    assert review["reviewRating"]["alternateName"] == "Misleading"


def test_the_contact_address_is_on_the_about_page_only_where_configured(desk, tmp_path):
    write_file(desk / "docs" / "about.md", "# About\n\n<!--explainer:contact:-->\n")
    try:
        with_contact = mkdocs_build(desk / "mkdocs.yml", tmp_path / "with", strict=False)
        contact = with_contact.page("about/index.html").select_one(".ae-contact a")
        assert contact["href"] == "mailto:corrections@explainers.example.org"
        (desk / "mkdocs.yml").write_text(CONFIG.replace("    contact: corrections@explainers.example.org\n", "")
                                         .replace("repo_url: https://github.com/example/explainers\n", ""), encoding="utf-8")
        without = mkdocs_build(desk / "mkdocs.yml", tmp_path / "without", strict=False)
        about = without.page("about/index.html")
        assert about.select_one(".ae-contact") is None and "explainer:contact" not in str(about)
        assert without.page(ARTICLE_HTML).select_one(".ae-record__report") is None  # nothing to report to: left out
    finally:
        (desk / "docs" / "about.md").unlink()
        write_file(desk / "mkdocs.yml", CONFIG)


def test_without_history_the_build_works_says_so_once_and_shows_the_files(desk, tmp_path):
    tarball = tmp_path / "tarball"
    shutil.copytree(desk, tarball, ignore=shutil.ignore_patterns(".git"))
    built = mkdocs_build(tarball / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.log
    notices = [line for line in built.log.splitlines() if "dates and history are unavailable" in line]
    assert len(notices) == 1 and notices[0].startswith("INFO") and notices[0].count("unavailable") == 1, notices
    note = built.page(ARTICLE_HTML).select_one('[data-note="call-date"]')
    assert note.select_one(".ae-record__dates") is None and note.select_one(".ae-record__ratings") is None
    assert text(note.select_one(".ae-record__corrected")).startswith("Corrected 1 October 2025")  # the file says so
    assert not (built.root / "feed.xml").exists() or "Correction" in (built.root / "feed.xml").read_text(encoding="utf-8")


def test_a_shallow_clone_builds_without_dates(desk, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{desk}", str(clone)], check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    built = mkdocs_build(clone / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.log
    assert sum("dates and history are unavailable" in line for line in built.log.splitlines()) == 1
    assert built.page(ARTICLE_HTML).select_one(".ae-record__dates") is None


def test_two_builds_of_one_commit_are_identical(site, desk, tmp_path):
    again = mkdocs_build(desk / "mkdocs.yml", tmp_path / "again")
    for name in ("feed.xml", ARTICLE_HTML, "corrections/index.html", "glossary/index.html"):
        assert (again.root / name).read_bytes() == (site.root / name).read_bytes(), name


# ---------------------------------------------------------------- no silent change

CHECK = [sys.executable, str(ROOT / "hooks" / "check_annotations.py")]


def run_check(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_BASE_REF", "BASE")}
    environment.update(env, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([*CHECK, *args], cwd=folder, capture_output=True, text=True, env=environment, timeout=120)


@pytest.fixture
def branch(desk, tmp_path) -> Path:
    """A contributor's clone of the desk's repository, on a branch of its own."""
    clone = tmp_path / "clone"
    shutil.copytree(desk, clone)
    git(clone, "checkout", "-q", "-b", "contribution")
    return clone


def test_a_silent_change_of_verdict_is_refused_at_its_line(branch):
    path = branch / "annotations" / "articles" / "call.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: misleading", "verdict: accurate"), encoding="utf-8")
    done = run_check(branch)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "annotations/articles/call.yml:6:14: the verdict of 'call-date' changed from misleading to accurate since it was "
        "published on main, without a correction; add a `corrections:` entry (date, note) to it saying what changed and why"]


def test_a_change_of_verdict_with_a_new_correction_passes(branch):
    path = branch / "annotations" / "articles" / "call.yml"
    text_now = path.read_text(encoding="utf-8").replace("verdict: misleading", "verdict: accurate")
    text_now = text_now.replace("so it is misleading.\n", "so it is misleading.\n      - date: 2025-12-01\n        note: Re-rated accurate.\n")
    path.write_text(text_now, encoding="utf-8")
    done = run_check(branch)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_removed_fact_check_is_refused_unless_retired(branch):
    path = branch / "annotations" / "articles" / "call.yml"
    original = path.read_text(encoding="utf-8")
    without = "annotations:\n" + original[original.index("  - id: advisers"):]
    path.write_text(without, encoding="utf-8")
    done = run_check(branch)
    assert done.returncode == 1
    assert done.stdout.startswith("annotations/articles/call.yml:1:1: the fact-check 'call-date' was published on main and is no longer in this file")
    path.write_text(without + "retired:\n  - id: call-date\n    date: 2025-12-01\n    note: Withdrawn, as the article's date was a typo.\n",
                    encoding="utf-8")
    assert run_check(branch).returncode == 0


def test_the_base_is_the_pull_requests_under_github_actions_and_a_missing_one_is_an_error(branch, tmp_path):
    git(branch, "branch", "-q", "-m", "main", "trunk")
    missing = run_check(branch, GITHUB_ACTIONS="true", GITHUB_BASE_REF="trunk")  # origin/trunk was never fetched
    assert missing.returncode == 1
    assert "published fact-checks were not compared with origin/trunk" in missing.stdout
    assert "::error file=annotations" in missing.stdout
    local = run_check(branch, "--base", "trunk")
    assert local.returncode == 0, local.stdout + local.stderr


def test_without_git_the_check_says_so_in_one_line_and_passes(desk, tmp_path):
    tarball = tmp_path / "tarball"
    shutil.copytree(desk, tarball, ignore=shutil.ignore_patterns(".git"))
    done = run_check(tarball)
    assert done.returncode == 0, done.stdout + done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and "published fact-checks were not compared with" in notes[0]
