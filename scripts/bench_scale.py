"""How the build scales: a synthetic site of many articles, built with and without the hooks.

    make bench ARTICLES=200 NOTES=20 TERMS=100 ROUNDS=5
    .venv/bin/python scripts/bench_scale.py --articles 1000 --notes 20 --terms 2000 --rounds 3

The corpus follows the annotation contract: articles of about 800 words in 8
paragraphs under two headings, NOTES annotations each (a third of them
fact-checks) with short Markdown bodies (emphasis and a link), and a glossary
of TERMS terms with aliases, named in about 30% of sentences. The project's
own mkdocs.yml is built with and without `hooks:`, alternating, and the
script prints the ratio of each round and its median, each build's peak
memory, a profile of the hooks by stage, and what a reader's first search
downloads. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import logging
import os
import pstats
import queue
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Peak memory of one build: the child reports its own, so runs never mix.
_MEASURED_BUILD = (
    "import atexit, resource, runpy, sys;"
    "atexit.register(lambda: print('PEAK_KIB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr));"
    "sys.argv = ['mkdocs', 'build', '-q', '-f', sys.argv[1], '-d', sys.argv[2]];"
    "runpy.run_module('mkdocs', run_name='__main__')"
)

# Stages of the hooks, by the core functions that do them (cumulative time under the profiler).
STAGES = {
    "load and validate": ("catalog.py", "load_catalog"),
    "render notes": ("catalog.py", "_render"),
    "anchor": ("page.py", "_place_notes"),
    "link terms": ("page.py", "_link_terms"),
    "generated pages": ("build.py", "finish"),
    "history": ("history.py", "read_history"),
    "search (theme's plugin)": ("plugin.py", "on_page_context"),
    "search (records, Pagefind)": ("page_work.py", "_send_to_search"),
    "search (waiting for the index)": ("annotate.py", "on_post_build"),  # written in a thread of its own meanwhile
}
# The timed builds annotate pages in a process of their own; the profiled one, in the build's process
# (ONE_PROCESS), where the profiler sees it.

WORDS = ("security", "guarantees", "officials", "ministers", "agreement", "ceasefire", "talks", "allies", "reported",
         "according", "statement", "forces", "support", "region", "proposal", "leaders", "meeting", "week", "plan", "said")


def corpus(folder: Path, articles: int, notes: int, terms: int, seed: int = 1) -> None:
    """Write the synthetic site into `folder`: the project's config, hooks and theme, generated pages and annotations."""
    rng = random.Random(seed)
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:  .*\n)+", "\n", config)  # every page, as MkDocs finds them
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Synthetic site\n", encoding="utf-8")
    names = [f"Term{number} {rng.choice(WORDS).capitalize()}" for number in range(terms)]
    glossary = ["terms:"]
    for number, name in enumerate(names):
        glossary += [f"  - id: term-{number}", f"    term: {name}", f"    aliases: [{name}s]",
                     f"    definition: The {name} is a thing the articles name. It matters for *reasons*."]
    (folder / "annotations").mkdir()
    (folder / "annotations" / "glossary.yml").write_text("\n".join(glossary) + "\n", encoding="utf-8")
    (folder / "docs" / "articles").mkdir()
    (folder / "annotations" / "articles").mkdir()
    for article in range(articles):
        sentences = []
        for number in range(80):  # about 800 words
            words = [rng.choice(WORDS) for _ in range(9)]
            if rng.random() < 0.3 and names:
                words.insert(rng.randrange(len(words)), rng.choice(names))
            sentences.append(f"Sentence {article}-{number} " + " ".join(words) + ".")
        paragraphs = [" ".join(sentences[i:i + 10]) for i in range(0, 80, 10)]
        body = [f"# Article {article}", "", "## First part", ""] + [p + "\n" for p in paragraphs[:4]] + \
               ["## Second part", ""] + [p + "\n" for p in paragraphs[4:]]
        (folder / "docs" / "articles" / f"a{article}.md").write_text("\n".join(body), encoding="utf-8")
        entries = ["annotations:"]
        for note in range(notes):
            quote = " ".join(sentences[note * 80 // max(notes, 1)].split()[:4])  # "Sentence 3-12 plan talks": once on the page
            entries += [f"  - id: note-{note}", f"    type: {'fact-check' if note % 3 == 0 else 'context'}",
                        f"    quote: \"{quote.strip()}\"",
                        f"    body: A *short* note with [a source](https://example.org/{article}/{note})."]
            if note % 3 == 0:
                entries += [f"    claim: Claim {note} of article {article}.", "    verdict: misleading",
                            "    sources:", f"      - title: Source {note}", f"        url: https://example.org/s/{note}"]
        (folder / "annotations" / "articles" / f"a{article}.yml").write_text("\n".join(entries) + "\n", encoding="utf-8")
    plain = config.replace("hooks:\n  - hooks/annotate.py\n", "")
    (folder / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")


def build(config: Path, site: Path) -> tuple[float, int, dict[str, int]]:
    """Seconds and peak KiB of one `mkdocs build` in its own process, and the peak KiB of each of its
    processes by role. The hooks run it as three processes at once (the build, the process that
    annotates its pages, the Pagefind indexer): the peak is that of their resident memory added up,
    sampled every 20 ms, or, if larger, the build's own peak plus its largest descendant's (which a
    sample can fall between)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _MEASURED_BUILD, str(config), str(site)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, cwd=config.parent)
    sampled, by_role = _peak_of_tree(process)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        sys.exit(f"the build of {config.name} failed:\n{stderr[-2000:]}")
    own, children = re.search(r"PEAK_KIB (\d+) (\d+)", stderr).groups()
    return seconds, max(sampled, int(own) + int(children)), by_role


def _peak_of_tree(process: subprocess.Popen, every: float = 0.02) -> tuple[int, dict[str, int]]:
    """The largest sum of resident KiB of `process` and its descendants, sampled until it ends (from
    each process's list of children and its statm: a few small reads a sample, not a scan of /proc);
    and the peak of each by its role (`_role`)."""
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    peak, by_role = 0, {}
    while process.poll() is None:
        total, pending = 0, [(process.pid, "the build")]
        while pending:
            pid, role = pending.pop()
            try:
                resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kib
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pending += [(child, _role(child)) for child in map(int, (task / "children").read_text().split())]
            except (OSError, ValueError, IndexError):
                continue  # a process that ended meanwhile
            total += resident
            by_role[role] = max(by_role.get(role, 0), resident)
        peak = max(peak, total)
        time.sleep(every)
    return peak, by_role


def _role(pid: int) -> str:
    """What a process the build started does: the indexer, the annotating process (a fork of the build), git."""
    name = Path(f"/proc/{pid}/comm").read_text().strip()
    return "Pagefind" if name.startswith("pagefind") else "git" if name == "git" else "annotating"


def search_payload(site: Path) -> str:
    """The theme's index, which its search box downloads whole (on every page load)."""
    index = (site / "search" / "search_index.json").read_bytes()
    return f"{len(index) / 1024:,.0f} KiB ({len(gzip.compress(index)) / 1024:,.0f} KiB gzipped)"


# A reader's first search in Chromium, CPU throttled 4x, the site served as `python -m http.server` serves
# it (its handler, in a thread of this script, counting the bytes it sends: Pagefind fetches from a web
# worker, which the page's own network events do not see). From the first keystroke in the box to the
# results shown: what was transferred, and how long after the last key the results appeared, on the
# page's own clock (the last keydown's time stamp to the first frame after the query's results are in
# the page). The moment this script saw them is printed too: its waiting runs in the throttled page
# as well, and adds a delay of its own.
_WATCH = """
window.__lastKey = 0; window.__shown = 0;
document.addEventListener("keydown", (event) => { window.__lastKey = event.timeStamp; }, true);
new MutationObserver(() => {
  const box = document.querySelector(".md-search__input");
  if (window.__shown || !window.__lastKey || !box || box.value !== QUERY) return;
  const ours = document.querySelector(`.ae-search[data-query="${CSS.escape(QUERY)}"] .ae-search__list .md-search-result__link`);
  const theirs = !document.querySelector(".ae-search") && document.querySelector(".md-search-result__list .md-search-result__link");
  if (ours || theirs) requestAnimationFrame(() => { window.__shown = window.__shown || performance.now(); });
}).observe(document, { childList: true, subtree: true });
"""

_FIRST_SEARCH = """
import functools, json, sys, threading, time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from playwright.sync_api import sync_playwright
folder, query, watch = sys.argv[1], sys.argv[2], sys.argv[3]
sent = []
class Counting(SimpleHTTPRequestHandler):
    def copyfile(self, source, destination):
        data = source.read()
        sent.append(len(data))
        destination.write(data)
    def log_message(self, *args):
        pass
server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=folder))
threading.Thread(target=server.serve_forever, daemon=True).start()
origin = f"http://127.0.0.1:{server.server_address[1]}"
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    page.add_init_script(watch.replace("QUERY", json.dumps(query)))
    page.on("console", lambda message: message.type in ("error", "warning") and print("console:", message.text, file=sys.stderr))
    cdp = page.context.new_cdp_session(page)
    page.goto(origin + "/articles/a0/", wait_until="networkidle")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    loaded = sum(sent)
    sent.clear()
    page.locator(".md-search__input").click()
    for key in query[:-1]:
        page.keyboard.type(key, delay=80)
    page.keyboard.type(query[-1])
    started = time.perf_counter()
    try:
        page.wait_for_function("() => window.__shown > 0", timeout=30000)
    except Exception:
        shown = page.evaluate("document.querySelector('.md-search-result').innerText + ' | typed: ' + document.querySelector('.md-search__input').value")
        sys.exit(f"Error: no result shown in 30 s; the panel says: {' '.join(shown.split())[:300]}")
    seen = (time.perf_counter() - started) * 1000
    elapsed = page.evaluate("window.__shown - window.__lastKey")
    shown = sum(sent), len(sent)
    try:
        page.wait_for_load_state("networkidle", timeout=10000)
    except Exception:
        pass
    print(json.dumps({"ms": elapsed, "seen": seen, "bytes": shown[0], "requests": shown[1], "later": sum(sent) - shown[0], "page_bytes": loaded}))
    browser.close()
server.shutdown()
"""


def first_search(site: Path, query: str, runs: int = 3, pagefind: bool = False) -> str:
    """A first search of `query` on the built `site`, in throttled Chromium, `runs` times afresh: the median."""
    if pagefind and not (site / "pagefind" / "pagefind-entry.json").is_file():
        return "not measured: the build wrote no Pagefind index"
    figures = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", _FIRST_SEARCH, str(site), query, _WATCH], capture_output=True, text=True,
                              timeout=300)
        if done.returncode:
            lines = [line for line in done.stderr.splitlines() if "Error" in line or "console:" in line] or ["no output"]
            return f"not measured ({'; '.join(line.strip() for line in lines[-3:])})"
        figures.append(json.loads(done.stdout))
    middle = sorted(figures, key=lambda f: f["ms"])[len(figures) // 2]
    each = ", ".join(f"{f['ms']:,.0f}" for f in figures)
    seen = statistics.median(f["seen"] for f in figures)
    return (f"{middle['bytes'] / 1024:,.0f} KiB in {middle['requests']} requests before the results "
            f"(+{middle['later'] / 1024:,.0f} KiB after), results {middle['ms']:,.0f} ms after the last key "
            f"(median of {each}; seen by this script at {seen:,.0f} ms); the page itself {middle['page_bytes'] / 1024:,.0f} KiB")


def searches(terms: int) -> dict[str, str]:
    """A word of every article (about 40 times in each: the corpus has a vocabulary of 20 words), and a
    glossary term's name, found in a few sentences and its own entry."""
    return {"a word of every article": "ceasefire", "a term's name": f"term{terms * 5 // 8}"}


def profile(folder: Path) -> None:
    """One build with the hooks in this process, under the profiler: seconds by stage. It builds over
    the timed rounds' site, as they did, so that its search index is written over theirs."""
    sys.path.insert(0, str(folder / "hooks"))
    from mkdocs.commands.build import build as mkdocs_build
    from explainer.annotator_process import ONE_PROCESS
    from mkdocs.config import load_config

    os.environ[ONE_PROCESS] = "1"
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the figures, not the build's log
    profiler = cProfile.Profile()
    try:
        profiler.runcall(mkdocs_build, config)
    finally:
        del os.environ[ONE_PROCESS]
    stats = pstats.Stats(profiler).stats
    print("the hooks by stage, one build under the profiler (cumulative seconds):")
    for stage, (file_name, function) in STAGES.items():
        seconds = sum(row[3] for (path, _, name), row in stats.items() if name == function and path.endswith(file_name))
        print(f"  {stage:<31} {seconds:7.2f} s")


def serve_rebuild(folder: Path, config: str, edited: Path, edits: int = 3) -> tuple[float, float | None]:
    """Median seconds from editing `edited` to `mkdocs serve` reloading the browsers, and to the rebuilt
    search index being served (None for a site without Pagefind). Each edit waits for the last index:
    a contributor's next edit comes seconds later, not while it is being written."""
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", config, "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, text=True, bufsize=1,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in server.stderr], daemon=True).start()
    entry = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"

    def wait_for(text: str) -> float:
        while True:
            at, line = lines.get(timeout=600)
            if text in line:
                return at

    def index_served() -> bool:
        try:
            with urllib.request.urlopen(entry, timeout=30):
                return True
        except (urllib.error.URLError, OSError):
            return False

    try:
        wait_for("Serving on")
        searchable = index_served()
        reloads, indexes = [], []
        for number in range(edits):
            time.sleep(1)  # let the watcher settle
            started = time.perf_counter()
            with edited.open("a", encoding="utf-8") as file:
                file.write(f"\n<!-- edit {number} -->\n" if edited.suffix == ".md" else f"\n# edit {number}\n")
            reloads.append(wait_for("Reloading browsers") - started)
            while searchable and not index_served():
                time.sleep(0.05)
            indexes.append(time.perf_counter() - started)
        return statistics.median(reloads), statistics.median(indexes) if searchable else None
    finally:
        server.terminate()
        server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--notes", type=int, default=20)
    parser.add_argument("--terms", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=True,
                        help="time a reader's first search in Chromium (default; --no-search skips it)")
    parser.add_argument("--serve", action="store_true", help="also time `mkdocs serve` rebuilding after an edit")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        corpus(folder, args.articles, args.notes, args.terms)
        print(f"{args.articles} articles, {args.articles * args.notes} notes, {args.terms} terms; {args.rounds} rounds, alternating")
        ratios, added, peaks, by_role = [], [], {"plain": [], "hooks": []}, {}
        for round_number in range(1, args.rounds + 1):
            plain, plain_peak, _ = build(folder / "mkdocs-plain.yml", folder / "site-plain")
            hooked, hooked_peak, roles = build(folder / "mkdocs.yml", folder / "site")
            by_role = {role: max(kib, by_role.get(role, 0)) for role, kib in {**by_role, **roles}.items()}
            ratios.append(hooked / plain)
            added.append(hooked - plain)
            peaks["plain"].append(plain_peak)
            peaks["hooks"].append(hooked_peak)
            print(f"  round {round_number}: plain {plain:6.2f} s, with the hooks {hooked:6.2f} s, ratio {hooked / plain:.2f}")
        print(f"median ratio {statistics.median(ratios):.2f} (the hooks add {100 * (statistics.median(ratios) - 1):.0f}%, "
              f"a median of {statistics.median(added):.2f} s)")
        print(f"peak memory: plain {max(peaks['plain']) / 1024:.0f} MiB, with the hooks {max(peaks['hooks']) / 1024:.0f} MiB "
              f"({max(peaks['hooks']) / max(peaks['plain']):.2f} times); each process's own peak: "
              + ", ".join(f"{role} {kib / 1024:.0f} MiB" for role, kib in sorted(by_role.items()) if role != "git"))
        print(f"the theme's search index: plain {search_payload(folder / 'site-plain')}, with the hooks {search_payload(folder / 'site')}")
        if args.search:
            print("a reader's first search, Chromium with its CPU throttled 4x, the site on python -m http.server:")
            for what, query in searches(args.terms).items():
                print(f"  {what}, {query!r}:")
                print(f"    plain (the theme's lunr):  {first_search(folder / 'site-plain', query, runs=1)}")
                print(f"    with the hooks (Pagefind): {first_search(folder / 'site', query, pagefind=True)}")
        if args.serve:
            plain, _ = serve_rebuild(folder, "mkdocs-plain.yml", folder / "docs" / "articles" / "a0.md")
            hooked, indexed = serve_rebuild(folder, "mkdocs.yml", folder / "annotations" / "articles" / "a0.yml")
            print(f"mkdocs serve, from an edit to the reload (median of 3): plain, editing a page {plain:.2f} s; "
                  f"with the hooks, editing its annotation file {hooked:.2f} s ({hooked / plain:.2f} times)"
                  + (f"; its search index served {indexed:.2f} s after the edit" if indexed else ""))
        profile(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
