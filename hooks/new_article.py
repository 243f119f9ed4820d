"""Add an article to the site: its page, an empty annotation file, and its place in the navigation.

    make new-article FROM=path [URL=... PUBLISHER=... DATE=YYYY-MM-DD TITLE=... SLUG=...]
    .venv/bin/python hooks/new_article.py --from path [--url ...] [--publisher ...] [--date ...] [--title ...] [--slug ...]

FROM is a plain text file (.txt: a title line, an empty line, then the
article), a Markdown draft (.md) or a saved web page (.html). The command
writes

- `docs/articles/<slug>.md`: front matter (title, provenance, `original`) and
  the article's text, paragraph by paragraph, escaped so that it renders
  exactly as published (`explainer/article_import.py`);
- `annotations/articles/<slug>.yml`: its schema line and no notes yet;
- the page's entry under Articles in `mkdocs.yml`'s `nav`, spliced into the
  text so that the file's comments, tags (`!ENV`) and layout stay.

The slug is the title's words in lower-case ASCII, joined by hyphens. The
command refuses to overwrite anything, and refuses what it cannot read, with
a message saying what to do. It writes nothing until everything is ready.

Exit status: 0 when the article was added, 2 when nothing was written (the
reason is printed; never a traceback).
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from explainer.article_import import (Article, CannotImport, clean, iso_date, page_markdown, read_html, read_markdown,
                                      read_text, slug as title_slug, title_problem)
from explainer.fields import HTML_TAG, SLUG_PATTERN

OK, CANNOT = 0, 2
MAX_IMPORT = 5 * 1024 * 1024  # bytes: a saved page with its inline scripts and styles, with room to spare
ARTICLES = "articles"  # the folder under docs/ (and annotations/), and the nav section, "Articles"
KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
         ".html": "html", ".htm": "html", ".xhtml": "html"}
_WEB_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


class Refused(Exception):
    """Nothing was written; the message says why and what to do."""


@dataclass
class Plan:
    """Everything the command will write, prepared before anything is."""

    page: Path
    page_text: str
    annotations: Path
    annotations_text: str
    config: Path
    config_before: str
    config_after: str
    nav_message: str
    paragraphs: int
    title: str
    notes: list[str]


def plan(source: Path, config_file: Path, *, url: str | None = None, publisher: str | None = None,
         date: str | None = None, title: str | None = None, slug: str | None = None) -> Plan:
    """What importing `source` into the site of `config_file` writes; nothing is written yet."""
    if not config_file.is_file():
        raise Refused(f"{config_file}: no MkDocs configuration here; run this from the project's folder")
    root = config_file.resolve().parent
    config_text = config_file.read_text(encoding="utf-8")
    try:
        config = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise Refused(f"{config_file}: this is not valid YAML ({' '.join(str(error).split())}); fix it first") from None
    docs = _docs_dir(config)
    article = _read(source)
    if not article.blocks:
        raise Refused(f"{source}: no paragraphs found; is this the article?")
    title = clean(title) if title is not None else article.title
    if not title:
        raise Refused(f"{source}: no title found (a text file's first line, followed by an empty line; a draft's "
                      "first heading; a page's own title); pass it: TITLE=\"...\"")
    problem = title_problem(title)
    if problem:
        raise Refused(f"the title {_quoted(title)} cannot be the page's title as it stands: {problem}; pass it as it "
                      "should read: TITLE=\"...\"")
    if slug is not None and not re.match(SLUG_PATTERN, slug):
        raise Refused(f"SLUG={slug!r} is not a slug: lower-case letters, digits and single hyphens, such as rubio-europe-must-lead")
    name = slug or title_slug(title)
    if not name:
        raise Refused(f"the title {_quoted(title)} has no ASCII letters or digits to name the page after; "
                      "pass a name: SLUG=lower-case-words")
    notes = list(article.notes)
    front_matter = {"title": title, "provenance": "", **_original(article, title, url, publisher, date, notes)}
    front_matter["provenance"] = _provenance(article, front_matter.get("original"))
    page = root / docs / ARTICLES / f"{name}.md"
    annotations = root / "annotations" / ARTICLES / f"{name}.yml"
    for path in (page, annotations):
        if os.path.lexists(path):
            raise Refused(f"{path.relative_to(root)} already exists, and is left as it is; to import this article "
                          "beside it, give it another name: SLUG=...")
    entry = f"{ARTICLES}/{name}.md"
    config_after, nav_message = add_to_nav(config_text, entry)
    schema = posixpath.relpath("schema/annotations.schema.json", f"annotations/{ARTICLES}")
    annotations_text = (f"# yaml-language-server: $schema={schema}\n#\n"
                        f"# Notes and fact-checks for {docs}/{entry} (CONTRIBUTING.md shows how to write them).\n"
                        "annotations: []\n")
    return Plan(page, page_markdown(article, title, front_matter), annotations, annotations_text, config_file,
                config_text, config_after, nav_message, sum(not b.heading for b in article.blocks), title, notes)


def _docs_dir(config: yaml.Node | None) -> str:
    value = _mapping_value(config, "docs_dir")
    docs = value.value if isinstance(value, yaml.ScalarNode) and value.value else "docs"
    return docs.rstrip("/")


def _read(source: Path) -> Article:
    """The article in `source`: refused unless it is a readable regular file of a kind we know."""
    try:
        status = source.stat()
    except OSError as error:
        raise Refused(f"{source}: cannot be read ({error.strerror or type(error).__name__}); check the path") from None
    if not stat.S_ISREG(status.st_mode):
        raise Refused(f"{source}: not a regular file; give the path of the article's file")
    if status.st_size > MAX_IMPORT:
        raise Refused(f"{source}: {status.st_size // 1024 // 1024} MiB, over the {MAX_IMPORT // 1024 // 1024} MiB an article "
                      "can be; save the page without its images, or its text as a .txt file")
    with open(source, "rb") as file:
        data = file.read(MAX_IMPORT + 1)
    kind = KINDS.get(source.suffix.lower()) or ("html" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" else None)
    if kind is None:
        raise Refused(f"{source}: cannot tell what kind of file this is; name it .txt (plain text), .md (Markdown) "
                      "or .html (a saved web page)")
    try:
        if kind == "html":
            return read_html(data)
        text = _utf8(source, data)
        if kind == "markdown":
            import pyromark

            return read_markdown(text, pyromark.html)
        return read_text(text)
    except CannotImport as error:
        raise Refused(f"{source}: {error}") from None


def _utf8(source: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Refused(f"{source}:{line}: not UTF-8 text (byte 0x{data[error.start]:02X}); save it as UTF-8") from None


def _original(article: Article, title: str, url: str | None, publisher: str | None, date: str | None,
              notes: list[str]) -> dict:
    """`original`: where the article appears. What the command line says wins over what the page says;
    what the page says is dropped, with a note, where it is not fit to print."""
    if url is not None and not _WEB_URL.match(url):
        raise Refused(f"URL={url!r} is not a web address; give the article's address, starting with https://")
    if url is None and article.url:
        if _WEB_URL.match(article.url):
            url = article.url
        else:
            notes.append("the page's own address is not a web address, and was left out")
    if publisher is not None:
        publisher = clean(publisher)
        if not publisher or HTML_TAG.search(publisher):
            raise Refused(f"PUBLISHER={publisher!r} cannot be shown as plain text; write the publisher's name")
    elif article.publisher:
        if HTML_TAG.search(article.publisher):
            notes.append("the page's publisher holds what looks like an HTML tag, and was left out; pass PUBLISHER=...")
        else:
            publisher = article.publisher
    when = None
    if date is not None:
        try:
            when = iso_date(date)
        except ValueError:
            raise Refused(f"DATE={date!r} is not a date in ISO form; write it YYYY-MM-DD, such as 2025-08-22") from None
    elif article.date:
        try:
            when = iso_date(article.date)
        except ValueError:
            notes.append("the page's date is not a calendar date, and was left out")
    if not url:
        notes.append("no address for the original: the page has no `original`; add one with URL=... (and PUBLISHER=, DATE=) "
                     "so that search engines know where the rated text appears")
        return {}
    original = {"title": title, "url": url}
    if publisher:
        original["publisher"] = publisher
    if when:
        original["date"] = when
    return {"original": original}


def _provenance(article: Article, original: dict | None) -> str:
    """One sentence for readers: where the text comes from."""
    original = original or {}
    by = f" by {original['publisher']}" if original.get("publisher") else ""
    on = f" on {original['date'].day} {original['date']:%B %Y}" if original.get("date") else ""
    at = f" at {original['url']}" if original.get("url") else ""
    copy = {"a saved web page": "a saved copy of the web page", "a Markdown draft": "a Markdown copy",
            "a text file": "a text copy"}[article.source]
    return (f"The text below is the article as published{by}{on}{at}, reproduced paragraph by paragraph "
            f"from {copy}, errors included.")


def add_to_nav(text: str, entry: str) -> tuple[str, str]:
    """`text` (mkdocs.yml) with `entry` added at the end of the nav's Articles section, and what was done.
    Only the new line is written: comments, tags and layout stay as they are."""
    config = yaml.compose(text, Loader=yaml.SafeLoader)
    nav = _mapping_value(config, "nav")
    if nav is None:
        return text, "mkdocs.yml has no nav: MkDocs lists the new page itself"
    if not isinstance(nav, yaml.SequenceNode):
        raise Refused("mkdocs.yml: nav is not a list; add the page to it by hand")
    if any(_names(item, entry) for item in nav.value):
        raise Refused(f"mkdocs.yml already lists {entry} in its nav; to import this article beside it, give it another name: SLUG=...")
    section = next((item for item in nav.value if isinstance(item, yaml.MappingNode) and len(item.value) == 1
                    and item.value[0][0].value == "Articles" and isinstance(item.value[0][1], yaml.SequenceNode)), None)
    if section is None:
        new_text = _after(text, nav, nav.value[-1], f"- Articles:\n{' ' * (_dash_column(text, nav) + 4)}- {entry}") if nav.value else None
        message = f"added a section Articles to mkdocs.yml's nav, with {entry}"
    else:
        items = section.value[0][1]
        new_text = _after(text, items, items.value[-1], f"- {entry}")
        message = f"added {entry} to mkdocs.yml's nav, at the end of Articles"
    if new_text is None or _articles(new_text)[-1:] != [entry]:
        raise Refused(f"mkdocs.yml: the nav is laid out in a way this command does not edit; add `{entry}` under Articles by hand, "
                      "then run the command again with the page and its annotation file removed")
    return new_text, message


def _after(text: str, sequence: yaml.SequenceNode, last: yaml.Node, line: str) -> str | None:
    """`text` with `line` as a new item of the block `sequence`, after its `last` item."""
    if sequence.flow_style:
        return None
    column = _dash_column(text, sequence)
    end = last.end_mark.index
    if end and text[end - 1] == "\n":  # a block mapping's end is the start of the next line
        at = end
    else:
        newline = text.find("\n", end)
        at = len(text) if newline == -1 else newline + 1
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + prefix + " " * column + line + "\n" + text[at:]


def _dash_column(text: str, sequence: yaml.SequenceNode) -> int:
    """Where the `-` of a block sequence's items stands."""
    first = sequence.value[0].start_mark
    line_start = text.rfind("\n", 0, first.index) + 1
    before = text[line_start:first.index]
    return before.rfind("-") if "-" in before else first.column


