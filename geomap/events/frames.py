"""Sentence frames: for each trigger, one frame with its role-labelled arguments.

A frame holds the trigger (frame name, verb or noun, voice, modality), the places it
governs with their roles (origin, destination, path, location, target, place...), the
agent and theme phrases (token spans), the theme's counts and the day it happened.
Roles come from the frame's preposition table in the lexicon; the word governing each
place comes from the dependency parse when the pipeline has one, else from the shallow
chunker (:mod:`geomap.events.clauses`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Place
from .clauses import PREPOSITIONS, Chunks, Clause, chunk
from .lexicon import EventLexicon, FrameSpec, Trigger, event_lexicon
from .measures import Quantity, read_quantities, read_time
from .sentence import Sentence, contains

__all__ = ["Argument", "Span", "Frame", "build_frames", "find_triggers"]

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "'s", "’s", "'re"})
_LOCATIVE = ("in", "at", "near", "around", "outside", "inside", "on")
_NOUN_MARKERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "'s", "’s", "our", "whose"})
_TERRITORY = frozenset({"territory", "soil", "airspace", "waters", "side", "lands", "land", "border", "borders"})
_TIME_LEAD = frozenset({"earlier", "later", "last", "this", "next", "meanwhile", "however", "yesterday", "today",
                        "overnight", "then", "now", "also", "previously", "recently", "separately", "finally"})
_PRONOUNS = frozenset({"they", "it", "he", "she", "we", "them", "its", "their", "his", "her", "our", "i", "you"})


@dataclass
class Argument:
    """A place filling a role of a frame; ``quantity`` is a count bound to it ("1,000 in X")."""

    role: str
    place: Place
    index: int  # its first token in the sentence (-1 for a place reached by anaphora)
    quantity: Quantity | None = None


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
    modality: str = "asserted"  # asserted | negated | attempt | hypothetical | future
    args: list[Argument] = field(default_factory=list)
    agent: Span | None = None
    theme: Span | None = None
    quantities: list[Quantity] = field(default_factory=list)
    date: str | None = None

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
        found = [(t, e) for t, e in lex.match(s.low, i) if _free(s, i, e)]
        if not found:
            i += 1
            continue
        longest = max(e for _, e in found)
        frames = set()
        for t, e in sorted(found, key=lambda te: (-te[1], te[0].pos != "verb")):
            if e == longest and t.frame not in frames:
                frames.add(t.frame)
                out.append((t, i, e))
        i = longest
    return out


def _free(s: Sentence, start: int, end: int) -> bool:
    if start > 0 and s.glued[start] and s.low[start - 1] == "-":
        return False
    if end < len(s.low) and s.low[end] == "-" and s.glued[end]:
        return False
    return all(s.place_covering(k) is None for k in range(start, end))


def build_frames(s: Sentence, published: date | None, parsed: Any = None) -> list[Frame]:
    """The frames of one sentence (``parsed``: the spaCy Doc when it has a dependency parse)."""
    lex = event_lexicon()
    ch = chunk(s)
    return [_Builder(s, ch, lex, published, parsed).build(t, a, b) for t, a, b in find_triggers(s, lex)]


class _Builder:
    def __init__(self, s: Sentence, ch: Chunks, lex: EventLexicon, published: date | None, parsed: Any):
        self.s, self.ch, self.lex, self.published, self.parsed = s, ch, lex, published, parsed

    def build(self, trig: Trigger, start: int, end: int) -> Frame:
        spec = self.lex.frames[trig.frame]
        if trig.pos == "verb" and start > 0 and self.s.low[start - 1] in _NOUN_MARKERS:
            trig = replace(trig, pos="noun", form="noun")  # "Kyiv's move into Kursk", "the return of"
        f = Frame(spec, trig, start, end, self.s, self.ch.clause(start))
        f.passive = self._passive(trig, start, end)
        f.modality = self._modality(f)
        subject = self.subject(self.ch.clause_of[start], before=start)
        f.agent = self._agent(f, subject)
        f.theme = self._theme(f, subject)
        f.quantities = self._quantities(f)
        f.args = self._arguments(f, subject)
        f.date = self._date(self.ch.clause_of[start])
        if self.parsed is not None:
            _refine_with_parse(f, self.parsed)
        return f

    # -- voice and modality ----------------------------------------------------------
    def _passive(self, trig: Trigger, start: int, end: int) -> bool:
        low = self.s.low
        if trig.pos == "pattern":
            return False
        if trig.pos != "verb" or trig.form != "past":
            return False
        k = start - 1
        while k >= 0 and low[k] in self.lex.words["adverbs"]:
            k -= 1
        if k >= 0 and low[k] in _BE:
            return True
        after = [w for w in low[end:end + 3] if w not in self.lex.words["adverbs"]]
        return bool(after) and after[0] == "by" and (k < 0 or low[k] in (",", "and") or not self.ch.verbish[k])

    def _modality(self, f: Frame) -> str:
        s, words = self.s, self.lex.words
        low = s.low
        c = f.clause
        window = low[max(c.start, f.start - 5):f.start]
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
        if any(w in words["negating_verbs"] for w in head):
            return "negated"
        if any(w in words["attempt"] for w in head) or (f.start > 0 and low[f.start - 1] in ("attempted", "failed")):
            return "attempt"
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
            gov = low[j] if j >= 0 else ""
            prev2 = " ".join(low[max(0, j - 1):j + 1])
            if gov in words["realizing"] or prev2 in words["realizing"] or self._forced(k):
                return []
            out.append(gov if gov else "want")
            if gov not in words["attempt"] and gov not in words["negating_verbs"] and prev2 not in words["attempt"]:
                out.append("want")  # an infinitive of purpose or intention: not (yet) an event
            return out
        if (f.trigger.form in ("ing", "noun") or f.trigger.pos == "noun") and k >= 0 and (
                low[k] in words["hypothetical"] or low[k] in words["attempt"] or low[k] in words["negating_verbs"]):
            out.append(low[k])  # "considered setting up camps", "denied capturing", "threatening attacks"
        for t in range(f.start - 1, max(f.clause.start, f.start - 15) - 1, -1):
            if low[t] in (".", ";"):
                break
            if low[t] == "to" and t > 0 and (low[t - 1] in words["hypothetical"] or " ".join(low[max(0, t - 3):t]).endswith(
                    ("called on", "urged", "asked"))):
                out.append(low[t - 1])  # "called on them to cease hostilities and sit for talks"
                break
        if f.trigger.form == "ing" or f.trigger.pos == "noun":
            prev = low[k] if k >= 0 else ""
            if prev in ("on", "at", "of", "in", "for", "to") and k > 0 and low[k - 1] in words["hypothetical"] | words["attempt"]:
                out.append(low[k - 1])
            if prev in words["determiners"] or prev in PREPOSITIONS:
                j = k - 1
                while j >= 0 and (low[j] in words["determiners"] or low[j] in ("a", "an", "the", "their", "its")):
                    j -= 1
                if j >= 0 and (low[j] in words["attempt"] or low[j] in words["negating_verbs"]
                               or low[j] in ("bid", "attempt", "attempts", "efforts", "effort", "drive", "plan", "plans",
                                             "threat", "threats", "goal", "aim", "prepare", "preparing")):
                    out.append(low[j])
        # a clause reported by a negating verb: "dismissed reports militants had overrun X"
        for k in range(max(0, f.clause.start - 8), f.clause.start):
            if low[k] in words["negating_verbs"] and low[k] not in ("repelled", "repelling", "repel", "repulse", "repulsed"):
                out.append(low[k])
        for k in range(f.clause.start, f.start):
            if low[k] in words["negating_verbs"] and f.clause.kind != "relative":
                out.append(low[k])
        return out

    def _forced(self, to_index: int) -> bool:
        """'forcing thousands of people to flee', 'forced its president ... to flee'."""
        low = self.s.low
        return any(low[j] in ("forced", "forcing", "forces", "prompting", "prompted", "compelled", "pushed", "pushing",
                              "causing", "caused", "sending", "sent", "leaving", "left")
                   for j in range(max(0, to_index - 10), to_index))

    # -- subject, agent, theme ---------------------------------------------------------
    def subject(self, idx: int, before: int | None = None, depth: int = 0) -> Span | None:
        """The subject phrase of clause ``idx`` (shared from its host when it has none)."""
        ch, s, words = self.ch, self.s, self.lex.words
        c = ch.clauses[idx]
        low = s.low
        start = c.start
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
        if v == start:
            if c.host is not None and depth < 3:
                return self.subject(c.host, depth=depth + 1)
            return None
        for a, b in self._comma_chunks(start, v):
            while a < b and (low[a] in _TIME_LEAD or low[a] in words["vague_times"] or low[a] in words["weekdays"]):
                a += 1  # "Earlier this month more than 1,000 troops ..."
            counted = a + 1 < b and _numeric(low[a + 1]) or low[a] in ("some", "about", "around", "over", "nearly")
            if a >= b or (low[a] in PREPOSITIONS or low[a] in words["adverbs"]) and not counted \
                    or low[a] in words["reporting_verbs"]:
                continue
            if low[a].endswith("ing") and low[a] not in ("king",) and s.tokens[a][:1].isupper() and a == c.start:
                continue  # "Facing attacks by ..., they are fleeing": a participle, not the subject
            if b - a == 1 and low[a] in _PRONOUNS and c.kind == "complement" and c.host is not None and depth < 3:
                host = self.subject(c.host, depth=depth + 1)  # "X said they had seized": they = X
                if host is not None:
                    return host
            return Span(a, b)
        if c.host is not None and depth < 3:
            return self.subject(c.host, depth=depth + 1)
        return None

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
        if agent_preps:
            for k in range(f.end, f.clause.end):
                if low[k] in agent_preps:
                    span = self._np_after(k + 1, f.clause.end)
                    if span is not None:
                        return span
                if self.ch.verbish[k] and k > f.end + 1:
                    break
        if f.trigger.pos in ("noun", "pattern"):
            mod = self._modifier_agent(f.start) if f.trigger.pos == "noun" else None
            if mod is not None:
                return mod
            if self._after_light_verb(f.start) or f.trigger.pos == "pattern":
                return subject
            return None
        if f.spec.subject_role == "place":
            return None
        return None if f.passive else subject

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
            if j > 0:
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
        if spec.object_is_theme and not f.passive:
            if f.trigger.pos == "verb":
                span = self._np_after(f.end, f.clause.end)
                if span is not None and self.s.place_covering(span.start) is None:
                    return span
            else:
                if f.end < len(low) and low[f.end] == "of":
                    return self._np_after(f.end + 1, f.clause.end)
        if f.trigger.pos == "noun" and f.end < len(low) and low[f.end] == "of":
            return self._np_after(f.end + 1, f.clause.end)
        return subject

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
            if s.is_possessive(j) and not self._possessive_location(j):
                continue
            if self._modifies_people(j) and spec.kind != "movement" and not (j < f.start and f.passive):
                continue  # "100,000 US troops", "US forces started a withdrawal"
            if ch.aside[j] and not self._list_aside(j):
                continue
            role = self._role(f, j, subject)
            if role is None:
                continue
            gov, gi = ch.governor(j)
            q = self._bound_count(gi) if gi >= 0 else None
            out.append(Argument(role, s.places[j], j, q))
        for j in sorted(s.demonyms):  # "entered Syrian territory", "the Turkish side of the border"
            end = s.place_end[j]
            if clause.start <= j < hi and end < len(s.low) and s.low[end] in _TERRITORY and j >= f.end:
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
        return _drop_containers(out)

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
        if f.spec.kind == "movement" and nxt is not None and nxt.kind == "participle" and any(
                t.frame in ("Fleeing", "Arriving", "Departing", "Traversing")
                for t, _ in self.lex.match(low, nxt.start)):
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
                if f.trigger.pos in ("noun", "pattern") or self._after_clause_verb(f, j):
                    return None
                return spec.object_role
            return spec.roles.get(gov)
        # before the trigger
        gov, gi = ch.governor(j)
        if gov == "" and f.trigger.pos == "noun" and self._modifies(j, f.start):
            return spec.roles.get("in")  # "the Dushanbe meeting"
        if f.trigger.pos == "noun" and gov in _LOCATIVE and self._leads_to(j, f.start):
            return spec.roles.get(gov)  # "journalists near the Hsinchu air force base"
        in_subject = subject is not None and subject.start <= j < subject.end
        if in_subject and gov in _LOCATIVE and spec.kind in ("displacement", "attack") and f.trigger.pos == "verb":
            return spec.roles.get(gov)  # "The war in Sudan has forced millions from their homes"
        if in_subject and gov == "from" and spec.kind == "movement":
            return "origin"  # "350 refugees from Afghanistan had crossed"
        if in_subject:
            if spec.subject_role:
                return spec.subject_role
            if f.passive or f.trigger.pos == "pattern":
                return spec.subject_passive or spec.object_role
            if self._modifies_people(j):
                return "origin" if spec.kind == "movement" else None
            return None
        if gov == "of-place":
            return None
        if gov == "" and f.trigger.pos == "pattern":
            return spec.object_role  # "brought Afghanistan under its control"
        if gov in _LOCATIVE and f.trigger.pos != "pattern":
            return spec.roles.get(gov) if spec.roles.get(gov) in ("location", "target", "origin") else None
        if gov == "" and self._modifies_people(j) and spec.kind == "movement":
            return "origin"  # "Tigray refugees crossed"
        return None

    def _noun_phrase_ends(self, a: int, j: int) -> bool:
        low = self.s.low
        return any(self.ch.verbish[k] or (low[k] == "," and not self.ch._list_comma(k) and not self.ch.aside[k])
                   for k in range(a, j))

    def _including_role(self, f: Frame, gi: int) -> str | None:
        """'seven adjacent regions, including Kalbajar': the list extends the noun before it;
        after a clause with no such noun ("as troops withdraw, including X") it extends the
        main clause's object."""
        low = self.s.low
        k = gi - 1
        while k >= 0 and low[k] in (",",):
            k -= 1
        noun = low[k] if k >= 0 else ""
        placeish = noun in self.lex.words["transparent"] or noun.endswith(("areas", "regions", "towns", "villages"))
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
            if self.ch.verbish[k] and low[k] not in self.lex.words["auxiliaries"]:
                return not (low[k - 1] == "to" and f.spec.kind == "military_activity")
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

    def _possessive_location(self, j: int) -> bool:
        """'Ream's new pier', 'Damasak's garrison', 'Goma's airport': a town's facility is
        where things happen; a country's ("Russia's base") is its owner."""
        s = self.s
        if s.places[j].feature in ("country", "adm1", "region"):
            return False
        end = s.place_end[j] + 1
        nxt = s.low[end:end + 3]
        return any(w in self.lex.words["transparent"] or w in ("pier", "garrison", "airfield", "harbour", "harbor")
                   for w in nxt)

    def _modifies_people(self, j: int) -> bool:
        s = self.s
        end = s.place_end[j]
        return end < len(s.low) and (s.low[end] in self.lex.agent_class or s.low[end] in self.lex.words["people_nouns"])

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


def _drop_containers(args: list[Argument]) -> list[Argument]:
    """Keep the innermost place of each role: never the province of a named town."""
    out = []
    for a in args:
        inner = [b for b in args if b is not a and b.role == a.role and contains(a.place, b.place)]
        if not inner:
            out.append(a)
    return out


@lru_cache(maxsize=1)
def _demonym_units() -> frozenset[str]:
    """Demonyms as count units: "6,000 Lebanese", "33,000 Haitians"."""
    from ..places.lexicon import load_lexicon

    return frozenset(f.lower() for f in load_lexicon().demonyms)


def _refine_with_parse(f: Frame, doc: Any) -> None:
    """With a dependency parse, the subject and the 'by' agent come from the arcs."""
    s = f.s
    tok = doc[s.start + f.start]
    head = tok
    for child in head.children:
        if child.dep_ in ("nsubj",) and not f.passive and f.trigger.pos == "verb":
            a, b = child.left_edge.i - s.start, child.right_edge.i + 1 - s.start
            if 0 <= a < b <= len(s):
                f.agent = Span(a, b)
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                a, b = objs[0].left_edge.i - s.start, objs[0].right_edge.i + 1 - s.start
                if 0 <= a < b <= len(s):
                    f.agent = Span(a, b)
