"""The pages' and the theme's folders are untrusted too: links, pipes and devices there.

MkDocs follows symbolic links in docs/ and copies what they lead to into the
site, so a pull request adding `docs/x.txt` as a link to `../.git/config`
(where actions/checkout keeps the job's token) or to a file of the build
machine would have the deploy publish it. Each such entry is a located line
and is left out of the site; a folder link MkDocs would walk out of the site
(to `/`, say) or round a loop stops the build before MkDocs lists anything.
Links that stay inside the site, outside its hidden folders, work as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.site_files import scan
from helpers import MINIMAL_CONFIG, ROOT

SECRET = "secret_token_5f2c9a: do-not-print-this-7e41\n"

OUTSIDE = ("this is a symbolic link to a file outside the site's folder, whose content MkDocs would publish; "
           "it is left out of the site: replace the link with the file itself, or remove it")
HIDDEN = ("this is a symbolic link into a hidden file or folder (such as .git), whose content MkDocs would publish; "
          "it is left out of the site: replace the link with the file itself, or remove it")
FIFO = "this is a FIFO (a named pipe), not a regular file, which MkDocs cannot publish; it is left out of the site: remove it"
BROKEN = "this is a symbolic link to a file that does not exist; it is left out of the site: replace it with the file itself, or remove it"
LOOP = ("this is a symbolic link that leads back to itself (a loop); it is left out of the site: "
        "replace it with the file itself, or remove it")
FOLDER_OUTSIDE = ("this is a symbolic link to a folder outside the site's folder, whose content MkDocs would publish; "
                  "the build stops before MkDocs lists the pages: replace the link with the folder itself, or remove it")
FOLDER_LOOP = ("this is a symbolic link to a folder that holds it, which MkDocs would walk round and round; "
               "the build stops before MkDocs lists the pages: remove the link")

UNPRINTABLE = ("this file's name holds a line break or another control character (written here as an escape), which would "
               "put lines of its own in the build's log; it is left out of the site: rename it")

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no FIFOs")


def assert_nothing_secret(text: str) -> None:
    assert "secret_token_5f2c9a" not in text and "do-not-print-this-7e41" not in text


@pytest.fixture
def project(tmp_path) -> Path:
    """A site's folder with one page; a secret lies beside it, outside, and in its .git folder."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    root = tmp_path / "project"
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nA page.\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(SECRET, encoding="utf-8")
    return root


# -- the scan, through the core ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, target, message", [
    ("leak.txt", "../../secret.txt", OUTSIDE),
    ("passwd.md", "/etc/passwd", OUTSIDE),
    ("zero.bin", "/dev/zero", OUTSIDE),
    ("token.txt", "../.git/config", HIDDEN),
    ("broken.png", "missing.png", BROKEN),
    ("self.md", "self.md", LOOP),
])
def test_a_file_link_that_cannot_be_published_is_left_out(project, name, target, message):
    (project / "docs" / name).symlink_to(target)
    found = scan(project / "docs", "docs", project)
    assert [str(problem) for problem in found.problems] == [f"docs/{name}:1:1: {message}"]
    assert found.left_out == {str(project / "docs" / name)}
    assert not found.walk_unsafe


@needs_fifos
def test_a_fifo_is_left_out_unopened(project):
    os.mkfifo(project / "docs" / "articles" / "pipe.md")
    found = scan(project / "docs", "docs", project)  # opening it would wait for a writer: the test would hang
    assert [str(problem) for problem in found.problems] == [f"docs/articles/pipe.md:1:1: {FIFO}"]
    assert found.left_out == {str(project / "docs" / "articles" / "pipe.md")}


