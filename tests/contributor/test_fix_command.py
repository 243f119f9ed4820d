"""`make fix`: the quotes that drifted are rewritten in place, byte for byte apart from the new
values; orphans are listed and left alone; run twice, it changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.yamledit import CannotRewrite, rewrite
from explainer.yamlsource import load
from helpers import ROOT, mkdocs_build

FIX = [sys.executable, str(ROOT / "hooks" / "fix_annotations.py")]
CHECK = [sys.executable, str(ROOT / "hooks" / "check_annotations.py")]

# The page as first published, then as corrected by its publisher.
PAGE = """\
# A call about guarantees

During a crucial call on July 15, 2023, with European national security advisers, Rubio spoke about security guarantees.

“Some may contribute boots on the grund. Some are ready to provide air defense,” Zelensky noted.

He revealed that 30 countries have signaled readiness to provide various forms of support.

UK Defense Secretary John Healey reiterated his country’s readiness to send troops to Ukraine.
"""
CORRECTED = (PAGE.replace("During a crucial call", "During a call")
             .replace("boots on the grund", "boots on the ground")
             .replace("He revealed that 30 countries", "He revealed that 31 countries")
             .replace("UK Defense Secretary John Healey reiterated", "UK Defence Secretary John Healey reiterated"))

# Comments, blank lines, every quoting style, a flow mapping and a folded block: all kept.
ANNOTATIONS = """\
# yaml-language-server: $schema=../schema/annotations.schema.json
# Notes on the call.

annotations:
  # The date, which the article gets wrong.
  - id: call-date
    type: context
    quote: July 15, 2023   # as printed
    prefix: 'a crucial call on'
    body: The call took place on 21 August 2025.

  - {id: boots, type: context, quote: "Some may contribute boots on the grund", body: No source was found.}

  - id: thirty
    type: context
    quote: >-
      He revealed that 30 countries
      have signaled readiness
    body: Zelensky said so on 19 August.
  - id: healey
    type: context
    quote: "UK Defense Secretary John Healey reiterated his country's readiness"
    suffix: " to send troops"
    body: |
      After a ceasefire.
