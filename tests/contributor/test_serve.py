"""Editing under `mkdocs serve`: a broken annotation is reported, the server keeps serving, the fix is served.

A real `mkdocs serve` on a free loopback port, on a small project whose
mkdocs.yml has no `watch:` entry: the hooks watch annotations/ themselves.
Every wait is bounded, and the server is always stopped.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import mkdocs_serve, pagefind_proxy

PAGE = """\
# A page

During a crucial call on July 15, 2023, with European national security
advisers, Rubio spoke about security guarantees.
"""

NOTE = """\
annotations:
  - id: call-date
    type: fact-check
    quote: July 15, 2023
    claim: The call took place on July 15, 2023.
    verdict: {verdict}
    body: {body}
    sources:
      - title: Marco Rubio confirmed as Secretary of State
        url: https://www.keranews.org/2025-01-20/marco-rubio-confirmed-as-secretary-of-state
"""

GOOD = NOTE.format(verdict="incorrect", body="July 15, 2023 was a Saturday.")
BROKEN = NOTE.format(verdict="false", body="July 15, 2023 was a Saturday.")
FIXED = NOTE.format(verdict="incorrect", body="The call took place on Thursday 21 August 2025.")

REPORTED = ("WARNING -  explainer: annotations/page.yml:6:14: verdict must be one of accurate, mostly-accurate, "
            'missing-context, misleading, incorrect, unverified (got false, which YAML reads as a boolean: write "incorrect")')

TIMEOUT = 30  # seconds, for each thing awaited


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


@pytest.fixture
def served(make_project, tmp_path):
    """A running `mkdocs serve` of a fresh project: (project, page URL, function returning its log)."""
    project = make_project({"page.md": PAGE}, {"page.yml": GOOD})
    log_file = tmp_path / "serve.log"
    with mkdocs_serve(project / "mkdocs.yml", log_file) as (server, address):
        yield server, project, address + "page/", lambda: log_file.read_text(encoding="utf-8")


def wait_for(condition, what: str, log) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up after {TIMEOUT} s waiting for {what}; the server's log:\n{log()}")


def rewrite(path: Path, text: str) -> None:
    # A new modification time even on file systems with coarse timestamps.
    path.write_text(text, encoding="utf-8")
    later = time.time() + 1
    os.utime(path, (later, later))


def test_a_broken_annotation_is_reported_and_the_fix_is_served(served):
    server, project, url, log = served
    annotations = project / "annotations" / "page.yml"

    def page() -> str:
        status, html = fetch(url)
        return html if status == 200 else ""

    wait_for(lambda: 'data-note="call-date"' in page(), "the annotated page", log)

    rewrite(annotations, BROKEN)
    wait_for(lambda: REPORTED in log().splitlines(), "the problem in the log", log)
    wait_for(lambda: "During a crucial call" in page() and 'data-note="call-date"' not in page(),
             "the page served without the broken note", log)
    assert server.poll() is None, log()
    assert "Traceback" not in log()

    rewrite(annotations, FIXED)
    wait_for(lambda: "Thursday 21 August 2025" in page(), "the fixed note served", log)
    html = page()
    assert 'data-note="call-date"' in html and 'data-verdict="incorrect"' in html
    assert server.poll() is None, log()
    assert log().count(REPORTED) == 1  # reported by the broken build, not by the fixed one


SECRET = "secret_token_5f2c9a: do-not-print-this-7e41\n"  # were it read, the unknown key would be echoed

REFUSED = [f"WARNING -  explainer: annotations/{name}:1:1: {message}" for name, message in [
    ("broken.yml", "this is a symbolic link to a file that does not exist; replace it with the file itself, or remove it"),
    ("loop.yml", "this is a symbolic link that leads back to itself (a loop), and is not read; replace it with the file itself"),
    ("pipe.yml", "this is a FIFO (a named pipe), not a regular file, and is not read; remove it"),
    ("secret.yml", "this is a symbolic link to a file outside the site's folder, which is not read; replace the link with the file itself"),
]]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no FIFOs")
def test_links_pipes_and_leftovers_in_annotations_leave_the_server_serving(served, tmp_path):
    server, project, url, log = served
    annotations = project / "annotations"
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")

    def page() -> str:
        status, html = fetch(url)
        return html if status == 200 else ""

    def since_the_last_build() -> str:
        return log().rpartition("Building documentation")[2]

    wait_for(lambda: 'data-note="call-date"' in page(), "the annotated page", log)

    os.mkfifo(annotations / "pipe.yml")  # reading it would wait for a writer forever
    (annotations / "secret.yml").symlink_to(tmp_path / "secret.txt")
    (annotations / "broken.yml").symlink_to("missing.yml")
    (annotations / "loop.yml").symlink_to("loop.yml")
    (annotations / ".page.yml.swp").write_text(SECRET, encoding="utf-8")  # an editor's leftover: not a word
    rewrite(annotations / "page.yml", GOOD)
    wait_for(lambda: all(line in log().splitlines() for line in REFUSED), "each entry reported", log)
    wait_for(lambda: 'data-note="call-date"' in page(), "the annotated page, still served", log)
    assert server.poll() is None, log()
    assert "Traceback" not in log() and "swp" not in log() and "secret_token" not in log() and "do-not-print" not in log()

    for name in ("pipe.yml", "secret.yml", "broken.yml", "loop.yml"):
        (annotations / name).unlink()
    rewrite(annotations / "page.yml", FIXED)
    wait_for(lambda: "Thursday 21 August 2025" in page(), "the fixed note served", log)
    # "Reloading browsers" ends every build; MkDocs leaves out a "Documentation built in" that repeats an earlier one.
    wait_for(lambda: "Reloading browsers" in since_the_last_build() and "WARNING" not in since_the_last_build(),
             "a build without problems", log)
    assert server.poll() is None, log()


def test_a_burst_of_broken_edits_leaves_the_server_serving_the_last_one(served):
    server, project, url, log = served
    annotations = project / "annotations" / "page.yml"
    wait_for(lambda: 'data-note="call-date"' in fetch(url)[1], "the annotated page", log)
    bursts = [
        "annotations: [\n",  # unclosed
        "annotations: " + "[" * 900 + "]" * 900 + "\n",  # deeply nested
        "annotations: *nowhere\n",  # an alias to nothing
        "\x00\x01 not yaml at all",  # control characters
        BROKEN,
        "annotations:\n  - id: x\n    type: context\n    quote: " + "e " * 400 + "\n    body: y\n",  # a long quote found nowhere
    ]
    for text in bursts * 2:  # faster than a rebuild: edits land while builds run
        annotations.write_text(text, encoding="utf-8")
        time.sleep(0.05)
    rewrite(annotations, FIXED)
    wait_for(lambda: "Thursday 21 August 2025" in fetch(url)[1], "the fixed note served after the burst", log)
    assert server.poll() is None, log()
    assert "Traceback" not in log()


def test_a_rebuild_reloads_the_browsers_before_its_search_index_is_written(make_project, tmp_path, monkeypatch):
    slow = pagefind_proxy(tmp_path / "slow-pagefind", "time.sleep(4)")  # the index takes its time to come
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow))
    project = make_project({"page.md": PAGE}, {"page.yml": GOOD})
    log_file = tmp_path / "serve.log"
    with mkdocs_serve(project / "mkdocs.yml", log_file) as (server, address):
        def log() -> str:
            return log_file.read_text(encoding="utf-8")

        entry = address + "pagefind/pagefind-entry.json"
        # The first build writes its index before the server serves anything.
        wait_for(lambda: "Serving on" in log(), "the server", log)
        assert fetch(entry)[0] == 200, log()

        rewrite(project / "annotations" / "page.yml", FIXED)
        wait_for(lambda: log().count("Reloading browsers") == 1, "the reload after the edit", log)
        reloaded = time.monotonic()
        assert "Thursday 21 August 2025" in fetch(address + "page/")[1]
        assert fetch(entry)[0] == 404, "the reload waited for the index"

        # An edit while that index is being written: its build waits for it before emptying the site folder.
        rewrite(project / "annotations" / "page.yml", GOOD)
        wait_for(lambda: log().count("Reloading browsers") == 2, "the reload after the second edit", log)
        assert time.monotonic() - reloaded > 3, "the second build did not wait for the first one's index"
        assert "July 15, 2023 was a Saturday." in fetch(address + "page/")[1]
        wait_for(lambda: fetch(entry)[0] == 200, "the index, written after the reload", log)
        assert server.poll() is None, log()
        assert "WARNING -  explainer" not in log() and "Traceback" not in log(), log()


def descendants(server) -> dict[int, bytes]:
    """The server's child processes and theirs, each with its command line."""
    parents, commands = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            parents[pid] = int(stat.read_text(encoding="utf-8").rpartition(")")[2].split()[1])
            commands[pid] = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    found, frontier = {}, {server.pid}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier and pid not in found}
        found.update((pid, commands[pid]) for pid in frontier)
    return found


