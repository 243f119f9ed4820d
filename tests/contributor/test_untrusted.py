"""Annotation files are untrusted: nothing in them runs at build time or in a reader's browser.

YAML is read with the safe loader; anchors, aliases and tags are refused
before anything is built; files over the size limit are refused unread;
sources must be http(s); and what a note or definition says reaches the page
only as sanitized HTML or escaped text. The last is shown on a real build.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest

from explainer.fields import Source
from explainer.yamlsource import MAX_BYTES, MAX_GLOSSARY_BYTES, load
from helpers import MINIMAL_CONFIG, ROOT, mkdocs_build

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
annotations: *i
"""


def test_aliases_are_refused_without_being_expanded():
    started = time.perf_counter()
    document, problems = load(BILLION_LAUGHS, "annotations/x.yml")
    assert time.perf_counter() - started < 1
    assert document is None
    assert str(problems[0]) == "annotations/x.yml:1:4: YAML anchors (&a) are not allowed; write each value out in full"
    # 9 anchors and 9 * 8 + 1 aliases: the first five are listed, then how many more
    assert str(problems[-1]) == "annotations/x.yml:2:20: and 77 more YAML anchors and aliases from here on, not listed one by one; write each value out in full"
    assert len(problems) == 5 + 1


@pytest.mark.parametrize("tagged, tag", [
    ('annotations: !!python/object/apply:os.system ["touch {marker}"]\n', "!!python/object/apply:os.system"),
    ("annotations: !!python/name:os.system\n", "!!python/name:os.system"),
    ('annotations:\n  - !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n', "!!python/object/new:subprocess.Popen"),
    ("annotations: !!binary aGVsbG8=\n", "!!binary"),
    ("annotations: !!set {{a, b}}\n", "!!set"),
    ("annotations: !include other.yml\n", "!include"),
])
def test_tags_are_refused_and_nothing_runs(tmp_path, tagged, tag):
    marker = tmp_path / "ran"
    document, problems = load(tagged.format(marker=marker), "annotations/x.yml")
    assert document is None
    assert [p.message for p in problems] == [f"the tag {tag} is not allowed; remove it and write a plain value"]
    assert not marker.exists()


def test_files_over_the_size_limit_are_refused_unread():
    over = "# " + "x" * MAX_BYTES + "\n"
    document, problems = load(over, "annotations/x.yml")
    assert document is None
    assert [str(p) for p in problems] == [f"annotations/x.yml:1:1: file is {MAX_BYTES // 1024 + 1} KiB, over the {MAX_BYTES // 1024} KiB limit; shorten it (a page has one annotation file)"]
    at_the_limit = "# " + "x" * (MAX_BYTES - 3) + "\n"
    assert load(at_the_limit, "annotations/x.yml")[1] == []


