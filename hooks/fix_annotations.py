"""Rewrite the quotes that drifted, in place, to the article's text as it now stands.

    make fix                                     # or:
    .venv/bin/python hooks/fix_annotations.py [-f mkdocs.yml]

A third adapter beside `annotate.py` and `check_annotations.py`. It runs the
same core as the check; for every note the build placed on the passage its
quote has become (a drift: a typo fixed, a word changed, a paragraph moved), it
writes the new `quote`, `prefix` and `suffix` into the annotation file, where
they stand, in the quoting each needs (`explainer/yamledit.py`): comments,
order, quoting and every other byte of the file stay as they were.

It never touches an orphan (a note whose quote is gone, or whose closest
passage is too far off, a look-alike, or has other figures): those are listed,
to be fixed by hand. Run twice, it changes nothing the second time.

Exit status: 0 when nothing is left to fix by hand, 1 when orphans are left (or
a file could not be rewritten), 2 when it could not run (the reason is printed;
never a traceback).
"""

from __future__ import annotations

import argparse
import codecs
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from check_annotations import ANNOTATIONS, CANNOT_RUN, OK, PROBLEMS, CannotRun, MkDocsSite, _count, _describe, _mkdocs_log, check_annotations
from explainer.annotation_files import read_annotation_files
from explainer.drift import DRIFTED, FIELDS, Rewrite
from explainer.problems import Problem, shorten
from explainer.yamledit import CannotRewrite, rewrite
from explainer.yamlsource import load


@dataclass
class Fixed:
    """What one run of the fix did, and what it left."""

    rewritten: list[Problem] = field(default_factory=list)  # one line for each note rewritten, at its quote
    files: list[str] = field(default_factory=list)  # the files written
    orphans: list[Problem] = field(default_factory=list)  # left as they are: to fix by hand
    failures: list[Problem] = field(default_factory=list)  # files that could not be rewritten, and why
    other_problems: int = 0  # problems that are neither drift nor orphans: `make check` lists them


def fix(config_file: Path) -> Fixed:
    """Check the site of `config_file` and write back the quote, prefix and suffix of every drifted note."""
    with _mkdocs_log():
        site = MkDocsSite.load(config_file)
        before = _texts(site.root)
        report = check_annotations(site.root, site.pages, site.render, site.settings, site.docs_shown)
    done = Fixed(orphans=sorted(report.orphans))
    drifted = {problem for problem in report.problems if problem.message.startswith(DRIFTED)}
    done.other_problems = len(set(report.problems) - drifted - set(report.orphans))
    by_file: dict[str, list[Rewrite]] = {}
    for item in report.rewrites:
        by_file.setdefault(item.path, []).append(item)
    now = _texts(site.root)
    for shown, rewrites in sorted(by_file.items()):
        text = before.get(shown)
        if text is None or now.get(shown) != text:
            done.failures.append(Problem(shown, 1, 1, "this file changed while the fix ran; run `make fix` again"))
            continue
        try:
            lines = _rewrite_file(site.root, shown, text, rewrites)
        except (CannotRewrite, OSError) as error:
            done.failures.append(Problem(shown, 1, 1, f"this file was left as it was: {_reason(error)}; "
                                         "fix its drifted quotes by hand (`make check` shows them)"))
            continue
        done.rewritten += lines
        done.files.append(shown)
    return done


def _texts(root: Path) -> dict[str, str]:
    """Every readable annotation file's text, by the path problems give it."""
    files, _ = read_annotation_files(root / ANNOTATIONS, ANNOTATIONS, root)
    return {file.shown: file.text for file in files}


def _rewrite_file(root: Path, shown: str, text: str, rewrites: list[Rewrite]) -> list[Problem]:
    document, problems = load(text, shown)
    if document is None:
        raise CannotRewrite("it no longer loads")
    values = {item.at + (name,): value for item in rewrites for name, value in item.fields.items()}
    written = rewrite(text, document, values)
    lines = []
    for item in sorted(rewrites, key=lambda item: document.where(item.at + ("quote",))):
        line, col = document.where(item.at + ("quote",))
        new = "; ".join(f'{name} "{shorten(item.fields[name], 80)}"' for name in FIELDS if name in item.fields)
        lines.append(Problem(shown, line, col, f"rewrote '{item.id}' to the page's text: {new} "
                                               f"(confidence {int(item.confidence * 100) / 100:.2f})"))
    if written != text:
        _replace(root / shown, root, text, written)
    return lines


def _replace(path: Path, root: Path, expected: str, written: str) -> None:
    """Write `written` over the file at `path` in one step (a new file renamed over it), if it
    still holds `expected`; a link inside the site is written through, the file it leads to replaced."""
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(Path(os.path.realpath(root))):
        raise CannotRewrite("it leads out of the site's folder")
    current = target.read_bytes()
    mark = codecs.BOM_UTF8 if current.startswith(codecs.BOM_UTF8) else b""  # read without it; written back with it
    if current != mark + expected.encode("utf-8"):
        raise CannotRewrite("it changed while the fix ran; run `make fix` again")
    mode = stat.S_IMODE(target.stat().st_mode)
    # A name starting with "." is skipped by the build, should the rename never happen.
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".fix", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(mark + written.encode("utf-8"))
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _reason(error: Exception) -> str:
    return str(error) if isinstance(error, CannotRewrite) else (getattr(error, "strerror", "") or type(error).__name__)


def main(argv: list[str] | None = None) -> int:
    """The command line: rewrite, list what is left, return the exit status."""
    parser = argparse.ArgumentParser(prog="fix_annotations", description="Rewrite the quotes that drifted to the article's text as it now stands.")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path, help="the MkDocs configuration (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        done = fix(args.config_file)
    except CannotRun as error:
        print(error, file=sys.stderr)
        return CANNOT_RUN
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback in front of a contributor
        print(f"{args.config_file}: the fix stopped on an unexpected error ({_describe(error)}), and wrote nothing more. "
              "This is a fault in the fixer, not in your files: please open an issue with this line.", file=sys.stderr)
        return CANNOT_RUN
    for line in done.rewritten + done.failures:
        print(line)
    if done.orphans:
        print(f"Left as they are, to fix by hand ({_count(len(done.orphans), 'note')}: the quote is gone, "
              "or no passage is clearly the one it has become):")
        for orphan in done.orphans:
            print(orphan)
    summary = (f"Rewrote {_count(len(done.rewritten), 'drifted note')} in {_count(len(done.files), 'file')}"
               if done.rewritten else "No quote has drifted: nothing to rewrite")
    others = f"; {_count(done.other_problems, 'other problem')}: `make check` lists them" if done.other_problems else ""
    print(f"{summary}{others}.", file=sys.stderr)
    return PROBLEMS if done.orphans or done.failures else OK


if __name__ == "__main__":
    sys.exit(main())
