"""MkDocs hooks: adapt the build's events to the `explainer` core.

MkDocs loads this file once per `mkdocs serve` process and puts its folder on
`sys.path` only while loading it, so the core is imported here, at the top,
and nothing is kept at module level: each build gets a fresh
`ExplainerBuild`, kept on that build's config object.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from explainer.build import GENERATED_PAGES, ExplainerBuild, Settings

log = get_plugin_logger("explainer")  # under "mkdocs.", so `--strict` counts its warnings


def on_files(files, config):
    """Read and check annotations/; add the generated pages."""
    root = Path(config.config_file_path).parent
    pages = {file.src_uri for file in files.documentation_pages()}
    settings = Settings(site_name=config.site_name, site_url=config.site_url or "",
                        use_directory_urls=config.use_directory_urls,
                        every_occurrence=bool(config.extra.get("glossary_every_occurrence", False)))
    build = config._explainer = ExplainerBuild.load(root / "annotations", "annotations", pages, settings)
    _report(build.problems)
    for src_uri, markdown in build.generated_pages().items():
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=markdown))
    return files


def on_page_content(html, page, config, files):
    """Anchor notes, link terms, add the summary and endnotes."""
    try:
        result = config._explainer.annotate(html, page.file.src_uri, provenance=str(page.meta.get("provenance", "")))
    except Exception as error:  # a fault of ours: keep the page, say where, never a traceback
        log.error(f"docs/{page.file.src_uri}: the page is shown without its annotations: the build hit an unexpected "
                  f"{type(error).__name__} ({error}); this is a fault in the hooks, not in your files: please open an issue with this line")
        return html
    _report(result.problems)
    if page.present_anchor_ids is not None:  # let MkDocs validate links to notes and terms
        page.present_anchor_ids.update(note.placed.annotation.id for note in result.notes)
        page.present_anchor_ids.update(result.term_anchors.values())
    return result.html


def on_env(env, config, files):
    """Every page is annotated by now: fill in the glossary's "appears in" and the fact-check index."""
    titles = {file.src_uri: file.page.title for file in files.documentation_pages() if file.page}
    for src_uri in GENERATED_PAGES:
        file = files.get_file_from_path(src_uri)
        if file and file.page and file.page.content:
            file.page.content = config._explainer.finish(src_uri, file.page.content, titles)
    return env


def on_page_context(context, page, config, nav):
    """ClaimReview JSON-LD for the page's head."""
    page.meta["claim_review"] = config._explainer.claim_review_script(page.file.src_uri, page.title or "")
    return context


def on_serve(server, config, builder):
    """Rebuild when an annotation file changes, whatever mkdocs.yml's `watch` says."""
    server.watch(str(Path(config.config_file_path).parent / "annotations"))
    return server


def _report(problems):
    for problem in problems:
        log.warning(str(problem))
