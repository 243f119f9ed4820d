// The search box's results, from the Pagefind index the build writes into pagefind/.
//
// Loaded by explainer.js the first time a reader focuses or types in the
// theme's search box, so a page that is only read fetches nothing for search.
// The theme keeps its header, dialog and keyboard shortcuts; its own index is
// empty (the build keeps every page out of it), and this script shows the
// results in a block of its own inside the theme's result panel, where the
// theme's arrow keys and Enter reach them. Every page, note and glossary term
// is one result; a kind, a verdict and an article narrow them.
//
// Annotation text is untrusted: results are built with DOM APIs and
// textContent only. Pagefind's excerpts are raw text with <mark> around hits,
// so they are split on those two tags and never parsed as HTML.

const ROOT = new URL("../", import.meta.url); // this file is assets/search.js
const PAGEFIND = new URL("pagefind/pagefind.js", ROOT).href;
const PAGE_SIZE = 10;
const STALLED = 4000; // ms after which a search is given up for the next one
const KINDS = { article: "Article", page: "Page", context: "Context", "fact-check": "Fact-check", term: "Glossary" };
const FILTERS = [
  ["kind", "Kind", "All kinds", (value) => KINDS[value] || value],
  ["verdict", "Verdict", "All verdicts", (value) => value],
  ["article", "Article", "All articles", (value) => value],
];
const STYLE = `
.md-search-result.ae-search-on > .md-search-result__meta:first-child,
.md-search-result.ae-search-on > .md-search-result__list:last-child { display: none; }
.ae-search__filters { display: flex; flex-wrap: wrap; gap: .4rem .8rem; padding: .4rem .8rem; font-size: .64rem;
  background: var(--md-default-fg-color--lightest); }
.ae-search__filters label { display: inline-flex; gap: .3rem; align-items: center; }
.ae-search__filters select { font: inherit; max-width: 14rem; color: var(--md-default-fg-color); background: var(--md-default-bg-color); }
.ae-search__where { margin: 0 0 .2rem; color: var(--md-default-fg-color--light); font-size: .64rem; }
.ae-search > .md-search-result__meta { color: var(--md-default-fg-color); }
.ae-search__list mark { color: inherit; font-weight: 700; }
.ae-search__more { margin: .6rem .8rem; font: inherit; font-size: .64rem; cursor: pointer; color: var(--md-accent-fg-color);
  background: none; border: 0; text-decoration: underline; }
`;

let engine = null; // the Pagefind module, once loaded
let sequence = 0; // each search's number: a slower, older search never overwrites a newer one's results
let pending = null; // the query typed while a search ran: only the latest is searched next
let running = false;
let shown = { query: "", results: [], count: 0 };

function pagefind() {
  if (!engine) {
    engine = import(PAGEFIND).then(async (module) => {
      // Results' URLs as the index has them, from the site's root ("/glossary/#x"): `item` puts them under
      // ROOT. Left to itself, Pagefind would prefix the folder it was loaded from, so a site served under a
      // sub-path (a project's GitHub Pages) would get that path twice.
      await module.options({ excerptLength: 24, baseUrl: "/" });
      await module.init(); // its metadata and WebAssembly, while the reader is still typing
      return module;
    });
    // Under `mkdocs serve` the index may not be written yet: let the next keystroke try again.
    engine.catch(() => { engine = null; });
  }
  return engine;
}

function input() {
  return document.querySelector(".md-search__input");
}

// The block of results, made once per document inside the theme's result panel
// (between its meta line and its list, which the theme alone rewrites).
function panel() {
  const result = document.querySelector(".md-search-result");
  if (!result) return null;
  let block = result.querySelector(":scope > .ae-search");
  if (block) return block;
  if (!document.getElementById("ae-search-style")) {
    const style = document.createElement("style");
    style.id = "ae-search-style";
    style.textContent = STYLE;
    document.head.append(style);
  }
  block = document.createElement("div");
  block.className = "ae-search";
  const filters = document.createElement("div");
  filters.className = "ae-search__filters";
  for (const [name, label, all] of FILTERS) {
    const wrap = document.createElement("label");
    wrap.append(label + " ");
    const select = document.createElement("select");
    select.name = name;
    select.dataset.filter = name;
    select.append(new Option(all, ""));
    select.addEventListener("change", () => request(input() ? input().value : ""));
    wrap.append(select);
    filters.append(wrap);
  }
  const meta = document.createElement("div");
  meta.className = "md-search-result__meta ae-search__meta";
  meta.setAttribute("role", "status");
  meta.textContent = "Type to start searching";
  const list = document.createElement("ol");
  list.className = "md-search-result__list ae-search__list";
  block.append(filters, meta, list);
  result.insertBefore(block, result.lastElementChild);
  result.classList.add("ae-search-on");
  return block;
}

