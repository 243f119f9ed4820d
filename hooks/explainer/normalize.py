"""Typography-blind text: the form in which quotes are compared with a page.

Straight and curly quotes and apostrophes are equal; hyphen-minus, en dash and
em dash are equal; any run of white space (a non-breaking space included) is
one space. Letters are compared in Unicode's composed form (NFC), so "é"
typed as one character or as "e" and an accent is the same letter; zero-width
characters and soft hyphens, which a reader cannot see, are left out.

`fold` keeps every character's length, so offsets into a page's text stay
simple; only composition and invisible characters change lengths, and
`pagetext.py` maps those one character at a time.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible in print: zero-width space, non-joiner and joiner, word joiner,
# byte-order mark, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]")

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
}
# Every white-space character becomes a space: one table, applied in C. None lies
# beyond U+3000 (ideographic space), so the import need not test every code point.
_FOLD.update({chr(code): " " for code in range(0x3001) if chr(code).isspace()})
_FOLD_TABLE = str.maketrans(_FOLD)


def fold(text: str) -> str:
    """Quotes, dashes and white space in comparable form; same length as `text`."""
    return text.translate(_FOLD_TABLE)


def needs_care(text: str) -> bool:
    """Whether `text` has invisible characters or is not in composed form (rare)."""
    return bool(_INVISIBLE_RUN.search(text)) or not unicodedata.is_normalized("NFC", text)


def normalize(text: str) -> str:
    """Composed, invisible characters removed, typography folded, white space collapsed and trimmed."""
    text = unicodedata.normalize("NFC", _INVISIBLE_RUN.sub("", text))
    return " ".join(fold(text).split())


def lower_same_length(text: str) -> str:
    """Lower case, except the few characters whose lower case is longer (e.g. 'İ')."""
    lowered = text.lower()
    if len(lowered) == len(text):  # nearly always: one call in C
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def code_points(text: str) -> str:
    """`text` as code points, to show a difference a reader cannot see: 'U+0065 U+0301'."""
    return " ".join(f"U+{ord(char):04X}" for char in text)
