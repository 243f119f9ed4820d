"""The check command (`make check`): what it prints, how it exits, and that it never shows a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import check_annotations
from check_annotations import check_annotations as check_core
from explainer.build import Settings
from helpers import ROOT

COMMAND = [sys.executable, str(ROOT / "hooks" / "check_annotations.py")]

PAGE = """\
# A page

During a crucial call on July 15, 2023, with European national security
advisers, Rubio spoke about security guarantees.
"""

GOOD = """\
annotations:
  - id: call-date
    type: fact-check
    quote: July 15, 2023
    claim: The call took place on July 15, 2023.
    verdict: incorrect
    body: The call took place on Thursday 21 August 2025.
    sources:
      - title: Marco Rubio confirmed as Secretary of State
        url: https://www.keranews.org/2025-01-20/marco-rubio-confirmed-as-secretary-of-state
"""

BROKEN = GOOD.replace("verdict: incorrect", "verdict: false").replace("quote: July 15, 2023", "quote: July 16, 2023")


def run(project: Path, *args: str, github: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, env=env, cwd=project, timeout=60)


def test_nothing_to_fix_exits_zero_and_writes_nothing(make_project):
    project = make_project({"page.md": PAGE}, {"page.yml": GOOD})
    done = run(project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "anchored 1 quote on 1 page" in done.stderr and "no problems" in done.stderr
    assert not (project / "site").exists()


def test_every_problem_is_printed_located_and_exits_one(make_project):
    project = make_project({"page.md": PAGE}, {"page.yml": BROKEN})
    done = run(project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "annotations/page.yml:6:14: verdict must be one of accurate, mostly-accurate, missing-context, misleading, "
        'incorrect, unverified (got false, which YAML reads as a boolean: write "incorrect")',
    ]
    assert "1 problem to fix" in done.stderr


def test_under_github_actions_each_problem_is_also_a_workflow_command(make_project):
    project = make_project({"page.md": PAGE}, {"page.yml": GOOD.replace("quote: July 15, 2023", "quote: July 16, 2023")})
    # Under GitHub Actions the base branch must be there to compare with: a repository with main.
    git = ["git", "-c", "init.defaultBranch=main", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The site"]):
        subprocess.run([*git, *command], cwd=project, check=True, env=environment)
    done = run(project, github=True)
    assert done.returncode == 1
    plain, command = done.stdout.splitlines()
    assert plain.startswith("annotations/page.yml:4:12: quote not found on docs/page.md; the closest passage, \"July [-16,-]{+15,+} 2023\"")
    assert command.startswith("::error file=annotations/page.yml,line=4,col=12::quote not found on docs/page.md;")


def test_config_file_elsewhere(make_project, tmp_path):
    project = make_project({"page.md": PAGE}, {"page.yml": BROKEN})
    done = run(tmp_path, "-f", str(project / "mkdocs.yml"))
    assert done.returncode == 1
    assert done.stdout.startswith("annotations/page.yml:6:14: verdict must be")


def test_no_configuration_is_a_clear_message(tmp_path):
    done = run(tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("mkdocs.yml: no MkDocs configuration here; run the check from the project's folder")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("config, says", [
    ("site_name: [not, a, name]\n", "MkDocs cannot read this configuration: Config value 'site_name'"),
    ("site_name: x\ntheme: no-such-theme\n", "MkDocs cannot read this configuration: Config value 'theme'"),
    ("site_name: x\nnav: [\n", "MkDocs cannot read this configuration: MkDocs encountered an error parsing the configuration file"),
])
def test_a_broken_configuration_is_a_clear_message(tmp_path, config, says):
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    done = run(tmp_path)
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_an_unexpected_error_becomes_a_message(make_project, monkeypatch, capsys):
    project = make_project({"page.md": PAGE}, {"page.yml": GOOD})

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(check_annotations.ExplainerBuild, "load", broken)
    assert check_annotations.main(["-f", str(project / "mkdocs.yml")]) == 2
    err = capsys.readouterr().err
    assert "the check stopped on an unexpected error (KeyError: 'surprise')" in err
    assert "not in your files" in err and "Traceback" not in err


def test_a_page_that_cannot_be_rendered_is_reported_and_the_rest_still_checked(make_project):
    project = make_project({"page.md": PAGE, "other.md": PAGE}, {"page.yml": GOOD, "other.yml": GOOD})
    rendered = {"page.md": "<h1>A page</h1>\n<p>During a crucial call on July 15, 2023, with European national security advisers.</p>"}

    def render(page, generated):
        if page not in rendered:
            raise ValueError("a Markdown extension failed\nwith more detail")
        return rendered[page], ""

    report = check_core(project, {"page.md", "other.md"}, render, Settings())
    assert [str(problem) for problem in report.problems] == [
        "docs/other.md:1:1: this page could not be rendered to check its annotations against it "
        "(ValueError: a Markdown extension failed); `make build` shows the details",
    ]
    assert (report.files, report.pages, report.anchored) == (2, 1, 1)


def test_write_schemas_then_up_to_date(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert check_annotations.main(["-f", str(tmp_path / "mkdocs.yml"), "--write-schemas"]) == 0
    assert sorted(path.name for path in (tmp_path / "schema").iterdir()) == ["annotations.schema.json", "glossary.schema.json"]
    assert (tmp_path / "schema" / "annotations.schema.json").read_text() == (ROOT / "schema" / "annotations.schema.json").read_text()
    capsys.readouterr()
    check_annotations.main(["-f", str(tmp_path / "mkdocs.yml"), "--write-schemas"])
    assert "the schemas are up to date" in capsys.readouterr().out


def test_the_repository_passes_its_own_check_as_make_check_runs_it():
    done = run(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_fault_while_placing_quotes_names_the_file_and_the_rest_is_still_checked(make_project, monkeypatch):
    project = make_project({"page.md": PAGE, "other.md": PAGE}, {"page.yml": GOOD, "other.yml": GOOD})
    html = "<h1>A page</h1>\n<p>During a crucial call on July 15, 2023, with European national security advisers.</p>"
    annotate = check_annotations.ExplainerBuild.annotate

    def fragile(self, page_html, page, source=""):
        if page == "other.md":
            raise IndexError("list index out of range")
        return annotate(self, page_html, page, source)

    monkeypatch.setattr(check_annotations.ExplainerBuild, "annotate", fragile)
    report = check_core(project, {"page.md", "other.md"}, lambda page, generated: (html, ""), Settings())
    assert [str(problem) for problem in report.problems] == [
        "annotations/other.yml:1:1: the check could not place this file's quotes on docs/other.md (IndexError: list index out of range); "
        "this is a fault in the checker, not in the file: please open an issue with this line",
    ]
    assert (report.pages, report.anchored) == (1, 1)


def test_a_project_without_annotations_passes(make_project, tmp_path):
    project = make_project({"page.md": PAGE})
    (project / "annotations").rmdir()
    done = run(project)
    assert done.returncode == 0, done.stderr
    assert "Checked 0 annotation files" in done.stderr


def test_a_misspelt_option_stops_the_check_with_its_place(make_project):
    project = make_project({"page.md": PAGE}, {"page.yml": GOOD})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  explainer:\n    verdict_scal: about.md\n", encoding="utf-8")
    done = run(project)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == ("mkdocs.yml:18:5: extra.explainer.verdict_scal is not an option; did you mean 'verdict_scale'? "
                                   "(the options are glossary_every_occurrence, verdict_scale, contact)")
