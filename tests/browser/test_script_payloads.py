"""Script payloads in every text field: the build refuses what a plain-text
field cannot hold, and nothing that reaches a page ever runs, whatever a
reader does on it.

One site is built (not strictly) for the whole module from `payloads.py`:
every payload in every text field of an annotation, a glossary term, the
summary box and the pages' front matter, each occurrence with a code of its
own. Run, a payload sets `window.__xss` to its code (some also call
`alert`); a setter installed before any script of the page reports every
write, and every dialog is recorded and dismissed.

On the article, the summary's page, the glossary, the fact-check index and
every other page of the site, a desktop (below the margin notes' width: notes open as popovers) reaches the first targets with Tab
and focuses the rest, hovers the first passage and term link until their
note or preview shows, clicks every passage, reference and summary link,
hovers every link that leads elsewhere and everything whose title the
theme would show as HTML, and follows one link of each kind and comes back;
a phone taps the same; on the article, a wide screen expands every note in
the margin. Then, on every page: no dialog, the sentinel unset,
and no handler attribute, script address, foreign script, frame or
annotation text in a `title` attribute. The search box's results are read
the same way.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from browsing import FACT_CHECKS, GLOSSARY, LAPTOP, PHONE, WIDE, ServedSite, SiteHandler, SiteServer, squash, wait_until_still
from helpers import BuiltSite, mkdocs_build
from payloads import (ANNOTATIONS, ARTICLE, CODE, OWN_HTML, OWN_HTML_PAGE, PAYLOADS, PLAIN_TEXT_FIELDS, SUMMARY_PAGE, TAG,
                      PayloadSite, theme_tooltips, write_payload_site)
from playwright.sync_api import BrowserContext, Page, TimeoutError, expect
from playwright.sync_api import Error as PlaywrightError

TOOLTIPS = theme_tooltips()  # the theme shows titles as HTML only where its tooltips are on

pytestmark = pytest.mark.browser

REFUSAL = "is plain text and cannot hold HTML tags"
ARTICLE_PATH = "/" + ARTICLE.removesuffix(".md") + "/"
SUMMARY_PATH = "/" + SUMMARY_PAGE.removesuffix(".md") + "/"
PAGES = [ARTICLE_PATH, SUMMARY_PATH, GLOSSARY, FACT_CHECKS]
OWN_HTML_PATH = "/" + OWN_HTML_PAGE.removesuffix(".md") + "/"
NAVIGATION_TIMEOUT = 20_000  # ms, for the sweep's own navigations on a loaded machine (each action waits 5 s at most)

# What a reader can point at, focus, tap or click: the content, and the theme's
# navigation and header, which show page titles and headings.
TARGETS = ".md-content mark[data-annotation], .md-content a, .md-sidebar a, .md-header__topic .md-ellipsis"

# Installed before any script of the page: every write to the sentinel is reported at once.
SENTINEL = """
(() => {
  let value;
  Object.defineProperty(window, "__xss", {
    get: () => value,
    set: (code) => { value = code; window.__xssRan(String(code)); },
  });
})();
"""


# ---------------------------------------------------------------- the site


@dataclass
class PayloadBuild:
    written: PayloadSite
    built: BuiltSite


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory) -> PayloadBuild:
    """The payload site, built once, not strictly: refused annotations are left out and the build goes on."""
    project = tmp_path_factory.mktemp("payloads")
    written = write_payload_site(project)
    return PayloadBuild(written, mkdocs_build(project / "mkdocs.yml", project / "site", strict=False))


@pytest.fixture(scope="module")
def payload_site(payload_build) -> ServedSite:
    """The built payload site, served on 127.0.0.1 at a free port."""
    assert payload_build.built.returncode == 0, payload_build.built.log
    root = payload_build.built.root
    handler = type("Handler", (SiteHandler,), {})
    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    handler.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="payload-site-server", daemon=True)
    thread.start()
    try:
        yield ServedSite(root, handler.origin)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def located_problems(log: str) -> dict[tuple[str, int], list[str]]:
    """The build's `path:line:col: message` lines, by path and line."""
    problems: dict[tuple[str, int], list[str]] = {}
    for found in re.finditer(r"(\S+\.(?:yml|md)):(\d+):\d+: (.*)", log):
        problems.setdefault((found[1], int(found[2])), []).append(found[3])
    return problems


# ---------------------------------------------------------------- the build


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 40
    assert len({p.name for p in PAYLOADS}) == len(PAYLOADS), "two payloads have the same name"
    assert any(p.has_tag for p in PAYLOADS) and any(not p.has_tag for p in PAYLOADS)