def test_the_size_limit_is_checked_through_the_build(make_project, tmp_path):
    project = make_project({"page.md": "# A page\n"}, {"page.yml": "annotations: []\n" + "# padding\n" * (MAX_BYTES // 10 + 1)})
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1
    assert f"WARNING -  explainer: annotations/page.yml:1:1: file is {MAX_BYTES // 1024 + 1} KiB, over the {MAX_BYTES // 1024} KiB limit; shorten it (a page has one annotation file)" in site.log.splitlines()


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
    "file:///etc/passwd", "ftp://example.org/x", "//example.org/x", "mailto:someone@example.org", "www.state.gov",
    "https://", "https:// example.org", " https://example.org",
])
def test_source_urls_must_be_http_or_https(url):
    with pytest.raises(ValueError):
        Source(title="A source", url=url)


@pytest.mark.parametrize("url", ["https://www.state.gov/", "http://example.org/a?b=c#d"])
def test_http_and_https_sources_pass(url):
    assert Source(title="A source", url=url).url == url


PAGE = """\
# A page

During a crucial call on July 15, 2023, with European national security
advisers, Rubio spoke about security guarantees. Trump said Europe is the
first line of defense.
"""

PAYLOAD = "PWNED"  # every hostile string carries this word, to find where it went

HOSTILE_BODY = f"""\
|
      <script>alert("{PAYLOAD}")</script>
      <iframe src="https://example.org/{PAYLOAD}"></iframe>
      <img src=x onerror="alert('{PAYLOAD}')"> <svg onload="alert('{PAYLOAD}')"></svg>
      <a href="javascript:alert('{PAYLOAD}')">html link</a> <a href="#" onclick="alert('{PAYLOAD}')">click</a>
      <style>body {{ background: url("javascript:{PAYLOAD}") }}</style>
      <object data="{PAYLOAD}.swf"></object><embed src="{PAYLOAD}.swf"><form action="https://example.org/{PAYLOAD}"><input></form>

      [a javascript link](javascript:alert('{PAYLOAD}')) [a data link](data:text/html,<script>{PAYLOAD}</script>)
      [a vbscript link](vbscript:{PAYLOAD}) <javascript:alert('{PAYLOAD}')>

      Template syntax stays text: {{{{ 7 * 7 }}}} {{% raw %}} ${{{PAYLOAD}}}

      {{: onclick="alert('{PAYLOAD}')" }}
"""

# Plain-text fields refuse tags (see below); what is left of an attack there
# is quotes, references and template syntax, which must stay text.
HOSTILE_TEXT = f"""'" onmouseover="alert({PAYLOAD})" &lt;img src=x onerror=alert("{PAYLOAD}")&gt; {{{{ 7 * 7 }}}} {{: onclick="{PAYLOAD}" }}'"""
HOSTILE_TAGS = f"""'"></script><script>alert("{PAYLOAD}")</script><img src=x onerror=alert("{PAYLOAD}")>'"""

ANNOTATIONS = f"""\
annotations:
  - id: call-date
    type: fact-check
    quote: July 15, 2023
    title: {HOSTILE_TEXT}
    claim: {HOSTILE_TEXT}
    verdict: incorrect
    body: {HOSTILE_BODY}
    sources:
      - title: {HOSTILE_TEXT}
        url: https://example.org/"><script>alert("{PAYLOAD}")</script>
        publisher: {HOSTILE_TEXT}
    terms: [hostile-term]
  - id: first-line
    type: context
    quote: first line of defense
    body: {HOSTILE_BODY}
"""

GLOSSARY = f"""\
terms:
  - id: hostile-term
    term: {HOSTILE_TEXT}
    aliases: ['[x](javascript:alert("{PAYLOAD}"))', 'Europe {{: onclick="alert(1)" }}']
    category: concept
    definition: {HOSTILE_BODY}
    sources:
      - title: {HOSTILE_TEXT}
        url: https://example.org/{PAYLOAD}
  - id: security-guarantee
    term: Security guarantee
    aliases: [security guarantees]
    definition: A pledge by one state to help defend another.
    see_also: [hostile-term]
"""

DANGEROUS_ELEMENTS = {"iframe", "frame", "object", "embed", "form", "input", "base", "svg", "math", "img", "link", "meta", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    for path, text in {"docs/page.md": PAGE, "annotations/page.yml": ANNOTATIONS, "annotations/glossary.yml": GLOSSARY}.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    return mkdocs_build(project / "mkdocs.yml", project / "site", strict=False)


def test_the_hostile_annotations_are_placed(hostile_site):
    assert hostile_site.returncode == 0, hostile_site.log
    page = hostile_site.page("page/index.html")
    assert page.select_one('[data-note="call-date"]') and page.select_one('[data-note="first-line"]')
    # What is refused is also said, so the contributor learns why their link vanished.
    assert "links to \"javascript:alert('PWNED')\"" in hostile_site.log or "links to 'javascript:alert" in hostile_site.log


@pytest.mark.parametrize("path", ["page/index.html", "glossary/index.html", "fact-checks/index.html"])
def test_nothing_hostile_reaches_the_built_html(hostile_site, path):
    soup = hostile_site.page(path)
    content = soup.select_one("article") or soup
    for element in content.find_all(True):
        assert element.name not in DANGEROUS_ELEMENTS or PAYLOAD not in str(element), str(element)
        assert element.name not in {"iframe", "object", "embed", "form", "svg"}, str(element)
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), str(element)
            values = value if isinstance(value, list) else [value]
            for single in values:
                scheme = single.strip().lower().split(":", 1)[0] if ":" in single else ""
                assert not (name in URL_ATTRIBUTES and scheme in {"javascript", "data", "vbscript"}), str(element)
    for script in soup.find_all("script"):
        if PAYLOAD not in script.get_text():
            continue
        # Only the ClaimReview data may carry the claim's text: as inert, escaped JSON.
        assert script.get("type") == "application/ld+json", str(script)
        assert "</script" not in script.get_text().lower() and "<" not in script.get_text()
        data = json.loads(script.get_text())
        assert PAYLOAD in data[0]["claimReviewed"]


@pytest.mark.parametrize("field", ["title", "claim", "source title", "publisher", "term", "alias"])
def test_tags_in_plain_text_fields_are_refused_where_written(make_project, tmp_path, field):
    fact_check = {"title": "A title", "claim": "A claim.", "source title": "A source", "publisher": "A publisher"}
    term = {"term": "Line", "alias": "lines"}
    (fact_check if field in fact_check else term)[field] = HOSTILE_TAGS
    annotations = (f"annotations:\n  - id: call-date\n    type: fact-check\n    quote: July 15, 2023\n"
                   f"    title: {fact_check['title']}\n    claim: {fact_check['claim']}\n    verdict: incorrect\n    body: x\n"
                   f"    sources:\n      - title: {fact_check['source title']}\n        url: https://example.org/\n"
                   f"        publisher: {fact_check['publisher']}\n")
    glossary = f"terms:\n  - id: line\n    term: {term['term']}\n    aliases: [{term['alias']}]\n    definition: A line.\n"
    project = make_project({"page.md": PAGE}, {"page.yml": annotations, "glossary.yml": glossary})
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    where = {"title": "page.yml:5:12", "claim": "page.yml:6:12", "source title": "page.yml:10:16",
             "publisher": "page.yml:12:20", "term": "glossary.yml:3:11", "alias": "glossary.yml:4:15"}[field]
    shown = {"source title": "title", "alias": "each item of aliases"}.get(field, field)
    refusals = [line for line in site.log.splitlines() if "cannot hold HTML tags" in line]
    assert refusals == [f"WARNING -  explainer: annotations/{where}: {shown} is plain text and cannot hold HTML tags "
                        f"(found '</script'); write it without the tag"], site.log
    assert PAYLOAD not in site.page("page/index.html").select_one("article").decode()


def test_templates_in_annotations_stay_text(hostile_site):
    page = hostile_site.page("page/index.html")
    note = page.select_one('[data-note="first-line"]').get_text()
    assert "{{ 7 * 7 }}" in note and "49" not in note


def test_the_glossary_may_be_larger_than_a_page_file_but_not_unbounded():
    # A glossary of a few thousand terms is one file; a page's annotations are not.
    terms = "terms:\n" + "".join(f"  - id: term-{n}\n    term: Term {n}\n    definition: {'x' * 120}\n" for n in range(2500))
    assert MAX_BYTES < len(terms.encode()) < MAX_GLOSSARY_BYTES
    assert load(terms, "annotations/glossary.yml")[1] == []
    assert [str(p) for p in load(terms, "annotations/articles/glossary.yml")[1]] == [
        f"annotations/articles/glossary.yml:1:1: file is {-(-len(terms) // 1024)} KiB, over the {MAX_BYTES // 1024} KiB limit; shorten it (a page has one annotation file)"]
    over = "# " + "x" * MAX_GLOSSARY_BYTES + "\n"
    assert [str(p) for p in load(over, "annotations/glossary.yml")[1]] == [
        f"annotations/glossary.yml:1:1: file is {MAX_GLOSSARY_BYTES // 1024 + 1} KiB, over the {MAX_GLOSSARY_BYTES // 1024} KiB limit; shorten it"]


def test_a_large_glossary_is_read_from_disk_and_a_large_page_file_is_not(tmp_path):
    from explainer.annotation_files import load_documents

    (tmp_path / "annotations").mkdir()
    padding = "# padding\n" * (MAX_BYTES // 10 + 1)
    (tmp_path / "annotations" / "glossary.yml").write_text("terms: []\n" + padding, encoding="utf-8")
    (tmp_path / "annotations" / "page.yml").write_text("annotations: []\n" + padding, encoding="utf-8")
    documents, problems, _ = load_documents(tmp_path / "annotations", "annotations", tmp_path)
    assert "annotations/glossary.yml" in {d.path for d in documents.values()}
    assert [str(p) for p in problems] == [
        f"annotations/page.yml:1:1: file is {MAX_BYTES // 1024 + 1} KiB, over the {MAX_BYTES // 1024} KiB limit; shorten it (a page has one annotation file)"]
