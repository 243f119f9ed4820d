"""The annotations are loaded and the pages annotated beside the build, in a process of their own,
or in the build's where asked."""

from __future__ import annotations

import pytest

from explainer.annotator_process import ONE_PROCESS
from helpers import mkdocs_build

PAGES = {"index.md": "# Home\n\nDuring a crucial call on July 15, 2023, Rubio spoke.\n",
         "second.md": "# Second\n\nAnother call on July 15, 2023.\n",
         "third.md": "# Third\n\nA third call on July 15, 2023.\n"}
NOTES = "annotations:\n  - id: call-date\n    type: context\n    quote: July 15, 2023\n    body: A zanzibarian note.\n"

# A hook beside the project's: notes which process loads the annotations, which annotates each page,
# and which builds; `{fault}` runs before a page is annotated.
WATCHER = '''\
import os
import pathlib
import explainer.build

LOG = pathlib.Path({log!r})
_annotate_page = explainer.build.annotate_page
_load_catalog = explainer.build.load_catalog


def load_catalog(*args, **kwargs):
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"loaded {{os.getpid()}} {{os.getppid()}}\\n")
    return _load_catalog(*args, **kwargs)


def annotate_page(html, page, **kwargs):
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"annotated {{page}} {{os.getpid()}} {{os.getppid()}}\\n")
    {fault}
    return _annotate_page(html, page, **kwargs)


explainer.build.annotate_page = annotate_page
explainer.build.load_catalog = load_catalog


def on_post_build(config):
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"built {{os.getpid()}}\\n")
'''


def watched_project(make_project, tmp_path, fault: str = "pass"):
    project = make_project(dict(PAGES), {f"{name[:-3]}.yml": NOTES for name in PAGES})
    log = tmp_path / "processes.log"
    (project / "hooks" / "watcher.py").write_text(WATCHER.format(log=str(log), fault=fault), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n  - hooks/annotate.py\n", "hooks:\n  - hooks/annotate.py\n  - hooks/watcher.py\n"), encoding="utf-8")
    assert "watcher.py" in config.read_text(encoding="utf-8")
    return config, log


@pytest.mark.parametrize("one_process", [False, True], ids=["beside the build", "in the build's process"])
def test_pages_are_annotated_beside_the_build_unless_asked_otherwise(make_project, tmp_path, monkeypatch, one_process):
    if one_process:
        monkeypatch.setenv(ONE_PROCESS, "1")
    config, log = watched_project(make_project, tmp_path)
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.log
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    build_pid = next(int(line[1]) for line in lines if line[0] == "built")
    annotated = {line[1]: (int(line[2]), int(line[3])) for line in lines if line[0] == "annotated"}
    loaded = [(int(line[1]), int(line[2])) for line in lines if line[0] == "loaded"]
    assert set(annotated) >= set(PAGES) and len(loaded) == 1, lines
    if one_process:
        assert {pid for pid, _ in annotated.values()} == {build_pid} == {loaded[0][0]}
    else:  # one process, forked by the build, loads the annotations and annotates every page
        assert {pid for pid, _ in annotated.values()} == {loaded[0][0]} and build_pid != loaded[0][0]
        assert {parent for _, parent in annotated.values()} == {build_pid}
    for name in PAGES:
        page = built.page(f"{'' if name == 'index.md' else name[:-3] + '/'}index.html")
        assert page.find("mark", attrs={"data-annotation": "call-date"}), name
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_an_annotating_process_that_stops_is_one_located_line_and_the_pages_stay(make_project, tmp_path):
    config, _ = watched_project(make_project, tmp_path)
    assert mkdocs_build(config, tmp_path / "site").returncode == 0  # an index for the next build to set aside
    watcher = config.parent / "hooks" / "watcher.py"
    watcher.write_text(watcher.read_text(encoding="utf-8").replace(
        "    pass\n", '    if page == "second.md": os._exit(3)\n'), encoding="utf-8")
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.log
    assert ("ERROR   -  explainer: docs/second.md: this page and those after it are shown without their annotations: "
            "the process that annotates the pages stopped unexpectedly (exit status 3)") in built.log, built.log
    assert built.log.count("stopped unexpectedly") == 1
    assert built.page("index.html").find("mark", attrs={"data-annotation": "call-date"})
    for name in ("second", "third"):
        page = built.page(f"{name}/index.html")
        assert page.find("h1") and "July 15, 2023" in page.get_text() and not page.find("mark")
    assert not (tmp_path / "site" / "pagefind").exists()
    assert not [path.name for path in (tmp_path / "site").iterdir() if path.name.startswith(".")]
