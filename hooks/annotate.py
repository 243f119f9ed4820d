"""MkDocs hooks: adapt the build's events to the `explainer` core.

MkDocs loads this file once per `mkdocs serve` process and puts its folder on
`sys.path` only while loading it, so the core is imported here, at the top,
and nothing is kept at module level: each build gets a fresh
`ExplainerBuild`, kept on that build's config object.

Every event is guarded the same way (`guarded`): a fault of the hooks keeps
what MkDocs passed in, says where in one line, and fails a strict build;
`mkdocs build -v` shows the traceback.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from explainer.build import GENERATED_PAGES, ExplainerBuild, Settings
from explainer.escape import escaped_front_matter
from explainer.feed import FEED_FILE
from explainer.history import read_history
from explainer.index_reuse import drop_set_aside, set_aside, take_back, write_bundle
from explainer.links import GLOSSARY_PAGE
from explainer.options import OptionsError, read_options
from explainer.pagefind_process import PagefindIndex, SearchIndexError
from explainer.search_records import EXCLUDED_FROM_PAGES, note_records, page_document, page_kind, root_url, term_records
from explainer.served_rebuilds import (close_index_left_open, in_served_rebuild, keep_open_index, marking_rebuilds,
                                      start_writer, wait_for_writers)

log = get_plugin_logger("explainer")  # under "mkdocs.", so `--strict` counts its warnings


def guarded(event):
    """Run a hook event; on a fault of ours, log one located line and hand back what MkDocs gave."""
    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except PluginError:
            raise
        except Exception as error:  # never a traceback in front of a contributor
            page, config = kwargs.get("page"), kwargs.get("config")
            where = f"{Path(config.docs_dir).name}/{page.file.src_uri}: " if page is not None and config is not None else ""
            kept = "the page is shown without its annotations" if page is not None else f"{event.__name__} was skipped"
            log.debug(f"{event.__name__} failed", exc_info=True)
            log.error(f"{where}{kept}: the build hit an unexpected {type(error).__name__} ({_first_line(error)}); "
                      "this is a fault in the hooks, not in your files: please open an issue with this line "
                      "(`mkdocs build -v` shows the details)")
            return args[0] if args else next(iter(kwargs.values()), None)
    return run


@guarded
def on_config(config):
    """Read `extra.explainer` (a misspelt option stops the build) and the site's settings."""
    config_path = Path(config.config_file_path)
    try:
        options = read_options(config.extra, config_path.read_text(encoding="utf-8"), config_path.name)
    except OptionsError as error:
        raise PluginError(str(error)) from None
    docs = Path(config.docs_dir).resolve()
    root = config_path.resolve().parent
    config._explainer_settings = Settings(
        site_name=config.site_name, site_url=config.site_url or "", use_directory_urls=config.use_directory_urls,
        docs=docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs),
        repo_url=config.repo_url or "", options=options)
    return config


@guarded
def on_files(files, config):
    """Read and check annotations/; add the generated pages."""
    root = Path(config.config_file_path).parent
    pages = {file.src_uri for file in files.documentation_pages()}
    history = read_history(root, root / "annotations")  # once per build: dates and verdicts from git
    if not history.available:
        log.info(history.reason)  # one line that says why, and what the pages show instead
    with _no_collections():
        build = config._explainer = ExplainerBuild.load(root / "annotations", "annotations", pages,
                                                        config._explainer_settings, root, history)
    gc.freeze()  # what was loaded lives until the build ends (`on_post_build`): no later collection need scan it
    _report(build.problems)
    for src_uri, markdown in build.generated_pages().items():
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=markdown))
    _start_search(config)
    return files


@contextlib.contextmanager
def _no_collections():
    """Loading thousands of notes makes hundreds of thousands of objects and next to no garbage: Python's
    cycle collector, run every few hundred of them, would scan them all again and again (a fifth of
    the loading time at a thousand articles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _start_search(config):
    """Start this build's search index (Pagefind, in its own process); on failure the theme's search stays."""
    try:
        config._explainer_search = PagefindIndex.start({"force_language": "en", "exclude_selectors": list(EXCLUDED_FROM_PAGES)})
        keep_open_index(config._explainer_search)  # closed by the next build, should this one fail
        config._explainer_search_exclusion = {"exclude": True}  # the pages' meta for the theme's search plugin
    except SearchIndexError as error:
        log.warning(f"search: {error}; the site keeps the theme's own search")


@guarded
def on_page_markdown(markdown, page, config, files):
    """Escape the page's front matter: the theme writes it into pages unescaped (titles, descriptions, classes)."""
    page.meta = escaped_front_matter(page.meta)
    return markdown


@guarded
def on_page_content(html, page, config, files):
    """Anchor notes, link terms, add the summary and endnotes."""
    if _build(config) is None:
        return html
    result = _build(config).annotate(html, page.file.src_uri, page.file.content_string)
    _report(result.problems)
    if page.present_anchor_ids is not None:  # let MkDocs validate links to notes and terms
        page.present_anchor_ids.update(i for note in result.notes for i in (note.id, *note.placed.annotation.replaces))
        page.present_anchor_ids.update(result.withdrawn)
        page.present_anchor_ids.update(result.term_anchors.values())
        page.present_anchor_ids.update(result.ids)
    _send_to_search(page, result.own_html, config)
    return result.html


