"""Print how long the build and its parts take, and how much memory a build uses.

    .venv/bin/python scripts/benchmark.py

Figures, not pass/fail: compare them before and after a change.
"""

from __future__ import annotations

import gzip
import html
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import markdown  # noqa: E402

from explainer.build import ExplainerBuild, Settings  # noqa: E402
from explainer.history import read_history  # noqa: E402
from explainer.termmatch import TermMatcher  # noqa: E402

ARTICLE = "articles/rubio-ukraine-security-guarantees.md"
RUNS = 5


def reader_assets() -> None:
    """What a reader downloads of the site's own: one stylesheet and one script, gzipped at level 9."""
    sizes = {path.name: len(gzip.compress(path.read_bytes(), 9)) for path in sorted((ROOT / "docs" / "assets").glob("explainer.*"))}
    shown = ", ".join(f"{name} {size / 1024:.1f} KiB" for name, size in sizes.items())
    print(f"the site's own CSS + JS, gzip -9  {sum(sizes.values()) / 1024:8.1f} KiB   ({shown}; the bound is 12 KiB)")


def timed(function, runs: int = RUNS) -> float:
    """Median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mkdocs_build(config: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], check=True, env=env)


def whole_builds(work: Path) -> None:
    without_hooks = work / "mkdocs-plain.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    without_hooks.write_text(text.replace("hooks:\n  - hooks/annotate.py\n", ""), encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    for name in ("docs", "annotations", "hooks", "overrides"):  # copies: the build refuses links that leave its folder
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    with_hooks = timed(lambda: mkdocs_build(work / "mkdocs.yml", work / "site"), 3)
    # A site without hooks warns about the generated pages missing from nav; -q keeps it quiet.
    plain = timed(lambda: mkdocs_build(without_hooks, work / "site-plain"), 3)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"whole build, with the hooks      {with_hooks * 1000:8.0f} ms")
    print(f"whole build, without the hooks   {plain * 1000:8.0f} ms   (the hooks add {100 * (with_hooks - plain) / plain:.0f}%)")
    print(f"peak memory of a build           {peak:8.0f} MiB")


def core_stages() -> None:
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    load = lambda: ExplainerBuild.load(ROOT / "annotations", "annotations", pages, Settings())  # noqa: E731
    build = load()
    notes = sum(len(v) for v in build.catalog.by_page.values())
    html = markdown.markdown((ROOT / "docs" / ARTICLE).read_text(encoding="utf-8").split("---", 2)[2])
    print(f"load + validate + render {notes} notes and {len(build.catalog.terms)} terms {timed(load) * 1000:6.1f} ms")
    print(f"annotate the flagship article    {timed(lambda: build.annotate(html, ARTICLE)) * 1000:8.1f} ms")


def term_matching_scale() -> None:
    text = (ROOT / "docs" / ARTICLE).read_text(encoding="utf-8") * 10
    for count in (10, 1_000, 10_000):
        names = {f"term-{i}": [f"name{i} word{i}"] for i in range(count)}
        names["nato"] = ["NATO"]
        matcher = TermMatcher(names)
        seconds = timed(lambda: matcher.find(text))
        print(f"match {count:>6} terms over {len(text):,} chars {seconds * 1000:8.2f} ms")


def hostile_page(words: int = 10_000) -> str:
    """About 60 KB of article text in paragraphs, the size the hostile case is bounded for."""
    seed = (ROOT / "tests" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8").split()
    text = [seed[i % len(seed)] for i in range(words)]
    paragraphs = [" ".join(text[i:i + 120]) for i in range(0, len(text), 120)]
    return "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)


def hostile_annotations(limit: int = 250 * 1024) -> str:
    """An annotation file at the size limit made only of costly quotes: one letter, common words,
    quotes that are nowhere on the page, and prefixes and suffixes that rule out every match."""
    kinds = [("e", "", ""), ("the", "", ""), (" of the", "", ""), ("Zelensky", "", ""),
             ("no such passage anywhere on this page", "", ""), ("security", "x", ""), ("the", "", "zz"),
             (("Rubio said the talks went on " * 40)[:990], "", "")]  # the longest quote allowed, nowhere
    lines, size, index = ["annotations:\n"], 14, 0
    while size < limit:
        quote, prefix, suffix = kinds[index % len(kinds)]
        entry = f"  - {{id: h{index}, type: context, quote: {quote!r}, body: x"
        entry += (f", prefix: {prefix!r}" if prefix else "") + (f", suffix: {suffix!r}" if suffix else "") + "}\n"
        lines.append(entry)
        size += len(entry)
        index += 1
    return "".join(lines)


def hostile_file() -> None:
    """What a hostile annotation file adds to the hooks' work on a 60 KB page (the bound is 5 s)."""
    page_html = hostile_page()
    with tempfile.TemporaryDirectory() as folder:
        annotations = Path(folder)
        (annotations / "page.yml").write_text("annotations: []\n", encoding="utf-8")
        calm = timed(lambda: ExplainerBuild.load(annotations, "annotations", {"page.md"}, Settings()).annotate(page_html, "page.md"), 3)
        (annotations / "page.yml").write_text(hostile_annotations(), encoding="utf-8")
        build = ExplainerBuild.load(annotations, "annotations", {"page.md"}, Settings())
        count = len(build.catalog.by_page["page.md"])
        start = time.perf_counter()
        build = ExplainerBuild.load(annotations, "annotations", {"page.md"}, Settings())
        result = build.annotate(page_html, "page.md")
        hostile = time.perf_counter() - start
        longest = max(len(str(p)) for p in result.problems)
    print(f"hostile file: {count} costly quotes on a {len(page_html) // 1024} KB page: load and annotate "
          f"{hostile:6.2f} s (an empty file: {calm:.2f} s); {len(result.problems)} problems, the longest {longest} characters")


