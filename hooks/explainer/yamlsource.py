"""YAML text in, plain data out, with the line and column of every value.

Annotation files are untrusted: only the safe loader is used, anchors and
aliases are refused before anything is built (no "billion laughs"), as are
collections nested deeper than MAX_DEPTH (building them recurses, and a
file of `[[[[...` would end in a RecursionError), tags beyond YAML's plain
scalars and collections (no `!!python/...`), and files over a size limit.
A file repeating one mistake thousands of times gets MAX_OF_A_KIND problems
of that kind and one line saying how many more there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from .problems import Problem, shorten

MAX_BYTES = 256 * 1024
# The glossary is one file for the whole site: a few thousand terms fit.
MAX_GLOSSARY_BYTES = 1024 * 1024
MAX_DEPTH = 40  # lists and mappings inside each other; an annotation file needs five
MAX_OF_A_KIND = 5  # problems of one kind listed per file, before "and N more"

Path = tuple  # a path into the data: keys and list indexes, e.g. ("annotations", 0, "quote")

# libyaml's parser when PyYAML has it (its wheels do): the same safe rules, some 15 times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


def size_limit(path: str) -> int:
    """The most bytes the annotation file at `path` may have: `path` as messages show it
    ("annotations/glossary.yml") or inside the annotations folder ("glossary.yml")."""
    return MAX_GLOSSARY_BYTES if path.count("/") <= 1 and path.rpartition("/")[2] == "glossary.yml" else MAX_BYTES


@dataclass
class Positions:
    """Where each part of a YAML text was written."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)  # scalars as written
    # Where each scalar value stands in the text (character offsets, end excluded) and its
    # style ("" plain, "'", '"', "|" or ">"): to rewrite one value in place (yamledit.py).
    spans: dict[Path, tuple[int, int, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> "Positions":
        """The positions in `text`, a document `load` accepted (so it composes, shallow and plain)."""
        positions = cls()
        node = yaml.compose(text, Loader=_LOADER) if text else None
        if node is not None:
            positions._walk(node, ())
        return positions

    def _walk(self, node: yaml.Node, at: Path) -> None:
        # The same walk as `_build`, which the document passed without a problem.
        self.values[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            self.raw[at] = node.value
            self.spans[at] = (node.start_mark.index, node.end_mark.index, node.style or "")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, at + (index,))
        else:
            for key_node, value_node in node.value:
                key = key_node.value
                self.keys.setdefault(at + (key,), (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                self._walk(value_node, at + (key,))


@dataclass
class Document:
    """A loaded YAML file: its data, and where each part of it was written.

    Where things were written is worked out from the text when first asked: most
    files are never asked (they have no problem), and a site's worth of positions,
    kept for every file, was the largest part of the build's memory."""

    path: str
    data: Any
    text: str = ""
    _positions: Positions | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = Positions.of(self.text)
        return self._positions

    @property
    def values(self) -> dict[Path, tuple[int, int]]:
        return self.positions.values

    @property
    def keys(self) -> dict[Path, tuple[int, int]]:
        return self.positions.keys

    @property
    def raw(self) -> dict[Path, str]:
        return self.positions.raw

    @property
    def spans(self) -> dict[Path, tuple[int, int, str]]:
        return self.positions.spans

    def where(self, at: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `at`, else of its nearest parent."""
        positions = self.keys if key else self.values
        while at:
            if at in positions:
                return positions[at]
            if at in self.values:
                return self.values[at]
            at = at[:-1]
        return self.values.get((), (1, 1))

    def problem(self, at: Path, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(at, key=key)
        return Problem(self.path, line, col, message)

    def problem_at(self, at: Path, written: str, message: str) -> Problem:
        """A problem where `written` first stands inside the value at `at` (a link in a long body), else at the value."""
        start, end, _ = self.spans.get(at, (0, 0, ""))
        found = self.text.find(written, start, end) if written else -1
        if found < 0:
            return self.problem(at, message)
        line_start = self.text.rfind("\n", 0, found) + 1
        return Problem(self.path, self.text.count("\n", 0, found) + 1, found - line_start + 1, message)


def load(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document; return it, or None and the reasons it was refused."""
    size, limit = len(text.encode("utf-8")), size_limit(path)
    if size > limit:
        return None, [Problem(path, 1, 1, over_the_size_limit(size, limit))]
    try:
        node = _composed(text, path)
    except _Refused as refused:
        return None, refused.problems
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path, text)]
    except yaml.reader.ReaderError as error:  # a control character, located by its offset
        before = text[:error.position]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        return None, [Problem(path, line, col, f"the file contains the control character U+{code:04X}, which YAML does not allow; delete it")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 1, 1, f"this is not valid YAML: {error}")]
    document = Document(path, None, text)
    if node is None:
        document.data = {}
        return document, []
    problems = _ProblemsByKind()
    scalars = yaml.SafeLoader("")  # one constructor for every scalar of this file
    try:
        document.data = _build(node, document, problems, scalars, depth=1)
    except _TooDeep as too_deep:
        return None, [_too_deep(path, too_deep.mark.line + 1, too_deep.mark.column + 1)]
    if "#" in text:
        _find_values_cut_by_comments(node, text, path, problems)
    return (None if problems else document), problems.listed()


class _Refused(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


def _composed(text: str, path: str) -> yaml.Node | None:
    """The document's nodes, not yet built. Anchors, aliases and deep nesting are refused first, located
    by the parser's events, where the text could hold them. With libyaml, composing is safe whatever
    the text holds: an alias is the node it names again, not a copy, and libyaml stops at 1,000 levels
    of nesting (`_build` refuses more than MAX_DEPTH); and a text without an "&" has no anchor, so no
    alias (one naming no anchor fails to compose, and is looked for then). Most files have none, and
    are read once rather than twice. PyYAML's own composer recurses in Python: it is given only
    files whose events were looked at."""
    if "&" in text or _LOADER is yaml.SafeLoader:
        _refuse_unsafe_structure(text, path)
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        _refuse_unsafe_structure(text, path)  # an alias or deep nesting is said as such, not as a syntax error
        raise


def over_the_size_limit(size: int, limit: int = MAX_BYTES) -> str:
    """What is wrong with a file of `size` bytes, over `limit`, and what to do."""
    fix = "shorten it" if limit == MAX_GLOSSARY_BYTES else "shorten it (a page has one annotation file)"
    return f"file is {-(-size // 1024)} KiB, over the {limit // 1024} KiB limit; {fix}"


class _ProblemsByKind:
    """The problems of one file, kept by kind, so that a mistake repeated a thousand times is listed a few times."""

    # What each kind is called in "and N more ...", and the fix for all of them.
    KINDS = {
        "anchor": ("YAML anchors and aliases", "write each value out in full"),
        "tag": ("tags", "remove them and write plain values"),
        "key": ("repeated or complex keys", "keep one plain key of each name in each entry"),
        "comment": ("values cut short by ' #'", "put each of them in quotes"),
    }

    def __init__(self) -> None:
        self.by_kind: dict[str, list[Problem]] = {}

    def add(self, kind: str, problem: Problem) -> None:
        self.by_kind.setdefault(kind, []).append(problem)

    def __bool__(self) -> bool:
        return bool(self.by_kind)

    def listed(self) -> list[Problem]:
        """The first MAX_OF_A_KIND problems of each kind, then, where the next one was, how many more there are."""
        listed = []
        for kind, problems in self.by_kind.items():
            listed += problems[:MAX_OF_A_KIND]
            if len(problems) > MAX_OF_A_KIND:
                what, fix = self.KINDS[kind]
                more = len(problems) - MAX_OF_A_KIND
                listed.append(replace(problems[MAX_OF_A_KIND], message=f"and {more} more {what} from here on, not listed one by one; {fix}"))
        return listed


def _refuse_unsafe_structure(text: str, path: str) -> None:
    """Raise `_Refused` for anchors, aliases and nesting deeper than MAX_DEPTH, found in the parser's events."""
    found, depth = _ProblemsByKind(), 0
    for event in yaml.parse(text, Loader=_LOADER):
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            found.add("anchor", Problem(path, line, col, f"YAML aliases (*{shorten(event.anchor)}) are not allowed; write the value out in full"))
        elif getattr(event, "anchor", None):
            found.add("anchor", Problem(path, line, col, f"YAML anchors (&{shorten(event.anchor)}) are not allowed; write each value out in full"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:  # one line says it; the rest of the file is not worth parsing
                raise _Refused(found.listed() + [_too_deep(path, line, col)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    if found:
        raise _Refused(found.listed())


def _too_deep(path: str, line: int, col: int) -> Problem:
    return Problem(path, line, col, f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                   "an annotation file needs a handful: check the brackets and the indentation")


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if "maximum nesting depth" in (error.problem or ""):
        # libyaml stops at its own limit (1000 brackets) before the parser hands
        # over the event that is one too deep for `_refuse_unsafe_structure`.
        return _too_deep(path, mark.line + 1, mark.column + 1)
    if error.context_mark and "end of stream" in (error.problem or ""):
        mark = error.context_mark  # an unclosed quote or bracket: point at where it opened
    simple_key = error.context == "while scanning a simple key" and error.context_mark is not None
    if simple_key:
        mark = error.context_mark  # the line read as a key, not the line after it where YAML gave up
    what = error.problem or "invalid YAML"
    if error.context:
        what = f"{error.context}, {what}"
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    unclosed = _quote_left_open(lines, error.context_mark.line if error.context_mark else mark.line, mark.line)
    hint = "check the indentation and quote any text that contains ': ' or starts with a special character"
    if "found character '\\t'" in what or "tab character" in what or "\t" in line[:len(line) - len(line.lstrip())]:
        hint = "indent with spaces, not tabs"
    elif "quoted scalar" in what and "end of stream" in what:
        hint = "the quotation mark that opens here is never closed; end the text with the same mark"
    elif unclosed is not None and "quoted scalar" not in what:
        # YAML reads a quoted value on, over the line ends, to the next such mark, and fails there.
        at_line, at_col = unclosed
        return Problem(path, at_line + 1, at_col + 1, f"YAML syntax error: the quotation mark that opens here is not closed on "
                       f"its line, so YAML read on to line {mark.line + 1} ({what}); end the text with the same mark on this line")
    elif simple_key:
        hint = ("YAML reads this line as a key (a line indented less than a text above it ends that text): if it "
                "belongs to the text, indent it as far as the text's other lines; if it is a key, end its name with ':'")
    elif "mapping values are not allowed" in what:
        hint = "put the text in quotes: YAML reads ': ' inside it as the start of a key"
    elif "single document" in what:
        hint = "an annotation file holds one document: remove the extra `---` line"
    return Problem(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {what}; {hint}")


# `key: "text` or `- key: 'text`: a value that opens with a quotation mark.
_QUOTED_VALUE = re.compile(r"""^[ \t]*(?:-[ \t]+)?[^\s:#'"][^:#]*:[ \t]+(["'])""")


def _quote_left_open(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """The line and column (from 0) of a quoted value between lines `first` and `last` that its line
    does not close, if there is one: the likeliest cause of an error YAML finds further on."""
    for index in range(max(0, first), min(last, len(lines) - 1) + 1):
        found = _QUOTED_VALUE.match(lines[index])
        if not found:
            continue
        mark, rest = found.group(1), lines[index][found.end():]
        closed = re.search(r'(?<!\\)"', rest) if mark == '"' else re.search(r"'(?!')", rest.replace("''", ""))
        if not closed:
            return index, found.start(1)
    return None


# What follows a plain value on its line when YAML takes the rest for a comment: ` #1 worry`, not ` # a note`.
_COMMENT_RIGHT_AFTER = re.compile(r"[ \t]+(#\S[^\r\n]*)")


def _find_values_cut_by_comments(node: yaml.Node, text: str, path: str, problems: _ProblemsByKind) -> None:
    """`title: Europe's #1 worry` is the title "Europe's" and a comment: YAML ends an unquoted value at
    ` #`. A `#` with no space after it is taken for part of the text, cut off by mistake."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _find_values_cut_by_comments(item, text, path, problems)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            _find_values_cut_by_comments(value, text, path, problems)
    elif not node.style and node.tag == _STR:  # plain: "" from libyaml, None from PyYAML
        cut = _COMMENT_RIGHT_AFTER.match(text, node.end_mark.index)
        if cut:
            line, col = node.end_mark.line + 1, node.end_mark.column + 1 + cut.start(1) - cut.start()
            problems.add("comment", Problem(path, line, col, (
                f"YAML reads ' #' as the start of a comment, so this value ends at {shorten(node.value)!r} and "
                f"{shorten(cut.group(1).rstrip())!r} is left out; put the whole value in quotes")))


def _build(node: yaml.Node, document: Document, problems: _ProblemsByKind, scalars: yaml.SafeLoader, depth: int,
           in_list: bool = False) -> Any:
    """Plain data from the nodes; `depth`: the collections this node is in, itself included; `in_list`:
    the node is an item of a list (a note, a term)."""
    if depth > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
        raise _TooDeep(node.start_mark)
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in _PLAIN_TAGS:
        tag = shorten(node.tag.replace("tag:yaml.org,2002:", "!!"))
        problems.add("tag", Problem(document.path, line, col, f"the tag {tag} is not allowed; remove it and write a plain value"))
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:  # most values: what PyYAML's constructor would return, without the call
            return node.value
        try:
            return scalars.construct_object(node)
        except (ValueError, yaml.YAMLError):  # e.g. 2025-13-01 looks like a date but is none
            return node.value
        except Exception:  # noqa: BLE001 - an explicit tag the value does not fit (`!!bool x`, `!!float` alone): PyYAML fails in many ways
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            problems.add("tag", Problem(document.path, line, col, f"{shorten(node.value)!r} is not a {tag} value; remove the tag {tag}"))
            return None
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, document, problems, scalars, depth + 1, in_list=True) for item in node.value]
    mapping = {}
    first_key, run_on = None, False
    for key_node, value_node in node.value:
        key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            problems.add("key", Problem(document.path, key_line, key_col, "keys must be plain words such as 'quote'; merge keys and complex keys are not allowed"))
            continue
        key = key_node.value
        first_key = key if first_key is None else first_key
        if key in mapping and in_list and key == first_key and not run_on:
            # The entry's first key again: most likely the next entry, written without its dash.
            run_on = True
            problems.add("key", Problem(document.path, key_line, key_col, (
                f"'{shorten(key)}' appears again in this entry, as its first key: if a new entry starts here, "
                f"write `- ` before `{shorten(key)}:`, lined up with the other entries' dashes; if not, keep one")))
            continue
        if key in mapping:
            if not run_on:  # the rest of a run-on entry is said by the line above
                problems.add("key", Problem(document.path, key_line, key_col, f"the key '{shorten(key)}' appears twice in this entry; keep one"))
            continue
        mapping[key] = _build(value_node, document, problems, scalars, depth + 1)
    return mapping