def _articles(text: str) -> list[str]:
    """The page paths under the nav's Articles section of `text`."""
    nav = _mapping_value(yaml.compose(text, Loader=yaml.SafeLoader), "nav")
    for item in nav.value if isinstance(nav, yaml.SequenceNode) else []:
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1 and item.value[0][0].value == "Articles":
            pages = item.value[0][1]
            return [node.value for node in pages.value if isinstance(node, yaml.ScalarNode)] if isinstance(pages, yaml.SequenceNode) else []
    return []


def _names(node: yaml.Node, entry: str) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.value == entry
    if isinstance(node, yaml.SequenceNode):
        return any(_names(item, entry) for item in node.value)
    if isinstance(node, yaml.MappingNode):
        return any(_names(value, entry) for _, value in node.value)
    return False


def _mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if isinstance(name, yaml.ScalarNode) and name.value == key), None)


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:79] + "…")


def write(plan: Plan) -> None:
    """Write the page, the annotation file and mkdocs.yml; the new files never over an existing one."""
    written: list[Path] = []
    try:
        for path, text in ((plan.page, plan.page_text), (plan.annotations, plan.annotations_text)):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as file:  # "x": refuses an existing file
                written.append(path)
                file.write(text)
        if plan.config_after != plan.config_before:
            if plan.config.read_text(encoding="utf-8") != plan.config_before:
                raise Refused("mkdocs.yml changed while the command ran; run it again")
            descriptor, temporary = tempfile.mkstemp(prefix=".mkdocs.yml.", dir=plan.config.resolve().parent)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
                file.write(plan.config_after)
            os.chmod(temporary, stat.S_IMODE(plan.config.stat().st_mode))
            os.replace(temporary, plan.config.resolve())
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    """The command line: prepare, write, say what was written and what to do next."""
    parser = argparse.ArgumentParser(prog="new_article", description="Add an article: its page, an empty annotation file, its nav entry.")
    parser.add_argument("source", nargs="?", type=Path, help="the article: .txt, .md or a saved .html page")
    parser.add_argument("--from", dest="from_", type=Path, help="the same, as `make new-article FROM=...` gives it")
    parser.add_argument("--url", help="the article's address (default: the page's own)")
    parser.add_argument("--publisher", help="who published it (default: the page's site name)")
    parser.add_argument("--date", help="when it was published, YYYY-MM-DD (default: the page's own date)")
    parser.add_argument("--title", help="its title (default: the file's first line, first heading, or the page's title)")
    parser.add_argument("--slug", help="the page's file name, without .md (default: from the title)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the MkDocs configuration (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    source = args.from_ or args.source
    if source is None:
        print("say which file to import: make new-article FROM=path/to/article.html (or .txt, .md)", file=sys.stderr)
        return CANNOT
    try:
        prepared = plan(source, args.config_file, url=args.url, publisher=args.publisher, date=args.date,
                        title=args.title, slug=args.slug)
        write(prepared)
    except Refused as error:
        print(f"{error}; nothing was written.", file=sys.stderr)
        return CANNOT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback in front of a contributor
        print(f"{source}: the import stopped on an unexpected error ({type(error).__name__}: {error}); nothing was written. "
              "Please open an issue with this line.", file=sys.stderr)
        return CANNOT
    root = prepared.config.resolve().parent
    page = prepared.page.relative_to(root).as_posix()
    annotations = prepared.annotations.relative_to(root).as_posix()
    print(f"wrote {page}: {_quoted(prepared.title)}, {prepared.paragraphs} paragraphs")
    print(f"wrote {annotations}: its schema line, no notes yet")
    print(prepared.nav_message)
    for note in prepared.notes:
        print(f"note: {note}")
    print("Next:")
    print(f"  1. read {page} against the original, word for word: it shows exactly the text imported")
    print(f"  2. `make serve` shows the page; add notes to {annotations} (CONTRIBUTING.md, \"Add a context note\")")
    print("  3. `make check`, then commit the page, its annotation file and mkdocs.yml together")
    return OK


if __name__ == "__main__":
    sys.exit(main())