@pytest.mark.parametrize("target, message", [
    ("/", FOLDER_OUTSIDE),
    ("../../..", FOLDER_OUTSIDE),
    ("..", FOLDER_LOOP),  # the folder that holds it
    ("../..", FOLDER_LOOP),  # the site's folder, which holds docs/
    (".", FOLDER_LOOP),
])
def test_a_folder_link_out_of_the_site_or_round_a_loop_stops_the_listing(project, target, message):
    (project / "docs" / "articles" / "all").symlink_to(target)
    found = scan(project / "docs", "docs", project)
    assert [str(problem) for problem in found.problems] == [f"docs/articles/all:1:1: {message}"]
    assert found.walk_unsafe


def test_a_folder_link_into_the_git_folder_stops_the_listing(project):
    (project / "docs" / "git").symlink_to("../.git")
    found = scan(project / "docs", "docs", project)
    assert [str(problem) for problem in found.problems] == [
        "docs/git:1:1: this is a symbolic link into a hidden file or folder (such as .git), whose content MkDocs would "
        "publish; the build stops before MkDocs lists the pages: replace the link with the folder itself, or remove it"]
    assert found.walk_unsafe


def test_links_inside_the_site_are_followed_and_what_they_hold_is_scanned(project):
    (project / "images").mkdir()
    (project / "images" / "map.png").write_bytes(b"\x89PNG")
    (project / "images" / "leak.txt").symlink_to("../../secret.txt")
    (project / "docs" / "images").symlink_to("../images")
    (project / "docs" / "map.png").symlink_to("../images/map.png")
    found = scan(project / "docs", "docs", project)
    assert [str(problem) for problem in found.problems] == [f"docs/images/leak.txt:1:1: {OUTSIDE}"]
    assert found.left_out == {str(project / "docs" / "images" / "leak.txt")}
    assert not found.walk_unsafe


def test_a_pages_folder_that_leads_out_of_the_site_is_not_listed(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "docs").symlink_to("../elsewhere")
    found = scan(tmp_path / "project" / "docs", "docs", tmp_path / "project")
    assert found.walk_unsafe and [problem.path for problem in found.problems] == ["docs"]


# -- through real builds and the check command, under a timeout ---------------------------------------------------

