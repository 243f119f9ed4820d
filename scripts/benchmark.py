"""Print how long the build and its parts take, and how much memory a build uses.

    .venv/bin/python scripts/benchmark.py

Figures, not pass/fail: compare them before and after a change.
"""

from __future__ import annotations

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
    for name in ("docs", "annotations", "hooks", "overrides"):
        os.symlink(ROOT / name, work / name)
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


if __name__ == "__main__":
    core_stages()
    term_matching_scale()
    with tempfile.TemporaryDirectory() as work:
        whole_builds(Path(work))
