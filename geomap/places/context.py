"""What stands around a match: the words before and after it, the other names of its chunk."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .match import Match

__all__ = ["Context", "previous_word"]


def previous_word(doc: Doc, i: int, sent_start: int) -> Token | None:
    """The word before token ``i`` in its sentence, over dots and possessives ("Mr." , "'s")."""
    j = i - 1
    while j >= sent_start and doc[j].text in (".", "'s", "’s"):
        j -= 1
    return doc[j] if j >= sent_start else None


@dataclass
class Context:
    """The surroundings of one match in its sentence."""

    doc: Doc
    sent_start: int
    sent_end: int
    chunk: tuple[int, int]  # the capitalised run the match was found in
    prev: Token | None  # the word before (see previous_word)
    nxt: Token | None  # the token right after
    left: list[Match]  # names of the chunk that end where the match starts
    right: list[Match]  # ... that start where it ends
    starts: dict[int, Match]  # the sentence's names by first token

    @classmethod
    def of(cls, doc: Doc, m: Match, chunk: tuple[int, int], chunk_matches: list[Match], sent_start: int,
           sent_end: int, starts: dict[int, Match]) -> Context:
        return cls(
            doc=doc, sent_start=sent_start, sent_end=sent_end, chunk=chunk,
            prev=previous_word(doc, m.start, sent_start), nxt=doc[m.end] if m.end < sent_end else None,
            left=[x for x in chunk_matches if x.end == m.start], right=[x for x in chunk_matches if x.start == m.end],
            starts=starts,
        )

    def unexplained_before(self, m: Match) -> bool:
        """Whether capitalised words of the chunk stand before the match that no name explains."""
        return m.start > self.chunk[0] and not self.left

    def unexplained_after(self, m: Match) -> bool:
        """Whether capitalised words of the chunk follow the match that no name explains."""
        return m.end < self.chunk[1] and not self.right

    def prev_is(self, *words: str) -> bool:
        return self.prev is not None and self.prev.lower_ in words

    def sentence_initial(self, m: Match) -> bool:
        return m.start == self.sent_start
