/*
 * Notes beside their passages, glossary previews, the reader's controls.
 * Below 76.25em a passage (or its reference) opens its note in a popover on
 * hover, focus and tap; from there (where Material shows both sidebars) the
 * notes stand in the margin, compact until hovered, focused or tapped, and the
 * table of contents folds behind a header button. What shows is a copy of the
 * endnote without ids or data-note (DESIGN.md §5), so print, search and pages
 * without this script keep the endnotes; a term's preview is set as text from
 * the page's JSON data, never as markup. Events are delegated from the
 * document to survive Material's instant navigation; `document$` sets up each page.
 */
(function () {
  "use strict";

  var GAP = 8;            // px between two notes in the margin
  var OPEN_DELAY = 120;   // ms before a hover opens a note, so passing over text does not
  var CLOSE_DELAY = 250;  // ms of grace to move the pointer from a passage into its note
  var WIDE = matchMedia("(min-width: 76.25em)");
  var STILL = matchMedia("(prefers-reduced-motion: reduce)");
  var STORE = "ae-reading";
  var root = document.documentElement;

  var popover = null;     // the one floating note or term preview
  var margin = null;      // the column of notes on a wide screen
  var current = null;     // what is open: { kind: "note" | "term", id, trigger, box }, or null
  var pinned = false;     // opened by a click or tap: stays until dismissed
  var pointerAt = "";     // where the mouse last was on the screen, "x,y"
  var heldAt = null;      // after a permalink: no hover opens a note while the mouse stays here
  var pressed = false;    // a pointer went down since the last click (else it came from a key)
  var touch = false;      // ... and it was a finger
  var wasOpenOnPress = false;
  var followed = null;    // a note whose endnote the reader asked for: the address change stays there
  var openTimer = 0;
  var closeTimer = 0;
  var previews = null;    // the page's term previews, read once per page
  var prefs = load();

  function all(selector, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(selector)); }
  function by(attribute, id) { return "[" + attribute + '="' + CSS.escape(id) + '"]'; }
  function marksOf(id) { return all("mark" + by("data-annotation", id)); }
  function refOf(id) { return document.querySelector("a" + by("data-annotation-ref", id)); }
  function noteOf(id) { return document.querySelector(by("data-note", id)); }
  function sideOf(id) { return margin && margin.querySelector(".ae-side" + by("data-for", id)); }
  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }

  // What an element opens: a note in the margin, a term's preview (its link),
  // else a passage's note (its marks or reference); nothing in the popover.
  function targetOf(element) {
    if (!element || !element.closest) return null;
    var side = element.closest(".ae-side");
    if (side) return { kind: "note", id: side.getAttribute("data-for"), trigger: side };
    if (popover && popover.contains(element)) return null;
    var term = element.closest("a[data-term]");
    if (term) {
      var termId = term.getAttribute("data-term");
      return termPreview(termId) ? { kind: "term", id: termId, trigger: term } : null;
    }
    var trigger = element.closest("mark[data-annotation], a[data-annotation-ref]");
    // A passage the reader turned off is plain text; its reference still opens the note.
    if (!trigger || (trigger.localName === "mark" && (trigger.classList.contains("ae-quiet") || root.classList.contains("ae-plain")))) return null;
    var id = trigger.getAttribute("data-annotation") || trigger.getAttribute("data-annotation-ref");
    return { kind: "note", id: id, trigger: trigger };
  }

  function same(a, b) {
    return !!(a && b && a.kind === b.kind && a.id === b.id);
  }

  function inBox(element) {
    return !!(element && ((popover && popover.contains(element)) || (margin && margin.contains(element))));
  }

  // Short definitions come as JSON data, never as markup, and are shown as text.
  function termPreview(id) {
    if (previews === null) {
      var data = document.querySelector("div.ae-term-previews[data-previews]");
      try { previews = data ? JSON.parse(data.getAttribute("data-previews")) : {}; } catch (error) { previews = {}; }
    }
    return Object.prototype.hasOwnProperty.call(previews, id) ? previews[id] : null;
  }

  // A note's heading and content, without ids or permalink sign.
  function copyNote(note, into) {
    [".ae-note__heading", ".ae-note__content"].forEach(function (part) {
      var copy = note.querySelector(part);
      if (!copy) return;
      copy = copy.cloneNode(true);
      [copy].concat(all("[id]", copy)).forEach(function (element) { element.removeAttribute("id"); });
      all(".headerlink", copy).forEach(function (element) { element.remove(); });
      into.appendChild(copy);
    });
  }

  function ensurePopover() {
    if (popover && document.body.contains(popover)) return popover;
    popover = make("div", "ae-popover md-typeset");
    popover.id = "ae--popover";
    popover.setAttribute("role", "dialog");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    popover.addEventListener("mouseleave", function () { if (!pinned) scheduleClose(); });
    document.body.appendChild(popover);
    return popover;
  }

  function fillNote(id) {
    var note = noteOf(id);
    if (!note) return null;
    var box = ensurePopover();
    box.textContent = "";
    box.removeAttribute("data-term");
    copyNote(note, box);
    box.appendChild(moreLink("#" + id, "Open in the notes"));
    var heading = note.querySelector(".ae-note__heading");
    box.setAttribute("aria-label", heading ? heading.textContent.replace("¶", "").trim() : "Note");
    box.setAttribute("data-for", id);
    var verdict = note.getAttribute("data-verdict");
    if (verdict) box.setAttribute("data-verdict", verdict); else box.removeAttribute("data-verdict");
    return box;
  }

  function fillTerm(target) {
    var preview = termPreview(target.id);
    if (!preview) return null;
    var box = ensurePopover();
    box.textContent = "";
    box.removeAttribute("data-verdict");
    box.removeAttribute("data-for");
    box.setAttribute("data-term", target.id);
    var name = make("p", "ae-popover__term");
    name.appendChild(make("strong", "", preview.term));
    var definition = make("p", "", preview.short);
    definition.id = "ae--preview-definition";  // what the term's link is described by while it shows
    box.appendChild(name);
    box.appendChild(definition);
    box.appendChild(moreLink(target.trigger.getAttribute("href"), "Read the glossary entry"));
    box.setAttribute("aria-label", preview.term);
    return box;
  }

  function moreLink(href, text) {
    var more = make("a", "ae-popover__more", text);
    more.href = href;
    return more;
  }

  // Below the passage (or term) if the box fits there, else above it, else on
  // the roomier side, scrolling inside: it never covers what opened it (a tap
  // would land on the note) nor hides under the header.
  function place(target) {
    var anchors = target.kind === "note" ? marksOf(target.id).concat(refOf(target.id) || []) : [target.trigger];
    var rects = [];
    anchors.forEach(function (anchor) { rects = rects.concat(Array.prototype.slice.call(anchor.getClientRects())); });
    if (!rects.length) return;
    var last = rects[rects.length - 1];
    var top = Math.min.apply(null, rects.map(function (r) { return r.top; }));
    var bottom = Math.max.apply(null, rects.map(function (r) { return r.bottom; }));
    var box = popover;
    var margin = 8;
    var gap = 6;
    var viewWidth = root.clientWidth;
    var header = document.querySelector(".md-header");
    var ceiling = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    var width = Math.min(448, viewWidth - 2 * margin);
    box.style.width = width + "px";
    box.style.maxHeight = "";
    var below = window.innerHeight - bottom - gap - margin;
    var above = top - ceiling - gap - margin;
    var height = box.offsetHeight;
    var under = height <= below || (height > above && below >= above);
    var room = under ? below : above;
    if (height > room) {
      box.style.maxHeight = Math.max(room, 96) + "px";
      height = box.offsetHeight;
    }
    var left = Math.max(margin, Math.min(last.left, viewWidth - width - margin));
    box.style.left = left + window.scrollX + "px";
    box.style.top = (under ? bottom + gap : top - gap - height) + window.scrollY + "px";
  }

  function open(target, pin) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (!same(current, target)) {
      close();
      // A note the reader's choice leaves out of the margin opens (from its reference) as a popover.
      var side = target.kind === "note" && sideOf(target.id);
      var box = target.kind === "term" ? fillTerm(target) : side && !side.hidden ? side : fillNote(target.id);
      if (!box) return;
      current = target;
      current.box = box;
      box.hidden = false;
      box.classList.add("ae-open");
      if (target.kind === "note") {
        marksOf(target.id).forEach(function (mark) { mark.classList.add("ae-mark--active"); });
        var ref = refOf(target.id);
        if (ref && box === popover) { ref.setAttribute("aria-expanded", "true"); ref.setAttribute("aria-controls", "ae--popover"); }
      } else {
        target.trigger.setAttribute("aria-describedby", "ae--preview-definition");
      }
    }
    pinned = pinned || !!pin;
    if (current.box === popover) place(current); else layout();
  }

  function close() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current === null) return;
    all(".ae-mark--active").forEach(function (mark) { mark.classList.remove("ae-mark--active"); });
    var box = current.box;
    box.classList.remove("ae-open");
    if (current.kind === "term") current.trigger.removeAttribute("aria-describedby");
    if (box === popover) {
      box.hidden = true;
      var ref = current.kind === "note" && refOf(current.id);
      if (ref) { ref.setAttribute("aria-expanded", "false"); ref.removeAttribute("aria-controls"); }
    }
    current = null;
    pinned = false;
    layout();
  }

  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(close, CLOSE_DELAY);
  }


  // Every note in the margin beside its passage. The copies are for the eye:
  // assistive technology has each note once, through its reference (named
  // after it, described by its text) and its endnote.
  function buildMargin() {
    var article = document.querySelector("article.md-content__inner");
    var notes = all("[data-note]").filter(function (note) { return marksOf(note.getAttribute("data-note")).length; });
    if (!WIDE.matches || !article || !notes.length) return;
    margin = make("div", "ae-margin");
    margin.setAttribute("aria-hidden", "true");
    notes.forEach(function (note) {
      var side = make("div", "ae-side md-typeset");
      side.setAttribute("data-for", note.getAttribute("data-note"));
      if (note.hasAttribute("data-verdict")) side.setAttribute("data-verdict", note.getAttribute("data-verdict"));
      copyNote(note, side);
      all("a, button", side).forEach(function (element) { element.tabIndex = -1; });
      margin.appendChild(side);
    });
    article.appendChild(margin);
    root.classList.add("ae-wide");
  }

  function dropMargin() {
    if (margin) margin.remove();
    margin = null;
    root.classList.remove("ae-wide", "ae-toc");
  }

  // Each note as close to its passage as the notes above it allow: when they
  // crowd, they stack downward (a screen below, far down an article). The note
  // open from its passage, reference or permalink stands beside its passage,
  // the notes above stacked upward; one opened in the margin stays under the
  // pointer. Read every position first, then write.
  function layout() {
    if (!margin || !margin.isConnected) return;
    var sides = all(".ae-side", margin).filter(function (side) { return !side.hidden; });
    var base = margin.getBoundingClientRect().top;
    var tops = sides.map(function (side) { return marksOf(side.getAttribute("data-for"))[0].getBoundingClientRect().top - base; });
    var heights = sides.map(function (side) { return side.offsetHeight; });
    var places = tops.slice();
    var anchored = current !== null && current.trigger !== current.box ? sides.indexOf(current.box) : -1;
    for (var index = anchored - 1, ceiling = tops[anchored]; index >= 0; index--) {
      places[index] = Math.min(tops[index], ceiling - GAP - heights[index]);
      ceiling = places[index];
    }
    var floor = 0;
    sides.forEach(function (side, index) {
      var top = Math.max(places[index], floor);
      side.style.top = top + "px";
      floor = top + heights[index] + GAP;
    });
  }

  // The table of contents gives its column to the notes: a header button shows it.
  function tocButton() {
    var header = document.querySelector(".md-header__inner");
    var toc = document.querySelector(".md-sidebar--secondary");
    var button = document.querySelector(".ae-toc-button");
    if (!header) return;
    if (!button) {
      button = make("button", "md-header__button md-icon ae-toc-button");
      button.type = "button";
      button.setAttribute("aria-label", "Table of contents");
      button.setAttribute("aria-controls", "ae--toc");
      var search = header.querySelector(".md-search");
      header.insertBefore(button, search);
    }
    if (toc) toc.id = "ae--toc";
    button.hidden = !(margin && toc && toc.querySelector(".md-nav__link"));
    toggleToc(false);
  }

  function toggleToc(show) {
    root.classList.toggle("ae-toc", show);
    var button = document.querySelector(".ae-toc-button");
    if (button) button.setAttribute("aria-expanded", String(show));
  }


  function load() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(STORE)) || {}; } catch (error) { saved = {}; }
    return {
      highlights: saved.highlights !== false,
      only: saved.only === "fact-check" ? "fact-check" : "all",
      hidden: Array.isArray(saved.hidden) ? saved.hidden.filter(function (v) { return typeof v === "string"; }) : [],
    };
  }

  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(prefs)); } catch (error) { /* private mode: for this page only */ }
  }

  // Whether the reader's choice shows this note: fact-checks of the verdicts
  // not turned off, and context notes unless only fact-checks are wanted.
  function shown(id) {
    var verdict = (noteOf(id) || root).getAttribute("data-verdict");
    return verdict ? prefs.hidden.indexOf(verdict) < 0 : prefs.only === "all";
  }

  var CONTROLS =
    '<summary>Reading options</summary>' +
    '<fieldset><legend>Passages</legend><label><input type="checkbox" name="highlights"> Highlight passages</label></fieldset>' +
    '<fieldset class="ae-controls__notes"><legend>Notes</legend>' +
    '<label><input type="radio" name="ae-only" value="all"> All notes</label> ' +
    '<label><input type="radio" name="ae-only" value="fact-check"> Fact-checks only</label></fieldset>' +
    '<fieldset class="ae-controls__verdicts"><legend>Fact-checks rated</legend></fieldset>' +
    '<p><button type="button" class="md-button ae-help-open">Keyboard shortcuts <kbd>?</kbd></button></p>';

  function buildControls() {
    var summary = document.querySelector(".ae-summary");
    if (!summary || !document.querySelector("[data-note]")) return;
    var controls = make("details", "ae-controls");
    controls.innerHTML = CONTROLS;  // constant markup, no page text
    var verdicts = controls.querySelector(".ae-controls__verdicts");
    // The verdicts of the page, from the summary's counts: best to worst.
    all(".ae-summary__verdicts .ae-verdict").forEach(function (badge) {
      var verdict = badge.getAttribute("data-verdict");
      var label = make("label");
      var box = make("input");
      box.type = "checkbox";
      box.name = "verdict";
      box.value = verdict;
      label.appendChild(box);
      label.appendChild(badge.cloneNode(true));
      verdicts.appendChild(label);
    });
    if (!verdicts.querySelector("input")) verdicts.remove();
    controls.addEventListener("change", function (event) {
      var input = event.target;
      if (input.name === "highlights") prefs.highlights = input.checked;
      else if (input.name === "ae-only") prefs.only = input.value;
      else if (input.name === "verdict") {
        prefs.hidden = prefs.hidden.filter(function (v) { return v !== input.value; });
        if (!input.checked) prefs.hidden.push(input.value);
      }
      save();
      apply(true);
    });
    summary.parentNode.insertBefore(controls, summary.nextSibling);
  }

  function apply(announce) {
    var ids = all("[data-note]").map(function (note) { return note.getAttribute("data-note"); });
    var count = 0;
    root.classList.toggle("ae-plain", !prefs.highlights);
    ids.forEach(function (id) {
      var on = shown(id);
      count += on ? 1 : 0;
      marksOf(id).forEach(function (mark) { mark.classList.toggle("ae-quiet", !on); });
      var side = sideOf(id);
      if (side) side.hidden = !on;
    });
    var controls = document.querySelector(".ae-controls");
    if (controls) {
      all("input", controls).forEach(function (input) {
        input.checked = input.name === "highlights" ? prefs.highlights
          : input.name === "ae-only" ? input.value === prefs.only : prefs.hidden.indexOf(input.value) < 0;
      });
      controls.querySelector("summary").textContent = "Reading options: " + count + " of " + ids.length + " notes shown";
    }
    if (current && current.kind === "note" && !shown(current.id)) close();
    layout();
    if (announce) say((prefs.highlights ? "Passages highlighted. " : "Highlights off. ") + count + " of " + ids.length + " notes shown.");
  }

  // One polite live region for the whole site: what the controls did, a link
  // copied. Made empty on the first page, as a region added with its text is not read.
  function say(text) {
    var region = document.getElementById("ae--status");
    if (!region) {
      region = make("div", "ae-visually-hidden");
      region.id = "ae--status";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }


  var HELP =
    '<h2 id="ae--help-title">Keyboard shortcuts</h2><dl>' +
    '<dt><kbd>j</kbd></dt><dd>Next note</dd><dt><kbd>k</kbd></dt><dd>Previous note</dd>' +
    '<dt><kbd>?</kbd></dt><dd>This list</dd><dt><kbd>Esc</kbd></dt><dd>Close a note, a preview or this list</dd>' +
    '<dt><kbd>f</kbd> <kbd>s</kbd> <kbd>/</kbd></dt><dd>Search</dd>' +
    '<dt><kbd>p</kbd> <kbd>,</kbd></dt><dd>Previous page</dd><dt><kbd>n</kbd> <kbd>.</kbd></dt><dd>Next page</dd></dl>' +
    '<form method="dialog"><button class="md-button">Close</button></form>';

  function help() {
    var dialog = document.querySelector("dialog.ae-help");
    if (!dialog) {
      dialog = make("dialog", "ae-help md-typeset");
      dialog.setAttribute("aria-labelledby", "ae--help-title");
      dialog.innerHTML = HELP;  // constant markup, no page text
      document.body.appendChild(dialog);
    }
    close();
    if (!dialog.open) dialog.showModal();
  }

  // The next (or previous) note the reader's choice shows, from the one in
  // focus or from the top of the screen; focusing its reference opens it.
  function step(direction) {
    var refs = all("a[data-annotation-ref]").filter(function (ref) { return shown(ref.getAttribute("data-annotation-ref")); });
    var at = refs.indexOf(document.activeElement);
    if (at < 0) {
      var below = refs.findIndex(function (ref) { return ref.getBoundingClientRect().top > 64; });
      at = below < 0 ? refs.length : below;
      if (direction > 0) at -= 1;
    }
    var ref = refs[at + direction];
    if (!ref) return;
    ref.scrollIntoView({ block: "center", behavior: STILL.matches ? "auto" : "smooth" });
    ref.focus({ preventScroll: true });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (root.classList.contains("ae-toc")) toggleToc(false);
      if (current === null) return;
      var shownNow = current;
      var focusWasInside = inBox(document.activeElement);
      close();
      var back = shownNow.kind === "note" ? refOf(shownNow.id) : shownNow.trigger;
      if (focusWasInside && back) back.focus({ preventScroll: true });
      return;
    }
    // Not while typing, nor over Material's own keys (f s / p , n . and arrows).
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable], dialog");
    if (typing || event.ctrlKey || event.metaKey || event.altKey || !document.querySelector("[data-note]")) return;
    if (event.key === "j" || event.key === "k") step(event.key === "j" ? 1 : -1);
    else if (event.key === "?") help();
    else return;
    event.preventDefault();
  });


  function hover(element) {
    var target = targetOf(element);
    if (!target || heldAt !== null) return;
    clearTimeout(closeTimer);
    if (!same(target, current)) {
      clearTimeout(openTimer);
      openTimer = setTimeout(function () { open(target, false); }, OPEN_DELAY);
    }
  }

  document.addEventListener("mouseover", function (event) { hover(event.target); });

  // A permalink's note stays open while the pointer rests: the page moved under it. Hovering
  // resumes once the mouse is elsewhere (the browser's moves after a scroll are not), from the
  // move itself, which comes after its mouseover.
  document.addEventListener("mousemove", function (event) {
    var at = event.screenX + "," + event.screenY;
    pointerAt = at;
    if (heldAt === null || at === heldAt) return;
    heldAt = null;
    hover(event.target);
  }, { passive: true });

  document.addEventListener("mouseout", function (event) {
    var from = targetOf(event.target);
    if (!from || same(from, targetOf(event.relatedTarget)) || inBox(event.relatedTarget)) return;
    clearTimeout(openTimer);
    if (!pinned) scheduleClose();
  });

  document.addEventListener("focusin", function (event) {
    var target = targetOf(event.target);
    if (target) open(target, false);
    else if (current !== null && !inBox(event.target)) close();
  });

  document.addEventListener("focusout", function (event) {
    if (current !== null && targetOf(event.target) && !targetOf(event.relatedTarget) && !inBox(event.relatedTarget) && !pinned) scheduleClose();
  });

  // A tap is pointerdown, focus, then click: remember whether the note was
  // already open before this press, so the focus that opens it and the click
  // that follows do not cancel each other.
  document.addEventListener("pointerdown", function (event) {
    pressed = true;
    touch = event.pointerType === "touch";
    wasOpenOnPress = same(targetOf(event.target), current) && pinned;
  }, true);

  function stop(event) {
    event.preventDefault();
    event.stopPropagation();
  }

  // Clicks are caught on their way down, before Material's instant
  // navigation (listening on the body) follows the link.
  document.addEventListener("click", function (event) {
    var element = event.target;
    var byPointer = pressed;
    var again = wasOpenOnPress;
    pressed = wasOpenOnPress = false;
    followed = null;
    if (!element.closest) return;
    var share = element.closest(".ae-share");
    if (share) return copyLink(share);
    if (element.closest(".ae-help-open")) return help();
    if (element.closest(".ae-toc-button")) return toggleToc(!root.classList.contains("ae-toc"));
    // The table of contents folds again on a click outside it or on one of its links.
    if (root.classList.contains("ae-toc") && (!element.closest(".md-sidebar--secondary") || element.closest("a"))) toggleToc(false);
    var target = targetOf(element);
    var link = element.closest("a[href]");
    if (target && target.kind === "term") {
      // No hover on a touch screen: the first tap shows the definition, a second one follows the link.
      if (touch && byPointer && !again) { stop(event); open(target, true); } else close();
      return;
    }
    if (link && !link.hasAttribute("data-annotation-ref")) {
      // The article's own link inside a passage, or a link in a note: followed.
      if (link.closest("[data-note], .ae-popover")) followed = decodeURIComponent(link.hash.slice(1)) || null;
      if (!inBox(link)) close();
      return;
    }
    if (target && target.trigger === refOf(target.id) && !byPointer) {
      followed = target.id;  // Enter (or a screen reader) follows a reference to the full note, sources and all
      close();
      return;
    }
    if (target) {
      stop(event);
      if (again) close(); else open(target, true);
      return;
    }
    if (current !== null && !inBox(element)) close();
  }, true);

  window.addEventListener("resize", function () { if (current !== null && current.box === popover) place(current); layout(); });


  function addShareButtons() {
    all("[data-note] > .ae-note__content").forEach(function (content) {
      var line = make("p", "ae-note__share");
      var button = make("button", "ae-share", "Copy link to this note");
      button.type = "button";
      line.appendChild(button);
      content.appendChild(line);
    });
  }

  function copyLink(button) {
    var holder = button.closest("[data-note], [data-for]");
    var id = holder.getAttribute("data-note") || holder.getAttribute("data-for");
    var url = location.origin + location.pathname + "#" + id;
    var done = function () {
      button.textContent = "Link copied";
      say("Link to the note copied: " + url);
    };
    // Without the clipboard (an address that is not https), the link is shown to be copied by hand.
    (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject()).then(done, function () {
      button.textContent = url;
      say("Copy this link: " + url);
    });
  }

  // A permalink (page#note) opens the note beside its passage, at every
  // width; its endnote is highlighted too. A reader who followed a reference
  // to its endnote stays there. `:target` alone is not enough: instant
  // navigation changes the address without a jump.
  function highlightTarget() {
    // On a first load the browser scrolls to the endnote and focuses it late: after that.
    if (document.readyState !== "complete") return window.addEventListener("load", function () { setTimeout(highlightTarget, 0); }, { once: true });
    if (document.body.hasAttribute("data-md-scrolllock")) return afterScrollLock(highlightTarget);
    all(".ae-targeted").forEach(function (element) { element.classList.remove("ae-targeted"); });
    var hash = decodeURIComponent(location.hash.slice(1));
    var target = hash && document.getElementById(hash);
    if (!target) return;
    var entry = target.closest("[data-note], [data-term-entry]");
    var id = entry && entry.getAttribute("data-note");
    var ref = id && refOf(id);
    if (entry) entry.classList.add("ae-targeted");
    // Only the note's permalink (or an old one it replaces; search results are permalinks)
    // opens it in place; a link to its heading, or a reference followed, leads to the endnote.
    if (!ref || followed === id || !(target === entry || target.hasAttribute("data-replaced"))) {
      // The margin and the reading options change the page's length after the browser
      // scrolled to the target, and instant navigation may swap the page in again after
      // the browser moved the focus: scroll and focus as the browser did.
      target.scrollIntoView({ block: target.matches("a[data-annotation-ref]") ? "center" : "start" });
      if (target.matches("a[data-annotation-ref]") || followed === id) (entry || target).focus({ preventScroll: true });
      return;
    }
    (marksOf(id)[0] || ref).scrollIntoView({ block: "center" });
    ref.focus({ preventScroll: true });
    open({ kind: "note", id: id, trigger: ref }, true);
    heldAt = pointerAt;
  }
  // On a narrow screen the theme's search holds the page still and puts it back as it closes:
  // a result on this page is jumped to after that (once).
  var waitingForScrollLock = false;
  function afterScrollLock(then) {
    if (waitingForScrollLock) return;
    waitingForScrollLock = true;
    var observer = new MutationObserver(function () {
      if (document.body.hasAttribute("data-md-scrolllock")) return;
      observer.disconnect();
      waitingForScrollLock = false;
      then();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  }
  window.addEventListener("hashchange", highlightTarget);
  // Instant navigation follows links within the page without a hashchange.
  if (typeof location$ !== "undefined") location$.subscribe(function () { setTimeout(highlightTarget, 0); });


  // The theme's search dialog and page-load progress bar come without a name.
  function nameTheme() {
    [[".md-search[role=dialog]", "Search"], [".md-progress[role=progressbar]", "Loading the page"]].forEach(function (pair) {
      var element = document.querySelector(pair[0]);
      if (element && !element.hasAttribute("aria-label")) element.setAttribute("aria-label", pair[1]);
    });
  }

  // Below 76.25em the theme's navigation is a drawer, off the screen while closed, whose links
  // Tab still reached, unseen: it is inert until opened.
  var DRAWER = matchMedia("(max-width: 76.234375em)");
  function drawerInert() {
    var nav = document.querySelector(".md-sidebar--primary");
    var toggle = document.getElementById("__drawer");
    if (nav && toggle) nav.inert = DRAWER.matches && !toggle.checked;
  }
  document.addEventListener("change", function (event) { if (event.target.id === "__drawer") drawerInert(); });
  DRAWER.addEventListener("change", drawerInert);

  function setUp() {
    close();
    dropMargin();
    buildMargin();
    tocButton();
    all("a[data-annotation-ref]").forEach(function (ref) {
      if (margin) ref.removeAttribute("aria-expanded"); else ref.setAttribute("aria-expanded", "false");
    });
    apply(false);
  }

  var watcher = typeof ResizeObserver === "function" ? new ResizeObserver(function () { layout(); }) : null;

  function onPage() {
    nameTheme();
    drawerInert();
    close();
    previews = null;
    root.classList.add("ae-js");
    say("");
    if (!document.querySelector(".ae-share")) addShareButtons();
    if (!document.querySelector(".ae-controls")) buildControls();
    setUp();
    var article = document.querySelector("article.md-content__inner");
    if (watcher && article) { watcher.disconnect(); watcher.observe(article); }
    highlightTarget();
  }

  WIDE.addEventListener("change", setUp);

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();

// ---------------------------------------------------------------- search
// Loads search.js (and through it the Pagefind index) the first time the
// reader focuses or types in the theme's search box: reading a page fetches
// nothing for search. The theme's shortcuts (/, s, f) focus the box too.
(function () {
  var script = document.currentScript && document.currentScript.src;
  var loading = null;
  function load(event) {
    if (!script || loading || !(event.target instanceof Element) || !event.target.matches(".md-search__input")) return;
    loading = import(new URL("search.js", script).href).catch(function () { loading = null; });
  }
  document.addEventListener("focusin", load);
  document.addEventListener("input", load);
})();
