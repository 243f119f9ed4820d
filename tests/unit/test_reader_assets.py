"""The site's own CSS and JavaScript stay light: under 13 KiB together, gzipped at level 9,
in one stylesheet and one script (a search engine's files, loaded on a first search, aside)."""

from __future__ import annotations

import gzip

import yaml

from helpers import ROOT

BOUND = 13 * 1024
ASSETS = ROOT / "docs" / "assets"


def test_the_sites_own_css_and_javascript_are_under_13_kib_gzipped():
    sizes = {name: len(gzip.compress((ASSETS / name).read_bytes(), 9)) for name in ("explainer.css", "explainer.js")}
    assert sum(sizes.values()) < BOUND, f"{sizes}: {sum(sizes.values())} bytes, the bound is {BOUND}"


def test_one_stylesheet_and_one_script_of_our_own():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["extra_css"] == ["assets/explainer.css"]
    assert config["extra_javascript"] == ["assets/explainer.js"]
