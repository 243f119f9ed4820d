"""`make new-article`: a text file, a Markdown draft and a saved web page become a page whose
rendered text is the article's, paragraph by paragraph; an empty annotation file; a nav entry.
The site builds strictly right after, and nothing is ever overwritten."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from explainer.article_import import markdown_text, read_text, slug
from helpers import ROOT, mkdocs_build

IMPORTS = ROOT / "tests" / "fixtures" / "imports"
COMMAND = [sys.executable, str(ROOT / "hooks" / "new_article.py")]
SEED = ROOT / "tests" / "fixtures" / "seed-article.txt"
TITLE = "Rubio Confirms US Will Back Ukraine Security; Europe Must Lead"
# The article's paragraphs as the publisher's page shows them (the quote and "said Trump" in one).
PARAGRAPHS = (ROOT / "tests" / "drift" / "article.txt").read_text(encoding="utf-8").split("\n\n")[1:]
PARAGRAPHS = [paragraph.strip() for paragraph in PARAGRAPHS]

CONFIG = """\
site_name: Test site
# A comment the command must keep, and a tag it must not touch.
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
hooks:
  - hooks/annotate.py
theme:
  name: material
  custom_dir: overrides
  font: false
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
plugins:
  - search
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
nav:
  - Home: index.md
  # Articles, oldest first.
  - Articles:
      - articles/first.md  # the first one
  - Glossary: glossary.md
  - Fact-check index: fact-checks.md
  - Corrections: corrections.md
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(ROOT / "schema", root / "schema")
    (root / "docs" / "articles").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "articles" / "first.md").write_text("# First\n\nAn article.\n", encoding="utf-8")
    (root / "annotations").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, cwd=project, env=env, timeout=120)


def built_article(project: Path, tmp_path: Path, name: str):
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 0, site.log
    page = site.page(f"articles/{name}/index.html")
    return page, page.select_one("article")


def texts(article, selector: str = "p") -> list[str]:
    """The text of each element, as a reader reads it (a heading's permalink sign left out)."""
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    return [" ".join(element.get_text().split()) for element in article.select(selector)]