def test_plain_text_fields_refuse_tags_where_they_were_written(payload_build):
    written, built = payload_build.written, payload_build.built
    assert built.returncode == 0, built.log
    problems = located_problems(built.log)

    def refused(occurrence) -> bool:
        return any(REFUSAL in message for message in problems.get((occurrence.file, occurrence.line), []))

    plain = [o for o in written.occurrences if o.field in PLAIN_TEXT_FIELDS]
    assert {o.field for o in plain} == PLAIN_TEXT_FIELDS
    not_refused = [str(o) for o in plain if o.refused and not refused(o)]
    wrongly_refused = [str(o) for o in plain if not o.refused and refused(o)]
    assert not not_refused, "a tag in a plain-text field was not refused where it was written:\n" + "\n".join(not_refused)
    assert not wrongly_refused, "text without a tag was refused:\n" + "\n".join(wrongly_refused)


def test_what_is_accepted_is_shown_and_shown_as_written(payload_build):
    written, built = payload_build.written, payload_build.built
    article = built.page(ARTICLE.removesuffix(".md") + "/index.html")
    glossary = built.page("glossary/index.html")

    missing = [note for note in written.placed_notes if article.select_one(f'[data-note="{note}"]') is None]
    missing += [term for term in written.shown_terms if glossary.select_one(f'[data-term-entry="{term}"]') is None]
    assert not missing, f"annotations and terms with nothing refused are missing from their page: {missing}"

    garbled = []
    for occurrence in written.occurrences:
        if occurrence.field not in PLAIN_TEXT_FIELDS or occurrence.refused:
            continue
        page, attribute = (article, "data-note") if occurrence.file == ANNOTATIONS else (glossary, "data-term-entry")
        shown = squash(page.select_one(f'[{attribute}="{occurrence.owner}"]').get_text())
        if squash(occurrence.text) not in shown:
            garbled.append(f"{occurrence}: not shown as written")
    assert not garbled, "\n".join(garbled)


def test_a_pages_own_active_markup_is_reported_where_it_was_written(payload_build):
    written, built = payload_build.written, payload_build.built
    lines = {o.line: o.payload.name for o in written.occurrences if o.field == OWN_HTML}
    reported = {line: messages for (file, line), messages in located_problems(built.log).items() if file == f"docs/{OWN_HTML_PAGE}"}
    assert reported, built.log
    assert set(reported) <= set(lines), f"located where no payload was written: {sorted(set(reported) - set(lines))}"
    for name in ("script", "img-onerror", "iframe-srcdoc", "details-ontoggle", "html-link", "md-link", "md-link-data",
                 "md-attribute-list", "object-data", "base-href", "meta-refresh"):
        line = next(line for line, payload in lines.items() if payload == name)
        assert any("would run script or load another document" in message for message in reported.get(line, [])), name


def test_claim_review_holds_each_claim_as_data(payload_build):
    written, built = payload_build.written, payload_build.built
    article = built.page(ARTICLE.removesuffix(".md") + "/index.html")
    scripts = article.select('script[type="application/ld+json"]')
    assert scripts, "the article has no ClaimReview JSON-LD"
    claims = set()
    for script in scripts:
        text = script.get_text()
        assert "<" not in text, f"the JSON-LD holds a raw '<': {text[:200]}"
        claims |= set(_values(json.loads(text), "claimReviewed"))
    accepted = [o for o in written.occurrences if o.field == "claim" and not o.refused]
    assert accepted
    missing = [str(o) for o in accepted if o.text not in claims]
    assert not missing, "claims missing from the ClaimReview data, or changed:\n" + "\n".join(missing)


def _values(data, key: str):
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key:
                yield value
            else:
                yield from _values(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _values(item, key)


# ---------------------------------------------------------------- the browser


@dataclass(frozen=True)
class Finding:
    """Something in a page that ran, or could: where, what, and the text that gives it away."""

    where: str
    what: str
    evidence: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.evidence[:240]}"


@dataclass
class Witness:
    """What payloads did in the browser (dialogs, writes to the sentinel, requests
    they made) and what the inspections found, told against what was written."""

    origin: str
    written: PayloadSite
    findings: list[Finding] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.expose_binding("__xssRan", lambda source, code: self.findings.append(
            Finding(source["frame"].url, "window.__xss was set", code)))
        context.add_init_script(SENTINEL)
        context.on("request", self._on_request)
        # The site needs nothing from elsewhere; a payload's request goes nowhere.
        context.route(lambda url: not url.startswith(self.origin), lambda route: route.abort())

    def watch_page(self, page: Page) -> None:
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.findings.append(Finding(dialog.page.url if dialog.page else "", f"a dialog ({dialog.type})", dialog.message))
        dialog.dismiss()

    def _on_request(self, request) -> None:
        if "__xss" in request.url or "evil.example" in request.url:
            self.findings.append(Finding(request.frame.url, "a request made by a payload", request.url))


