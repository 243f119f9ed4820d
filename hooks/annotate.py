"""MkDocs hooks: adapt the build's events to the `explainer` core.

MkDocs loads this file once per `mkdocs serve` process and puts its folder on
`sys.path` only while loading it, so the core is imported here, at the top,
and nothing is kept at module level: each build starts its own annotator,
kept on that build's config object, which loads the annotations and
annotates the pages in a process beside the build (see
`explainer/annotator_process.py`): pages go to it as MkDocs reads them
(`on_page_content`) and come back just before the theme renders them
(`on_page_context`).

Every event is guarded the same way (`guarded`): a fault of the hooks keeps
what MkDocs passed in, says where in one line, and fails a strict build;
`mkdocs build -v` shows the traceback.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from explainer.annotator_process import start_annotator
from explainer.escape import escaped_front_matter, usable_meta
from explainer.feed import FEED_FILE
from explainer.index_reuse import drop_set_aside, set_aside
from explainer.links import GENERATED_PAGES
from explainer.options import OptionsError, Settings, read_options
from explainer.page_work import Fault, IndexReport, PageJob, PageWork
from explainer.served_rebuilds import (close_index_left_open, in_served_rebuild, keep_open_index, marking_rebuilds,
                                      wait_for_writers)
from explainer.site_files import is_left_out, scan, shown_as
from explainer.text_files import page_text

if TYPE_CHECKING:  # imported where the annotations are loaded: see `_load`
    from explainer.build import ExplainerBuild

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
            kept = "the page is shown without its annotations" if page is not None else f"{event.__name__} was skipped"
            log.debug(f"{event.__name__} failed", exc_info=True)
            _report_fault(Fault(kept, f"{type(error).__name__} ({_first_line(error)})"), page, config)
            if event.__name__ == "on_page_read_source":
                return None  # MkDocs then reads the page's file itself
            return args[0] if args else next(iter(kwargs.values()), None)
    return run


@guarded
def on_startup(command, dirty):
    """`--dirty` reads and renders again only the pages whose Markdown changed: a page would keep the notes
    it had, and search and the glossary would hold only the pages read. Every page is read (see `on_files`);
    assets are still copied only when they changed."""
    if dirty:
        log.info("--dirty: every page is still rebuilt, since its annotations, the glossary and search span pages")


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
    """Leave out what `on_pre_build` refused. Start loading annotations/ and the git history, beside the
    build, while MkDocs reads the pages; add the generated pages (their Markdown comes with the
    annotations, see `on_page_read_source`)."""
    root = Path(config.config_file_path).parent
    left_out = getattr(config, "_explainer_left_out", set())
    for file in [file for file in files if is_left_out(file.abs_src_path, left_out)]:
        files.remove(file)  # said in `on_pre_build`
    pages = {file.src_uri for file in files.documentation_pages()}
    for src_uri in GENERATED_PAGES:
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=""))
    config._explainer_generated = {src_uri for src_uri in GENERATED_PAGES if files.get_file_from_path(src_uri).generated_by}
    for file in files.documentation_pages():  # see `on_startup`
        file.is_modified = _always
    config._explainer_pages = start_annotator(PageWork(functools.partial(_load, root, pages, config._explainer_settings),
                                                       _index_folder(config)), _report_index)
    keep_open_index(config._explainer_pages)  # closed by the next build, should this one fail before its end
    return files


def _always() -> bool:
    return True


def _load(root: Path, pages: set[str], settings: Settings) -> ExplainerBuild:
    """Read and check annotations/ for a site of `pages`, with dates and verdicts from git (once per build).

    It runs in the process that annotates the pages: the core's larger part is imported there, while
    MkDocs reads the pages, rather than by the build's own process before that process is started
    (0.07 s at the start of every build, when the second core had nothing to do)."""
    from explainer.build import ExplainerBuild
    from explainer.history import read_history
    return ExplainerBuild.load(root / "annotations", "annotations", pages, settings, root,
                               read_history(root, root / "annotations"))


def _loaded(config):
    """What the annotations hold for the build, once they are loaded (their problems reported then,
    once); None where they could not be."""
    annotator = getattr(config, "_explainer_pages", None)
    loaded = annotator.loaded() if annotator is not None else None
    if loaded is not None and not getattr(config, "_explainer_loaded_reported", False):
        config._explainer_loaded_reported = True
        if loaded.history_note:
            log.info(loaded.history_note)  # one line that says why, and what the pages show instead
        _report(loaded.problems)
        for fault in loaded.faults:
            _report_fault(fault)
        if loaded.search_problem:
            log.warning(loaded.search_problem)
    return loaded


@guarded
def on_page_read_source(page, config):
    """A generated page's Markdown, from the annotations (the pages are read in order, these last). Any other
    page's, read as MkDocs reads it, but where it is not UTF-8 said in a located line (MkDocs would stop
    the build with a traceback), and shown with U+FFFD for the bytes that are not."""
    if page.file.src_uri in getattr(config, "_explainer_generated", ()):
        loaded = _loaded(config)
        return loaded.generated.get(page.file.src_uri) if loaded is not None else None
    if page.file.abs_src_path is None:  # another plugin's page, held in memory
        return None
    try:
        data = Path(page.file.abs_src_path).read_bytes()
    except OSError:
        return None  # MkDocs tries for itself, and says why it cannot
    text, problem = page_text(data, f"{config._explainer_settings.docs}/{page.file.src_uri}")
    if problem:
        _report([problem])
    page._explainer_source = text  # front matter included, for `on_page_content`: the file is read once
    return text


@guarded
def on_page_markdown(markdown, page, config, files):
    """Escape the page's front matter: the theme writes it into pages unescaped (titles, descriptions, classes);
    leave out a title that is no text (reported where the page is annotated), so the page has its heading's."""
    page.meta = escaped_front_matter(usable_meta(page.meta))
    return markdown


