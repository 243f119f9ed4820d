"""The site's own folders (the pages' and the theme's): which of their entries the generator may read.

MkDocs follows symbolic links in the pages' folder and copies whatever they lead
to into the site. A pull request could add `docs/x.txt` linking to
`../.git/config` (where actions/checkout keeps the job's token) or to
`/etc/passwd`, and the deploy would publish it; a link to `/dev/zero` would fill
the disk, a FIFO would hang the copy, a broken link would end in a traceback,
and a link to `/` or to a folder that holds it would have MkDocs walk the
whole disk or go round in circles. Annotation files have the same rules
(`annotation_files.py`); here they apply to everything MkDocs lists. Two
more: a name with a line break, which MkDocs prints as it is into a public
log, and an HTML or SVG file that could run script once a reader opens it
on the site's address, which MkDocs publishes as it is.

`scan` looks at a folder without following anything out of bounds, and says
which entries to leave out and whether the listing itself must not happen.
"""

from __future__ import annotations

import html
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .file_links import HIDDEN, LOOP, MISSING, OUTSIDE, follow, special_kind
from .problems import Problem, visible


@dataclass
class FolderScan:
    # False for a theme's folder: its templates are read by name, whatever the list of files says.
    can_leave_out: bool = True
    problems: list[Problem] = field(default_factory=list)
    left_out: set[str] = field(default_factory=set)  # files, as the generator's walk names them: neither read nor copied
    # A folder link the generator's walk would follow out of the site, into a hidden folder or round a
    # loop (or any refused entry, where none can be left out): the build stops before it lists anything.
    walk_unsafe: bool = False


def is_left_out(path: str | None, left_out: set[str]) -> bool:
    """Whether the file the generator lists at `path` is one of `left_out` (`FolderScan.left_out`)."""
    return bool(path) and os.path.normpath(os.path.abspath(path)) in left_out


def shown_as(folder: Path, site_root: Path) -> str:
    """A folder as problems name it: relative to the site's folder ("docs"), where it is inside it."""
    folder, site_root = Path(os.path.realpath(folder)), Path(os.path.realpath(site_root))
    return folder.relative_to(site_root).as_posix() if folder.is_relative_to(site_root) else str(folder)


def scan(folder: Path, shown: str, site_root: Path, *, can_leave_out: bool = True) -> FolderScan:
    """Every entry of `folder` (named `shown` in messages, e.g. "docs") that is not a regular file or a
    folder inside `site_root`, outside its hidden folders, with a printable name and, for an HTML or SVG
    file, nothing that runs. A folder link inside those bounds is looked into, as MkDocs would; nothing
    outside them is opened. `can_leave_out`: see `FolderScan`."""
    found = FolderScan(can_leave_out)
    site_root = Path(os.path.realpath(site_root))
    real = Path(os.path.realpath(folder))
    if not real.is_relative_to(site_root):
        found.problems.append(Problem(shown, 1, 1, "this folder leads out of the site's folder (a symbolic link), and nothing "
                                                   "in it is published; make it a real folder"))
        found.walk_unsafe = True
        return found
    _scan_folder(folder, shown, site_root, [real], found)
    return found


