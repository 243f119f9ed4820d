"""The search index as a build writes it, and a build whose indexer fails."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from explainer.index_reuse import MANIFEST
from helpers import mkdocs_build, pagefind_proxy

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


UNORDERED = re.compile(r"(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")  # see test_hardening


def index_files(site_root: Path) -> dict[str, Path]:
    """The index's files, but the list of them the build keeps beside them (`MANIFEST`)."""
    folder = site_root / "pagefind"
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file() and path.name != MANIFEST}


def words_in_fragments(site_root: Path) -> str:
    return " ".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                    for name, path in index_files(site_root).items() if name.startswith("fragment/"))


def test_a_rebuild_writes_its_index_over_the_last_one_and_keeps_only_what_it_has(make_project, tmp_path):
    project = make_project({"index.md": PAGE}, {"index.yml": NOTES})
    site = tmp_path / "site"
    first = mkdocs_build(project / "mkdocs.yml", site)
    assert first.returncode == 0, first.log
    stamps = {name: (path.stat().st_ino, path.stat().st_mtime_ns) for name, path in index_files(site).items()}

    (project / "annotations" / "index.yml").write_text(NOTES.replace("zanzibarian", "quokkaesque"), encoding="utf-8")
    again = mkdocs_build(project / "mkdocs.yml", site)
    assert again.returncode == 0, again.log
    fresh = mkdocs_build(project / "mkdocs.yml", tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.log

    rebuilt, made_anew = index_files(site), index_files(fresh.root)
    assert {n for n in rebuilt if not UNORDERED.search(n)} == {n for n in made_anew if not UNORDERED.search(n)}
    assert len(rebuilt) == len(made_anew)  # nothing of the last index left over
    assert all(rebuilt[n].read_bytes() == made_anew[n].read_bytes() for n in rebuilt if not UNORDERED.search(n))
    assert "quokkaesque" in words_in_fragments(site) and "zanzibarian" not in words_in_fragments(site)
    # What did not change was left as it was, neither made again nor rewritten: the page's own fragment, Pagefind's script.
    kept = [n for n, stamp in stamps.items() if n in rebuilt and (rebuilt[n].stat().st_ino, rebuilt[n].stat().st_mtime_ns) == stamp]
    assert "pagefind.js" in kept and any(n.startswith("fragment/") for n in kept), kept
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []
    assert sorted(json.loads((site / "pagefind" / MANIFEST).read_text(encoding="utf-8"))) == sorted(rebuilt)


def test_a_dirty_rebuild_annotates_every_page_again_and_searches_them_all(make_project, tmp_path):
    """`--dirty` renders again only the pages whose Markdown changed; an annotation file's edit, and the
    search index, span pages whose Markdown did not."""
    other = PAGE.replace("A page", "Another page").replace("Rubio", "Blinken")
    other_notes = NOTES.replace("zanzibarian", "wombatish")
    project = make_project({"index.md": PAGE, "other.md": other}, {"index.yml": NOTES, "other.yml": other_notes})
    site = tmp_path / "site"
    first = mkdocs_build(project / "mkdocs.yml", site)
    assert first.returncode == 0, first.log

    (project / "annotations" / "index.yml").write_text(NOTES.replace("zanzibarian", "quokkaesque"), encoding="utf-8")
    dirty = mkdocs_build(project / "mkdocs.yml", site, strict=False, dirty=True)  # MkDocs warns of --dirty itself
    assert dirty.returncode == 0, dirty.log
    assert "--dirty: every page is still rebuilt" in dirty.log
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "quokkaesque" in page and "zanzibarian" not in page
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 4  # both pages and their notes
    words = words_in_fragments(site)
    assert "quokkaesque" in words and "wombatish" in words and "Blinken" in words and "zanzibarian" not in words


def test_an_index_that_fails_leaves_nothing_of_the_last_one(make_project, tmp_path, monkeypatch):
    project = make_project({"index.md": PAGE}, {"index.yml": NOTES})
    site = tmp_path / "site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0
    assert (site / "pagefind" / "pagefind.js").is_file()
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'pagefind: out of cheese' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    failed = mkdocs_build(project / "mkdocs.yml", site, strict=False)
    assert "Pagefind stopped (exit status 3: pagefind: out of cheese)" in failed.log, failed.log
    assert not (site / "pagefind").exists()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


# A Pagefind that answers every message, but gives back a file that is not base64.
GARBLED = """\
#!{python}
import base64, json, sys
pending = b""
def answer(message_id, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps({{"message_id": message_id, "payload": payload}}).encode()) + b",")
    sys.stdout.buffer.flush()
while chunk := sys.stdin.buffer.read1(65536):
    pending += chunk
    *messages, pending = pending.split(b",")
    for message in messages:
        call = json.loads(base64.b64decode(message))
        kind = call["payload"]["type"]
        if kind == "NewIndex":
            answer(call["message_id"], {{"type": "NewIndex", "index_id": 1}})
        elif kind == "GetFiles":
            answer(call["message_id"], {{"type": "GetFiles", "files": [{{"path": "pagefind.js", "content": "not base64!"}}]}})
        else:
            answer(call["message_id"], {{"type": "IndexedFile", "page_word_count": 1, "page_url": "/", "page_meta": {{}}}})
"""


def test_files_that_cannot_be_read_leave_no_index_and_one_located_line(make_project, tmp_path, monkeypatch):
    project = make_project({"index.md": PAGE}, {"index.yml": NOTES})
    site = tmp_path / "site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0  # a good index first, to be written over
    fake = tmp_path / "garbled-pagefind"
    fake.write_text(GARBLED.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    garbled = mkdocs_build(project / "mkdocs.yml", site)
    assert garbled.returncode == 1, garbled.log  # strict: a site without its index is not published
    warnings = [line for line in garbled.log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "Pagefind's file 'pagefind.js' could not be read" in warnings[0], garbled.log
    assert "Traceback" not in garbled.log
    assert not (site / "pagefind").exists()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []


# A hook that runs as the theme renders a page, and notes whether the index had been asked for by then
# (waiting up to 10 s for it, so that the order, not a race, decides).
TEMPLATE_WATCHER = """\
import time
from pathlib import Path

def on_page_context(context, page, config, nav):
    asked = Path({asked!r})
    deadline = time.monotonic() + 10
    while not asked.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    with open({seen!r}, "a", encoding="utf-8") as seen:
        seen.write(f"{{page.file.src_uri}} {{'after' if asked.exists() else 'before'}}\\n")
    return context
"""


def test_the_index_is_made_while_the_theme_renders_the_pages(make_project, tmp_path, monkeypatch):
    """Every page is sent to Pagefind as it is read, and the index asked for before the theme renders
    the first page: Pagefind makes it on the other core meanwhile, rather than after the last page."""
    asked, seen = tmp_path / "asked-for-files", tmp_path / "templates.log"
    noting = pagefind_proxy(tmp_path / "noting-pagefind", f"pathlib.Path({str(asked)!r}).touch()")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(noting))
    project = make_project({"index.md": PAGE, "second.md": "# Second\n\nAnother page.\n"}, {"index.yml": NOTES})
    (project / "hooks" / "template_watcher.py").write_text(TEMPLATE_WATCHER.format(asked=str(asked), seen=str(seen)),
                                                        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n  - hooks/annotate.py\n", "hooks:\n  - hooks/annotate.py\n  - hooks/template_watcher.py\n"), encoding="utf-8")
    assert "template_watcher" in config.read_text(encoding="utf-8")

    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.log
    rendered = seen.read_text(encoding="utf-8").split("\n")
    assert {line.split()[0] for line in rendered if line} >= {"index.md", "second.md"}
    assert all(line.endswith(" after") for line in rendered if line), rendered
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()
