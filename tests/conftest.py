"""Shared fixtures: real builds of real sites in temporary folders."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers import MINIMAL_CONFIG, ROOT, BuiltSite, mkdocs_build, write_file


# Property-based tests: a small profile in `make test`, 10,000 examples each in
# `make test-properties` (HYPOTHESIS_PROFILE=thorough). No example database:
# runs are reproducible from the seed hypothesis prints on a failure.
settings.register_profile("default", max_examples=100, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=10_000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# A test that hangs (a browser that stops answering input, say) would hold CI
# until CI's own limit, with nothing to show. pytest prints every thread's
# stack past `faulthandler_timeout` (pyproject.toml); a little later the run
# ends, failed. The slowest test takes about a minute; `make test-properties`
# runs longer ones, without the limit.
TEST_TIME_LIMIT = 630


@pytest.fixture(autouse=True)
def time_limit():
    if os.environ.get("HYPOTHESIS_PROFILE") == "thorough":
        yield
        return
    ending = threading.Timer(TEST_TIME_LIMIT, os._exit, args=(1,))
    ending.daemon = True
    ending.start()
    yield
    ending.cancel()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The repository's own site, built once per test session."""
    site = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    assert site.returncode == 0, site.log
    return site


@pytest.fixture
def make_project(tmp_path):
    """A small site of our own: `make_project(pages={...}, annotations={...}, glossary=...)`.

    It uses this repository's hooks and theme overrides; pages and annotation
    files are given as text, keyed by their path under docs/ and annotations/.
    """

    def make(pages: dict[str, str], annotations: dict[str, str] | None = None, glossary: str | None = None) -> Path:
        project = tmp_path / "project"
        shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "overrides", project / "overrides")
        (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
        for path, text in pages.items():
            write_file(project / "docs" / path, text)
        for path, text in (annotations or {}).items():
            write_file(project / "annotations" / path, text)
        if glossary is not None:
            write_file(project / "annotations" / "glossary.yml", glossary)
        (project / "annotations").mkdir(exist_ok=True)
        return project

    return make