def test_a_text_file_becomes_a_page_an_annotation_file_and_a_nav_entry(project, tmp_path):
    done = run(project, "--from", str(SEED), "--url", "https://0563news.com/top/rubio-confirms-us-will-back-ukraine-security-europe-must-lead")
    assert done.returncode == 0, done.stderr
    name = "rubio-confirms-us-will-back-ukraine-security-europe-must-lead"
    assert done.stdout.splitlines()[:3] == [
        f"wrote docs/articles/{name}.md: '{TITLE}', 12 paragraphs",
        f"wrote annotations/articles/{name}.yml: its schema line, no notes yet",
        f"added articles/{name}.md to mkdocs.yml's nav, at the end of Articles",
    ]
    assert "Next:" in done.stdout and "make check" in done.stdout
    # mkdocs.yml: one line added, every comment and tag kept.
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG.replace(
        "      - articles/first.md  # the first one\n", f"      - articles/first.md  # the first one\n      - articles/{name}.md\n")
    assert (project / "annotations" / "articles" / f"{name}.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/annotations.schema.json\n#\n"
        f"# Notes and fact-checks for docs/articles/{name}.md (CONTRIBUTING.md shows how to write them).\nannotations: []\n")
    source = (project / "docs" / "articles" / f"{name}.md").read_text(encoding="utf-8")
    front = yaml.safe_load(source.split("---\n")[1])
    assert front["title"] == TITLE
    assert front["original"] == {"title": TITLE, "url": "https://0563news.com/top/rubio-confirms-us-will-back-ukraine-security-europe-must-lead"}
    assert front["provenance"].startswith("The text below is the article as published at https://0563news.com/")
    page, article = built_article(project, tmp_path, name)
    assert texts(article, "h1") == [TITLE]
    # One paragraph a line, as the text file has them: the words exactly as published.
    lines = SEED.read_text(encoding="utf-8").split("\n")[2:]
    assert texts(article) == [line for line in lines if line.strip()]
    check = subprocess.run([sys.executable, str(project / "hooks" / "check_annotations.py")], capture_output=True, text=True,
                           cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_saved_web_page_keeps_only_the_article_s_paragraphs_in_order(project, tmp_path):
    done = run(project, "--from", str(IMPORTS / "saved-page.html"))
    assert done.returncode == 0, done.stderr
    name = "rubio-confirms-us-will-back-ukraine-security-europe-must-lead"
    source = (project / "docs" / "articles" / f"{name}.md").read_text(encoding="utf-8")
    front = yaml.safe_load(source.split("---\n")[1])
    assert front["original"] == {"title": TITLE, "publisher": "Daily Wire Service", "date": __import__("datetime").date(2025, 8, 22),
                                 "url": "https://news.example.org/world/2025/08/22/rubio-confirms-us-will-back-ukraine-security"}
    page, article = built_article(project, tmp_path, name)
    assert texts(article) == PARAGRAPHS  # no byline, share links, promo, tags, related links, comments or footer
    shown = article.get_text()
    for boilerplate in ("Subscribe", "cookies", "Newsletter", "Related stories", "ReaderInOhio", "Please correct it",
                        "All rights reserved", "dataLayer", "Share on Social", "Topics:"):
        assert boilerplate not in shown
    assert not article.select("script, a[href^='/world'], form, textarea")


def test_what_the_command_line_says_wins_over_the_page_s_metadata(project):
    done = run(project, "--from", str(IMPORTS / "saved-page.html"), "--url", "https://example.org/elsewhere",
               "--publisher", "Another Publisher", "--date", "2025-08-23T09:00:00Z", "--title", "A shorter title", "--slug", "short")
    assert done.returncode == 0, done.stderr
    front = yaml.safe_load((project / "docs" / "articles" / "short.md").read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == "A shorter title"
    assert front["original"] == {"title": "A shorter title", "url": "https://example.org/elsewhere",
                                 "publisher": "Another Publisher", "date": __import__("datetime").date(2025, 8, 23)}
    assert front["provenance"] == ("The text below is the article as published by Another Publisher on 23 August 2025 at "
                                   "https://example.org/elsewhere, reproduced paragraph by paragraph from a saved copy of the web page, "
                                   "errors included.")


def test_a_markdown_draft_keeps_its_text_and_drops_its_markup(project, tmp_path):
    done = run(project, "--from", str(IMPORTS / "draft.md"), "--slug", "draft")
    assert done.returncode == 0, done.stderr
    page, article = built_article(project, tmp_path, "draft")
    assert texts(article, "h1") == [TITLE]  # from the draft's front matter
    assert texts(article, "h2") == ["What the US may offer"]
    assert texts(article) == PARAGRAPHS  # emphasis, links, the quotation and the list dropped; the words kept
    assert not article.select("script, strong, em, a:not(.headerlink), blockquote, ul, li")
    assert "a draft's script" not in page.get_text()


def test_markdown_and_html_in_an_imported_text_stay_text(project, tmp_path):
    """An imported page is untrusted: whatever its text holds, the page shows exactly that text, and no markup."""
    done = run(project, "--from", str(IMPORTS / "specials.txt"))
    assert done.returncode == 0, done.stderr
    page, article = built_article(project, tmp_path, "markdown-and-html-in-a-published-text")
    expected = read_text((IMPORTS / "specials.txt").read_text(encoding="utf-8"))
    assert [link.get("class") for link in article.select("a")] == [["headerlink"]]  # the heading's permalink only
    assert [tag.name for tag in article.find_all(True) if tag.name not in ("p", "h1", "a")] == []
    assert texts(article) == [" ".join(block.text.split()) for block in expected.blocks]
    assert "\u00a0" in article.get_text()  # a no-break space stays one


@pytest.mark.parametrize("text", [
    "*a* _b_ `c` [d](e) <f> &g; \\h", "# i", "1. j", "12) k", "- l", "+ m", "> n", "---", "!!! o", ": p", "~~~ q",
    "==r== ~~s~~ ^^t^^ ++u++", "{: .v}", "*[W]: x", "[^1]: y", "| z |",
])
def test_markdown_text_renders_to_itself(text):
    import markdown

    from explainer.article_import import html_blocks

    rendered = markdown.markdown(markdown_text(text), extensions=["abbr", "admonition", "attr_list", "def_list", "footnotes",
                                                                   "md_in_html", "tables", "toc"])
    assert rendered.startswith("<p>") and [block.text for block in html_blocks(rendered)] == [text]


@pytest.mark.parametrize("title, name", [
    (TITLE, "rubio-confirms-us-will-back-ukraine-security-europe-must-lead"),
    ("Zelensky’s “coalition of the willing”: 30 countries", "zelenskys-coalition-of-the-willing-30-countries"),
    ("Café crème à Genève", "cafe-creme-a-geneve"),
    ("Путин и Трамп", ""),
])
def test_the_slug_is_the_title_s_ascii_words(title, name):
    assert slug(title) == name


def test_nothing_is_overwritten_and_nothing_written_when_refused(project):
    assert run(project, "--from", str(SEED), "--slug", "first").returncode == 2
    assert (project / "docs" / "articles" / "first.md").read_text(encoding="utf-8") == "# First\n\nAn article.\n"
    assert run(project, "--from", str(SEED)).returncode == 0
    again = run(project, "--from", str(SEED))
    assert again.returncode == 2
    assert again.stderr.startswith("docs/articles/rubio-confirms-us-will-back-ukraine-security-europe-must-lead.md already exists, "
                                   "and is left as it is; to import this article beside it, give it another name: SLUG=...")
    assert "nothing was written" in again.stderr


@pytest.mark.parametrize("make, args, says", [
    (None, ["--from", "missing.txt"], "missing.txt: cannot be read (No such file or directory); check the path"),
    (("notes.rtf", b"{\\rtf1 text}"), [], "notes.rtf: cannot tell what kind of file this is; name it .txt"),
    (("latin.txt", b"Title\n\nCaf\xe9\n"), [], "latin.txt:3: not UTF-8 text (byte 0xE9); save it as UTF-8"),
    (("untitled.txt", b"Just one paragraph, no title line."), [], "no title found"),
    (("empty.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"), [], "empty.html: no paragraphs found; is this the article?"),
    (("a.txt", b"Title\n\nText.\n"), ["--date", "22/08/2025"], "DATE='22/08/2025' is not a date in ISO form; write it YYYY-MM-DD"),
    (("a.txt", b"Title\n\nText.\n"), ["--url", "javascript:alert(1)"], "URL='javascript:alert(1)' is not a web address"),
    (("a.txt", b"Title <script>x</script>\n\nText.\n"), [], "cannot be the page's title as it stands: it holds what a browser would read as an HTML tag"),
    (("a.txt", b"Tom &amp; Jerry\n\nText.\n"), [], "it holds what a browser would read as a character reference"),
    (("a.txt", "Путин\n\nText.\n".encode()), [], "has no ASCII letters or digits to name the page after; pass a name: SLUG="),
    (("a.txt", b"Title\n\nText.\n"), ["--slug", "Not A Slug"], "SLUG='Not A Slug' is not a slug"),
])
def test_what_it_cannot_read_is_refused_with_a_clear_message(project, make, args, says):
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if make:
        (project / make[0]).write_bytes(make[1])
    done = run(project, *(["--from", make[0]] if make else []), *args)
    assert done.returncode == 2
    assert says in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == before
    assert sorted(path.name for path in (project / "docs" / "articles").iterdir()) == ["first.md"]
    assert not (project / "annotations" / "articles").exists()


def test_make_new_article_passes_any_title_as_one_word(project):
    """Through the Makefile: a title with quotes, a dollar sign and parentheses arrives as written."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "constraints.txt"):
        shutil.copy(ROOT / name, project / name)
    (project / ".ready").touch()  # newer than the requirements: make installs nothing
    title = "It's $5 (or \"more\") for `x`"
    done = subprocess.run(["make", "-s", "new-article", f"FROM={SEED}", f"TITLE={title}", "SLUG=priced",
                           "READY=.ready", f"BIN={Path(sys.executable).parent}"],
                          capture_output=True, text=True, cwd=project, timeout=120, env={**os.environ, "TITLE": "not this one", "URL": "https://example.org/from-the-environment"})
    assert done.returncode == 0, done.stderr
    front = yaml.safe_load((project / "docs" / "articles" / "priced.md").read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == title
    assert "original" not in front  # only what make's command line says counts, never the environment
