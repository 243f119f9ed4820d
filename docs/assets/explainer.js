/*
 * Notes beside their passages. A highlighted passage (or its numbered
 * reference) opens its note on hover, keyboard focus and tap; Escape, a tap
 * elsewhere or moving away closes it. The note shown is a copy of its
 * endnote, so the page works without this script, in print and in search.
 *
 * Events are delegated from the document, so they survive Material's
 * instant navigation; `document$` resets per-page state after each swap.
 */
(function () {
  "use strict";

  var OPEN_DELAY = 120;   // ms before a hover opens a note, so passing over text does not
  var CLOSE_DELAY = 250;  // ms of grace to move the pointer from a passage into its note

  var popover = null;     // the one floating note
  var current = null;     // id of the annotation shown, or null
  var pinned = false;     // opened by a click or tap: stays until dismissed
  var pressed = false;    // a pointer went down since the last click (else it came from a key)
  var wasOpenOnPress = false;
  var openTimer = 0;
  var closeTimer = 0;

  function idOf(element) {
    var trigger = element && element.closest && element.closest("mark[data-annotation], a[data-annotation-ref]");
    if (!trigger || element.closest("a[data-term]")) return null;
    return trigger.getAttribute("data-annotation") || trigger.getAttribute("data-annotation-ref");
  }

  function refOf(id) {
    return document.getElementById("ref-" + id);
  }

  function ensurePopover() {
    if (popover && document.body.contains(popover)) return popover;
    popover = document.createElement("div");
    popover.className = "ae-popover md-typeset";
    popover.id = "ae-popover";
    popover.setAttribute("role", "dialog");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    popover.addEventListener("mouseleave", function () { if (!pinned) scheduleClose(); });
    document.body.appendChild(popover);
    return popover;
  }

  function fill(id) {
    var note = document.querySelector('[data-note="' + CSS.escape(id) + '"]');
    if (!note) return false;
    var box = ensurePopover();
    box.textContent = "";
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
    var more = document.createElement("a");
    more.href = "#" + id;
    more.className = "ae-popover__more";
    more.textContent = "Open in the notes";
    box.appendChild(more);
    box.setAttribute("aria-label", heading ? heading.textContent.replace("¶", "").trim() : "Note");
    box.setAttribute("data-for", id);
    var verdict = note.getAttribute("data-verdict");
    if (verdict) box.setAttribute("data-verdict", verdict); else box.removeAttribute("data-verdict");
    return true;
  }

  // Beside the passage's last line: below it if the note fits there, else
  // above it, else on the roomier side, scrolling inside. It never covers the
  // passage (a tap would land on the note) nor hides under the header.
  function place(id) {
    var marks = document.querySelectorAll('mark[data-annotation="' + CSS.escape(id) + '"]');
    var anchor = marks.length ? marks[marks.length - 1] : refOf(id);
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

  function open(id, pin) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current !== id) {
      close();
      if (!fill(id)) return;
      current = id;
      popover.hidden = false;
      document.querySelectorAll('mark[data-annotation="' + CSS.escape(id) + '"]').forEach(function (m) { m.classList.add("ae-mark--active"); });
      var ref = refOf(id);
      if (ref) { ref.setAttribute("aria-expanded", "true"); ref.setAttribute("aria-controls", "ae-popover"); }
    }
    pinned = pinned || !!pin;
    place(id);
  }

  function close() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current === null) return;
    document.querySelectorAll(".ae-mark--active").forEach(function (m) { m.classList.remove("ae-mark--active"); });
    var ref = refOf(current);
    if (ref) { ref.setAttribute("aria-expanded", "false"); ref.removeAttribute("aria-controls"); }
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
    var id = idOf(event.target);
    if (id) {
      clearTimeout(closeTimer);
      if (id !== current) {
        clearTimeout(openTimer);
        openTimer = setTimeout(function () { open(id, false); }, OPEN_DELAY);
      }
    }
  });

  document.addEventListener("mouseout", function (event) {
    if (!idOf(event.target) || idOf(event.relatedTarget) || inPopover(event.relatedTarget)) return;
    clearTimeout(openTimer);
    if (!pinned) scheduleClose();
  });

  document.addEventListener("focusin", function (event) {
    var id = idOf(event.target);
    if (id) open(id, false);
    else if (current !== null && !inPopover(event.target)) close();
  });

  document.addEventListener("focusout", function (event) {
    if (current !== null && idOf(event.target) && !idOf(event.relatedTarget) && !inPopover(event.relatedTarget) && !pinned) scheduleClose();
  });

  // A tap is pointerdown, focus, then click: remember whether the note was
  // already open before this press, so the focus that opens it and the click
  // that follows do not cancel each other.
  document.addEventListener("pointerdown", function (event) {
    var id = idOf(event.target);
    pressed = true;
    wasOpenOnPress = id !== null && id === current && pinned;
  }, true);

  // Clicks are caught on their way down, before Material's instant
  // navigation (listening on the body) follows the reference's link.
  document.addEventListener("click", function (event) {
    var id = idOf(event.target);
    var byPointer = pressed;
    pressed = false;
    if (id && !byPointer && event.target.closest("a[data-annotation-ref]")) {
      close();  // Enter (or a screen reader) follows a reference to the full note, sources and all
      return;
    }
    if (id) {
      event.preventDefault();
      event.stopPropagation();
      if (wasOpenOnPress) close(); else open(id, true);
      wasOpenOnPress = false;
      return;
    }
    if (current !== null && !inPopover(event.target)) close();
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || current === null) return;
    var id = current;
    var focusWasInside = inPopover(document.activeElement);
    close();
    if (focusWasInside && refOf(id)) refOf(id).focus({ preventScroll: true });
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
