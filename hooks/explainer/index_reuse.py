"""The search index written over the last build's, changing only what changed.

MkDocs empties the site folder before every build, and the index is thousands
of small files (one for each page, note and term). On ext4, creating a file
where thousands were just deleted costs about thirty times as much as
rewriting one that exists: the file system scans past every recently freed
inode. So the last index is kept, and the new one written over it: a file
already there with the same bytes is left as it is, a changed one rewritten,
a new one created, and one the new index does not have removed.

Which files are already there with the same bytes is known without reading
them: the folder keeps a list of what the last build wrote into it (`MANIFEST`,
each file's digest), and one listing of the folder says which of them are
still there. Reading each file back took seconds at a thousand articles, in a
thread whose every small read waited for the build's own thread to let it run.

MkDocs leaves hidden entries alone when it empties the site folder: the last
index waits under a hidden name (`set_aside`) until this build's is written
(`take_back`, then `write_bundle`), or is dropped (`drop_set_aside`). A build
into a new folder (a deploy from a fresh clone) finds nothing to keep. The
manifest is a hidden file too, which the Pages artifact leaves out.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

SET_ASIDE = ".pagefind-last-build"
MANIFEST = ".written.json"  # in the index folder: {path within it: digest of what was written there}


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
    """Write `files` ((path within it, content)) into `index_folder`, leaving those the last build wrote
    there with the same bytes as they are and, if `prune` (the folder is the last build's index), removing
    all else; how many were written."""
    files_there, folders_there = _listing(index_folder) if prune else ({}, [])
    last = _read_manifest(index_folder) if prune else {}
    wanted: dict[str, str] = {}
    written = 0
    for name, content in files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"the index names a file outside its folder: {name!r}")
        if name == MANIFEST:
            raise ValueError(f"the index names a file that is the build's own: {name!r}")
        key = relative.as_posix()
        wanted[key] = hashlib.blake2b(content, digest_size=16).hexdigest()
        if files_there.get(key) and last.get(key) == wanted[key]:
            continue  # a regular file, as the last build wrote it
        path = index_folder.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_dir():
            _remove(path)
        path.write_bytes(content)
        written += 1
    if prune:
        for key in files_there.keys() - wanted.keys():
            (index_folder / key).unlink()
        for folder in sorted(folders_there, key=lambda path: len(path.parts), reverse=True):  # the deepest first
            if not any(folder.iterdir()):
                folder.rmdir()
    (index_folder / MANIFEST).write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")
    return written


def _listing(folder: Path) -> tuple[dict[str, bool], list[Path]]:
    """What `folder` holds, from one listing of each folder in it: its files (and links) by path within
    it, each with whether it is a regular file, and its folders."""
    files: dict[str, bool] = {}
    folders: list[Path] = []
    pending = [("", folder)]
    while pending:
        prefix, current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
                pending.append((f"{prefix}{entry.name}/", Path(entry.path)))
            elif prefix or entry.name != MANIFEST:
                files[prefix + entry.name] = entry.is_file(follow_symlinks=False)
    return files, folders


def _read_manifest(folder: Path) -> dict[str, str]:
    """What the last build wrote into `folder`; nothing (so everything is written again) if unreadable."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