def install(project: Path) -> Path:
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "annotations").mkdir()
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    return project / "mkdocs.yml"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("SITE_URL", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def build(config: Path, site_dir: Path, *strict: str) -> tuple[int, str]:
    done = run([sys.executable, "-m", "mkdocs", "build", *strict, "-f", str(config), "-d", str(site_dir)], config.parent)
    return done.returncode, done.stdout + done.stderr


def explainer_lines(log: str) -> list[str]:
    prefix = "WARNING -  explainer: "
    return sorted(line.removeprefix(prefix) for line in log.splitlines() if line.startswith(prefix))


def assert_site_holds_nothing_secret(site_dir: Path) -> None:
    for built in site_dir.rglob("*"):
        if built.is_file():
            assert_nothing_secret(built.read_bytes().decode("utf-8", errors="replace"))


@needs_fifos
def test_a_build_publishes_none_of_them_and_says_where_each_is(project, tmp_path):
    config = install(project)
    docs = project / "docs"
    (docs / "leak.txt").symlink_to("../../secret.txt")
    (docs / "token.txt").symlink_to("../.git/config")
    (docs / "articles" / "secret.md").symlink_to("../../../secret.txt")
    (docs / "zero.bin").symlink_to("/dev/zero")
    (docs / "broken.png").symlink_to("missing.png")
    os.mkfifo(docs / "pipe.txt")
    (docs / "a\n::error::forged.md").write_text("# Forged\n", encoding="utf-8")
    (docs / "chart.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"/>')
    expected = sorted([f"docs/leak.txt:1:1: {OUTSIDE}", f"docs/token.txt:1:1: {HIDDEN}", f"docs/articles/secret.md:1:1: {OUTSIDE}",
                       f"docs/zero.bin:1:1: {OUTSIDE}", f"docs/broken.png:1:1: {BROKEN}", f"docs/pipe.txt:1:1: {FIFO}",
                       f"docs/a\\n::error::forged.md:1:1: {UNPRINTABLE}",
                       "docs/chart.svg:1:1: " + DOCUMENT.format("the event handler onload=, which runs script on the site's address")])

    status, log = build(config, tmp_path / "site")  # not strict: the site is built, without them
    assert status == 0, log
    assert "Traceback" not in log
    assert explainer_lines(log) == expected
    assert not any(line.startswith("::") for line in log.splitlines()), log
    assert_nothing_secret(log)
    assert (tmp_path / "site" / "index.html").is_file()
    assert not any((tmp_path / "site" / name).exists() for name in ("leak.txt", "token.txt", "zero.bin", "pipe.txt", "articles/secret",
                                                                   "chart.svg"))
    assert_site_holds_nothing_secret(tmp_path / "site")

    status, log = build(config, tmp_path / "strict-site", "--strict")
    assert status == 1 and "Traceback" not in log
    assert explainer_lines(log) == expected

    done = run([sys.executable, str(ROOT / "hooks" / "check_annotations.py"), "-f", str(config)], project)
    assert done.returncode == 1, done.stderr
    assert sorted(done.stdout.splitlines()) == expected
    assert "Traceback" not in done.stderr
    assert_nothing_secret(done.stdout + done.stderr)


@pytest.mark.parametrize("target, message", [("/", FOLDER_OUTSIDE), ("..", FOLDER_LOOP)])
def test_a_folder_link_out_of_bounds_stops_the_build_before_mkdocs_walks_it(project, tmp_path, target, message):
    config = install(project)
    (project / "docs" / "articles" / "all").symlink_to(target)
    status, log = build(config, tmp_path / "site")  # under the timeout: MkDocs would otherwise walk the whole disk
    assert status == 1
    assert "Traceback" not in log
    assert explainer_lines(log) == [f"docs/articles/all:1:1: {message}"]
    assert "ERROR   -  docs: the build stops here, before MkDocs reads what is said above" in log.splitlines()
    assert not (tmp_path / "site" / "articles" / "all").exists()

    done = run([sys.executable, str(ROOT / "hooks" / "check_annotations.py"), "-f", str(config)], project)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [f"docs/articles/all:1:1: {message}"]


def test_a_theme_template_linked_out_of_the_site_stops_the_build(project, tmp_path):
    # The theme reads its templates by name (every page includes partials/copyright.html), so one
    # cannot be left out of a list the way a page is: the build stops before any is read.
    config = install(project)
    (project / "overrides" / "partials").mkdir(exist_ok=True)
    (project / "overrides" / "partials" / "copyright.html").symlink_to("../../.git/config")
    status, log = build(config, tmp_path / "site")
    assert status == 1 and "Traceback" not in log
    assert explainer_lines(log) == [
        "overrides/partials/copyright.html:1:1: this is a symbolic link into a hidden file or folder (such as .git), whose "
        "content MkDocs would publish; the build stops, since the theme reads its files by name: replace the link with "
        "the file itself, or remove it"]
    assert "ERROR   -  overrides: the build stops here, before MkDocs reads what is said above" in log.splitlines()
    assert_nothing_secret(log)
    assert_site_holds_nothing_secret(tmp_path / "site")

    done = run([sys.executable, str(ROOT / "hooks" / "check_annotations.py"), "-f", str(config)], project)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == explainer_lines(log)


def test_links_that_stay_inside_the_site_are_published_as_before(project, tmp_path):
    config = install(project)
    (project / "images").mkdir()
    (project / "images" / "map.png").write_bytes(b"\x89PNG\r\n")
    (project / "docs" / "images").symlink_to("../images")
    (project / "docs" / "articles" / "home.md").symlink_to("../index.md")
    (project / "docs" / "chart.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    status, log = build(config, tmp_path / "site", "--strict")
    assert status == 0, log
    assert explainer_lines(log) == []
    assert (tmp_path / "site" / "chart.svg").is_file()
    assert (tmp_path / "site" / "images" / "map.png").read_bytes() == b"\x89PNG\r\n"
    assert (tmp_path / "site" / "articles" / "home" / "index.html").is_file()


def test_a_name_that_would_write_lines_of_its_own_in_the_log_is_left_out(project):
    docs = project / "docs"
    (docs / "a\n::error::forged.md").write_text("# Forged\n", encoding="utf-8")
    (docs / "folder\r\u202e").mkdir()
    (docs / "folder\r\u202e" / "page.md").write_text("# Inside\n", encoding="utf-8")
    (docs / "folder\r\u202e" / "out").symlink_to("/")  # still a folder link MkDocs would walk
    found = scan(docs, "docs", project)
    assert [str(problem) for problem in found.problems] == [
        f"docs/a\\n::error::forged.md:1:1: {UNPRINTABLE}",
        "docs/folder\\r\\u202E:1:1: this folder's name holds a line break or another control character (written here as "
        "an escape), which would put lines of its own in the build's log; it is left out of the site: rename it",
        f"docs/folder\\r\\u202E/out:1:1: {FOLDER_OUTSIDE}"]
    assert {str(docs / "a\n::error::forged.md"), str(docs / "folder\r\u202e" / "page.md")} <= found.left_out
    assert found.walk_unsafe


# -- documents a browser opens: HTML and SVG files published as they are ------------------------------------------

DOCUMENT = "this file is opened by browsers as a document, and holds {}; it is left out of the site: remove that from it, or remove the file"


@pytest.mark.parametrize("name, content, holds", [
    ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>go()</script></svg>',
     "<script>, which could run script on the site's address"),
    ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="go()"><circle r="4"/></svg>',
     "the event handler onload=, which runs script on the site's address"),
    ("map.SVG", b'<svg><a href=" JavaScript:go()"><text>x</text></a></svg>', "a javascript: address, which runs script on the site's address"),
    ("chart.svg", b'<svg><a href="&#106;ava&#x09;script&colon;go()"><text>x</text></a></svg>',
     "a javascript: address, which runs script on the site's address"),
    ("chart.svg", '<svg><script>go()</script></svg>'.encode("utf-16"),
     "bytes of a text encoding other than UTF-8, which cannot be checked for script"),
    ("chart.svg", b'<!DOCTYPE svg [<!ENTITY s "go()">]><svg>&s;</svg>',
     "an entity declaration, which can spell out script where it cannot be checked"),
    ("page.html", b'<!doctype html><p><iframe src="https://evil.example/"></iframe>', "<iframe>, which could run script on the site's address"),
    ("data.xml", b'<?xml-stylesheet type="text/xsl" href="run.xsl"?><data/>', "<?xml-stylesheet>, which could run script on the site's address"),
])
def test_a_document_that_could_run_script_is_left_out(project, name, content, holds):
    (project / "docs" / name).write_bytes(content)
    found = scan(project / "docs", "docs", project)
    assert [str(problem) for problem in found.problems] == [f"docs/{name}:1:1: {DOCUMENT.format(holds)}"]
    assert found.left_out == {str(project / "docs" / name)}


def test_documents_and_files_that_cannot_run_script_are_kept(project):
    (project / "docs" / "chart.svg").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg"><metadata>drawn</metadata><image href="data:image/png;base64,iVBORw0KGgo="/>'
        b'<a href="https://example.org/"><text>source &#8212; &lt;script&gt; is text here</text></a></svg>')
    (project / "docs" / "google0123.html").write_bytes(b"google-site-verification: google0123.html")
    (project / "docs" / "photo.png").write_bytes(b"\x89PNG<script>go()</script>")  # an image: never a document
    (project / "images").mkdir()
    (project / "images" / "linked.svg").write_bytes(b'<svg><script>go()</script></svg>')
    (project / "docs" / "linked.svg").symlink_to("../images/linked.svg")  # followed, and checked all the same
    found = scan(project / "docs", "docs", project)
    assert [problem.path for problem in found.problems] == ["docs/linked.svg"]
