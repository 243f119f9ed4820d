"""Git history in, dates and verdict timelines out; and the check that nothing published changed silently.

Two readers, both run once per build or check, never per page:

- `read_history(repo_root, annotations_dir, base)` walks the base branch's
  first-parent line and returns a `History`: for each annotation file (keyed
  by its path under `annotations/`, renames followed) the dates of its first
  and last commits, and for each note and glossary term when it was added,
  when it last changed and, for fact-checks, every verdict and claim it has
  had. Without usable history (a tarball, a shallow clone, no git, an unknown
  base) it returns `History.unavailable(reason)`, whose lookups all answer
  None, with one sentence for the adapter to log once at info level.
- `compare_with_base(repo_root, annotations_dir, base)` reads the base
  version of every annotation file and reports, through `silent_changes`,
  any published fact-check whose verdict or claim changed without a new
  `corrections` entry, or that disappeared without a `retired` entry.

How history is read, and why:

- Only the first-parent line counts: "published" means on the base branch,
  so commits made inside a pull request never appear; their merge is the
  change (`--diff-merges=first-parent` diffs a merge against the branch it
  landed on).
- A version's date is its commit's committer date, in UTC, as a day. On the
  first-parent line that is when the change reached the base branch: the
  merge commit's own date, or the date GitHub's squash and rebase merges
  stamp. (A local fast-forward keeps the date the commit was made.) The
  date is the commit's, never the build's, so two builds of the same
  commit are identical.
- One `git log` lists every version of every file; one `git cat-file
  --batch` process reads them all. Versions are parsed with the build's
  loader (`yamlsource.load`), each distinct note once (see
  `VersionReader`); a version that does not parse is skipped, and the
  file's history goes on from the one before it. On a repository of 1,000
  commits (20 files of up to 60 KB, 2,019 versions) reading history takes
  0.9 s of CPU (0.7 s parsing, 0.2 s git), against 6 s parsing each
  version whole.
- A note "changes" when any of its fields other than `quote`, `prefix` and
  `suffix` changes: re-anchoring a passage is not news to a reader, a new
  correction is.
- The working tree's uncommitted changes are not history: a note that is
  not yet on the base branch has no dates.

The check compares the working tree with the commit it grew from on the
base branch (their merge base), not with the base's tip, so that what was
published after a pull request began is not taken for its doing; a file
that is gone is matched to its new name by the fact-check ids they share,
which also works before the renamed file is added to git.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from .annotation_files import read_annotation_files
from .problems import Problem
from .validation import validate_annotations
from .yamlsource import Document, load, size_limit

GIT_TIMEOUT = 120  # seconds for one git command; a log of 1,000 commits takes well under one
ANCHOR_FIELDS = frozenset({"quote", "prefix", "suffix"})  # where a note sits, not what it says
YAML_SUFFIXES = (".yml", ".yaml")
GLOSSARY_FILE = "glossary.yml"  # as in catalog.py, which imports the models this module stays clear of


# ---------------------------------------------------------------- what the build reads


@dataclass(frozen=True)
class VerdictChange:
    """A verdict a fact-check has had, and the day it reached the base branch."""

    verdict: str
    since: date


@dataclass(frozen=True)
class ClaimChange:
    """A claim a fact-check has rated, and the day it reached the base branch."""

    claim: str
    since: date


@dataclass
class NoteHistory:
    """When one note (or glossary term) was added and changed, as the base branch saw it.

    `changed` is None while the note is as it was added (its anchor aside);
    `removed` is the day it left its file, None while it is there.
    `verdicts` and `claims` list every value a fact-check has had, oldest
    first, the last one current; both are empty for context notes and terms.
    """

    id: str
    added: date
    changed: date | None = None
    removed: date | None = None
    verdicts: list[VerdictChange] = field(default_factory=list)
    claims: list[ClaimChange] = field(default_factory=list)


@dataclass
class FileHistory:
    """One annotation file's history, under its current path."""

    path: str  # under annotations/, e.g. "articles/x.yml"
    first_commit: date  # the default for the article's `published`
    last_commit: date
    notes: dict[str, NoteHistory] = field(default_factory=dict)  # from `annotations:`, by id
    terms: dict[str, NoteHistory] = field(default_factory=dict)  # from `terms:`, by id
    retired: dict[str, date] = field(default_factory=dict)  # id -> the day it was listed under `retired:`


