"""Contributors' mistakes, through a real `mkdocs build --strict`.

Each is reported once as `annotations/...yml:LINE:COL: message` through the
`mkdocs.plugins.explainer` logger, fails the strict build, and never shows a
traceback. Without --strict the site still builds, without the broken note.
"""

from __future__ import annotations

import pytest

from helpers import mkdocs_build

PAGE = """\
# A page

During a crucial call on July 15, 2023, with European national security
advisers, Rubio spoke about *security guarantees*. Later, security guarantees
came up again.
"""

GLOSSARY = """\
terms:
  - id: security-guarantee
    term: Security guarantee
    aliases: [security guarantees]
    category: concept
    definition: A pledge by one state to defend another.
"""

GOOD = """\
  - id: good-note
    type: context
    quote: European national security advisers
    body: A note that is fine.
"""

CASES = {
    "unknown key": (
        """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: x
    sorces: []
""", "annotations/page.yml:6:5: unknown key 'sorces'; did you mean 'sources'?"),
    "wrong type": (
        """\
annotations:
  - id: call-date
    type: context
    quote: 2023
    body: x
""", "annotations/page.yml:4:12: quote must be text (got 2023), which YAML reads as a number: put it in quotes"),
    "missing field": (
        """\
annotations:
  - id: call-date
    type: fact-check
    quote: July 15, 2023
    verdict: incorrect
    body: x
    sources:
      - title: A source
        url: https://example.org/a
""", "annotations/page.yml:2:5: a fact-check needs 'claim'; add it (for example `claim: ...`)"),
    "quote not found": (
        """\
annotations:
  - id: call-date
    type: context
    quote: July 16, 2023
    body: x
""", "annotations/page.yml:4:12: quote not found on docs/page.md; the closest passage, \"July [-16,-]{+15,+} 2023\" (confidence 0.92), "
       "has other figures, so the note is not moved: check the note against the page's figures, then correct the quote by hand"),
    "ambiguous quote": (
        """\
annotations:
  - id: guarantees
    type: context
    quote: security guarantees
    body: x
""", "annotations/page.yml:4:12: quote matches 2 places on docs/page.md: "
        "1) ...y advisers, Rubio spoke about [security guarantees]. Later, security guarantees c... (prefix: \"spoke about\"); "
        "2) ...t security guarantees. Later, [security guarantees] came up again.... (prefix: \"guarantees. Later,\"); "
        "add a prefix or suffix to pick one"),
    "duplicate id": (
        """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: x
  - id: call-date
    type: context
    quote: Rubio spoke
    body: y
""", "annotations/page.yml:6:9: the id 'call-date' is used twice on this page; give this annotation another id"),
    "unknown term": (
        """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: x
    terms: [security-guarantees]
""", "annotations/page.yml:6:13: terms names 'security-guarantees', which is not a glossary term; did you mean 'security-guarantee'?"),
    "yaml syntax error": (
        """\
annotations:
  - id: call-date
    type: context
    quote: "July 15, 2023
    body: x
""", None),
}


@pytest.mark.parametrize("name", CASES)
def test_mistake_is_located_and_fails_the_strict_build(make_project, tmp_path, name):
    text, expected = CASES[name]
    project = make_project({"page.md": PAGE}, {"page.yml": text}, GLOSSARY)
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1
    assert "Traceback" not in site.log
    lines = [line for line in site.log.splitlines() if "annotations/page.yml:" in line]
    assert len(lines) == 1, site.log
    if expected is None:  # YAML's own wording; the location and the hint are ours
        assert "annotations/page.yml:4:12: YAML syntax error" in lines[0]
    else:
        assert lines[0] == f"WARNING -  explainer: {expected}"


def test_without_strict_the_rest_of_the_page_still_builds(make_project, tmp_path):
    broken = CASES["quote not found"][0] + GOOD
    project = make_project({"page.md": PAGE}, {"page.yml": broken}, GLOSSARY)
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 0, site.log
    page = site.page("page/index.html")
    assert page.select_one('mark[data-annotation="good-note"]') is not None
    assert page.select_one('[data-note="call-date"]') is None


def test_every_problem_of_every_file_in_one_run(make_project, tmp_path):
    project = make_project(
        {"page.md": PAGE, "other.md": PAGE},
        {"page.yml": CASES["unknown key"][0], "other.yml": CASES["duplicate id"][0], "missing.yml": GOOD.replace("  -", "annotations:\n  -", 1)},
        GLOSSARY,
    )
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    located = [line for line in site.log.splitlines() if "explainer: annotations/" in line]
    assert [line.split("explainer: ")[1].split(":")[0] for line in located] == [
        "annotations/missing.yml", "annotations/other.yml", "annotations/page.yml"]
    assert "there is no page docs/missing.md" in located[0]


@pytest.mark.parametrize("name", ["yaml syntax error", "quote not found", "missing field"])
def test_links_to_a_note_left_out_are_not_reported_again(make_project, tmp_path, name):
    # Another page links to the note; the note's own problem is the one line that says what to fix.
    other = "# Another page\n\nSee [the date](page.md#call-date).\n"
    project = make_project({"page.md": PAGE, "other.md": other}, {"page.yml": CASES[name][0]}, GLOSSARY)
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1
    warnings = [line for line in site.log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "annotations/page.yml:" in warnings[0], site.log


def test_a_link_to_a_note_that_never_was_is_still_reported(make_project, tmp_path):
    other = "# Another page\n\nSee [the date](page.md#no-such-note).\n"
    project = make_project({"page.md": PAGE, "other.md": other}, {"page.yml": CASES["yaml syntax error"][0]}, GLOSSARY)
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert "does not contain an anchor '#no-such-note'" in site.log, site.log
