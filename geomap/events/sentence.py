"""A sentence as the event reader sees it: its tokens with the places resolved in them.

Places sit at the index of their first token (``places``, demonyms apart in ``demonyms``)
with the index after their last token in ``place_end``; ``glued`` tells which tokens are
written against the previous one with no space ("Iran" "-" "backed").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Place

__all__ = ["Sentence", "sentences", "contains"]


@dataclass
class Sentence:
    """One sentence: token texts, lower-cased tokens, char offsets and the places in it."""

    start: int  # index of the first token in the Doc
    tokens: list[str]
    low: list[str]
    glued: list[bool]  # token follows the previous one with no whitespace
    char_start: int
    char_end: int
    token_chars: list[tuple[int, int]] = field(default_factory=list)  # (start, end) char offsets of each token
    places: dict[int, Place] = field(default_factory=dict)  # first token -> toponym
    demonyms: dict[int, Place] = field(default_factory=dict)
    place_end: dict[int, int] = field(default_factory=dict)  # first token -> end token

    def __len__(self) -> int:
        return len(self.tokens)

    def place_covering(self, i: int) -> int | None:
        """The first token of the place (or demonym) covering token ``i``, if any."""
        for start, end in self.place_end.items():
            if start <= i < end:
                return start
        return None

    def is_possessive(self, start: int) -> bool:
        """A place written as an owner: "Russia's", "Armenia’s"."""
        end = self.place_end[start]
        return end < len(self.low) and self.low[end] in ("'s", "’s", "'", "’")

    def hyphen_modifier(self, start: int, words: frozenset[str]) -> bool:
        """A place glued to a participle that makes it a modifier: "Iran-backed", "Moscow-led"."""
        end = self.place_end[start]
        return (end + 1 < len(self.low) and self.low[end] == "-" and self.glued[end] and self.glued[end + 1]
                and self.low[end + 1] in words)

    def text(self, start: int, end: int) -> str:
        """The tokens ``start:end`` joined as written (no space before glued tokens)."""
        out = []
        for i in range(max(0, start), min(end, len(self.tokens))):
            if out and not self.glued[i]:
                out.append(" ")
            out.append(self.tokens[i])
        return "".join(out)


def sentences(doc: Any, places: list[Place]) -> list[Sentence]:
    """The sentences of a spaCy Doc with the given places placed on their tokens."""
    by_start = []
    for p in places:
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None:
            by_start.append((span.start, span.end, p))
    by_start.sort(key=lambda t: t[0])
    out = []
    k = 0
    for sent in doc.sents:
        toks = list(doc[sent.start:sent.end])  # each Token made once, not at every index
        texts = [t.text for t in toks]
        glued = [i > 0 and not toks[i - 1].whitespace_ for i in range(len(toks))]
        s = Sentence(sent.start, texts, [t.lower() for t in texts], glued, sent.start_char, sent.end_char,
                     [(t.idx, t.idx + len(t.text)) for t in toks])
        while k < len(by_start) and by_start[k][0] < sent.end:
            ts, te, p = by_start[k]
            if ts >= sent.start:
                (s.demonyms if p.demonym else s.places)[ts - sent.start] = p
                s.place_end[ts - sent.start] = min(te, sent.end) - sent.start
            k += 1
        out.append(s)
    return out


def contains(big: Place, small: Place) -> bool:
    """Whether ``big`` (a country or first-level division) contains ``small``."""
    if big.gazetteer_id == small.gazetteer_id:
        return False
    if big.feature == "country":
        return small.country == big.country and small.feature != "country"
    if big.feature == "adm1":
        return small.admin1 == big.admin1 and small.feature not in ("country", "adm1")
    return False
