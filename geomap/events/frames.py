"""Sentence frames: for each trigger, one frame with its role-labelled arguments.

A frame holds the trigger (frame name, verb or noun, voice, modality), the places it
governs with their roles (origin, destination, path, location, target, place...), the
agent and theme phrases (token spans), the theme's counts and the day it happened.
Roles come from the frame's preposition table in the lexicon; the word governing each
place comes from the dependency parse when the pipeline has one, else from the shallow
chunker (:mod:`geomap.events.clauses`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Place
from .actors import agent_class
from .clauses import PREPOSITIONS, Chunks, Clause, chunk
from .lexicon import EventLexicon, FrameSpec, Trigger, event_lexicon
from .measures import Quantity, read_quantities, read_time
from .sentence import Sentence, contains

__all__ = ["Argument", "Span", "Frame", "build_frames", "find_triggers"]

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "'s", "’s", "'re"})
_LOCATIVE = ("in", "at", "near", "around", "outside", "inside", "on")
_COUNT_LEADS = frozenset({"over", "about", "around", "some", "nearly", "almost", "at", "up", "more", "roughly",
                          "approximately", "under", "fewer", "less"})
_VERB_ADVERBS = frozenset({"also", "again", "now", "then", "still", "already", "reportedly", "allegedly", "repeatedly",
                           "regularly", "often", "never", "once", "later", "first", "finally"})
_NOUN_MARKERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "'s", "’s", "our", "whose", "another",
                           "that", "these", "those", "every", "each", "any", "no", "main", "new", "second", "first",
                           "border", "official", "only"})
_TERRITORY = frozenset({"territory", "soil", "airspace", "waters", "side", "lands", "land"})
_TIME_LEAD = frozenset({"earlier", "later", "last", "this", "next", "meanwhile", "however", "yesterday", "today",
                        "overnight", "then", "now", "also", "previously", "recently", "separately", "finally"})
_TIME_GLUE = frozenset({"on", "in", "at", "by", "since", "during", "the", "of", "early", "late", "mid", "mid-",
                        "morning", "night", "evening", "afternoon", "dawn", "-", "–", "and"})
_DAY_NUMBER = re.compile(r"^\d{1,4}(st|nd|rd|th)?([-–]\d{1,4}(st|nd|rd|th)?)?$|^\d{1,2}[:.]\d{2}(am|pm)?$|^(am|pm|a\.m|p\.m)$")
_NOT_OBJECTS = frozenset({"home", "back", "there", "here", "abroad", "overseas", "safely"})  # "returning home"
_OBJECT_LEADS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "several", "two", "three"})
_SPAN_START = frozenset({"since", "until", "before"})
_DECLARING = frozenset({"declared", "reported", "said", "believed", "considered", "deemed", "thought", "confirmed",
                        "announced", "seen", "feared"})
_PURPOSE_CAUSATIVES = frozenset({"sent", "sending", "led", "leading"})  # "sent troops to retake X": a purpose
_REPEL = frozenset({"repel", "repels", "repelled", "repelling", "repulse", "repulsed", "repulses", "repulsing"})
_KEEP = frozenset({"keep", "keeps", "kept", "keeping", "bar", "bars", "ban", "banned", "deter", "deterred"})
_PRONOUNS = frozenset({"they", "it", "he", "she", "we", "them", "its", "their", "his", "her", "our", "i", "you"})


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
    if prev in _PRONOUNS or prev in lex.agent_class or s.tokens[i - 1][:1].isupper() and prev not in ("the", "a", "an"):
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


def build_frames(s: Sentence, published: date | None, parsed: Any = None) -> list[Frame]:
    """The frames of one sentence (``parsed``: the spaCy Doc when it has a dependency parse)."""
    lex = event_lexicon()
    ch = chunk(s)
    builder = _Builder(s, ch, lex, published, parsed)
    return [f for f in (builder.build(t, a, b) for t, a, b in find_triggers(s, lex)) if f is not None]


class _Builder:
    def __init__(self, s: Sentence, ch: Chunks, lex: EventLexicon, published: date | None, parsed: Any):
        self.s, self.ch, self.lex, self.published, self.parsed = s, ch, lex, published, parsed

    def build(self, trig: Trigger, start: int, end: int) -> Frame | None:
        spec = self.lex.frames[trig.frame]
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

    # -- voice and modality ----------------------------------------------------------
    def _passive(self, trig: Trigger, start: int, end: int) -> bool:
        low = self.s.low
        if trig.pos == "pattern":
            return trig.words[-1] == "by"  # "held by", "occupied by"
        if trig.pos != "verb" or trig.form != "past":
            return False
        k = start - 1
        while k >= 0 and (low[k] in self.lex.words["adverbs"] or low[k].endswith("ly")):
            k -= 1
        if k >= 1 and low[k] in _DECLARING and low[k - 1] in _BE:
            k -= 1  # "was declared fully liberated", "were reported captured"
        if k >= 0 and low[k] in _BE:
            return True
        after = [w for w in low[end:end + 3] if w not in self.lex.words["adverbs"]]
        return bool(after) and after[0] == "by" and (k < 0 or low[k] in (",", "and") or not self.ch.verbish[k])

    def _modality(self, f: Frame) -> str:
        s, words = self.s, self.lex.words
        low = s.low
        c = f.clause
        window = [low[k] for k in range(max(c.start, f.start - 5), f.start) if not self._month_name(k)]
        group = [w for w in window if w in words["auxiliaries"] or w in words["negation"] or w in words["adverbs"]
                 or w.endswith("n't")]
        if any(w in words["negation"] or w.endswith("n't") for w in group) or (
                f.start > 0 and low[f.start - 1] == "without" and f.trigger.pos != "verb"):
            return "negated"
        if f.trigger.pos != "noun" and any(w in ("not", "never", "n't") or w.endswith("n't")
                                           for w in low[c.start:f.start]):
            return "negated"  # "has not ruled out using force to bring Taiwan under its control"
        if f.start > 0 and low[f.start - 1] in ("no", "never"):
            return "negated"
        head = self._governing_words(f)
        if any(w in words["disputing_verbs"] for w in head) and f.clause.kind in ("complement", "relative"):
            return "disputed"  # "the army dismissed reports that militants had overrun X"
        denials = [w for w in head if w in words["negating_verbs"]]
        if denials and all(w in _REPEL for w in denials):
            if f.spec.kind == "control":
                return "attempt"  # "repelled an attempt to capture X": fighting for X, no capture
        elif denials:
            return "negated"  # (a repelled attack happened)
        if any(w in words["attempt"] for w in head) or (f.start > 0 and low[f.start - 1] in ("attempted", "failed")):
            return "attempt"
        if f.trigger.pos == "noun" and self._subject_noun_with_modal(f):
            return "hypothetical"  # "The capture of Dessie would be a strategic gain"
        if any(w in words["hypothetical"] for w in head):
            return "hypothetical"
        if any(w in ("will", "shall", "'ll") for w in group) or " ".join(window[-3:]).endswith(
                ("is to", "are to", "set to", "due to", "expected to", "going to", "scheduled to")):
            return "future"
        if any(w in ("could", "would", "might", "may", "should", "must") for w in group):
            return "hypothetical"
        if low[c.start] in ("if", "unless", "whether"):
            return "hypothetical"
        return "asserted"

    def _month_name(self, k: int) -> bool:
        """'May' inside a sentence is the month ('in May', '3 May'), not the modal."""
        return k > 0 and self.s.low[k] in self.lex.months and self.s.tokens[k][:1].isupper()

    def _governing_words(self, f: Frame) -> list[str]:
        """The words that take the trigger as their complement: the verb before an
        infinitive ("tried to capture"), the noun before a gerund ("efforts on capturing"),
        the verbs of the clauses it is reported from ("denied reports that ...")."""
        s, words = self.s, self.lex.words
        low = s.low
        out: list[str] = []
        k = f.start - 1
        while k >= f.clause.start and low[k] in words["adverbs"]:
            k -= 1
        if k >= 0 and low[k] == "to":
            j = k - 1
            while j > 0 and (low[j] in words["vague_times"] or low[j] in ("for", "several", "many", "recent")):
                j -= 1  # "trying for weeks to recapture"
            while j >= 0 and (low[j] in words["adverbs"] or low[j] in words["determiners"]
                              or (j > 0 and low[j - 1] in ("forced", "forcing", "prompting", "prompted", "pushed")
                                  and not self.ch.verbish[j])):
                j -= 1
            by = next((t for t in range(j, max(-1, j - 5), -1) if low[t] == "by"), None)
            if by is not None and by > 0 and not any(self.ch.verbish[t] for t in range(by + 1, k)):
                j = by - 1  # "an attempt by the rebels to capture X": the attempt governs it
            gov = low[j] if j >= 0 else ""
            prev2 = " ".join(low[max(0, j - 1):j + 1])
            if gov in words["realizing"] or prev2 in words["realizing"] or self._forced(k):
                return []
            out.append(gov if gov else "want")
            if gov not in words["attempt"] and gov not in words["negating_verbs"] and prev2 not in words["attempt"]:
                out.append("want")  # an infinitive of purpose or intention: not (yet) an event
            return out
        if k >= 0 and (low[k] in words["hypothetical"] or low[k] in words["attempt"] or low[k] in words["negating_verbs"]) \
                and low[k] not in ("could", "would", "may", "might", "should", "must", "if"):
            out.append(low[k])  # "considered setting up camps", "denied capturing", "threatening attacks"
        lo = f.clause.start if f.clause.kind != "coordinate" else ch_start_of_host(self.ch, f.clause)
        for t in range(f.start - 1, max(lo, f.start - 15) - 1, -1):
            if low[t] in (".", ";"):
                break
            if low[t] == "to" and t > 0:
                before = low[max(0, t - 12):t]
                verb = next((low[v] for v in range(t - 1, max(-1, t - 8), -1)
                             if not (s.tokens[v][:1].isupper() or low[v] in words["determiners"])), "")
                if low[t - 1] in words["hypothetical"] or verb in words["hypothetical"] \
                        or any(w in words["directive"] for w in before):
                    out.append("want")  # "called on the army and the RSF to cease hostilities and sit for talks"
                break
        if f.trigger.form == "ing" or f.trigger.pos == "noun":
            prev = low[k] if k >= 0 else ""
            if prev in ("on", "at", "of", "in", "for", "to") and k > 0 and low[k - 1] in words["hypothetical"] | words["attempt"]:
                out.append(low[k - 1])
            if prev == "from" and any(w in words["negating_verbs"] or w in _KEEP for w in low[max(0, k - 6):k]):
                out.append("prevent")  # "to keep the militants from fleeing to X", "stopped them from crossing"
            if prev in words["determiners"] or prev in PREPOSITIONS:
                j = k - 1
                while j >= 0 and (low[j] in words["determiners"] or low[j] in ("a", "an", "the", "their", "its")):
                    j -= 1
                if j >= 0 and (low[j] in words["attempt"] or low[j] in words["negating_verbs"]
                               or low[j] in ("bid", "attempt", "attempts", "efforts", "effort", "drive", "plan", "plans",
                                             "threat", "threats", "goal", "aim", "prepare", "preparing")):
                    out.append(low[j])
        # a clause reported by a negating verb: "dismissed reports militants had overrun X"
        if f.clause.kind in ("complement", "main"):
            for k in range(max(0, f.clause.start - 8), f.clause.start):
                if low[k] in words["negating_verbs"] and low[k] not in _REPEL:
                    out.append(low[k])
        for k in range(f.clause.start, f.start):
            if low[k] in words["negating_verbs"] and f.clause.kind != "relative":
                out.append(low[k])
        return out

    def _subject_noun_with_modal(self, f: Frame) -> bool:
        low = self.s.low
        for k in range(f.end, f.clause.end):
            if low[k] in ("would", "could", "might", "may", "should") and not self._month_name(k):
                return True
            if self.ch.verbish[k]:
                return False
        return False

    def _forced(self, to_index: int) -> bool:
        """'forcing thousands of people to flee', 'forced its president ... to flee'."""
        low = self.s.low
        return any(low[j] in self.lex.words["causatives"] and low[j] not in self.lex.agent_class
                   and low[j] not in _PURPOSE_CAUSATIVES for j in range(max(0, to_index - 10), to_index))

    # -- subject, agent, theme ---------------------------------------------------------
    def subject(self, idx: int, before: int | None = None, depth: int = 0) -> Span | None:
        """The subject phrase of clause ``idx`` (shared from its host when it has none)."""
        ch, s, words = self.ch, self.s, self.lex.words
        c = ch.clauses[idx]
        low = s.low
        start = c.start
        if c.kind == "participle" and c.host is not None and depth < 3:
            return self.subject(c.host, depth=depth + 1)  # ", burning a UN office and prompting ..."
        if c.kind == "relative" and low[start] in ("who", "which", "that"):
            nxt = start + 1
            while nxt < c.end and low[nxt] in words["adverbs"]:
                nxt += 1
            if nxt < c.end and (ch.verbish[nxt] or low[nxt] in words["auxiliaries"]):
                return self._antecedent(c.marker if c.marker is not None else start)
        while start < c.end and (low[start] in (",", "and", "but", "that", "as", "while", "when", "after", "before",
                                                 "because", "since", "although", "though", "once", "if", "whereas",
                                                 "where", "whose", "who", "which")
                                 or low[start] in words["adverbs"]):
            start += 1
        limit = before if before is not None and c.start <= before <= c.end else c.end
        v = start
        while v < limit and not (ch.verbish[v] and not ch.aside[v]):
            v += 1
        if v == start and self._gerund_subject(start):
            v += 1  # "Fighting in Darfur has forced ...": a gerund heads the subject
            while v < limit and not (ch.verbish[v] and not ch.aside[v]):
                v += 1
        if v == start:
            if c.host is not None and depth < 3:
                return self.subject(c.host, depth=depth + 1)
            return None
        chunks = self._comma_chunks(start, v)
        for a, b in chunks:
            if self._only_time(a, b):
                continue  # "On November 27-28, ...", "In mid-March, ..."
            while a < b and (low[a] in _TIME_LEAD or low[a] in words["vague_times"] or low[a] in words["weekdays"]
                             or not s.tokens[a][:1].isalnum() or self._time_phrase_at(a)):
                a += 1  # "Earlier this month more than 1,000 troops ...", "On Monday about 4,000 ...", a quote
            if a >= b:
                continue
            counted = low[a] in _COUNT_LEADS and (any(_numeric(w) for w in low[a + 1:a + 3]) or low[a] == "some")
            if a >= b or (low[a] in PREPOSITIONS or low[a] in words["adverbs"]) and not counted \
                    or low[a] in words["reporting_verbs"]:
                continue
            if low[a].endswith("ing") and low[a] not in ("king",) and s.tokens[a][:1].isupper() and a == c.start \
                    and not ((a, b) == chunks[-1] and self._gerund_subject(a)):
                continue  # "Facing attacks by ..., they are fleeing": a participle, not the subject
            if (b - a == 1 or low[a] in ("its", "their")) and low[a] in _PRONOUNS and c.kind == "complement" \
                    and c.host is not None and depth < 3:
                host = self.subject(c.host, depth=depth + 1)  # "X said they had seized": they = X
                if host is not None:
                    return host
            return Span(a, b)
        if c.host is not None and depth < 3:
            return self.subject(c.host, depth=depth + 1)
        return None

    def _gerund_subject(self, a: int) -> bool:
        """'Fighting in Darfur has forced ...': an -ing word and its place phrase as the subject."""
        low = self.s.low
        return low[a].endswith("ing") and self.s.tokens[a][:1].isupper() and a + 1 < len(low) \
            and low[a + 1] in PREPOSITIONS

    def _only_time(self, a: int, b: int) -> bool:
        """Every word of the phrase tells a time: 'On November 27-28', 'in early May 2023'."""
        words = self.lex.words
        return all(w in self.lex.months or w in words["weekdays"] or w in words["vague_times"] or w in _TIME_LEAD
                   or w in _TIME_GLUE or _DAY_NUMBER.match(w) or not w[:1].isalnum() for w in self.s.low[a:b])

    def _time_phrase_at(self, a: int) -> bool:
        """'On Monday', 'in March', 'on 13 September': a time phrase opening a clause."""
        low, words = self.s.low, self.lex.words
        nxt = low[a + 1] if a + 1 < len(low) else ""
        return low[a] in ("on", "in", "at", "by", "since", "during") and (
            nxt in words["weekdays"] or nxt in self.lex.months or nxt[:1].isdigit() or nxt in ("the", "early", "late")
            and a + 2 < len(low) and (low[a + 2] in words["weekdays"] or low[a + 2] in ("morning", "night", "evening")))

    def _comma_chunks(self, a: int, b: int) -> list[tuple[int, int]]:
        out, start = [], a
        for k in range(a, b):
            if self.s.low[k] == "," and not self.ch.aside[k] and not self.ch._list_comma(k):
                if k > start:
                    out.append((start, k))
                start = k + 1
        if b > start:
            out.append((start, b))
        return out

    def _antecedent(self, marker: int) -> Span | None:
        """The noun phrase a relative pronoun stands for: back from it to a boundary."""
        low = self.s.low
        end = marker
        while end > 0 and low[end - 1] == ",":
            end -= 1
        k = end - 1
        while k >= 0 and not (low[k] in (",", ";", ":") and not self.ch._list_comma(k)) and not self.ch.verbish[k] \
                and not (low[k] in PREPOSITIONS and low[k] != "of"):
            k -= 1
        return Span(k + 1, end) if end > k + 1 else None

    def _agent(self, f: Frame, subject: Span | None) -> Span | None:
        low = self.s.low
        agent_preps = [p for p, r in f.spec.roles.items() if r in ("agent", "recipient")]
        if f.passive or f.trigger.pos != "verb":
            agent_preps.append("by")
        agent_preps.sort(key=lambda w: w != "by")
        if f.trigger.words[-1] in agent_preps or f.trigger.words[-1] == "by":
            return self._np_after(f.end, f.clause.end)  # "occupied by Azerbaijan", "fell to the rebels"
        if f.trigger.pos == "pattern" and "*" in "".join(f.trigger.words):
            named = self._wildcard_words(f)
            if named is not None:
                return named  # "under rebel control", "in the jihadists' hands"
        for prep in agent_preps:
            for k in range(f.end, f.clause.end):
                if low[k] == prep:
                    span = self._np_after(k + 1, f.clause.end)
                    if span is not None:
                        return span
                if self.ch.verbish[k] and k > f.end + 1:
                    break
        if f.trigger.pos == "noun" and f.spec.name in ("Meeting", "Hostile_encounter"):
            partner = self._partner(f)  # "a meeting with X", "clashes between X and Y"
            if partner is not None:
                return partner
            if f.spec.name == "Meeting":
                return subject
        if f.trigger.pos in ("noun", "pattern"):
            mod = self._modifier_agent(f.start) if f.trigger.pos == "noun" else None
            if mod is not None:
                return mod
            if self._after_light_verb(f.start) or f.trigger.pos == "pattern":
                return subject
            return None
        if f.spec.subject_role:
            return None  # "Dessie fell to X", "Kapan came under fire": the subject is the place
        if f.trigger.form == "ing" and f.start > 0:
            k = f.start - 1
            owner = self.s.place_covering(k)
            if owner is not None and owner in self.s.places and not self.s.is_possessive(owner):
                return Span(owner, self.s.place_end[owner])  # "resulting in Azerbaijan recapturing X"
        return None if f.passive else subject

    def _wildcard_words(self, f: Frame) -> Span | None:
        """The words a pattern's wildcard matched, when they name who holds the place."""
        low = self.s.low
        fixed = [w for w in f.trigger.words if w not in ("*", "**")]
        inner = [k for k in range(f.start, f.end) if low[k] not in fixed and low[k] not in ("'s", "’s", "'")]
        inner = [k for k in inner if low[k] not in ("the", "a", "an")]
        if not inner or all(low[k] in _PRONOUNS for k in inner):
            return None
        return Span(inner[0], inner[-1] + 1)

    def _partner(self, f: Frame) -> Span | None:
        low = self.s.low
        for k in range(f.end, f.clause.end):
            if low[k] in ("with", "between"):
                b = k + 1
                while b < f.clause.end and low[b] not in (",", ".", ";", "in", "at", "on", "near", "earlier", "last",
                                                            "this", "to", "over", "since", "after", "for") \
                        and not self.ch.verbish[b]:
                    b += 1
                return Span(k + 1, b) if b > k + 1 else None
        return None

    def _modifier_agent(self, start: int) -> Span | None:
        """'Israeli strike', 'Hezbollah drone attack', 'Russia's offensive', 'the RSF's advance'."""
        s, low = self.s, self.s.low
        k = start - 1
        while k >= 0 and low[k] in ("-", "claimed", "led", "launched", "backed", "explosive", "laden", "heavy",
                                    "fresh", "new", "latest", "overnight", "deadly", "major", "large-scale", "huge",
                                    "massive", "surprise", "lightning", "renewed", "alleged", "suspected", "ground",
                                    "air", "aerial", "naval", "joint", "military", "an", "a", "the", "its", "their"):
            if low[k] in ("a", "an", "the", "its", "their"):
                return None
            k -= 1
        if k < 0:
            return None
        if low[k] in ("'s", "’s") and k > 0:
            j = k - 1
            while j > 0 and s.tokens[j - 1][:1].isupper() and low[j - 1] not in ("the",):
                j -= 1
            return Span(j, k)
        owner = s.place_covering(k)
        if owner is not None:
            return Span(owner, s.place_end[owner]) if owner in s.demonyms else None
        if s.tokens[k][:1].isupper() and low[k] not in self.lex.words["determiners"]:
            j = k
            while j > 0 and s.tokens[j - 1][:1].isupper() and s.place_covering(j - 1) is None:
                j -= 1
            if j > 0 and s.place_covering(j - 1) is None:
                return Span(j, k + 1)  # "Hezbollah drone attack", "the RSF offensive"
        return None

    def _after_light_verb(self, start: int) -> bool:
        """'launched an offensive', 'carried out strikes', 'took part in drills'."""
        low = self.s.low
        k = start - 1
        while k >= self.ch.clause(start).start and (low[k] in self.lex.words["determiners"] or not self.ch.verbish[k]) \
                and low[k] not in PREPOSITIONS and start - k < 6:
            k -= 1
        for n in (3, 2, 1):
            if tuple(low[max(0, k - n + 1):k + 1]) in self.lex.light_verbs:
                return True
        if k >= 0 and low[k] in ("in", "of") and k > 0:  # "took part in drills"
            return tuple(low[max(0, k - 2):k + 1]) in self.lex.light_verbs or tuple(low[max(0, k - 1):k + 1]) in self.lex.light_verbs
        return False

    def _np_after(self, a: int, limit: int) -> Span | None:
        low = self.s.low
        b = a
        while b < limit and low[b] not in (",", ";", ":", ".", "(", "and", "who", "which", "that", "after", "as", "on",
                                           "in", "at", "from", "to", "with", "into", "since", "for") \
                and not (self.ch.verbish[b] and b > a):
            b += 1
        return Span(a, b) if b > a else None

    def _theme(self, f: Frame, subject: Span | None) -> Span | None:
        spec, low = f.spec, self.s.low
        caused = self._caused(f)
        if caused is not None:
            return caused  # "prompting thousands to flee", "forced 7 million people from their homes"
        if spec.object_role == "previous" and not f.passive and "**" in f.trigger.words:
            return self._wildcard_words(f)  # "expelled 2,000 migrants from X": who was made to leave
        if spec.object_is_theme and not f.passive:
            if f.trigger.pos == "verb" and "**" in f.trigger.words:
                inside = self._wildcard_words(f)
                if inside is not None:
                    return inside  # "forced seven million people from their homes"
            if f.trigger.pos == "verb":
                span = self._np_after(f.end, f.clause.end)
                if span is not None and self.s.place_covering(span.start) is None \
                        and low[span.start] not in _NOT_OBJECTS:
                    return span
            else:
                if f.end < len(low) and low[f.end] == "of":
                    return self._np_after(f.end + 1, f.clause.end)
        if f.trigger.pos == "noun" and f.end < len(low) and low[f.end] == "of":
            return self._np_after(f.end + 1, f.clause.end)
        if f.trigger.pos == "noun" and spec.kind == "movement" and not self._after_light_verb(f.start):
            return None  # "... that the exodus was not confined to X": the subject is not who moved
        return subject

    def _caused(self, f: Frame) -> Span | None:
        """Who was made to move: 'forcing thousands of people to flee'."""
        low = self.s.low
        if f.start < 2 or low[f.start - 1] != "to":
            return None
        for k in range(f.start - 2, max(f.clause.start - 1, f.start - 13), -1):
            if low[k] in self.lex.words["causatives"]:
                # "forcing aid workers to withdraw and thousands of people to flee": the last conjunct
                a = max([t + 1 for t in range(k + 1, f.start - 1) if low[t] == "and"], default=k + 1)
                return Span(a, f.start - 1) if f.start - 1 > a else None
        return None

    def _quantities(self, f: Frame) -> list[Quantity]:
        """The theme's counts; several demonymic groups ("6,000 Lebanese and 15,000
        Syrians") give one each."""
        units = _demonym_units()
        s = self.s
        spans = [f.theme] if f.theme is not None else []
        if f.spec.kind in ("military_activity", "base") or f.spec.name in ("Military_deployment",):
            spans.append(Span(f.clause.start, f.clause.end))
        for span in spans:
            if span is not f.theme and span == f.theme:
                continue
            toks = s.tokens[span.start:span.end]
            qs = [q for q in read_quantities(toks, units) if not self.ch.aside[span.start + q.start]]
            named = [q for q in qs if q.unit and q.unit not in self.lex.words["casualty_nouns"]]
            if named:
                demonymic = [q for q in named if q.unit in units and q.value is not None]
                return [_shift(q, span.start) for q in (demonymic if len(demonymic) > 1 else named[:1])]
            bare = [q for q in qs if not q.unit and q.value is not None and q.start == 0 or
                    (not q.unit and q.value is not None and all(t.lower() in self.lex.words["determiners"]
                                                                for t in toks[:q.start]))]
            if bare and span is f.theme and span is spans[0]:
                return [_shift(bare[0], span.start)]
        return []

    # -- places ------------------------------------------------------------------------
    def _arguments(self, f: Frame, subject: Span | None) -> list[Argument]:
        s, ch, spec = self.s, self.ch, f.spec
        words = self.lex.words
        out: list[Argument] = []
        clause = f.clause
        hi = self._argument_end(f)
        outside = range(subject.start, subject.end) if subject is not None and subject.start < clause.start else range(0)
        for j in sorted(s.places):
            if not (clause.start <= j < hi or j in outside) or j in range(f.start, f.end):
                continue
            if s.hyphen_modifier(j, words["hyphen_modifiers"]):
                continue
            if a_thing(s, self.ch, j):
                continue
            if s.places[j].feature == "country" and s.place_end[j] < len(s.low) \
                    and s.low[s.place_end[j]] in _base_nouns():
                continue  # "attacked US bases in Iraq": whose bases, not where
            if s.is_possessive(j) and not self._possessive_location(j, spec.kind == "movement"):
                continue
            if self._modifies_people(j) and not self._modifies_people(j, civilian=True) \
                    or self._modifies_people(j) and spec.kind != "movement":
                continue  # "100,000 US troops", "US forces started a withdrawal"
            if ch.aside[j] and not self._list_aside(j):
                continue
            role = self._role(f, j, subject)
            if role is None:
                continue
            gov, gi = ch.governor(j)
            if gi > f.end and sum(w[:1].isalnum() for w in s.low[f.end:gi]) > _WINDOW and gov not in ("including",):
                continue  # "... nearly a year into exchanges between X and Hezbollah allied with Hamas in Gaza"
            q = self._bound_count(gi) if gi >= 0 else None
            if spec.kind == "movement" and role in ("destination", "origin") and gov in ("at", "in", "") and (
                    named_way(s, j)):
                role = "path"  # "crossed into Poland at the Medyka crossing", "arrive at the X border crossing"
            if gov == "in" and role in ("location", "origin", "destination") and self._after_unknown_names(gi):
                continue  # "from Velyka Komyshuvakha and Zavody in the Kharkiv region": names we could not place
            out.append(Argument(role, s.places[j], j, q, gov))
        for j in sorted(s.demonyms):  # "entered Syrian territory", "the Turkish side of the border"
            end = s.place_end[j]
            bare_object = j == f.end and spec.object_role == "destination" and (
                end >= len(s.low) or s.low[end] in PREPOSITIONS or not s.tokens[end][:1].isalpha())
            if clause.start <= j < hi and j >= f.end and (bare_object or end < len(s.low) and s.low[end] in _TERRITORY):
                role = self._role(f, j, subject)
                if role is not None:
                    out.append(Argument(role, s.demonyms[j], j))
        if spec.kind == "movement":
            for j in sorted(s.places):  # a crossing point named in the clause is the way taken
                p = s.places[j]
                if clause.start <= j < hi and p.feature == "crossing" and not any(a.index == j for a in out):
                    out.append(Argument("path", p, j))
        if spec.kind == "control" and not any(a.role == "place" for a in out):
            out.extend(self._crossing_list(f))
        if f.clause.kind == "relative" and f.clause.marker is not None and s.low[f.clause.marker] == "where":
            if not any(a.role in ("location", "target", "place", "destination") for a in out):
                ante = self._place_before(f.clause.marker)
                role = spec.roles.get("in")
                if ante is not None and role:
                    out.append(Argument(role, s.places[ante], ante))
        if "there" in s.low[f.end:clause.end] and not out:
            ante = self._place_before(f.start, locative=True)
            role = spec.roles.get("in")
            if ante is not None and role:
                out.append(Argument(role, s.places[ante], ante))
        if f.passive and not any(a.role == (spec.subject_passive or spec.object_role) for a in out) and f.start > 0 \
                and s.low[f.start - 1] == ",":
            out.extend(self._modified_by_participle(f))
        if not out and spec.kind in ("attack", "displacement", "military_activity") and clause.kind in (
                "subordinate", "participle", "coordinate") and clause.host is not None:
            out = self._host_locations(f)  # "set up camp in X, as attacks by gangs pushed people to seek shelter"
        if spec.name == "Fleeing" and not any(a.role == "origin" for a in out) and clause.kind == "participle" \
                and clause.host is not None:
            out.extend(self._host_places(f, "origin"))  # "Gangs attacked X, forcing residents to flee to Y"
        return _drop_containers(out)

    def _modified_by_participle(self, f: Frame) -> list[Argument]:
        """'Shushi, the famous cultural city of Nagorno-Karabakh, occupied by Azerbaijan':
        the participle describes the place before the apposition."""
        s = self.s
        role = f.spec.subject_passive or f.spec.object_role
        if not role:
            return []
        before = [j for j in sorted(s.places) if j < f.start and f.start - j <= 14 and not s.is_possessive(j)]
        for j in before:
            if not any(self.ch.verbish[k] for k in range(s.place_end[j], f.start)):
                inner = [k for k in before if k > j and contains(s.places[j], s.places[k])]
                pick = j if not any(contains(s.places[k], s.places[j]) for k in before if k != j) else j
                return [Argument(role, s.places[inner[0] if inner else pick], inner[0] if inner else pick)]
        return []

    def _after_unknown_names(self, gi: int) -> bool:
        """The preposition follows capitalised names that are not places we know: the place
        after it is their container, not the event's place."""
        s = self.s
        k = gi - 1
        if not (k > 0 and s.tokens[k][:1].isupper() and s.place_covering(k) is None and s.low[k] not in ("the", "a")
                and not s.tokens[k].isupper()):
            return False
        while k > 0 and s.tokens[k - 1][:1].isupper() and s.place_covering(k - 1) is None:
            k -= 1
        before = s.low[k - 1] if k > 0 else ""
        person = self.lex.agent_class.get(s.low[k]) == "leaders" or self.lex.agent_class.get(before) == "leaders" \
            or s.place_covering(k - 1) in s.demonyms if k > 0 else False
        return not person  # "met President Andrzej Duda in Warsaw" names a person, not a place

    def _host_places(self, f: Frame, role: str) -> list[Argument]:
        """The place the host clause's verb acts on: 'attacked the town of X, forcing ...'."""
        s, ch = self.s, self.ch
        host = ch.clauses[f.clause.host]
        for j in sorted(s.places):
            if host.start <= j < host.end and not s.is_possessive(j) and ch.governor(j)[0] in ("", "of", "in", "at"):
                if s.places[j].feature not in ("country",):
                    return [Argument(role, s.places[j], j)]
        return []

    def _host_locations(self, f: Frame) -> list[Argument]:
        s, ch = self.s, self.ch
        host = ch.clauses[f.clause.host]
        if f.clause.kind == "subordinate" and f.clause.marker is not None and s.low[f.clause.marker] in _SPAN_START:
            return []  # "Since the fighting began, 500,000 refugees have arrived in Chad": not fighting in Chad
        role = f.spec.roles.get("in") or f.spec.roles.get("at")
        for j in sorted(s.places):
            if host.start <= j < host.end and not s.is_possessive(j) and ch.governor(j)[0] in _LOCATIVE + ("around",):
                return [Argument(role, s.places[j], j)] if role else []
        return []

    def _path_name(self, f: Frame) -> Span | None:
        """A named way the people took that is no place we know: 'via the Darien Gap',
        'through the Jdeidet Yabus border', 'crossing the Naf River'."""
        s, low = self.s, self.s.low
        heads = self.lex.words["path_heads"]
        starts = [k + 1 for k in range(f.end, min(f.clause.end, f.end + _WINDOW)) if low[k] in ("via", "through", "across", "over")]
        if f.spec.object_role == "path":
            starts.insert(0, f.end)
        for k in starts:
            if k < len(low) and low[k] == "the":
                k += 1
            e = k
            while e < len(low) and e - k < 5 and s.tokens[e][:1].isupper() and s.place_covering(e) is None:
                e += 1
            if e > k and (low[e - 1] in heads or (e < len(low) and low[e] in heads)):
                return Span(k, e)
        return None

    def _crossing_list(self, f: Frame) -> list[Argument]:
        """'control ... border crossings (from Kunduz into Tajikistan; from Herat into Iran)':
        the crossings named by the place on their side, the first of each item."""
        s, low = self.s, self.s.low
        nouns = self.lex.words["crossing_nouns"]
        for k in range(f.end, f.clause.end - 1):
            if low[k] in nouns and low[k + 1] == "(":
                close = _closing(low, k + 1)
                out, item_start = [], k + 2
                for i in range(k + 2, close + 1):
                    if i == close or low[i] == ";":
                        first = next((j for j in sorted(s.places) if item_start <= j < i), None)
                        if first is not None:
                            out.append(Argument("place", s.places[first], first))
                        item_start = i + 1
                return out
        return []

    def _argument_end(self, f: Frame) -> int:
        """Where a trigger's arguments end: its clause, or a list it opens after a
        subordinate clause ("... under its control as troops withdraw, including X")."""
        ch, low = self.ch, self.s.low
        end = f.clause.end
        idx = ch.clause_of[f.start]
        nxt = ch.clauses[idx + 1] if idx + 1 < len(ch.clauses) else None
        if f.spec.kind == "movement" and nxt is not None and nxt.kind == "participle" and (
                low[nxt.start] in self.lex.words["motion_participles"]):
            return nxt.end  # "fifty refugees entered the country, coming from the Axum town"
        if f.clause.kind not in ("main", "complement", "coordinate", "report", "resume"):
            return end
        for nxt in ch.clauses[idx + 1:idx + 3]:
            if "including" in low[nxt.start:nxt.end]:
                k = low.index("including", nxt.start, nxt.end)
                if low[k - 1] == ",":
                    return nxt.end
        return end

    def _role(self, f: Frame, j: int, subject: Span | None) -> str | None:
        ch, spec = self.ch, f.spec
        if j >= f.end:
            gov, gi = ch.governor(j, floor=f.end)
            if gov == "of-place":
                return None
            if f.trigger.pos == "noun" and self._noun_phrase_ends(f.end, j):
                return None  # "airstrikes in the area, would put pressure on Raqqa"
            if gov == "including":
                return self._including_role(f, gi)
            if gov == "":
                last = " ".join(f.trigger.words[-2:]) if len(f.trigger.words) > 1 else ""
                for prep in (last, f.trigger.words[-1]):
                    if prep in spec.roles and f.trigger.pos != "pattern":
                        return spec.roles[prep]  # "driven out of Timbuktu", "fled into Uzbekistan"
                if f.trigger.pos in ("noun", "pattern") or self._after_clause_verb(f, j):
                    return None
                return spec.object_role
            if gi > f.end and self._after_clause_verb(f, gi):
                return None  # "captured villages as part of an offensive to take control of Donbas"
            return spec.roles.get(gov)
        # before the trigger
        if spec.kind == "base" and f.trigger.pos == "noun" and self.s.is_possessive(j) and f.start - self.s.place_end[j] <= 3:
            return spec.roles.get("in")  # "Damasak's garrison"
        gov, gi = ch.governor(j)
        if spec.kind == "base" and f.trigger.pos == "noun" and subject is not None and subject.start <= j < subject.end \
                and gov == "" and self._predicate_of_subject(subject, f.start):
            return spec.roles.get("in")  # "Barentu had served as a major command centre"
        if f.trigger.pos == "noun" and self._modifies(j, f.start) and not s_poss(self.s, j):
            return spec.roles.get("in")  # "the Dushanbe meeting", "the Munich Security Conference"
        if f.trigger.pos == "noun" and gov in _LOCATIVE and self._leads_to(j, f.start):
            return spec.roles.get(gov)  # "journalists near the Hsinchu air force base"
        in_subject = subject is not None and subject.start <= j < subject.end
        displaces = spec.kind in ("displacement", "attack") or spec.default_kind == "displacement"
        if in_subject and gov in _LOCATIVE and displaces and f.trigger.pos == "verb":
            return spec.roles.get(gov)  # "The war in Sudan has forced millions from their homes"
        if in_subject and gov == "from" and spec.kind in ("movement", "displacement"):
            return "origin"  # "350 refugees from Afghanistan had crossed", "soldiers from X sought refuge in Y"
        if in_subject and gov in _LOCATIVE and f.trigger.pos == "noun" and self._after_light_verb(f.start):
            return spec.roles.get(gov)  # "troops at the base in Dushanbe took part in drills"
        if in_subject:
            if self._names_a_thing(j, subject):
                return None  # "the Golden Dragon exercises were held": the name of something else
            if spec.subject_role:
                return spec.subject_role
            if f.passive or f.trigger.pos == "pattern":
                return spec.subject_passive or spec.object_role
            if self._modifies_people(j, civilian=True):
                return "origin" if spec.kind == "movement" else None
            return None
        if gov == "of-place":
            return None
        if gov == "to" and spec.kind == "meeting" and f.trigger.pos == "noun" and "for" in self.s.low[max(0, f.start - 3):f.start]:
            return "location"  # "travelled to Tehran for talks"
        if gov == "" and f.trigger.pos == "pattern":
            return spec.object_role  # "brought Afghanistan under its control"
        if gov in _LOCATIVE and f.trigger.pos != "pattern":
            return spec.roles.get(gov) if spec.roles.get(gov) in ("location", "target", "origin") else None
        if gov == "" and self._modifies_people(j, civilian=True) and spec.kind == "movement":
            return "origin"  # "Tigray refugees crossed"
        return None

    def _names_a_thing(self, j: int, subject: Span) -> bool:
        """The place is a modifier of a common noun that is no place ("X exercises")."""
        s, words = self.s, self.lex.words
        k = s.place_end[j]
        if k >= subject.end or not s.tokens[k][:1].islower() or not s.low[k].isalpha():
            return False
        return not (s.low[k] in ("and", "or", "nor") or s.low[k] in words["determiners"]
                    or s.low[k] in words["place_nouns"] or s.low[k] in words["crossing_nouns"]
                    or s.low[k] in words["path_heads"] or s.low[k] in PREPOSITIONS or self.ch.verbish[k]
                    or s.low[k] in self.lex.agent_class or s.low[k] in words["people_nouns"])

    def _predicate_of_subject(self, subject: Span, start: int) -> bool:
        """The noun is what the subject is: 'X is / was / served as / became a base'."""
        words = self.s.low[subject.end:start]
        return any(w in ("is", "was", "became", "becomes", "serves", "served", "remains", "remained", "hosts", "housed")
                   for w in words) and len(words) <= 8

    def _light(self, k: int) -> bool:
        """A light or intransitive verb a noun trigger keeps its places across ("broke out")."""
        low, light = self.s.low, self.lex.light_verbs
        return (low[k],) in light or tuple(low[k:k + 2]) in light or (k > 0 and tuple(low[k - 1:k + 1]) in light)

    def _noun_phrase_ends(self, a: int, j: int) -> bool:
        """A verb or a clause comma ends a noun trigger's phrase; a purpose does not ("a
        ground offensive to push them out of Amhara")."""
        low, words = self.s.low, self.lex.words
        return any((self.ch.verbish[k] and not (k > 0 and low[k - 1] == "to") and "by" not in low[k + 1:k + 3]
                    and low[k] not in words["auxiliaries"] and not self._light(k))
                   or (low[k] == "," and not self.ch._list_comma(k) and not self.ch.aside[k]) for k in range(a, j))

    def _including_role(self, f: Frame, gi: int) -> str | None:
        """'seven adjacent regions, including Kalbajar': the list extends the noun before it;
        after a clause with no such noun ("as troops withdraw, including X") it extends the
        main clause's object."""
        low = self.s.low
        k = gi - 1
        while k >= 0 and low[k] in (",",):
            k -= 1
        noun = low[k] if k >= 0 else ""
        placeish = noun in self.lex.words["place_nouns"]
        if placeish:
            return f.spec.object_role or f.spec.roles.get("in") if f.clause.start <= k else None
        if f.clause.kind in ("subordinate", "relative", "participle"):
            return None
        return f.spec.object_role or f.spec.roles.get("in")

    def _after_clause_verb(self, f: Frame, j: int) -> bool:
        """Another verb stands between the trigger and the place ("seized X and said Y");
        a purpose after a deployment does not ("deployed ships to encircle Taiwan")."""
        low = self.s.low
        for k in range(f.end, j):
            if f.trigger.pos == "noun" and self._light(k):
                continue  # "talks were held in Dushanbe", "clashes broke out near X"
            if f.spec.kind == "movement" and low[k] in self.lex.words["motion_participles"]:
                continue  # "entered the country, coming from the Axum town"
            if k > f.end and low[k].endswith("ed") and k + 1 < j and low[k + 1] in PREPOSITIONS \
                    and low[k - 1] not in self.lex.words["auxiliaries"] and low[k - 1] != ",":
                continue  # "discussed proposals related to a truce with officials in Cairo": a modifier
            if self.ch.verbish[k] and low[k] not in self.lex.words["auxiliaries"] and "by" not in low[k + 1:k + 3]:
                return not (low[k - 1] == "to" and f.spec.kind in ("military_activity", "attack"))
        return False

    def _leads_to(self, j: int, start: int) -> bool:
        """The place modifies the trigger noun: only name words stand between them."""
        s = self.s
        between = s.tokens[s.place_end[j]:start]
        return len(between) <= 4 and all(t[:1].isupper() or t.lower() in ("air", "force", "naval", "military", "army", "-")
                                         for t in between)

    def _modifies(self, j: int, start: int) -> bool:
        s = self.s
        between = s.tokens[s.place_end[j]:start]
        return len(between) <= 3 and all(t[:1].isupper() or t in ("-",) for t in between)

    def _possessive_location(self, j: int, moving: bool = False) -> bool:
        """'Ream's new pier', 'Damasak's garrison', 'Goma's airport': a town's facility is
        where things happen; a country's ("Russia's base") is its owner."""
        s = self.s
        end = s.place_end[j] + 1
        nouns = [k for k in range(end, min(len(s.low), end + 3)) if s.low[k] in self.lex.words["place_nouns"]]
        if s.places[j].feature == "country":
            # "poured into South Sudan's Renk county": a part of the country we cannot place is in it
            return moving and bool(nouns) and not any(s.place_covering(k) is not None for k in range(end, nouns[0] + 1))
        return bool(nouns)

    def _modifies_people(self, j: int, civilian: bool = False) -> bool:
        """The place names whose people a noun is: "US troops", "Tigray refugees"."""
        s = self.s
        end = s.place_end[j]
        if end >= len(s.low):
            return False
        w = s.low[end]
        if civilian:
            return self.lex.agent_class.get(w) == "civilian"
        return w in self.lex.agent_class or w in self.lex.words["people_nouns"]

    def _list_aside(self, j: int) -> bool:
        """A bracketed list of places right after a noun: 'districts (Ain, Al-Olya and Usaylan)'."""
        s, low = self.s, self.s.low
        depth, k = 0, j
        while k > 0:
            k -= 1
            depth += low[k].count(")") - low[k].count("(")
            if depth < 0:
                break
        else:
            return False
        close = _closing(low, k)
        inside = [i for i in range(k + 1, close) if s.place_covering(i) is None and low[i] not in (",", "and", "or")]
        before = k - 1
        return not inside and before >= 0 and not self.ch.verbish[before] and s.place_covering(before) is None \
            and s.tokens[before][:1].islower()

    def _place_before(self, i: int, locative: bool = False) -> int | None:
        """The place a "where" or "there" refers to: for "where", the place just before it
        (the town, not the province after it: "Dessie in Amhara region, where ...")."""
        s = self.s
        before = [j for j in sorted(s.places) if s.place_end[j] <= i and not s.is_possessive(j)]
        if locative:
            before = [j for j in before if self.ch.governor(j)[0] in _LOCATIVE + ("of-place",)]
            return before[-1] if before else None
        if not before or any(w not in self.lex.words["transparent"] and w != ","
                             for w in s.low[s.place_end[before[-1]]:i]):
            return None
        j = before[-1]
        while len(before) > 1 and contains(s.places[j], s.places[before[-2]]) and self.ch.governor(j)[0] in (
                "in", "of-place", ""):
            before.pop()
            j = before[-1]
        return j

    def _bound_count(self, gi: int) -> Quantity | None:
        """A count right before the preposition: 'around 1,000 in Niamey', '8,000 to Mexico'."""
        s = self.s
        a = max(0, gi - 4)
        for q in read_quantities(s.tokens[a:gi]):
            if q.value is not None and a + q.end == gi:
                return Quantity(q.value, q.unit, a + q.start, a + q.end)
        return None

    # -- time --------------------------------------------------------------------------
    def _date(self, idx: int) -> str | None:
        ch = self.ch
        c = ch.clauses[idx]
        day, found = read_time(self._own_tokens(c), self.published)
        if found:
            return day
        if c.kind in ("complement", "coordinate", "participle", "main") or (c.kind == "report" and c.host is None):
            for k, other in enumerate(ch.clauses):
                if other.kind == "report" and k != idx:
                    day, found = read_time(self._own_tokens(other), self.published)
                    if found:
                        return day
            if c.host is not None and c.kind != "main":
                return self._date(c.host)
        return None

    def _own_tokens(self, c: Clause) -> list[str]:
        return [t for i, t in enumerate(self.s.tokens[c.start:c.end], c.start) if not self.ch.aside[i]
                or self.s.low[i] in self.lex.words["weekdays"]]


