"""What the browser tests share: the served site, the watch on every page,
the facts of the seed article read from its built HTML, and small helpers.

Elements are found through the stable attributes of DESIGN.md §5
(mark[data-annotation], a[data-annotation-ref], [data-note], [data-verdict],
a[data-term]), the first ones found, so the tests follow the annotations as
they are written.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

HOME = "/"
ARTICLE = "/articles/rubio-ukraine-security-guarantees/"
GLOSSARY = "/glossary/"
FACT_CHECKS = "/fact-checks/"

DESKTOP = {"width": 1280, "height": 800}  # wide enough for notes in the margin
WIDE = {"width": 1440, "height": 900}
LAPTOP = {"width": 1024, "height": 800}  # below the margin notes' width: notes open as popovers
PHONE = {"width": 375, "height": 667}
MARGIN_FROM = 1220  # px: 76.25em, where the theme shows both sidebars and the notes take the second


# ---------------------------------------------------------------- the site


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site as if it had been built for this address.

    Material's instant navigation only takes over links listed in the site's
    sitemap, and it matches them on scheme and host name but keeps the port
    of `site_url` (127.0.0.1:8000). Served on another port, every link would
    be followed with a full reload; so the sitemap is served with its
    addresses moved to this server's origin, as a build for it would have
    written them.
    """

    origin = ""  # set on a subclass per server

    def do_GET(self):
        if self.path.split("?")[0] != "/sitemap.xml":
            return super().do_GET()
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{self.origin}/", text).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser that drops a connection is no fault of the site


@dataclass
class ServedSite:
    root: Path
    origin: str

    def url(self, path: str) -> str:
        return self.origin + path

    def html(self, path: str) -> BeautifulSoup:
        """The built HTML of the page served at `path`, e.g. "/glossary/"."""
        file = self.root / path.strip("/") / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def pages(self) -> list[str]:
        """Every page of the site, as served paths."""
        paths = []
        for file in sorted(self.root.rglob("index.html")):
            folder = file.parent.relative_to(self.root).as_posix()
            paths.append("/" if folder == "." else f"/{folder}/")
        return paths


# ---------------------------------------------------------------- the watch


@dataclass
class Watch:
    """Console errors, uncaught exceptions, failed requests and requests that
    leave the site, on every page of one test."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            self.console_errors.append(f"{message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})")

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(request.url)

    def _on_failed(self, request) -> None:
        # A request the browser itself cancels (the page moved on before a
        # favicon arrived) is not a failure of the site; any other is.
        # test_clean_pages waits for every request of every page to finish.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"request leaving the site: {m}" for m in self.foreign_requests]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "The pages were not clean:\n" + "\n".join(problems)


# ---------------------------------------------------------------- the seed article


def squash(text: str) -> str:
    """White space collapsed, as a reader sees it."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Annotation:
    id: str
    type: str  # "context" or "fact-check"
    verdict: str | None
    note_text: str  # the text of the note's content
    label: str  # the aria-label of its reference


@dataclass
class Term:
    id: str
    definition: str  # the short definition, as the built page's title attribute carries it


@dataclass
class ArticleFacts:
    title: str
    annotations: list[Annotation]
    terms: list[Term]

    @property
    def first(self) -> Annotation:
        assert self.annotations, f"the article {ARTICLE} has no annotation (no mark[data-annotation] with its [data-note])"
        return self.annotations[0]

    @property
    def first_fact_check(self) -> Annotation:
        checks = [a for a in self.annotations if a.type == "fact-check"]
        assert checks, f"the article {ARTICLE} has no fact-check (no [data-note] with a [data-verdict])"
        return checks[0]

    @property
    def first_term(self) -> Term:
        assert self.terms, f"the article {ARTICLE} links no glossary term (no a[data-term] with a title)"
        return self.terms[0]


def read_article(site: ServedSite) -> ArticleFacts:
    content = site.html(ARTICLE).select_one("article")
    annotations, seen = [], set()
    for mark in content.select("mark[data-annotation]"):
        ident = mark["data-annotation"]
        if ident in seen:
            continue
        seen.add(ident)
        note = content.select_one(f'[data-note="{ident}"]')
        ref = content.select_one(f'a[data-annotation-ref="{ident}"]')
        assert note is not None, f"mark[data-annotation={ident}] has no [data-note]"
        assert ref is not None, f"mark[data-annotation={ident}] has no a[data-annotation-ref]"
        body = note.select_one(".ae-note__content") or note
        kind = "fact-check" if note.has_attr("data-verdict") else "context"
        annotations.append(Annotation(ident, kind, note.get("data-verdict"), squash(body.get_text()), ref.get("aria-label", "")))
    terms, seen = [], set()
    previews = json.loads(content.select_one("div.ae-term-previews")["data-previews"])
    for link in content.select("a[data-term]"):
        if link.find_parent(attrs={"data-note": True}) or link["data-term"] in seen:
            continue
        seen.add(link["data-term"])
        terms.append(Term(link["data-term"], squash(previews[link["data-term"]]["short"])))
    heading = content.select_one("h1")
    for link in heading.select(".headerlink"):
        link.decompose()
    return ArticleFacts(squash(heading.get_text()), annotations, terms)


# ---------------------------------------------------------------- helpers


def point_in(page: Page, selector: str) -> tuple[float, float]:
    """A point on the first element matching `selector`, on its own text
    rather than on a glossary link inside it, scrolled into view."""
    page.locator(selector).first.scroll_into_view_if_needed()
    point = page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.textContent.trim() || node.parentElement.closest("a[data-term]")) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const rect of range.getClientRects()) {
                    if (rect.width < 4) continue;
                    const x = rect.left + Math.min(rect.width / 2, 12), y = rect.top + rect.height / 2;
                    const hit = document.elementFromPoint(x, y);
                    if (hit && element.contains(hit) && !hit.closest("a[data-term]")) return [x, y];
                }
            }
            return null;
        }""",
        selector,
    )
    assert point, f"no visible text of its own in {selector}"
    return point[0], point[1]


def tab_to(page: Page, selector: str, limit: int = 400) -> int:
    """Press Tab until the element matching `selector` has the focus; return how many presses it took."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return count
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def wait_until_still(page: Page) -> None:
    """Wait until the page has not scrolled for ten frames in a row: after a jump, the theme and the page's
    script may still move it (later on a loaded machine), and the focus's starting point with it."""
    page.evaluate("""() => new Promise((resolve) => {
      let last = scrollY, still = 0;
      const frame = () => {
        still = scrollY === last ? still + 1 : 0;
        last = scrollY;
        if (still >= 10) resolve(true); else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })""")


def box(page: Page, selector: str) -> dict:
    """The viewport rectangle of the first element matching `selector`."""
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; }",
        selector,
    )


def screenshot(page: Page, name: str, **options) -> Path:
    """Write a screenshot into screenshots/ at the repository's root."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), animations="disabled", caret="hide", **options)
    return path


@contextmanager
def serving(root: Path):
    """A built site served on a loopback port for the length of the block; yields its origin."""
    handler = type("Handler", (SiteHandler,), {})
    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    handler.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler.origin
    finally:
        server.shutdown()
        server.server_close()
