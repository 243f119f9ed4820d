"""Find glossary terms in text with one Aho-Corasick automaton.

All names and aliases go into a single automaton, so scanning a page costs the
same whether the glossary has ten terms or ten thousand. Matches are whole
words, case-insensitive, and the leftmost-longest wins ("European Union"
before "Union"). A name that holds a term's name and is not the term ("The Moscow
Times") goes in too, standing for no term: as the longer match, it keeps the
shorter one from being linked.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .normalize import lower_same_length, normalize


@dataclass(frozen=True)
class TermHit:
    start: int
    end: int
    term_id: str | None  # None: a name that is no term (`Term.not_in`)


class TermMatcher:
    """Built once per build from (term id, names) pairs; `find` is then pure."""

    def __init__(self, names_by_term: dict[str, list[str]], not_terms: list[str] = ()):
        self._automaton = ahocorasick.Automaton()
        named = [(term_id, name) for term_id, names in names_by_term.items() for name in names]
        for term_id, name in [*((None, other) for other in not_terms), *named]:  # a term's own name wins over a `not_in`
            key = lower_same_length(normalize(name))
            if key:
                self._automaton.add_word(key, (len(key), term_id))
        self._ready = len(self._automaton) > 0
        if self._ready:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[TermHit]:
        """Whole-word, non-overlapping hits in normalized `text`, leftmost-longest first."""
        if not self._ready:
            return []
        folded = lower_same_length(text)
        candidates = []
        for last, (length, term_id) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if _is_word_edge(folded, start - 1) and _is_word_edge(folded, end):
                candidates.append(TermHit(start, end, term_id))
        candidates.sort(key=lambda hit: (hit.start, hit.start - hit.end))
        hits, reached = [], 0
        for hit in candidates:
            if hit.start >= reached:
                hits.append(hit)
                reached = hit.end
        return [hit for hit in hits if hit.term_id is not None]


def _is_word_edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")
