"""The search index as a build writes it, and a build whose indexer fails."""

from __future__ import annotations

import json

from helpers import mkdocs_build

PAGE = "# A page\n\nDuring a crucial call on July 15, 2023, Rubio spoke.\n"
NOTES = """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: A zanzibarian note.
"""


def test_the_index_is_written_with_the_pages_and_notes(make_project, tmp_path):
    project = make_project({"index.md": PAGE}, {"index.yml": NOTES})
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 0, site.log
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 2  # the page and its note
    assert (site.root / "pagefind" / "pagefind.js").is_file()


def test_a_pagefind_that_cannot_start_is_one_located_line_and_the_theme_search_stays(make_project, tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    project = make_project({"index.md": PAGE}, {"index.yml": NOTES})
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1  # strict: a site without its search is not published
    warnings = [line for line in site.log.splitlines() if line.startswith("WARNING")]
    assert warnings == [f"WARNING -  explainer: search: Pagefind could not be started ({tmp_path / 'no-such-pagefind'}: "
                        "No such file or directory); the site keeps the theme's own search"], site.log
    assert "Traceback" not in site.log
    lenient = mkdocs_build(project / "mkdocs.yml", tmp_path / "lenient", strict=False)
    index = json.loads((lenient.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("zanzibarian" in doc["text"] for doc in index["docs"])
    assert not (lenient.root / "pagefind").exists()


def test_a_pagefind_that_fails_while_writing_is_one_located_line(make_project, tmp_path, monkeypatch):
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'pagefind: out of cheese' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    project = make_project({"index.md": PAGE}, {"index.yml": NOTES})
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    warnings = [line for line in site.log.splitlines() if line.startswith("WARNING")]
    assert warnings == ["WARNING -  explainer: search: Pagefind stopped (exit status 3: pagefind: out of cheese); "
                        "the site keeps the theme's own search"], site.log
    assert "Traceback" not in site.log