# Each target: what it is, and where a click on it leads: "stays" (a passage,
# a reference, a link without an address or with a scheme that is not
# http(s): a click must show it does nothing), "jump" (to a part of the
# page), "self" (to the page itself, which instant navigation answers by
# loading it again or going back in history: never clicked), "page" (another
# page of the site), "away" (off the site, never followed), or "text" (a
# title in the header: hovered, as the theme gives it a tooltip).
COLLECT = """(selector) => {
  const reach = (element) => {
    if (element.matches(".md-header .md-ellipsis")) return "text";
    if (element.matches("mark[data-annotation], a[data-annotation-ref]")) return "stays";
    if (element.localName !== "a" || !element.hasAttribute("href")) return "stays";
    const url = new URL(element.href, location.href);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "stays";
    if (url.origin !== location.origin) return "away";
    if (url.pathname !== location.pathname) return "page";
    return url.hash ? "jump" : "self";
  };
  const kind = (element) => {
    if (element.matches("mark[data-annotation]")) return "passage";
    if (element.matches("a[data-annotation-ref]")) return "reference";
    if (element.closest(".ae-summary")) return "summary link";
    if (element.closest(".md-sidebar")) return "link in a sidebar";
    if (element.closest(".md-header")) return "title in the header";
    const where = element.closest("[data-note]") ? " in a note" : element.closest("[data-term-entry]") ? " in a glossary entry" : "";
    return (element.matches("a[data-term]") ? "term link" : "link") + where;
  };
  const targets = [...document.querySelectorAll(selector)];
  window.__sweep = { targets, focused: new Set(), reach };
  if (!window.__sweepListens) {
    window.__sweepListens = true;
    document.addEventListener("focusin", (event) => window.__sweep.focused.add(event.target), true);
    // The last link a click followed (the page's script stops the clicks it handles before they get here).
    window.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest("a[href]");
      if (link) window.__sweepFollowed = link.href;
    });
  }
  return targets.map((element) => ({ kind: kind(element), reach: reach(element) }));
}"""

# A point on target `index` that the pointer can hit: in view, on the target
# itself and not on a link inside it that leads elsewhere (a term link in a
# passage); null if there is none, "stale" if instant navigation has put the
# page back since the targets were collected (or loaded it afresh, which
# leaves no targets at all), "here" for a link to the
# address the page is at or to the one the last click followed (instant
# navigation answers such a click by going back in history, maybe off the
# test's page). A note or preview left open over the target is closed first.
POINT = """(index) => {
  const sweep = window.__sweep, element = sweep && sweep.targets[index];
  if (!element || !element.isConnected) return "stale";
  if (element.href && [location.href, window.__sweepFollowed].includes(element.href)) return "here";
  const boxes = () => [...element.getClientRects()].filter((r) => r.width >= 1 && r.height >= 1);
  if (boxes().some((r) => r.top < 80 || r.bottom > innerHeight - 16)) element.scrollIntoView({ block: "center", inline: "nearest" });
  for (const attempt of [1, 2]) {
    for (const rect of boxes()) {
      const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('[role="dialog"]:not(.md-search)')) break;
      if (!hit || !(hit === element || element.contains(hit))) continue;
      const link = hit.closest("a[href]");
      if (link && link !== element && ["page", "away"].includes(sweep.reach(link))) continue;
      return [x, y];
    }
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  }
  return null;
}"""

# Count the theme's page swaps from now (its stream of documents gives the current one at once, so 1);
# after "back", a count other than 1 means the page is in place: swapped again, or a fresh window.
COUNT_SWAPS = """() => {
  window.__swapsSinceBack = 0;
  if (typeof document$ !== "undefined") document$.subscribe(() => window.__swapsSinceBack++);
}"""

# Click a link to a part of the page, if there is one.
FIRST_JUMP = """() => {
  const jump = window.__sweep.targets.find((element) => element.hash && window.__sweep.reach(element) === "jump");
  if (jump) jump.click();
  return !!jump;
}"""

# Focus with the script what Tab did not reach: real focus events, one after the other.
FOCUS = """(indexes) => {
  for (const index of indexes) {
    const element = window.__sweep.targets[index];
    if (element.matches("a[href], [tabindex]")) element.focus({ preventScroll: true });
  }
  document.activeElement.blur();
}"""

# For what the pointer does not reach: the same events, dispatched.
DISPATCH = """([indexes, click]) => {
  for (const index of indexes) {
    const element = window.__sweep.targets[index];
    for (const type of ["pointerover", "mouseover", "mousemove", "pointerdown", "mousedown", "pointerup", "mouseup"])
      element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
    if (click) element.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    element.dispatchEvent(new MouseEvent("mouseout", { bubbles: true }));
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  }
}"""