def pagefind_processes(server) -> list[int]:
    """The Pagefind indexers the server runs (from the process that annotates the pages)."""
    return [pid for pid, command in descendants(server).items() if b"pagefind" in command]


def annotating_processes(server) -> list[int]:
    """The processes the server forked to annotate a build's pages: they run the server's own command."""
    return [pid for pid, command in descendants(server).items() if b"mkdocs" in command and b"pagefind" not in command]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes are found through /proc")
def test_a_failed_rebuild_leaves_no_indexer_running(served):
    server, project, url, log = served
    wait_for(lambda: 'data-note="call-date"' in fetch(url)[1], "the annotated page", log)
    wait_for(lambda: not pagefind_processes(server), "the first build's indexer to stop", log)
    unreadable = project / "docs" / "gone.md"

    # A page MkDocs cannot read (here a second hook file fails on it, as MkDocs does on a page it cannot
    # decode or render) fails the rebuild after its indexer started and before it was handed its pages:
    # the indexer stays open until the next build closes it.
    (project / "hooks" / "fails_on_a_page.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if 'CANNOT BE READ' in markdown:\n"
        "        raise OSError('this page cannot be read')\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    rewrite(config, config.read_text(encoding="utf-8").replace("  - hooks/annotate.py\n", "  - hooks/annotate.py\n  - hooks/fails_on_a_page.py\n", 1))
    unreadable.write_text("# Gone\n\nCANNOT BE READ\n", encoding="utf-8")
    rewrite(project / "annotations" / "page.yml", FIXED)
    wait_for(lambda: "An error happened during the rebuild" in log(), "the failed rebuild", log)
    wait_for(lambda: len(pagefind_processes(server)) == 1, "the failed rebuild's indexer, left open", log)
    assert len(annotating_processes(server)) == 1, descendants(server)
    unreadable.unlink()
    rewrite(project / "annotations" / "page.yml", GOOD)
    wait_for(lambda: "Reloading browsers" in log().rpartition("An error happened during the rebuild")[2],
             "the rebuild after the fix", log)
    wait_for(lambda: not pagefind_processes(server) and not annotating_processes(server), "no indexer left running", log)

    # A theme template that does not compile fails the rebuild once every page was sent: the
    # index is written, and its indexer stopped, all the same.
    template = project / "overrides" / "main.html"
    theme = template.read_text(encoding="utf-8")
    failures = log().count("An error happened during the rebuild")
    template.write_text('{% extends "base.html" %}{% block content %}{{ broken( }}{% endblock %}', encoding="utf-8")
    rewrite(project / "annotations" / "page.yml", FIXED)
    wait_for(lambda: log().count("An error happened during the rebuild") > failures, "the second failed rebuild", log)
    wait_for(lambda: not pagefind_processes(server) and not annotating_processes(server), "no indexer left running", log)
    template.write_text(theme, encoding="utf-8")
    rewrite(project / "annotations" / "page.yml", GOOD)
    wait_for(lambda: "Reloading browsers" in log().rpartition("An error happened during the rebuild")[2],
             "the rebuild after the fix", log)
    assert server.poll() is None, log()