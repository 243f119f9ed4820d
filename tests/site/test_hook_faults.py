"""A fault in the hooks themselves is reported in one located line, never as a traceback."""

from helpers import mkdocs_build


def test_a_fault_while_annotating_keeps_the_page_and_fails_the_strict_build(make_project, tmp_path):
    project = make_project({"page.md": "# A page\n\nText.\n"})
    page_module = project / "hooks" / "explainer" / "page.py"
    # Simulate a bug in the core: annotating any page raises.
    page_module.write_text(page_module.read_text(encoding="utf-8").replace(
        '    tokens = tokenize(html)\n', '    raise RuntimeError("simulated fault")\n', 1), encoding="utf-8")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert site.returncode == 1
    assert "Traceback" not in site.log
    assert ("ERROR   -  explainer: docs/page.md: the page is shown without its annotations: the build hit an unexpected "
            "RuntimeError (simulated fault); this is a fault in the hooks, not in your files: please open an issue with this line") in site.log
    assert mkdocs_build(project / "mkdocs.yml", tmp_path / "lenient", strict=False).page("page/index.html").find("h1")


def test_a_fault_while_reading_a_generated_page_leaves_it_empty_and_the_build_going(make_project, tmp_path):
    project = make_project({"page.md": "# A page\n\nText.\n"})
    hooks = project / "hooks" / "annotate.py"
    line = "        loaded = _loaded(config)\n        return loaded.generated.get(page.file.src_uri)"
    assert line in hooks.read_text(encoding="utf-8")
    hooks.write_text(hooks.read_text(encoding="utf-8").replace(line, '        raise RuntimeError("simulated fault")\n' + line, 1),
                     encoding="utf-8")
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert site.returncode == 0 and "Traceback" not in site.log, site.log
    for page in ("glossary", "fact-checks", "corrections"):
        assert (f"ERROR   -  explainer: docs/{page}.md: the page is shown without its annotations: the build hit an unexpected "
                "RuntimeError (simulated fault)") in site.log
        assert (tmp_path / "site" / page / "index.html").is_file()
    assert site.page("page/index.html").find("h1")
