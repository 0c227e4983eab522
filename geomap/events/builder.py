"""Sentence frames: for each trigger, one frame with its role-labelled arguments.

A frame holds the trigger (frame name, verb or noun, voice, modality), the places it
governs with their roles (origin, destination, path, location, target, place...), the
agent and theme phrases (token spans), the theme's counts and the day it happened.
Roles come from the frame's preposition table in the lexicon; the word governing each
place comes from the dependency parse when the pipeline has one, else from the shallow
chunker (:mod:`geomap.events.clauses`). The readers are mixed in from
:mod:`~geomap.events.phrases`, :mod:`~geomap.events.modality` and
:mod:`~geomap.events.roles`."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from .actors import agent_class
from .clauses import Chunks, chunk
from .frames import Frame, Span, find_triggers
from .lexicon import EventLexicon, Trigger, event_lexicon
from .modality import ModalityReader
from .phrases import PhraseReader
from .roles import RoleReader
from .sentence import Sentence

_NOUN_MARKERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "'s", "’s", "our", "whose", "another",
                           "that", "these", "those", "every", "each", "any", "no", "main", "new", "second", "first",
                           "border", "official", "only"})
_OBJECT_LEADS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "several", "two", "three"})


@lru_cache(maxsize=1)
def _modal_verbs() -> frozenset[str]:
    """Verbs of the modality lists ("stem", "prevent", "seek", "try"): after "to", an infinitive."""
    words = event_lexicon().words
    return frozenset(w for key in ("negating_verbs", "attempt", "hypothetical", "realizing", "directive")
                     for w in words[key] if " " not in w)


def build_frames(s: Sentence, published: date | None, parsed: Any = None) -> list[Frame]:
    """The frames of one sentence (``parsed``: the spaCy Doc when it has a dependency parse)."""
    lex = event_lexicon()
    triggers = list(find_triggers(s, lex))
    if not triggers:
        return []  # most sentences: no need to chunk them
    builder = FrameBuilder(s, chunk(s), lex, published, parsed)
    return [f for f in (builder.build(t, a, b) for t, a, b in triggers) if f is not None]


class FrameBuilder(RoleReader, PhraseReader, ModalityReader):
    """Builds the frames of one sentence, one per trigger."""

    def __init__(self, s: Sentence, ch: Chunks, lex: EventLexicon, published: date | None, parsed: Any):
        self.s, self.ch, self.lex, self.published, self.parsed = s, ch, lex, published, parsed

    def build(self, trig: Trigger, start: int, end: int) -> Frame | None:
        """The frame of one trigger, or None when the words are no event here."""
        trig = self._reading(trig, start, end)
        if trig is None:
            return None
        spec = self.lex.frames[trig.frame]
        f = Frame(spec, trig, start, end, self.s, self.ch.clause(start))
        f.passive = self._passive(trig, start, end)
        f.modality = self._modality(f)
        subject = self.subject(self.ch.clause_of[start], before=start)
        f.agent = self._agent(f, subject)
        f.theme = self._theme(f, subject)
        if f.theme is None and spec.kind == "movement" and not spec.object_is_theme and f.agent is not None:
            f.theme = f.agent  # "Venezuelans crossing into Brazil": who moves is who crosses
        if spec.theme_class and (f.theme is None or agent_class(self.s, f.theme.start, f.theme.end) != spec.theme_class):
            return None  # "sent aid to X" is no deployment; "sent warships to X" is
        f.quantities = self._quantities(f)
        f.args = self._arguments(f, subject)
        f.date = self._date(self.ch.clause_of[start])
        if spec.kind == "movement" and not f.places("path"):
            f.path_name = self._path_name(f)
        if self.parsed is not None:
            _refine_with_parse(f, self.parsed)
        return f

    def _reading(self, trig: Trigger, start: int, end: int) -> Trigger | None:
        """How the trigger's words read here: as its verb, as a noun, or as no event."""
        low = self.s.low
        compound = start > 1 and low[start - 2] in _NOUN_MARKERS and low[start - 1].isalpha() and not \
            self.ch.verbish[start - 1] and trig.form in ("base", "s") and not (
                end < len(low) and low[end] in _OBJECT_LEADS)  # "a police patrol", not "an explosion hit the"
        if trig.pos == "verb" and start > 0 and (low[start - 1] in _NOUN_MARKERS or compound):
            if not self.lex.has_noun(trig.frame, trig.lemma):
                return None  # "a police patrol", "the nearest police station": a noun, no event
            trig = replace(trig, pos="noun", form="noun")  # "Kyiv's move into Kursk", "the return of"
        if trig.words[-1] in ("to", "into") and end < len(low) and (
                self.ch.verbish[end] and not low[end].endswith("ed") or low[end] in _modal_verbs()):
            return None  # "have come to fight", "moved to stem the exodus": an infinitive, not a destination
        before = self.s.place_covering(start - 1) if start > 0 else None
        named = before is not None and before not in self.s.demonyms and not self.s.is_possessive(before)
        if named and low[start] in self.lex.words["crossing_nouns"]:
            return None  # "across the Masnaa crossing into Syria": the name of the way, not a movement
        if named and trig.pos == "verb" and trig.form == "ing" and not self.lex.has_noun(trig.frame, trig.lemma):
            return None  # "the Medyka crossing": a name, not a movement
        if trig.form == "ing" and len(trig.words) == 1 and end < len(low) and (
                low[end] in self.lex.agent_class or low[end] in self.lex.words["people_nouns"]):
            return None  # "fleeing residents", "returning refugees": an adjective
        return trig


def _refine_with_parse(f: Frame, doc: Any) -> None:
    """With a dependency parse (a spaCy model in the pipeline): the voice comes from the
    arcs (``auxpass``/``nsubjpass``), and a verb whose subject the chunker could not find
    takes its ``nsubj`` subtree (or the ``agent`` of a passive)."""
    s = f.s
    tok = doc[s.start + f.start]
    deps = {c.dep_: c for c in tok.children}
    if f.trigger.pos == "verb":
        f.passive = f.passive or "auxpass" in deps or "nsubjpass" in deps
    if f.agent is not None or f.trigger.pos != "verb":
        return
    arc = deps.get("agent") if f.passive else deps.get("nsubj")
    if arc is not None and f.passive:
        arc = next((c for c in arc.children if c.dep_ == "pobj"), None)
    if arc is not None:
        a, b = arc.left_edge.i - s.start, arc.right_edge.i + 1 - s.start
        if 0 <= a < b <= len(s):
            f.agent = Span(a, b)
