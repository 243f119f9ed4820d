"""The pins: `constraints.txt` holds every package the requirements pull in, at the
version this environment runs, and agrees with the pins of requirements*.txt.

`make` installs with `-c constraints.txt`, so a fresh machine gets these
versions; a requirement changed without `make lock` fails here rather than
installing whatever is newest that day.
"""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers import ROOT

_PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def pins(file_name: str) -> dict[str, str]:
    """name -> version of each `name==version` line of a requirements file (comments and `-r` lines aside)."""
    found = {}
    for line in (ROOT / file_name).read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def wanted_by(names: set[str]) -> set[str]:
    """The installed distributions `names` need, themselves included, following each one's
    requirements whose markers hold here (no extras but those asked for)."""
    needed, pending = set(), [(name, frozenset()) for name in names]
    while pending:
        name, extras = pending.pop()
        if (name, extras) in needed:
            continue
        needed.add((name, extras))
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras | {""}):
                pending.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    return {name for name, _ in needed}


def test_the_requirements_pins_agree_with_the_constraints():
    constraints = pins("constraints.txt")
    for file_name in ("requirements.txt", "requirements-dev.txt"):
        for name, version in pins(file_name).items():
            assert constraints.get(name) == version, f"{file_name} pins {name}=={version}; run `make lock`"


def test_every_package_the_requirements_pull_in_is_pinned_at_the_version_installed():
    constraints = pins("constraints.txt")
    asked = set(pins("requirements.txt")) | set(pins("requirements-dev.txt"))
    needed = wanted_by(asked)
    assert len(needed) > len(asked)  # the requirements' own dependencies are followed
    for name in sorted(needed):
        installed = metadata.version(name)
        assert constraints.get(name) == installed, f"{name} {installed} is installed but constraints.txt pins {constraints.get(name)}; run `make lock`"