def ch_start_of_host(ch: Chunks, clause: Clause) -> int:
    """Where the clause a coordinated clause shares its subject with begins."""
    return ch.clauses[clause.host].start if clause.host is not None else clause.start


def s_poss(s: Sentence, j: int) -> bool:
    return s.is_possessive(j)


def _numeric(w: str) -> bool:
    return any(c.isdigit() for c in w) or w in event_lexicon().number_words


def _closing(low: list[str], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(low)):
        if low[i] == "(":
            depth += 1
        elif low[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(low)


def _shift(q: Quantity, by: int) -> Quantity:
    return Quantity(q.value, q.unit, q.start + by, q.end + by)


_WINDOW = 14  # tokens between a trigger and the preposition of a place it governs

_RANK = {"country": 5, "region": 4, "adm1": 4, "adm2": 3, "water": 2, "landform": 2}
_PLACE_ROLES = ("location", "target", "place", "destination")


def _drop_containers(args: list[Argument]) -> list[Argument]:
    """Keep the innermost place: never the province of a named town ("Rihkhawdar and
    Khawmawi in Myanmar's Chin state", "Nyzhnye and Orikhiv in the Zaporizhzhia region")."""
    args = [a for a in args if not _locates_path(a, args)]
    out = []
    for a in args:
        same = [b for b in args if b is not a and (b.role == a.role or (a.role in _PLACE_ROLES and b.role in _PLACE_ROLES))]
        if any(contains(a.place, b.place) for b in same):
            continue
        if a.index >= 0 and a.gov in ("in", "of-place") and any(
                0 <= b.index < a.index and a.index - b.index <= 12 and b.gov != "including"
                and _RANK.get(a.place.feature, 1) > _RANK.get(b.place.feature, 1) for b in same):
            continue  # "X ... in the Y region": Y only says where X is
        out.append(a)
    return out


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


def _locates_path(a: Argument, args: list[Argument]) -> bool:
    """'via the X crossing in Y province': Y says where the way is, not where they went."""
    return a.gov == "in" and any(
        b.role == "path" and 0 <= b.index < a.index <= b.index + 6
        and (contains(a.place, b.place) or _RANK.get(a.place.feature, 1) > _RANK.get(b.place.feature, 1))
        for b in args)


@lru_cache(maxsize=1)
def _base_nouns() -> frozenset[str]:
    """The one-word nouns of the Base frame ("base", "bases", "garrison")."""
    nouns = event_lexicon().raw["frames"]["Base"].get("nouns", [])
    return frozenset(n for n in nouns if " " not in n)


@lru_cache(maxsize=1)
def _modal_verbs() -> frozenset[str]:
    """Verbs of the modality lists ("stem", "prevent", "seek", "try"): after "to", an infinitive."""
    words = event_lexicon().words
    return frozenset(w for key in ("negating_verbs", "attempt", "hypothetical", "realizing", "directive")
                     for w in words[key] if " " not in w)


@lru_cache(maxsize=1)
def _demonym_units() -> frozenset[str]:
    """Demonyms as count units: "6,000 Lebanese", "33,000 Haitians"."""
    from ..places.lexicon import load_lexicon

    return frozenset(f.lower() for f in load_lexicon().demonyms)


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