# The elements whose title could make markup, added to the targets; their indexes.
TITLED = """() => {
  const targets = window.__sweep.targets;
  for (const element of document.querySelectorAll("[title]"))
    if (/[<&]/.test(element.title) && !targets.includes(element)) targets.push(element);
  return targets.map((element, index) => [element, index]).filter(([element]) => /[<&]/.test(element.title)).map(([, index]) => index);
}"""

TOOLTIP = """() => [...document.querySelectorAll('[role="tooltip"]')].some((tip) => tip.getClientRects().length > 0)"""

# Points on the search results in view.
RESULTS = """() => [...document.querySelectorAll(".md-search-result__link")]
  .map((link) => link.getBoundingClientRect())
  .filter((r) => r.width > 0 && r.top >= 0 && r.bottom <= innerHeight)
  .map((r) => [r.left + r.width / 2, r.top + Math.min(r.height / 2, 12)])"""

OPEN = """() => [...document.querySelectorAll('[role="dialog"]')]
  .some((box) => !box.closest(".md-search") && !box.hidden && box.getClientRects().length > 0)"""

# Everything in the page that could run script: [what, the text that gives it
# away, the element]; and the titles that hold payloads, annotation text or a "<".
INSPECT = """() => {
  const found = [], titles = [];
  const add = (what, evidence, element) => found.push([what, evidence, element.outerHTML.slice(0, 160)]);
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "ping", "codebase"]);
  const DATA_BLOCKS = new Set(["application/ld+json", "application/json"]);
  const ANNOTATION_TEXT = '[data-note], [data-term-entry], .ae-summary, [role="dialog"]:not(.md-search)';
  for (const element of document.querySelectorAll("*")) {
    for (const { name, value } of element.attributes) {
      if (name.startsWith("on")) add(`a handler attribute ${name}`, value, element);
      if (name === "srcdoc") add("a srcdoc", value, element);
      if (URL_ATTRIBUTES.has(name)) {
        let scheme = "";
        try { scheme = new URL(value, document.baseURI).protocol; } catch (error) {}
        if (["javascript:", "vbscript:", "data:"].includes(scheme)) add(`a ${scheme} address in ${name}`, value, element);
      }
      if (name === "title" && /__xss|annotation|</i.test(value)) titles.push([value, element.outerHTML.slice(0, 160)]);
    }
  }
  for (const element of document.querySelectorAll("iframe, frame, frameset, object, embed, applet, portal, base, body meta"))
    add(`a <${element.localName}> element`, element.outerHTML, element);
  for (const element of document.querySelectorAll("meta[http-equiv]"))
    if (/refresh/i.test(element.httpEquiv)) add("a refresh", element.content, element);
  // The one control the site's script adds to a note: its "Copy link" button, exactly as the script makes it.
  const ownButton = (element) => element.matches("button.ae-share") && /^(Copy link to this note|Link copied)$/.test(element.textContent)
    && [...element.attributes].every(({ name }) => ["class", "type", "tabindex"].includes(name)) && !element.children.length;
  for (const element of document.querySelectorAll(`:is(${ANNOTATION_TEXT}) :is(form, input, button, textarea, select)`))
    if (!ownButton(element)) add("a form control in annotation text", element.outerHTML, element);
  const scripts = [];
  for (const script of document.querySelectorAll("script")) {
    const type = (script.getAttribute("type") || "").trim().toLowerCase();
    if (script.hasAttribute("src")) scripts.push([script.getAttribute("src"), script.outerHTML]);
    else if (DATA_BLOCKS.has(type)) {
      try { JSON.parse(script.textContent); } catch (error) { add("a data script that is not JSON", script.textContent, script); }
    } else if (script.textContent.includes("__xss")) add("a script that holds a payload", script.textContent, script);
  }
  return { found, titles, scripts, sentinel: window.__xss === undefined ? null : String(window.__xss) };
}"""


def inspect(page: Page, site: ServedSite, written: PayloadSite, where: str) -> list[Finding]:
    """Whatever in the page could run script, and whether any did."""
    state = page.evaluate(INSPECT)
    findings = [Finding(where, what, f"{evidence!r} in {element}") for what, evidence, element in state["found"]]
    for title, element in state["titles"]:
        what = _title(title, written)
        if what:
            findings.append(Finding(where, what, f"{title!r} in {element}"))
    if state["sentinel"] is not None:
        findings.append(Finding(where, "window.__xss is set", state["sentinel"]))
    findings += [Finding(where, "a script that is not the site's own", element) for src, element in state["scripts"] if not _own(site, src)]
    if len(page.frames) > 1:
        findings.append(Finding(where, "frames in the page", " ".join(frame.url for frame in page.frames[1:])))
    return findings