def hostile_glossary() -> None:
    """A glossary at its own size limit (1 MiB) of colliding names, each definition a link: what it adds."""
    from explainer.yamlsource import MAX_GLOSSARY_BYTES

    page_html = hostile_page()
    words = html.unescape(page_html.replace("<p>", " ").replace("</p>", " ")).split()
    entries, size = ["terms:\n"], 7
    while size < MAX_GLOSSARY_BYTES - 300:
        word = words[(len(entries) - 1) % len(words)]
        number = len(entries) - 1
        entries.append(f"  - {{id: t{number}, term: {word!r}, aliases: ['{word} {number}', '{word}s{number}'], "
                       f"definition: 'A *definition* of {word} with a [link](glossary:t{max(number - 1, 0)}).'}}\n")
        size += len(entries[-1].encode())
    with tempfile.TemporaryDirectory() as folder:
        annotations = Path(folder)
        (annotations / "glossary.yml").write_text("".join(entries), encoding="utf-8")
        (annotations / "page.yml").write_text("annotations: []\n", encoding="utf-8")
        start = time.perf_counter()
        build = ExplainerBuild.load(annotations, "annotations", {"page.md"}, Settings())
        build.annotate(page_html, "page.md")
        build.generated_pages()
        seconds = time.perf_counter() - start
    print(f"hostile glossary: {len(entries) - 1} colliding terms in {size // 1024} KiB: load, annotate a 60 KB page and "
          f"write the glossary {seconds:6.2f} s; {len(build.problems)} problems")


def history_repository(folder: Path, commits: int = 1_000, files: int = 20) -> None:
    """A repository of `commits` commits, each re-rating or adding notes in 1 to 3 of `files`
    annotation files, written in one go with `git fast-import` (deterministic: fixed seed and dates)."""
    rng = random.Random(1)
    verdicts = ["accurate", "mostly-accurate", "missing-context", "misleading", "incorrect"]
    notes = {f: {i: rng.choice(verdicts) for i in range(8)} for f in range(files)}
    stream = []
    for number in range(commits):
        changes = []
        for f in rng.sample(range(files), rng.randint(1, 3)):
            notes[f][rng.randrange(len(notes[f]) + 1)] = rng.choice(verdicts)  # re-rate one, or add one
            text = "annotations:\n" + "".join(
                f"  - id: note-{i}\n    type: fact-check\n    quote: passage {i}\n    claim: Claim {i}.\n    verdict: {v}\n"
                f"    body: {'The record says so. ' * 20}\n    sources:\n      - title: Source {i}\n        url: https://example.org/{i}\n"
                for i, v in sorted(notes[f].items()))
            data = text.encode("utf-8")
            changes.append(f"M 100644 inline annotations/articles/a{f}.yml\ndata {len(data)}\n".encode() + data + b"\n")
        stamp = 1_700_000_000 + number * 3_600
        message = f"Commit {number}".encode()
        stream.append(b"commit refs/heads/main\n" + f"committer Desk <desk@example.org> {stamp} +0000\ndata {len(message)}\n".encode()
                      + message + b"\n" + b"".join(changes))
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=folder, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True, env=env)


def history_cost() -> None:
    """What reading the git history costs a build: once per build, on a repository of 1,000 commits."""
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        history_repository(repo)
        history = read_history(repo, repo / "annotations")
        assert history.available, history.reason
        versions = sum(len(file.notes) for file in history.files.values())
        seconds = timed(lambda: read_history(repo, repo / "annotations"), 3)
    print(f"read the history of 1,000 commits ({len(history.files)} files, {versions} notes) {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    reader_assets()
    core_stages()
    term_matching_scale()
    hostile_file()
    hostile_glossary()
    history_cost()
    with tempfile.TemporaryDirectory() as work:
        whole_builds(Path(work))
