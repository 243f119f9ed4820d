"""What sits in annotations/ is untrusted too: links, pipes, devices, leftovers, and YAML built to exhaust.

A pull request can put anything in annotations/, and the build's log is
public. Only regular files inside the site's folder are read, within the
size limit; everything else is a located, one-line problem, never a hang, a
traceback, or bytes of another file in the log. Deep nesting is refused
before it is built, and a file repeating one mistake gets a few lines, not
thousands. Each case runs through the core; the worst of them also run
through a real `mkdocs build --strict` and through the check command, each
under a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from check_annotations import check_annotations
from explainer import annotation_files, yamlsource
from explainer.build import ExplainerBuild, Settings
from explainer.problems import MAX_MESSAGE, Problem
from explainer.yamlsource import MAX_BYTES, MAX_DEPTH, load
from helpers import MINIMAL_CONFIG, ROOT

PAGE = """\
# A page

During a crucial call on July 15, 2023, with European national security
advisers, Rubio spoke about security guarantees.
"""

NOTE = """\
annotations:
  - id: call-date
    type: context
    quote: July 15, 2023
    body: The call took place on Thursday 21 August 2025.
"""

# Were this read, the unknown key would be echoed in the log.
SECRET = "secret_token_5f2c9a: do-not-print-this-7e41\n"
SECRET_WORDS = ("secret_token_5f2c9a", "do-not-print-this-7e41")

OUTSIDE = "this is a symbolic link to a file outside the site's folder, which is not read; replace the link with the file itself"
FIFO = "this is a FIFO (a named pipe), not a regular file, and is not read; remove it"
BROKEN = "this is a symbolic link to a file that does not exist; replace it with the file itself, or remove it"
LOOP = "this is a symbolic link that leads back to itself (a loop), and is not read; replace it with the file itself"
FOLDER = "this is a folder, not a regular file, and is not read; rename it: only annotation files are named .yml"
HIDDEN = "this is a symbolic link into a hidden file or folder (such as .git), which is not read; replace the link with the file itself"
TWIN = "annotations/page.yml annotates the same page; a page has one annotation file: move what this file holds into page.yml and remove this one"

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no FIFOs")


@pytest.fixture
def site(tmp_path) -> Path:
    """A site's folder with one good annotation file; a secret file lies beside it, outside the site."""
    root = tmp_path / "site"
    (root / "annotations").mkdir(parents=True)
    (root / "annotations" / "page.yml").write_text(NOTE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return root


def problems_of(root: Path, timeout: float = 5) -> list[str]:
    """The problems the core finds in `root/annotations`, failing if that takes more than `timeout` seconds."""
    started = time.monotonic()
    build = ExplainerBuild.load(root / "annotations", "annotations", {"page.md"}, Settings())
    assert time.monotonic() - started < timeout
    return [str(problem) for problem in build.problems]


def assert_nothing_secret(text: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text


# -- entries that are not annotation files, through the core -----------------------------------------------------


@pytest.mark.parametrize("target", ["../../secret.txt", "/dev/zero", "/dev/urandom", "/etc/passwd", "/"])
def test_a_link_out_of_the_site_is_refused_unread(site, target):
    if not os.path.exists(os.path.join(site / "annotations", target)):
        pytest.skip(f"{target} does not exist here")
    (site / "annotations" / "linked.yml").symlink_to(target)
    problems = problems_of(site)
    assert problems == [f"annotations/linked.yml:1:1: {OUTSIDE}"]
    assert_nothing_secret("\n".join(problems))


def test_a_link_inside_the_site_to_a_regular_file_is_read(site):
    (site / "shared").mkdir()
    (site / "shared" / "page.yml").write_text(NOTE, encoding="utf-8")
    (site / "annotations" / "page.yml").unlink()
    (site / "annotations" / "page.yml").symlink_to("../shared/page.yml")
    build = ExplainerBuild.load(site / "annotations", "annotations", {"page.md"}, Settings())
    assert build.problems == []
    assert [placed.annotation.id for placed in build.catalog.by_page["page.md"]] == ["call-date"]


def test_a_link_into_a_hidden_folder_of_the_site_is_refused(site):
    # actions/checkout keeps the job's token in .git/config.
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(SECRET, encoding="utf-8")
    (site / "annotations" / "git.yml").symlink_to("../.git/config")
    assert problems_of(site) == [f"annotations/git.yml:1:1: {HIDDEN}"]


def test_the_site_root_bounds_where_links_may_lead(site):
    (site / "annotations" / "linked.yml").symlink_to("../../secret.txt")
    read = annotation_files.read_annotation_files
    # By default the site is the folder that holds annotations/; a wider root lets the link in.
    assert read(site / "annotations", "annotations")[1] == [Problem("annotations/linked.yml", 1, 1, OUTSIDE)]
    files, problems = read(site / "annotations", "annotations", site_root=site.parent)
    assert problems == [] and [file.relative for file in files] == ["linked.yml", "page.yml"]


def test_an_annotations_folder_that_links_out_of_the_site_is_not_read(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "page.yml").write_text(SECRET, encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "annotations").symlink_to("../elsewhere")
    assert problems_of(tmp_path / "site") == [
        "annotations:1:1: this folder is a symbolic link that leads out of the site's folder, so nothing in it is read; make it a real folder"]


@needs_fifos
def test_a_fifo_is_refused_without_waiting_for_a_writer(site):
    os.mkfifo(site / "annotations" / "pipe.yml")
    (site / "annotations" / "linked-pipe.yml").symlink_to("pipe.yml")
    assert problems_of(site) == [
        "annotations/linked-pipe.yml:1:1: this is a symbolic link to a FIFO (a named pipe), not a regular file, and is not read; remove it",
        f"annotations/pipe.yml:1:1: {FIFO}",
    ]


def test_broken_links_and_link_loops_are_located_problems(site):
    annotations = site / "annotations"
    (annotations / "broken.yml").symlink_to("missing.yml")
    (annotations / "self.yml").symlink_to("self.yml")
    (annotations / "ping.yml").symlink_to("pong.yml")
    (annotations / "pong.yml").symlink_to("ping.yml")
    assert problems_of(site) == [
        f"annotations/broken.yml:1:1: {BROKEN}",
        f"annotations/ping.yml:1:1: {LOOP}",
        f"annotations/pong.yml:1:1: {LOOP}",
        f"annotations/self.yml:1:1: {LOOP}",
    ]


def test_a_folder_named_like_an_annotation_file_is_a_problem(site):
    (site / "annotations" / "folder.yml").mkdir()
    (site / "annotations" / "folder.yml" / "inside.yml").write_text(SECRET, encoding="utf-8")
    assert problems_of(site) == [f"annotations/folder.yml:1:1: {FOLDER}"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="running as root, which reads a file whatever its permissions; the next test simulates it")
def test_an_unreadable_file_is_a_located_problem(site):
    (site / "annotations" / "page.yml").chmod(0)
    assert problems_of(site) == ["annotations/page.yml:1:1: this file cannot be read: permission denied; make it readable (chmod a+r)"]


def test_a_permission_error_is_a_located_problem(site, monkeypatch):
    def refuse(path, flags, *args):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(annotation_files.os, "open", refuse)
    assert problems_of(site) == ["annotations/page.yml:1:1: this file cannot be read: permission denied; make it readable (chmod a+r)"]


def test_size_is_measured_before_reading(site):
    # Sparse: ten gigabytes on paper, nothing on disk. Reading it would take minutes.
    with open(site / "annotations" / "huge.yml", "wb") as huge:
        huge.truncate(10 * 1024**3)
    assert problems_of(site) == [f"annotations/huge.yml:1:1: file is {10 * 1024**2} KiB, over the {MAX_BYTES // 1024} KiB limit; shorten it (a page has one annotation file)"]


def test_editor_leftovers_are_skipped_without_a_word(site):
    annotations = site / "annotations"
    for name in ["page.yml~", ".page.yml.swp", ".page.yml.swo", ".page.yml.swx", "page.yml.bak", "page.yml.orig", "page.yml.tmp",
                 "#page.yml#", ".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", "PAGE.YML.BAK"]:
        (annotations / name).write_text("not: [yaml\n", encoding="utf-8")
    (annotations / ".#page.yml").symlink_to("someone@host.1234:1700000000")  # Emacs' lock: a broken link
    (annotations / ".obsidian").mkdir()
    (annotations / ".obsidian" / "notes.md").write_text("x", encoding="utf-8")
    (annotations / "notes.txt").write_text("x", encoding="utf-8")  # not a leftover: a file put in the wrong place
    assert problems_of(site) == ["annotations/notes.txt:1:1: only YAML files (.yml) belong in annotations/; move or remove this file"]


def test_yml_and_yaml_for_the_same_page_keep_the_yml(site):
    (site / "annotations" / "page.yaml").write_text(NOTE.replace("call-date", "other-note"), encoding="utf-8")
    build = ExplainerBuild.load(site / "annotations", "annotations", {"page.md"}, Settings())
    assert [str(problem) for problem in build.problems] == [f"annotations/page.yaml:1:1: {TWIN}"]
    assert [placed.annotation.id for placed in build.catalog.by_page["page.md"]] == ["call-date"]


def test_a_file_name_cannot_break_the_log_line(site):
    (site / "annotations" / "evil\n::error::\x1b[2Jx.yml").write_text("annotations: [\n", encoding="utf-8")
    [problem] = problems_of(site)
    assert "\n" not in problem and "\x1b" not in problem
    assert problem.startswith("annotations/evil\\n::error::\\x1B[2Jx.yml:2:1: YAML syntax error")


def test_the_check_counts_and_reads_only_annotation_files(site):
    (site / "annotations" / "linked.yml").symlink_to("../../secret.txt")
    (site / "annotations" / "page.yml~").write_text(SECRET, encoding="utf-8")
    (site / "schema").mkdir()
    report = check_annotations(site, {"page.md"}, lambda page, generated: ("<p>During a crucial call on July 15, 2023.</p>", ""),
                               Settings(), schema_dir=site / "schema")
    assert report.files == 1
    assert [str(problem) for problem in report.problems] == [
        f"annotations/linked.yml:1:1: {OUTSIDE}",
        "annotations/page.yml:1:1: the file does not name its schema, which lets editors complete fields and flag mistakes as you type; "
        "make `# yaml-language-server: $schema=../schema/annotations.schema.json` its first line",
    ]


# -- YAML built to exhaust ---------------------------------------------------------------------------------------

TOO_DEEP = (f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
            "an annotation file needs a handful: check the brackets and the indentation")

DEEP = {
    "flow lists, 800": ("[" * 800 + "]" * 800, "1:41"),
    "flow lists, 100,000": ("[" * 100_000 + "]" * 100_000, "1:1001"),  # libyaml's own limit says it first
    "unclosed flow lists, 100,000": ("[" * 100_000, "1:1001"),
    "flow mappings, 800": ("{a: " * 800 + "1" + "}" * 800, "1:161"),
    "flow mappings, 50,000": ("{a: " * 50_000 + "1" + "}" * 50_000, "1:161"),
    "block lists, 800": ("- " * 800 + "x\n", "1:81"),
    "block lists, 100,000": ("- " * 100_000 + "x\n", "1:81"),
    "block mappings, 700": ("".join(" " * level + "a:\n" for level in range(700)), "41:41"),
    "under a key": ("annotations: " + "[" * 800, "1:53"),
}


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_refused_before_it_is_built(name, loader, monkeypatch):
    if loader == "pure Python":  # the parser used where PyYAML comes without libyaml
        monkeypatch.setattr(yamlsource, "_LOADER", yaml.SafeLoader)
    text, where = DEEP[name]
    if loader == "pure Python" and where == "1:1001":
        where = "1:41"  # no parser limit here: our own count stops it
    started = time.perf_counter()
    document, problems = load(text, "annotations/x.yml")
    assert time.perf_counter() - started < 2
    assert document is None
    assert [str(problem) for problem in problems] == [f"annotations/x.yml:{where}: {TOO_DEEP}"]


def test_nesting_up_to_the_limit_is_fine():
    document, problems = load("[" * MAX_DEPTH + "]" * MAX_DEPTH, "annotations/x.yml")
    assert problems == [] and document is not None


def test_a_repeated_mistake_is_listed_five_times_then_counted():
    aliases = "a: &a x\nb: [" + ", ".join(["*a"] * 10_000) + "]\n"
    tags = "annotations:\n" + "".join("  - !!binary aGVsbG8=\n" for _ in range(1000))
    keys = "annotations: []\n" * 100
    assert [str(p) for p in load(aliases, "x.yml")[1]][-2:] == [
        "x.yml:2:17: YAML aliases (*a) are not allowed; write the value out in full",
        "x.yml:2:21: and 9996 more YAML anchors and aliases from here on, not listed one by one; write each value out in full",
    ]
    assert [str(p) for p in load(tags, "x.yml")[1]][-1] == (
        "x.yml:7:5: and 995 more tags from here on, not listed one by one; remove them and write plain values")
    assert [str(p) for p in load(keys, "x.yml")[1]][-1] == (
        "x.yml:7:1: and 94 more repeated or complex keys from here on, not listed one by one; keep one plain key of each name in each entry")
    assert all(len(load(text, "x.yml")[1]) == 6 for text in (aliases, tags, keys))


def test_a_long_name_is_shortened_where_it_is_quoted():
    [problem] = load(f"a: &{'x' * 5000} 1\n", "x.yml")[1]
    assert str(problem) == f"x.yml:1:4: YAML anchors (&{'x' * 59}…) are not allowed; write each value out in full"


def test_every_message_is_one_line_of_bounded_length(site):
    long_quote = "July 15, 2023 " + "and then some more words that are not on the page " * 19  # near the 1,000-character limit
    (site / "annotations" / "page.yml").write_text(f"""\
annotations:
  - id: call-date
    type: context
    quote: {long_quote}
    body: x
  - id: verdict
    type: fact-check
    quote: July 15
    claim: x
    verdict: "incorrect\\nreally \\e[31m"
    body: x
    sources:
      - title: A source
        url: https://example.org/
""", encoding="utf-8")  # the verdict holds YAML escapes: a line break and a terminal escape
    build = ExplainerBuild.load(site / "annotations", "annotations", {"page.md"}, Settings())
    result = build.annotate("<p>During a crucial call on July 15, 2023, with European national security advisers.</p>", "page.md")
    problems = build.problems + result.problems
    assert problems
    for problem in problems:
        assert len(problem.message) <= MAX_MESSAGE
        assert "\n" not in str(problem) and "\x1b" not in str(problem)
    messages = [problem.message for problem in problems]
    # The message names the closest passage; it does not echo the quote of nearly 1,000 characters.
    assert any(message.startswith("quote not found on docs/page.md") and "not on the page" not in message for message in messages)
    assert any(message.endswith("(got incorrect\\nreally \\x1B[31m)") for message in messages)


def test_a_problem_is_one_visible_line_whatever_it_quotes():
    problem = Problem("annotations/a,b::c.yml", 2, 3, "got 'line\nbreak\r\t\x1b[2J\u202eevil'" + "x" * 1000 + "; write it plainly")
    assert str(problem).startswith("annotations/a,b::c.yml:2:3: got 'line\\nbreak\\r\\t\\x1B[2J\\u202Eevil'xxx")
    assert len(problem.message) == MAX_MESSAGE and "…" in problem.message
    assert problem.message.endswith("x; write it plainly")  # the fix, at the end, survives the cut
    assert problem.as_github_annotation().startswith("::error file=annotations/a%2Cb%3A%3Ac.yml,line=2,col=3::got 'line\\nbreak")


# -- through a real strict build and the check command, under a timeout -------------------------------------------

HOSTILE_ENTRIES = {
    "secret.yml": f"annotations/secret.yml:1:1: {OUTSIDE}",
    "zero.yml": f"annotations/zero.yml:1:1: {OUTSIDE}",
    "random.yml": f"annotations/random.yml:1:1: {OUTSIDE}",
    "pipe.yml": f"annotations/pipe.yml:1:1: {FIFO}",
    "broken.yml": f"annotations/broken.yml:1:1: {BROKEN}",
    "loop.yml": f"annotations/loop.yml:1:1: {LOOP}",
    "folder.yml": f"annotations/folder.yml:1:1: {FOLDER}",
    "page.yaml": f"annotations/page.yaml:1:1: {TWIN}",
}


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no FIFOs")
    base = tmp_path_factory.mktemp("hostile-files")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    project = base / "project"
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    annotations = project / "annotations"
    annotations.mkdir()
    (annotations / "page.yml").write_text(NOTE, encoding="utf-8")
    (annotations / "page.yaml").write_text(SECRET, encoding="utf-8")
    (annotations / "secret.yml").symlink_to("../../secret.txt")
    (annotations / "zero.yml").symlink_to("/dev/zero")
    (annotations / "random.yml").symlink_to("/dev/urandom")
    os.mkfifo(annotations / "pipe.yml")
    (annotations / "broken.yml").symlink_to("missing.yml")
    (annotations / "loop.yml").symlink_to("loop.yml")
    (annotations / "folder.yml").mkdir()
    (annotations / ".page.yml.swp").write_text(SECRET, encoding="utf-8")
    (annotations / "page.yml~").write_text(SECRET, encoding="utf-8")
    return project


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("SITE_URL", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_a_strict_build_reports_each_entry_and_prints_nothing_of_them(hostile_project, tmp_path):
    site_dir = tmp_path / "site"
    done = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(hostile_project / "mkdocs.yml"), "-d", str(site_dir)],
               hostile_project)
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    assert "Traceback" not in log
    warned = [line.removeprefix("WARNING -  explainer: ") for line in log.splitlines() if line.startswith("WARNING -  explainer: ")]
    assert sorted(warned) == sorted(HOSTILE_ENTRIES.values())
    assert_nothing_secret(log)
    for built in site_dir.rglob("*"):
        if built.is_file():
            assert_nothing_secret(built.read_text(encoding="utf-8", errors="replace"))


def test_the_check_command_reports_each_entry_and_prints_nothing_of_them(hostile_project):
    done = run([sys.executable, str(ROOT / "hooks" / "check_annotations.py"), "-f", str(hostile_project / "mkdocs.yml")], hostile_project)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(done.stdout.splitlines()) == sorted(HOSTILE_ENTRIES.values())
    assert "Checked 1 annotation file, anchored 1 quote on 1 page" in done.stderr
    assert_nothing_secret(done.stdout + done.stderr)