def _title(title: str, written: PayloadSite) -> str | None:
    """What is wrong with a `title` attribute, which the theme's tooltips (where turned on) show as HTML.

    Annotation text never belongs in one. A page's title is another matter:
    the theme puts it in the title of a name it had to cut short, which is
    harmless as long as no tooltip makes markup of it; so is a title the
    page's own HTML writes.
    """
    if "annotation" in title.lower() or any(not o.field.startswith("front matter") and o.field != OWN_HTML
                                            for o in written.found_in(title)):
        return "annotation text in a title"
    return "a title the theme would show as markup" if TOOLTIPS and TAG.search(title) else None


def _own(site: ServedSite, src: str) -> bool:
    """Whether a script's `src` names a file of the built site. The address is
    taken as written: the page it was written for may have been replaced since
    by instant navigation, which keeps the scripts it has already run."""
    parts = urlsplit(src)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and f"{parts.scheme}://{parts.netloc}" != site.origin):
        return False
    return (site.root / re.sub(r"^(?:\.{1,2}/)+|^/", "", parts.path)).is_file()


@dataclass
class Target:
    index: int
    kind: str  # "passage", "reference", "term link", "summary link", "link in a note", ...
    reach: str  # "stays", "jump", "self", "page", "away" or "text"


class Sweep:
    """One page in one context, and everything a reader does on it.

    Real input costs a frame or more an event on a page this long, so the
    pointer goes to every target the page's own script or a payload could
    act on: passages, references, summary links, links that lead off the
    page (hovered, never followed off the site). Of the links that only take
    the reader to an address (within the page, to another page), whose effect
    the inspection judges from the address alone, one of each kind is
    followed; the rest get the same events dispatched by script.
    """

    def __init__(self, page: Page, site: ServedSite, path: str, pass_name: str, witness: Witness):
        self.page, self.site, self.path, self.pass_name, self.witness = page, site, path, pass_name, witness
        # Instant navigation takes over links only once it has the sitemap: on a loaded machine a link
        # followed before then reloads the page, which ends the pass.
        self.page.goto(path, wait_until="networkidle")
        self.page.wait_for_function("() => typeof document$ !== 'undefined'")
        self.targets = self._collect()
        self.inspect("on arrival")
        self._let_instant_navigation_settle()

    def _collect(self) -> list[Target]:
        return [Target(index, **facts) for index, facts in enumerate(self.page.evaluate(COLLECT, TARGETS))]

    def _let_instant_navigation_settle(self) -> None:
        """Material's instant navigation fetches the page again on the first click
        within it, and puts it back a moment later, moving whatever is under the
        pointer: make that first click now, and wait until the page is back."""
        swaps = self.page.evaluate("() => { window.__swaps = 0; document$.subscribe(() => window.__swaps++); return window.__swaps; }")
        if not self.page.evaluate(FIRST_JUMP):
            return
        try:
            self.page.wait_for_function("(swaps) => window.__swaps > swaps", arg=swaps, timeout=3_000)
        except TimeoutError:
            pass  # a theme that jumps within the page without fetching it again
        self.targets = self._collect()

    def inspect(self, moment: str) -> None:
        self.witness.findings += inspect(self.page, self.site, self.witness.written, f"{self.path}, {self.pass_name}, {moment}")

    def _point(self, target: Target) -> tuple[float, float] | str | None:
        """Where to point at `target`; "here" for a link to where the page is, None if it cannot be pointed at."""
        point = self.page.evaluate(POINT, target.index)
        if point == "stale":
            # Instant navigation is putting the page back by script, or loaded it afresh: wait until all of it
            # is there (while it is on its way, the page has fewer targets), then collect them again.
            self.page.wait_for_function("([selector, count]) => document.querySelectorAll(selector).length >= count",
                                        arg=[TARGETS, len(self.targets)])
            self.targets = self._collect()
            point = self.page.evaluate(POINT, target.index)
        if isinstance(point, list):
            return tuple(point)
        return "here" if point == "here" else None

    def _first_of_each_kind(self, reach: str) -> list[Target]:
        firsts: dict[str, Target] = {}
        for target in self.targets:
            if target.reach == reach:
                firsts.setdefault(target.kind, target)
        return list(firsts.values())

    def _dispatch(self, indexes: set[int], *, click: bool) -> None:
        if indexes:
            self.page.evaluate(DISPATCH, [sorted(indexes), click])

    def dwell(self) -> None:
        """Hover the first passage and the first term link in the text until the note or preview they open is shown."""
        for target in self._first_of_each_kind("stays") + self._first_of_each_kind("page"):
            if target.kind not in ("passage", "term link"):
                continue
            point = self._point(target)
            assert isinstance(point, tuple), f"{self.path}: the first {target.kind} cannot be pointed at"
            self.page.keyboard.press("Escape")
            self.page.mouse.move(1, self.page.viewport_size["height"] - 1)
            self.page.wait_for_function(f"() => !({OPEN})()")
            self.page.mouse.move(*point)
            try:
                self.page.wait_for_function(OPEN, timeout=2_000)
            except TimeoutError:
                self.witness.findings.append(Finding(f"{self.path}, {self.pass_name}", f"hovering the first {target.kind} opened nothing",
                                                     "in 2 s, so what it would show was not tried"))

    def focus_all(self, *, most_tabs: int = 240) -> None:
        """Tab from the top of the page until a summary link, a reference and a term link
        have had the keyboard's focus (they come first), then focus every other target."""
        wanted = {"summary link", "reference", "term link"} & {t.kind for t in self.targets}
        for _ in range(most_tabs // 10):
            if wanted <= {t.kind for t, focused in zip(self.targets, self._focused()) if focused}:
                break
            for _ in range(10):
                self.page.keyboard.press("Tab")
        self.page.keyboard.press("Escape")
        self.page.evaluate(FOCUS, [t.index for t, focused in zip(self.targets, self._focused()) if not focused])

    def _focused(self) -> list[bool]:
        return self.page.evaluate("() => window.__sweep.targets.map((element) => window.__sweep.focused.has(element))")

    def press_all(self, *, tap: bool) -> None:
        """Click (or tap) every target that keeps the reader on the page and every summary
        link; on a desktop, hover every link that leads elsewhere and one jump of each kind.

        From the last target to the first: a note opens below its passage, over
        what comes next in the page, not over what came before.
        """
        pressed = {t.index for t in self.targets if t.reach == "stays" or (t.kind == "summary link" and not tap)}
        hovered = set()
        if not tap:
            hovered = {t.index for t in self.targets if t.reach in ("page", "self", "away", "text") or t.kind == "link in a sidebar"}
            hovered |= {t.index for t in self._first_of_each_kind("jump")}
        missed = set()
        for target in reversed(self.targets):
            if target.index not in pressed | hovered:
                continue
            point = self._point(target)
            if point is None:
                missed.add(target.index)
            elif point == "here":
                continue
            elif target.index in hovered:
                self.page.mouse.move(*point)
            elif tap:
                self.page.touchscreen.tap(*point)
            else:
                self.page.mouse.click(*point)
        self.page.keyboard.press("Escape")
        # Clicks by script only where they cannot take the page anywhere.
        stays = {t.index for t in self.targets if t.reach == "stays"}
        self._dispatch(missed & stays, click=True)
        self._dispatch(({t.index for t in self.targets} - pressed - hovered) | (missed - stays), click=False)

    def hover_titles(self) -> None:
        """Hover everything whose title could make markup (one with a "<" or a "&"),
        until its tooltip shows: the theme shows a title as HTML. The theme gives
        titles of its own to names it had to cut short, once they were in view."""
        indexes = self.page.evaluate(TITLED)
        for index in indexes:
            point = self._point(Target(index, "titled", "stays"))
            if not isinstance(point, tuple):
                continue
            self.page.mouse.move(*point)
            try:
                self.page.wait_for_function(TOOLTIP, timeout=1_500)
            except TimeoutError:
                pass  # the title is a finding of the inspection whether or not its tooltip shows

    def jump_and_follow(self, *, tap: bool) -> None:
        """Follow one link of each kind within the page, and one to another page of the site and back."""
        for target in self._first_of_each_kind("jump"):
            self._press(target, tap=tap)
            # The page's script scrolls to the target once the theme has moved there: on a loaded machine,
            # after the next target was pointed at, which a tap would then miss.
            wait_until_still(self.page)
        for target in self._first_of_each_kind("page"):
            if not self._press(target, tap=tap):
                continue
            self.page.wait_for_url(lambda url: urlsplit(url).path != self.path, timeout=NAVIGATION_TIMEOUT)
            self.inspect(f"after following a {target.kind} to {urlsplit(self.page.url).path}")
            self.page.evaluate(COUNT_SWAPS)
            self.page.go_back()
            # Instant navigation fetches the page again and puts it in place: seconds for a long page on a loaded machine.
            self.page.wait_for_url(lambda url: urlsplit(url).path == self.path, timeout=NAVIGATION_TIMEOUT)
            # Instant navigation answers "back" by fetching the page and putting it in place a moment later:
            # a tap before then lands on a page on its way out.
            self.page.wait_for_function("() => window.__swapsSinceBack !== 1")
            # Instant navigation puts the page back by script: wait until all of it is there.
            self.page.wait_for_function("([selector, count]) => document.querySelectorAll(selector).length === count",
                                        arg=[TARGETS, len(self.targets)])
            self.targets = self._collect()

    def _press(self, target: Target, *, tap: bool) -> bool:
        """Click or tap `target` (by script where the pointer cannot reach it); False for a link to where the page is."""
        point = self._point(target)
        if point == "here":
            return False
        if point is None:
            self.page.evaluate("(index) => window.__sweep.targets[index].click()", target.index)
        elif tap:
            self.page.touchscreen.tap(*point)
            if target.kind.startswith("term link"):  # the first tap shows the term's definition, the second follows
                self.page.touchscreen.tap(*point)
        else:
            self.page.mouse.click(*point)
        return True

    def search(self, query: str) -> None:
        """Search the site for `query` and point at every result shown."""
        box = self.page.locator(".md-search__input")
        box.click()
        box.fill("")
        self.page.keyboard.type(query)  # the theme searches as keys are typed
        self.page.wait_for_function("() => /matching/i.test(document.querySelector('.ae-search__meta')?.textContent)")
        for point in self.page.evaluate(RESULTS):
            self.page.mouse.move(*point)
        self.inspect(f"showing the search results for {query!r}")
        self.page.keyboard.press("Escape")


@pytest.fixture
def open_page(browser, payload_site):
    """`open_page(witness, **options)`: a page in a fresh context on the payload site, watched by `witness`."""
    contexts = []

    def make(witness: Witness, **options) -> Page:
        context = browser.new_context(base_url=payload_site.origin, **{"viewport": LAPTOP, **options})
        context.set_default_timeout(5_000)
        witness.watch(context)
        contexts.append(context)
        page = context.new_page()
        witness.watch_page(page)
        return page

    yield make
    for context in contexts:
        context.close()


def read_everything(open_page, site: ServedSite, path: str, witness: Witness) -> None:
    """On a desktop, hover, focus and click everything on the page; on a phone, tap it."""
    with pass_of(witness, path, "desktop"):
        desktop = Sweep(open_page(witness), site, path, "desktop", witness)
        desktop.dwell()
        desktop.focus_all()
        desktop.press_all(tap=False)
        desktop.hover_titles()
        desktop.inspect("after hovering, focusing and clicking everything")
        desktop.jump_and_follow(tap=False)
        desktop.inspect("back from the other pages")
    with pass_of(witness, path, "phone"):
        phone = Sweep(open_page(witness, viewport=PHONE, has_touch=True, is_mobile=True), site, path, "phone", witness)
        phone.press_all(tap=True)
        phone.inspect("after tapping everything")
        phone.jump_and_follow(tap=True)
        phone.inspect("back from the other pages")


@contextmanager
def pass_of(witness: Witness, path: str, pass_name: str):
    """A payload that takes the page away (a refresh, a base address) ends the
    pass it happened in, as a finding: what was found before it still counts."""
    try:
        yield
    except PlaywrightError as error:
        witness.findings.append(Finding(f"{path}, {pass_name}", "the pass ended early", str(error).splitlines()[0]))


RAN = ("window.__xss was set", "window.__xss is set", "a dialog")


def explain(witness: Witness, most: int = 40) -> str:
    """The payloads that ran and those found ready to run, by where they were
    written; then the first finding of each kind."""
    lines = [f"{len(witness.findings)} findings."]
    for heading, findings in (
        ("Payloads that ran", [f for f in witness.findings if f.what.startswith(RAN)]),
        ("Payloads found in the pages, ready to run", [f for f in witness.findings if not f.what.startswith(RAN)]),
    ):
        places: dict[str, list[str]] = {}
        for occurrence in witness.written.found_in(" ".join(f.evidence for f in findings)):
            place = f"{occurrence.field} of {occurrence.owner} ({occurrence.file}:{occurrence.line})"
            places.setdefault(place, []).append(f"{occurrence.payload.name} ({occurrence.code})")
        if places:
            lines += [f"{heading}, by where they were written:", *(f"  {place}: {', '.join(names)}" for place, names in places.items())]
    firsts: dict[tuple[str, str], Finding] = {}
    for finding in witness.findings:
        firsts.setdefault((finding.what, CODE.sub("#", finding.evidence)), finding)
    lines += ["The first finding of each kind:", *(f"  {f}" for f in list(firsts.values())[:most])]
    if len(firsts) > most:
        lines.append(f"  ... and {len(firsts) - most} more kinds")
    return "\n".join(lines)


CANARY = "<!doctype html><title>Canary</title><p>A page of the test's own, with no payload of the site.</p>"


def test_the_watch_sees_a_payload_that_runs(open_page, payload_site, payload_build):
    """A payload put into a page by hand is seen three ways: the dialog, the sentinel, the inspection."""
    witness = Witness(payload_site.origin, payload_build.written)
    page = open_page(witness)
    page.route(f"{payload_site.origin}/canary/", lambda route: route.fulfill(content_type="text/html", body=CANARY))
    page.goto("/canary/")
    page.evaluate("""() => document.body.insertAdjacentHTML(
        "beforeend", '<img src="missing.png" onerror="window.__xss=4242;alert(4242)">')""")
    page.wait_for_function("() => window.__xss !== undefined")
    findings = inspect(page, payload_site, payload_build.written, "the canary")
    page.evaluate("() => 0")  # the binding's report of the write arrives before this answer
    assert {(f.what, f.evidence) for f in witness.findings} == {("window.__xss was set", "4242"), ("a dialog (alert)", "4242")}
    assert {f.what for f in findings} == {"a handler attribute onerror", "window.__xss is set"}


@pytest.mark.parametrize("path", PAGES)
def test_nothing_runs_whatever_a_reader_does(open_page, payload_site, payload_build, path):
    witness = Witness(payload_site.origin, payload_build.written)
    read_everything(open_page, payload_site, path, witness)
    assert not witness.findings, explain(witness)


def test_nothing_runs_on_the_other_pages(open_page, payload_site, payload_build):
    """The home page, the corrections page, whatever else the build makes."""
    others = [path for path in payload_site.pages() if path not in PAGES and path != OWN_HTML_PATH]
    assert "/" in others
    witness = Witness(payload_site.origin, payload_build.written)
    for path in others:
        read_everything(open_page, payload_site, path, witness)
    assert not witness.findings, explain(witness)


# Every element of the page's content told it was pointed at, focused, tapped and toggled; its links are
# not followed (a link the page keeps leads to an address the inspection judges by itself).
EVENTS = """() => {
  for (const element of document.querySelectorAll("body *")) {
    for (const type of ["pointerover", "mouseover", "pointerdown", "touchstart", "focus", "focusin", "toggle", "animationstart"])
      element.dispatchEvent(new Event(type, { bubbles: true }));
    if (typeof element.focus === "function") element.focus();
  }
}"""


def test_nothing_runs_in_a_pages_own_html(open_page, payload_site, payload_build):
    """The page whose Markdown holds every payload: what would run is gone from it, so nothing runs as
    it loads or as anything on it is pointed at, focused or tapped. (Some payloads leave the rest of
    the page unread by the theme, an unclosed `<style>` read to its end: no script runs there either,
    so the theme's sweep does not apply to this page.)"""
    witness = Witness(payload_site.origin, payload_build.written)
    for where, options in (("desktop", {}), ("phone", {"viewport": PHONE, "has_touch": True, "is_mobile": True})):
        page = open_page(witness, **options)
        page.goto(OWN_HTML_PATH, wait_until="load")
        page.evaluate(EVENTS)
        page.wait_for_timeout(300)  # an animation or a load an event set off
        witness.findings += inspect(page, payload_site, payload_build.written, f"{OWN_HTML_PATH}, {where}")
    assert not witness.findings, explain(witness)


def test_nothing_runs_in_search_results(open_page, payload_site, payload_build):
    """Notes, claims and definitions are searchable: what the search box shows of them stays text."""
    witness = Witness(payload_site.origin, payload_build.written)
    sweep = Sweep(open_page(witness), payload_site, ARTICLE_PATH, "search", witness)
    for query in ("onerror", "javascript", "iframe", "annotation"):
        sweep.search(query)
    assert not witness.findings, explain(witness)


def test_nothing_runs_in_the_margin_notes(open_page, payload_site, payload_build):
    """On a wide screen the notes are copies in the margin: each one expanded and clicked stays text."""
    witness = Witness(payload_site.origin, payload_build.written)
    page = open_page(witness, viewport=WIDE)
    sweep = Sweep(page, payload_site, ARTICLE_PATH, "margin", witness)
    count = page.locator(".ae-side").count()
    assert count, "no note in the margin of the payload article"
    for index in range(count):
        side = page.locator(".ae-side").nth(index)
        side.scroll_into_view_if_needed()
        side.locator(".ae-note__heading").click()
        expect(side).to_have_class(re.compile(r"\bae-open\b"))
        page.keyboard.press("Escape")
    sweep.inspect("after expanding every note in the margin")
    assert not witness.findings, explain(witness)
