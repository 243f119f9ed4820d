"""Typography-blind text: the form in which quotes are compared with a page.

Straight and curly quotes and apostrophes are equal; hyphen-minus, en dash and
em dash are equal; any run of white space (a non-breaking space included) is
one space. Every output character keeps its length, so offsets stay simple.
"""

from __future__ import annotations

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ",
})


def fold_char(char: str) -> str:
    """One character in comparable form; white space of any kind becomes a space."""
    folded = char.translate(_FOLD)
    return " " if folded.isspace() else folded


def normalize(text: str) -> str:
    """Fold typography and collapse white space; leading and trailing space removed."""
    return " ".join("".join(fold_char(char) for char in text).split())


def lower_same_length(text: str) -> str:
    """Lower case, except the few characters whose lower case is longer (e.g. 'İ')."""
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)