@guarded
def on_page_content(html, page, config, files):
    """Hand the page over to be annotated (notes anchored, terms linked, summary and endnotes added)
    and indexed, beside the build; it comes back annotated in `on_page_context`."""
    annotator = getattr(config, "_explainer_pages", None)
    if annotator is not None:
        source = getattr(page, "_explainer_source", None)
        annotator.submit(PageJob(page.file.src_uri, html, page.file.content_string if source is None else source,
                                 page.title or "", page.url))
    return html


@guarded
def on_env(env, config, files):
    """Every page is read: have what spans pages filled in (the glossary's "appears in", the fact-check
    index, the corrections) and the feed made, linked from every page's head."""
    loaded = _loaded(config)
    _finish(config, {file.src_uri: file.page.title for file in files.documentation_pages() if file.page})
    env.globals["explainer_feed"] = FEED_FILE if loaded is not None and loaded.feed_expected else ""
    return env


def _finish(config, titles: dict[str, str]) -> None:
    """Tell the annotator that every page is handed over (once); it then writes the search index."""
    annotator = getattr(config, "_explainer_pages", None)
    if annotator is not None and not getattr(config, "_explainer_finishing", False):
        config._explainer_finishing = True
        annotator.finish(titles)
        keep_open_index(None)  # it ends on its own now


@guarded
def on_post_page(output, page, config):
    """Take back the page's exclusion from the theme's search index (see `on_page_context`)."""
    exclusion = getattr(config, "_explainer_search_exclusion", None)
    if exclusion is not None and page.meta.get("search") is exclusion:
        del page.meta["search"]
    return output


@guarded
def on_pre_build(config):
    """Before MkDocs lists the pages: refuse what it must not read (see `_refuse_unsafe_entries`).
    Under `mkdocs serve`, let the last rebuild's search index be written before MkDocs empties the site
    folder, and close the indexer of a rebuild that failed; keep the last index from being emptied with
    it, to be rewritten in place (much cheaper than creating its thousands of files again)."""
    _refuse_unsafe_entries(config)
    close_index_left_open()
    wait_for_writers()
    set_aside(_index_folder(config))


