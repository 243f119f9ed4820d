"""Check every annotation file and anchor every quote, without writing the site.

    make check                                   # or:
    .venv/bin/python hooks/check_annotations.py [-f mkdocs.yml]

A second adapter beside `annotate.py`, for contributors and CI. It loads the
MkDocs configuration, renders the Markdown of each annotated page as MkDocs
would (same Markdown extensions, no theme, no templates, nothing written),
and runs the same core as the build: `ExplainerBuild.load` reads and
validates `annotations/`, `ExplainerBuild.annotate` anchors each quote in its
page. Every problem is printed as `path:LINE:COL: message`; under GitHub
Actions (GITHUB_ACTIONS=true) each is also printed as an `::error` workflow
command, so it shows on the pull request's diff.

Exit status: 0 when there is nothing to fix, 1 when there are problems, 2 when
the check could not run (the reason is printed; never a traceback).

Plugins are not loaded and their events not run: the check sees each page's
Markdown exactly as written, which is what this site's pages are. A site
whose plugins rewrite page Markdown should rely on the build.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import posixpath
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from explainer import schema
from explainer.annotation_files import AnnotationFile, read_annotation_files
from explainer.build import GENERATED_PAGES, ExplainerBuild, Settings
from explainer.catalog import GLOSSARY_FILE, ids_in
from explainer.drift import Rewrite
from explainer.history import base_ref, compare_with_base
from explainer.links import GLOSSARY_PAGE
from explainer.options import OptionsError, read_options
from explainer.problems import Problem
from explainer.site_files import is_left_out, scan, shown_as
from explainer.text_files import page_text

OK, PROBLEMS, CANNOT_RUN = 0, 1, 2
ANNOTATIONS = "annotations"

# (page source path, the Markdown of a page the build generates or None) -> (its HTML, its Markdown source)
Render = Callable[[str, "str | None"], "tuple[str, str]"]


@dataclass
class Report:
    """What one check found, and how much it looked at."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # annotation files read
    pages: int = 0  # pages whose quotes were anchored
    anchored: int = 0  # quotes placed on their page
    notes: list[str] = field(default_factory=list)  # what the check could not do, said once (not a problem)
    rewrites: list[Rewrite] = field(default_factory=list)  # drifted notes: what `make fix` writes back
    orphans: list[Problem] = field(default_factory=list)  # notes left out, their quote gone: fixed by hand


class CannotRun(Exception):
    """The check could not start (no configuration, a broken one); the message says why."""


def check_annotations(root: Path, pages: set[str], render: Render, settings: Settings,
                      docs_shown: str = "docs", schema_dir: Path | None = None) -> Report:
    """Validate `root/annotations/` for a site made of `pages`, and anchor every quote.

    `render(page, generated)` returns a page's HTML as the site generator
    renders it; `generated` is the Markdown of a page the build adds (the
    glossary, the fact-check index), else None. This function knows nothing of
    MkDocs: `check` below supplies the pages and the renderer.
    """
    annotations_dir = root / ANNOTATIONS
    build = ExplainerBuild.load(annotations_dir, ANNOTATIONS, pages, settings, root)
    report = Report(problems=list(build.problems))
    files, _ = read_annotation_files(annotations_dir, ANNOTATIONS, root)  # what cannot be read, the core reported
    report.files = len(files)
    linked = set(build.catalog.by_page) | {target for target, *_ in build.catalog.page_anchor_links}
    generated = build.generated_pages() if linked & set(GENERATED_PAGES) else {}
    for page in sorted(build.catalog.by_page):
        if not build.catalog.by_page[page]:
            continue
        try:
            html, source = render(page, generated.get(page))
        except Exception as error:  # a page MkDocs cannot render is reported, not raised
            report.problems.append(Problem(f"{docs_shown}/{page}", 1, 1, f"this page could not be rendered to check its annotations against it ({_describe(error)}); `make build` shows the details"))
            continue
        try:
            result = build.annotate(html, page, source)
        except Exception as error:  # a fault of the checker: say where, and go on with the other pages
            shown = build.catalog.by_page[page][0].document.path
            report.problems.append(Problem(shown, 1, 1, f"the check could not place this file's quotes on {docs_shown}/{page} ({_describe(error)}); "
                                           "this is a fault in the checker, not in the file: please open an issue with this line"))
            continue
        report.problems += result.problems
        report.rewrites += result.rewrites
        report.orphans += result.orphans
        report.pages += 1
        report.anchored += len(result.notes)
    report.problems += build.broken_anchor_links(lambda page: _ids_of(page, render, generated, build))
    if schema_dir is not None:
        report.problems += schema_lines(files, annotations_dir, schema_dir)
    report.problems = sorted(set(report.problems))
    return report


