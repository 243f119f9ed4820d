"""The HTML snippets the build adds to pages, as Jinja templates beside this file."""

from __future__ import annotations

import datetime
from pathlib import Path

import jinja2


def environment() -> jinja2.Environment:
    """A fresh environment; autoescaping is on, so only sanitized HTML is marked safe."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        # One environment per build: a template cannot change during it, so
        # never look at the file again (Jinja would, at every include).
        auto_reload=False,
        bytecode_cache=_compiled_templates(),
    )
    env.filters["long_date"] = long_date
    return env


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, kept between builds (in a folder of the temporary directory
    that only this user may use; a template's entry is used only while its source is unchanged):
    compiling them takes 30 ms of every build. None where that folder cannot be had."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def long_date(day: datetime.date) -> str:
    """A date as readers write it, the same in every locale: "21 August 2025"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
