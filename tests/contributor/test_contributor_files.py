"""The files around a contribution: workflows, pre-commit, the pull request template and CONTRIBUTING.md."""

from __future__ import annotations

import re

import pytest
import yaml

from explainer.models import AnnotationFile, GlossaryFile
from explainer.normalize import normalize
from helpers import ARTICLE, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CASES = ROOT / "tests" / "contributor" / "cases"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> list[str]:
    return [step["run"] for step in steps(job) if "run" in step]


def uses(data: dict) -> list[str]:
    return [step["uses"] for job in data["jobs"].values() for step in steps(job) if "uses" in step]


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml"])
def test_actions_are_pinned_by_version(name):
    for action in uses(workflow(name)):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", action), action


@pytest.mark.parametrize("name", ["pull-request.yml", "deploy.yml"])
def test_no_checkout_leaves_the_jobs_token_in_the_git_folder(name):
    # A page or file the build reads by mistake could then not publish it (see SECURITY.md).
    checkouts = [step for job in workflow(name)["jobs"].values() for step in steps(job)
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, step


def test_pull_requests_run_the_check_the_tests_and_a_strict_build():
    data = workflow("pull-request.yml")
    assert "pull_request" in data["on"]
    commands = [command for job in data["jobs"].values() for command in runs(job)]
    assert {"make check", "make test", "make build"} <= set(commands)
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8").split("\nbuild:")[1].split("\n\n")[0]
    test_job = next(job for job in data["jobs"].values() if "make test" in runs(job))
    # Debian as root, where `make test` installs Debian's chromium by itself.
    assert test_job["container"].startswith("python:3.11-bookworm")
    assert data["permissions"] == {"contents": "read"}


def test_main_is_built_and_deployed_with_the_official_pages_actions():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    actions = [action.split("@")[0] for action in uses(data)]
    for official in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert official in actions
    build = data["jobs"]["build"]
    configure = next(step for step in steps(build) if step.get("uses", "").startswith("actions/configure-pages"))
    make_build = next(step for step in steps(build) if step.get("run") == "make build")
    assert make_build["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % configure["id"]
    upload = next(step for step in steps(build) if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "make check" in runs(build)


def test_mkdocs_reads_the_site_url_from_the_environment():
    assert "site_url: !ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_pre_commit_runs_the_check_and_yaml_hygiene():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    remote = next(repo for repo in config["repos"] if repo["repo"] == "https://github.com/pre-commit/pre-commit-hooks")
    assert re.fullmatch(r"v\d+\.\d+\.\d+", remote["rev"])
    assert {"check-yaml", "end-of-file-fixer", "trailing-whitespace"} <= {hook["id"] for hook in remote["hooks"]}
    local = next(repo for repo in config["repos"] if repo["repo"] == "local")
    check = next(hook for hook in local["hooks"] if hook["id"] == "check-annotations")
    assert check["entry"] == "make check" and check["pass_filenames"] is False and check["language"] == "system"
    assert re.search(check["files"], "annotations/articles/x.yml") and re.search(check["files"], "docs/articles/x.md")


def test_the_pull_request_template_has_the_checklist():
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", template, flags=re.M)
    assert len(boxes) >= 6
    for needed in ("make check", "make serve", "verdict", "source a reader can open", "invented"):
        assert any(needed in box for box in boxes), needed


CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", CONTRIBUTING, flags=re.S)


def test_contributing_covers_the_ground():
    for heading in ("## Add a context note", "## Add a fact-check", "## Choose a verdict", "## Add a glossary term",
                    "## Sources", "## Preview and check"):
        assert heading in CONTRIBUTING
    for verdict in ("accurate", "mostly-accurate", "missing-context", "misleading", "incorrect", "unverified"):
        assert f"| `{verdict}` |" in CONTRIBUTING, verdict
    assert "make serve" in CONTRIBUTING and "make check" in CONTRIBUTING


def test_contributing_examples_are_valid_and_quote_the_seed_article():
    article = normalize((ROOT / "docs" / ARTICLE).read_text(encoding="utf-8"))
    examples = [yaml.safe_load(text) for kind, text in BLOCKS if kind == "yaml" and text.startswith("  - id:")]
    annotations = [entry[0] for entry in examples if "type" in entry[0]]
    terms = [entry[0] for entry in examples if "term" in entry[0]]
    assert {a["type"] for a in annotations} == {"context", "fact-check"} and terms
    AnnotationFile.model_validate({"annotations": annotations})
    GlossaryFile.model_validate({"terms": terms})
    for annotation in annotations:
        assert normalize(annotation["quote"]) in article, annotation["quote"]


def test_contributing_shows_messages_the_check_really_prints():
    printed = {line for path in CASES.glob("*/expected.txt") for line in path.read_text(encoding="utf-8").splitlines()}
    shown = [line for kind, text in BLOCKS if not kind for line in text.splitlines() if line.startswith("annotations/articles/sample")]
    assert len(shown) >= 5
    for line in shown:
        assert line in printed, line