function chosenFilters(block) {
  const filters = {};
  for (const select of block.querySelectorAll("select[data-filter]")) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

// The filters' values, with how many results each has, once the index says them.
async function fillFilters(block, module) {
  if (block.dataset.filled) return;
  block.dataset.filled = "yes";
  const available = await module.filters();
  for (const [name, , , label] of FILTERS) {
    const select = block.querySelector(`select[data-filter="${name}"]`);
    const values = Object.keys(available[name] || {}).sort((a, b) => label(a).localeCompare(label(b)));
    for (const value of values) select.append(new Option(label(value), value));
  }
}

// "text <mark>hit</mark> text" as text nodes and <mark> elements.
function excerpt(text) {
  const paragraph = document.createElement("p");
  text.split(/(<mark>.*?<\/mark>)/s).forEach((part) => {
    const hit = /^<mark>(.*)<\/mark>$/s.exec(part);
    if (hit) {
      const mark = document.createElement("mark");
      mark.textContent = hit[1];
      paragraph.append(mark);
    } else if (part) {
      paragraph.append(part);
    }
  });
  return paragraph;
}

function item(data, rank) {
  const meta = data.meta || {};
  const href = new URL(String(data.url || "").replace(/^\/+/, ""), ROOT);
  if (href.origin !== location.origin) return null;
  const li = document.createElement("li");
  li.className = "md-search-result__item";
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = href.href;
  link.tabIndex = -1;
  link.dataset.kind = meta.kind || "";
  if (meta.verdict) link.dataset.verdict = meta.verdict;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  article.dataset.mdScore = String(1000 - rank); // the theme's Enter follows the highest score
  const title = document.createElement("h1");
  title.textContent = meta.title || href.pathname;
  const where = document.createElement("p");
  where.className = "ae-search__where";
  where.textContent = [KINDS[meta.kind] || "", meta.verdict || "", meta.kind !== "article" ? meta.article || "" : ""]
    .filter(Boolean).join(" · ");
  article.append(title, where, excerpt(data.excerpt || ""));
  link.append(article);
  li.append(link);
  return li;
}

// `results` (the data of the first of `count` results) in the list; "Show more" unless `partial`
// (more of the first page are still arriving: `append` adds them, `offerMore` ends the page).
function render(block, query, results, count, partial = false) {
  const meta = block.querySelector(".ae-search__meta");
  const list = block.querySelector(".ae-search__list");
  list.replaceChildren();
  block.querySelector(".ae-search__more")?.remove();
  block.dataset.query = query; // which query the list answers, for whoever waits for it
  if (query.trim().length < 2) {
    meta.textContent = "Type to start searching";
    return;
  }
  meta.textContent = count === 0 ? "No matching results" : count === 1 ? "1 matching result" : `${count} matching results`;
  results.forEach((data, rank) => append(block, data, rank));
  if (!partial) offerMore(block, results.length, count);
}

function append(block, data, rank) {
  const li = item(data, rank);
  if (li) block.querySelector(".ae-search__list").append(li);
}

function offerMore(block, loaded, count) {
  if (count <= loaded) return;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "ae-search__more";
  more.textContent = "Show more results";
  more.addEventListener("click", () => showMore(block));
  block.append(more);
}

async function showMore(block) {
  const mine = sequence;
  const next = await Promise.all(shown.results.slice(shown.loaded, shown.loaded + PAGE_SIZE).map((r) => r.data()));
  if (mine !== sequence) return;
  shown.loaded += next.length;
  shown.data.push(...next);
  render(block, shown.query, shown.data, shown.count);
}

async function search(query) {
  const mine = ++sequence;
  let module;
  try {
    module = await pagefind();
  } catch (error) {
    return; // no index (a site built without the hooks, or not written yet): the theme's own search answers
  }
  const block = panel(); // only now: until Pagefind is there, the theme's results stay in view
  if (!block || mine !== sequence) return;
  // One letter would match most words of the index: a costly search the next key makes moot.
  if (query.trim().length < 2) {
    render(block, "", [], 0);
    return;
  }
  const found = await module.search(query, { filters: chosenFilters(block) });
  // Typed on meanwhile: fetch no excerpts for a query already gone (on a slow phone they would
  // queue before the latest one's).
  if (mine !== sequence || !found || pending !== null) return;
  // Each result is shown once its excerpt is in, in rank order: the first does not wait for the tenth.
  const loading = found.results.slice(0, PAGE_SIZE).map((r) => r.data());
  const count = found.results.length;
  const data = [];
  if (!loading.length) render(block, query, data, count);
  for (const next of loading) {
    const one = await next;
    if (mine !== sequence || pending !== null) return;
    data.push(one);
    if (data.length === 1) render(block, query, data, count, true);
    else append(block, one, data.length - 1);
  }
  shown = { query, results: found.results, count, loaded: data.length, data };
  offerMore(block, data.length, count);
  fillFilters(block, module);
}

function wait(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(false), ms));
}

// One search at a time: keys typed while one runs leave only their latest query to search next,
// so the results follow the last key rather than every key before it.
async function request(query) {
  pending = query;
  if (running) return;
  running = true;
  try {
    while (pending !== null) {
      const next = pending;
      pending = null;
      // A search that never answers must not hold the box: after a while the next query goes ahead
      // (the late answer is dropped, being out of sequence), or this one is tried again.
      const answered = await Promise.race([search(next).then(() => true), wait(STALLED)]);
      if (!answered && pending === null) pending = next;
    }
  } finally {
    running = false;
  }
}

// Typing anywhere in the theme's search box, on this page or after instant navigation.
document.addEventListener("input", (event) => {
  if (event.target instanceof Element && event.target.matches(".md-search__input")) request(event.target.value);
});

// The reader is about to search: fetch the engine now, and answer whatever was typed before it arrived.
request(input() ? input().value : "");
