"""The site's options for the hooks: `extra.explainer:` in mkdocs.yml, declared once.

    extra:
      explainer:
        glossary_every_occurrence: false   # link every occurrence of a term, not just the first on a page
        verdict_scale: about.md#the-verdict-scale   # the page that explains the verdicts, if any
        contact: corrections@example.org   # where readers without a GitHub account can write

The same pydantic declaration gives the defaults, validates what a
maintainer wrote (a misspelt option is an error naming the closest one), and
documents the options. The core names no site-specific page: it receives them
from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .problems import did_you_mean


class ExplainerOptions(BaseModel):
    """`extra.explainer:` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    glossary_every_occurrence: bool = Field(
        False, description="Link every occurrence of a glossary term, not just the first on each page.")
    verdict_scale: str | None = Field(
        None, description="The page (and anchor) that explains the verdict scale, e.g. about.md#the-verdict-scale.")
    contact: Annotated[str, StringConstraints(pattern=r"^([^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+|https?://[^\s<>\"]+)$")] | None = Field(
        None, description="An e-mail or web address where readers without a GitHub account can report an error.")


# Options of the first release that now live under extra.explainer.
_MOVED = {"glossary_every_occurrence"}


class OptionsError(Exception):
    """What is wrong with `extra.explainer`, in one line per mistake."""


@dataclass
class Settings:
    """What the core needs to know of the site; the adapter fills it from the generator's configuration."""

    site_name: str = "Annotated Explainers"
    site_url: str = ""
    use_directory_urls: bool = True
    docs: str = "docs"  # the pages' folder, as messages name it
    repo_url: str = ""  # the site's repository, where readers report errors; "" leaves the links out
    options: ExplainerOptions = field(default_factory=ExplainerOptions)


def read_options(extra: dict[str, Any], config_text: str = "", config_path: str = "mkdocs.yml") -> ExplainerOptions:
    """The options in MkDocs' `extra` mapping; `OptionsError` says what is wrong and where."""
    moved = sorted(_MOVED & set(extra))
    if moved:
        raise OptionsError("; ".join(f"{_where(config_text, config_path, key)}: extra.{key} has moved: write it under "
                                     f"`extra:` as `explainer:` then `{key}: ...`" for key in moved))
    given = extra.get("explainer") or {}
    if not isinstance(given, dict):
        raise OptionsError(f"{_where(config_text, config_path, 'explainer')}: extra.explainer must be a mapping of options")
    try:
        return ExplainerOptions.model_validate(given)
    except ValidationError as error:
        raise OptionsError("; ".join(_message(err, config_text, config_path) for err in error.errors())) from None


def _message(err: dict, config_text: str, config_path: str) -> str:
    name = str(err["loc"][0]) if err["loc"] else "explainer"
    where = _where(config_text, config_path, name)
    if err["type"] == "extra_forbidden":
        known = ", ".join(ExplainerOptions.model_fields)
        return f"{where}: extra.explainer.{name} is not an option{did_you_mean(name, ExplainerOptions.model_fields)} (the options are {known})"
    return f"{where}: extra.explainer.{name}: {err['msg'].lower()} (got {err.get('input')!r})"


def _where(config_text: str, config_path: str, key: str) -> str:
    """`mkdocs.yml:LINE:COL` of the first line that sets `key`, else the file alone."""
    match = re.search(rf"^([ \t]*){re.escape(key)}[ \t]*:", config_text, re.MULTILINE)
    if not match:
        return config_path
    line = config_text.count("\n", 0, match.start()) + 1
    return f"{config_path}:{line}:{len(match.group(1)) + 1}"