@guarded
def _send_to_search(page, html, config):
    """Send the page's text and its notes to the search index, which works on them on the other core
    while MkDocs reads the next pages (a fault here costs the page its search results, not its notes)."""
    index, build = getattr(config, "_explainer_search", None), _build(config)
    if index is None or build is None or page.file.src_uri in GENERATED_PAGES:
        return
    title = page.title or page.file.src_uri
    index.add_page(root_url(page.url), page_document(title, html, page_kind(page.file.src_uri)),
                   note_records(page.url, title, build.notes_by_page.get(page.file.src_uri, [])))


@guarded
def on_env(env, config, files):
    """Every page is annotated by now: fill in what spans pages (the glossary's "appears in", the
    fact-check index, the corrections) and write the feed, linked from every page's head."""
    if _build(config) is None:
        return env
    titles = {file.src_uri: file.page.title for file in files.documentation_pages() if file.page}
    for src_uri in GENERATED_PAGES:
        file = files.get_file_from_path(src_uri)
        if file and file.page and file.page.content:
            file.page.content = _build(config).finish(src_uri, file.page.content, titles)
    config._explainer_feed = _build(config).feed(titles)
    env.globals["explainer_feed"] = FEED_FILE if config._explainer_feed else ""
    _start_writing_search_index(config)
    return env


@guarded
def on_post_page(output, page, config):
    """Take back the page's exclusion from the theme's search index (see `on_page_context`)."""
    exclusion = getattr(config, "_explainer_search_exclusion", None)
    if exclusion is not None and page.meta.get("search") is exclusion:
        del page.meta["search"]
    return output


@guarded
def on_pre_build(config):
    """Under `mkdocs serve`, let the last rebuild's search index be written before MkDocs empties the site
    folder, and close the indexer of a rebuild that failed; keep the last index from being emptied with
    it, to be rewritten in place (much cheaper than creating its thousands of files again)."""
    gc.unfreeze()  # the objects of a build that failed before its end
    wait_for_writers()
    close_index_left_open()
    set_aside(_index_folder(config))


@guarded
def on_post_build(config):
    """Write the feed beside the pages; wait for the search index to be written, except under
    `mkdocs serve`, where a rebuild reloads the browsers first."""
    feed = getattr(config, "_explainer_feed", "")
    if feed:
        (Path(config.site_dir) / FEED_FILE).write_text(feed, encoding="utf-8")
    writer = _start_writing_search_index(config)  # started by `on_env`, unless that failed
    if writer is None:
        drop_set_aside(_index_folder(config))
    elif not in_served_rebuild():
        writer.join()
    gc.unfreeze()  # under `mkdocs serve`, this build's objects may go once the next one starts


def _start_writing_search_index(config):
    """Every page is sent: add the glossary's terms and have the index written into site/pagefind/
    in a thread of its own, while MkDocs renders the pages' templates; that thread, or None."""
    index, build = getattr(config, "_explainer_search", None), _build(config)
    if index is None:
        return getattr(config, "_explainer_search_writer", None)
    config._explainer_search = None
    if build is not None:
        index.add_records(term_records(build.site.url(GLOSSARY_PAGE), build.catalog.terms.values()))
    keep_open_index(None)  # handed to the writing, which closes it
    config._explainer_search_writer = start_writer(functools.partial(_write_search_index, index, _index_folder(config)))
    return config._explainer_search_writer


def _write_search_index(index, folder: Path):
    written = False
    try:
        files = index.files()
        write_bundle(folder, files, prune=take_back(folder))  # over the last build's index, if there is one
        written = True
    except SearchIndexError as error:
        log.warning(f"search: {folder.parent.name}/{folder.name}/ was not written: {error}")
    except Exception as error:  # in a thread of its own under `mkdocs serve`: one line, never a traceback
        log.error(f"search: {folder.parent.name}/{folder.name}/ was not written: an unexpected {type(error).__name__} "
                  f"({_first_line(error)}); this is a fault in the hooks: please open an issue with this line")
    finally:
        index.close()
        drop_set_aside(folder)
        if not written:
            shutil.rmtree(folder, ignore_errors=True)  # a part of an index, or the last one, may not pass for this one


@event_priority(100)  # before the theme's search plugin, which reads page.meta["search"] here
@guarded
def on_page_context(context, page, config, nav):
    """ClaimReview JSON-LD for the page's head; where Pagefind indexes the site, keep the page out
    of the theme's index.

    Neither stays in page.meta longer than the page's own rendering (`on_post_page` takes the
    exclusion back): the theme looks further into every page's meta where it is not empty, for
    each page of the navigation of each page it renders, seconds at a thousand articles."""
    if _build(config):
        context["explainer_claim_review"] = _build(config).claim_review_script(page.file.src_uri, page.title or "")
    exclusion = getattr(config, "_explainer_search_exclusion", None)
    if exclusion is not None and "search" not in page.meta:
        page.meta["search"] = exclusion
    return context


@guarded
def on_serve(server, config, builder):
    """Rebuild when an annotation file changes, whatever mkdocs.yml's `watch` says; reload the
    browsers as soon as the pages are rebuilt, without waiting for the search index to be written."""
    server.watch(str(Path(config.config_file_path).parent / "annotations"))
    server.builder = marking_rebuilds(server.builder)  # a rebuild's end does not wait for its index's writer
    return server


def _index_folder(config) -> Path:
    """Where the search index is written: site/pagefind/, which search.js loads."""
    return Path(config.site_dir) / "pagefind"


def _build(config) -> ExplainerBuild | None:
    """This build's core, or None where loading it failed (which was reported then)."""
    return getattr(config, "_explainer", None)


def _report(problems):
    for problem in problems:
        log.warning(str(problem))


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else "no details"