"""


@pytest.fixture
def project(make_project):
    return make_project({"page.md": PAGE}, {"page.yml": ANNOTATIONS})


def run(command: list[str], project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(command, capture_output=True, text=True, cwd=project, env=env, timeout=120)


def test_the_published_page_anchors_every_quote(project):
    done = run(CHECK, project)
    assert done.returncode == 0, done.stdout + done.stderr


def test_drift_is_rewritten_in_place_and_orphans_are_listed(project):
    (project / "docs" / "page.md").write_text(CORRECTED, encoding="utf-8")
    check = run(CHECK, project)
    assert check.returncode == 1
    assert [line.split(": ", 1)[1].split(" on docs/page.md")[0] for line in check.stdout.splitlines()] == [
        "quote drifted", "quote drifted", "quote not found", "quote drifted"]
    done = run(FIX, project)
    assert done.returncode == 1  # an orphan is left, to fix by hand
    assert done.stdout.splitlines() == [
        "annotations/page.yml:8:12: rewrote 'call-date' to the page's text: prefix \"During a call on\" (confidence 0.91)",
        "annotations/page.yml:12:39: rewrote 'boots' to the page's text: quote \"Some may contribute boots on the ground\" (confidence 0.98)",
        "annotations/page.yml:22:12: rewrote 'healey' to the page's text: quote \"UK Defence Secretary John Healey reiterated his country’s readiness\" "
        "(confidence 0.98)",
        "Left as they are, to fix by hand (1 note: the quote is gone, or no passage is clearly the one it has become):",
        check.stdout.splitlines()[2],  # the orphan, exactly as the check says it
    ]
    assert "Rewrote 3 drifted notes in 1 file." in done.stderr
    # Byte for byte the same file, but for the three values, each in the quoting it had.
    assert (project / "annotations" / "page.yml").read_text(encoding="utf-8") == (
        ANNOTATIONS.replace("prefix: 'a crucial call on'", "prefix: 'During a call on'")
        .replace('quote: "Some may contribute boots on the grund"', 'quote: "Some may contribute boots on the ground"')
        .replace('quote: "UK Defense Secretary John Healey reiterated his country\'s readiness"',
                 'quote: "UK Defence Secretary John Healey reiterated his country’s readiness"'))
    after = run(CHECK, project)
    assert after.stdout.splitlines() == [check.stdout.splitlines()[2]]  # only the orphan is left


def test_a_file_with_a_byte_order_mark_is_fixed_and_keeps_it(project):
    # Some editors start UTF-8 files with one; the check and the fix read past it, and write it back.
    path = project / "annotations" / "page.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run(CHECK, project).returncode == 0
    (project / "docs" / "page.md").write_text(CORRECTED, encoding="utf-8")
    done = run(FIX, project)
    assert "Rewrote 3 drifted notes in 1 file." in done.stderr, done.stdout + done.stderr
    fixed = path.read_bytes()
    assert fixed.startswith(b"\xef\xbb\xbf") and b"boots on the ground" in fixed
    assert fixed.count(b"\xef\xbb\xbf") == 1


def test_run_twice_it_changes_nothing(project):
    (project / "docs" / "page.md").write_text(CORRECTED, encoding="utf-8")
    run(FIX, project)
    fixed = (project / "annotations" / "page.yml").read_bytes()
    again = run(FIX, project)
    assert (project / "annotations" / "page.yml").read_bytes() == fixed
    assert "No quote has drifted: nothing to rewrite." in again.stderr
    assert [line for line in again.stdout.splitlines() if "rewrote" in line] == []


def test_nothing_drifted_writes_nothing_and_exits_zero(project):
    before = (project / "annotations" / "page.yml").stat().st_mtime_ns
    done = run(FIX, project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert (project / "annotations" / "page.yml").stat().st_mtime_ns == before


def test_after_the_fix_the_site_builds_strictly(make_project, tmp_path):
    project = make_project({"page.md": PAGE}, {"page.yml": ANNOTATIONS.split("  - id: thirty")[0]})
    (project / "docs" / "page.md").write_text(CORRECTED, encoding="utf-8")
    drifted = mkdocs_build(project / "mkdocs.yml", tmp_path / "before")
    assert drifted.returncode == 1 and "quote drifted on docs/page.md" in drifted.log  # strict: drift fails the build
    assert run(FIX, project).returncode == 0
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "after")
    assert site.returncode == 0, site.log
    assert len(site.page("page/index.html").select("mark[data-annotation]")) == 2


def test_serve_style_build_places_a_drifted_note(make_project, tmp_path):
    """Without --strict (as `mkdocs serve` builds), a drifted note is placed, and the warning shown."""
    project = make_project({"page.md": PAGE}, {"page.yml": ANNOTATIONS})
    (project / "docs" / "page.md").write_text(CORRECTED, encoding="utf-8")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 0, site.log
    page = site.page("page/index.html")
    assert {mark["data-annotation"] for mark in page.select("mark[data-annotation]")} == {"call-date", "boots", "healey"}
    assert "WARNING -  explainer: annotations/page.yml:12:39: quote drifted on docs/page.md" in site.log
    # The check says the same, line for line.
    logged = [line.removeprefix("WARNING -  explainer: ") for line in site.log.splitlines() if line.startswith("WARNING -  explainer: ")]
    assert sorted(logged) == sorted(run(CHECK, project).stdout.splitlines())


# ---------------------------------------------------------------- the splice, value by value


@pytest.mark.parametrize("written, value, expected", [
    ("quote: plain words\n", "new words", "quote: new words\n"),
    ("quote: plain words\n", "2024", "quote: '2024'\n"),  # a number would not read back as text
    ("quote: plain words\n", "a: b", "quote: 'a: b'\n"),
    ("quote: 'single'\n", "it's", "quote: 'it''s'\n"),
    ('quote: "double"  # note\n', 'say "yes"', 'quote: "say \\"yes\\""  # note\n'),
    ("quote: >-\n  folded\n  text\n\nnext: 1\n", "one line", "quote: >-\n  one line\n\nnext: 1\n"),
    ("quote: |\n  literal\nnext: 1\n", "new", "quote: |\n  new\nnext: 1\n"),
    ("- {quote: flow, body: x}\n", "a, b", "- {quote: 'a, b', body: x}\n"),
    ("quote: \"with\\ttab\"\n", "no tab", "quote: \"no tab\"\n"),
])
def test_a_value_is_written_in_the_style_that_holds_it(written, value, expected):
    document, problems = load(written, "x.yml")
    assert not problems
    at = (0, "quote") if written.startswith("-") else ("quote",)
    new = rewrite(written, document, {at: value})
    assert new == expected
    reread, _ = load(new, "x.yml")
    assert reread.data == _replaced(document.data, at, value if not written.startswith("quote: |") else value + "\n")


def _replaced(data, at, value):
    import copy

    data = copy.deepcopy(data)
    target = data
    for part in at[:-1]:
        target = target[part]
    target[at[-1]] = value
    return data


def test_a_value_that_cannot_read_back_is_never_written():
    document, _ = load("quote: x\n", "x.yml")
    with pytest.raises(CannotRewrite):
        rewrite("quote: x\n", document, {("body",): "y"})
