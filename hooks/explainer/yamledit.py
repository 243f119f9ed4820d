"""A YAML file's text in, the same text out with a few scalar values replaced.

`make fix` rewrites the quote, prefix and suffix of drifted annotations in
place. Loading and dumping the file would lose its comments, its order, its
quoting and its line breaks; so each value is spliced into the text where the
loader saw it (`Document.spans`), written in the style it had when the new
text fits that style, else in the plainest style that holds it. Nothing else
changes, byte for byte.

The result is loaded again and compared with what was meant: every value the
same but the ones replaced, and those equal to their new text. A value that
does not come out right in one style is tried in the next (plain, then single
quotes, then double quotes with escapes); if none works, nothing is written.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .yamlsource import Document, Path, load

# Styles tried for a new value, after the one it had: the plainest first.
_FALLBACKS = ("", "'", '"')
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\\\\\"]")


class CannotRewrite(Exception):
    """No way of writing the new values gives back the data meant; the message says which."""


def rewrite(text: str, document: Document, values: dict[Path, str]) -> str:
    """`text` (the file `document` was loaded from) with the scalar at each path of `values`
    replaced by its new text, and nothing else changed."""
    missing = [at for at in values if at not in document.spans]
    if missing:
        raise CannotRewrite(f"no text value at {_shown(missing[0])}")
    # One value at a time, from the end of the file: offsets before it stay right, and a value
    # that needs another style cannot spoil the others.
    for at in sorted(values, key=lambda at: document.spans[at][0], reverse=True):
        start, end, style = document.spans[at]
        for tried in dict.fromkeys((style, *_FALLBACKS)):
            written = text[:start] + _written(values[at], tried, text[start:end]) + text[end:]
            reread = _reads_as_meant(written, document, at, values[at], tried)
            if reread is not None:
                text, document = written, reread
                break
        else:
            raise CannotRewrite(f"the new text of {_shown(at)} cannot be written back so that it reads the same")
    return text


def _reads_as_meant(written: str, document: Document, at: Path, value: str, style: str) -> Document | None:
    """The file loaded again, if it holds the same data as `document` but for `value` at `at`."""
    reread, problems = load(written, document.path)
    if reread is None or problems:
        return None
    expected = copy.deepcopy(document.data)
    _set(expected, at, _as_read(value, style, written, reread.spans.get(at)))
    return reread if reread.data == expected else None


def _written(value: str, style: str, original: str) -> str:
    """`value` as YAML in `style`; a block scalar keeps its header, indentation and the line breaks after it."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'
    if style in ("|", ">"):
        header, _, body = original.partition("\n")
        indent = re.match(r"[ ]*", next((line for line in body.split("\n") if line.strip()), "")).group()
        trailing = body[len(body.rstrip("\n")):]
        return f"{header}\n{indent}{value}{trailing or ''}"
    return value


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in '\\"':
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"


def _as_read(value: str, style: str, written: str, span: tuple[int, int, str] | None) -> str:
    # A literal or folded block keeps a final line break unless its header strips it (`|-`, `>-`).
    if style in ("|", ">") and span is not None:
        header = written[span[0]:span[1]].partition("\n")[0]
        header = header.split("#", 1)[0]
        if "-" not in header:
            return value + "\n"
    return value


def _set(data: Any, at: Path, value: Any) -> None:
    for part in at[:-1]:
        data = data[part]
    data[at[-1]] = value


def _shown(at: Path) -> str:
    return ".".join(str(part) for part in at)
