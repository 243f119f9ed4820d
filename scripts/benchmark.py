"""Print how long the build and its parts take, and how much memory a build uses.

    .venv/bin/python scripts/benchmark.py

Figures, not pass/fail: compare them before and after a change.
"""

from __future__ import annotations

import html
import os
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
from explainer.termmatch import TermMatcher  # noqa: E402

ARTICLE = "articles/rubio-ukraine-security-guarantees.md"
RUNS = 5


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


if __name__ == "__main__":
    core_stages()
    term_matching_scale()
    hostile_file()
    with tempfile.TemporaryDirectory() as work:
        whole_builds(Path(work))
