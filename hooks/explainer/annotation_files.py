"""The `annotations/` folder in: the text of each annotation file, and a problem for every entry that is not one.

Annotation files come by pull request from strangers, and the build's log is
public. So an entry is read only when it is a regular file inside the site's
folder and no larger than its size limit (`size_limit`); anything else is refused by its name and
its type alone, and not one byte of it is read or shown:

- a symbolic link is followed only to a regular file inside the site's folder,
  outside any hidden folder such as .git (a link to /etc/passwd or to
  .git/config would print the build machine's files into the log); broken
  links and link loops are located problems, not tracebacks;
- FIFOs, devices, sockets, and folders named like YAML files are located
  problems, found with stat before anything is opened: reading a FIFO waits
  for a writer forever, and /dev/zero never ends;
- a file is opened with O_NOFOLLOW and O_NONBLOCK, looked at again with fstat
  in case it was swapped since, and read to that limit + 1 bytes at most;
- a page annotated by both `x.yml` and `x.yaml` keeps `x.yml`; `x.yaml` is
  refused, naming the other file.

Editors' and file managers' leftovers are skipped without a word, files and
folders alike: names that start with "." (.DS_Store, .x.yml.swp, .#x.yml,
.git), names that start and end with "#" (Emacs' auto-saves), names that end
in "~", .swp, .swo, .swx, .bak, .orig or .tmp, and Thumbs.db and desktop.ini
(letter case aside). Any other file that is not YAML is a problem.
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path

from .file_links import HIDDEN, LOOP, MISSING, OUTSIDE, follow, special_kind
from .problems import Problem
from .text_files import BYTE_ORDER_MARK, not_utf8
from .yamlsource import Document, load, over_the_size_limit, size_limit

YAML_SUFFIXES = (".yml", ".yaml")
LEFTOVER_ENDINGS = ("~", ".swp", ".swo", ".swx", ".bak", ".orig", ".tmp")
LEFTOVER_NAMES = {"thumbs.db", "desktop.ini"}  # .DS_Store starts with "."

# Opening never follows a link (the target was resolved and checked before)
# and never waits (should a FIFO take the file's place after the check).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class AnnotationFile:
    """A readable annotation file and its text."""

    relative: str  # its path under annotations/, e.g. "articles/x.yml"
    shown: str  # its path as problems name it, e.g. "annotations/articles/x.yml"
    text: str


class _Refused(Exception):
    """An entry that is not read; the message says why, and how to fix it."""


def load_documents(annotations_dir: Path, shown_as: str, site_root: Path | None = None) -> tuple[dict[str, Document], list[Problem], dict[str, str]]:
    """Every annotation file parsed, keyed by its path under `annotations_dir`; the problems of all the
    entries; and the text of each file that does not parse, by the same key."""
    files, problems = read_annotation_files(annotations_dir, shown_as, site_root)
    documents, unparsed = {}, {}
    for file in files:
        document, found = load(file.text, file.shown)
        problems += found
        if document is not None:
            documents[file.relative] = document
        else:
            unparsed[file.relative] = file.text
    return documents, problems, unparsed


def read_annotation_files(annotations_dir: Path, shown_as: str, site_root: Path | None = None) -> tuple[list[AnnotationFile], list[Problem]]:
    """The text of every annotation file under `annotations_dir` that may be read, and a problem for each entry that may not.

    Paths in problems start with `shown_as` (e.g. "annotations"). A symbolic
    link may lead anywhere inside `site_root`, the folder of the site's
    configuration; by default the folder that holds `annotations_dir`.
    """
    site_root = Path(os.path.realpath(site_root or annotations_dir.parent))
    if not os.path.lexists(annotations_dir):
        return [], []
    try:
        _check_the_folder(annotations_dir, site_root)
    except _Refused as refused:
        return [], [Problem(shown_as, 1, 1, str(refused))]
    problems: list[Problem] = []
    entries = list(_entries(annotations_dir, (), shown_as, problems))
    names = {relative for _, relative in entries}
    files = []
    for path, relative in entries:
        shown = f"{shown_as}/{relative}"
        if relative.lower().endswith(YAML_SUFFIXES) and not relative.endswith(YAML_SUFFIXES):
            lower = posixpath.basename(relative).rpartition(".")[0] + ".yml"
            problems.append(Problem(shown, 1, 1, f"the build reads only names that end in .yml, in lower case: rename this file {lower}"))
            continue
        if not relative.endswith(YAML_SUFFIXES):
            problems.append(Problem(shown, 1, 1, "only YAML files (.yml) belong in annotations/; move or remove this file"))
            continue
        twin = relative.removesuffix(".yaml") + ".yml"
        if relative.endswith(".yaml") and twin in names:
            problems.append(Problem(shown, 1, 1, f"{shown_as}/{twin} annotates the same page; a page has one annotation file: "
                                    f"move what this file holds into {posixpath.basename(twin)} and remove this one"))
            continue
        text = _read(path, shown, site_root)
        if isinstance(text, Problem):
            problems.append(text)
        else:
            files.append(AnnotationFile(relative, shown, text))
    return files, problems


def is_leftover(name: str) -> bool:
    """Whether `name` is an editor's or a file manager's leftover, which is skipped without a word."""
    folded = name.casefold()
    return (name.startswith(".") or (name.startswith("#") and name.endswith("#"))
            or folded.endswith(LEFTOVER_ENDINGS) or folded in LEFTOVER_NAMES)


def _check_the_folder(annotations_dir: Path, site_root: Path) -> None:
    """Refuse an annotations folder that is a link out of the site, or no folder at all."""
    real = Path(os.path.realpath(annotations_dir))
    if not real.is_relative_to(site_root):
        raise _Refused("this folder is a symbolic link that leads out of the site's folder, so nothing in it is read; make it a real folder")
    if not real.is_dir():
        raise _Refused("this should be the folder of the annotation files, but it is not a folder; remove it or make it one")


def _entries(folder: Path, parts: tuple[str, ...], shown_as: str, problems: list[Problem]):
    """(path, path under annotations/) of every entry to look at, in order; real folders are walked, links to folders are not."""
    try:
        with os.scandir(folder) as scan:
            found = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(Problem("/".join((shown_as, *parts)), 1, 1, f"this folder cannot be read ({_reason(error)}); make it readable"))
        return
    for entry in found:
        if is_leftover(entry.name):
            continue
        inside = (*parts, entry.name)
        # A folder named like a YAML file is an entry to refuse, not a folder to walk.
        if entry.is_dir(follow_symlinks=False) and not entry.name.endswith(YAML_SUFFIXES):
            yield from _entries(Path(entry.path), inside, shown_as, problems)
        else:
            yield Path(entry.path), "/".join(inside)


def _read(path: Path, shown: str, site_root: Path) -> str | Problem:
    """The text of the annotation file at `path`, or the problem that keeps it from being read."""
    try:
        limit = size_limit(shown)
        data = _read_regular_file(_target(path, site_root, limit), limit)
    except _Refused as refused:
        return Problem(shown, 1, 1, str(refused))
    except OSError as error:
        return Problem(shown, 1, 1, _unreadable(error))
    try:
        return data.decode("utf-8").removeprefix(BYTE_ORDER_MARK)  # some editors write one: YAML needs none
    except UnicodeDecodeError as error:
        return not_utf8(shown, error)


def _target(path: Path, site_root: Path, limit: int) -> Path:
    """`path`, or where its symbolic link leads, once known to be a regular file of a fitting size."""
    status = path.lstat()
    link = stat.S_ISLNK(status.st_mode)
    if link:
        path = _link_target(path, site_root)
        status = path.stat()
    _check_status(status, link, limit)
    return path


# Why a symbolic link is not followed, by `file_links.follow`'s answer.
_REFUSED_LINKS = {
    LOOP: "this is a symbolic link that leads back to itself (a loop), and is not read; replace it with the file itself",
    MISSING: "this is a symbolic link to a file that does not exist; replace it with the file itself, or remove it",
    OUTSIDE: "this is a symbolic link to a file outside the site's folder, which is not read; replace the link with the file itself",
    HIDDEN: "this is a symbolic link into a hidden file or folder (such as .git), which is not read; replace the link with the file itself",
}


def _link_target(link: Path, site_root: Path) -> Path:
    """Where `link` leads, if that is inside the site's folder and outside its hidden folders."""
    target, refused = follow(link, site_root)
    if refused:
        raise _Refused(_REFUSED_LINKS[refused])
    return target


def _check_status(status: os.stat_result, link: bool, limit: int) -> None:
    """Refuse what is not a regular file, or is too large, from its status alone."""
    if not stat.S_ISREG(status.st_mode):
        kind, fix = _kind(status.st_mode)
        what = f"a symbolic link to {kind}" if link else kind
        raise _Refused(f"this is {what}, not a regular file, and is not read; {fix}")
    if status.st_size > limit:
        raise _Refused(over_the_size_limit(status.st_size, limit))


def _kind(mode: int) -> tuple[str, str]:
    """What a file that is not a regular file is, and what to do about it."""
    if stat.S_ISDIR(mode):
        return "a folder", "rename it: only annotation files are named .yml"
    return special_kind(mode), "remove it"


def _read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file at `path`, checked again once open."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        _check_status(status, False, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    if size > limit:  # it grew since it was measured
        raise _Refused(over_the_size_limit(max(size, status.st_size), limit))
    return b"".join(chunks)


def _unreadable(error: OSError) -> str:
    # error.strerror, never str(error), which names the file a link leads to.
    if isinstance(error, PermissionError):
        return "this file cannot be read: permission denied; make it readable (chmod a+r)"
    return f"this file cannot be read ({_reason(error)}); check it is a plain file you can open"


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
