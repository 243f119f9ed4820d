"""The search index written over the last build's, changing only what changed.

MkDocs empties the site folder before every build, and the index is thousands
of small files (one for each page, note and term). On ext4, creating a file
where thousands were just deleted costs about thirty times as much as
rewriting one that exists: the file system scans past every recently freed
inode. So the last index is kept, and the new one written over it: a file
already there with the same bytes is left as it is, a changed one rewritten,
a new one created, and one the new index does not have removed.

MkDocs leaves hidden entries alone when it empties the site folder: the last
index waits under a hidden name (`set_aside`) until this build's is written
(`take_back`, then `write_bundle`), or is dropped (`drop_set_aside`). A build
into a new folder (a deploy from a fresh clone) finds nothing to keep.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

SET_ASIDE = ".pagefind-last-build"


def set_aside(index_folder: Path) -> None:
    """Before MkDocs empties the site folder, move the last index out of its way (an index set aside
    by a build that then failed stays aside, if there is no newer one)."""
    if index_folder.is_dir() and not index_folder.is_symlink():
        drop_set_aside(index_folder)
        index_folder.rename(index_folder.with_name(SET_ASIDE))


def take_back(index_folder: Path) -> bool:
    """Put the last index where this one is about to be written, if nothing took its place meanwhile;
    whether it did (and so whether what this index does not have is the last one's, to be removed)."""
    kept = index_folder.with_name(SET_ASIDE)
    taken = kept.is_dir() and not index_folder.exists()
    if taken:
        kept.rename(index_folder)
    drop_set_aside(index_folder)
    return taken


def drop_set_aside(index_folder: Path) -> None:
    """Nothing of the last index stays in the site folder under its hidden name."""
    shutil.rmtree(index_folder.with_name(SET_ASIDE), ignore_errors=True)


def write_bundle(index_folder: Path, files: Iterable[tuple[str, bytes]], *, prune: bool) -> int:
    """Write `files` ((path within it, content)) into `index_folder`, leaving those already there with
    the same bytes as they are and, if `prune`, removing all else; how many were written."""
    wanted: set[Path] = set()
    written = 0
    for name, content in files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"the index names a file outside its folder: {name!r}")
        path = index_folder.joinpath(*relative.parts)
        wanted.add(path)
        if path.is_file() and not path.is_symlink() and path.stat().st_size == len(content) and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_dir():
            _remove(path)
        path.write_bytes(content)
        written += 1
    if not prune:
        return written
    for path in sorted(index_folder.rglob("*"), reverse=True):  # a folder's files before the folder
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path not in wanted:
            path.unlink()
    return written


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
