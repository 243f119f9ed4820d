"""A page's source in, the hooks' fields of its front matter out, each mistake located.

MkDocs reads front matter for itself; the hooks read the same block again
with their own loader (the safe one, positions kept), so that a mistake in
`published`, `reviewed` or `original` is reported at its line in the page,
like any mistake in an annotation file.
"""

from __future__ import annotations

import re

from .models import FrontMatter
from .problems import Problem
from .validation import validate_front_matter
from .yamlsource import load

# The block MkDocs reads: `---` on the first line, up to the next `---` or `...` line.
_BLOCK = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# `---` then a line such as `title: ...`: front matter meant, whether or not it is closed. (A page may
# also open with `---` as a rule; then the next line is not a key.)
_OPENED = re.compile(r"\A---[ \t]*\r?\n[A-Za-z_][\w-]*:(?:[ \t]|\r?\n)")


def read_front_matter(source: str, shown: str) -> tuple[FrontMatter, list[Problem]]:
    """The front matter of the page whose Markdown source is `source` (shown as `shown` in problems)."""
    match = _BLOCK.match(source)
    if not match and _OPENED.match(source):
        return FrontMatter(), [Problem(shown, 1, 1, "the front matter that opens here with `---` is never closed, so the page "
                                       "shows it as text and its fields are not read: end it with a line of `---`")]
    if not match or not match.group(1):
        return FrontMatter(), []
    # A blank first line stands for the opening `---`, so lines count as in the page.
    document, problems = load("\n" + match.group(1), shown)
    if document is None:
        return FrontMatter(), problems
    front_matter, found = validate_front_matter(document)
    return front_matter, problems + found