def _refuse_unsafe_entries(config) -> None:
    """What MkDocs must not read or publish in the pages' and the theme's folders (`site_files.py`): each
    is one located line; a page or asset is left out (`on_files`); a folder link MkDocs would walk out of
    bounds, or any such entry among the theme's templates (read by name), stops the build."""
    root = Path(config.config_file_path).parent
    folders = [(config.docs_dir, True)] + ([(config.theme.custom_dir, False)] if config.theme.custom_dir else [])
    config._explainer_left_out = set()
    for folder, pages in folders:
        shown = shown_as(Path(folder), root)
        found = scan(Path(folder).absolute(), shown, root, can_leave_out=pages)
        _report(found.problems)
        config._explainer_left_out |= found.left_out
        if found.walk_unsafe:
            raise PluginError(f"{shown}: the build stops here, before MkDocs reads what is said above")


@guarded
def on_post_build(config):
    """Write the feed beside the pages; wait for the search index to be written, except under
    `mkdocs serve`, where a rebuild reloads the browsers first."""
    annotator = getattr(config, "_explainer_pages", None)
    if annotator is None:
        drop_set_aside(_index_folder(config))
        return
    _finish(config, {})  # where `on_env` failed
    finished = annotator.finished()
    if finished is None:  # the annotating process stopped: no index comes
        drop_set_aside(_index_folder(config))
    else:
        _report(finished.problems)
        for fault in finished.faults:
            _report_fault(fault)
        if finished.feed:
            (Path(config.site_dir) / FEED_FILE).write_text(finished.feed, encoding="utf-8")
    if annotator.writer is not None and not in_served_rebuild():
        annotator.writer.join()


def _report_index(report: IndexReport) -> None:
    """How writing the search index went, said from the thread that waited for it."""
    if report.level == "warning":
        log.warning(report.message)
    elif report.level == "error":
        log.error(report.message)


@event_priority(100)  # before the theme's search plugin, which reads page.meta["search"] here
@guarded
def on_page_context(context, page, config, nav):
    """The page as annotated, with its problems and the ids links may reach; ClaimReview JSON-LD
    for its head; where Pagefind indexes the site, keep the page out of the theme's index.

    Neither stays in page.meta longer than the page's own rendering (`on_post_page` takes the
    exclusion back): the theme looks further into every page's meta where it is not empty, for
    each page of the navigation of each page it renders, seconds at a thousand articles."""
    annotator = getattr(config, "_explainer_pages", None)
    if annotator is not None:
        _take_annotated(annotator, page, config, context)
        if not hasattr(config, "_explainer_search_exclusion"):
            loaded = _loaded(config)
            config._explainer_search_exclusion = {"exclude": True} if loaded and loaded.searched else None  # page.meta for the theme's plugin
    exclusion = getattr(config, "_explainer_search_exclusion", None)
    if exclusion is not None and "search" not in page.meta:
        page.meta["search"] = exclusion
    return context


def _take_annotated(annotator, page, config, context) -> None:
    """Put the page's annotated HTML in place of its own, once it is ready; say what it found."""
    src_uri = page.file.src_uri
    if src_uri in GENERATED_PAGES:
        finished = annotator.finished()
        outcome = finished.pages.get(src_uri) if finished else None
    else:
        outcome = annotator.outcome(src_uri)
    if outcome is None:
        if annotator.stopped and not getattr(config, "_explainer_stop_reported", False):
            config._explainer_stop_reported = True
            log.error(f"{Path(config.docs_dir).name}/{src_uri}: this page and those after it are shown without their "
                      f"annotations: {annotator.stopped}; this is a fault in the hooks, not in your files: "
                      "please open an issue with this line")
        return
    page.content = outcome.html
    _report(outcome.problems)
    for fault in outcome.faults:
        _report_fault(fault, page, config)
    if page.present_anchor_ids is not None:  # let MkDocs validate links to notes and terms
        page.present_anchor_ids.update(outcome.anchor_ids)
    context["explainer_claim_review"] = outcome.claim_review


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


def _report(problems):
    for problem in problems:
        log.warning(str(problem))


def _report_fault(fault: Fault, page=None, config=None) -> None:
    """A fault of the hooks, in one located line; its traceback for `mkdocs build -v`."""
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}: " if page is not None and config is not None else ""
    if fault.details:
        log.debug(fault.details)
    log.error(f"{where}{fault.cost}: the build hit an unexpected {fault.error}; "
              "this is a fault in the hooks, not in your files: please open an issue with this line "
              "(`mkdocs build -v` shows the details)")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else "no details"
