"""The build holds up: options checked in one place, every event guarded, unique ids, reproducible output."""

from __future__ import annotations

import filecmp
import gzip
import re

import pytest

from explainer.annotator_process import ONE_PROCESS
from explainer.index_reuse import MANIFEST
from helpers import ROOT, mkdocs_build

ARTICLE_HTML = "articles/rubio-ukraine-security-guarantees/index.html"


def _with_extra(project, extra: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_a_misspelt_option_stops_the_build_and_names_the_option(make_project, tmp_path):
    project = make_project({"page.md": "# A page\n"})
    _with_extra(project, "extra:\n  explainer:\n    glossary_every_ocurrence: true\n")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 1 and "Traceback" not in site.log
    assert ("mkdocs.yml:18:5: extra.explainer.glossary_every_ocurrence is not an option; did you mean "
            "'glossary_every_occurrence'? (the options are glossary_every_occurrence, verdict_scale, contact)") in site.log


def test_an_option_of_the_first_release_says_where_it_moved(make_project, tmp_path):
    project = make_project({"page.md": "# A page\n"})
    _with_extra(project, "extra:\n  glossary_every_occurrence: true\n")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 1
    assert "mkdocs.yml:17:3: extra.glossary_every_occurrence has moved: write it under `extra:` as `explainer:`" in site.log


def test_an_option_of_the_wrong_type_is_refused(make_project, tmp_path):
    project = make_project({"page.md": "# A page\n"})
    _with_extra(project, "extra:\n  explainer:\n    glossary_every_occurrence: sometimes\n")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 1
    assert "mkdocs.yml:18:5: extra.explainer.glossary_every_occurrence: input should be a valid boolean" in site.log


@pytest.mark.parametrize("module, line, cost", [
    ("build.py", '        site = SiteMap(frozenset(pages)', "the pages are shown without their annotations"),
    ("build.py", '        verdicts = {p.annotation.verdict', "the glossary, fact-check index and corrections pages are left empty"),
    ("build.py", '        def fill(kind: str, key: str) -> str:', "docs/glossary.md: the page is shown without what spans pages"),
    ("build.py", '        checks = [n for n in self.notes_by_page.get(page, [])',
     "docs/page.md: the page's head lacks its fact-checks' ClaimReview data"),
    ("page_work.py", '        title = job.title or job.src_uri', "docs/page.md: the page has no search results of its own"),
])
def test_a_fault_in_any_event_is_one_line_and_the_traceback_is_behind_verbose(make_project, tmp_path, module, line, cost):
    project = make_project({"page.md": "# A page\n\nText.\n"},
                           {"page.yml": "annotations:\n  - id: text\n    type: context\n    quote: Text\n    body: x\n"})
    source = project / "hooks" / "explainer" / module
    text = source.read_text(encoding="utf-8")
    assert line in text
    indent = line[: len(line) - len(line.lstrip())]
    source.write_text(text.replace(line, f'{indent}raise RuntimeError("simulated fault")\n{line}', 1), encoding="utf-8")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1 and "Traceback" not in site.log
    errors = [line for line in site.log.splitlines() if line.startswith("ERROR")]
    assert errors and all("unexpected RuntimeError (simulated fault); this is a fault in the hooks" in e for e in errors), site.log
    assert any(f"explainer: {cost}: the build hit" in e for e in errors), site.log
    verbose = mkdocs_build(project / "mkdocs.yml", tmp_path / "verbose", strict=False, verbose=True)
    assert "Traceback" in verbose.log and "simulated fault" in verbose.log


def test_every_id_on_every_built_page_is_unique(built_site):
    for path in sorted(built_site.root.rglob("*.html")):
        ids = re.findall(r'\sid="([^"]*)"', path.read_text(encoding="utf-8"))
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{path.relative_to(built_site.root)} repeats the ids {duplicates}"


def test_two_builds_are_byte_identical_wherever_the_pages_are_annotated(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv(ONE_PROCESS, "1")  # `built_site` annotated its pages in a process beside the build; this one, in it
    again = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "again")
    assert again.returncode == 0, again.log
    # Material's sitemap.xml.gz carries the time of the build in its gzip header; everything else must match,
    # but for the three files of Pagefind's index that list filter values in the order of a Rust hash map,
    # which differs from run to run: their names (hashes of their content) and their order. Those are
    # compared by what they hold: the same bytes, in whatever order. The list of the index's files that the
    # build keeps with them (MANIFEST, not published) names those files, so it differs with their names.
    unordered = re.compile(r"pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")
    unordered_or_listing = re.compile(unordered.pattern[:-1] + "|" + re.escape(f"pagefind/{MANIFEST}") + "$")
    def held(root) -> list[list[int]]:
        files = [p for p in (root / "pagefind").rglob("*") if unordered.search(p.relative_to(root).as_posix())]
        unpacked = [p.read_bytes() if p.suffix == ".json" else gzip.decompress(p.read_bytes()) for p in files]
        return sorted(sorted(re.sub(rb"en_[0-9a-f]+", b"", data)) for data in unpacked)
    assert held(built_site.root) == held(again.root)
    compared = filecmp.dircmp(built_site.root, again.root, ignore=["sitemap.xml.gz"])
    def differing(cmp) -> list[str]:
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found = [f"{cmp.left}/{name}" for name in mismatch + errors + cmp.left_only + cmp.right_only
                 if not unordered_or_listing.search(f"{cmp.left}/{name}")]
        return found + [path for sub in cmp.subdirs.values() for path in differing(sub)]
    assert differing(compared) == []


def test_front_matter_reaches_the_theme_escaped(make_project, tmp_path):
    page = ('---\ntitle: "<img src=x onerror=alert(1)> &lt;b&gt;"\ndescription: \'"><script>alert(2)</script>\'\n'
            'status: \'new" onmouseover="alert(3)\'\n---\n\n# A page\n\nText.\n')
    project = make_project({"page.md": page})
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 0, site.log
    assert "page.md:2:8: title is plain text and cannot hold HTML tags (found '<img')" in site.log
    html = (site.root / "page" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert(2)" not in html and 'onmouseover="alert(3)' not in html
    soup = site.page("page/index.html")
    assert soup.title.get_text().startswith("<img src=x onerror=alert(1)> &lt;b&gt;")  # shown as written, inert
    assert soup.select_one('meta[name="description"]')["content"] == '"><script>alert(2)</script>'
