/*
 * Notes beside their passages, and glossary previews. A highlighted passage
 * (or its numbered reference) opens its note on hover, keyboard focus and
 * tap; a glossary link shows the term's short definition on hover and focus.
 * Escape, a tap elsewhere or moving away closes them. The note shown is a
 * copy of its endnote, so the page works without this script, in print and
 * in search; a preview's text comes from the page's JSON data, set as text,
 * never as markup (the theme's tooltips would render a title as HTML).
 *
 * Events are delegated from the document, so they survive Material's
 * instant navigation; `document$` resets per-page state after each swap.
 */
(function () {
  "use strict";

  var OPEN_DELAY = 120;   // ms before a hover opens a note, so passing over text does not
  var CLOSE_DELAY = 250;  // ms of grace to move the pointer from a passage into its note

  var popover = null;     // the one floating note or term preview
  var current = null;     // what it shows: { kind: "note" | "term", id, trigger }, or null
  var pinned = false;     // opened by a click or tap: stays until dismissed
  var pressed = false;    // a pointer went down since the last click (else it came from a key)
  var wasOpenOnPress = false;
  var openTimer = 0;
  var closeTimer = 0;
  var previews = null;    // the page's term previews, read once per page

  // What an element opens: a term's preview (its link), else a passage's note
  // (its marks or reference); nothing inside the popover itself.
  function targetOf(element) {
    if (!element || !element.closest || inPopover(element)) return null;
    var term = element.closest("a[data-term]");
    if (term) {
      var termId = term.getAttribute("data-term");
      return termPreview(termId) ? { kind: "term", id: termId, trigger: term } : null;
    }
    var trigger = element.closest("mark[data-annotation], a[data-annotation-ref]");
    if (!trigger) return null;
    var id = trigger.getAttribute("data-annotation") || trigger.getAttribute("data-annotation-ref");
    return { kind: "note", id: id, trigger: trigger };
  }

  function same(a, b) {
    return !!(a && b && a.kind === b.kind && a.id === b.id);
  }

  function refOf(id) {
    return document.querySelector('a[data-annotation-ref="' + CSS.escape(id) + '"]');
  }

  // Short definitions come as JSON data, never as markup, and are shown as text.
  function termPreview(id) {
    if (previews === null) {
      var data = document.querySelector("div.ae-term-previews[data-previews]");
      try { previews = data ? JSON.parse(data.getAttribute("data-previews")) : {}; } catch (error) { previews = {}; }
    }
    return Object.prototype.hasOwnProperty.call(previews, id) ? previews[id] : null;
  }

  function ensurePopover() {
    if (popover && document.body.contains(popover)) return popover;
    popover = document.createElement("div");
    popover.className = "ae-popover md-typeset";
    popover.id = "ae--popover";
    popover.setAttribute("role", "dialog");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    popover.addEventListener("mouseleave", function () { if (!pinned) scheduleClose(); });
    document.body.appendChild(popover);
    return popover;
  }

  function fill(target) {
    return target.kind === "term" ? fillTerm(target) : fillNote(target.id);
  }

  function fillNote(id) {
    var note = document.querySelector('[data-note="' + CSS.escape(id) + '"]');
    if (!note) return false;
    var box = ensurePopover();
    box.textContent = "";
    box.removeAttribute("data-term");
    var heading = note.querySelector(".ae-note__heading");
    var content = note.querySelector(".ae-note__content");
    [heading, content].forEach(function (part) {
      if (!part) return;
      var copy = part.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      copy.querySelectorAll(".headerlink").forEach(function (el) { el.remove(); });
      box.appendChild(copy);
    });
    box.appendChild(moreLink("#" + id, "Open in the notes"));
    box.setAttribute("aria-label", heading ? heading.textContent.replace("¶", "").trim() : "Note");
    box.setAttribute("data-for", id);
    var verdict = note.getAttribute("data-verdict");
    if (verdict) box.setAttribute("data-verdict", verdict); else box.removeAttribute("data-verdict");
    return true;
  }

  function fillTerm(target) {
    var preview = termPreview(target.id);
    if (!preview) return false;
    var box = ensurePopover();
    box.textContent = "";
    box.removeAttribute("data-verdict");
    box.removeAttribute("data-for");
    box.setAttribute("data-term", target.id);
    var name = document.createElement("p");
    name.className = "ae-popover__term";
    var strong = document.createElement("strong");
    strong.textContent = preview.term;
    name.appendChild(strong);
    var definition = document.createElement("p");
    definition.id = "ae--preview-definition";  // what the term's link is described by while it shows
    definition.textContent = preview.short;
    box.appendChild(name);
    box.appendChild(definition);
    box.appendChild(moreLink(target.trigger.getAttribute("href"), "Read the glossary entry"));
    box.setAttribute("aria-label", preview.term);
    return true;
  }

  function moreLink(href, text) {
    var more = document.createElement("a");
    more.href = href;
    more.className = "ae-popover__more";
    more.textContent = text;
    return more;
  }

  // Beside the trigger's last line: below it if the box fits there, else
  // above it, else on the roomier side, scrolling inside. It never covers the
  // passage (a tap would land on the note) nor hides under the header.
  function place(target) {
    var anchor = target.trigger;
    if (target.kind === "note") {
      var marks = document.querySelectorAll('mark[data-annotation="' + CSS.escape(target.id) + '"]');
      anchor = marks.length ? marks[marks.length - 1] : refOf(target.id);
    }
    if (!anchor) return;
    var rects = anchor.getClientRects();
    var rect = rects.length ? rects[rects.length - 1] : anchor.getBoundingClientRect();
    var box = popover;
    var margin = 8;
    var gap = 6;
    var viewWidth = document.documentElement.clientWidth;
    var header = document.querySelector(".md-header");
    var ceiling = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    var width = Math.min(448, viewWidth - 2 * margin);
    box.style.width = width + "px";
    box.style.maxHeight = "";
    var below = window.innerHeight - rect.bottom - gap - margin;
    var above = rect.top - ceiling - gap - margin;
    var height = box.offsetHeight;
    var under = height <= below || (height > above && below >= above);
    var room = under ? below : above;
    if (height > room) {
      box.style.maxHeight = Math.max(room, 96) + "px";
      height = box.offsetHeight;
    }
    var top = under ? rect.bottom + gap : rect.top - gap - height;
    var left = Math.max(margin, Math.min(rect.left, viewWidth - width - margin));
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function open(target, pin) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (!same(current, target)) {
      close();
      if (!fill(target)) return;
      current = target;
      popover.hidden = false;
      if (target.kind === "note") {
        document.querySelectorAll('mark[data-annotation="' + CSS.escape(target.id) + '"]').forEach(function (m) { m.classList.add("ae-mark--active"); });
        var ref = refOf(target.id);
        if (ref) { ref.setAttribute("aria-expanded", "true"); ref.setAttribute("aria-controls", "ae--popover"); }
      } else {
        target.trigger.setAttribute("aria-describedby", "ae--preview-definition");
      }
    }
    pinned = pinned || !!pin;
    place(current);
  }

  function close() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current === null) return;
    document.querySelectorAll(".ae-mark--active").forEach(function (m) { m.classList.remove("ae-mark--active"); });
    if (current.kind === "note") {
      var ref = refOf(current.id);
      if (ref) { ref.setAttribute("aria-expanded", "false"); ref.removeAttribute("aria-controls"); }
    } else {
      current.trigger.removeAttribute("aria-describedby");
    }
    if (popover) popover.hidden = true;
    current = null;
    pinned = false;
  }

  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(close, CLOSE_DELAY);
  }

  function inPopover(element) {
    return !!(popover && element && popover.contains(element));
  }

  document.addEventListener("mouseover", function (event) {
    var target = targetOf(event.target);
    if (target) {
      clearTimeout(closeTimer);
      if (!same(target, current)) {
        clearTimeout(openTimer);
        openTimer = setTimeout(function () { open(target, false); }, OPEN_DELAY);
      }
    }
  });

  document.addEventListener("mouseout", function (event) {
    var from = targetOf(event.target);
    if (!from || same(from, targetOf(event.relatedTarget)) || inPopover(event.relatedTarget)) return;
    clearTimeout(openTimer);
    if (!pinned) scheduleClose();
  });

  document.addEventListener("focusin", function (event) {
    var target = targetOf(event.target);
    if (target) open(target, false);
    else if (current !== null && !inPopover(event.target)) close();
  });

  document.addEventListener("focusout", function (event) {
    if (current !== null && targetOf(event.target) && !targetOf(event.relatedTarget) && !inPopover(event.relatedTarget) && !pinned) scheduleClose();
  });

  // A tap is pointerdown, focus, then click: remember whether the note was
  // already open before this press, so the focus that opens it and the click
  // that follows do not cancel each other.
  document.addEventListener("pointerdown", function (event) {
    var target = targetOf(event.target);
    pressed = true;
    wasOpenOnPress = same(target, current) && pinned;
  }, true);

  // Clicks are caught on their way down, before Material's instant
  // navigation (listening on the body) follows the reference's link.
  document.addEventListener("click", function (event) {
    var target = targetOf(event.target);
    var byPointer = pressed;
    pressed = false;
    if (target && target.kind === "term") {
      close();  // a term's link leads to its glossary entry
      return;
    }
    if (target && !byPointer && event.target.closest("a[data-annotation-ref]")) {
      close();  // Enter (or a screen reader) follows a reference to the full note, sources and all
      return;
    }
    if (target) {
      event.preventDefault();
      event.stopPropagation();
      if (wasOpenOnPress) close(); else open(target, true);
      wasOpenOnPress = false;
      return;
    }
    if (current !== null && !inPopover(event.target)) close();
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || current === null) return;
    var shown = current;
    var focusWasInside = inPopover(document.activeElement);
    close();
    var back = shown.kind === "note" ? refOf(shown.id) : shown.trigger;
    if (focusWasInside && back) back.focus({ preventScroll: true });
  });

  window.addEventListener("resize", function () { if (current !== null) place(current); });

  // Highlight the note or term a permalink points at. `:target` alone is not
  // enough: instant navigation changes the address without a jump.
  function highlightTarget() {
    document.querySelectorAll(".ae-targeted").forEach(function (el) { el.classList.remove("ae-targeted"); });
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var entry = target && target.closest("[data-note], [data-term-entry]");
    if (entry) entry.classList.add("ae-targeted");
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

  function onPage() {
    nameTheme();
    close();
    previews = null;
    document.documentElement.classList.add("ae-js");
    document.querySelectorAll("a[data-annotation-ref]").forEach(function (ref) { ref.setAttribute("aria-expanded", "false"); });
    highlightTarget();
  }

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
