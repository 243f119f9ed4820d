"""The indexer's process: started with allocator options it understands, and which a maintainer can override."""

from __future__ import annotations

import subprocess

from explainer.pagefind_process import ALLOCATOR_OPTIONS, _indexer_environment, pagefind_executable


def test_the_indexer_gets_the_allocator_options_unless_they_are_set():
    name, value = ALLOCATOR_OPTIONS
    assert _indexer_environment({"PATH": "/usr/bin"}) == {"PATH": "/usr/bin", name: value}
    assert _indexer_environment({name: "narenas:1"})[name] == "narenas:1"


def test_the_pinned_indexer_accepts_the_allocator_options():
    # Its allocator says "Invalid conf pair" on stderr, and carries on, for an option it does not know:
    # this fails if an upgrade of Pagefind renames the option, rather than losing the gain unseen.
    ran = subprocess.run([str(pagefind_executable()), "--version"], capture_output=True, text=True, timeout=30,
                         env=_indexer_environment({}))
    assert ran.returncode == 0 and ran.stdout.startswith("pagefind ")
    assert ran.stderr == ""
    bogus = subprocess.run([str(pagefind_executable()), "--version"], capture_output=True, text=True, timeout=30,
                           env={ALLOCATOR_OPTIONS[0]: "no_such_option:1"})
    assert "Invalid conf pair" in bogus.stderr  # the check above can see a complaint