def _ids_of(page: str, render: Render, generated: dict[str, str], build: ExplainerBuild) -> set[str] | None:
    """The ids of a page the check did not annotate (it has no notes), for the links into it; None
    where it cannot be rendered (its own problem is MkDocs's to say)."""
    try:
        html, _ = render(page, generated.get(page))
    except Exception:  # noqa: BLE001
        return None
    return ids_in(html) | (set(build.catalog.terms) if page == GLOSSARY_PAGE else set())


def schema_lines(files: list[AnnotationFile], annotations_dir: Path, schema_dir: Path) -> list[Problem]:
    """A problem for each of the annotation `files` that does not name its JSON Schema.

    Editors (through the YAML language server) complete fields and flag
    mistakes as one types only when the file names its schema; the build
    does not need it, so only the check asks for it.
    """
    problems = []
    for file in files:
        name = "glossary.schema.json" if file.relative == GLOSSARY_FILE else "annotations.schema.json"
        if name == "annotations.schema.json" and "glossary.schema.json" in file.text[:300]:
            continue  # glossary terms in a page's place: the line that says so is enough
        folder = (annotations_dir / file.relative).parent
        expected = posixpath.relpath((schema_dir / name).as_posix(), folder.as_posix())
        problem = schema.declared_schema(file.text, expected, file.shown)
        if problem:
            problems.append(problem)
    return problems


@dataclass
class MkDocsSite:
    """What the check needs from MkDocs: the pages, the settings, and a page renderer."""

    root: Path
    pages: set[str]
    settings: Settings
    docs_shown: str  # the docs folder as problems name it, e.g. "docs"
    _config: object
    _files: object
    source_problems: list[Problem] = field(default_factory=list)  # entries of docs/ left out, pages not UTF-8

    @classmethod
    def load(cls, config_file: Path) -> "MkDocsSite":
        """Read the MkDocs configuration at `config_file` and list its pages."""
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, ConfigurationError
        from mkdocs.structure.files import get_files

        if not config_file.is_file():
            raise CannotRun(f"{config_file}: no MkDocs configuration here; run the check from the project's folder or pass -f path/to/mkdocs.yml")
        with _mkdocs_log() as records:
            try:
                # Plugins are left out: the check runs none of their events, and
                # loading them is a good part of loading the configuration.
                config = load_config(config_file=str(config_file), plugins=[])
            except (Abort, ConfigurationError) as error:
                details = "; ".join(record.getMessage() for record in records if record.levelno >= logging.ERROR)
                details = " ".join((details or str(error)).split())
                raise CannotRun(f"{config_file}: MkDocs cannot read this configuration: {details}") from None
        root = Path(config.config_file_path).resolve().parent
        docs_dir = Path(config.docs_dir).absolute()
        docs_shown = shown_as(docs_dir, root)
        found = scan(docs_dir, docs_shown, root)  # before MkDocs lists the pages: see site_files.py
        theme = config.theme.custom_dir
        refused = scan(Path(theme).absolute(), shown_as(Path(theme), root), root, can_leave_out=False).problems if theme else []
        if found.walk_unsafe or refused:
            raise CannotRun("\n".join(str(problem) for problem in found.problems + refused))
        files = get_files(config)
        for file in [file for file in files if is_left_out(file.abs_src_path, found.left_out)]:
            files.remove(file)
        try:
            options = read_options(config.extra, config_file.read_text(encoding="utf-8"), config_file.name)
        except OptionsError as error:
            raise CannotRun(str(error)) from None
        settings = Settings(site_name=config.site_name, site_url=config.site_url or "",
                            use_directory_urls=config.use_directory_urls, docs=docs_shown, options=options)
        pages = {file.src_uri for file in files.documentation_pages()}
        return cls(root, pages, settings, docs_shown, config, files, source_problems=found.problems)

    def render(self, src_uri: str, generated: str | None = None) -> tuple[str, str]:
        """A page's HTML, rendered from its Markdown as MkDocs renders it, and its Markdown source."""
        from mkdocs.structure.files import File
        from mkdocs.structure.pages import Page

        file = self._files.get_file_from_path(src_uri)
        if file is None and generated is not None:
            file = File.generated(self._config, src_uri, content=generated)
        elif file.abs_src_path is not None:  # read as the build's hooks read it (`on_page_read_source`), once
            text, problem = page_text(Path(file.abs_src_path).read_bytes(), f"{self.docs_shown}/{src_uri}")
            self.source_problems += [problem] if problem else []
            file.content_string = text
        page = Page(None, file, self._config)
        page.read_source(self._config)
        page.render(self._config, self._files)
        return page.content or "", file.content_string


