"""Frames and their parts: the records (:class:`Frame`, :class:`Argument`, :class:`Span`),
the triggers a sentence holds, and the word sets and small readings the frame readers
(:mod:`~geomap.events.builder` and its mixins) share."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Place
from .clauses import PREPOSITIONS, Chunks, Clause
from .lexicon import EventLexicon, FrameSpec, Trigger, event_lexicon
from .measures import Quantity
from .sentence import Sentence

__all__ = ["Argument", "Span", "Frame", "find_triggers", "named_way", "a_thing"]


_VERB_ADVERBS = frozenset({"also", "again", "now", "then", "still", "already", "reportedly", "allegedly", "repeatedly",
                           "regularly", "often", "never", "once", "later", "first", "finally"})
PRONOUNS = frozenset({"they", "it", "he", "she", "we", "them", "its", "their", "his", "her", "our", "i", "you"})


@dataclass
class Argument:
    """A place filling a role of a frame; ``quantity`` is a count bound to it ("1,000 in X")."""

    role: str
    place: Place
    index: int  # its first token in the sentence (-1 for a place reached by anaphora)
    quantity: Quantity | None = None
    gov: str = ""  # the word that governs it ("in", "from", "" for a subject or object)


@dataclass(frozen=True)
class Span:
    """Tokens ``start:end`` of a sentence: an agent or theme phrase."""

    start: int
    end: int


@dataclass
class Frame:
    """One trigger and what the sentence says around it."""

    spec: FrameSpec
    trigger: Trigger
    start: int
    end: int
    s: Sentence
    clause: Clause
    passive: bool = False
    modality: str = "asserted"  # asserted | negated | disputed | attempt | hypothetical | future
    args: list[Argument] = field(default_factory=list)
    agent: Span | None = None
    theme: Span | None = None
    quantities: list[Quantity] = field(default_factory=list)
    date: str | None = None
    path_name: Span | None = None  # "via the Darien Gap", "through the Jdeidet Yabus border": a way the gazetteer lacks

    def places(self, *roles: str) -> list[Argument]:
        """The arguments with any of these roles, in text order."""
        return [a for a in self.args if a.role in roles]


def find_triggers(s: Sentence, lex: EventLexicon) -> list[tuple[Trigger, int, int]]:
    """Trigger matches, longest first and without overlaps; the same words may evoke two
    frames. Words glued to a hyphen ("cease-fire", "Pakistan-occupied") and words inside
    place names evoke nothing."""
    out: list[tuple[Trigger, int, int]] = []
    i = 0
    n = len(s.low)
    while i < n:
        found = [(t, e) for t, e in lex.match(s.low, i) if _free(s, i, e, t.frame)]
        if not found:
            i += 1
            continue
        longest = max(e for _, e in found)
        frames = set()
        noun_first = _reads_as_noun(s, i, lex)
        for t, e in sorted(found, key=lambda te: (-te[1], (te[0].pos == "verb") == noun_first)):
            if e == longest and t.frame not in frames:
                frames.add(t.frame)
                out.append((t, i, e))
        i = longest
    return out


def _reads_as_noun(s: Sentence, i: int, lex: EventLexicon) -> bool:
    """'violent clashes', 'the attacks', '30 strikes': a plural noun, not a verb ("Israel
    strikes Lebanon", "it attacks"), when nothing that could be its subject comes before."""
    if i == 0:
        return True  # "Clashes broke out", "Talks were held", "Fighting erupted"
    if i + 1 < len(s.low) and s.low[i + 1] in ("was", "were", "has", "have", "had", "is", "are") and i == 1:
        return True  # "Heavy shelling was reported": a sentence's first word and the noun it qualifies
    prev = s.low[i - 1]
    if prev == "to" or prev in lex.words["auxiliaries"]:
        return False  # "to recapture", "will strike"
    if s.place_covering(i - 1) in s.demonyms:
        return True  # "Israeli strikes"
    if prev in PRONOUNS or prev in lex.agent_class or s.tokens[i - 1][:1].isupper() and prev not in ("the", "a", "an"):
        return False
    return not (prev.endswith("ly") or prev in _VERB_ADVERBS)


def _free(s: Sentence, start: int, end: int, frame: str = "") -> bool:
    if start > 0 and s.glued[start] and s.low[start - 1] == "-":
        return False
    if start > 0 and s.tokens[start][:1].isupper() and not s.tokens[start].isupper() and frame != "Meeting" and (
            s.tokens[start - 1][:1].isupper() or (end < len(s.tokens) and s.tokens[end][:1].isupper())):
        return False  # "the Refugee Sheltering Emergency Committee": a word of a name
    if end < len(s.low) and s.low[end] == "-" and s.glued[end]:
        return False
    inner = range(start + 1, end - 1) if end - start > 2 else range(0)  # a wildcard may hold a name: "in Ukrainian hands"
    return all(s.place_covering(k) is None for k in range(start, end) if k not in inner)


def named_way(s: Sentence, j: int) -> bool:
    """The place is a border crossing, or the text calls it one ('the Islam Qala border crossing')."""
    if s.places[j].feature == "crossing":
        return True
    if s.places[j].feature == "country":
        return False
    k = s.place_end[j]
    if k < len(s.low) and s.low[k] == "border":
        k += 1
    after = s.tokens[k + 1] if k + 1 < len(s.tokens) else ""
    return k < len(s.low) and s.low[k] in event_lexicon().words["crossing_nouns"] and not (
        after[:1].isupper() or after.lower() in ("the", "a", "an"))  # not "X crossing the river"


def a_thing(s: Sentence, ch: Chunks, j: int) -> bool:
    """'on a Lada from X': a thing that shares a place's name ("a Kabul hospital" is in Kabul)."""
    end = s.place_end[j]
    nxt = s.low[end] if end < len(s.low) else ""
    return j > 0 and s.low[j - 1] in ("a", "an") and not (nxt.isalpha() and nxt not in PREPOSITIONS
                                                           and not ch.verbish[end])