def _scan_folder(folder: Path, shown: str, site_root: Path, holding: list[Path], found: FolderScan,
                 renamed: bool = False) -> None:
    """`holding`: the real paths of the folders that hold this one, itself included (a link to one
    of them, or to a folder above, is a loop). `renamed`: a folder above has a name that cannot be
    printed, so every file in this one is left out too."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return  # a folder MkDocs cannot list either; it says so itself
    for entry in entries:
        path, named = Path(entry.path), f"{shown}/{visible(entry.name)}"
        unprintable = visible(entry.name) != entry.name
        if unprintable and not renamed:  # said once, for the outermost; what it holds goes with it
            _leave_out(found, path, named, f"this {'folder' if entry.is_dir() else 'file'}'s name holds a line break or "
                                           "another control character (written here as an escape), which would put "
                                           "lines of its own in the build's log", "rename it")
        if entry.is_symlink():
            _scan_link(path, named, site_root, holding, found, renamed or unprintable)
        elif entry.is_dir(follow_symlinks=False):
            _scan_folder(path, named, site_root, [*holding, Path(os.path.realpath(path))], found, renamed or unprintable)
        elif renamed or unprintable:
            found.left_out.add(os.path.normpath(path))
        elif not entry.is_file(follow_symlinks=False):
            _leave_out(found, path, named, f"this is {special_kind(entry.stat(follow_symlinks=False).st_mode)}, not a regular "
                                             "file, which MkDocs cannot publish", "remove it")
        elif found.can_leave_out:
            _check_document(path, path, named, found)


def _scan_link(link: Path, named: str, site_root: Path, holding: list[Path], found: FolderScan, renamed: bool) -> None:
    try:
        target, refused = follow(link, site_root)
    except OSError:  # a folder on the way that cannot be read: the link cannot be followed either
        target, refused = None, MISSING
    if target is None:
        what = "a symbolic link that leads back to itself (a loop)" if refused == LOOP else "a symbolic link to a file that does not exist"
        _leave_out(found, link, named, f"this is {what}", "replace it with the file itself, or remove it")
        return
    is_folder = target.is_dir()
    what, replace = ("a folder", "replace the link with the folder itself, or remove it") if is_folder else \
                    ("a file", "replace the link with the file itself, or remove it")
    if refused == OUTSIDE:
        problem = f"this is a symbolic link to {what} outside the site's folder, whose content MkDocs would publish"
    elif refused == HIDDEN:
        problem = "this is a symbolic link into a hidden file or folder (such as .git), whose content MkDocs would publish"
    elif is_folder and any(held.is_relative_to(target) for held in holding):
        problem, replace = "this is a symbolic link to a folder that holds it, which MkDocs would walk round and round", "remove the link"
    elif is_folder:
        _scan_folder(link, named, site_root, [*holding, target], found, renamed)
        return
    elif not stat.S_ISREG(target.stat().st_mode):
        problem = f"this is a symbolic link to {special_kind(target.stat().st_mode)}, which MkDocs cannot publish"
    else:
        if renamed:
            found.left_out.add(os.path.normpath(link))
        elif found.can_leave_out:
            _check_document(link, target, named, found)
        return
    if is_folder:
        found.problems.append(Problem(named, 1, 1, f"{problem}; the build stops before MkDocs lists the pages: {replace}"))
        found.walk_unsafe = True
    else:
        _leave_out(found, link, named, problem, replace)


# Files a browser opens as a document, and runs script in, when a reader follows a link to them on the site.
DOCUMENTS = {".htm", ".html", ".mht", ".mhtml", ".shtml", ".svg", ".xht", ".xhtml", ".xml", ".xsl", ".xslt"}
MAX_DOCUMENT = 2 * 1024 * 1024  # bytes read to check one
_ACTIVE_MARKUP = re.compile(rb"<(script|iframe|frame|embed|object|applet|base|meta|form|!entity|\?xml-stylesheet)\b"
                            rb"|[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
# In an attribute's value, which character references, tabs and line breaks may spell out.
_ACTIVE_ADDRESS = re.compile(r"(javascript|vbscript)\s*:|(data)\s*:\s*text", re.IGNORECASE)


def _check_document(path: Path, target: Path, named: str, found: FolderScan) -> None:
    """An HTML or SVG file MkDocs would publish as it is: left out if it could run script once opened."""
    if os.path.splitext(path.name)[1].lower() not in DOCUMENTS:
        return
    with open(target, "rb") as document:
        head = document.read(MAX_DOCUMENT + 1)
    if len(head) > MAX_DOCUMENT:
        _leave_out(found, path, named, f"this file is opened by browsers as a document, and is over {MAX_DOCUMENT // 1048576} "
                                       "MiB, too large to check for script", "make it smaller, or remove it")
        return
    markup = _ACTIVE_MARKUP.search(head)
    if b"\x00" in head:  # UTF-16 or UTF-32, which a browser reads and these patterns do not
        holds = "bytes of a text encoding other than UTF-8, which cannot be checked for script"
    elif markup and markup.group(1):
        name = markup.group(1).decode("ascii").lower()
        holds = ("an entity declaration, which can spell out script where it cannot be checked" if name == "!entity"
                 else f"<{name}>, which could run script on the site's address")
    elif markup:
        holds = f"the event handler {markup.group(2).decode('ascii').lower()}=, which runs script on the site's address"
    else:
        address = _ACTIVE_ADDRESS.search(re.sub(r"[\t\n\r]", "", html.unescape(head.decode("utf-8", "replace"))))
        if address is None:
            return
        holds = f"a {(address.group(1) or address.group(2)).lower()}: address, which runs script on the site's address"
    _leave_out(found, path, named, f"this file is opened by browsers as a document, and holds {holds}",
               "remove that from it, or remove the file")


def _leave_out(found: FolderScan, path: Path, named: str, problem: str, fix: str) -> None:
    if found.can_leave_out:
        found.problems.append(Problem(named, 1, 1, f"{problem}; it is left out of the site: {fix}"))
        found.left_out.add(os.path.normpath(path))
    else:
        found.problems.append(Problem(named, 1, 1, f"{problem}; the build stops, since the theme reads its files by "
                                                   f"name: {fix}"))
        found.walk_unsafe = True