def check(config_file: Path, base: str | None = None) -> Report:
    """Load the MkDocs configuration at `config_file`, check its annotations, and compare
    the published fact-checks with the base branch (`base`, else BASE, else the pull
    request's base under GitHub Actions, else main)."""
    with _mkdocs_log():  # what MkDocs says about the pages' own Markdown is the build's to report
        site = MkDocsSite.load(config_file)
        schema_dir = site.root / "schema"
        has_schemas = all((schema_dir / name).is_file() for name in schema.SCHEMAS)
        report = check_annotations(site.root, site.pages, site.render, site.settings, site.docs_shown,
                                   schema_dir if has_schemas else None)
    comparison = compare_with_base(site.root, Path(ANNOTATIONS), base_ref(site.root, os.environ, base), ANNOTATIONS)
    report.problems = sorted(set(report.problems) | set(comparison.problems) | set(site.source_problems))
    report.notes += [comparison.info] if comparison.info else []
    return report


def main(argv: list[str] | None = None) -> int:
    """The command line: print every problem, return the exit status."""
    parser = argparse.ArgumentParser(prog="check_annotations", description="Check annotation files and anchor every quote, without building the site.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--write-schemas", action="store_true", help="regenerate schema/*.schema.json from the models, then stop")
    parser.add_argument("--base", help="the branch or commit published fact-checks are compared with (default: BASE, "
                                       "the pull request's base under GitHub Actions, else main)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.write_schemas:
        return _write_schemas(args.config_file.resolve().parent / "schema")
    started = time.perf_counter()
    try:
        report = check(args.config_file, args.base)
    except CannotRun as error:
        print(error, file=sys.stderr)
        return CANNOT_RUN
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback in front of a contributor
        print(f"{args.config_file}: the check stopped on an unexpected error ({_describe(error)}). "
              "This is a fault in the checker, not in your files: please open an issue with this line; "
              "meanwhile `make build` checks the same rules.", file=sys.stderr)
        return CANNOT_RUN
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in report.problems:
        print(problem)
        if github:
            print(problem.as_github_annotation())
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    seconds = time.perf_counter() - started
    summary = (f"Checked {_count(report.files, 'annotation file')}, anchored {_count(report.anchored, 'quote')} "
               f"on {_count(report.pages, 'page')} in {seconds:.1f} s: ")
    if report.problems:
        print(summary + f"{_count(len(report.problems), 'problem')} to fix.", file=sys.stderr)
        return PROBLEMS
    print(summary + "no problems.", file=sys.stderr)
    return OK


def _write_schemas(directory: Path) -> int:
    changed = schema.write(directory)
    for name in changed:
        print(f"wrote {directory / name}")
    if not changed:
        print(f"{directory}: the schemas are up to date")
    return OK


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    # MkDocs logs what it finds wrong in a configuration, then raises a bare
    # "Aborted with N configuration errors!": keep the records to say what.
    # Its warnings about the pages' own Markdown are the build's business.
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("mkdocs")
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [Keep(logging.WARNING)], False
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = handlers, propagate


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


if __name__ == "__main__":
    sys.exit(main())
