"""Where a symbolic link leads, and what a file that is not a regular file is: the rules that annotation
files (`annotation_files.py`) and the pages' and theme's folders (`site_files.py`) share; each words
its own message, since one is read and the other published."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

LOOP, MISSING, OUTSIDE, HIDDEN = "loop", "missing", "outside", "hidden"


def follow(link: Path, site_root: Path) -> tuple[Path | None, str]:
    """Where `link` leads, and "" if that is inside `site_root` (a real path) and outside its hidden
    folders; else why not: LOOP or MISSING (with no path), OUTSIDE or HIDDEN (with the path)."""
    try:
        # Not Path.resolve: for a loop, Python 3.11 raises a RuntimeError that names the path.
        target = Path(os.path.realpath(link, strict=True))
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, LOOP
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, MISSING
        raise
    if not target.is_relative_to(site_root):
        return target, OUTSIDE
    if any(part.startswith(".") for part in target.relative_to(site_root).parts):
        return target, HIDDEN
    return target, ""


def special_kind(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