@dataclass
class History:
    """Every annotation file's history on the base branch; empty, with a reason, when there is none."""

    files: dict[str, FileHistory] = field(default_factory=dict)
    reason: str | None = None  # why dates are unavailable: one line to log once, at info level

    @classmethod
    def unavailable(cls, reason: str) -> "History":
        return cls(reason=reason)

    @property
    def available(self) -> bool:
        return self.reason is None

    def file(self, path: str) -> FileHistory | None:
        """The history of the file at `path` under annotations/ (e.g. "articles/x.yml"), if it is on the base branch."""
        return self.files.get(path)

    def note(self, path: str, note_id: str) -> NoteHistory | None:
        """The history of annotation `note_id` of the file at `path`, if it is on the base branch."""
        found = self.files.get(path)
        return found.notes.get(note_id) if found else None

    def term(self, term_id: str, glossary: str = GLOSSARY_FILE) -> NoteHistory | None:
        """The history of glossary term `term_id`, if it is on the base branch."""
        found = self.files.get(glossary)
        return found.terms.get(term_id) if found else None


def read_history(repo_root: Path, annotations_dir: Path, base: str = "HEAD") -> History:
    """The history of every annotation file along `base`'s first-parent line.

    `repo_root` is any folder inside the repository; `annotations_dir` is
    absolute or relative to it. For a site, `base` should be the published
    branch (see `base_ref`), so that a pull request's own commits are not
    dated as published.
    """
    try:
        git = Git.at(Path(repo_root))
        folder = git.folder(Path(repo_root) / annotations_dir)
        if git.is_shallow():
            raise Unavailable("this is a shallow clone; `git fetch --unshallow` fetches the history")
        lineages = _lineages(git.first_parent_log(git.commit(base), folder), folder)
        if not lineages:
            raise Unavailable(f"no commit of {base} adds an annotation file yet")
        parsed = _parse_versions(git, lineages)
    except Unavailable as error:
        return History.unavailable(f"dates and history are unavailable: {error}; notes show what their files say")
    return History({path: _file_history(path, lineage, parsed) for path, lineage in sorted(lineages.items())})


# ---------------------------------------------------------------- git, at arm's length


class Unavailable(Exception):
    """Git cannot tell us what we asked; the message says why, in a contributor's words."""


@dataclass
class Git:
    """The git commands this module runs, in one repository's top folder.

    Options that a user's configuration could turn on and that would change
    the output we parse (colour, signatures, paths relative to a
    subfolder) are turned off on every command line.
    """

    top: Path

    @classmethod
    def at(cls, folder: Path) -> "Git":
        if not folder.is_dir():
            raise Unavailable(f"{folder} is not a folder")
        top = cls(folder).run("rev-parse", "--show-toplevel", failure="this folder is not in a git repository")
        return cls(Path(top.strip()))

    def run(self, *args: str, failure: str) -> str:
        """The output of `git ARGS`; `Unavailable(failure)` if it fails."""
        command = ["git", "-c", "core.quotepath=off", "--no-pager", "--literal-pathspecs", *args]
        try:
            done = subprocess.run(command, cwd=self.top, capture_output=True, timeout=GIT_TIMEOUT, check=False)
        except FileNotFoundError:
            raise Unavailable("git is not installed") from None
        except subprocess.TimeoutExpired:
            raise Unavailable(f"`git {args[0]}` did not finish within {GIT_TIMEOUT} s") from None
        if done.returncode != 0:
            raise Unavailable(failure)
        return done.stdout.decode("utf-8", "surrogateescape")

    def folder(self, path: Path) -> str:
        """`path` relative to the repository's top, as git writes paths ("" for the top itself)."""
        try:
            relative = path.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            raise Unavailable(f"{path} is outside the git repository at {self.top}") from None
        return "" if relative == "." else relative

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository", failure="git cannot describe this repository").strip() == "true"

    def commit(self, ref: str) -> str:
        """The commit id `ref` names; Unavailable if it names none here."""
        return self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}",
                        failure=f"{ref} is not a commit in this clone").strip()

    def merge_base(self, one: str, other: str) -> str | None:
        try:
            return self.run("merge-base", one, other, failure="no common commit").strip() or None
        except Unavailable:
            return None

    def first_parent_log(self, commit: str, folder: str) -> str:
        """Every change to `folder` along `commit`'s first-parent line, oldest first, in `--raw -z` form."""
        return self.run(
            "log", "--first-parent", "--diff-merges=first-parent", "--raw", "-z", "--no-abbrev", "-M", "--reverse",
            "--no-color", "--no-show-signature", "--no-relative", "--no-ext-diff", "--format=%x01%ct",
            commit, "--", folder or ".", failure=f"git could not read the history of {commit}")

    def tree(self, commit: str, folder: str) -> dict[str, str]:
        """Path -> blob id of every regular file under `folder` in `commit`."""
        listing = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", folder or ".",
                           failure=f"git could not list the files of {commit}")
        files = {}
        for entry in filter(None, listing.split("\0")):
            meta, path = entry.split("\t", 1)
            mode, kind, blob = meta.split()
            if kind == "blob" and mode.startswith("100"):
                files[path] = blob
        return files

    def blobs(self, ids: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """The content of each blob, all read by one `git cat-file --batch` process."""
        with tempfile.TemporaryFile() as requests:
            # The requests come from a file, not a pipe: git reads them at its own
            # pace while we read its answers, and neither side waits on the other.
            requests.write("".join(f"{blob}\n" for blob in ids).encode())
            requests.seek(0)
            try:
                process = subprocess.Popen(["git", "--no-pager", "cat-file", "--batch"], cwd=self.top,
                                           stdin=requests, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            except FileNotFoundError:
                raise Unavailable("git is not installed") from None
            with process:
                try:
                    yield from _batch_answers(process.stdout)
                finally:
                    process.kill()


def _batch_answers(stream: BinaryIO) -> Iterator[tuple[str, bytes]]:
    """(id, content) for each answer of `git cat-file --batch`: a header `ID TYPE SIZE`, the content, a newline."""
    while header := stream.readline():
        fields = header.split()
        if len(fields) != 3:  # `ID missing`: a damaged repository
            raise Unavailable(f"git cannot read the object {fields[0].decode(errors='replace')}")
        content = stream.read(int(fields[2]))
        stream.read(1)
        yield fields[0].decode(), content


# ---------------------------------------------------------------- from the log to each file's versions


@dataclass(frozen=True)
class Change:
    """One file's change in one commit, as `git log --raw` lists it."""

    status: str  # A, M, D, R (renamed), C, T
    path: str
    blob: str  # the new content (zeros when deleted)
    old_path: str = ""  # the path before a rename or copy


@dataclass
class Lineage:
    """The versions of one file, oldest first: (day, blob id), blob None where the file was deleted."""

    versions: list[tuple[date, str | None]] = field(default_factory=list)


def _commits(log: str) -> Iterator[tuple[date, list[Change]]]:
    """(day, changes) for each commit of a `--raw -z --format=%x01%ct` log, oldest first."""
    day = date.min
    for record in log.split("\x01")[1:]:
        header, _, rest = record.partition("\0")
        timestamp = int(header)
        # A commit cannot reach the branch before the one it follows: a fast-forward
        # of older commits keeps their dates, so a day never goes back along the line.
        day = max(day, datetime.fromtimestamp(timestamp, timezone.utc).date())
        fields = rest.lstrip("\n").split("\0")
        changes = []
        position = 0
        while position < len(fields) and fields[position].startswith(":"):
            _, new_mode, _, blob, status = fields[position][1:].split()
            paths = 2 if status[0] in "RC" else 1
            named = fields[position + 1:position + 1 + paths]
            position += 1 + paths
            if new_mode.startswith("100") or status[0] == "D":  # regular files; not links nor submodules
                changes.append(Change(status[0], named[-1], blob, named[0] if paths == 2 else ""))
        yield day, changes


def _lineages(log: str, folder: str) -> dict[str, Lineage]:
    """The versions of every annotation file still present at the end of the log, by current path under `folder`."""
    prefix = f"{folder}/" if folder else ""
    present: dict[str, Lineage] = {}
    deleted: dict[str, Lineage] = {}  # a file added again at the same path takes up its history again

    def relative(path: str) -> str | None:
        if path.startswith(prefix) and path.endswith(YAML_SUFFIXES):
            return path[len(prefix):]
        return None

    for day, changes in _commits(log):
        for change in changes:
            path = relative(change.path)
            renamed = present.pop(relative(change.old_path), None) if change.status == "R" else None
            if change.status == "D" or path is None:  # deleted, or moved out of the annotations
                gone = renamed or present.pop(path, None)
                if gone:
                    gone.versions.append((day, None))
                    deleted[path or relative(change.old_path)] = gone
                continue
            lineage = renamed or present.get(path) or deleted.pop(path, None) or Lineage()
            lineage.versions.append((day, change.blob))
            present[path] = lineage
    return present


# ---------------------------------------------------------------- from versions to notes


@dataclass
class Snapshot:
    """What history needs from one version of a file: its entries by id."""

    notes: dict[str, dict] = field(default_factory=dict)
    terms: dict[str, dict] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)


def _snapshot(data: Any) -> Snapshot:
    """The entries of one parsed version; what is malformed is left out (validating it is the build's job)."""
    if not isinstance(data, dict):
        return Snapshot()
    return Snapshot(_by_id(data.get("annotations")), _by_id(data.get("terms")), set(_by_id(data.get("retired"))))


def _by_id(entries: Any) -> dict[str, dict]:
    if not isinstance(entries, list):
        return {}
    return {entry["id"]: entry for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def _parse_versions(git: Git, lineages: dict[str, Lineage]) -> dict[str, Snapshot | None]:
    """Blob id -> its snapshot, None where that version does not parse; each distinct version once."""
    paths = {}
    for path, lineage in lineages.items():
        for _, blob in lineage.versions:
            if blob is not None:
                paths.setdefault(blob, path)
    reader = VersionReader()
    parsed = {}
    for blob, content in git.blobs(paths):
        data = reader.data(content, paths[blob])
        parsed[blob] = None if data is None else _snapshot(data)
    return parsed


MISSING = object()  # what a piece, or a version cut into pieces, parses to when it does not parse that way


class VersionReader:
    """The data of many versions of annotation files, parsing each distinct piece of text once.

    Consecutive versions of a file differ in a note or two, and parsing is
    nearly all the cost of reading history: 2,000 versions of 60 KB files
    take 6 s parsed whole, 0.7 s piece by piece. So each version is cut into
    its top-level sections, and the block lists among them into their
    items, at lines that YAML's indentation makes unambiguous; each distinct
    piece is parsed once with `yamlsource.load`, and the version's data put
    back together. A version the cutter is not sure of (a document marker,
    a flow list, a repeated key, a line break other than LF, any line it
    does not recognise, a piece that does not parse alone) is parsed whole,
    so the result is the data that parsing the whole version gives, or None
    where that fails. (The one difference: yamlsource's limit on nesting
    depth counts from each piece, one level below the file's top.)

    Unchanged pieces parse to the very same object in every version, which
    lets `_record` skip comparing an unchanged note field by field.
    """

    def __init__(self) -> None:
        self.pieces: dict[str, Any] = {}  # piece text -> what it parses to, or MISSING

    def data(self, content: bytes, path: str) -> Any | None:
        """The data of one version, or None where it is not a YAML file the build would accept."""
        if len(content) > size_limit(path):
            return None
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        sections = _sections(text)
        data = MISSING if sections is None else self._assemble(sections, path)
        if data is MISSING:
            document, _ = load(text, path)
            data = document.data if document else None
        return data

    def _assemble(self, sections: list[tuple[str, str | list[str]]], path: str) -> Any:
        data = {}
        for key, pieces in sections:
            if isinstance(pieces, str):  # a section parsed whole: {key: value}
                parsed = self._parse(pieces, path)
                if not isinstance(parsed, dict) or list(parsed) != [key]:
                    return MISSING
                data[key] = parsed[key]
            else:  # a block list, item by item: each a list of one
                items = [self._parse(item, path) for item in pieces]
                if not all(isinstance(item, list) and len(item) == 1 for item in items):
                    return MISSING
                data[key] = [item[0] for item in items]
        return data

    def _parse(self, piece: str, path: str) -> Any:
        if piece not in self.pieces:
            document, _ = load(piece, path)
            self.pieces[piece] = document.data if document else MISSING
        return self.pieces[piece]


# A top-level key with nothing after it but a comment (a block follows), or with its value on the line.
BLOCK_KEY = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(?:#.*)?)?$")
INLINE_KEY = re.compile(r"([A-Za-z_][\w-]*):[ \t]+[^#\s]")
LIST_ITEM = re.compile(r"-(?:[ \t]|$)")
OTHER_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # YAML ends lines at these too; files using them are not cut


def _sections(text: str) -> list[tuple[str, str | list[str]]] | None:
    """Each top-level key with its block list's items, or with its whole text; None where unsure.

    A line that starts at column 0 and is neither a comment nor a list item
    can only be a top-level key: the content of block scalars and nested
    collections is indented.
    """
    if any(mark in text for mark in OTHER_LINE_BREAKS):
        return None
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if line[:1] not in ("", " ", "#") and not LIST_ITEM.match(line)]
    if not starts or any(_is_content(line) for line in lines[:starts[0]]):
        return None  # a list, a scalar or a document marker before the first key
    sections, keys = [], set()
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        match = BLOCK_KEY.match(lines[start]) or INLINE_KEY.match(lines[start])
        if match is None or match.group(1) in keys:
            return None
        keys.add(match.group(1))
        items = _items(lines, start + 1, end) if match.re is BLOCK_KEY else None
        sections.append((match.group(1), items or _text(lines, start, end)))
    return sections


def _items(lines: list[str], start: int, end: int) -> list[str] | None:
    """The texts of the block list in `lines[start:end]`, item by item, each with the comments
    and blank lines after it; None if those lines are not a block list."""
    content = [n for n in range(start, end) if _is_content(lines[n])]
    if not content:
        return None
    indent = _indent(lines[content[0]])
    starts = []
    for n in content:
        depth = _indent(lines[n])
        if depth > indent:
            continue  # inside an item: deeper lines are never where one ends
        if depth < indent or not LIST_ITEM.match(lines[n], indent):
            return None
        starts.append(n)
    return [_text(lines, first, last) for first, last in zip(starts, starts[1:] + [end])]


def _text(lines: list[str], start: int, end: int) -> str:
    """`lines[start:end]` as they were written, with the line break after each but the file's last."""
    return "\n".join(lines[start:end]) + ("\n" if end < len(lines) else "")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip(" ").startswith("#")


def _file_history(path: str, lineage: Lineage, parsed: dict[str, Snapshot | None]) -> FileHistory:
    # A deleted stretch reads as an empty file, so its notes count as removed then.
    snapshots = [(day, parsed[blob] if blob else Snapshot()) for day, blob in lineage.versions]
    readable = [(day, snapshot) for day, snapshot in snapshots if snapshot is not None]
    return FileHistory(
        path=path,
        first_commit=lineage.versions[0][0],
        last_commit=lineage.versions[-1][0],
        notes=_note_histories([(day, s.notes) for day, s in readable]),
        terms=_note_histories([(day, s.terms) for day, s in readable]),
        retired=_first_seen([(day, s.retired) for day, s in readable]),
    )


def _note_histories(versions: list[tuple[date, dict[str, dict]]]) -> dict[str, NoteHistory]:
    """Each id's history over `versions` (day, entries by id), oldest first."""
    histories: dict[str, NoteHistory] = {}
    last_seen: dict[str, dict] = {}  # each id's fields in the last version that had it
    for day, entries in versions:
        for note_id, fields in entries.items():
            if note_id not in histories:
                histories[note_id] = NoteHistory(note_id, added=day)
            _record(histories[note_id], day, fields, last_seen.get(note_id))
            last_seen[note_id] = fields
        for note_id, history in histories.items():
            if note_id not in entries and history.removed is None:
                history.removed = day
    return histories


def _record(history: NoteHistory, day: date, fields: dict, before: dict | None) -> None:
    """Add one version of a note to its history."""
    history.removed = None
    # An unchanged note is the very same object in the next version (see VersionReader).
    if before is not None and fields is not before and _own_fields(fields) != _own_fields(before):
        history.changed = day
    verdict = fields.get("verdict")
    if isinstance(verdict, str) and (not history.verdicts or history.verdicts[-1].verdict != verdict):
        history.verdicts.append(VerdictChange(verdict, day))
    claim = _words(fields.get("claim"))
    if claim and (not history.claims or history.claims[-1].claim != claim):
        history.claims.append(ClaimChange(claim, day))


def _own_fields(fields: dict) -> dict:
    return {key: value for key, value in fields.items() if key not in ANCHOR_FIELDS}


def _words(text: Any) -> str:
    """A text with its white space evened out: rewrapping a claim does not change it."""
    return " ".join(text.split()) if isinstance(text, str) else ""


def _first_seen(versions: list[tuple[date, set[str]]]) -> dict[str, date]:
    seen: dict[str, date] = {}
    for day, ids in versions:
        for item in ids:
            seen.setdefault(item, day)
    return seen


# ---------------------------------------------------------------- no silent change


@dataclass(frozen=True)
class BaseRef:
    """The branch published fact-checks are compared with, and whether its absence is an error."""

    ref: str  # as git is given it, e.g. "main" or "origin/main"
    required: bool  # True under GitHub Actions or when named explicitly; else a missing base is one info line


@dataclass
class BaseComparison:
    """What `compare_with_base` found: problems, or the one line saying why it could not compare."""

    problems: list[Problem] = field(default_factory=list)
    info: str | None = None


def base_ref(repo_root: Path, env: Mapping[str, str], explicit: str | None = None) -> BaseRef:
    """The base to compare with: `explicit` or BASE, else the pull request's base under GitHub Actions, else main.

    A base named explicitly (argument or BASE) must exist, so a mistyped one
    fails rather than silently checking nothing; so must the base under
    GitHub Actions, where a missing one means the workflow fetched too little.
    """
    chosen = explicit or env.get("BASE")
    if chosen:
        return BaseRef(chosen, required=True)
    on_github = env.get("GITHUB_ACTIONS") == "true"
    if on_github and env.get("GITHUB_BASE_REF"):
        return BaseRef(f"origin/{env['GITHUB_BASE_REF']}", required=True)
    return BaseRef(_local_or_remote_main(Path(repo_root)), required=on_github)


def _local_or_remote_main(repo_root: Path) -> str:
    try:
        Git.at(repo_root).commit("refs/heads/main")
        return "main"
    except Unavailable:
        return "origin/main"


def compare_with_base(repo_root: Path, annotations_dir: Path, base: BaseRef, shown_as: str = "annotations") -> BaseComparison:
    """Problems for published fact-checks that changed or left without saying so.

    The working tree (uncommitted changes included) is compared with what
    it grew from: the merge base of `base` and HEAD, so that what the base
    branch published after a pull request began is not taken for the pull
    request's doing. A file missing now but sharing fact-check ids with a
    new file is taken as renamed to it.
    """
    annotations_dir = Path(repo_root) / annotations_dir
    try:
        git = Git.at(Path(repo_root))
        folder = git.folder(annotations_dir)
        tip = git.commit(base.ref)
        head = _head(git)
        published = _published_files(git, (head and git.merge_base(tip, head)) or tip, folder)
    except Unavailable as error:
        message = f"published fact-checks were not compared with {base.ref}: {error}"
        if base.required:
            return BaseComparison([Problem(shown_as, 1, 1, f"{message}; fetch it first (in a GitHub workflow: actions/checkout with fetch-depth: 0)")])
        return BaseComparison(info=message)
    current = _current_files(annotations_dir, shown_as, Path(repo_root))
    new_files = {path: document for path, document in current.items() if path not in published}
    problems = []
    for path, data in sorted(published.items()):
        if path not in current and (annotations_dir / path).exists():
            continue  # there, but it cannot be read now: the build says why, and this compares it once it can
        now = path if path in current else _renamed_to(data, new_files)
        if now is None:
            problems += _gone_with_file(f"{shown_as}/{path}", data, current, base.ref)
        elif current[now] is not None and _fact_checks(data) and _reads_cleanly(current[now]):
            problems += silent_changes(data, current[now], base.ref)
    return BaseComparison(sorted(problems))


def _reads_cleanly(document: Document) -> bool:
    """Whether a page's annotation file now validates. Until it does, the build says what is wrong with
    it, and nothing is compared: a fact-check with a misspelt field or a wrong verdict, or a file that lost
    its `annotations:`, would otherwise also be said to have changed or gone."""
    return isinstance(document.data, dict) and not validate_annotations(document)[1]


def silent_changes(published: Any, current: Document, base: str = "main") -> list[Problem]:
    """Problems for the fact-checks of `published` (a file's data on `base`) that `current` changed or dropped silently.

    A changed verdict or claim needs a `corrections` entry that `published`
    did not have; a fact-check that is gone needs an entry under the
    file's `retired:`.
    """
    now = _snapshot(current.data)
    twice = _ids_used_twice(current.data)
    problems = []
    for note_id, before in _fact_checks(published).items():
        if note_id in twice:
            continue  # which of the two is the fact-check is for its author to say: the build asks for another id
        if note_id in now.notes:
            at = next(index for index, entry in enumerate(current.data["annotations"]) if entry is now.notes[note_id])
            problem = _silent_edit(note_id, before, now.notes[note_id], current, ("annotations", at), base)
            problems += [problem] if problem else []
        elif note_id not in now.retired:
            problems.append(current.problem(("annotations",), (
                f"the fact-check '{note_id}' was published on {base} and is no longer in this file; to withdraw it, "
                "list it under the file's `retired:` (id, date, note saying why) so its permalink still explains what happened"), key=True))
    return problems


def _ids_used_twice(data: Any) -> set[str]:
    entries = data.get("annotations") if isinstance(data, dict) else None
    ids = [entry.get("id") for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []
    return {note_id for note_id in ids if isinstance(note_id, str) and ids.count(note_id) > 1}


def _silent_edit(note_id: str, before: dict, after: dict, current: Document, at: tuple, base: str) -> Problem | None:
    changes = []
    verdict_now = after.get("verdict") if after.get("type") == "fact-check" else None
    if verdict_now != before.get("verdict"):
        changes.append(f"the verdict of '{note_id}' changed from {before.get('verdict')} to {verdict_now or 'none'}")
    if _words(after.get("claim")) != _words(before.get("claim")):
        changes.append("its claim changed" if changes else f"the claim of '{note_id}' changed")
    if not changes or _new_corrections(before, after):
        return None
    where = at + ("verdict",) if verdict_now != before.get("verdict") else at + ("claim",)
    return current.problem(where, (
        f"{' and '.join(changes)} since it was published on {base}, without a correction; "
        "add a `corrections:` entry (date, note) to it saying what changed and why"))


def _new_corrections(before: dict, after: dict) -> list:
    def listed(fields: dict) -> list:
        entries = fields.get("corrections")
        return entries if isinstance(entries, list) else []
    return [entry for entry in listed(after) if entry not in listed(before)]


def _fact_checks(data: Any) -> dict[str, dict]:
    return {note_id: fields for note_id, fields in _snapshot(data).notes.items() if fields.get("type") == "fact-check"}


def _gone_with_file(shown: str, published: Any, current: dict[str, Document | None], base: str) -> list[Problem]:
    """A deleted file's published fact-checks, each of which must be retired in some file that remains."""
    retired = {note_id for document in current.values() if document for note_id in _snapshot(document.data).retired}
    return [Problem(shown, 1, 1, (
        f"this file was deleted, and with it the fact-check '{note_id}' published on {base}; to withdraw it, "
        "list it under `retired:` (id, date, note saying why) in the annotation file that takes over its page"))
        for note_id in _fact_checks(published) if note_id not in retired]


def _renamed_to(published: Any, candidates: dict[str, Document | None]) -> str | None:
    """The new file sharing the most fact-check ids with a file that is gone, if any."""
    ids = set(_fact_checks(published))
    shared = {path: len(ids & set(_snapshot(document.data).notes)) for path, document in candidates.items() if document}
    best = max(shared, key=lambda path: (shared[path], path), default=None)
    return best if best is not None and shared[best] > 0 else None


def _head(git: Git) -> str | None:
    try:
        return git.commit("HEAD")
    except Unavailable:  # a repository without commits yet
        return None


def _published_files(git: Git, commit: str, folder: str) -> dict[str, Any]:
    """The data of each annotation file in `commit`, by path under `folder`; files that do not parse are left out."""
    prefix = f"{folder}/" if folder else ""
    paths: dict[str, list[str]] = {}  # blob -> paths: two files may hold the same text
    for path, blob in git.tree(commit, folder).items():
        if path.endswith(YAML_SUFFIXES):
            paths.setdefault(blob, []).append(path[len(prefix):])
    published = {}
    for blob, content in git.blobs(paths):
        try:
            document, _ = load(content.decode("utf-8"), paths[blob][0])
        except UnicodeDecodeError:
            continue
        if document is not None:
            published.update(dict.fromkeys(paths[blob], document.data))
    return published


def _current_files(annotations_dir: Path, shown_as: str, site_root: Path) -> dict[str, Document | None]:
    """Each annotation file in the working tree, parsed; None for one that does not parse.

    Read as the build reads them (`annotation_files`): only regular files inside the
    site, bounded; what cannot be read is the build's to report."""
    files, _ = read_annotation_files(annotations_dir, shown_as, site_root)
    return {file.relative: load(file.text, file.shown)[0] for file in files}
